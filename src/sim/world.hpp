// The world a run happens in: everything that does not depend on the scheduling policy,
// computed once per scenario and shared (read-only) by every policy's engine.
//
//  - the ephemeris of every satellite on the scenario's grid (tracks, capture geometry, LLM
//    placement), the contact plan (ground passes, laser links, ground links between stations
//    on the terrestrial network, eclipses) and its graph;
//  - per satellite, the figures the engine needs from its class (compute rate, power, storage);
//  - the work: the expanded work items, the capture opportunities of each EO workload's target
//    and the systematic-imaging scenes (cut from the daylit ground track);
//  - the ground "data centre" that bent-pipe processing uses.
//
// Node numbering is the contact plan's: satellites 0..S-1 in scenario order, then stations.
// Immutable after build_world (run.hpp); safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/capture.hpp"
#include "access/contact_plan.hpp"
#include "access/ephemeris.hpp"
#include "compute/catalog.hpp"
#include "compute/llm_performance.hpp"
#include "network/contact_graph.hpp"
#include "scenario/scenario.hpp"
#include "sim/run_result.hpp"
#include "workload/workload.hpp"

namespace lagrange::sim {

// What the engine needs to know about one satellite, derived from its class.
struct SatelliteModel {
  compute::Device device;          // accelerator (overrides applied) with its family
  double int8_ops_per_s = 0.0;     // achieved dense INT8 throughput (peak x efficiency)
  double idle_w = 0.0;             // accelerator powered, not computing
  double busy_w = 0.0;             // accelerator computing
  double bus_w = 0.0;              // platform, always on
  double transmit_w = 0.0;         // radio while downlinking
  double laser_terminal_w = 0.0;   // per laser link up
  double downlink_rate_bps = 0.0;  // transmitter limit
  double storage_bytes = 0.0;
  power::PowerSpec power;
  std::optional<scenario::ImagerConfig> imager;
};

// A scene of systematic imaging: data recorded along a daylit stretch of ground track.
struct SystematicScene {
  uint32_t satellite = 0;
  Instant start;
  Instant end;  // the scene exists (is captured) here
  double bytes = 0.0;
  access::LatLon centre;
  uint32_t tenant = 0;
  uint32_t spec = 0;  // index into the tenant's systematic_imaging
};

// Piecewise-constant sunlight of one satellite: illumination from `start` until the next
// change (sorted, first at the window start).
struct IlluminationChange {
  Instant start;
  double illumination = 1.0;  // 1 lit, 0 umbra; penumbra: mean of 1 and its smallest fraction
};

class World {
 public:
  scenario::Scenario scenario;
  compute::Catalog catalog;
  access::Ephemeris ephemeris;
  access::ContactPlan plan;
  network::ContactGraph graph;
  std::vector<SatelliteModel> satellites;
  std::vector<std::vector<IlluminationChange>> illumination;  // per satellite
  std::vector<workload::WorkItem> items;
  // Capture opportunities per EO workload, indexed by eo_workload_index(tenant, workload).
  std::vector<std::vector<access::CaptureOpportunity>> opportunities;
  std::vector<SystematicScene> scenes;  // sorted by (end, satellite)
  compute::Device ground_device;        // bent-pipe processing on the ground
  double ground_ops_per_s = 0.0;
  std::vector<std::vector<TrackPoint>> tracks;  // per satellite, every output sample interval

  size_t satellite_count() const { return satellites.size(); }
  size_t station_count() const { return scenario.stations.size(); }
  access::NodeIndex station_node(size_t station) const {
    return static_cast<access::NodeIndex>(satellites.size() + station);
  }
  bool is_station(access::NodeIndex node) const { return node >= satellites.size(); }
  // Index of a workload among all EO workloads (tenants in order, workloads in order); only
  // meaningful for EO workloads.
  size_t eo_workload_index(uint32_t tenant, uint32_t workload) const {
    return eo_offset_[tenant] + workload;
  }
  // Every capture opportunity of a target over the window (as the EO workloads' are found).
  std::vector<access::CaptureOpportunity> capture_opportunities(const workload::Area& target) const;
  // Station node by name (nullopt if unknown).
  std::optional<access::NodeIndex> station_by_name(const std::string& name) const;
  // Per node, for RouteQuery::no_transit: 1 for a station with no ground link (off the
  // terrestrial network: it may start or end a route but not relay), 0 for satellites and
  // for stations on the network, which pass bundles on like any node.
  std::vector<uint8_t> no_transit_nodes() const;

  // Per-tenant offsets into `opportunities` (every workload of a tenant gets a slot; non-EO
  // workloads' slots stay empty), filled by build_world.
  std::vector<size_t> eo_offset_;

  World(scenario::Scenario s, compute::Catalog c, access::Ephemeris e, access::ContactPlan p,
        network::ContactGraph g)
      : scenario(std::move(s)),
        catalog(std::move(c)),
        ephemeris(std::move(e)),
        plan(std::move(p)),
        graph(std::move(g)) {}
};

// Illuminated fraction used for a penumbra interval: the mean of full Sun and its deepest
// point (a linear dip and recovery).
double penumbra_illumination(const access::EclipseInterval& eclipse);

}  // namespace lagrange::sim
