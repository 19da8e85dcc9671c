// Tenants share accelerators by weight and are held to their daily compute quotas.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <variant>

#include "sim/engine.hpp"
#include "sim/internal/test_world.hpp"

namespace lagrange::sim {
namespace {

// The busy plane (more imagery than its accelerators can screen) recording for two tenants
// with the same demand: the accelerators are always contended.
std::string two_tenants(double heavy_weight) {
  const auto tenant = [](const std::string& name, double weight) {
    return "  - name: " + name + "\n    weight: " + std::to_string(weight) + R"(
    workloads:
      - name: screening
        kind: systematic_imaging
        duty_cycle: 0.3
        model: vit-b-16
)";
  };
  return test::busy_plane_yaml("shared-plane", "2000",
                               tenant("heavy", heavy_weight) + tenant("light", 1.0), "[on-board]");
}

PolicyRun run(const scenario::Scenario& s, const std::string& policy_name) {
  auto world = build_world(s, test::catalog());
  EXPECT_TRUE(world.ok()) << world.error().message;
  auto policy = schedule::make_policy(policy_name);
  Engine engine(**world, **policy);
  engine.run_to_end();
  return engine.finish();
}

// Accelerator seconds each tenant got (index 0: heavy, 1: light).
std::array<double, 2> accelerator_seconds(const PolicyRun& r) {
  std::array<double, 2> s{0.0, 0.0};
  for (const auto& j : r.jobs) {
    if (j.compute_start && j.compute_end) {
      s.at(j.tenant) += (*j.compute_end - *j.compute_start).to_seconds();
    }
  }
  return s;
}

TEST(Tenants, EqualWeightsShareAContendedAcceleratorEvenly) {
  const std::array<double, 2> s =
      accelerator_seconds(run(test::parse(two_tenants(1.0)), "on-board"));
  ASSERT_GT(s[0] + s[1], 0.0);
  EXPECT_NEAR(s[0] / (s[0] + s[1]), 0.5, 0.05);
}

TEST(Tenants, ATripleWeightGetsAboutThreeQuartersOfAContendedAccelerator) {
  const PolicyRun r = run(test::parse(two_tenants(3.0)), "on-board");
  const std::array<double, 2> s = accelerator_seconds(r);
  ASSERT_GT(s[1], 0.0);
  // Both tenants have the same demand, more than the accelerators can serve, so the shares
  // follow the weights (3:1); not exactly, as a share is only counted when a job finishes.
  EXPECT_NEAR(s[0] / (s[0] + s[1]), 0.75, 0.06);
  // And the heavier tenant's results wait less.
  size_t delivered[2] = {0, 0};
  for (const auto& j : r.jobs) delivered[j.tenant] += j.is_delivered() ? 1 : 0;
  EXPECT_GT(delivered[0], delivered[1]);
}

TEST(Tenants, AJobBeyondTheDailyQuotaIsDroppedOverQuota) {
  // 1e15 operations per job, 1.5e15 a day: the first job to reach orbit runs, the others
  // (two more reach orbit on the default day) are over quota, though compute is to spare.
  scenario::Scenario s = test::builtin("three-body");
  for (auto& t : s.work.tenants) {
    if (t.name != "research-lab") continue;
    t.quota_ops_per_day = 1.5e15;
    for (auto& w : t.workloads) {
      auto* job = std::get_if<workload::ComputeJobSpec>(&w.what);
      if (job != nullptr) job->operations = workload::Distribution::fixed(1.0e15);
    }
  }
  const PolicyRun r = run(s, "on-board");
  size_t computed = 0;
  size_t over = 0;
  for (const auto& j : r.jobs) {
    if (j.kind != JobKind::kComputeJob) continue;
    computed += j.compute_start ? 1 : 0;
    over += j.drop == DropReason::kOverQuota ? 1 : 0;
  }
  EXPECT_EQ(computed, 1u);
  EXPECT_GT(over, 0u);
  EXPECT_EQ(r.summary.dropped_by_reason.at("over_quota"), over);
}

}  // namespace
}  // namespace lagrange::sim
