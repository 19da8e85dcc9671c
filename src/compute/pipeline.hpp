// Pipeline-parallel placement of an LLM across satellites (docs/llm-model.md, "Splitting").
//
// The decoder layers are cut into contiguous stages, one stage per satellite (tensor
// parallelism happens only inside a satellite's accelerator). For one request, a decoded token
// passes every stage in turn: its latency is the sum of the stages' decode times, plus for each
// cut the transfer of one hidden state (hidden_size x activation bytes) over the laser link
// (serialisation + one-way light time), plus the return of the sampled token id from the last
// stage to the first. The planner minimises that per-token latency subject to every stage
// fitting in its satellite's memory, by dynamic programming over (layer boundary, number of
// stages, satellite of the last stage) for each choice of first satellite.
//
// Stages use candidate satellites in the order given (indices strictly increase along the
// pipeline, satellites may be skipped): the caller lists candidates in path order, e.g. along
// an orbital plane. The network is a LinkMatrix, so the same planner serves a static chain now
// and a geometry-driven matrix of moving satellites later. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <vector>

#include "compute/llm_performance.hpp"
#include "core/result.hpp"

namespace lagrange::compute {

// Directed links between n candidate satellites: usable rate and one-way light time. Entry
// (i, j) is from i to j; a link with rate_bps <= 0 does not exist. Multi-hop routes may be
// entered as one entry with their end-to-end rate and light time.
class LinkMatrix {
 public:
  explicit LinkMatrix(size_t n);

  size_t size() const { return n_; }
  void set(size_t from, size_t to, double rate_bps, double light_time_s);
  double rate_bps(size_t from, size_t to) const { return rate_bps_[from * n_ + to]; }
  double light_time_s(size_t from, size_t to) const { return light_time_s_[from * n_ + to]; }

  // Seconds to deliver `bytes` from `from` to `to`: bytes x 8 / rate + light time; 0 for
  // from == to; +infinity when there is no link.
  double transfer_s(size_t from, size_t to, double bytes) const;

 private:
  size_t n_;
  std::vector<double> rate_bps_;
  std::vector<double> light_time_s_;
};

// n satellites in a chain of in-plane neighbours `spacing_km` apart, each laser link `rate_bps`.
// Satellites i and j talk over |i - j| store-and-forward hops: light time |i - j| x spacing / c,
// and each hop serialises the message again (end-to-end rate = rate_bps / hops). Link set-up
// time is not counted (steady state).
LinkMatrix chain_links(size_t n, double spacing_km, double rate_bps);

struct PipelineRequest {
  LlmWorkload workload;
  std::vector<Device> satellites;  // candidates, in path order
  LinkMatrix links{0};             // satellites.size() x satellites.size()
  int max_stages = 8;
};

struct StagePlacement {
  size_t satellite = 0;  // index into PipelineRequest::satellites
  int first_layer = 0;
  int end_layer = 0;  // exclusive
};

struct PipelineStage {
  StagePlacement placement;
  StageEstimate estimate;
};

struct PipelinePlan {
  bool feasible = false;  // every stage fits and every needed link exists
  std::vector<PipelineStage> stages;
  double decode_token_s = 0.0;    // per-token latency of one request
  double decode_compute_s = 0.0;  // sum of the stages' decode times
  double decode_link_s = 0.0;     // cut transfers + return of the token id
  double prefill_s = 0.0;         // prompt through all stages and cuts
  double prefill_link_s = 0.0;
  double time_to_first_token_s = 0.0;  // = prefill_s (the prefill yields the first token)
};

// Bytes crossing a cut per token (one hidden state), and the token id returned to stage 0.
double cut_bytes_per_token(const LlmWorkload& workload);
inline constexpr double kTokenIdBytes = 4.0;

// Costs a given placement (stages in pipeline order covering [0, layers) contiguously).
// Errors when the placements are not a contiguous cover or name unknown satellites.
Result<PipelinePlan> evaluate_placement(const PipelineRequest& request,
                                        const std::vector<StagePlacement>& placements);

struct PlanResult {
  PipelinePlan plan;                             // the optimum; feasible == false if none exists
  bool split_needed = false;                     // no candidate holds the whole model
  double single_satellite_decode_token_s = 0.0;  // best candidate, memory ignored
  double single_satellite_required_bytes = 0.0;  // memory the whole model needs there
};

// The latency-optimal contiguous split. Errors only for a malformed request (no candidates,
// link matrix of the wrong size, max_stages < 1).
Result<PlanResult> plan_pipeline(const PipelineRequest& request);

}  // namespace lagrange::compute
