// The discrete-event engine: one policy's run over the world.
//
// Time is integer nanoseconds; events are processed in time order, arrivals of work first at
// an instant (by their order key), then the rest in insertion order, so ties are broken
// deterministically and the same world, policy and submissions give identical results. All
// mutable state — storage, queues, battery charge, accelerator occupancy, contacts in use,
// jobs — lives in the engine's State and only the engine's event handlers change it.
// `advance_to(T)` processes every event at or before T, so a caller can drive the run step by
// step (e.g. from a wall clock) or in one go (`run_to_end`); work can be submitted, cancelled
// and looked at in between (live.hpp).
//
// Models (docs/engine.md):
//  - Data moves as bundles (at most kMaxSpaceBundleBytes leaving a satellite, at most
//    kMaxGroundBundleBytes leaving a station, whose S-band uplinks are slow), store-and-forward,
//    each hop routed by earliest arrival over the contact graph (network::Router) with residual
//    volumes; a contact carries one bundle at a time (bundles queue on it, which shares its rate),
//    a satellite's radio sends to one station at a time and a station receives on at most
//    `antennas` satellites at once; arrival is end of transmission plus light time.
//  - Compute: each satellite's accelerator runs one job at a time, shared among tenants by
//    weight (the tenant with the least accelerator time for its weight next; first come first
//    served within a tenant) at its achieved INT8 throughput (vision models: operations per image
//    tile; LLM queries: prefill + decode from the LLM performance model), drawing busy power.
//    Users' models (`user/NAME`, model_deployment.hpp) cost the check's roofline latency per
//    tile instead and run only where a version is on board; deployments move their bytes as
//    bundles like any other.
//  - Power: each battery integrates solar input (0 in umbra, fractional in penumbra) minus bus,
//    accelerator, radio and laser loads, piecewise constant between events; at the minimum
//    charge the running job is paused and resumes once the battery has recovered.
//  - Storage: captures, relayed and processed data occupy the store until sent; a capture or
//    bundle that does not fit is dropped (storage_full).
//  - Faults (scenario `faults`/`fault_rates`, inject): contacts of failed elements carry
//    nothing while the fault lasts, bundles cut off return to the sender's custody, work lost
//    on an accelerator reruns from its last checkpoint, upsets fail the result's checksum;
//    every job that a fault ends names it (docs/engine.md, Faults).
// Not thread-safe; independent engines (one per policy) may run in parallel on one World.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <vector>

#include "core/result.hpp"
#include "network/router.hpp"
#include "schedule/policy.hpp"
#include "sim/faults.hpp"
#include "sim/live.hpp"
#include "sim/model_deployment.hpp"
#include "sim/run.hpp"
#include "sim/world.hpp"

namespace lagrange::sim {

inline constexpr uint64_t kMaxSpaceBundleBytes = 250'000'000;
inline constexpr uint64_t kMaxGroundBundleBytes = 10'000'000;

// Where the bytes of a run went; each counter is updated at a different place, so the balance
// `created = delivered_to_ground + consumed + dropped + in_flight + held` checks the engine.
struct ByteLedger {
  double created = 0.0;              // captured, submitted for uplink, or produced by compute
  double delivered_to_ground = 0.0;  // arrived at a station
  double consumed = 0.0;             // inputs used up by compute
  double dropped = 0.0;              // thrown away with a dropped job
  double in_flight = 0.0;            // at the end: bundles still on their way
  double held = 0.0;                 // at the end: inputs waiting at a processor
};

// Per satellite energy totals, for the balance initial + harvested - spilled - losses -
// delivered = final.
struct EnergyLedger {
  double initial_j = 0.0;
  double harvested_j = 0.0;
  double spilled_j = 0.0;
  double losses_j = 0.0;
  double delivered_j = 0.0;
  double shed_j = 0.0;
  double final_j = 0.0;
};

class State;  // internal/engine_state.hpp

struct EngineOptions {
  // True: the scenario's expanded work items arrive at their times (the batch run). False:
  // the engine starts with no work items and the caller submits work (systematic imaging,
  // which is continuous, runs either way).
  bool scenario_items = true;
  // False: the scenario's `faults` and `fault_rates` are left out (the fault-free baseline a
  // run with faults is compared against); faults injected at run time still happen.
  bool scenario_faults = true;
};

class Engine {
 public:
  Engine(const World& world, const schedule::Policy& policy, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Processes every event at or before `t` (clamped to the window end).
  void advance_to(Instant t);
  // The same, but returns after at most `max_events` events: true when every event at or
  // before `t` is done (now() is `t` clamped, as after advance_to(t)); false when events at or
  // before `t` remain (now() is the time of the last one processed). Steps of any size, with
  // nothing submitted in between, give exactly the run of one advance_to(t), so a caller can
  // interleave other work (the service answers requests) without waiting on a long advance.
  bool advance_to(Instant t, uint64_t max_events);
  // Runs to the window end, reporting progress.
  void run_to_end(const ProgressFn& progress = {});
  Instant now() const;
  uint64_t events_processed() const;

  // Live use (live.hpp). `submit` validates the work (tenant, station, model and target
  // names, sizes, a time inside the window) and schedules its arrival at max(at, now()); an
  // error names the field. The batch run is the special case of the scenario's work items
  // submitted at their arrival times.
  Result<SubmissionId> submit(Submission work);
  // Withdraws a submission: before it arrives it never becomes a job (it is recorded as
  // dropped `cancelled` when it would have arrived); after, its job is dropped `cancelled`
  // at now(), its data freed where it is. False if unknown or already ended.
  bool cancel(SubmissionId id);
  // Where a submission is now; nullopt if the id was never given.
  std::optional<JobView> job(SubmissionId id) const;
  // A tenant joining at run time: its index for Submission::tenant. Name unique, weight > 0.
  Result<uint32_t> add_tenant(workload::TenantSpec tenant);
  // Called at every stage transition of submitted work (and of the scenario's own items too
  // when `all_jobs`); replaces any earlier observer.
  void set_observer(JobObserver observer, bool all_jobs = false);
  // A fault at run time (sim/faults.hpp, the scenario's syntax): it starts at f.start, which
  // must be at or after now() and before the window end; an error names what is wrong.
  Status inject(const Fault& f);
  // The state at now(), read-only: batteries are computed forward without being advanced.
  EngineSnapshot snapshot() const;

  // Users' models (model_deployment.hpp). `deploy` sends a version to satellites from
  // max(at, now), `rollback` makes each target's previous version active again at that time;
  // both return the deployment's id (an index into models().deployments). `add_model_version`
  // adds a model (or, for a known name, its next version) at run time and returns its version.
  Result<uint64_t> deploy(DeployRequest request);
  Result<uint64_t> rollback(const std::string& model, std::vector<uint32_t> satellites, Instant at);
  Result<int> add_model_version(const std::string& name, model::Precision precision,
                                const scenario::ModelVersionSpec& version);
  ModelRunRecord models() const;

  // Closes the run (jobs still in flight become `unfinished`) and returns its results.
  // Call once, after run_to_end.
  PolicyRun finish();

  const ByteLedger& bytes() const;
  const std::vector<EnergyLedger>& energy() const;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace lagrange::sim
