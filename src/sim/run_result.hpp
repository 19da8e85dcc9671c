// What one run of the digital twin produced: per policy, every job with its timestamps and
// places, satellite time series, captures and totals; plus the world the policies shared
// (satellites, stations, tracks, contacts) so reports and CZML need nothing else.
//
// Plain values, filled by the engine (engine.hpp) and read by the report layer. Times are
// Instants (UTC ns); optional timestamps are unset when the job never reached that step.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/contact_plan.hpp"
#include "core/time.hpp"
#include "scenario/faults.hpp"
#include "sim/model_deployment.hpp"

namespace lagrange::sim {

enum class JobKind { kEoTask, kSystematic, kComputeJob, kLlmQuery };
std::string_view job_kind_name(
    JobKind kind);  // "eo_task", "systematic", "compute_job", "llm_query"

enum class DropReason {
  kNone,            // delivered
  kNoCapture,       // no satellite covered the target in daylight within the capture window
  kStorageFull,     // a satellite's store had no room for the data
  kNoRoute,         // nowhere to deliver to (no station matches the delivery, unknown origin)
  kDeadlineMissed,  // the result reached the ground after the deadline, or no route could
                    // bring it there in time
  kBatteryLow,      // no satellite had the energy to run the job
  kUnfinished,      // still in flight (or waiting for a contact) when the window ended
  kOverQuota,       // its tenant's compute quota for the day was used up
  kCancelled,       // withdrawn by its tenant (Engine::cancel)
  // Faults (scenario/faults.hpp): what the job needed was lost with the fault.
  kSatelliteLost,       // its data or work was on a satellite that was lost
  kSatelliteRebooted,   // its data was in a store that a reboot cleared (keep_store: false)
  kProcessorFailed,     // its accelerator failed for good with the job on it
  kStationUnavailable,  // its station was out when the job needed it
};
std::string_view drop_reason_name(DropReason reason);  // "no_capture", "storage_full", ...

inline constexpr int kGround = -1;  // "processed on the ground" / no satellite

// One job's life. Latency runs from `origin()` (capture, or submission for jobs without a
// capture) to `delivered`.
struct JobRecord {
  uint64_t id = 0;
  JobKind kind = JobKind::kEoTask;
  uint32_t tenant = 0;   // index into RunResult::tenants
  std::string workload;  // workload name within the tenant
  Instant submitted;     // request / submission / capture for systematic imaging
  std::optional<Instant> captured;
  int capture_satellite = kGround;
  std::optional<Instant> uplinked;      // input arrived at the first satellite (jobs, queries)
  std::optional<Instant> at_processor;  // input arrived where it is processed
  int processor = kGround;              // satellite index, or kGround (bent-pipe)
  std::optional<Instant> compute_start;
  std::optional<Instant> compute_end;
  std::optional<Instant> delivered;  // last byte of the result on the ground
  std::string delivered_to;          // station name
  double raw_bytes = 0.0;            // captured or uplinked input
  double result_bytes = 0.0;
  double downlink_bytes = 0.0;  // bytes this job sent satellite -> ground
  double isl_bytes = 0.0;       // bytes this job sent over laser links (per hop)
  double ground_bytes = 0.0;    // bytes this job sent station -> station (ground network)
  double operations = 0.0;
  double energy_j = 0.0;  // accelerator + radio + laser energy spent on this job
  Instant deadline = Instant::from_unix_ns(INT64_MAX);
  DropReason drop = DropReason::kNone;
  // LLM queries only.
  int prompt_tokens = 0;
  int answer_tokens = 0;
  double time_to_first_token_s = 0.0;  // prefill on the serving group
  double generation_s = 0.0;           // decode of the answer
  int replays = 0;                     // times the session was replayed on a new placement
  int reruns = 0;         // times its computation started again (a fault took the work done)
  int model_version = 0;  // work on a user model: the version it ran on (0: none)

  bool is_delivered() const { return drop == DropReason::kNone && delivered.has_value(); }
  Instant origin() const { return captured.value_or(submitted); }
  double latency_s() const;  // delivered - origin; requires is_delivered()

  friend bool operator==(const JobRecord&, const JobRecord&) = default;
};

// A satellite at one sampling instant.
struct SatelliteSample {
  Instant time;
  uint32_t satellite = 0;
  double state_of_charge = 0.0;  // fraction of capacity
  double stored_bytes = 0.0;     // data held on board
  bool accelerator_busy = false;
  bool in_eclipse = false;        // umbra or penumbra
  double downlinked_bytes = 0.0;  // cumulative, this satellite -> ground

  friend bool operator==(const SatelliteSample&, const SatelliteSample&) = default;
};

// One capture made (EO task or systematic scene).
struct CaptureRecord {
  Instant time;
  uint32_t satellite = 0;
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  double bytes = 0.0;
  uint64_t job = 0;
  bool systematic = false;

  friend bool operator==(const CaptureRecord&, const CaptureRecord&) = default;
};

struct Percentiles {
  double p50 = 0.0;
  double p90 = 0.0;
  double p99 = 0.0;
  size_t count = 0;  // samples the figures come from (0: all figures are 0)

  friend bool operator==(const Percentiles&, const Percentiles&) = default;
};
// Nearest-rank percentiles of the values (copied and sorted).
Percentiles percentiles(std::vector<double> values);

struct TenantSummary {
  std::string tenant;
  size_t jobs_submitted = 0;
  size_t jobs_delivered = 0;
  size_t jobs_dropped = 0;
  Percentiles latency_s;
  double downlink_bytes = 0.0;
  double energy_j = 0.0;

  friend bool operator==(const TenantSummary&, const TenantSummary&) = default;
};

// One serving group's share of the queries, named by the satellite that takes the prompts
// (a replica's only host, a pipeline's first stage).
struct LlmGroupSummary {
  int entry_satellite = 0;
  size_t answered = 0;
  double tokens_per_s = 0.0;  // decoded tokens (answer - 1 each) / generation seconds
  double energy_per_token_j = 0.0;

  friend bool operator==(const LlmGroupSummary&, const LlmGroupSummary&) = default;
};

struct LlmSummary {
  size_t queries = 0;
  size_t answered = 0;
  Percentiles total_s;        // question on the ground -> answer on the ground
  Percentiles uplink_wait_s;  // submission -> first satellite
  Percentiles routing_s;      // first satellite -> serving group
  Percentiles time_to_first_token_s;
  Percentiles generation_s;
  Percentiles downlink_wait_s;  // answer ready -> on the ground
  double tokens_per_s = 0.0;    // decoded tokens (answer - 1) / generation s, answered queries
  double energy_per_token_j = 0.0;
  size_t replays = 0;
  size_t replacements = 0;              // times the model was moved
  std::vector<LlmGroupSummary> groups;  // by entry satellite, groups that answered something

  friend bool operator==(const LlmSummary&, const LlmSummary&) = default;
};

struct PolicySummary {
  std::string policy;
  size_t jobs_submitted = 0;
  size_t jobs_delivered = 0;
  size_t jobs_dropped = 0;
  std::map<std::string, size_t> dropped_by_reason;  // drop_reason_name -> count
  Percentiles latency_s;
  double downlink_bytes = 0.0;           // all satellite -> ground bytes of the run
  double downlink_saved_fraction = 0.0;  // 1 - downlink / bent-pipe's downlink (0 if none)
  double isl_bytes = 0.0;
  double ground_network_bytes = 0.0;     // sum of jobs' ground_bytes
  double energy_j = 0.0;                 // sum of jobs' energy_j
  double energy_per_job_j = 0.0;         // energy_j / jobs_delivered
  double constellation_energy_j = 0.0;   // everything the loads drew, bus included
  double accelerator_utilisation = 0.0;  // busy time / (satellites x window), mean
  double lowest_state_of_charge = 1.0;
  uint64_t events = 0;  // events the engine processed
  std::vector<TenantSummary> tenants;
  LlmSummary llm;

  friend bool operator==(const PolicySummary&, const PolicySummary&) = default;
};

struct SatelliteTotals {
  double busy_s = 0.0;
  double utilisation = 0.0;
  double lowest_state_of_charge = 1.0;
  double harvested_j = 0.0;
  double consumed_j = 0.0;  // delivered to loads
  double shed_j = 0.0;
  double downlink_bytes = 0.0;
  double isl_bytes = 0.0;
  size_t captures = 0;
  size_t dropped_captures = 0;

  friend bool operator==(const SatelliteTotals&, const SatelliteTotals&) = default;
};

// A fault that happened in a run and what it cost there.
struct FaultRecord {
  scenario::Fault fault;
  std::string description;    // scenario::describe_fault
  size_t jobs_dropped = 0;    // jobs it ended (their drop reason names it)
  size_t reruns = 0;          // computations it restarted
  size_t bundles_resent = 0;  // bundles it took off a link or receiver and sent again
  double bytes_lost = 0.0;    // in stores it cleared (also counted in ByteLedger::dropped)
  size_t upsets = 0;          // single-event upsets (the SEU stream's record only)

  friend bool operator==(const FaultRecord&, const FaultRecord&) = default;
};

struct PolicyRun {
  std::string policy;
  PolicySummary summary;
  std::vector<JobRecord> jobs;              // by id
  std::vector<SatelliteSample> samples;     // by (time, satellite)
  std::vector<SatelliteTotals> satellites;  // by satellite index
  std::vector<CaptureRecord> captures;      // by (time, satellite)
  std::vector<FaultRecord> faults;          // by start (those that began in the window)
  ModelRunRecord models;                    // users' models: versions and deployments
  // The same policy on the same world without the scenario's faults (run_scenario, when the
  // scenario has faults and the baseline was not turned off): what the faults cost.
  std::optional<PolicySummary> baseline;

  friend bool operator==(const PolicyRun&, const PolicyRun&) = default;
};

// A satellite's ground track point for maps and CZML.
struct TrackPoint {
  Instant time;
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  double altitude_km = 0.0;
};

struct StationInfo {
  std::string name;
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  double height_m = 0.0;
};

struct RunResult {
  std::string scenario;
  std::string description;
  Instant start;
  Instant end;
  uint64_t seed = 0;
  std::vector<std::string> satellites;         // names, by index
  std::vector<std::string> satellite_classes;  // class name per satellite
  std::vector<StationInfo> stations;
  std::vector<std::string> tenants;
  std::vector<std::vector<TrackPoint>> tracks;  // per satellite, every sample interval
  std::vector<access::Node> nodes;              // satellites then stations (contact plan)
  std::vector<access::Contact> contacts;        // the plan's contacts
  std::vector<PolicyRun> runs;                  // in the order the policies were asked for
};

}  // namespace lagrange::sim
