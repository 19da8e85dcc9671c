// Faults: elements that go down and come back (or never do), what that does to the contacts,
// the bundles on them, the work on the accelerators and the stores (engine.hpp, Faults).
#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/hash.hpp"
#include "sim/faults.hpp"
#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {
namespace {

using scenario::FaultKind;

bool on_satellite(FaultKind k) {
  return k == FaultKind::kSatelliteLoss || k == FaultKind::kSatelliteReboot ||
         k == FaultKind::kAcceleratorFailure || k == FaultKind::kLaserTerminalFailure;
}

}  // namespace

void State::init_fault_state() {
  faults.down.assign(world.graph.node_count(), 0);
  faults.downed_by.assign(world.graph.node_count(), 0);
  faults.lost.assign(world.satellite_count(), 0);
  faults.accelerator_failed.assign(world.satellite_count(), 0);
  faults.blocked.assign(world.graph.contact_count(), 0);
}

void State::init_faults() {
  init_fault_state();
  std::vector<scenario::Fault> all = world.scenario.faults;
  const std::vector<scenario::Fault> drawn = random_faults(world);
  all.insert(all.end(), drawn.begin(), drawn.end());
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& a, const auto& b) { return a.start < b.start; });
  for (const auto& f : all) schedule_fault(f);
  const double seu_per_hour = world.scenario.fault_rates.seu_per_accelerator_hour;
  if (seu_per_hour > 0.0) {
    faults.seu_per_s = seu_per_hour / 3600.0;
    faults.seu_rng = Rng(world.scenario.seed).fork(fnv1a64("faults")).fork(fnv1a64("seu"));
  }
}

void State::schedule_fault(scenario::Fault f) {
  const size_t index = faults.records.size();
  FaultRecord r;
  r.description = scenario::describe_fault(f, world.scenario);
  r.fault = f;
  faults.records.push_back(std::move(r));
  faults.hit.emplace_back();
  push(f.start, events::FaultStart{index});
  if (f.end && *f.end < world.scenario.end) push(*f.end, events::FaultEnd{index});
}

Status State::inject(const scenario::Fault& f) {
  const size_t sats_n = world.satellite_count();
  if (f.start < now) {
    return Error{fmt::format("fault.at: {} is before the engine's time {}", format_iso8601(f.start),
                             format_iso8601(now))};
  }
  if (f.start >= world.scenario.end) {
    return Error{fmt::format("fault.at: {} is not before the window end {}",
                             format_iso8601(f.start), format_iso8601(world.scenario.end))};
  }
  if (f.end && *f.end <= f.start) return Error{"fault: its end is not after its start"};
  if (f.kind == FaultKind::kSatelliteLoss && f.end) {
    return Error{"fault: a satellite_loss is permanent (no duration_s or to)"};
  }
  if (f.kind == FaultKind::kStationOutage ? f.station >= world.station_count()
                                          : f.satellite >= sats_n) {
    return Error{"fault: no such satellite or station"};
  }
  if (f.kind == FaultKind::kLinkOutage &&
      (f.other_satellite >= sats_n || f.other_satellite == f.satellite)) {
    return Error{"fault.between: expected two different satellites"};
  }
  schedule_fault(f);
  return {};
}

// The contacts a fault takes out: every contact of a satellite that is down, the laser
// contacts of one with failed terminals, those of a link, or every contact of a station.
std::vector<network::ContactIndex> State::contacts_hit(const scenario::Fault& f) const {
  std::vector<network::ContactIndex> out;
  const NodeIndex station =
      f.kind == FaultKind::kStationOutage ? world.station_node(f.station) : kNoNode;
  const Instant until = f.end.value_or(kNever);
  for (network::ContactIndex c = 0; c < world.graph.contact_count(); ++c) {
    const access::Contact& ct = world.graph.contact(c);
    if (ct.end <= now || ct.start >= until) continue;
    const bool isl = ct.kind == access::ContactKind::kInterSatellite;
    const bool touches = ct.from == f.satellite || ct.to == f.satellite;
    bool hit = false;
    switch (f.kind) {
      case FaultKind::kSatelliteLoss:
      case FaultKind::kSatelliteReboot:
        hit = touches;
        break;
      case FaultKind::kAcceleratorFailure:
        break;
      case FaultKind::kLaserTerminalFailure:
        hit = isl && touches;
        break;
      case FaultKind::kLinkOutage:
        hit = isl && std::min(ct.from, ct.to) == f.satellite &&
              std::max(ct.from, ct.to) == f.other_satellite;
        break;
      case FaultKind::kStationOutage:
        hit = ct.from == station || ct.to == station;
        break;
    }
    if (hit) out.push_back(c);
  }
  return out;
}

void State::block_contacts(const std::vector<network::ContactIndex>& contacts) {
  for (const network::ContactIndex c : contacts) {
    if (faults.blocked[c]++ == 0) residual[c] = 0;
  }
}

// A contact given back gets the volume that still fits after its queue; routes found while it
// was out are forgotten (the reuse argument of known_route needs volumes that only shrink).
void State::unblock_contacts(const std::vector<network::ContactIndex>& contacts) {
  for (const network::ContactIndex c : contacts) {
    assert(faults.blocked[c] > 0);
    if (--faults.blocked[c] != 0) continue;
    const access::Contact& ct = world.graph.contact(c);
    double rate = ct.rate_bps;
    if (ct.kind == access::ContactKind::kSatelliteToGround) {
      rate = std::min(rate, world.satellites[ct.from].downlink_rate_bps);
    }
    const Instant from = std::max({now, ct.start, contact_free[c]});
    const double left_s = std::max(0.0, (ct.end - from).to_seconds());
    residual[c] = std::min(world.graph.volume_bytes(c), static_cast<uint64_t>(rate * left_s / 8.0));
  }
  known_routes.clear();
}

// Custody: a bundle on a hop the fault cut goes back to its sender, which still holds it
// (a copy is kept until the next node has it), and is sent again, or waits there while the
// sender itself is down.
void State::take_back(uint64_t index) {
  Bundle& b = bundles[index];
  const NodeIndex sender = b.sender;
  ++b.epoch;
  if (b.phase == Bundle::Phase::kTransmitting && b.downlink) {
    update_power(sender);
    --sats[sender].transmitting;
    power_changed(sender);
  }
  if (b.phase == Bundle::Phase::kSent && !world.is_station(sender)) {
    sats[sender].stored_bytes += static_cast<double>(b.bytes);
  }
  b.node = sender;
  b.sender = kNoNode;
  b.planned.clear();
  b.phase = Bundle::Phase::kBooked;
  if (faults.current) ++faults.records[*faults.current].bundles_resent;
  if (b.transfer != kNoTransfer) {
    // A model's bytes (engine_models.cpp): resent by their own routing; a sender that is
    // down loses them, and the deployment plans that target again.
    if (is_down(sender)) return model_bundle_lost(index);
    return send_model_bundle(index);
  }
  if (is_down(sender)) {
    b.stranded = true;
    jobs[b.job].stranded.push_back(index);
    return;
  }
  send(index);
}

void State::take_back_bundles(const std::vector<network::ContactIndex>& contacts) {
  if (contacts.empty()) return;
  for (uint64_t i = 0; i < bundles.size(); ++i) {
    const Bundle& b = bundles[i];
    if (b.sender == kNoNode) continue;
    if (b.transfer == kNoTransfer && jobs[b.job].stage == Stage::kDone) continue;
    if (!std::binary_search(contacts.begin(), contacts.end(), b.hop)) continue;
    // Fully sent and on its way to a receiver that is up: the receiver will hold it.
    if (b.phase == Bundle::Phase::kSent && !is_down(b.node)) continue;
    take_back(i);
  }
}

// The running job loses the work since its last checkpoint and goes back to the head of the
// queue; the lost time is paid for in energy (the kept part is paid when it completes).
void State::interrupt_compute(uint32_t sat) {
  SatState& s = sats[sat];
  if (!s.running) return;
  const uint64_t id = stop_accelerator(sat);
  Job& job = jobs[id];
  const double done_s = job.compute_s - job.remaining_s;
  // Only the work since the last checkpoint is lost (all of it without checkpoints).
  const double saved_s =
      job.checkpoint_s > 0.0 ? std::floor(done_s / job.checkpoint_s) * job.checkpoint_s : 0.0;
  job.record.energy_j +=
      (job.busy_w > 0.0 ? job.busy_w : world.satellites[sat].busy_w) * (done_s - saved_s);
  job.remaining_s = job.compute_s - saved_s;
  ++job.record.reruns;
  if (faults.current) ++faults.records[*faults.current].reruns;
  set_stage(id, Stage::kQueued, static_cast<int>(sat));
  s.queue.push_front(id);
  s.queued_s += job.remaining_s;
  power_changed(sat);
}

// Every unfinished job with data or work on the satellite (its queue, what it holds, bundles
// stored there) ends with `reason`; so do jobs whose input is on its way to it as processor.
void State::drop_jobs_on(uint32_t sat, DropReason reason) {
  const double stored = sats[sat].stored_bytes;
  for (uint64_t id = 0; id < jobs.size(); ++id) {
    Job& job = jobs[id];
    if (job.kept_at == sat) free_kept_input(job, true);
    if (job.stage == Stage::kDone || job.stage == Stage::kWaiting ||
        job.stage == Stage::kOnGround) {
      continue;
    }
    bool on =
        job.target == sat &&
        (job.stage == Stage::kQueued || job.stage == Stage::kComputing || job.held_bytes > 0.0 ||
         (reason == DropReason::kSatelliteLost && job.stage == Stage::kUplinking &&
          job.leg == Leg::kToProcessor));
    for (const uint64_t b : job.stranded) on = on || bundles[b].node == sat;
    if (!on) continue;
    drop(id, reason);
    if (faults.current) ++faults.records[*faults.current].jobs_dropped;
  }
  if (faults.current) faults.records[*faults.current].bytes_lost += stored;
  sats[sat].stored_bytes = 0.0;
}

void State::on_fault_start(size_t index) {
  const scenario::Fault f = faults.records[index].fault;
  faults.current = index;
  // Only a fault that ends in the window holds stranded bundles back for a retry.
  if (f.end && *f.end < world.scenario.end) ++faults.active;
  const uint32_t sat = f.satellite;
  const bool down = f.kind == FaultKind::kSatelliteLoss || f.kind == FaultKind::kSatelliteReboot;
  if (on_satellite(f.kind)) update_power(sat);
  if (down) {
    ++faults.down[sat];
    faults.downed_by[sat] = index;
  }
  if (f.kind == FaultKind::kSatelliteLoss) faults.lost[sat] = 1;
  if (f.kind == FaultKind::kAcceleratorFailure) ++faults.accelerator_failed[sat];
  if (f.kind == FaultKind::kStationOutage) {
    ++faults.down[world.station_node(f.station)];
    faults.downed_by[world.station_node(f.station)] = index;
  }
  if (down || f.kind == FaultKind::kAcceleratorFailure) interrupt_compute(sat);
  faults.hit[index] = contacts_hit(f);
  block_contacts(faults.hit[index]);
  take_back_bundles(faults.hit[index]);
  if (f.kind == FaultKind::kSatelliteLoss) drop_jobs_on(sat, DropReason::kSatelliteLost);
  if (f.kind == FaultKind::kSatelliteReboot && !f.keeps_store) {
    drop_jobs_on(sat, DropReason::kSatelliteRebooted);
  }
  if (f.kind == FaultKind::kAcceleratorFailure && f.permanent()) {
    for (const uint64_t id : std::deque<uint64_t>(sats[sat].queue)) {
      drop(id, DropReason::kProcessorFailed);
      ++faults.records[index].jobs_dropped;
    }
  }
  if (on_satellite(f.kind)) {
    power_changed(sat);
    check_llm_hosts(sat);
  }
  faults.current.reset();
}

void State::on_fault_end(size_t index) {
  const scenario::Fault f = faults.records[index].fault;
  faults.current = index;
  --faults.active;
  const uint32_t sat = f.satellite;
  if (on_satellite(f.kind)) update_power(sat);
  if (f.kind == FaultKind::kSatelliteReboot) --faults.down[sat];
  if (f.kind == FaultKind::kAcceleratorFailure) --faults.accelerator_failed[sat];
  if (f.kind == FaultKind::kStationOutage) --faults.down[world.station_node(f.station)];
  unblock_contacts(faults.hit[index]);
  retry_stranded();
  if (on_satellite(f.kind)) {
    power_changed(sat);
    try_start_compute(sat);
  }
  faults.current.reset();
}

// Bundles that found no route while something was out try again now that it is back.
void State::retry_stranded() {
  std::vector<uint64_t> waiting;
  for (Job& job : jobs) {
    if (job.stage == Stage::kDone) continue;
    waiting.insert(waiting.end(), job.stranded.begin(), job.stranded.end());
    job.stranded.clear();
  }
  for (const uint64_t index : waiting) {
    Bundle& b = bundles[index];
    b.stranded = false;
    if (jobs[b.job].stage == Stage::kDone) {
      ledger.dropped += static_cast<double>(b.bytes);
      if (!world.is_station(b.node)) sats[b.node].stored_bytes -= static_cast<double>(b.bytes);
      continue;
    }
    if (is_down(b.node)) {
      b.stranded = true;
      jobs[b.job].stranded.push_back(index);
      continue;
    }
    send(index);
  }
}

// A capture due on a satellite that is down: the task takes its next opportunity (an
// opportunity at this very instant on another satellite included); a systematic scene, or a
// task with none left, is not captured and ends naming the fault.
void State::capture_missed_by_fault(uint64_t id) {
  Job& job = jobs[id];
  const uint32_t sat = job.holder;
  if (job.work != kNoWork && job.record.kind == JobKind::kEoTask &&
      schedule_capture(id, now + Duration::from_ns(1))) {
    return;
  }
  drop(id, faults.lost[sat] ? DropReason::kSatelliteLost : DropReason::kSatelliteRebooted);
  ++faults.records[faults.downed_by[sat]].jobs_dropped;
}

// The workload's checkpoint interval and redundancy, once, when the job first joins a queue:
// dual redundancy doubles the accelerator time (and so the energy) it needs.
void State::apply_resilience(uint64_t id) {
  Job& job = jobs[id];
  if (job.redundancy_applied) return;
  job.redundancy_applied = true;
  if (job.work == kNoWork || job.record.kind == JobKind::kLlmQuery) return;
  const workload::WorkItem& item = works[job.work].item;
  if (item.tenant >= tenants.size() || item.workload >= tenants[item.tenant].workloads.size()) {
    return;
  }
  const workload::WorkloadSpec& spec = tenants[item.tenant].workloads[item.workload];
  if (spec.name != works[job.work].workload) return;  // submitted at run time under its own name
  job.checkpoint_s = spec.checkpoint_interval.to_seconds();
  job.redundancy = spec.redundancy;
  if (job.redundancy > 1) {
    job.compute_s *= job.redundancy;
    job.remaining_s *= job.redundancy;
  }
}

// Whether a single-event upset hit the job's computation (Poisson at the scenario's rate over
// its accelerator time). With dual redundancy the two results differ and the job runs again at
// once (true); otherwise the upset goes unnoticed until the checksum at delivery (false).
bool State::upset_during(uint64_t id, uint32_t sat) {
  if (!faults.seu_rng) return false;
  Job& job = jobs[id];
  const double p = 1.0 - std::exp(-faults.seu_per_s * job.compute_s);
  if (faults.seu_rng->uniform() >= p) return false;
  if (!faults.seu_record) {
    scenario::Fault f;
    f.kind = FaultKind::kAcceleratorFailure;  // stands for the upset stream in reports
    f.start = world.scenario.start;
    f.end = world.scenario.end;
    f.random = true;
    faults.seu_record = faults.records.size();
    FaultRecord r;
    r.fault = f;
    r.description =
        fmt::format("single-event upsets at {:g} per accelerator-hour", faults.seu_per_s * 3600.0);
    faults.records.push_back(std::move(r));
    faults.hit.emplace_back();
  }
  ++faults.records[*faults.seu_record].upsets;
  if (job.redundancy < 2) {
    job.corrupt = true;
    return false;
  }
  ++job.record.reruns;
  ++faults.records[*faults.seu_record].reruns;
  job.remaining_s = job.compute_s;
  set_stage(id, Stage::kQueued, static_cast<int>(sat));
  sats[sat].queue.push_front(id);
  sats[sat].queued_s += job.remaining_s;
  return true;
}

// With upsets possible, a result is verified on delivery: its input stays on the processor
// until then (true: kept, not consumed).
bool State::keep_input_for_check(uint64_t id, uint32_t sat) {
  Job& job = jobs[id];
  if (!faults.seu_rng || job.redundancy > 1 || job.held_bytes <= 0.0) return false;
  job.kept_at = sat;
  job.kept_bytes = job.held_bytes;
  return true;
}

void State::free_kept_input(Job& job, bool lost) {
  if (job.kept_bytes <= 0.0) return;
  sats[job.kept_at].stored_bytes -= job.kept_bytes;
  ledger.dropped += job.kept_bytes;
  if (lost && faults.current) faults.records[*faults.current].bytes_lost += job.kept_bytes;
  job.kept_bytes = 0.0;
  job.kept_at = kNoNode;
}

// The checksum check at delivery: a good result lets the kept input go (consumed); an upset
// one is thrown away and the job computes again from its kept input (false), or is dropped
// when that input was lost with its satellite.
bool State::verify_on_delivery(uint64_t id) {
  Job& job = jobs[id];
  if (!job.corrupt) {
    if (job.kept_bytes > 0.0) {
      sats[job.kept_at].stored_bytes -= job.kept_bytes;
      ledger.consumed += job.kept_bytes;
      job.kept_bytes = 0.0;
      job.kept_at = kNoNode;
    }
    return true;
  }
  job.corrupt = false;
  ++job.record.reruns;
  if (faults.seu_record) ++faults.records[*faults.seu_record].reruns;
  if (job.kept_bytes <= 0.0) {
    drop(id, DropReason::kSatelliteLost);
    return false;
  }
  const NodeIndex sat = job.kept_at;
  job.held_bytes = job.kept_bytes;
  job.kept_bytes = 0.0;
  job.kept_at = kNoNode;
  job.computed_in_orbit = false;
  job.leg = Leg::kToProcessor;
  job.target = sat;
  job.remaining_s = job.compute_s;
  set_stage(id, Stage::kQueued, static_cast<int>(sat));
  sats[sat].queue.push_back(id);
  sats[sat].queued_s += job.remaining_s;
  try_start_compute(sat);
  return false;
}

Status Engine::inject(const Fault& fault) {
  return state_->inject(fault);
}

}  // namespace lagrange::sim
