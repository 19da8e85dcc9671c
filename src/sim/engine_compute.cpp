// Accelerators: one job at a time per satellite, shared among tenants by weight (weighted
// fair share), first come first served within a tenant; daily compute quotas.
#include <algorithm>

#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {

double State::seconds_on(uint32_t sat, double operations) const {
  return operations / world.satellites[sat].int8_ops_per_s;
}

// A job is charged its operations against its tenant's quota for the day (days counted from
// the window start) when it first joins an accelerator's queue; a job that would exceed the
// quota is dropped there instead (over_quota). A job moved to another queue is not charged
// again.
bool State::charge_quota(Job& job) {
  if (job.quota_charged) return true;
  const int64_t day = (now - world.scenario.start).ns() / Duration::hours(24).ns();
  if (day != quota_day) {
    quota_day = day;
    std::fill(quota_used_ops.begin(), quota_used_ops.end(), 0.0);
  }
  const uint32_t t = job.record.tenant;
  const double quota = tenants[t].quota_ops_per_day;
  if (quota > 0.0 && quota_used_ops[t] + job.record.operations > quota) return false;
  quota_used_ops[t] += job.record.operations;
  job.quota_charged = true;
  return true;
}

void State::enqueue_compute(uint32_t sat, uint64_t job) {
  Job& j = jobs[job];
  if (!charge_quota(j)) return drop(job, DropReason::kOverQuota);
  apply_resilience(job);
  set_stage(job, Stage::kQueued, static_cast<int>(sat));
  j.record.processor = static_cast<int>(sat);
  sats[sat].queue.push_back(job);
  sats[sat].queued_s += j.remaining_s;
  try_start_compute(sat);
}

void State::try_start_compute(uint32_t sat) {
  SatState& s = sats[sat];
  if (s.running || s.shed || s.queue.empty() || !can_compute(sat)) return;
  update_power(sat);
  if (s.battery.at_minimum()) {
    s.shed = true;
    power_changed(sat);
    return;
  }
  const auto next = next_to_run(s);
  if (next == s.queue.end()) return;  // every queued job waits for its model
  const uint64_t job = *next;
  s.queue.erase(next);
  Job& j = jobs[job];
  s.queued_s = std::max(0.0, s.queued_s - j.remaining_s);
  start_model_version(sat, job);
  set_stage(job, Stage::kComputing, static_cast<int>(sat));
  if (!j.record.compute_start) j.record.compute_start = now;
  s.running = job;
  s.run_started = now;
  ++s.compute_epoch;
  push(now + Duration::from_seconds(j.remaining_s), events::ComputeDone{sat, s.compute_epoch});
  power_changed(sat);
}

// The queued job of the tenant that has had the least of this accelerator's time for its
// weight; the earliest queued among equals (so one tenant alone is served in order). Jobs on
// a user model not on board here are passed over; end() when no queued job can run.
std::deque<uint64_t>::iterator State::next_to_run(SatState& s) {
  const auto share = [&](uint64_t job) {
    const uint32_t t = jobs[job].record.tenant;
    return s.served_s[t] / tenants[t].weight;
  };
  const auto sat = static_cast<uint32_t>(&s - sats.data());
  auto best = s.queue.end();
  double best_share = 0.0;
  for (auto it = s.queue.begin(); it != s.queue.end(); ++it) {
    if (!runnable_on(sat, jobs[*it])) continue;
    const double sh = share(*it);
    if (best == s.queue.end() || sh < best_share) {
      best = it;
      best_share = sh;
    }
  }
  return best;
}

void State::on_compute_done(uint32_t sat, uint64_t epoch) {
  SatState& s = sats[sat];
  if (epoch != s.compute_epoch || !s.running) return;
  const uint64_t job = stop_accelerator(sat);
  Job& j = jobs[job];
  j.record.compute_end = now;
  j.record.energy_j += (j.busy_w > 0.0 ? j.busy_w : world.satellites[sat].busy_w) * j.compute_s;
  power_changed(sat);
  if (upset_during(job, sat)) return try_start_compute(sat);  // rerun: redundancy caught it
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
  s.served_s[jobs[job].record.tenant] += ran_s;
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
