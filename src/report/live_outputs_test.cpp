// The batch run is a special case of the live engine: the built-in day driven by submit and
// advance_to renders byte-identical output files to `lagrange run`'s.
#include <gtest/gtest.h>

#include "report/outputs.hpp"
#include "scenario/scenario.hpp"
#include "sim/engine.hpp"
#include "sim/internal/test_world.hpp"
#include "sim/run.hpp"
#include "sim/world.hpp"

namespace lagrange::report {
namespace {

// Each policy's engine started empty; the work submitted a little ahead of its arrival while
// the engine is advanced in steps, as a service would.
sim::PolicyRun live_run(const sim::World& w, const std::string& name) {
  auto policy = schedule::make_policy(name);
  EXPECT_TRUE(policy.ok());
  sim::Engine engine(w, **policy, sim::EngineOptions{.scenario_items = false});
  for (const workload::WorkItem& item : w.items) {
    engine.advance_to(item.arrival - Duration::seconds(30));
    EXPECT_TRUE(engine.submit(sim::test::as_submission(w, item)).ok());
  }
  engine.run_to_end();
  return engine.finish();
}

TEST(LiveOutputs, TheDefaultDayDrivenLiveRendersTheBatchFiles) {
  const scenario::Scenario s = sim::test::builtin("three-body");
  auto batch = sim::run_scenario(s, sim::test::catalog());
  ASSERT_TRUE(batch.ok()) << batch.error().message;
  auto world = sim::build_world(s, sim::test::catalog());
  ASSERT_TRUE(world.ok()) << world.error().message;
  sim::RunResult live = sim::world_result(**world);
  for (const auto& run : batch->runs) live.runs.push_back(live_run(**world, run.policy));
  sim::compare_with_bent_pipe(live);
  for (const std::string_view file : scenario::kOutputFiles) {
    auto expected = render_output(*batch, file);
    auto got = render_output(live, file);
    ASSERT_TRUE(expected.ok() && got.ok()) << file;
    EXPECT_GT(expected->size(), 1000u) << file;
    EXPECT_TRUE(*expected == *got) << file << " differs";
  }
}

}  // namespace
}  // namespace lagrange::report
