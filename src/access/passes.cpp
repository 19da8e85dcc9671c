#include "access/passes.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "access/internal/brent.hpp"
#include "access/look_angles.hpp"
#include "core/units.hpp"

namespace lagrange::access {
namespace {

// Elevation is handled as f = sin(elevation) - sin(mask): same sign and same extrema as
// elevation - mask, without an asin per sample.
struct Sample {
  double t_s = 0.0;  // seconds since the window start
  double f = 0.0;
  double f_rate = 0.0;  // df/dt, 1/s
  bool valid = false;
};

constexpr size_t kChunkBytes = 64u << 20;
constexpr size_t kBytesPerSample = 2 * sizeof(Vec3) + sizeof(orbit::Sgp4Error);

// Finds the passes of one satellite over one station.
class PairScanner {
 public:
  PairScanner(const Ephemeris& ephemeris, size_t sat, const Topocentric& topo, double mask_deg,
              Instant start, Instant end, const PassOptions& options)
      : eph_(ephemeris),
        sat_(sat),
        topo_(topo),
        sin_mask_(std::sin(deg_to_rad(mask_deg))),
        start_(start),
        end_s_((end - start).to_seconds()),
        tolerance_s_(options.time_tolerance.to_seconds()),
        margin_(deg_to_rad(options.grazing_margin_deg)),
        exact_(options.exact_refinement) {
    const TimeGrid& grid = eph_.grid();
    const int64_t step_ns = grid.step.ns();
    const int64_t from_grid_start_ns = (start - grid.start).ns();
    first_index_ = static_cast<size_t>((from_grid_start_ns + step_ns - 1) / step_ns);
  }

  void scan(size_t station, std::vector<Pass>& out);

 private:
  Sample grid_sample(size_t i) const {
    Sample s;
    s.t_s = (eph_.grid().time(i) - start_).to_seconds();
    s.valid = eph_.valid(sat_, i);
    if (!s.valid) return s;
    topo_.sin_elevation_and_rate(eph_.r_itrf_km(sat_, i), eph_.v_itrf_km_s(sat_, i), s.f, s.f_rate);
    s.f -= sin_mask_;
    return s;
  }

  Sample evaluate(double t_s) const {
    Sample s;
    s.t_s = t_s;
    const Instant t = start_ + Duration::from_seconds(t_s);
    orbit::ItrfState itrf;
    if (exact_) {
      EphemerisState state;
      s.valid = eph_.at(sat_, t, state) == orbit::Sgp4Error::kNone;
      itrf = state.itrf;
    } else {
      s.valid = eph_.interpolate_itrf(sat_, t, itrf);
    }
    if (!s.valid) return s;
    topo_.sin_elevation_and_rate(itrf.r_km, itrf.v_km_s, s.f, s.f_rate);
    s.f -= sin_mask_;
    return s;
  }

  // Where f crosses zero between a and b (f(a), f(b) of opposite signs or zero).
  double crossing(const Sample& a, const Sample& b) const {
    auto f = [this](double t) { return evaluate(t).f; };
    return internal::brent_root(f, a.t_s, b.t_s, a.f, b.f, tolerance_s_);
  }

  // The extremum of f between a and b where f_rate changes sign.
  Sample extremum(const Sample& a, const Sample& b) const {
    auto rate = [this](double t) { return evaluate(t).f_rate; };
    return evaluate(internal::brent_root(rate, a.t_s, b.t_s, a.f_rate, b.f_rate, tolerance_s_));
  }

  // The culmination of a pass [aos, los] whose highest scanned point is `best`.
  Sample culmination(double aos_s, double los_s, const Sample& best) const {
    const double h = eph_.grid().step.to_seconds();
    const Sample a = evaluate(std::max(aos_s, best.t_s - h));
    const Sample b = evaluate(std::min(los_s, best.t_s + h));
    if (a.valid && b.valid && a.f_rate > 0.0 && b.f_rate < 0.0) return extremum(a, b);
    // Elevation monotonic in the bracket: the highest end (a pass cut by the window).
    return a.f >= b.f ? a : b;
  }

  // Upper bound of f between two samples with f_rate + then -, from the tangent lines at
  // both ends (exact for concave f, which elevation is near a maximum).
  static double tangent_peak(const Sample& a, const Sample& b) {
    const double h = b.t_s - a.t_s;
    const double x = std::clamp((b.f - a.f - b.f_rate * h) / (a.f_rate - b.f_rate), 0.0, h);
    return a.f + a.f_rate * x;
  }

  void emit(size_t station, double aos_s, double los_s, const Sample& tca, bool aos_clipped,
            bool los_clipped, std::vector<Pass>& out) const {
    Pass p;
    p.satellite = sat_;
    p.station = station;
    p.norad_id = eph_.satellite(sat_).elements().norad_id;
    p.aos = start_ + Duration::from_seconds(aos_s);
    p.los = start_ + Duration::from_seconds(los_s);
    p.tca = start_ + Duration::from_seconds(std::clamp(tca.t_s, aos_s, los_s));
    p.max_elevation_deg = rad_to_deg(std::asin(std::clamp(tca.f + sin_mask_, -1.0, 1.0)));
    p.aos_clipped = aos_clipped;
    p.los_clipped = los_clipped;
    out.push_back(p);
  }

  const Ephemeris& eph_;
  size_t sat_;
  const Topocentric& topo_;
  double sin_mask_;
  Instant start_;
  double end_s_;
  double tolerance_s_;
  double margin_;
  bool exact_;
  size_t first_index_ = 0;
};

void PairScanner::scan(size_t station, std::vector<Pass>& out) {
  const TimeGrid& grid = eph_.grid();
  Sample prev = evaluate(0.0);
  bool up = prev.valid && prev.f > 0.0;
  double aos_s = 0.0;
  bool aos_clipped = up;
  Sample best = prev;
  size_t i = first_index_;
  // The window start, the grid samples strictly inside, the window end.
  if (i < grid.count && grid.time(i) == start_) ++i;
  bool done = false;
  while (!done) {
    Sample cur;
    if (i < grid.count && (grid.time(i) - start_).to_seconds() < end_s_) {
      cur = grid_sample(i++);
    } else {
      cur = evaluate(end_s_);
      done = true;
    }
    if (!prev.valid || !cur.valid) {
      // SGP4 failed: the satellite counts as invisible; a pass ends at its last good point.
      if (up && prev.valid) emit(station, aos_s, prev.t_s, best, aos_clipped, false, out);
      up = false;
    } else if (!up && cur.f > 0.0) {
      aos_s = crossing(prev, cur);
      aos_clipped = false;
      up = true;
      best = cur;
    } else if (up && cur.f <= 0.0) {
      const double los_s = crossing(prev, cur);
      emit(station, aos_s, los_s, culmination(aos_s, los_s, best), aos_clipped, false, out);
      up = false;
    } else if (!up) {
      // Both below: a grazing pass may rise and set between the samples.
      if (prev.f_rate > 0.0 && cur.f_rate <= 0.0 &&
          std::max(tangent_peak(prev, cur), std::max(prev.f, cur.f)) > -margin_) {
        const Sample peak = extremum(prev, cur);
        if (peak.valid && peak.f > 0.0) {
          emit(station, crossing(prev, peak), crossing(peak, cur), peak, false, false, out);
        }
      }
    } else {
      // Both above: the elevation may dip below the mask between the samples.
      if (prev.f_rate < 0.0 && cur.f_rate >= 0.0) {
        Sample low_prev = prev;
        Sample low_cur = cur;
        low_prev.f = -prev.f;
        low_prev.f_rate = -prev.f_rate;
        low_cur.f = -cur.f;
        low_cur.f_rate = -cur.f_rate;
        if (std::max(tangent_peak(low_prev, low_cur), std::max(low_prev.f, low_cur.f)) > -margin_) {
          const Sample dip = extremum(prev, cur);
          if (dip.valid && dip.f <= 0.0) {
            const double los_s = crossing(prev, dip);
            emit(station, aos_s, los_s, culmination(aos_s, los_s, best), aos_clipped, false, out);
            aos_s = crossing(dip, cur);
            aos_clipped = false;
            best = cur;
          }
        }
      }
      if (cur.f > best.f) best = cur;
    }
    prev = cur;
  }
  if (up) emit(station, aos_s, end_s_, culmination(aos_s, end_s_, best), aos_clipped, true, out);
}

void collect_failures(const Ephemeris& eph, Instant start, Instant end, size_t offset,
                      std::vector<PropagationFailure>& out) {
  const TimeGrid& grid = eph.grid();
  for (size_t s = 0; s < eph.satellite_count(); ++s) {
    for (size_t i = 0; i < grid.count; ++i) {
      const Instant t = grid.time(i);
      if (t < start || t > end + grid.step || eph.valid(s, i)) continue;
      out.push_back({s + offset, t, eph.error(s, i)});
      break;
    }
  }
}

}  // namespace

Status validate_pass_window(Instant start, Instant end, const PassOptions& options) {
  if (end <= start) {
    return Error{"window end " + format_iso8601(end) + " is not after its start " +
                 format_iso8601(start)};
  }
  if (options.step <= Duration{}) return Error{"pass search step must be positive"};
  if (options.time_tolerance <= Duration{}) return Error{"time tolerance must be positive"};
  if (options.min_elevation_deg &&
      !(*options.min_elevation_deg >= 0.0 && *options.min_elevation_deg < 90.0)) {
    return Error{"minimum elevation " + std::to_string(*options.min_elevation_deg) +
                 " deg is outside [0, 90)"};
  }
  return ok_status();
}

Result<PassReport> find_passes(const Ephemeris& ephemeris, std::span<const GroundStation> stations,
                               Instant start, Instant end, const PassOptions& options,
                               size_t satellite_offset) {
  if (Status s = validate_pass_window(start, end, options); !s) return s.error();
  const TimeGrid& grid = ephemeris.grid();
  if (grid.count == 0 || grid.start > start || grid.last() < end ||
      !ephemeris.has_itrf_velocity()) {
    return Error{"ephemeris grid does not cover the pass window or lacks ITRF velocities"};
  }
  std::vector<Topocentric> topos;
  std::vector<double> masks_deg;
  for (const GroundStation& st : stations) {
    topos.emplace_back(st.geodetic());
    masks_deg.push_back(options.min_elevation_deg.value_or(st.elevation_mask_deg));
  }
  const size_t n_sat = ephemeris.satellite_count();
  std::vector<std::vector<Pass>> per_satellite(n_sat);
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
  for (size_t s = 0; s < n_sat; ++s) {
    for (size_t k = 0; k < stations.size(); ++k) {
      PairScanner scanner(ephemeris, s, topos[k], masks_deg[k], start, end, options);
      scanner.scan(k, per_satellite[s]);
    }
  }
  PassReport report;
  for (size_t s = 0; s < n_sat; ++s) {
    for (Pass p : per_satellite[s]) {
      p.satellite += satellite_offset;
      report.passes.push_back(p);
    }
  }
  collect_failures(ephemeris, start, end, satellite_offset, report.propagation_failures);
  sort_passes(report.passes, stations);
  return report;
}

Result<PassReport> find_passes(std::span<const orbit::Satellite> satellites,
                               std::span<const GroundStation> stations, Instant start, Instant end,
                               const PassOptions& options) {
  if (Status s = validate_pass_window(start, end, options); !s) return s.error();
  auto grid = TimeGrid::covering(start, end, options.step);
  if (!grid) return grid.error();
  size_t chunk = options.satellites_per_chunk;
  if (chunk == 0) chunk = std::max<size_t>(1, kChunkBytes / (grid->count * kBytesPerSample));
  EphemerisOptions eph_options;
  eph_options.eop = options.eop;
  eph_options.threads = options.threads;
  PassReport report;
  for (size_t first = 0; first < satellites.size(); first += chunk) {
    const auto part = satellites.subspan(first, std::min(chunk, satellites.size() - first));
    const Ephemeris eph = Ephemeris::compute({part.begin(), part.end()}, *grid, eph_options);
    auto found = find_passes(eph, stations, start, end, options, first);
    if (!found) return found.error();
    report.passes.insert(report.passes.end(), found->passes.begin(), found->passes.end());
    report.propagation_failures.insert(report.propagation_failures.end(),
                                       found->propagation_failures.begin(),
                                       found->propagation_failures.end());
  }
  sort_passes(report.passes, stations);
  return report;
}

void sort_passes(std::vector<Pass>& passes, std::span<const GroundStation> stations) {
  std::sort(passes.begin(), passes.end(), [&](const Pass& a, const Pass& b) {
    return std::forward_as_tuple(a.aos, a.norad_id, stations[a.station].name, a.satellite,
                                 a.station, a.los) <
           std::forward_as_tuple(b.aos, b.norad_id, stations[b.station].name, b.satellite,
                                 b.station, b.los);
  });
}

}  // namespace lagrange::access
