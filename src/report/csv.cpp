#include "report/csv.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "report/internal/format.hpp"
#include "report/internal/names.hpp"

namespace lagrange::report {
namespace {

using internal::csv_field;
using internal::iso_or_empty;
using internal::shortest;

constexpr std::string_view kJobsHeader =
    "policy,job,kind,tenant,workload,submitted,captured,capture_satellite,uplinked,"
    "at_processor,processor,compute_start,compute_end,delivered,delivered_to,latency_s,"
    "deadline,drop_reason,raw_bytes,result_bytes,downlink_bytes,isl_bytes,operations,energy_j,"
    "prompt_tokens,answer_tokens,time_to_first_token_s,generation_s,replays,reruns\n";

constexpr std::string_view kSatellitesHeader =
    "policy,time,satellite,state_of_charge,stored_bytes,accelerator_busy,in_eclipse,"
    "downlinked_bytes\n";

// Rows are formatted into a chunk that goes to the stream when it passes a megabyte. False
// once the stream has refused bytes (disk full): the caller stops formatting.
bool flush_if_full(std::string& chunk, std::ostream& out) {
  constexpr size_t kChunkBytes = size_t{1} << 20;
  if (chunk.size() >= kChunkBytes) {
    out << chunk;
    chunk.clear();
  }
  return static_cast<bool>(out);
}

// Where the job was processed: a satellite, "ground" when it went down raw and was processed
// there, or "" when it never was.
std::string processor_name(const sim::RunResult& result, const sim::JobRecord& job) {
  if (job.processor != sim::kGround) return internal::satellite_name(result, job.processor);
  return job.is_delivered() ? "ground" : "";
}

std::string deadline_text(const sim::JobRecord& job) {
  return job.deadline.unix_ns() == INT64_MAX ? std::string() : format_iso8601(job.deadline);
}

std::string drop_text(sim::DropReason reason) {
  return reason == sim::DropReason::kNone ? std::string()
                                          : std::string(sim::drop_reason_name(reason));
}

void append_job(std::string& out, const sim::RunResult& result, const std::string& policy,
                const sim::JobRecord& job) {
  const bool llm = job.kind == sim::JobKind::kLlmQuery;
  const std::string latency = job.is_delivered() ? shortest(job.latency_s()) : std::string();
  fmt::format_to(std::back_inserter(out),
                 "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},",
                 csv_field(policy), job.id, sim::job_kind_name(job.kind),
                 csv_field(internal::tenant_name(result, job.tenant)), csv_field(job.workload),
                 format_iso8601(job.submitted), iso_or_empty(job.captured),
                 job.capture_satellite == sim::kGround
                     ? std::string()
                     : csv_field(internal::satellite_name(result, job.capture_satellite)),
                 iso_or_empty(job.uplinked), iso_or_empty(job.at_processor),
                 csv_field(processor_name(result, job)), iso_or_empty(job.compute_start),
                 iso_or_empty(job.compute_end), iso_or_empty(job.delivered),
                 csv_field(job.delivered_to), latency, deadline_text(job), drop_text(job.drop),
                 shortest(job.raw_bytes), shortest(job.result_bytes), shortest(job.downlink_bytes),
                 shortest(job.isl_bytes), shortest(job.operations), shortest(job.energy_j));
  // The LLM columns stay empty for other kinds of job, where they mean nothing.
  if (llm) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{}\n", job.prompt_tokens,
                   job.answer_tokens, shortest(job.time_to_first_token_s),
                   shortest(job.generation_s), job.replays, job.reruns);
  } else {
    fmt::format_to(std::back_inserter(out), ",,,,,{}\n", job.reruns);
  }
}

void append_sample(std::string& out, std::string_view policy, std::string_view time,
                   std::string_view satellite, const sim::SatelliteSample& s) {
  out.append(policy).append(",").append(time).append(",").append(satellite).append(",");
  internal::append_shortest(out, s.state_of_charge);
  out += ',';
  internal::append_shortest(out, s.stored_bytes);
  out += s.accelerator_busy ? ",1," : ",0,";
  out += s.in_eclipse ? "1," : "0,";
  internal::append_shortest(out, s.downlinked_bytes);
  out += '\n';
}

// One policy's rows: the policy and satellite fields are the same on thousands of rows and
// the time on a thousand (one sample per satellite), so each is formatted once.
void append_samples(std::string& chunk, const sim::RunResult& result, const sim::PolicyRun& run,
                    std::ostream& out) {
  const std::string policy = csv_field(run.policy);
  std::vector<std::string> names;
  for (const sim::SatelliteSample& s : run.samples) {
    while (names.size() <= s.satellite) {
      names.push_back(csv_field(internal::satellite_name(result, static_cast<int>(names.size()))));
    }
  }
  Instant time = Instant::from_unix_ns(INT64_MIN);
  std::string time_text;
  for (const sim::SatelliteSample& s : run.samples) {
    if (s.time != time) {
      time = s.time;
      time_text = format_iso8601(s.time);
    }
    append_sample(chunk, policy, time_text, names[s.satellite], s);
    if (!flush_if_full(chunk, out)) return;
  }
}

}  // namespace

void write_jobs_csv(const sim::RunResult& result, std::ostream& out) {
  std::string chunk(kJobsHeader);
  for (const auto& run : result.runs) {
    for (const auto& job : run.jobs) {
      append_job(chunk, result, run.policy, job);
      if (!flush_if_full(chunk, out)) return;
    }
  }
  out << chunk;
}

void write_satellites_csv(const sim::RunResult& result, std::ostream& out) {
  std::string chunk(kSatellitesHeader);
  for (const auto& run : result.runs) {
    append_samples(chunk, result, run, out);
    if (!out) return;
  }
  out << chunk;
}

std::string jobs_csv(const sim::RunResult& result) {
  std::ostringstream out;
  write_jobs_csv(result, out);
  return std::move(out).str();
}

std::string satellites_csv(const sim::RunResult& result) {
  std::ostringstream out;
  write_satellites_csv(result, out);
  return std::move(out).str();
}

}  // namespace lagrange::report
