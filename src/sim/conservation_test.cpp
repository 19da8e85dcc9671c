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

class Conservation : public ::testing::TestWithParam<std::string> {};

TEST_P(Conservation, JobsBytesAndEnergyBalance) {
  auto policy = schedule::make_policy(GetParam());
  ASSERT_TRUE(policy.ok());
  Engine engine(test::three_body_world(), **policy);
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  const PolicySummary& s = run.summary;
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
                         ::testing::Values("bent-pipe", "on-board", "offload"), [](const auto& p) {
                           std::string n = p.param;
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

}  // namespace
}  // namespace lagrange::sim
