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
  JointProgress(const std::vector<std::string>& names, const ProgressFn& progress)
      : progress_(progress), done_(names.size(), 0.0) {
    for (const auto& n : names) stage_ += (stage_.empty() ? "" : ", ") + n;
  }
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

// The engines share nothing but the immutable world, so each policy runs on its own thread
// (the comparison is then as fast as its slowest policy when there are cores for all); each
// run is exactly what it would be alone.
std::vector<Result<PolicyRun>> run_policies(const World& world,
                                            const std::vector<std::string>& names,
                                            const ProgressFn& progress) {
  JointProgress joint(names, progress);
  std::vector<Result<PolicyRun>> runs(names.size(), Result<PolicyRun>(Error{"not run"}));
  {
    std::vector<std::jthread> threads;  // joined when they go out of scope
    for (size_t i = 0; i < names.size(); ++i) {
      threads.emplace_back([&, i] { runs[i] = run_policy(world, names[i], joint.for_run(i)); });
    }
  }
  return runs;
}

}  // namespace

Result<PolicyRun> run_policy(const World& world, std::string_view name,
                             const ProgressFn& progress) {
  auto policy = schedule::make_policy(name);
  if (!policy) return policy.error();
  Engine engine(world, **policy);
  engine.run_to_end(progress);
  return engine.finish();
}

Result<RunResult> run_scenario(const scenario::Scenario& scenario, const compute::Catalog& catalog,
                               std::span<const std::string> policies, const ProgressFn& progress) {
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
  for (auto& run : run_policies(**world, names, progress)) {
    if (!run) return run.error();
    result.runs.push_back(std::move(*run));
  }
  compare_with_bent_pipe(result);
  return result;
}

}  // namespace lagrange::sim
