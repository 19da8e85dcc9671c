// How LLM serving groups are placed on the constellation and how long a query takes on one.
//
// Serving runs the model with int4 weights and an fp16 KV cache (kServingPrecision), as the
// calibrated Jetson measurements do (docs/llm-model.md). Placement:
//  - every satellite (not excluded) whose accelerator holds the whole model hosts a replica,
//    a one-stage group; a query goes to whichever replica it reaches first;
//  - if none can, one pipeline group split across satellites by layers, the latency optimum
//    over the laser-link geometry at that instant (llm_placement.hpp), valid until one of its
//    links breaks.
// A query of P prompt tokens and A answer tokens on a group takes time-to-first-token =
// prefill of P tokens through the group (scaled from the 512-token reference, plus the cuts'
// link time), then A - 1 decode steps at the group's per-token latency.
// Pure functions of the world: thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "sim/world.hpp"

namespace lagrange::sim {

inline constexpr std::string_view kServingPrecision = "int4";
inline constexpr std::string_view kServingKvPrecision = "fp16";

// A group's costs, so any query can be timed from them.
struct LlmTiming {
  double prefill_s_per_token = 0.0;  // compute of the prefill, per prompt token
  double prefill_fixed_s = 0.0;      // link time of the prefill through the cuts
  double decode_s_per_token = 0.0;   // per-token latency, stages plus links
};

struct QueryTiming {
  double time_to_first_token_s = 0.0;
  double generation_s = 0.0;  // the answer's remaining tokens
  double total_s() const { return time_to_first_token_s + generation_s; }
};

struct ServingGroup {
  std::vector<uint32_t> hosts;  // satellites in pipeline order (one for a replica)
  double power_w = 0.0;         // busy power of the hosts together
  Instant valid_until = Instant::from_unix_ns(INT64_MAX);  // a link of the group breaks
  LlmTiming timing;
};

// The groups serving `model` at `at`, without the `excluded` satellites; empty: nowhere fits
// (or the model is unknown).
std::vector<ServingGroup> place_serving_groups(const World& world, const std::string& model,
                                               Instant at, std::span<const uint32_t> excluded);

QueryTiming query_timing(const LlmTiming& timing, int prompt_tokens, int answer_tokens);

// The same query on the ground data centre's GPU (the bent-pipe baseline).
QueryTiming ground_query_timing(const World& world, const std::string& model, int prompt_tokens,
                                int answer_tokens);

}  // namespace lagrange::sim
