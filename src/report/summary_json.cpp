#include "report/summary_json.hpp"

#include <algorithm>
#include <cmath>

#include "report/internal/names.hpp"
#include "report/internal/resilience.hpp"

namespace lagrange::report {
namespace {

using nlohmann::ordered_json;

constexpr sim::DropReason kDropReasons[] = {
    sim::DropReason::kNoCapture,      sim::DropReason::kStorageFull, sim::DropReason::kNoRoute,
    sim::DropReason::kDeadlineMissed, sim::DropReason::kBatteryLow,  sim::DropReason::kUnfinished,
    sim::DropReason::kOverQuota,      sim::DropReason::kCancelled};

// JSON has no NaN or infinity; a figure that is not a number is written as null.
ordered_json number(double value) {
  return std::isfinite(value) ? ordered_json(value) : ordered_json(nullptr);
}

ordered_json percentiles_json(const sim::Percentiles& p) {
  ordered_json j;
  j["p50"] = number(p.p50);
  j["p90"] = number(p.p90);
  j["p99"] = number(p.p99);
  j["count"] = p.count;
  return j;
}

// Every known reason, in enum order, so the schema does not depend on what happened; then
// any reason the engine counted that this writer does not know, in name order.
ordered_json dropped_json(const std::map<std::string, size_t>& counts) {
  ordered_json j = ordered_json::object();
  for (sim::DropReason reason : kDropReasons) {
    const std::string name(sim::drop_reason_name(reason));
    const auto it = counts.find(name);
    j[name] = it == counts.end() ? 0 : it->second;
  }
  for (const auto& [name, count] : counts) {
    if (!j.contains(name)) j[name] = count;
  }
  return j;
}

ordered_json tenant_json(const sim::TenantSummary& t) {
  ordered_json j;
  j["tenant"] = t.tenant;
  j["jobs_submitted"] = t.jobs_submitted;
  j["jobs_delivered"] = t.jobs_delivered;
  j["jobs_dropped"] = t.jobs_dropped;
  j["latency_s"] = percentiles_json(t.latency_s);
  j["downlink_bytes"] = number(t.downlink_bytes);
  j["energy_j"] = number(t.energy_j);
  return j;
}

ordered_json llm_json(const sim::LlmSummary& l) {
  ordered_json j;
  j["queries"] = l.queries;
  j["answered"] = l.answered;
  j["total_s"] = percentiles_json(l.total_s);
  j["uplink_wait_s"] = percentiles_json(l.uplink_wait_s);
  j["routing_s"] = percentiles_json(l.routing_s);
  j["time_to_first_token_s"] = percentiles_json(l.time_to_first_token_s);
  j["generation_s"] = percentiles_json(l.generation_s);
  j["downlink_wait_s"] = percentiles_json(l.downlink_wait_s);
  j["tokens_per_s"] = number(l.tokens_per_s);
  j["energy_per_token_j"] = number(l.energy_per_token_j);
  j["replays"] = l.replays;
  j["replacements"] = l.replacements;
  ordered_json groups = ordered_json::array();
  for (const auto& g : l.groups) {
    ordered_json gj;
    gj["entry_satellite"] = g.entry_satellite;
    gj["answered"] = g.answered;
    gj["tokens_per_s"] = number(g.tokens_per_s);
    gj["energy_per_token_j"] = number(g.energy_per_token_j);
    groups.push_back(std::move(gj));
  }
  j["groups"] = std::move(groups);
  return j;
}

ordered_json satellite_json(const std::string& name, const sim::SatelliteTotals& s) {
  ordered_json j;
  j["satellite"] = name;
  j["busy_s"] = number(s.busy_s);
  j["utilisation"] = number(s.utilisation);
  j["lowest_state_of_charge"] = number(s.lowest_state_of_charge);
  j["harvested_j"] = number(s.harvested_j);
  j["consumed_j"] = number(s.consumed_j);
  j["shed_j"] = number(s.shed_j);
  j["downlink_bytes"] = number(s.downlink_bytes);
  j["isl_bytes"] = number(s.isl_bytes);
  j["captures"] = s.captures;
  j["dropped_captures"] = s.dropped_captures;
  return j;
}

// Written only with a ground network, so a scenario without one gives the files it gave
// before the network was modelled.
bool has_ground_network(const sim::RunResult& result) {
  return std::any_of(result.contacts.begin(), result.contacts.end(),
                     [](const auto& c) { return c.kind == access::ContactKind::kGroundLink; });
}

// What the fault-free run of the same policy gave, and the faulty run's difference from it
// (negative: fewer delivered, less latency or energy with the faults).
void baseline_json(ordered_json& j, const sim::PolicySummary& with,
                   const sim::PolicySummary& without) {
  ordered_json b;
  b["jobs_delivered"] = without.jobs_delivered;
  b["latency_s"] = percentiles_json(without.latency_s);
  b["energy_j"] = number(without.energy_j);
  j["baseline"] = std::move(b);
  ordered_json d;
  d["jobs_delivered"] =
      static_cast<int64_t>(with.jobs_delivered) - static_cast<int64_t>(without.jobs_delivered);
  d["latency_p50_s"] = number(with.latency_s.p50 - without.latency_s.p50);
  d["latency_p90_s"] = number(with.latency_s.p90 - without.latency_s.p90);
  d["energy_j"] = number(with.energy_j - without.energy_j);
  j["against_baseline"] = std::move(d);
}

// Only in runs with faults (so outputs of runs without them keep their bytes): each fault
// that happened, what it cost, the run's reruns and bytes lost in all, and the fault-free
// baseline when it was run.
ordered_json resilience_json(const sim::PolicyRun& run) {
  ordered_json faults = ordered_json::array();
  for (const sim::FaultRecord& r : run.faults) {
    ordered_json f;
    f["fault"] = r.description;
    f["kind"] = r.upsets > 0 ? "single_event_upsets" : scenario::fault_kind_name(r.fault.kind);
    f["start"] = format_iso8601(r.fault.start);
    f["end"] = r.fault.end ? ordered_json(format_iso8601(*r.fault.end)) : ordered_json(nullptr);
    f["random"] = r.fault.random;
    f["jobs_dropped"] = r.jobs_dropped;
    f["reruns"] = r.reruns;
    f["bundles_resent"] = r.bundles_resent;
    f["bytes_lost"] = number(r.bytes_lost);
    if (r.upsets > 0) f["upsets"] = r.upsets;
    faults.push_back(std::move(f));
  }
  const internal::ResilienceTotals totals = internal::resilience_totals(run);
  ordered_json j;
  j["faults"] = std::move(faults);
  j["reruns"] = totals.reruns;
  j["bytes_lost"] = number(totals.bytes_lost);
  if (run.baseline) baseline_json(j, run.summary, *run.baseline);
  return j;
}

ordered_json time_or_null(const std::optional<Instant>& t) {
  return t ? ordered_json(format_iso8601(*t)) : ordered_json(nullptr);
}

// The node a model's copy came from: a satellite's or a station's name, null for none.
ordered_json source_json(const sim::RunResult& result, int64_t node) {
  if (node < 0) return nullptr;
  const auto satellites = static_cast<int64_t>(result.satellites.size());
  if (node < satellites) return internal::satellite_name(result, static_cast<int>(node));
  const auto station = static_cast<size_t>(node - satellites);
  return station < result.stations.size() ? ordered_json(result.stations[station].name)
                                          : ordered_json(nullptr);
}

// Users' models: every satellite's version over time and each deployment's progress.
ordered_json models_json(const sim::RunResult& result, const sim::ModelRunRecord& m) {
  ordered_json j;
  j["names"] = m.names;
  ordered_json versions = ordered_json::array();
  for (const auto& v : m.versions) {
    ordered_json vj;
    vj["at"] = format_iso8601(v.at);
    vj["satellite"] = internal::satellite_name(result, static_cast<int>(v.satellite));
    vj["model"] = m.names[v.model];
    vj["version"] = v.version;
    versions.push_back(std::move(vj));
  }
  j["versions"] = std::move(versions);
  ordered_json deployments = ordered_json::array();
  for (const auto& d : m.deployments) {
    ordered_json dj;
    dj["id"] = d.id;
    dj["model"] = m.names[d.model];
    dj["version"] = d.version;
    dj["rollback"] = d.rollback;
    dj["requested"] = format_iso8601(d.requested);
    dj["completed"] = time_or_null(d.completed);
    dj["file_bytes"] = number(d.file_bytes);
    dj["bytes_sent"] = number(d.bytes_sent);
    ordered_json targets = ordered_json::array();
    for (size_t i = 0; i < d.satellites.size(); ++i) {
      ordered_json tj;
      tj["satellite"] = internal::satellite_name(result, static_cast<int>(d.satellites[i]));
      tj["installed"] = time_or_null(d.installed[i]);
      tj["bytes_received"] = number(d.bytes_received[i]);
      tj["source"] = source_json(result, d.sources[i]);
      targets.push_back(std::move(tj));
    }
    dj["targets"] = std::move(targets);
    deployments.push_back(std::move(dj));
  }
  j["deployments"] = std::move(deployments);
  ordered_json bytes;
  bytes["sent"] = number(m.bytes.sent);
  bytes["installed"] = number(m.bytes.installed);
  bytes["dropped"] = number(m.bytes.dropped);
  bytes["in_flight"] = number(m.bytes.in_flight);
  j["bytes"] = std::move(bytes);
  return j;
}

ordered_json policy_json(const sim::RunResult& result, const sim::PolicyRun& run) {
  const sim::PolicySummary& s = run.summary;
  ordered_json j;
  j["policy"] = run.policy;
  j["jobs_submitted"] = s.jobs_submitted;
  j["jobs_delivered"] = s.jobs_delivered;
  j["jobs_dropped"] = s.jobs_dropped;
  j["dropped_by_reason"] = dropped_json(s.dropped_by_reason);
  j["latency_s"] = percentiles_json(s.latency_s);
  j["downlink_bytes"] = number(s.downlink_bytes);
  j["downlink_saved_fraction"] = number(s.downlink_saved_fraction);
  j["isl_bytes"] = number(s.isl_bytes);
  if (has_ground_network(result)) j["ground_network_bytes"] = number(s.ground_network_bytes);
  j["energy_j"] = number(s.energy_j);
  j["energy_per_job_j"] = number(s.energy_per_job_j);
  j["constellation_energy_j"] = number(s.constellation_energy_j);
  j["accelerator_utilisation"] = number(s.accelerator_utilisation);
  j["lowest_state_of_charge"] = number(s.lowest_state_of_charge);
  j["events"] = s.events;
  j["captures"] = run.captures.size();
  ordered_json tenants = ordered_json::array();
  for (const auto& t : s.tenants) tenants.push_back(tenant_json(t));
  j["tenants"] = std::move(tenants);
  j["llm"] = llm_json(s.llm);
  if (!run.faults.empty()) j["resilience"] = resilience_json(run);
  ordered_json satellites = ordered_json::array();
  for (size_t i = 0; i < run.satellites.size(); ++i) {
    satellites.push_back(
        satellite_json(internal::satellite_name(result, static_cast<int>(i)), run.satellites[i]));
  }
  j["satellites"] = std::move(satellites);
  // Only with users' models, so a scenario without any writes the file it wrote before.
  if (!run.models.names.empty()) j["models"] = models_json(result, run.models);
  return j;
}

}  // namespace

ordered_json summary_json(const sim::RunResult& result) {
  ordered_json j;
  j["scenario"] = result.scenario;
  j["description"] = result.description;
  j["seed"] = result.seed;
  j["start"] = format_iso8601(result.start);
  j["end"] = format_iso8601(result.end);
  j["satellites"] = result.satellites.size();
  ordered_json stations = ordered_json::array();
  for (const auto& s : result.stations) stations.push_back(s.name);
  j["stations"] = std::move(stations);
  j["tenants"] = result.tenants;
  ordered_json policies = ordered_json::array();
  for (const auto& run : result.runs) policies.push_back(policy_json(result, run));
  j["policies"] = std::move(policies);
  return j;
}

std::string summary_json_text(const sim::RunResult& result) {
  // Invalid UTF-8 in a scenario's names becomes U+FFFD rather than an exception.
  return summary_json(result).dump(2, ' ', false,
                                   nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace lagrange::report
