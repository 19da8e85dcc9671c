#include "access/contact_plan_builder.hpp"

#include <algorithm>
#include <cassert>
#include <string>

#include "access/look_angles.hpp"
#include "access/sun.hpp"
#include "core/units.hpp"

namespace lagrange::access {
namespace {

Node satellite_node(const orbit::Satellite& s) {
  const auto& e = s.elements();
  return {e.name.empty() ? std::to_string(e.norad_id) : e.name, NodeKind::kSatellite, e.norad_id};
}

// Elevation and range of a satellite from a station, exact (scalar SGP4).
struct Look {
  bool ok = false;
  double elevation_deg = 0.0;
  double range_km = 0.0;
};

Look look_at(const Ephemeris& e, size_t sat, const Topocentric& site, Instant t) {
  EphemerisState state;
  if (e.at(sat, t, state) != orbit::Sgp4Error::kNone) return {};
  const LookAngles a = site.look(state.itrf);
  return {true, a.elevation_deg, a.range_km};
}

// The instant in [lo, hi] where elevation crosses `level`, given it is monotonic there.
Instant elevation_crossing(const Ephemeris& e, size_t sat, const Topocentric& site, Instant lo,
                           Instant hi, double level, Duration tol) {
  const bool lo_above = look_at(e, sat, site, lo).elevation_deg >= level;
  while (hi - lo > tol) {
    const Instant mid = lo + (hi - lo) / 2;
    if ((look_at(e, sat, site, mid).elevation_deg >= level) == lo_above) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo + (hi - lo) / 2;
}

void add_pass_contacts(const Ephemeris& e, const Pass& pass, const GroundStation& station,
                       const Topocentric& site, NodeIndex sat_node, NodeIndex station_node,
                       Duration tol, std::vector<Contact>& out) {
  if (pass.los <= pass.aos) return;
  auto owlt_over = [&](Instant a, Instant b) {
    const double range = std::max(look_at(e, pass.satellite, site, a).range_km,
                                  look_at(e, pass.satellite, site, b).range_km);
    return one_way_light_time_s(range);
  };
  // Uplink over the whole pass.
  out.push_back({station_node, sat_node, pass.aos, pass.los, station.uplink_rate_bps,
                 owlt_over(pass.aos, pass.los), ContactKind::kGroundToSatellite});
  // Downlink, split at the rate table's elevation steps.
  std::vector<Instant> cuts{pass.aos, pass.los};
  for (const RateStep& step : station.downlink_rate_table) {
    if (step.elevation_deg >= pass.max_elevation_deg) continue;
    if (look_at(e, pass.satellite, site, pass.aos).elevation_deg < step.elevation_deg) {
      cuts.push_back(
          elevation_crossing(e, pass.satellite, site, pass.aos, pass.tca, step.elevation_deg, tol));
    }
    if (look_at(e, pass.satellite, site, pass.los).elevation_deg < step.elevation_deg) {
      cuts.push_back(
          elevation_crossing(e, pass.satellite, site, pass.tca, pass.los, step.elevation_deg, tol));
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<Contact> pieces;
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    const Instant mid = cuts[k] + (cuts[k + 1] - cuts[k]) / 2;
    const double rate =
        station.downlink_rate_bps_at(look_at(e, pass.satellite, site, mid).elevation_deg);
    if (!pieces.empty() && pieces.back().rate_bps == rate && pieces.back().end == cuts[k]) {
      pieces.back().end = cuts[k + 1];
    } else {
      pieces.push_back({sat_node, station_node, cuts[k], cuts[k + 1], rate, 0.0,
                        ContactKind::kSatelliteToGround});
    }
  }
  for (Contact& c : pieces) {
    if (c.rate_bps <= 0.0) continue;
    c.owlt_s = owlt_over(c.start, c.end);
    out.push_back(c);
  }
}

Status add_ground_contacts(const Ephemeris& e, std::span<const GroundStation> stations,
                           Instant start, Instant end, const ContactPlanOptions& o,
                           ContactPlan& plan) {
  PassOptions po = o.passes;
  po.step = o.step;
  po.eop = o.eop;
  po.threads = o.threads;
  auto report = find_passes(e, stations, start, end, po);
  if (!report) return report.error();
  std::vector<Topocentric> sites;
  for (const auto& s : stations) sites.emplace_back(s.geodetic());
  const auto n_sat = static_cast<NodeIndex>(e.satellite_count());
  for (const Pass& p : report->passes) {
    add_pass_contacts(
        e, p, stations[p.station], sites[p.station], static_cast<NodeIndex>(p.satellite),
        n_sat + static_cast<NodeIndex>(p.station), o.passes.time_tolerance, plan.contacts);
  }
  return ok_status();
}

Status add_isl_contacts(const Ephemeris& e, std::span<const GridSlot> slots, Instant start,
                        Instant end, const ContactPlanOptions& o, ContactPlan& plan) {
  auto windows = find_link_windows(e, slots, start, end, o.isl);
  if (!windows) return windows.error();
  for (const LinkWindow& w : *windows) {
    const double rate = o.isl.terminal.rate_at_range_bps(w.max_range_km);
    const double owlt = one_way_light_time_s(w.max_range_km);
    plan.contacts.push_back({w.a, w.b, w.start, w.end, rate, owlt, ContactKind::kInterSatellite});
    plan.contacts.push_back({w.b, w.a, w.start, w.end, rate, owlt, ContactKind::kInterSatellite});
  }
  return ok_status();
}

// In ITRF, on the stored track and its Hermite interpolation (sub-metre at a 60 s grid, so
// boundary times move by < 1 ms against exact SGP4), which is ~ 100x cheaper than SGP4.
void add_eclipses(const Ephemeris& e, Instant start, Instant end, const ContactPlanOptions& o,
                  ContactPlan& plan) {
  const TimeGrid& grid = e.grid();
  const Duration sun_step = std::min(grid.step, Duration::minutes(1));
  const SunTable sun(grid.start, grid.last(), sun_step, SunFrame::kItrf, o.eop);
  std::vector<Instant> times(grid.count);
  for (size_t i = 0; i < grid.count; ++i) times[i] = grid.time(i);
  const auto n = static_cast<int64_t>(e.satellite_count());
  std::vector<std::vector<EclipseInterval>> per_sat(e.satellite_count());
#pragma omp parallel for schedule(dynamic, 16)
  for (int64_t s = 0; s < n; ++s) {
    const auto sat = static_cast<size_t>(s);
    bool all_valid = true;
    for (size_t i = 0; i < grid.count && all_valid; ++i) all_valid = e.valid(sat, i);
    if (!all_valid) continue;
    const PositionAt position_at = [&](Instant t) {
      orbit::ItrfState st;
      const Instant clamped = std::clamp(t, grid.start, grid.last());
      if (!e.interpolate_itrf(sat, clamped, st)) return e.r_itrf_km(sat, 0);
      return st.r_km;
    };
    auto found = find_eclipses(static_cast<NodeIndex>(sat), times, e.r_itrf_track_km(sat),
                               position_at, sun, o.eclipse);
    for (auto& iv : found) {
      iv.start = std::max(iv.start, start);
      iv.end = std::min(iv.end, end);
      if (iv.start < iv.end) per_sat[sat].push_back(iv);
    }
  }
  for (auto& v : per_sat) plan.eclipses.insert(plan.eclipses.end(), v.begin(), v.end());
}

Status check_window(Instant start, Instant end) {
  if (end > start) return ok_status();
  return Error{"contact plan: window end " + format_iso8601(end) + " is not after start " +
               format_iso8601(start)};
}

}  // namespace

Result<ContactPlan> build_contact_plan(std::vector<orbit::Satellite> satellites,
                                       std::span<const GridSlot> slots,
                                       std::span<const GroundStation> stations, Instant start,
                                       Instant end, const ContactPlanOptions& options) {
  if (Status window = check_window(start, end); !window) return window.error();
  auto grid = TimeGrid::covering(start, end, options.step);
  if (!grid) return prefixed(grid.error(), "contact plan");
  EphemerisOptions eo;
  eo.store_itrf_velocity = true;
  eo.store_teme_position = false;  // eclipses are solved in ITRF
  eo.eop = options.eop;
  eo.threads = options.threads;
  const Ephemeris ephemeris = Ephemeris::compute(std::move(satellites), *grid, eo);
  return build_contact_plan(ephemeris, slots, stations, start, end, options);
}

Result<ContactPlan> build_contact_plan(const Ephemeris& ephemeris, std::span<const GridSlot> slots,
                                       std::span<const GroundStation> stations, Instant start,
                                       Instant end, const ContactPlanOptions& options) {
  if (Status window = check_window(start, end); !window) return window.error();
  assert(ephemeris.has_itrf_velocity());
  assert(ephemeris.grid().step == options.step);
  assert(ephemeris.grid().start <= start && ephemeris.grid().last() >= end);
  ContactPlan plan;
  plan.window_start = start;
  plan.window_end = end;
  for (const auto& s : ephemeris.satellites()) plan.nodes.push_back(satellite_node(s));
  for (const auto& st : stations) plan.nodes.push_back({st.name, NodeKind::kGroundStation, 0});

  if (options.ground && !stations.empty()) {
    if (auto st = add_ground_contacts(ephemeris, stations, start, end, options, plan); !st) {
      return st.error();
    }
  }
  if (options.isl.policy != IslPolicy::kNone) {
    if (auto st = add_isl_contacts(ephemeris, slots, start, end, options, plan); !st) {
      return st.error();
    }
  }
  if (options.eclipses) add_eclipses(ephemeris, start, end, options, plan);
  canonicalize(plan);
  return plan;
}

}  // namespace lagrange::access
