// The live side of the engine: work submitted while it runs, cancellations, tenants added at
// run time, stage transitions as they happen, and a read-only snapshot of the state.
//
// Plain values; the Engine (engine.hpp) takes and gives them. Times are Instants (UTC ns).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time.hpp"
#include "sim/run_result.hpp"
#include "workload/workload.hpp"

namespace lagrange::sim {

// One piece of work in the scenario's vocabulary with fixed values (no arrivals, no
// distributions). What it is comes from `what`:
//  - EoTaskSpec: capture `target` within `capture_window` of `at`, run `model`, deliver; its
//    capture opportunities are computed when it is submitted (a target nobody named before).
//  - ComputeJobSpec: `operations`, `input_bytes`, `output_bytes` below, from `from_station`.
//  - LlmQuerySpec: `prompt_tokens`, `answer_tokens` below, from `from_station`.
// The spec's own Distribution fields and from_stations are ignored (the fixed values here
// are used).
struct Submission {
  uint32_t tenant = 0;                 // index among the engine's tenants
  std::string workload = "submitted";  // a name for reports (jobs.csv `workload`)
  Instant at;                          // when it arrives; clamped to now() if earlier
  // Ties among submissions arriving at the same instant are broken by `order`, then by the
  // order of the submit calls; arrivals come before every other event at that instant. A
  // caller that submits in any call order but gives each submission a distinct `order` gets
  // the same run.
  uint64_t order = 0;
  std::variant<workload::EoTaskSpec, workload::ComputeJobSpec, workload::LlmQuerySpec> what;
  std::string from_station;  // compute jobs and LLM queries: the submitting station
  double operations = 0.0;   // compute jobs
  double input_bytes = 0.0;
  double output_bytes = 0.0;
  int prompt_tokens = 0;  // LLM queries
  int answer_tokens = 0;
};

// Handle of a submission, assigned by submit() in call order (0, 1, ...). Not the job id of
// jobs.csv (that is given when the work arrives, in arrival order).
using SubmissionId = uint64_t;

// Where a piece of work is in its life, as a user sees it.
enum class JobStage : uint8_t {
  kAccepted,            // submitted, not yet arrived
  kWaitingCapture,      // EO: waiting for a satellite to pass over the target
  kUplinking,           // input on its way to the processor (uplink, laser hops)
  kQueued,              // at the processor, waiting for the accelerator
  kComputing,           // on an accelerator
  kDownlinking,         // result (or raw data) on its way to the ground
  kProcessingOnGround,  // bent-pipe: processed in the ground data centre
  kDelivered,           // result on the ground
  kDropped,             // ended without delivery (record.drop says why)
};
std::string_view job_stage_name(JobStage stage);  // "accepted", "waiting_capture", ...

// One step of a job's timeline: it entered `stage` at `at`, on this satellite or station
// (kGround / empty when neither applies).
struct JobTransition {
  Instant at;
  JobStage stage = JobStage::kAccepted;
  int satellite = kGround;
  std::string station;

  friend bool operator==(const JobTransition&, const JobTransition&) = default;
};

// A job seen from outside: where it is now and everything so far.
struct JobView {
  SubmissionId submission = 0;
  std::optional<uint64_t> job;  // job id once it has arrived
  JobStage stage = JobStage::kAccepted;
  JobRecord record;  // timestamps, bytes, energy, tokens, drop reason so far
  std::vector<JobTransition> timeline;
};

// Called by the engine, on its own thread, at every stage transition of a submitted job (not
// of the scenario's own work unless `all_jobs` was asked for in set_observer).
using JobObserver =
    std::function<void(SubmissionId submission, const JobView& job, const JobTransition& step)>;

// A user's model active on a satellite (engine_models.cpp).
struct ModelOnBoard {
  std::string model;  // its name (workloads say user/<name>)
  int version = 0;
};

struct SatelliteSnapshot {
  double latitude_deg = 0.0;  // geodetic, from the ephemeris at now
  double longitude_deg = 0.0;
  double altitude_km = 0.0;
  bool sunlit = true;                // full Sun (not umbra or penumbra)
  double state_of_charge = 0.0;      // fraction
  bool shed = false;                 // accelerator off: battery at its minimum
  bool down = false;                 // lost or rebooting (a fault): no capture, compute or relay
  std::vector<ModelOnBoard> models;  // users' models active on board, by model order
  double stored_bytes = 0.0;
  double storage_bytes = 0.0;  // capacity
  size_t queue_length = 0;     // jobs waiting for the accelerator
  std::optional<uint64_t> running_job;
  std::vector<uint32_t> lasers_to;         // satellites with a laser contact open now
  std::vector<uint32_t> stations_in_view;  // stations with a contact open now (node - S)
};

struct TenantSnapshot {
  std::string name;
  double weight = 1.0;
  double quota_ops_per_day = 0.0;  // 0: unlimited
  double ops_used_today = 0.0;     // charged against the quota in the current quota day
  double accelerator_s = 0.0;      // accelerator time it has had, all satellites
  double downlink_bytes = 0.0;     // of its jobs so far
  size_t jobs_submitted = 0;
  size_t jobs_delivered = 0;
  size_t jobs_dropped = 0;
  size_t jobs_active = 0;
};

struct EngineSnapshot {
  Instant now;
  uint64_t events = 0;
  std::vector<SatelliteSnapshot> satellites;  // by satellite index
  std::vector<TenantSnapshot> tenants;        // by tenant index
  size_t jobs_total = 0;                      // arrived so far
  size_t jobs_active = 0;                     // arrived, not ended
  // Per station (scenario order): bytes downlinked to it since the start, every job's (the
  // scenario's work too), counted when a downlink is booked (as jobs' downlink_bytes are).
  std::vector<double> station_downlink_bytes;
  // Every fault scheduled so far (the scenario's, drawn from its rates, injected), by start,
  // with what each has cost up to now.
  std::vector<FaultRecord> faults;
};

}  // namespace lagrange::sim
