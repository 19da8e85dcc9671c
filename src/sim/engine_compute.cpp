// Accelerators: one job at a time per satellite, first come first served.
#include <algorithm>

#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {

double State::seconds_on(uint32_t sat, double operations) const {
  return operations / world.satellites[sat].int8_ops_per_s;
}

void State::enqueue_compute(uint32_t sat, uint64_t job) {
  Job& j = jobs[job];
  j.stage = Stage::kQueued;
  j.record.processor = static_cast<int>(sat);
  sats[sat].queue.push_back(job);
  sats[sat].queued_s += j.remaining_s;
  try_start_compute(sat);
}

void State::try_start_compute(uint32_t sat) {
  SatState& s = sats[sat];
  if (s.running || s.shed || s.queue.empty()) return;
  update_power(sat);
  if (s.battery.at_minimum()) {
    s.shed = true;
    power_changed(sat);
    return;
  }
  const uint64_t job = s.queue.front();
  s.queue.pop_front();
  Job& j = jobs[job];
  s.queued_s = std::max(0.0, s.queued_s - j.remaining_s);
  j.stage = Stage::kComputing;
  if (!j.record.compute_start) j.record.compute_start = now;
  s.running = job;
  s.run_started = now;
  ++s.compute_epoch;
  push(now + Duration::from_seconds(j.remaining_s), EventKind::kComputeDone, sat, s.compute_epoch);
  power_changed(sat);
}

void State::on_compute_done(uint32_t sat, uint64_t epoch) {
  SatState& s = sats[sat];
  if (epoch != s.compute_epoch || !s.running) return;
  const uint64_t job = stop_accelerator(sat);
  Job& j = jobs[job];
  j.record.compute_end = now;
  j.record.energy_j += (j.busy_w > 0.0 ? j.busy_w : world.satellites[sat].busy_w) * j.compute_s;
  power_changed(sat);
  computed(job);
  try_start_compute(sat);
}

// Takes the running job off the accelerator at `now`, keeping the work it has done; the
// caller decides where the job goes and calls power_changed.
uint64_t State::stop_accelerator(uint32_t sat) {
  SatState& s = sats[sat];
  update_power(sat);
  const uint64_t job = *s.running;
  const double ran_s = (now - s.run_started).to_seconds();
  s.totals.busy_s += ran_s;
  jobs[job].remaining_s = std::max(0.0, jobs[job].remaining_s - ran_s);
  s.running.reset();
  ++s.compute_epoch;
  return job;
}

// When the accelerator would be free for a new job: after the running job and the queue.
Instant State::predicted_free(uint32_t sat) const {
  const SatState& s = sats[sat];
  double busy_s = s.queued_s;
  if (s.running) {
    busy_s += std::max(0.0, jobs[*s.running].remaining_s - (now - s.run_started).to_seconds());
  }
  return now + Duration::from_seconds(busy_s);
}

}  // namespace lagrange::sim
