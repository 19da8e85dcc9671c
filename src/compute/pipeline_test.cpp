#include "compute/pipeline.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "compute/internal/test_catalog.hpp"
#include "core/random.hpp"
#include "core/units.hpp"

namespace lagrange::compute {
namespace {

const Catalog& catalog() {
  return test::repository_catalog();
}

LlmWorkload workload(const char* model, const char* precision) {
  LlmWorkload w;
  w.model = *catalog().llm(model);
  w.weights = *catalog().weight_precision(precision);
  w.kv = *catalog().kv_precision("fp16");
  w.activation_bytes = catalog().activation_bytes();
  w.context_tokens = 4096;
  w.prompt_tokens = 512;
  w.decode_kv_tokens = 512;
  return w;
}

PipelineRequest chain_request(const char* model, const char* precision, const char* accelerator,
                              size_t n, double spacing_km = 1000.0) {
  PipelineRequest r;
  r.workload = workload(model, precision);
  r.satellites.assign(n, *make_device(catalog(), accelerator));
  r.links = chain_links(n, spacing_km, 100e9);
  r.max_stages = 8;
  return r;
}

TEST(ChainLinks, LightTimeAndHops) {
  const LinkMatrix links = chain_links(4, 1000.0, 100e9);
  EXPECT_DOUBLE_EQ(links.light_time_s(0, 1), 1000.0 / kSpeedOfLight_km_s);
  EXPECT_DOUBLE_EQ(links.light_time_s(3, 0), 3000.0 / kSpeedOfLight_km_s);
  EXPECT_DOUBLE_EQ(links.rate_bps(0, 2), 50e9);
  EXPECT_DOUBLE_EQ(links.transfer_s(1, 2, 8192.0), 8192.0 * 8 / 100e9 + 1000.0 / 299792.458);
  EXPECT_EQ(links.transfer_s(2, 2, 1e9), 0.0);
  EXPECT_TRUE(std::isinf(LinkMatrix(2).transfer_s(0, 1, 1.0)));
}

TEST(Pipeline, OneStageWhenTheModelFits) {
  const PipelineRequest r = chain_request("llama-3-8b", "int4", "jetson-agx-orin-64gb", 4);
  const auto result = plan_pipeline(r);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_FALSE(result->split_needed);
  ASSERT_TRUE(result->plan.feasible);
  ASSERT_EQ(result->plan.stages.size(), 1u);
  EXPECT_EQ(result->plan.stages[0].placement.satellite, 0u);
  const StageEstimate single = estimate_single_device(r.workload, r.satellites[0]);
  EXPECT_DOUBLE_EQ(result->plan.decode_token_s, single.decode_s);
  EXPECT_DOUBLE_EQ(result->plan.time_to_first_token_s, single.prefill_s);
  EXPECT_EQ(result->plan.decode_link_s, 0.0);
}

TEST(Pipeline, SplitsWhenNeededAndSaysWhatItCosts) {
  // Llama 2 13B in fp16 is ~26 GB: four 8 GB Orin Nanos at least.
  const PipelineRequest r = chain_request("llama-2-13b", "fp16", "jetson-orin-nano-super", 8);
  const auto result = plan_pipeline(r);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->split_needed);
  ASSERT_TRUE(result->plan.feasible);
  const auto& stages = result->plan.stages;
  EXPECT_GE(stages.size(), 4u);
  int next_layer = 0;
  for (size_t s = 0; s < stages.size(); ++s) {
    EXPECT_TRUE(stages[s].estimate.fits);
    EXPECT_EQ(stages[s].placement.first_layer, next_layer);
    next_layer = stages[s].placement.end_layer;
    // With identical satellites the cheapest path uses neighbours: hops cost light time.
    EXPECT_EQ(stages[s].placement.satellite, s);
  }
  EXPECT_EQ(next_layer, 40);
  // Links: (stages - 1) forward hops of hidden state + the token back over the same distance.
  const double hop_s = 1000.0 / kSpeedOfLight_km_s;
  EXPECT_NEAR(result->plan.decode_link_s, 2.0 * (stages.size() - 1) * hop_s, 1e-5);
  EXPECT_GT(result->plan.decode_token_s, result->single_satellite_decode_token_s);
  EXPECT_GT(result->single_satellite_required_bytes, 8.0 * (1 << 30));
}

TEST(Pipeline, InfeasibleIsAnAnswerNotAnError) {
  const PipelineRequest r = chain_request("llama-2-13b", "fp16", "jetson-orin-nano-super", 2);
  const auto result = plan_pipeline(r);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->split_needed);
  EXPECT_FALSE(result->plan.feasible);
  EXPECT_TRUE(result->plan.stages.empty());
}

TEST(Pipeline, MalformedRequestsAreErrors) {
  PipelineRequest r = chain_request("llama-3-8b", "int4", "jetson-agx-orin-64gb", 3);
  r.links = chain_links(2, 1000.0, 100e9);
  EXPECT_FALSE(plan_pipeline(r).ok());
  r.links = chain_links(3, 1000.0, 100e9);
  r.max_stages = 0;
  EXPECT_FALSE(plan_pipeline(r).ok());
  r.max_stages = 3;
  EXPECT_FALSE(evaluate_placement(r, {{0, 0, 10}, {1, 12, 32}}).ok());  // gap
  EXPECT_FALSE(evaluate_placement(r, {{0, 0, 10}, {0, 10, 32}}).ok());  // satellite twice
  EXPECT_FALSE(evaluate_placement(r, {{0, 0, 10}}).ok());               // stops early
  EXPECT_TRUE(evaluate_placement(r, {{2, 0, 10}, {0, 10, 32}}).ok());
}

struct Optimum {
  double latency_s = std::numeric_limits<double>::infinity();
  size_t stages = 0;
  double bottleneck_s = std::numeric_limits<double>::infinity();  // slowest stage
};

bool clearly_less(double a, double b) {
  if (std::isinf(b)) return !std::isinf(a);
  return a < b - 1e-12 * std::max(a, b);
}

// The planner's documented order: least latency, then fewest stages, then most balanced.
bool better(const Optimum& x, const Optimum& y) {
  if (clearly_less(x.latency_s, y.latency_s)) return true;
  if (clearly_less(y.latency_s, x.latency_s)) return false;
  if (x.stages != y.stages) return x.stages < y.stages;
  return clearly_less(x.bottleneck_s, y.bottleneck_s);
}

double bottleneck_of(const PipelinePlan& plan) {
  double slowest = 0.0;
  for (const PipelineStage& s : plan.stages) slowest = std::max(slowest, s.estimate.decode_s);
  return slowest;
}

// Every contiguous split over every increasing sequence of satellites, costed by
// evaluate_placement; the best feasible one (latency +inf if none).
Optimum brute_force_optimum(const PipelineRequest& r) {
  const int layers = r.workload.model.layers;
  const size_t n = r.satellites.size();
  Optimum best;
  std::vector<StagePlacement> stages;
  std::function<void(int, size_t)> extend = [&](int first_layer, size_t next_satellite) {
    if (first_layer == layers) {
      const auto plan = evaluate_placement(r, stages);
      EXPECT_TRUE(plan.ok());
      const Optimum candidate{plan->decode_token_s, stages.size(), bottleneck_of(*plan)};
      if (plan->feasible && better(candidate, best)) best = candidate;
      return;
    }
    if (static_cast<int>(stages.size()) == r.max_stages) return;
    for (size_t s = next_satellite; s < n; ++s) {
      for (int end = first_layer + 1; end <= layers; ++end) {
        stages.push_back({s, first_layer, end});
        extend(end, s + 1);
        stages.pop_back();
      }
    }
  };
  extend(0, 0);
  return best;
}

// Small random problems: a 7B-class model cut to a few layers, satellites of random memory
// and bandwidth, a random link matrix with missing links.
PipelineRequest random_request(Rng& rng) {
  PipelineRequest r;
  r.workload = workload("llama-2-7b", "fp16");
  r.workload.model.layers = 3 + static_cast<int>(rng.below(4));  // 3..6 layers
  r.workload.context_tokens = 1024;
  r.workload.prompt_tokens = 64;
  r.workload.decode_kv_tokens = 64;
  const size_t n = 2 + rng.below(4);  // 2..5 satellites
  const Device base = *make_device(catalog(), "jetson-orin-nano-super");
  r.links = LinkMatrix(n);
  for (size_t i = 0; i < n; ++i) {
    Device d = base;
    d.accelerator.memory_gib = rng.uniform(0.5, 3.0);
    d.accelerator.runtime_reserved_gib = 0.1;
    d.accelerator.memory_bandwidth_gb_s = rng.uniform(30.0, 300.0);
    r.satellites.push_back(d);
    for (size_t j = 0; j < n; ++j) {
      if (i != j && rng.uniform() < 0.8) {
        r.links.set(i, j, rng.uniform(1e8, 1e11), rng.uniform(0.0, 0.02));
      }
    }
  }
  r.max_stages = 1 + static_cast<int>(rng.below(n));
  return r;
}

TEST(Pipeline, DynamicProgramMatchesBruteForce) {
  Rng rng(20261122);
  int feasible_cases = 0;
  int split_cases = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const PipelineRequest r = random_request(rng);
    const Optimum expected = brute_force_optimum(r);
    const auto result = plan_pipeline(r);
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->plan.feasible, !std::isinf(expected.latency_s)) << "trial " << trial;
    if (!result->plan.feasible) continue;
    ++feasible_cases;
    split_cases += result->plan.stages.size() > 1 ? 1 : 0;
    EXPECT_NEAR(result->plan.decode_token_s, expected.latency_s, 1e-12 * expected.latency_s)
        << "trial " << trial;
    EXPECT_EQ(result->plan.stages.size(), expected.stages) << "trial " << trial;
    EXPECT_NEAR(bottleneck_of(result->plan), expected.bottleneck_s, 1e-12 * expected.bottleneck_s)
        << "trial " << trial;
    EXPECT_LE(static_cast<int>(result->plan.stages.size()), r.max_stages);
    for (size_t s = 1; s < result->plan.stages.size(); ++s) {
      EXPECT_LT(result->plan.stages[s - 1].placement.satellite,
                result->plan.stages[s].placement.satellite);
    }
  }
  // The random cases exercise both outcomes and real splits.
  EXPECT_GT(feasible_cases, 50);
  EXPECT_GT(split_cases, 30);
  EXPECT_LT(feasible_cases, 300);
}

// Identical satellites on a chain: many splits tie on latency, so the tie-breaks (fewest
// stages, then the most balanced) decide, and must agree with the brute force.
TEST(Pipeline, TieBreaksMatchBruteForceOnChains) {
  Rng rng(7);
  int split_cases = 0;
  for (int trial = 0; trial < 100; ++trial) {
    PipelineRequest r = random_request(rng);
    const size_t n = r.satellites.size();
    Device same = r.satellites[0];
    same.accelerator.memory_gib = rng.uniform(1.0, 3.0);
    r.satellites.assign(n, same);
    r.links = chain_links(n, rng.uniform(10.0, 3000.0), 100e9);
    const Optimum expected = brute_force_optimum(r);
    const auto result = plan_pipeline(r);
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result->plan.feasible, !std::isinf(expected.latency_s)) << "trial " << trial;
    if (!result->plan.feasible) continue;
    split_cases += result->plan.stages.size() > 1 ? 1 : 0;
    EXPECT_NEAR(result->plan.decode_token_s, expected.latency_s, 1e-12 * expected.latency_s);
    EXPECT_EQ(result->plan.stages.size(), expected.stages) << "trial " << trial;
    EXPECT_NEAR(bottleneck_of(result->plan), expected.bottleneck_s, 1e-12 * expected.bottleneck_s)
        << "trial " << trial;
  }
  EXPECT_GT(split_cases, 10);
}

TEST(Pipeline, SameInputsSamePlan) {
  const PipelineRequest r = chain_request("gemma-2-9b", "fp16", "jetson-orin-nano-super", 6);
  const auto a = plan_pipeline(r);
  const auto b = plan_pipeline(r);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->plan.stages.size(), b->plan.stages.size());
  for (size_t s = 0; s < a->plan.stages.size(); ++s) {
    EXPECT_EQ(a->plan.stages[s].placement.satellite, b->plan.stages[s].placement.satellite);
    EXPECT_EQ(a->plan.stages[s].placement.end_layer, b->plan.stages[s].placement.end_layer);
  }
  EXPECT_EQ(a->plan.decode_token_s, b->plan.decode_token_s);
}

}  // namespace
}  // namespace lagrange::compute
