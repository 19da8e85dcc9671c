// Faults in the engine: each mechanism on a case worked by hand, then random fault storms
// that must keep jobs, bytes and energy balanced, leave down satellites idle, and replay
// identically.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "core/random.hpp"
#include "sim/engine.hpp"
#include "sim/internal/test_world.hpp"
#include "sim/run.hpp"

namespace lagrange::sim {
namespace {

std::unique_ptr<schedule::Policy> policy(const std::string& name) {
  auto p = schedule::make_policy(name);
  EXPECT_TRUE(p.ok());
  return std::move(p).value();
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
  for (const JobRecord& j : run.jobs) {
    EXPECT_TRUE(j.is_delivered() || j.drop != DropReason::kNone) << j.id;
  }
}

Fault satellite_fault(FaultKind kind, uint32_t sat, Instant at, std::optional<Duration> d) {
  Fault f;
  f.kind = kind;
  f.satellite = sat;
  f.start = at;
  if (d) f.end = at + *d;
  return f;
}

// [start, end) of every fault that takes a satellite down.
struct Down {
  uint32_t satellite;
  Instant start;
  Instant end;
};

// Nothing captured, started or computing on a satellite while it is down (the instant the
// fault starts excluded: events already due then may run first).
void expect_idle_while_down(const PolicyRun& run, const std::vector<Down>& downs) {
  for (const Down& d : downs) {
    const auto inside = [&](Instant t) { return t > d.start && t < d.end; };
    for (const CaptureRecord& c : run.captures) {
      EXPECT_FALSE(c.satellite == d.satellite && inside(c.time))
          << "capture by down satellite " << d.satellite << " at " << format_iso8601(c.time);
    }
    for (const SatelliteSample& s : run.samples) {
      EXPECT_FALSE(s.satellite == d.satellite && inside(s.time) && s.accelerator_busy)
          << "satellite " << d.satellite << " computing while down at " << format_iso8601(s.time);
    }
    for (const JobRecord& j : run.jobs) {
      EXPECT_FALSE(j.processor == static_cast<int>(d.satellite) && j.compute_end &&
                   inside(*j.compute_end))
          << "job " << j.id << " finished computing on a down satellite";
    }
  }
}

TEST(Faults, LosingASatelliteStopsItsWorkAndDropsWhatItHeldAsSatelliteLost) {
  const World& w = test::three_body_world();
  const auto p = policy("on-board");
  Engine engine(w, *p);
  const Instant at = w.scenario.start + Duration::hours(6);
  ASSERT_TRUE(engine.inject(satellite_fault(FaultKind::kSatelliteLoss, 0, at, {})).ok());
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  expect_balanced(engine, run);
  expect_idle_while_down(run, {{0, at, w.scenario.end}});
  ASSERT_EQ(run.faults.size(), 1u);
  EXPECT_EQ(run.faults[0].description.rfind("satellite_loss of SCS-01 A", 0), 0u);
  // The flagship was busy: what it held is lost, and those jobs say so.
  size_t lost = 0;
  for (const JobRecord& j : run.jobs) lost += j.drop == DropReason::kSatelliteLost;
  EXPECT_GT(lost, 0u);
  EXPECT_EQ(run.faults[0].jobs_dropped, lost);
  EXPECT_EQ(run.summary.dropped_by_reason.at("satellite_lost"), lost);
  // After the loss the satellite sends nothing down.
  Engine intact(w, *p);
  intact.run_to_end();
  const PolicyRun base = intact.finish();
  EXPECT_LT(run.satellites[0].downlink_bytes, base.satellites[0].downlink_bytes);
}

TEST(Faults, ARebootInterruptsTheRunningJobWhichRerunsFromTheStartAfterwards) {
  const World& w = test::three_body_world();
  const auto p = policy("on-board");
  Engine engine(w, *p, EngineOptions{.scenario_items = false});
  Submission s;
  s.workload = "api";
  s.at = w.scenario.start;
  s.what = workload::ComputeJobSpec{};
  s.from_station = w.scenario.stations.front().name;
  s.operations = w.satellites[0].int8_ops_per_s * 3600.0;  // an hour on the flagship
  s.input_bytes = 1e6;
  s.output_bytes = 1e5;
  auto id = engine.submit(s);
  ASSERT_TRUE(id.ok());
  Instant t = w.scenario.start;
  while (engine.job(*id)->stage != JobStage::kComputing && t < w.scenario.end) {
    t += Duration::minutes(1);
    engine.advance_to(t);
  }
  ASSERT_EQ(engine.job(*id)->stage, JobStage::kComputing);
  const auto sat = static_cast<uint32_t>(engine.job(*id)->record.processor);
  engine.advance_to(t + Duration::minutes(5));
  const Instant reboot = engine.now();
  const Duration length = Duration::seconds(900);
  ASSERT_TRUE(
      engine.inject(satellite_fault(FaultKind::kSatelliteReboot, sat, reboot, length)).ok());
  engine.advance_to(reboot);
  EXPECT_EQ(engine.job(*id)->stage, JobStage::kQueued);
  EXPECT_FALSE(engine.snapshot().satellites[sat].running_job.has_value());
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  const JobRecord& job = run.jobs[*engine.job(*id)->job];
  ASSERT_TRUE(job.is_delivered()) << drop_reason_name(job.drop);
  EXPECT_EQ(job.reruns, 1);
  // Work done before the reboot is gone: the whole hour again, after the reboot.
  const double compute_s = s.operations / w.satellites[sat].int8_ops_per_s;
  EXPECT_GE((*job.compute_end - (reboot + length)).to_seconds(), compute_s - 1e-6);
  // The lost minutes are paid for: energy of at least 65 minutes of busy accelerator.
  EXPECT_GE(job.energy_j, w.satellites[sat].busy_w * (compute_s + 5 * 60.0) * (1 - 1e-9));
  expect_balanced(engine, run);
  expect_idle_while_down(run, {{sat, reboot, reboot + length}});
  EXPECT_EQ(run.faults.at(0).reruns, 1u);
}

TEST(Faults, WithEveryLaserTerminalFailedNothingCrossesALaserLink) {
  const World& w = test::three_body_world();
  const auto p = policy("offload");
  Engine engine(w, *p);
  for (uint32_t sat = 0; sat < w.satellite_count(); ++sat) {
    ASSERT_TRUE(
        engine.inject(satellite_fault(FaultKind::kLaserTerminalFailure, sat, w.scenario.start, {}))
            .ok());
  }
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  EXPECT_EQ(run.summary.isl_bytes, 0.0);
  for (const JobRecord& j : run.jobs) EXPECT_EQ(j.isl_bytes, 0.0) << j.id;
  expect_balanced(engine, run);
}

TEST(Faults, NothingLandsAtAStationWhileItIsOutAndDeliveriesResumeAfter) {
  const World& w = test::three_body_world();
  const auto p = policy("on-board");
  Engine engine(w, *p);
  const Instant from = w.scenario.start + Duration::hours(4);
  const Instant to = w.scenario.start + Duration::hours(10);
  for (uint32_t st = 0; st < w.station_count(); ++st) {
    Fault f;
    f.kind = FaultKind::kStationOutage;
    f.station = st;
    f.start = from;
    f.end = to;
    ASSERT_TRUE(engine.inject(f).ok());
  }
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  size_t after = 0;
  for (const JobRecord& j : run.jobs) {
    if (!j.delivered) continue;
    EXPECT_FALSE(*j.delivered > from && *j.delivered < to) << j.id;
    after += *j.delivered >= to;
  }
  EXPECT_GT(after, 0u);
  expect_balanced(engine, run);
}

TEST(Faults, TheBaselineIsTheSamePolicyWithoutTheScenariosFaultsAndLeavesTheFaultyRunAlone) {
  const scenario::Scenario faulty = test::builtin("three-body-faults");
  const std::vector<std::string> on_board{"on-board"};
  auto with = run_scenario(faulty, test::catalog(), on_board);
  ASSERT_TRUE(with.ok()) << with.error().message;
  ASSERT_TRUE(with->runs[0].baseline.has_value());

  scenario::Scenario clean = faulty;
  clean.faults.clear();
  clean.fault_rates = {};
  auto without = run_scenario(clean, test::catalog(), on_board);
  ASSERT_TRUE(without.ok());
  EXPECT_FALSE(without->runs[0].baseline.has_value());  // nothing to compare against
  EXPECT_EQ(*with->runs[0].baseline, without->runs[0].summary);
  EXPECT_LT(with->runs[0].summary.jobs_delivered, without->runs[0].summary.jobs_delivered);

  ScenarioRunOptions no_baseline;
  no_baseline.fault_free_baseline = false;
  auto off = run_scenario(faulty, test::catalog(), on_board, {}, no_baseline);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->runs[0].baseline.has_value());
  with->runs[0].baseline.reset();
  EXPECT_EQ(off->runs[0], with->runs[0]);  // the baseline's engine shares nothing with it
}

TEST(Faults, InjectRefusesTheImpossible) {
  const World& w = test::three_body_world();
  const auto p = policy("on-board");
  Engine engine(w, *p);
  engine.advance_to(w.scenario.start + Duration::hours(1));
  const auto past = satellite_fault(FaultKind::kSatelliteLoss, 0, w.scenario.start, {});
  EXPECT_FALSE(engine.inject(past).ok());
  EXPECT_FALSE(
      engine.inject(satellite_fault(FaultKind::kSatelliteLoss, 99, engine.now(), {})).ok());
  EXPECT_FALSE(
      engine
          .inject(satellite_fault(FaultKind::kSatelliteLoss, 0, engine.now(), Duration::seconds(5)))
          .ok());
  EXPECT_FALSE(
      engine.inject(satellite_fault(FaultKind::kSatelliteReboot, 0, w.scenario.end, {})).ok());
}

// The default day's world with the scenario changed by `change` (the plan is the same).
World variant(const std::function<void(scenario::Scenario&)>& change) {
  World w = test::three_body_world();
  change(w.scenario);
  return w;
}

// (tenant, workload) of the default day's compute-job workload "batch-jobs".
std::pair<uint32_t, uint32_t> batch_jobs(const scenario::Scenario& s) {
  for (uint32_t t = 0; t < s.work.tenants.size(); ++t) {
    for (uint32_t k = 0; k < s.work.tenants[t].workloads.size(); ++k) {
      if (s.work.tenants[t].workloads[k].name == "batch-jobs") return {t, k};
    }
  }
  ADD_FAILURE() << "no batch-jobs workload";
  return {0, 0};
}

TEST(Faults, ARerunResumesFromTheLastCheckpoint) {
  // 25 minutes into an hour's job with 10-minute checkpoints, a reboot loses 5 minutes of
  // work: the job pays 65 minutes of accelerator energy (without checkpoints it would be 85).
  const World w = variant([](scenario::Scenario& s) {
    const auto [t, k] = batch_jobs(s);
    s.work.tenants[t].workloads[k].checkpoint_interval = Duration::seconds(600);
  });
  const auto [tenant, workload] = batch_jobs(w.scenario);
  const auto p = policy("on-board");
  Engine engine(w, *p, EngineOptions{.scenario_items = false});
  Submission s;
  s.tenant = tenant;
  s.workload = w.scenario.work.tenants[tenant].workloads[workload].name;
  s.at = w.scenario.start;
  s.what = workload::ComputeJobSpec{};
  s.from_station = w.scenario.stations.front().name;
  s.operations = w.satellites[0].int8_ops_per_s * 3600.0;
  s.input_bytes = 1e6;
  s.output_bytes = 1e5;
  auto id = engine.submit(s);
  ASSERT_TRUE(id.ok());
  Instant t = w.scenario.start;
  while (engine.job(*id)->stage != JobStage::kComputing && t < w.scenario.end) {
    t += Duration::seconds(10);
    engine.advance_to(t);
  }
  ASSERT_EQ(engine.job(*id)->stage, JobStage::kComputing);
  const auto sat = static_cast<uint32_t>(engine.job(*id)->record.processor);
  const Instant started = *engine.job(*id)->record.compute_start;
  const Instant reboot = started + Duration::minutes(25);
  ASSERT_TRUE(
      engine
          .inject(satellite_fault(FaultKind::kSatelliteReboot, sat, reboot, Duration::seconds(300)))
          .ok());
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  const JobRecord& job = run.jobs[*engine.job(*id)->job];
  ASSERT_TRUE(job.is_delivered()) << drop_reason_name(job.drop);
  EXPECT_EQ(job.reruns, 1);
  const double compute_s = s.operations / w.satellites[sat].int8_ops_per_s;
  const double busy_w = w.satellites[sat].busy_w;
  EXPECT_GE(job.energy_j, busy_w * (compute_s + 300.0) * (1 - 1e-9));
  EXPECT_LT(job.energy_j, busy_w * (compute_s + 600.0));
  EXPECT_GE((*job.compute_end - (reboot + Duration::seconds(300))).to_seconds(),
            compute_s - 1500.0 - 1e-6);
  expect_balanced(engine, run);
}

TEST(Faults, DualRedundancyPaysTwiceTheAcceleratorEnergy) {
  const World single = variant([](scenario::Scenario&) {});
  const World dual = variant([](scenario::Scenario& s) {
    const auto [t, k] = batch_jobs(s);
    s.work.tenants[t].workloads[k].redundancy = 2;
  });
  const auto p = policy("on-board");
  Engine a(single, *p);
  a.run_to_end();
  const PolicyRun one = a.finish();
  Engine b(dual, *p);
  b.run_to_end();
  const PolicyRun two = b.finish();
  expect_balanced(b, two);
  size_t compared = 0;
  for (size_t i = 0; i < one.jobs.size() && i < two.jobs.size(); ++i) {
    const JobRecord& x = one.jobs[i];
    const JobRecord& y = two.jobs[i];
    if (x.workload != "batch-jobs" || !x.is_delivered() || !y.is_delivered()) continue;
    if (x.processor < 0 || x.processor != y.processor || x.downlink_bytes != y.downlink_bytes ||
        x.isl_bytes != y.isl_bytes) {
      continue;
    }
    const SatelliteModel& m = single.satellites[static_cast<size_t>(x.processor)];
    EXPECT_NEAR(y.energy_j - x.energy_j, m.busy_w * x.operations / m.int8_ops_per_s,
                1e-6 * x.energy_j + 1e-6);
    ++compared;
  }
  EXPECT_GT(compared, 0u);
}

TEST(Faults, UpsetResultsFailTheirChecksumAndAreRecomputedDeterministically) {
  const World w = variant([](scenario::Scenario& s) {
    s.fault_rates.seu_per_accelerator_hour = 20.0;  // most long runs are hit
  });
  const auto p = policy("on-board");
  const auto run_once = [&](PolicyRun& out) {
    Engine engine(w, *p);
    engine.run_to_end();
    out = engine.finish();
    expect_balanced(engine, out);
  };
  PolicyRun first, second;
  run_once(first);
  run_once(second);
  EXPECT_TRUE(first == second);
  int reruns = 0;
  for (const JobRecord& j : first.jobs) reruns += j.reruns;
  EXPECT_GT(reruns, 0);
  ASSERT_FALSE(first.faults.empty());
  const FaultRecord& seu = first.faults.back();
  EXPECT_GT(seu.upsets, 0u);
  EXPECT_EQ(seu.reruns, static_cast<size_t>(reruns));
  EXPECT_GE(seu.upsets, seu.reruns);  // upsets in jobs that never reach the ground are not rerun
}

// A random storm: every kind, on random elements at random times.
std::vector<Fault> storm(const World& w, uint64_t seed, std::vector<Down>& downs) {
  Rng rng(seed);
  std::vector<Fault> out;
  const double window_s = (w.scenario.end - w.scenario.start).to_seconds();
  for (int i = 0; i < 12; ++i) {
    Fault f;
    f.kind = static_cast<FaultKind>(rng.below(6));
    f.satellite = static_cast<uint32_t>(rng.below(w.satellite_count()));
    f.other_satellite = (f.satellite + 1) % static_cast<uint32_t>(w.satellite_count());
    if (f.kind == FaultKind::kLinkOutage && f.other_satellite < f.satellite) {
      std::swap(f.satellite, f.other_satellite);
    }
    f.station = static_cast<uint32_t>(rng.below(w.station_count()));
    f.start = w.scenario.start + Duration::from_seconds(rng.uniform(0, window_s * 0.9));
    if (f.kind != FaultKind::kSatelliteLoss && rng.uniform() < 0.8) {
      f.end = f.start + Duration::from_seconds(rng.uniform(60, 4 * 3600));
    }
    if (f.kind == FaultKind::kSatelliteReboot && !f.end) f.end = f.start + Duration::minutes(10);
    f.keeps_store = rng.uniform() < 0.5;
    if (f.kind == FaultKind::kSatelliteLoss || f.kind == FaultKind::kSatelliteReboot) {
      downs.push_back({f.satellite, f.start, f.end.value_or(w.scenario.end)});
    }
    out.push_back(f);
  }
  std::sort(out.begin(), out.end(),
            [](const Fault& a, const Fault& b) { return a.start < b.start; });
  return out;
}

PolicyRun run_storm(const World& w, const schedule::Policy& p, const std::vector<Fault>& faults,
                    bool check) {
  Engine engine(w, p);
  for (const Fault& f : faults) {
    // Injected as a service would: just before each fault starts.
    engine.advance_to(f.start - Duration::from_ns(1));
    EXPECT_TRUE(engine.inject(f).ok());
  }
  engine.run_to_end();
  PolicyRun run = engine.finish();
  if (check) expect_balanced(engine, run);
  return run;
}

class FaultStorms : public ::testing::TestWithParam<std::string> {};

TEST_P(FaultStorms, KeepEverythingBalancedLeaveDownSatellitesIdleAndReplayIdentically) {
  const World& w = test::three_body_world();
  const auto p = policy(GetParam());
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::vector<Down> downs;
    const std::vector<Fault> faults = storm(w, seed, downs);
    const PolicyRun run = run_storm(w, *p, faults, true);
    expect_idle_while_down(run, downs);
    EXPECT_EQ(run.faults.size(), faults.size());
    if (seed <= 2) {
      EXPECT_TRUE(run == run_storm(w, *p, faults, false));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Policies, FaultStorms,
                         ::testing::Values("bent-pipe", "on-board", "offload"), [](const auto& p) {
                           std::string n = p.param;
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

}  // namespace
}  // namespace lagrange::sim
