// LLM serving: each language model of the workload is served by groups of satellites
// (llm_serving.hpp). When a host goes into shadow with a low battery or is shed, or a
// pipeline's links break, the model is re-placed; sessions waiting or running on a group that
// went away are replayed on the new placement (their prompt is sent to another group and
// prefilled again), as Petals does: counted, not lost.
#include <algorithm>

#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {
namespace {
// A host in shadow whose charge is below its minimum plus this margin gives up the model.
constexpr double kHostReserve = 0.15;
// Bytes of a query or an answer: 4 bytes per token id plus a header.
constexpr double kBytesPerToken = 4.0;
constexpr double kHeaderBytes = 512.0;
}  // namespace

void State::init_llm_servers() {
  for (const auto& tenant : world.scenario.work.tenants) {
    for (const auto& w : tenant.workloads) {
      const auto* q = std::get_if<workload::LlmQuerySpec>(&w.what);
      if (q == nullptr || llm_server_for(q->model) >= 0) continue;
      LlmServer server;
      server.model = q->model;
      llm_servers.push_back(std::move(server));
    }
  }
  // Models are placed at the start when the policy sends station-submitted work to orbit
  // (asked as for any such work: a stateless policy's answer does not depend on the job).
  if (!serves_in_orbit()) return;
  for (size_t i = 0; i < llm_servers.size(); ++i) place_llm(i, {});
}

bool State::serves_in_orbit() const {
  return decide_at_station().where == schedule::Decision::Where::kOrbit;
}

// A model first asked for at run time gets its server (placed now) when its first query is
// submitted.
void State::add_llm_server(const std::string& model) {
  LlmServer server;
  server.model = model;
  llm_servers.push_back(std::move(server));
  if (serves_in_orbit()) place_llm(llm_servers.size() - 1, {});
}

int State::llm_server_for(const std::string& model) const {
  for (size_t i = 0; i < llm_servers.size(); ++i) {
    if (llm_servers[i].model == model) return static_cast<int>(i);
  }
  return -1;
}

void State::place_llm(size_t index, std::span<const uint32_t> excluded) {
  LlmServer& server = llm_servers[index];
  server.groups = place_serving_groups(world, server.model, now, excluded);
  Instant until = kNever;
  for (const auto& g : server.groups) until = std::min(until, g.valid_until);
  if (until < world.scenario.end) push(until, events::LlmReplace{index, ++server.epoch});
}

// A host that should give up its model: shed, or in shadow with little charge left.
bool State::host_failing(uint32_t sat) const {
  const SatState& s = sats[sat];
  if (!can_compute(sat)) return true;  // down, or its accelerator failed
  const double reserve = world.satellites[sat].power.min_state_of_charge + kHostReserve;
  return s.shed || (s.illumination < 1.0 && s.battery.state_of_charge() < reserve);
}

void State::check_llm_hosts(uint32_t sat) {
  if (!host_failing(sat)) return;
  for (size_t i = 0; i < llm_servers.size(); ++i) {
    for (const auto& g : llm_servers[i].groups) {
      if (std::find(g.hosts.begin(), g.hosts.end(), sat) != g.hosts.end()) {
        push(now, events::LlmReplace{i, ++llm_servers[i].epoch});
        break;
      }
    }
  }
}

// Takes the server's queries off a satellite's accelerator (running or queued), in id order.
std::vector<uint64_t> State::take_llm_sessions(uint32_t sat, size_t server) {
  SatState& s = sats[sat];
  std::vector<uint64_t> moved;
  if (s.running && jobs[*s.running].llm_server == static_cast<int>(server)) {
    moved.push_back(stop_accelerator(sat));
    power_changed(sat);
  }
  for (auto it = s.queue.begin(); it != s.queue.end();) {
    if (jobs[*it].llm_server != static_cast<int>(server)) {
      ++it;
      continue;
    }
    s.queued_s = std::max(0.0, s.queued_s - jobs[*it].remaining_s);
    moved.push_back(*it);
    it = s.queue.erase(it);
  }
  std::sort(moved.begin(), moved.end());
  return moved;
}

void State::on_llm_replace(size_t index, uint64_t epoch) {
  LlmServer& server = llm_servers[index];
  if (epoch != server.epoch) return;
  std::vector<uint32_t> excluded;
  for (uint32_t s = 0; s < sats.size(); ++s) {
    update_power(s);
    if (host_failing(s)) excluded.push_back(s);
  }
  const std::vector<NodeIndex> old_entries = server.entries();
  const std::vector<ServingGroup> old_groups = server.groups;
  place_llm(index, excluded);
  bool changed = old_groups.size() != server.groups.size();
  for (size_t g = 0; !changed && g < old_groups.size(); ++g) {
    changed = old_groups[g].hosts != server.groups[g].hosts;
  }
  if (!changed) return;
  ++server.replacements;
  for (const NodeIndex entry : old_entries) {
    const ServingGroup* now_there = server.group_at(entry);
    const auto old = std::find_if(old_groups.begin(), old_groups.end(),
                                  [&](const auto& g) { return g.hosts.front() == entry; });
    if (now_there != nullptr && now_there->hosts == old->hosts) continue;
    for (const uint64_t id : take_llm_sessions(entry, index)) {
      Job& job = jobs[id];
      ++job.record.replays;
      job.record.compute_start.reset();
      job.held_bytes = 0.0;  // the prompt leaves this host
      start_leg(id, Leg::kToProcessor, entry, kNoNode);
    }
    try_start_compute(entry);
  }
}

void State::start_llm_query(uint64_t id, NodeIndex from) {
  Job& job = jobs[id];
  job.record.raw_bytes = kHeaderBytes + kBytesPerToken * job.record.prompt_tokens;
  job.record.result_bytes = kHeaderBytes + kBytesPerToken * job.record.answer_tokens;
  const LlmServer& server = llm_servers[static_cast<size_t>(job.llm_server)];
  if (decide_at_station().where == schedule::Decision::Where::kGround) {
    // Answered on the ground, on the data-centre GPU at the submitting station.
    const QueryTiming t = ground_query_timing(world, server.model, job.record.prompt_tokens,
                                              job.record.answer_tokens);
    job.record.time_to_first_token_s = t.time_to_first_token_s;
    job.record.generation_s = t.generation_s;
    job.processed_on_ground = true;
    job.target = from;
    set_stage(id, Stage::kOnGround, kGround, static_cast<int>(from - world.satellite_count()));
    job.record.compute_start = now;
    job.record.compute_end = now + Duration::from_seconds(t.total_s());
    return push(*job.record.compute_end, events::GroundDone{id});
  }
  ledger.created += job.record.raw_bytes;
  start_leg(id, Leg::kToProcessor, from, kNoNode);
}

void State::llm_query_arrived(uint64_t id) {
  Job& job = jobs[id];
  const LlmServer& server = llm_servers[static_cast<size_t>(job.llm_server)];
  const ServingGroup* group = server.group_at(job.target);
  if (group == nullptr) {
    // The model moved while the prompt was on its way: forward it to a group that has it.
    job.held_bytes = 0.0;
    return start_leg(id, Leg::kToProcessor, job.target, kNoNode);
  }
  const QueryTiming t =
      query_timing(group->timing, job.record.prompt_tokens, job.record.answer_tokens);
  job.record.time_to_first_token_s = t.time_to_first_token_s;
  job.record.generation_s = t.generation_s;
  job.busy_w = group->power_w;
  job.compute_s = job.remaining_s = t.total_s();
  enqueue_compute(job.target, id);
}

}  // namespace lagrange::sim
