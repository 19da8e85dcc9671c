// Conservation laws over whole runs of the built-in Three-Body day: every job ends delivered or
// dropped with a reason, every byte is accounted for, every joule too; and the run is
// deterministic.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/engine.hpp"
#include "sim/internal/test_world.hpp"
#include "sim/world.hpp"

namespace lagrange::sim {
namespace {

const World& three_body() {
  static const std::shared_ptr<const World> w = [] {
    auto built = build_world(test::builtin("three-body"), test::catalog());
    EXPECT_TRUE(built.ok()) << built.error().message;
    return std::move(built).value();
  }();
  return *w;
}

class Conservation : public ::testing::TestWithParam<std::string> {};

TEST_P(Conservation, JobsBytesAndEnergyBalance) {
  auto policy = schedule::make_policy(GetParam());
  ASSERT_TRUE(policy.ok());
  Engine engine(three_body(), **policy);
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  const PolicySummary& s = run.summary;
  std::printf("%s: submitted %zu delivered %zu dropped %zu p50 %.0f s p90 %.0f downlink %.3g B events %llu\n",
              s.policy.c_str(), s.jobs_submitted, s.jobs_delivered, s.jobs_dropped, s.latency_s.p50,
              s.latency_s.p90, s.downlink_bytes, static_cast<unsigned long long>(s.events));
  for (const auto& [reason, n] : s.dropped_by_reason) std::printf("  %s %zu\n", reason.c_str(), n);
  std::printf("  util %.4f lowest soc %.3f isl %.3g energy/job %.0f llm answered %zu/%zu p50 %.0f ttft %.2f tok/s %.1f repl %zu\n",
              s.accelerator_utilisation, s.lowest_state_of_charge, s.isl_bytes, s.energy_per_job_j,
              s.llm.answered, s.llm.queries, s.llm.total_s.p50, s.llm.time_to_first_token_s.p50,
              s.llm.tokens_per_s, s.llm.replacements);
  for (const auto& t : s.tenants) std::printf("  %s %zu/%zu p50 %.0f\n", t.tenant.c_str(), t.jobs_delivered, t.jobs_submitted, t.latency_s.p50);

  // Jobs: nothing disappears.
  ASSERT_GT(s.jobs_submitted, 0u);
  EXPECT_EQ(s.jobs_submitted, s.jobs_delivered + s.jobs_dropped);
  for (const JobRecord& j : run.jobs) {
    if (j.drop == DropReason::kNone) {
      EXPECT_TRUE(j.delivered.has_value()) << "job " << j.id;
      EXPECT_GE(j.latency_s(), 0.0) << "job " << j.id;
    }
  }

  // Bytes: created = on the ground + consumed by compute + dropped + still in flight or held.
  const ByteLedger& b = engine.bytes();
  const double accounted = b.delivered_to_ground + b.consumed + b.dropped + b.in_flight + b.held;
  EXPECT_NEAR(accounted, b.created, 1e-9 * b.created + 1.0);
  EXPECT_GT(b.created, 0.0);

  // Energy: per satellite, initial + harvested - spilled - losses - delivered = final.
  for (const EnergyLedger& e : engine.energy()) {
    const double balance =
        e.initial_j + e.harvested_j - e.spilled_j - e.losses_j - e.delivered_j - e.final_j;
    EXPECT_NEAR(balance, 0.0, 1e-6 * (e.initial_j + e.harvested_j));
  }
}

INSTANTIATE_TEST_SUITE_P(Policies, Conservation,
                         ::testing::Values("bent-pipe", "on-board", "offload"),
                         [](const auto& p) {
                           std::string n = p.param;
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

}  // namespace
}  // namespace lagrange::sim
namespace lagrange::sim {
TEST(Debug, Opportunities) {
  const World& w = three_body();
  for (size_t i = 0; i < w.opportunities.size(); ++i) {
    std::printf("workload slot %zu: %zu opportunities\n", i, w.opportunities[i].size());
    for (const auto& o : w.opportunities[i]) std::printf("  sat %u %s area %.0f\n", o.satellite, format_iso8601(o.time).c_str(), o.area_km2);
  }
  std::printf("scenes %zu contacts %zu\n", w.scenes.size(), w.plan.contacts.size());
  size_t isl = 0; for (auto& c : w.plan.contacts) isl += c.kind == access::ContactKind::kInterSatellite; std::printf("isl contacts %zu\n", isl);
}
}
namespace lagrange::sim {
TEST(Debug, FromEnv) {
  const char* path = std::getenv("DBG_SCENARIO");
  if (!path) GTEST_SKIP();
  auto s = scenario::load_scenario(path, scenario::LoadContext{LAGRANGE_DATA_DIR, &test::catalog()});
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto w = build_world(*s, test::catalog());
  auto policy = schedule::make_policy("on-board");
  Engine engine(**w, **policy);
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  const ByteLedger& b = engine.bytes();
  std::printf("created %.1f delivered %.1f consumed %.1f dropped %.1f inflight %.1f held %.1f diff %.1f\n", b.created, b.delivered_to_ground, b.consumed, b.dropped, b.in_flight, b.held,
   b.delivered_to_ground + b.consumed + b.dropped + b.in_flight + b.held - b.created);
  for (auto& [r, n] : run.summary.dropped_by_reason) std::printf("%s %zu\n", r.c_str(), n);
  auto f = [](const std::optional<Instant>& t) { return t ? format_iso8601(*t) : std::string("-"); };
  for (const auto& j : run.jobs) std::printf("%llu %s sub %s up %s proc %s cs %s ce %s del %s raw %.0f res %.0f\n", (unsigned long long)j.id, std::string(drop_reason_name(j.drop)).c_str(), format_iso8601(j.submitted).c_str(), f(j.uplinked).c_str(), f(j.at_processor).c_str(), f(j.compute_start).c_str(), f(j.compute_end).c_str(), f(j.delivered).c_str(), j.raw_bytes, j.result_bytes);
}
}
