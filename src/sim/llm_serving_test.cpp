// LLM queries served in the twin: timing from the performance model, replicas and pipeline
// groups, and re-placement with replayed sessions when hosts run low on power.
#include "sim/llm_serving.hpp"

#include <gtest/gtest.h>

#include "compute/llm_performance.hpp"
#include "sim/engine.hpp"
#include "sim/internal/test_world.hpp"

namespace lagrange::sim {
namespace {

// A plane of satellites near the equinox (long eclipses). `accelerator` and `battery_wh`
// vary per test; queries arrive from every default station.
std::string plane(const std::string& accelerator, int battery_wh, const std::string& model,
                  const std::string& answer_tokens = "{distribution: uniform, min: 50, max: 400}") {
  return R"(name: llm-plane
start: 2026-03-20T00:00:00Z
end: 2026-03-20T12:00:00Z
seed: 11
constellation:
  walker: "97.4:16/1/0@550km"
satellite_classes:
  - name: c
    accelerator: {id: )" +
         accelerator + R"(, idle_w: 10, busy_w: 60}
    storage_gb: 100
    power: {solar_array_w: 150, battery_wh: )" +
         std::to_string(battery_wh) + R"(, min_state_of_charge: 0.3, bus_w: 40}
    lasers: {count: 2, range_km: 5400, rate_gbps: 10, acquisition_s: 15, power_w: 10}
    radio: {downlink_rate_mbps: 300, transmit_w: 20}
ground_stations:
  file: stations/default.yaml
isl:
  policy: grid
tenants:
  - name: chat
    workloads:
      - name: questions
        kind: llm_query
        model: )" +
         model + R"(
        prompt_tokens: {distribution: uniform, min: 100, max: 800}
        answer_tokens: )" +
         answer_tokens + R"(
        from: any
        arrivals: {process: uniform, count: 150}
policies: [on-board]
)";
}

struct Served {
  std::shared_ptr<const World> world;
  PolicyRun run;
  ByteLedger bytes;
};

Served serve(const std::string& yaml) {
  auto world = build_world(test::parse(yaml), test::catalog());
  EXPECT_TRUE(world.ok()) << world.error().message;
  auto policy = schedule::make_policy("on-board");
  Engine engine(**world, **policy);
  engine.run_to_end();
  return {*world, engine.finish(), engine.bytes()};
}

TEST(LlmServing, AQueryTakesPrefillPlusDecodeFromThePerformanceModel) {
  const Served s = serve(plane("jetson-agx-orin-64gb", 2000, "llama-3-8b"));
  // Every satellite holds the 8B model at int4: one replica each.
  const auto groups = place_serving_groups(*s.world, "llama-3-8b", s.world->scenario.start, {});
  ASSERT_EQ(groups.size(), 16u);
  // Decode at the calibrated Jetson AGX Orin figure: ~40 tokens/s single-request.
  EXPECT_NEAR(1.0 / groups[0].timing.decode_s_per_token, 40.0, 2.0);
  size_t answered = 0;
  for (const JobRecord& j : s.run.jobs) {
    if (!j.is_delivered()) continue;
    ++answered;
    const QueryTiming t = query_timing(groups[0].timing, j.prompt_tokens, j.answer_tokens);
    EXPECT_NEAR(j.time_to_first_token_s, t.time_to_first_token_s, 1e-9);
    EXPECT_NEAR(j.generation_s, t.generation_s, 1e-9);
    EXPECT_NEAR((*j.compute_end - *j.compute_start).to_seconds(), t.total_s(), 1e-6);
    // Up, compute, down: the parts add up to the whole.
    ASSERT_TRUE(j.uplinked && j.at_processor);
    EXPECT_LE(j.submitted, *j.uplinked);
    EXPECT_LE(*j.at_processor, *j.compute_start);
    EXPECT_LE(*j.compute_end, *j.delivered);
  }
  EXPECT_GT(answered, 100u);
  EXPECT_EQ(s.run.summary.llm.queries, 150u);
  EXPECT_EQ(s.run.summary.llm.answered, answered);
  // Per serving group: the groups share the answered queries; each decodes at its replica's
  // rate.
  size_t by_groups = 0;
  for (const LlmGroupSummary& g : s.run.summary.llm.groups) {
    by_groups += g.answered;
    EXPECT_NEAR(g.tokens_per_s, 1.0 / groups[0].timing.decode_s_per_token, 1e-6);
  }
  EXPECT_EQ(by_groups, answered);
  EXPECT_GT(s.run.summary.llm.groups.size(), 1u);
}

TEST(LlmServing, LowBatteriesInEclipseMoveTheModelAndReplaySessions) {
  // 60 Wh: a host computing in shadow soon drops below its reserve. Long answers (a minute
  // or two of decoding) keep sessions in flight when that happens.
  const Served s = serve(plane("jetson-agx-orin-64gb", 60, "llama-3-8b",
                               "{distribution: uniform, min: 2000, max: 4000}"));
  const LlmSummary& llm = s.run.summary.llm;
  EXPECT_GT(llm.replacements, 0u);
  EXPECT_GT(llm.replays, 0u);
  EXPECT_GT(llm.answered, 0u);
  size_t replayed_and_answered = 0;
  for (const JobRecord& j : s.run.jobs) replayed_and_answered += j.replays > 0 && j.is_delivered();
  EXPECT_GT(replayed_and_answered, 0u);
  // Replayed sessions are counted, not lost: every query is answered or has a reason.
  for (const JobRecord& j : s.run.jobs) {
    EXPECT_TRUE(j.is_delivered() || j.drop != DropReason::kNone);
  }
  const ByteLedger& b = s.bytes;
  EXPECT_NEAR(b.delivered_to_ground + b.consumed + b.dropped + b.in_flight + b.held, b.created,
              1e-6 * b.created + 1.0);
}

TEST(LlmServing, AModelTooBigForOneSatelliteIsServedByAPipeline) {
  // Llama-2-13B at int4 does not fit an 8 GB Orin Nano: it is split over neighbours.
  const Served s = serve(plane("jetson-orin-nano-super", 2000, "llama-2-13b"));
  const auto groups = place_serving_groups(*s.world, "llama-2-13b", s.world->scenario.start, {});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_GE(groups[0].hosts.size(), 2u);
  EXPECT_GT(groups[0].timing.prefill_fixed_s, 0.0);  // the cuts cross laser links
  EXPECT_GT(s.run.summary.llm.answered, 0u);
}

}  // namespace
}  // namespace lagrange::sim
