// Closing a run: what is still in flight, per-satellite totals and the policy's summary.
#include <algorithm>
#include <array>
#include <map>

#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {
namespace {

Percentiles latency_of(const std::vector<JobRecord>& jobs, auto&& keep) {
  std::vector<double> v;
  for (const auto& j : jobs) {
    if (j.is_delivered() && keep(j)) v.push_back(j.latency_s());
  }
  return percentiles(std::move(v));
}

std::vector<LlmGroupSummary> group_summaries(const std::vector<JobRecord>& jobs) {
  std::map<int, std::array<double, 3>> by_entry;  // answered, decoded tokens, generation s
  std::map<int, double> energy;
  std::map<int, double> answer_tokens;
  for (const auto& j : jobs) {
    if (j.kind != JobKind::kLlmQuery || !j.is_delivered() || j.processor == kGround) continue;
    auto& g = by_entry[j.processor];
    g[0] += 1;
    g[1] += std::max(0, j.answer_tokens - 1);  // the first token comes from the prefill
    g[2] += j.generation_s;
    energy[j.processor] += j.energy_j;
    answer_tokens[j.processor] += j.answer_tokens;
  }
  std::vector<LlmGroupSummary> out;
  for (const auto& [entry, g] : by_entry) {
    LlmGroupSummary s;
    s.entry_satellite = entry;
    s.answered = static_cast<size_t>(g[0]);
    s.tokens_per_s = g[2] > 0.0 ? g[1] / g[2] : 0.0;
    s.energy_per_token_j = answer_tokens[entry] > 0.0 ? energy[entry] / answer_tokens[entry] : 0.0;
    out.push_back(s);
  }
  return out;
}

LlmSummary llm_summary(const std::vector<JobRecord>& jobs) {
  LlmSummary s;
  std::vector<double> total, uplink, routing, ttft, generation, downlink;
  double tokens = 0.0, decoded = 0.0, generation_s = 0.0, energy_j = 0.0;
  for (const auto& j : jobs) {
    if (j.kind != JobKind::kLlmQuery) continue;
    ++s.queries;
    s.replays += static_cast<size_t>(j.replays);
    if (!j.is_delivered()) continue;
    ++s.answered;
    total.push_back(j.latency_s());
    ttft.push_back(j.time_to_first_token_s);
    generation.push_back(j.generation_s);
    if (j.uplinked) uplink.push_back((*j.uplinked - j.submitted).to_seconds());
    if (j.uplinked && j.at_processor)
      routing.push_back((*j.at_processor - *j.uplinked).to_seconds());
    if (j.compute_end) downlink.push_back((*j.delivered - *j.compute_end).to_seconds());
    tokens += j.answer_tokens;
    decoded += std::max(0, j.answer_tokens - 1);
    generation_s += j.generation_s;
    energy_j += j.energy_j;
  }
  s.groups = group_summaries(jobs);
  s.total_s = percentiles(std::move(total));
  s.uplink_wait_s = percentiles(std::move(uplink));
  s.routing_s = percentiles(std::move(routing));
  s.time_to_first_token_s = percentiles(std::move(ttft));
  s.generation_s = percentiles(std::move(generation));
  s.downlink_wait_s = percentiles(std::move(downlink));
  s.tokens_per_s = generation_s > 0.0 ? decoded / generation_s : 0.0;
  s.energy_per_token_j = tokens > 0.0 ? energy_j / tokens : 0.0;
  return s;
}

}  // namespace

PolicyRun State::finish() {
  const Instant end = world.scenario.end;
  now = std::max(now, end);
  const double window_s = (end - world.scenario.start).to_seconds();
  for (uint32_t s = 0; s < sats.size(); ++s) {
    update_power(s);
    SatState& st = sats[s];
    if (st.running) st.totals.busy_s += (now - st.run_started).to_seconds();
    st.totals.utilisation = window_s > 0 ? st.totals.busy_s / window_s : 0.0;
    st.energy.final_j = st.battery.charge_j();
    energy.push_back(st.energy);
  }
  for (const auto& b : bundles) {
    if (b.transfer != kNoTransfer) continue;  // a model's bytes: ModelByteLedger
    if (b.sender != kNoNode) ledger.in_flight += static_cast<double>(b.bytes);
    if (b.stranded && jobs[b.job].stage != Stage::kDone)
      ledger.held += static_cast<double>(b.bytes);
  }
  PolicyRun run;
  run.policy = std::string(policy.name());
  run.models = model_results();
  for (auto& job : jobs) {
    if (job.stage != Stage::kDone) {
      ledger.held += job.held_bytes + job.kept_bytes;
      job.record.drop = DropReason::kUnfinished;
      set_stage(job.record.id, Stage::kDone);
    }
    run.jobs.push_back(job.record);
  }
  for (const auto& s : sats) run.satellites.push_back(s.totals);
  for (const FaultRecord& r : faults.records) {
    if (r.fault.start <= now) run.faults.push_back(r);
  }
  run.samples = std::move(samples);
  run.captures = std::move(captures);
  std::stable_sort(run.captures.begin(), run.captures.end(), [](const auto& a, const auto& b) {
    return a.time != b.time ? a.time < b.time : a.satellite < b.satellite;
  });

  PolicySummary& sum = run.summary;
  sum.policy = run.policy;
  sum.events = events;
  sum.jobs_submitted = run.jobs.size();
  for (const auto& j : run.jobs) {
    if (j.is_delivered()) {
      ++sum.jobs_delivered;
    } else {
      ++sum.jobs_dropped;
      ++sum.dropped_by_reason[std::string(drop_reason_name(j.drop))];
    }
    sum.energy_j += j.energy_j;
    sum.ground_network_bytes += j.ground_bytes;
  }
  sum.latency_s = latency_of(run.jobs, [](const JobRecord&) { return true; });
  double busy_s = 0.0;
  for (size_t s = 0; s < sats.size(); ++s) {
    const SatelliteTotals& t = sats[s].totals;
    sum.downlink_bytes += t.downlink_bytes;
    sum.isl_bytes += t.isl_bytes;
    sum.constellation_energy_j += t.consumed_j;
    sum.lowest_state_of_charge = std::min(sum.lowest_state_of_charge, t.lowest_state_of_charge);
    busy_s += t.busy_s;
  }
  sum.energy_per_job_j = sum.jobs_delivered > 0 ? sum.energy_j / sum.jobs_delivered : 0.0;
  sum.accelerator_utilisation =
      sats.empty() || window_s <= 0 ? 0.0 : busy_s / (window_s * sats.size());
  for (size_t t = 0; t < tenants.size(); ++t) {
    TenantSummary ts;
    ts.tenant = tenants[t].name;
    for (const auto& j : run.jobs) {
      if (j.tenant != t) continue;
      ++ts.jobs_submitted;
      (j.is_delivered() ? ts.jobs_delivered : ts.jobs_dropped)++;
      ts.downlink_bytes += j.downlink_bytes;
      ts.energy_j += j.energy_j;
    }
    ts.latency_s = latency_of(run.jobs, [t](const JobRecord& j) { return j.tenant == t; });
    sum.tenants.push_back(std::move(ts));
  }
  sum.llm = llm_summary(run.jobs);
  for (const auto& server : llm_servers) sum.llm.replacements += server.replacements;
  return run;
}

}  // namespace lagrange::sim
