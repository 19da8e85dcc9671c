// The work a scenario asks of the constellation, as immutable specs, and its expansion into a
// concrete, sorted list of work items.
//
// Kinds of work (docs/scenario.md documents the YAML that fills these):
//  - Earth-observation tasks: capture a target (a point or a polygon, geodetic degrees) within
//    a capture window, run a vision model from the compute catalogue on the imagery and deliver
//    the result (to a named station, into a region, or to any station).
//  - Systematic imaging: background captures over a region (or the whole Earth) at a duty
//    cycle, which fill the satellites' storage; optionally screened by a model on board.
//    Continuous, so it has no arrivals: the engine generates captures as swaths pass.
//  - Compute jobs: operations, input bytes and output bytes submitted from a ground station,
//    to be uplinked, run in orbit and sent back before a deadline.
//  - LLM queries: a prompt to a language model of the catalogue, from a ground station.
//
// Arrivals: an explicit schedule of instants, or a seeded random process (Poisson at a rate,
// a fixed count uniform over a window, periodic). `expand_workload` turns every arrival into a
// `WorkItem`, drawing sizes from their distributions. Streams are forked from the seed by the
// tenant's and the workload's *names* (FNV-1a), so adding, removing or reordering a tenant or
// a workload leaves every other stream unchanged.
//
// Everything here is a value: thread-safe to share once built. Names, ids and catalogue
// references are validated by the scenario loader (which knows file lines), not here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/random.hpp"
#include "core/time.hpp"

namespace lagrange::workload {

struct GeoPoint {
  double latitude_deg = 0.0;   // geodetic WGS-84, [-90, 90]
  double longitude_deg = 0.0;  // (-180, 180]
  friend bool operator==(const GeoPoint&, const GeoPoint&) = default;
};

// A point (one vertex) or a simple polygon (>= 3 vertices, implicitly closed, edges along
// straight lines in latitude/longitude; must not cross the antimeridian).
struct Area {
  std::vector<GeoPoint> vertices;
  bool is_point() const { return vertices.size() == 1; }
};

// Where results go.
struct Delivery {
  enum class Kind { kAnyStation, kStation, kRegion };
  Kind kind = Kind::kAnyStation;
  std::string station;  // kStation: a ground station; empty = the item's from_station
  Area region;          // kRegion: any station inside this polygon
};

// A numeric quantity drawn per work item. kFixed uses `value`; kUniform [min, max);
// kNormal mean/stddev clamped to [min, max]; kExponential `mean`, clamped to [min, max].
struct Distribution {
  enum class Kind { kFixed, kUniform, kNormal, kExponential };
  Kind kind = Kind::kFixed;
  double value = 0.0;
  double min = 0.0;
  double max = 0.0;
  double mean = 0.0;
  double stddev = 0.0;

  static Distribution fixed(double v) {
    Distribution d;
    d.value = d.min = d.max = d.mean = v;
    return d;
  }
  double sample(Rng& rng) const;
};

// When work arrives. Window defaults to the scenario's (the loader fills it in).
struct Arrivals {
  enum class Process { kSchedule, kPoisson, kUniform, kPeriodic };
  Process process = Process::kSchedule;
  std::vector<Instant> at;     // kSchedule: the instants (any order; expansion sorts)
  double rate_per_hour = 0.0;  // kPoisson
  int count = 0;               // kUniform: this many instants uniform over the window
  Duration period;             // kPeriodic: start, start + period, ... < end
  Instant start;               // window of the random/periodic processes, [start, end)
  Instant end;
};

struct EoTaskSpec {
  Area target;
  std::string model;  // vision model id of the compute catalogue
  Delivery delivery;
  Duration capture_window;  // from arrival: capture must happen before arrival + this
  Duration deadline;        // from arrival: result on the ground by then (0: none)
};

struct ComputeJobSpec {
  Distribution operations;                 // operations (multiply-accumulate = 2), count
  Distribution input_bytes;                // uplinked from the station
  Distribution output_bytes;               // sent back
  std::vector<std::string> from_stations;  // submitted from one of these, drawn uniformly
  Delivery delivery;                       // default: back to the submitting station
  Duration deadline;                       // from submission (0: none)
};

struct LlmQuerySpec {
  std::string model;  // language model id of the compute catalogue
  Distribution prompt_tokens;
  Distribution answer_tokens;
  std::vector<std::string> from_stations;
  Delivery delivery;  // default: back to the submitting station
  Duration deadline;
};

struct WorkloadSpec {
  std::string name;  // unique within its tenant
  Arrivals arrivals;
  std::variant<EoTaskSpec, ComputeJobSpec, LlmQuerySpec> what;
  // Resilience (eo_task and compute_job): a rerun after a fault resumes from the last
  // checkpoint (zero: no checkpoints, from the start); `redundancy` 2 runs every job twice and
  // compares the results (catches single-event upsets on board, at twice the accelerator
  // time and energy).
  Duration checkpoint_interval;
  int redundancy = 1;
};

struct SystematicImagingSpec {
  std::string name;
  Area region;              // empty: the whole Earth
  double duty_cycle = 0.1;  // fraction of daylight time over the region the imager records
  std::string model;        // optional on-board screening model (vision id); empty: none
  Delivery delivery;
};

struct TenantSpec {
  std::string name;
  double weight = 1.0;             // fair-share weight among tenants (> 0)
  double quota_ops_per_day = 0.0;  // 0: unlimited
  std::vector<WorkloadSpec> workloads;
  std::vector<SystematicImagingSpec> systematic_imaging;
};

struct WorkSpec {
  Instant start;  // the scenario window
  Instant end;
  std::vector<TenantSpec> tenants;
};

enum class WorkKind { kEoTask, kComputeJob, kLlmQuery };

// One concrete piece of work. Sizes are drawn; the spec it came from is
// tenants[tenant].workloads[workload] (target, model, delivery live there).
struct WorkItem {
  uint64_t id = 0;  // position in the sorted list
  Instant arrival;
  WorkKind kind = WorkKind::kEoTask;
  uint32_t tenant = 0;
  uint32_t workload = 0;
  uint32_t sequence = 0;     // n-th arrival of its workload, in time order
  Instant capture_by;        // EO: end of the capture window (else = arrival)
  Instant deadline;          // result due; Instant max when none
  std::string from_station;  // jobs and queries: the submitting station
  double operations = 0.0;   // compute jobs
  double input_bytes = 0.0;
  double output_bytes = 0.0;
  int prompt_tokens = 0;  // LLM queries
  int answer_tokens = 0;

  friend bool operator==(const WorkItem&, const WorkItem&) = default;
};

inline constexpr Instant kNoDeadline = Instant::from_unix_ns(INT64_MAX);

// The arrival instants of one process, sorted, inside [start, end) (schedules: as given,
// sorted). Deterministic in `rng`.
std::vector<Instant> arrival_times(const Arrivals& arrivals, Rng& rng);

// Every work item of every tenant, sorted by (arrival, tenant, workload, sequence), ids
// 0..n-1 in that order. Same spec and seed give the identical list on every platform.
std::vector<WorkItem> expand_workload(const WorkSpec& spec, uint64_t seed);

// FNV-1a 64 of a name: the fork label of a tenant's or workload's random stream.
uint64_t stream_label(std::string_view name);

}  // namespace lagrange::workload
