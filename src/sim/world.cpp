#include "sim/world.hpp"

#include <algorithm>

#include "access/contact_plan_builder.hpp"
#include "access/ground_network.hpp"
#include "access/topology.hpp"
#include "orbit/frames.hpp"
#include "sim/run.hpp"

namespace lagrange::sim {
namespace {

// Systematic imaging is cut into scenes of at most this much ground track time: short enough
// that storage fills gradually, long enough to keep the event count modest.
constexpr Duration kSceneLength = Duration::seconds(60);
// The ground processes bent-pipe data on a data-centre GPU.
constexpr std::string_view kGroundAccelerator = "h100-sxm";

Result<std::vector<orbit::Satellite>> make_satellites(const scenario::Scenario& s) {
  std::vector<orbit::Satellite> out;
  out.reserve(s.satellites.size());
  for (const auto& entry : s.satellites) {
    auto sat = orbit::Satellite::create(entry.elements);
    if (!sat) return prefixed(sat.error(), s.name);
    out.push_back(std::move(*sat));
  }
  return out;
}

std::vector<access::GridSlot> grid_slots(const scenario::Scenario& s) {
  const bool all_have_slots = std::all_of(s.satellites.begin(), s.satellites.end(),
                                          [](const auto& e) { return e.slot.has_value(); });
  std::vector<access::GridSlot> slots;
  if (all_have_slots) {
    for (const auto& e : s.satellites) slots.push_back(*e.slot);
    return slots;
  }
  std::vector<orbit::ElementSet> sets;
  for (const auto& e : s.satellites) sets.push_back(e.elements);
  return access::grid_slots_from_elements(sets);
}

// One terminal type serves the whole plan (the access layer's model): the first class with
// laser terminals; none: no laser links.
access::ContactPlanOptions plan_options(const scenario::Scenario& s) {
  access::ContactPlanOptions o;
  o.step = s.step;
  o.isl.policy = access::IslPolicy::kNone;
  for (const auto& c : s.classes) {
    if (c.lasers.count <= 0) continue;
    o.isl.policy = s.isl.policy;
    o.isl.terminal = c.lasers;
    o.isl.cross_plane_max_abs_latitude_deg = s.isl.cross_plane_max_abs_latitude_deg;
    o.isl.nearest_candidates = static_cast<size_t>(std::max(0, s.isl.nearest_candidates));
    break;
  }
  return o;
}

Result<SatelliteModel> make_model(const scenario::SatelliteClass& c,
                                  const compute::Catalog& catalog) {
  SatelliteModel m;
  auto family = catalog.family(c.accelerator.spec.family);
  if (!family) return prefixed(family.error(), "class " + c.name);
  m.device = compute::Device{c.accelerator.spec, *family};
  m.int8_ops_per_s = compute::peak_ops_per_s(c.accelerator.spec, compute::ComputePath::kInt8) *
                     family->compute_efficiency;
  m.idle_w = c.accelerator.idle_w;
  m.busy_w = c.accelerator.busy_w;
  m.bus_w = c.bus_w;
  m.transmit_w = c.radio.transmit_w;
  m.laser_terminal_w = c.laser_terminal_w;
  m.downlink_rate_bps = c.radio.downlink_rate_bps;
  m.storage_bytes = c.storage_bytes;
  m.power = c.power;
  m.imager = c.imager;
  return m;
}

std::vector<std::vector<IlluminationChange>> illumination_timelines(const access::ContactPlan& plan,
                                                                    size_t satellites,
                                                                    Instant start) {
  std::vector<std::vector<IlluminationChange>> out(satellites);
  for (auto& t : out) t.push_back({start, 1.0});
  // Eclipses are sorted by (satellite, start); umbra and penumbra intervals abut.
  for (const auto& e : plan.eclipses) {
    auto& t = out[e.satellite];
    const double lit = e.kind == access::ShadowKind::kUmbra ? 0.0 : penumbra_illumination(e);
    if (e.start <= t.back().start) {
      t.back().illumination = lit;
    } else {
      t.push_back({e.start, lit});
    }
    t.push_back({e.end, 1.0});
  }
  return out;
}

std::vector<access::ImagerGeometry> imager_geometry(const std::vector<SatelliteModel>& sats) {
  std::vector<access::ImagerGeometry> out(sats.size());
  for (size_t i = 0; i < sats.size(); ++i) {
    if (!sats[i].imager) continue;
    out[i].swath_km = sats[i].imager->swath_km;
    out[i].min_sun_elevation_deg = sats[i].imager->min_sun_elevation_deg;
  }
  return out;
}

access::CaptureTarget to_target(const workload::Area& area) {
  access::CaptureTarget t;
  for (const auto& v : area.vertices) t.vertices.push_back({v.latitude_deg, v.longitude_deg});
  return t;
}

void add_opportunities(World& w) {
  const auto imagers = imager_geometry(w.satellites);
  const auto& tenants = w.scenario.work.tenants;
  size_t offset = 0;
  for (const auto& tenant : tenants) {
    w.eo_offset_.push_back(offset);
    offset += tenant.workloads.size();
  }
  w.opportunities.resize(offset);
  for (size_t t = 0; t < tenants.size(); ++t) {
    for (size_t k = 0; k < tenants[t].workloads.size(); ++k) {
      const auto* eo = std::get_if<workload::EoTaskSpec>(&tenants[t].workloads[k].what);
      if (eo == nullptr) continue;
      w.opportunities[w.eo_offset_[t] + k] = access::find_capture_opportunities(
          w.ephemeris, imagers, to_target(eo->target), w.scenario.start, w.scenario.end);
    }
  }
}

void add_scenes(World& w) {
  const auto imagers = imager_geometry(w.satellites);
  const auto& tenants = w.scenario.work.tenants;
  for (size_t t = 0; t < tenants.size(); ++t) {
    for (size_t k = 0; k < tenants[t].systematic_imaging.size(); ++k) {
      const auto& spec = tenants[t].systematic_imaging[k];
      const auto segments =
          access::find_imaging_segments(w.ephemeris, imagers, to_target(spec.region),
                                        w.scenario.start, w.scenario.end, kSceneLength);
      for (const auto& seg : segments) {
        const auto& imager = *w.satellites[seg.satellite].imager;
        const double area_km2 = seg.ground_track_km * imager.swath_km * spec.duty_cycle;
        SystematicScene scene{seg.satellite,
                              seg.start,
                              seg.end,
                              area_km2 * imager.bytes_per_km2,
                              seg.centre,
                              static_cast<uint32_t>(t),
                              static_cast<uint32_t>(k)};
        if (scene.bytes > 0.0) w.scenes.push_back(scene);
      }
    }
  }
  std::stable_sort(w.scenes.begin(), w.scenes.end(), [](const auto& a, const auto& b) {
    return a.end != b.end ? a.end < b.end : a.satellite < b.satellite;
  });
}

void add_tracks(World& w) {
  const Duration interval = w.scenario.outputs.sample_interval;
  w.tracks.resize(w.satellite_count());
  for (size_t s = 0; s < w.satellite_count(); ++s) {
    for (Instant t = w.scenario.start; t <= w.scenario.end; t += interval) {
      orbit::ItrfState state;
      if (!w.ephemeris.interpolate_itrf(s, t, state)) continue;
      const orbit::Geodetic g = orbit::itrf_to_geodetic(state.r_km);
      w.tracks[s].push_back({t, g.lat_deg, g.lon_deg, g.alt_km});
    }
  }
}

}  // namespace

double penumbra_illumination(const access::EclipseInterval& eclipse) {
  return 0.5 * (1.0 + eclipse.min_illuminated_fraction);
}

std::vector<access::CaptureOpportunity> World::capture_opportunities(
    const workload::Area& target) const {
  return access::find_capture_opportunities(ephemeris, imager_geometry(satellites),
                                            to_target(target), scenario.start, scenario.end);
}

std::optional<access::NodeIndex> World::station_by_name(const std::string& name) const {
  for (size_t i = 0; i < scenario.stations.size(); ++i) {
    if (scenario.stations[i].name == name) return station_node(i);
  }
  return std::nullopt;
}

std::vector<uint8_t> World::no_transit_nodes() const {
  std::vector<uint8_t> out(graph.node_count(), 0);
  for (size_t s = 0; s < station_count(); ++s) {
    const access::NodeIndex node = station_node(s);
    const auto sent = graph.outgoing(node);
    const bool on_network = std::any_of(sent.begin(), sent.end(), [&](network::ContactIndex c) {
      return graph.contact(c).kind == access::ContactKind::kGroundLink;
    });
    out[node] = on_network ? 0 : 1;
  }
  return out;
}

Result<std::shared_ptr<const World>> build_world(const scenario::Scenario& scenario,
                                                 const compute::Catalog& catalog,
                                                 const ProgressFn& progress) {
  auto report = [&](double f) {
    if (progress) progress("world", f);
  };
  report(0.0);
  auto sats = make_satellites(scenario);
  if (!sats) return sats.error();
  const auto slots = grid_slots(scenario);
  auto grid = access::TimeGrid::covering(scenario.start, scenario.end, scenario.step);
  if (!grid) return prefixed(grid.error(), scenario.name);
  // One propagation serves the contact plan (ITRF) and the twin (TEME positions for the laser-
  // link geometry of LLM placement).
  access::EphemerisOptions ephemeris_options;
  ephemeris_options.store_itrf_velocity = true;
  ephemeris_options.store_teme_position = true;
  auto ephemeris = access::Ephemeris::compute(std::move(*sats), *grid, ephemeris_options);
  report(0.1);
  auto plan = access::build_contact_plan(ephemeris, slots, scenario.stations, scenario.start,
                                         scenario.end, plan_options(scenario));
  if (!plan) return prefixed(plan.error(), scenario.name);
  access::add_ground_links(scenario.ground_network, *plan);
  report(0.4);
  auto graph = network::ContactGraph::create(*plan);
  if (!graph) return prefixed(graph.error(), scenario.name);
  report(0.5);

  auto world = std::make_shared<World>(scenario, catalog, std::move(ephemeris), std::move(*plan),
                                       std::move(*graph));
  for (const auto& entry : scenario.satellites) {
    auto model = make_model(scenario.classes[entry.class_index], catalog);
    if (!model) return prefixed(model.error(), scenario.name);
    world->satellites.push_back(std::move(*model));
  }
  auto ground = compute::make_device(catalog, kGroundAccelerator);
  if (!ground) return prefixed(ground.error(), "ground processing");
  world->ground_device = *ground;
  world->ground_ops_per_s =
      compute::peak_ops_per_s(ground->accelerator, compute::ComputePath::kInt8) *
      ground->efficiency.compute_efficiency;
  world->illumination =
      illumination_timelines(world->plan, world->satellite_count(), scenario.start);
  world->items = workload::expand_workload(scenario.work, scenario.seed);
  report(0.6);
  add_opportunities(*world);
  report(0.75);
  add_scenes(*world);
  report(0.9);
  add_tracks(*world);
  report(1.0);
  return std::shared_ptr<const World>(std::move(world));
}

}  // namespace lagrange::sim
