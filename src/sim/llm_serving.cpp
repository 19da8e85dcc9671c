#include "sim/llm_serving.hpp"

#include <algorithm>

#include "compute/llm_performance.hpp"
#include "sim/llm_placement.hpp"

namespace lagrange::sim {
namespace {

constexpr int kReferencePrompt = 512;
constexpr int kReferenceContext = 4096;

std::optional<compute::LlmWorkload> serving_workload(const compute::Catalog& catalog,
                                                     const std::string& model) {
  auto spec = catalog.llm(model);
  auto weights = catalog.weight_precision(kServingPrecision);
  auto kv = catalog.kv_precision(kServingKvPrecision);
  if (!spec || !weights || !kv) return std::nullopt;
  compute::LlmWorkload w;
  w.model = *spec;
  w.weights = *weights;
  w.kv = *kv;
  w.activation_bytes = catalog.activation_bytes();
  w.context_tokens = kReferenceContext;
  w.prompt_tokens = kReferencePrompt;
  w.decode_kv_tokens = kReferencePrompt;
  return w;
}

LlmTiming single_device_timing(const compute::LlmWorkload& w, const compute::Device& d) {
  const compute::StageEstimate e = compute::estimate_single_device(w, d);
  return {e.prefill_s / w.prompt_tokens, 0.0, e.decode_s};
}

std::vector<ServingGroup> replicas(const World& world, const compute::LlmWorkload& w,
                                   std::span<const uint32_t> excluded) {
  std::vector<ServingGroup> out;
  for (uint32_t s = 0; s < world.satellite_count(); ++s) {
    if (std::find(excluded.begin(), excluded.end(), s) != excluded.end()) continue;
    const compute::Device& d = world.satellites[s].device;
    if (!compute::estimate_single_device(w, d).fits) continue;
    ServingGroup g;
    g.hosts = {s};
    g.power_w = world.satellites[s].busy_w;
    g.timing = single_device_timing(w, d);
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<ServingGroup> pipeline_group(const World& world, const std::string& model, Instant at,
                                         std::span<const uint32_t> excluded) {
  LlmPlacementRequest request;
  request.model = model;
  request.precision = std::string(kServingPrecision);
  request.kv_precision = std::string(kServingKvPrecision);
  request.context_tokens = kReferenceContext;
  request.prompt_tokens = kReferencePrompt;
  request.at = std::clamp(at, world.ephemeris.grid().start, world.ephemeris.grid().last());
  request.excluded.assign(excluded.begin(), excluded.end());
  const auto placement =
      plan_llm_placement(world.scenario, world.catalog, world.ephemeris, request);
  if (!placement || !placement->feasible) return {};
  const compute::PipelinePlan& plan = placement->result.plan;
  ServingGroup g;
  for (const size_t s : placement->stage_satellites) {
    g.hosts.push_back(static_cast<uint32_t>(s));
    g.power_w += world.satellites[s].busy_w;
  }
  g.valid_until =
      placement->valid_until_is_horizon ? Instant::from_unix_ns(INT64_MAX) : placement->valid_until;
  g.timing.prefill_fixed_s = plan.prefill_link_s;
  g.timing.prefill_s_per_token = (plan.prefill_s - plan.prefill_link_s) / kReferencePrompt;
  g.timing.decode_s_per_token = plan.decode_token_s;
  return {g};
}

}  // namespace

std::vector<ServingGroup> place_serving_groups(const World& world, const std::string& model,
                                               Instant at, std::span<const uint32_t> excluded) {
  const auto workload = serving_workload(world.catalog, model);
  if (!workload) return {};
  auto groups = replicas(world, *workload, excluded);
  if (!groups.empty()) return groups;
  return pipeline_group(world, model, at, excluded);
}

QueryTiming query_timing(const LlmTiming& t, int prompt_tokens, int answer_tokens) {
  QueryTiming q;
  q.time_to_first_token_s = t.prefill_fixed_s + t.prefill_s_per_token * prompt_tokens;
  q.generation_s = t.decode_s_per_token * std::max(0, answer_tokens - 1);
  return q;
}

QueryTiming ground_query_timing(const World& world, const std::string& model, int prompt_tokens,
                                int answer_tokens) {
  const auto workload = serving_workload(world.catalog, model);
  if (!workload) return {};
  return query_timing(single_device_timing(*workload, world.ground_device), prompt_tokens,
                      answer_tokens);
}

}  // namespace lagrange::sim
