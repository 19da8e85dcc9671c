// The live engine: work submitted while it runs gives exactly the batch run, in any call
// order; cancellations free what they held; runtime tenants and targets; the observer and
// the snapshot agree with the final outputs; jobs, bytes and energy balance throughout.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "core/random.hpp"
#include "sim/engine.hpp"
#include "sim/internal/test_world.hpp"
#include "sim/world.hpp"

namespace lagrange::sim {
namespace {

PolicyRun batch_run(const std::string& policy_name) {
  auto policy = schedule::make_policy(policy_name);
  EXPECT_TRUE(policy.ok());
  Engine engine(test::three_body_world(), **policy);
  engine.run_to_end();
  return engine.finish();
}

void expect_balanced(const Engine& engine, const PolicyRun& run) {
  EXPECT_EQ(run.summary.jobs_submitted, run.summary.jobs_delivered + run.summary.jobs_dropped);
  const ByteLedger& b = engine.bytes();
  const double accounted = b.delivered_to_ground + b.consumed + b.dropped + b.in_flight + b.held;
  EXPECT_NEAR(accounted, b.created, 1e-9 * b.created + 1.0);
  for (const EnergyLedger& e : engine.energy()) {
    const double balance =
        e.initial_j + e.harvested_j - e.spilled_j - e.losses_j - e.delivered_j - e.final_j;
    EXPECT_NEAR(balance, 0.0, 1e-6 * (e.initial_j + e.harvested_j));
  }
}

class LivePolicies : public ::testing::TestWithParam<std::string> {};

TEST_P(LivePolicies, SubmittingTheItemsJustInTimeGivesTheBatchRun) {
  const World& w = test::three_body_world();
  auto policy = schedule::make_policy(GetParam());
  ASSERT_TRUE(policy.ok());
  Engine live(w, **policy, EngineOptions{.scenario_items = false});
  for (const workload::WorkItem& item : w.items) {
    // Driven as a service would: advance to just before the work arrives, then submit it.
    live.advance_to(item.arrival - Duration::from_ns(1));
    auto id = live.submit(test::as_submission(w, item));
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_EQ(*id, item.id);
  }
  live.run_to_end();
  const PolicyRun run = live.finish();
  EXPECT_TRUE(run == batch_run(GetParam()));
  expect_balanced(live, run);
}

TEST_P(LivePolicies, SubmittingInAShuffledCallOrderGivesTheSameRun) {
  const World& w = test::three_body_world();
  std::vector<size_t> order(w.items.size());
  std::iota(order.begin(), order.end(), 0);
  Rng rng(42);
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  auto policy = schedule::make_policy(GetParam());
  ASSERT_TRUE(policy.ok());
  Engine live(w, **policy, EngineOptions{.scenario_items = false});
  for (const size_t i : order) ASSERT_TRUE(live.submit(test::as_submission(w, w.items[i])).ok());
  live.run_to_end();
  EXPECT_TRUE(live.finish() == batch_run(GetParam()));
}

TEST_P(LivePolicies, BoundedStepsGiveTheRunOfOneAdvance) {
  const World& w = test::three_body_world();
  auto policy = schedule::make_policy(GetParam());
  ASSERT_TRUE(policy.ok());
  Engine whole(w, **policy);
  whole.run_to_end();
  const PolicyRun expected = whole.finish();
  const Instant noon =
      w.scenario.start + Duration::from_ns((w.scenario.end - w.scenario.start).ns() / 2);
  // One event at a time stops between events of one instant; 7 and 5,000 at other places.
  for (const uint64_t step : {uint64_t{1}, uint64_t{7}, uint64_t{5000}}) {
    SCOPED_TRACE(::testing::Message() << "steps of " << step);
    Engine stepped(w, **policy);
    size_t short_steps = 0;
    for (const Instant target : {noon, w.scenario.end}) {
      for (;;) {
        const uint64_t before = stepped.events_processed();
        const bool reached = stepped.advance_to(target, step);
        EXPECT_LE(stepped.events_processed() - before, step);
        EXPECT_LE(stepped.now(), target);
        if (reached) break;
        ++short_steps;
      }
      EXPECT_EQ(stepped.now(), target);
    }
    EXPECT_GT(short_steps, 0u);
    EXPECT_EQ(stepped.events_processed(), whole.events_processed());
    EXPECT_TRUE(stepped.finish() == expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Policies, LivePolicies,
                         ::testing::Values("bent-pipe", "on-board", "offload", "adaptive"),
                         [](const auto& p) {
                           std::string n = p.param;
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

Submission compute_job(const World& w, Instant at, double operations) {
  Submission s;
  s.tenant = 0;
  s.workload = "api";
  s.at = at;
  s.what = workload::ComputeJobSpec{};
  s.from_station = w.scenario.stations.front().name;
  s.operations = operations;
  s.input_bytes = 1e6;
  s.output_bytes = 1e5;
  return s;
}

TEST(Live, CancellingBeforeArrivalRecordsACancelledJobAndNothingElse) {
  const World& w = test::three_body_world();
  auto policy = schedule::make_policy("on-board");
  ASSERT_TRUE(policy.ok());
  Engine engine(w, **policy, EngineOptions{.scenario_items = false});
  const Instant at = w.scenario.start + Duration::hours(2);
  auto id = engine.submit(compute_job(w, at, 1e12));
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(engine.job(*id)->stage, JobStage::kAccepted);
  EXPECT_TRUE(engine.cancel(*id));
  EXPECT_FALSE(engine.cancel(*id));  // once
  EXPECT_EQ(engine.job(*id)->stage, JobStage::kDropped);
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  // The scenario's systematic imaging runs too; the submission is one job among its scenes.
  const JobRecord& job = run.jobs[*engine.job(*id)->job];
  EXPECT_EQ(job.workload, "api");
  EXPECT_EQ(job.drop, DropReason::kCancelled);
  EXPECT_EQ(job.submitted, at);
  EXPECT_EQ(job.downlink_bytes, 0.0);
  EXPECT_FALSE(job.uplinked.has_value());
  expect_balanced(engine, run);
}

TEST(Live, CancellingMidFlightFreesTheDataAndTheAcceleratorAndBalances) {
  // A job long enough to be on the accelerator when it is cancelled.
  const World& w = test::three_body_world();
  auto policy = schedule::make_policy("on-board");
  ASSERT_TRUE(policy.ok());
  Engine engine(w, **policy, EngineOptions{.scenario_items = false});
  const double ops = w.satellites[0].int8_ops_per_s * 6 * 3600.0;  // ~6 h of compute
  auto id = engine.submit(compute_job(w, w.scenario.start, ops));
  ASSERT_TRUE(id.ok());
  Instant t = w.scenario.start;
  while (engine.job(*id)->stage != JobStage::kComputing && t < w.scenario.end) {
    t += Duration::minutes(1);
    engine.advance_to(t);
  }
  ASSERT_EQ(engine.job(*id)->stage, JobStage::kComputing);
  const int sat = engine.job(*id)->record.processor;
  ASSERT_GE(sat, 0);
  EXPECT_EQ(engine.snapshot().satellites[sat].running_job, engine.job(*id)->job);
  const size_t active_before = engine.snapshot().jobs_active;
  EXPECT_TRUE(engine.cancel(*id));
  EXPECT_FALSE(engine.cancel(*id));
  const EngineSnapshot after = engine.snapshot();
  EXPECT_NE(after.satellites[sat].running_job, engine.job(*id)->job);
  EXPECT_EQ(after.jobs_active, active_before - 1);
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  const JobRecord& job = run.jobs[*engine.job(*id)->job];
  EXPECT_EQ(job.drop, DropReason::kCancelled);
  EXPECT_FALSE(job.compute_end.has_value());
  expect_balanced(engine, run);
}

TEST(Live, ObserverSeesEveryTransitionInTimeOrderEndingDelivered) {
  const World& w = test::three_body_world();
  auto policy = schedule::make_policy("on-board");
  ASSERT_TRUE(policy.ok());
  Engine engine(w, **policy, EngineOptions{.scenario_items = false});
  std::vector<JobTransition> seen;
  engine.set_observer(
      [&](SubmissionId, const JobView&, const JobTransition& t) { seen.push_back(t); });
  auto id = engine.submit(compute_job(w, w.scenario.start + Duration::minutes(5), 1e12));
  ASSERT_TRUE(id.ok());
  engine.run_to_end();
  const JobView v = *engine.job(*id);
  ASSERT_EQ(v.stage, JobStage::kDelivered);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().stage, JobStage::kDelivered);
  EXPECT_EQ(seen.back().station, v.record.delivered_to);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end(),
                             [](const auto& a, const auto& b) { return a.at < b.at; }));
  // The view's timeline is the accepted step plus what the observer saw.
  ASSERT_EQ(v.timeline.size(), seen.size() + 1);
  EXPECT_EQ(v.timeline.front().stage, JobStage::kAccepted);
  EXPECT_TRUE(std::equal(seen.begin(), seen.end(), v.timeline.begin() + 1));
  const std::vector<JobStage> expected = {JobStage::kAccepted,    JobStage::kUplinking,
                                          JobStage::kQueued,      JobStage::kComputing,
                                          JobStage::kDownlinking, JobStage::kDelivered};
  std::vector<JobStage> stages;
  for (const auto& s : v.timeline) stages.push_back(s.stage);
  EXPECT_EQ(stages, expected);
}

TEST(Live, ANewTargetIsCapturedAtItsFirstOpportunity) {
  const World& w = test::three_body_world();
  auto policy = schedule::make_policy("on-board");
  ASSERT_TRUE(policy.ok());
  Engine engine(w, **policy, EngineOptions{.scenario_items = false});
  workload::EoTaskSpec eo;
  // Taiwan Strait and the coast north of it: no workload of the scenario names it.
  eo.target.vertices = {{28.0, 119.0}, {28.0, 122.0}, {23.0, 120.5}, {23.0, 117.5}};
  eo.model = w.catalog.vision_models().front().id;
  eo.capture_window = Duration::hours(24);
  Submission s;
  s.what = eo;
  s.at = w.scenario.start + Duration::hours(1);
  auto id = engine.submit(s);
  ASSERT_TRUE(id.ok()) << id.error().message;
  engine.run_to_end();
  const JobView v = *engine.job(*id);
  const auto opportunities = w.capture_opportunities(eo.target);
  const auto first = std::find_if(opportunities.begin(), opportunities.end(),
                                  [&](const auto& o) { return o.time >= s.at; });
  ASSERT_NE(first, opportunities.end());
  ASSERT_TRUE(v.record.captured.has_value());
  EXPECT_EQ(*v.record.captured, first->time);
  EXPECT_EQ(v.record.capture_satellite, static_cast<int>(first->satellite));
}

TEST(Live, ARuntimeTenantIsServedAndReported) {
  const World& w = test::three_body_world();
  auto policy = schedule::make_policy("on-board");
  ASSERT_TRUE(policy.ok());
  Engine engine(w, **policy);
  workload::TenantSpec t;
  t.name = "newcomer";
  t.weight = 2.0;
  auto index = engine.add_tenant(t);
  ASSERT_TRUE(index.ok()) << index.error().message;
  EXPECT_FALSE(engine.add_tenant(t).ok());  // names are unique
  Submission s = compute_job(w, w.scenario.start + Duration::hours(3), 1e13);
  s.tenant = *index;
  ASSERT_TRUE(engine.submit(s).ok());
  engine.run_to_end();
  const EngineSnapshot snap = engine.snapshot();
  const PolicyRun run = engine.finish();
  ASSERT_EQ(run.summary.tenants.size(), w.scenario.work.tenants.size() + 1);
  const TenantSummary& mine = run.summary.tenants.back();
  EXPECT_EQ(mine.tenant, "newcomer");
  EXPECT_EQ(mine.jobs_submitted, 1u);
  EXPECT_EQ(mine.jobs_delivered, 1u);
  EXPECT_GT(snap.tenants.back().accelerator_s, 0.0);
}

TEST(Live, BadSubmissionsAreRefusedNamingTheField) {
  const World& w = test::three_body_world();
  auto policy = schedule::make_policy("on-board");
  ASSERT_TRUE(policy.ok());
  Engine engine(w, **policy);
  const auto error_of = [&](Submission s) {
    auto r = engine.submit(std::move(s));
    return r.ok() ? std::string("accepted") : r.error().message;
  };
  Submission s = compute_job(w, w.scenario.start, 1e12);
  s.tenant = 99;
  EXPECT_NE(error_of(s).find("tenant"), std::string::npos);
  s = compute_job(w, w.scenario.start, 1e12);
  s.from_station = "Atlantis";
  EXPECT_NE(error_of(s).find("from_station: unknown ground station 'Atlantis'"), std::string::npos);
  s = compute_job(w, w.scenario.start, 1e25);
  EXPECT_NE(error_of(s).find("operations"), std::string::npos);
  s = compute_job(w, w.scenario.start, 1e12);
  s.input_bytes = 1e20;
  EXPECT_NE(error_of(s).find("input_bytes"), std::string::npos);
  s = compute_job(w, w.scenario.start, std::nan(""));
  EXPECT_NE(error_of(s).find("operations"), std::string::npos);
  s = compute_job(w, w.scenario.end + Duration::seconds(1), 1e12);
  EXPECT_NE(error_of(s).find("at:"), std::string::npos);
  workload::EoTaskSpec eo;
  eo.target.vertices = {{95.0, 0.0}};
  eo.capture_window = Duration::hours(1);
  s = Submission{};
  s.what = eo;
  EXPECT_NE(error_of(s).find("target[0]: latitude"), std::string::npos);
  workload::LlmQuerySpec q;
  q.model = "no-such-model";
  s = Submission{};
  s.what = q;
  s.from_station = w.scenario.stations.front().name;
  s.prompt_tokens = s.answer_tokens = 10;
  EXPECT_NE(error_of(s).find("model: unknown language model"), std::string::npos);
}

TEST(Live, SnapshotAtTheEndAgreesWithTheFinalOutputs) {
  const World& w = test::three_body_world();
  auto policy = schedule::make_policy("offload");
  ASSERT_TRUE(policy.ok());
  Engine engine(w, **policy);
  engine.run_to_end();
  const EngineSnapshot snap = engine.snapshot();
  const PolicyRun run = engine.finish();
  ASSERT_EQ(snap.tenants.size(), run.summary.tenants.size());
  size_t active = 0;
  for (size_t t = 0; t < snap.tenants.size(); ++t) {
    const TenantSummary& sum = run.summary.tenants[t];
    EXPECT_EQ(snap.tenants[t].name, sum.tenant);
    EXPECT_EQ(snap.tenants[t].jobs_submitted, sum.jobs_submitted);
    EXPECT_EQ(snap.tenants[t].jobs_delivered, sum.jobs_delivered);
    // Jobs still active at the end are closed `unfinished` by finish.
    EXPECT_EQ(snap.tenants[t].jobs_dropped + snap.tenants[t].jobs_active, sum.jobs_dropped);
    EXPECT_DOUBLE_EQ(snap.tenants[t].downlink_bytes, sum.downlink_bytes);
    active += snap.tenants[t].jobs_active;
  }
  EXPECT_EQ(active, snap.jobs_active);
  EXPECT_EQ(snap.jobs_total, run.jobs.size());
  // Downlink per station and per job are two ledgers of the same bytes.
  ASSERT_EQ(snap.station_downlink_bytes.size(), w.station_count());
  double by_station = 0.0;
  for (const double bytes : snap.station_downlink_bytes) by_station += bytes;
  double by_job = 0.0;
  for (const JobRecord& j : run.jobs) by_job += j.downlink_bytes;
  EXPECT_GT(by_job, 0.0);
  EXPECT_NEAR(by_station, by_job, 1e-9 * by_job);
  ASSERT_EQ(snap.satellites.size(), run.satellites.size());
  for (size_t i = 0; i < snap.satellites.size(); ++i) {
    const EnergyLedger& e = engine.energy()[i];
    const double capacity = w.satellites[i].power.battery_capacity_wh * 3600.0;
    EXPECT_NEAR(snap.satellites[i].state_of_charge, e.final_j / capacity, 1e-9);
    const TrackPoint& last = w.tracks[i].back();
    if (last.time == w.scenario.end) {
      EXPECT_NEAR(snap.satellites[i].latitude_deg, last.latitude_deg, 1e-6);
      EXPECT_NEAR(snap.satellites[i].longitude_deg, last.longitude_deg, 1e-6);
    }
  }
}

}  // namespace
}  // namespace lagrange::sim
