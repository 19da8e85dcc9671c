// Running the digital twin on a scenario: build the world once (contact plan, ephemeris,
// capture opportunities, work items), then run each policy on it with its own engine
// (engine.hpp) — with faults in the scenario, each also without them — and collect a RunResult.
//
// Deterministic: the same scenario (and seed) gives identical RunResults, at any thread count.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "compute/catalog.hpp"
#include "core/result.hpp"
#include "scenario/scenario.hpp"
#include "sim/run_result.hpp"

namespace lagrange::sim {

// Called now and then with what is being done ("contact plan", "offload") and the fraction of
// it done, in [0, 1]. Calls for one stage have non-decreasing fractions and end with 1.
using ProgressFn = std::function<void(std::string_view stage, double fraction)>;

class World;  // world.hpp: immutable after build, shared by the policies' engines

Result<std::shared_ptr<const World>> build_world(const scenario::Scenario& scenario,
                                                 const compute::Catalog& catalog,
                                                 const ProgressFn& progress = {});

// One policy ("bent-pipe", "on-board", "offload") over the whole window.
Result<PolicyRun> run_policy(const World& world, std::string_view policy,
                             const ProgressFn& progress = {});

// The world's part of a RunResult (names, stations, tracks, contacts), with no runs yet.
RunResult world_result(const World& world);
// Fills each run's downlink_saved_fraction against the bent-pipe run, if there is one.
void compare_with_bent_pipe(RunResult& result);

struct ScenarioRunOptions {
  // When the scenario has faults (`faults` or `fault_rates`), also run each policy without
  // them and keep its summary as PolicyRun::baseline (the run then takes about twice the CPU).
  bool fault_free_baseline = true;
};

// The world plus every policy; `policies` empty: the scenario's list. Fills the summaries'
// downlink_saved_fraction against bent-pipe when bent-pipe is among them.
Result<RunResult> run_scenario(const scenario::Scenario& scenario, const compute::Catalog& catalog,
                               std::span<const std::string> policies = {},
                               const ProgressFn& progress = {},
                               const ScenarioRunOptions& options = {});

}  // namespace lagrange::sim
