#include "sim/run.hpp"

#include <mutex>
#include <numeric>
#include <thread>

#include "schedule/policy.hpp"
#include "sim/engine.hpp"
#include "sim/world.hpp"

namespace lagrange::sim {

RunResult world_result(const World& w) {
  RunResult r;
  const auto& s = w.scenario;
  r.scenario = s.name;
  r.description = s.description;
  r.start = s.start;
  r.end = s.end;
  r.seed = s.seed;
  for (size_t i = 0; i < s.satellites.size(); ++i) {
    r.satellites.push_back(s.satellites[i].elements.name.empty()
                               ? std::to_string(s.satellites[i].elements.norad_id)
                               : s.satellites[i].elements.name);
    r.satellite_classes.push_back(s.class_of(i).name);
  }
  for (const auto& st : s.stations) {
    r.stations.push_back({st.name, st.latitude_deg, st.longitude_deg, st.height_m});
  }
  for (const auto& t : s.work.tenants) r.tenants.push_back(t.name);
  r.tracks = w.tracks;
  r.nodes = w.plan.nodes;
  r.contacts = w.plan.contacts;
  return r;
}

void compare_with_bent_pipe(RunResult& result) {
  const PolicyRun* baseline = nullptr;
  for (const auto& run : result.runs) {
    if (run.policy == "bent-pipe") baseline = &run;
  }
  if (baseline == nullptr || baseline->summary.downlink_bytes <= 0.0) return;
  for (auto& run : result.runs) {
    run.summary.downlink_saved_fraction =
        1.0 - run.summary.downlink_bytes / baseline->summary.downlink_bytes;
  }
}

namespace {

// Several engines report at once: their fractions are averaged into one stage named after all
// the policies, so the bar moves steadily instead of jumping between them.
class JointProgress {
 public:
  JointProgress(std::string stage, size_t runs, const ProgressFn& progress)
      : progress_(progress), stage_(std::move(stage)), done_(runs, 0.0) {}
  ProgressFn for_run(size_t i) {
    if (!progress_) return {};
    return [this, i](std::string_view, double fraction) {
      std::lock_guard lock(mutex_);
      done_[i] = fraction;
      const double total = std::accumulate(done_.begin(), done_.end(), 0.0);
      progress_(stage_, total / static_cast<double>(done_.size()));
    };
  }

 private:
  const ProgressFn& progress_;
  std::string stage_;
  std::mutex mutex_;
  std::vector<double> done_;
};

// One engine's run: a policy, with or without the scenario's faults.
struct RunSpec {
  std::string policy;
  bool scenario_faults = true;
};

Result<PolicyRun> run_one(const World& world, const RunSpec& spec, const ProgressFn& progress) {
  auto policy = schedule::make_policy(spec.policy);
  if (!policy) return policy.error();
  EngineOptions options;
  options.scenario_faults = spec.scenario_faults;
  Engine engine(world, **policy, options);
  engine.run_to_end(progress);
  return engine.finish();
}

// The engines share nothing but the immutable world, so each run has its own thread (the
// comparison is then as fast as its slowest run when there are cores for all); each run is
// exactly what it would be alone.
std::vector<Result<PolicyRun>> run_all(const World& world, const std::vector<RunSpec>& specs,
                                       const ProgressFn& progress) {
  // The stage names each policy once: "bent-pipe, on-board (each also without faults)".
  std::string stage;
  bool baselines = false;
  for (const auto& s : specs) {
    if (s.scenario_faults) stage += (stage.empty() ? "" : ", ") + s.policy;
    baselines = baselines || !s.scenario_faults;
  }
  if (baselines) stage += " (each also without faults)";
  JointProgress joint(std::move(stage), specs.size(), progress);
  std::vector<Result<PolicyRun>> runs(specs.size(), Result<PolicyRun>(Error{"not run"}));
  {
    std::vector<std::jthread> threads;  // joined when they go out of scope
    for (size_t i = 0; i < specs.size(); ++i) {
      threads.emplace_back([&, i] { runs[i] = run_one(world, specs[i], joint.for_run(i)); });
    }
  }
  return runs;
}

bool has_scenario_faults(const scenario::Scenario& s) {
  return !s.faults.empty() || s.fault_rates.any();
}

}  // namespace

Result<PolicyRun> run_policy(const World& world, std::string_view name,
                             const ProgressFn& progress) {
  return run_one(world, {std::string(name)}, progress);
}

Result<RunResult> run_scenario(const scenario::Scenario& scenario, const compute::Catalog& catalog,
                               std::span<const std::string> policies, const ProgressFn& progress,
                               const ScenarioRunOptions& options) {
  std::vector<std::string> names(policies.begin(), policies.end());
  if (names.empty()) {
    names = scenario.policies;
  }
  for (const auto& n : names) {
    if (auto p = schedule::make_policy(n); !p) return p.error();
  }
  auto world = build_world(scenario, catalog, progress);
  if (!world) return world.error();
  RunResult result = world_result(**world);
  std::vector<RunSpec> specs;
  for (const auto& n : names) specs.push_back({n, true});
  const bool baseline = options.fault_free_baseline && has_scenario_faults(scenario);
  if (baseline) {
    for (const auto& n : names) specs.push_back({n, false});
  }
  auto runs = run_all(**world, specs, progress);
  for (auto& run : runs) {
    if (!run) return run.error();
  }
  for (size_t i = 0; i < names.size(); ++i) {
    result.runs.push_back(std::move(*runs[i]));
    if (baseline) result.runs.back().baseline = std::move(runs[names.size() + i]->summary);
  }
  compare_with_bent_pipe(result);
  return result;
}

}  // namespace lagrange::sim
