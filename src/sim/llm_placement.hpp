// Placing a large language model on a moving constellation: which satellites host which
// layers at an instant, over which laser links, and until when those links hold
// (docs/llm-model.md, "Placement on a moving constellation").
//
// The pipeline planner (compute/pipeline.hpp) needs candidate devices in path order and a
// LinkMatrix. Here both come from a scenario and an ephemeris at the instant `at`:
//  - Candidates: every satellite not excluded whose SGP4 state at `at` is valid, with its
//    class's accelerator (the scenario's spec, overrides applied, and its catalogue family's
//    efficiencies). Path order: by shell and plane when the scenario knows the Walker slots,
//    then by argument of latitude at `at`, each ring starting after its largest gap in
//    argument of latitude (so in-plane neighbours are adjacent and the seam is where the
//    satellites are farthest apart). When more than `max_candidates` satellites are eligible,
//    the candidates are the `max_candidates` consecutive ones in path order starting at the
//    anchor (default: the first in path order), wrapping around.
//  - Direct links: i and j both carry laser terminals, the segment between them clears
//    the atmosphere (access::has_line_of_sight, 80 km over WGS-84) and the range is within
//    both terminals' max_range_km. Rate: the smaller terminal rate at that range
//    (TerminalType::rate_at_range_bps, derating when configured); light time: range / c.
//  - Routes: every candidate pair gets the path of least light time over direct links
//    (Dijkstra; relays may be any satellite that is not excluded, host or not; ties go to
//    fewer hops, then lower indices). Each hop stores and forwards the message, so the
//    end-to-end rate is 1 / sum(1 / hop rate) (rate / hops on equal hops, as chain_links)
//    and the light time the sum over hops. Pairs with no path have no entry.
// Not modelled: the terminal count (a satellite with two terminals is assumed to serve all
// the routes through it), link acquisition time (steady state, as in the planner).
//
// Link lifetime: the earliest instant after `at` at which a hop of a used route becomes
// infeasible (or a used satellite's SGP4 fails), found on the ephemeris grid and refined by
// bisection with exact propagation to 1 s. When no used hop breaks before the grid's last
// sample, valid_until is that sample and valid_until_is_horizon is set. A one-stage
// placement uses no link.
//
// Pure functions of their inputs; thread-safe. Errors for malformed requests only (unknown
// model or precision, ephemeris not matching the scenario, `at` outside the grid); a model
// that fits nowhere is an answer (feasible == false).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "access/ephemeris.hpp"
#include "access/isl.hpp"
#include "compute/catalog.hpp"
#include "compute/pipeline.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::sim {

struct LlmPlacementRequest {
  std::string model;               // catalogue id, "qwen3-8b"
  std::string precision = "int4";  // weight precision id
  std::string kv_precision = "fp16";
  int context_tokens = 4096;     // KV cache reserved per request
  int prompt_tokens = 512;       // prefill length; decode is quoted at this KV fill
  Instant at;                    // geometry instant; inside the ephemeris grid
  std::vector<size_t> excluded;  // scenario satellite indices that may neither host nor relay
  std::optional<size_t> anchor;  // first candidate when the candidates are windowed
  int max_stages = 8;
  size_t max_candidates = 16;  // the planner is O(N^2) in candidates
  access::LinkGeometryOptions geometry;
};

// A route between two candidates over one or more direct links.
struct LinkRoute {
  std::vector<size_t> path;  // scenario satellite indices, from .. to; empty: no route
  double range_km = 0.0;     // summed over hops
  double rate_bps = 0.0;     // 1 / sum(1 / hop rate)
  double light_time_s = 0.0;

  size_t hops() const { return path.empty() ? 0 : path.size() - 1; }
};

// The candidates and their links at one instant.
struct CandidateNetwork {
  std::vector<size_t> candidates;        // scenario satellite indices, in path order
  std::vector<compute::Device> devices;  // per candidate
  compute::LinkMatrix links{0};          // candidates x candidates
  std::vector<LinkRoute> routes;         // candidates x candidates, row-major

  const LinkRoute& route(size_t from, size_t to) const {
    return routes[from * candidates.size() + to];
  }
};

struct LlmPlacement {
  compute::LlmWorkload workload;
  CandidateNetwork network;
  compute::PlanResult result;  // stage placements index network.candidates
  bool feasible = false;
  std::vector<size_t> stage_satellites;  // scenario satellite index per stage
  std::vector<LinkRoute> used_routes;    // stage k -> k+1 for each cut, then last -> first
  Instant at;
  Instant valid_until;                  // re-plan at this instant
  bool valid_until_is_horizon = false;  // no used link broke inside the ephemeris grid
};

// A direct laser link between two satellites at the given positions (any Earth-centred
// frame, km), or nullopt: no terminals on either side, Earth in the way, or out of range.
struct DirectLink {
  double range_km = 0.0;
  double rate_bps = 0.0;
};
std::optional<DirectLink> direct_link(const scenario::SatelliteClass& a, const Vec3& a_km,
                                      const scenario::SatelliteClass& b, const Vec3& b_km,
                                      const access::LinkGeometryOptions& geometry = {});

// Candidates in path order and their routes at `request.at` (see the file comment).
Result<CandidateNetwork> build_candidate_network(const scenario::Scenario& scenario,
                                                 const compute::Catalog& catalog,
                                                 const access::Ephemeris& ephemeris,
                                                 const LlmPlacementRequest& request);

// The latency-optimal placement at `request.at` and how long its links last.
Result<LlmPlacement> plan_llm_placement(const scenario::Scenario& scenario,
                                        const compute::Catalog& catalog,
                                        const access::Ephemeris& ephemeris,
                                        const LlmPlacementRequest& request);

// An ephemeris of the scenario's satellites over [start, end] at the scenario's step, TEME
// positions stored. Errors name a satellite whose elements SGP4 cannot initialise.
Result<access::Ephemeris> scenario_ephemeris(const scenario::Scenario& scenario, Instant start,
                                             Instant end);

}  // namespace lagrange::sim
