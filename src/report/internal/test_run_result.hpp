// Test-only: a RunResult built by hand, standing in for the engine's, with every kind of
// record the report layer reads (jobs of each kind, delivered and dropped, satellite samples,
// captures, tracks, contacts, tenants, LLM figures). Deterministic for a given Options.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "core/random.hpp"
#include "sim/run_result.hpp"

namespace lagrange::report::test {

struct Options {
  size_t satellites = 3;
  int hours = 2;
  size_t jobs = 12;
  std::vector<std::string> policies = {"bent-pipe", "on-board"};
  int sample_minutes = 10;
  uint64_t seed = 7;
};

inline constexpr double kPi = 3.14159265358979323846;

// A circular sun-synchronous-like orbit's ground track (no J2, spherical Earth): enough for
// maps and CZML, not for geometry tests.
inline sim::TrackPoint track_point(Instant start, double t_s, size_t satellite) {
  const double inclination = 97.4 * kPi / 180.0;
  const double period_s = 94.6 * 60.0;
  const double earth_rate = 2.0 * kPi / 86164.0;
  const double u = 2.0 * kPi * t_s / period_s + 0.9 * static_cast<double>(satellite);
  const double raan = 0.4 * static_cast<double>(satellite);
  const double lat = std::asin(std::sin(inclination) * std::sin(u));
  double lon =
      std::atan2(std::cos(inclination) * std::sin(u), std::cos(u)) + raan - earth_rate * t_s;
  lon = std::remainder(lon, 2.0 * kPi);
  return {start + Duration::from_seconds(t_s), lat * 180.0 / kPi, lon * 180.0 / kPi, 500.0};
}

inline void add_world(sim::RunResult& r, const Options& o) {
  r.scenario = "hand-built";
  r.description = "A hand-built run for the report tests: <tags> & \"quotes\" are escaped.";
  r.start = Instant::from_unix_seconds(1782518400.0);  // 2026-06-27T00:00:00Z
  r.end = r.start + Duration::hours(o.hours);
  r.seed = o.seed;
  r.stations = {{"Kashgar", 39.5, 76.0, 1300.0},
                {"Svalbard", 78.23, 15.39, 500.0},
                {"Hartebeesthoek", -25.89, 27.69, 1540.0}};
  r.tenants = {"coastguard", "research-lab", "open-llm"};
  for (size_t i = 0; i < o.satellites; ++i) {
    r.satellites.push_back("SAT-" + std::string(1, static_cast<char>('A' + i % 26)) +
                           (i >= 26 ? std::to_string(i / 26) : ""));
    r.satellite_classes.push_back(i == 0 ? "flagship" : "standard");
    r.nodes.push_back({r.satellites.back(), access::NodeKind::kSatellite, 70000u + uint32_t(i)});
    std::vector<sim::TrackPoint> track;
    for (double t = 0; t <= o.hours * 3600.0; t += 60.0)
      track.push_back(track_point(r.start, t, i));
    r.tracks.push_back(std::move(track));
  }
  for (const auto& s : r.stations) r.nodes.push_back({s.name, access::NodeKind::kGroundStation, 0});
  const auto n = static_cast<access::NodeIndex>(o.satellites);
  for (access::NodeIndex i = 0; i < n; ++i) {
    for (int pass = 0; pass < o.hours; ++pass) {
      const Instant a = r.start + Duration::minutes(pass * 60 + 7 * static_cast<int>(i) % 50);
      const Instant b = a + Duration::minutes(8);
      const access::NodeIndex station = n + (i + static_cast<uint32_t>(pass)) % 3;
      r.contacts.push_back(
          {i, station, a, b, 300e6, 0.003, access::ContactKind::kSatelliteToGround});
      r.contacts.push_back(
          {station, i, a, b, 50e6, 0.003, access::ContactKind::kGroundToSatellite});
    }
    if (i + 1 < n) {
      r.contacts.push_back(
          {i, i + 1, r.start, r.end, 100e9, 0.01, access::ContactKind::kInterSatellite});
      r.contacts.push_back(
          {i + 1, i, r.start, r.end, 100e9, 0.01, access::ContactKind::kInterSatellite});
    }
  }
}

inline sim::JobRecord make_job(const sim::RunResult& r, const Options& o, size_t k, size_t policy,
                               Rng& rng) {
  static constexpr sim::JobKind kKinds[] = {sim::JobKind::kEoTask, sim::JobKind::kSystematic,
                                            sim::JobKind::kComputeJob, sim::JobKind::kLlmQuery};
  sim::JobRecord j;
  j.id = k + 1;
  j.kind = kKinds[k % 4];
  j.tenant = j.kind == sim::JobKind::kLlmQuery ? 2 : (j.kind == sim::JobKind::kComputeJob ? 1 : 0);
  j.workload = j.kind == sim::JobKind::kLlmQuery ? "qwen3-queries" : "ship-detection, east";
  const double window = o.hours * 3600.0;
  j.submitted = r.start + Duration::from_seconds(window * 0.6 * static_cast<double>(k) /
                                                 static_cast<double>(o.jobs));
  const bool bent_pipe = policy == 0;
  Instant t = j.submitted;
  if (j.kind == sim::JobKind::kEoTask || j.kind == sim::JobKind::kSystematic) {
    t = t + Duration::from_seconds(rng.uniform(60, 600));
    j.captured = t;
    j.capture_satellite = static_cast<int>(k % o.satellites);
    j.raw_bytes = rng.uniform(1e9, 4e9);
  } else {
    t = t + Duration::from_seconds(rng.uniform(5, 300));
    j.uplinked = t;
    j.raw_bytes = rng.uniform(1e6, 1e8);
  }
  j.deadline = j.kind == sim::JobKind::kSystematic ? Instant::from_unix_ns(INT64_MAX)
                                                   : j.submitted + Duration::hours(3);
  if (k % 5 == 4) {
    j.drop = k % 10 == 4 ? sim::DropReason::kNoRoute : sim::DropReason::kStorageFull;
    return j;
  }
  j.processor = bent_pipe ? sim::kGround : static_cast<int>((k + policy) % o.satellites);
  j.at_processor = t + Duration::from_seconds(rng.uniform(1, 30));
  j.compute_start = *j.at_processor + Duration::from_seconds(rng.uniform(0, 120));
  j.compute_end = *j.compute_start + Duration::from_seconds(rng.uniform(1, 60));
  j.result_bytes = rng.uniform(1e5, 1e7);
  j.downlink_bytes = bent_pipe ? j.raw_bytes : j.result_bytes;
  j.isl_bytes = bent_pipe ? 0.0 : j.raw_bytes * 0.25;
  j.operations = rng.uniform(1e12, 1e15);
  j.energy_j = rng.uniform(500, 5000);
  const double down_wait = bent_pipe ? rng.uniform(600, 5400) : rng.uniform(30, 1800);
  j.delivered = *j.compute_end + Duration::from_seconds(down_wait);
  j.delivered_to = r.stations[k % r.stations.size()].name;
  if (k % 7 == 6) j.drop = sim::DropReason::kDeadlineMissed;
  if (j.kind == sim::JobKind::kLlmQuery) {
    j.prompt_tokens = 300 + static_cast<int>(k);
    j.answer_tokens = 200 + static_cast<int>(k);
    j.time_to_first_token_s = 0.4;
    j.generation_s = 6.5;
  }
  return j;
}

inline void summarise(const sim::RunResult& r, sim::PolicyRun& run) {
  sim::PolicySummary& s = run.summary;
  s.policy = run.policy;
  std::vector<double> latencies;
  for (const auto& j : run.jobs) {
    ++s.jobs_submitted;
    if (j.is_delivered()) {
      ++s.jobs_delivered;
      latencies.push_back(j.latency_s());
    } else {
      ++s.jobs_dropped;
      ++s.dropped_by_reason[std::string(sim::drop_reason_name(j.drop))];
    }
    s.downlink_bytes += j.downlink_bytes;
    s.isl_bytes += j.isl_bytes;
    s.energy_j += j.energy_j;
  }
  s.latency_s = sim::percentiles(latencies);
  s.energy_per_job_j = s.jobs_delivered ? s.energy_j / static_cast<double>(s.jobs_delivered) : 0;
  for (size_t t = 0; t < r.tenants.size(); ++t) {
    sim::TenantSummary ts{r.tenants[t], 0, 0, 0, {}, 0.0, 0.0};
    std::vector<double> lat;
    for (const auto& j : run.jobs) {
      if (j.tenant != t) continue;
      ++ts.jobs_submitted;
      if (j.is_delivered()) {
        ++ts.jobs_delivered;
        lat.push_back(j.latency_s());
      } else {
        ++ts.jobs_dropped;
      }
      ts.downlink_bytes += j.downlink_bytes;
      ts.energy_j += j.energy_j;
    }
    ts.latency_s = sim::percentiles(lat);
    s.tenants.push_back(ts);
  }
  std::vector<double> llm_total;
  for (const auto& j : run.jobs) {
    if (j.kind != sim::JobKind::kLlmQuery) continue;
    ++s.llm.queries;
    if (j.is_delivered()) {
      ++s.llm.answered;
      llm_total.push_back(j.latency_s());
    }
  }
  s.llm.total_s = sim::percentiles(llm_total);
  s.llm.uplink_wait_s = sim::percentiles({120.0, 200.0});
  s.llm.routing_s = sim::percentiles({3.0, 5.0});
  s.llm.time_to_first_token_s = sim::percentiles({0.4});
  s.llm.generation_s = sim::percentiles({6.5});
  s.llm.downlink_wait_s = sim::percentiles({300.0, 900.0});
  s.llm.tokens_per_s = 31.5;
  s.events = 1000 + run.jobs.size() * 17;
}

inline void add_run(sim::RunResult& r, const Options& o, size_t policy) {
  Rng rng(o.seed * 31 + policy);
  sim::PolicyRun run;
  run.policy = o.policies[policy];
  for (size_t k = 0; k < o.jobs; ++k) run.jobs.push_back(make_job(r, o, k, policy, rng));
  const double penalty = 0.04 * static_cast<double>(policy);
  std::vector<double> downlinked(o.satellites, 0.0);
  for (int m = 0; m <= o.hours * 60; m += o.sample_minutes) {
    for (size_t i = 0; i < o.satellites; ++i) {
      const double phase = 2.0 * kPi * m / 94.6 + static_cast<double>(i);
      downlinked[i] += rng.uniform(0, policy == 0 ? 4e9 : 1e9);
      run.samples.push_back({r.start + Duration::minutes(m), static_cast<uint32_t>(i),
                             0.75 + 0.2 * std::sin(phase) - penalty, rng.uniform(0, 2e11),
                             policy > 0 && (m / o.sample_minutes + i) % 3 == 0,
                             std::sin(phase) < -0.3, downlinked[i]});
    }
  }
  for (size_t i = 0; i < o.satellites; ++i) {
    sim::SatelliteTotals t;
    t.utilisation = policy == 0 ? 0.0 : rng.uniform(0.05, 0.6);
    t.busy_s = t.utilisation * o.hours * 3600.0;
    t.lowest_state_of_charge = 0.55 - penalty;
    t.downlink_bytes = downlinked[i];
    t.captures = 2;
    run.satellites.push_back(t);
  }
  for (const auto& j : run.jobs) {
    if (!j.captured) continue;
    const auto p = track_point(r.start, (*j.captured - r.start).to_seconds(),
                               static_cast<size_t>(j.capture_satellite));
    run.captures.push_back({*j.captured, static_cast<uint32_t>(j.capture_satellite), p.latitude_deg,
                            p.longitude_deg, j.raw_bytes, j.id,
                            j.kind == sim::JobKind::kSystematic});
  }
  std::sort(run.captures.begin(), run.captures.end(), [](const auto& a, const auto& b) {
    return std::tie(a.time, a.satellite) < std::tie(b.time, b.satellite);
  });
  summarise(r, run);
  run.summary.accelerator_utilisation = policy == 0 ? 0.0 : 0.3;
  run.summary.lowest_state_of_charge = 0.55 - penalty;
  r.runs.push_back(std::move(run));
}

inline sim::RunResult make_run_result(const Options& o = {}) {
  sim::RunResult r;
  add_world(r, o);
  for (size_t p = 0; p < o.policies.size(); ++p) add_run(r, o, p);
  // As the engine does: downlink saved against bent-pipe when it ran (first here).
  if (!r.runs.empty() && r.runs.front().policy == "bent-pipe") {
    const double base = r.runs.front().summary.downlink_bytes;
    for (auto& run : r.runs) {
      run.summary.downlink_saved_fraction =
          base > 0 ? 1.0 - run.summary.downlink_bytes / base : 0.0;
    }
  }
  return r;
}

}  // namespace lagrange::report::test
