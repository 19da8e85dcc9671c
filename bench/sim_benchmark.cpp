// Digital-twin speed (src/sim): building the world of a scenario (contact plan, ephemeris,
// capture opportunities, imaging scenes, tracks, work items) and running each scheduling
// policy's engine over it, for the default scenario (three-body, 12 satellites) and the
// 1,000-satellite benchmark day (data/scenarios/walker-1000.yaml, ~100,000 jobs).
//
// A policy's run is timed on a world built once outside the timed region (the world is
// shared read-only by the policies, as in `lagrange run`); it includes the engine's set-up,
// run_to_end and finish (the summaries). `events_per_s` is Engine::events_processed() per
// CPU-second of the process (the engine is single-threaded; on a shared machine CPU time is
// the figure that survives the load), `jobs` the jobs the run created (work items and
// systematic-imaging scenes).
// The walker-1000 runs are one iteration each: with the current router they take minutes to
// tens of minutes per policy (docs/PERFORMANCE.md), so select what to run:
//
//   build/bin/sim_benchmark --benchmark_filter=ThreeBody --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
//   build/bin/sim_benchmark --benchmark_filter='WorldWalker|RouteWalker'
//   build/bin/sim_benchmark --benchmark_filter='RunWalker1000/1'     # on-board only
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compute/catalog.hpp"
#include "core/random.hpp"
#include "network/router.hpp"
#include "scenario/scenario.hpp"
#include "schedule/policy.hpp"
#include "sim/engine.hpp"
#include "sim/run.hpp"
#include "sim/world.hpp"

namespace {

using lagrange::sim::World;

const char* const kPolicies[] = {"bent-pipe", "on-board", "offload", "adaptive"};

const lagrange::compute::Catalog& catalog() {
  static const lagrange::compute::Catalog c = [] {
    auto loaded = lagrange::compute::Catalog::load(LAGRANGE_DATA_DIR);
    if (!loaded) {
      std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
      std::exit(1);
    }
    return std::move(loaded).value();
  }();
  return c;
}

lagrange::scenario::Scenario builtin(const std::string& name) {
  auto s = lagrange::scenario::load_scenario(
      std::string(LAGRANGE_DATA_DIR) + "/scenarios/" + name + ".yaml",
      lagrange::scenario::LoadContext{LAGRANGE_DATA_DIR, &catalog()});
  if (!s) {
    std::fprintf(stderr, "%s\n", s.error().message.c_str());
    std::exit(1);
  }
  return std::move(s).value();
}

std::shared_ptr<const World> build(const lagrange::scenario::Scenario& s) {
  auto world = lagrange::sim::build_world(s, catalog());
  if (!world) {
    std::fprintf(stderr, "%s\n", world.error().message.c_str());
    std::exit(1);
  }
  return *world;
}

// Built once per process, on first use (outside any timed region).
const World& world(const std::string& name) {
  if (name == "three-body") {
    static const auto w = build(builtin("three-body"));
    return *w;
  }
  static const auto w = build(builtin("walker-1000"));
  return *w;
}

void world_counters(benchmark::State& state, const World& w) {
  state.counters["satellites"] = static_cast<double>(w.satellite_count());
  state.counters["contacts"] = static_cast<double>(w.plan.contacts.size());
  state.counters["work_items"] = static_cast<double>(w.items.size());
  state.counters["scenes"] = static_cast<double>(w.scenes.size());
}

void build_world_benchmark(benchmark::State& state, const std::string& name) {
  const auto scenario = builtin(name);
  std::shared_ptr<const World> w;
  for (auto _ : state) {
    w = build(scenario);
    benchmark::DoNotOptimize(w.get());
  }
  world_counters(state, *w);
}

void run_policy_benchmark(benchmark::State& state, const std::string& name) {
  const World& w = world(name);
  const char* policy_name = kPolicies[state.range(0)];
  auto policy = lagrange::schedule::make_policy(policy_name);
  if (!policy) {
    state.SkipWithError(policy.error().message.c_str());
    return;
  }
  state.SetLabel(policy_name);
  uint64_t events = 0;
  size_t jobs = 0;
  for (auto _ : state) {
    lagrange::sim::Engine engine(w, **policy);
    engine.run_to_end();
    events += engine.events_processed();
    const auto run = engine.finish();
    jobs = run.jobs.size();
    benchmark::DoNotOptimize(run.summary.events);
  }
  state.counters["events"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["jobs"] = static_cast<double>(jobs);
}

// The engine's typical route query on the walker-1000 plan (its cost dominates the runs):
// a 10 MB bundle from a random satellite at a random time of the day to any station
// (Arg 0: a downlink leg), to one station (Arg 1: a result returning to its submitter), or
// from a station to any satellite (Arg 2: a compute job's uplink); Arg 3 is Arg 0 with the
// ready times in order, 3 s apart, as the engine asks (the router's cursors then find where
// each contact list is open without a binary search). Full contact volumes.
void BM_RouteWalker1000(benchmark::State& state) {
  const World& w = world("walker-1000");
  lagrange::network::Router router(w.graph);
  lagrange::Rng rng(1000);
  std::vector<lagrange::access::NodeIndex> stations;
  for (size_t i = 0; i < w.station_count(); ++i) stations.push_back(w.station_node(i));
  std::vector<lagrange::access::NodeIndex> satellites;
  for (size_t i = 0; i < w.satellite_count(); ++i) satellites.push_back(static_cast<uint32_t>(i));
  const int64_t day_ns = (w.scenario.end - w.scenario.start).ns();
  size_t found = 0;
  size_t hops = 0;
  int64_t in_order_ns = 0;
  for (auto _ : state) {
    lagrange::network::RouteQuery q;
    q.ready =
        w.scenario.start +
        lagrange::Duration::from_ns(static_cast<int64_t>(rng.below(static_cast<uint64_t>(day_ns))));
    if (state.range(0) == 3) {
      in_order_ns = (in_order_ns + 3'000'000'000) % day_ns;
      q.ready = w.scenario.start + lagrange::Duration::from_ns(in_order_ns);
    }
    q.bytes = 10'000'000;
    std::optional<lagrange::network::Route> route;
    if (state.range(0) == 2) {
      q.source = stations[rng.below(stations.size())];
      route = router.earliest_route_to_any(q, satellites);
    } else {
      q.source = static_cast<uint32_t>(rng.below(w.satellite_count()));
      const bool to_any = state.range(0) == 0 || state.range(0) == 3;
      route = to_any ? router.earliest_route_to_any(q, stations)
                     : router.earliest_route(q, stations[rng.below(stations.size())]);
    }
    if (route) {
      ++found;
      hops += route->hop_count();
    }
  }
  state.counters["found"] = static_cast<double>(found) / static_cast<double>(state.iterations());
  state.counters["hops"] = found ? static_cast<double>(hops) / static_cast<double>(found) : 0.0;
}

// One submission to a live engine on the walker-1000 day, advanced to noon (outside the timed
// region): 0 a compute job, 1 an LLM query, 2 an EO task on a target submitted before (its
// capture opportunities cached), 3 an EO task on a new target each time (the opportunities
// of 1,000 satellites over the day searched for it).
void BM_SubmitWalker1000(benchmark::State& state) {
  const World& w = world("walker-1000");
  auto policy = lagrange::schedule::make_policy("on-board");
  lagrange::sim::Engine engine(w, **policy);
  engine.advance_to(w.scenario.start + lagrange::Duration::hours(12));
  lagrange::Rng rng(11);
  const std::string station = w.scenario.stations.front().name;
  const std::string llm = w.catalog.llms().front().id;
  const std::string vision = w.catalog.vision_models().front().id;
  uint64_t accepted = 0;
  for (auto _ : state) {
    lagrange::sim::Submission s;
    s.at = engine.now() + lagrange::Duration::seconds(static_cast<int64_t>(rng.below(3600)));
    s.from_station = station;
    if (state.range(0) == 0) {
      s.what = lagrange::workload::ComputeJobSpec{};
      s.operations = 1e13;
      s.input_bytes = 1e7;
      s.output_bytes = 1e5;
    } else if (state.range(0) == 1) {
      lagrange::workload::LlmQuerySpec q;
      q.model = llm;
      s.what = q;
      s.prompt_tokens = 200;
      s.answer_tokens = 100;
    } else {
      lagrange::workload::EoTaskSpec eo;
      const double lat = state.range(0) == 2 ? 30.0 : rng.uniform(-60.0, 60.0);
      const double lon = state.range(0) == 2 ? 120.0 : rng.uniform(-179.0, 179.0);
      eo.target.vertices = {{lat, lon}};
      eo.model = vision;
      eo.capture_window = lagrange::Duration::hours(6);
      s.what = eo;
    }
    accepted += engine.submit(std::move(s)).ok() ? 1 : 0;
  }
  state.counters["accepted"] =
      static_cast<double>(accepted) / static_cast<double>(state.iterations());
}

void BM_WorldThreeBody(benchmark::State& state) {
  build_world_benchmark(state, "three-body");
}
void BM_RunThreeBody(benchmark::State& state) {
  run_policy_benchmark(state, "three-body");
}
void BM_WorldWalker1000(benchmark::State& state) {
  build_world_benchmark(state, "walker-1000");
}
void BM_RunWalker1000(benchmark::State& state) {
  run_policy_benchmark(state, "walker-1000");
}

// Process CPU time (all threads: the ephemeris is propagated in parallel) and wall time are
// both reported. World builds iterate on wall time (OpenMP), runs on CPU time (their rates).
BENCHMARK(BM_WorldThreeBody)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(BM_RunThreeBody)
    ->DenseRange(0, 3)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();
BENCHMARK(BM_RouteWalker1000)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SubmitWalker1000)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_WorldWalker1000)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(BM_RunWalker1000)
    ->DenseRange(0, 3)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
