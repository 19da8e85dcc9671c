// Batteries and loads: piecewise-constant power between events.
#include <algorithm>

#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {
namespace {
// A shed accelerator restarts once the battery is this far (fraction of capacity) above its
// minimum, so it does not flap on and off at the threshold.
constexpr double kRestartMargin = 0.05;
}  // namespace

double State::load_w(uint32_t sat) const {
  const SatelliteModel& m = world.satellites[sat];
  const SatState& s = sats[sat];
  if (is_down(sat)) return m.bus_w;  // rebooting or lost: no payload power
  double w = m.bus_w + (s.running ? m.busy_w : m.idle_w);
  w += s.transmitting > 0 ? m.transmit_w : 0.0;
  w += s.lasers_up * m.laser_terminal_w;
  return w;
}

void State::update_power(uint32_t sat) {
  SatState& s = sats[sat];
  if (now <= s.power_time) return;
  const power::EnergyFlows f = s.battery.advance(now - s.power_time, s.illumination, load_w(sat));
  s.power_time = now;
  s.energy.harvested_j += f.harvested_j;
  s.energy.spilled_j += f.spilled_j;
  s.energy.losses_j += f.losses_j;
  s.energy.delivered_j += f.delivered_j;
  s.energy.shed_j += f.shed_j;
  s.totals.harvested_j += f.harvested_j;
  s.totals.consumed_j += f.delivered_j;
  s.totals.shed_j += f.shed_j;
  s.totals.lowest_state_of_charge =
      std::min(s.totals.lowest_state_of_charge, s.battery.state_of_charge());
}

// Called after anything that changes a satellite's load or sunlight (the battery has been
// advanced to now): schedules when a running job would drain the battery to its minimum, or
// when a shed accelerator may restart.
void State::power_changed(uint32_t sat) {
  SatState& s = sats[sat];
  ++s.power_epoch;
  if (s.running) {
    const Duration dt = s.battery.time_to_minimum(s.illumination, load_w(sat));
    if (dt < world.scenario.end - now) push(now + dt, events::BatteryLow{sat, s.power_epoch});
  } else if (s.shed) {
    const double target = world.satellites[sat].power.min_state_of_charge + kRestartMargin;
    const Duration dt = s.battery.time_to_charge(target, s.illumination, load_w(sat));
    if (dt < world.scenario.end - now) {
      push(now + dt, events::BatteryRecovered{sat, s.power_epoch});
    }
  }
}

void State::on_illumination(uint32_t sat, size_t index) {
  update_power(sat);
  sats[sat].illumination = world.illumination[sat][index].illumination;
  power_changed(sat);
  check_llm_hosts(sat);
}

void State::on_battery_low(uint32_t sat, uint64_t epoch) {
  SatState& s = sats[sat];
  if (epoch != s.power_epoch || !s.running) return;
  update_power(sat);
  // Pause the running job: it keeps what it has done and goes back to the head of the queue.
  const uint64_t job = stop_accelerator(sat);
  set_stage(job, Stage::kQueued, static_cast<int>(sat));
  s.queue.push_front(job);
  s.queued_s += jobs[job].remaining_s;
  s.shed = true;
  power_changed(sat);
  check_llm_hosts(sat);
}

void State::on_battery_recovered(uint32_t sat, uint64_t epoch) {
  SatState& s = sats[sat];
  if (epoch != s.power_epoch || !s.shed) return;
  update_power(sat);
  s.shed = false;
  try_start_compute(sat);
  power_changed(sat);
}

// Whether the battery can run the accelerator for `seconds` from now without reaching its
// minimum, counting the present sunlight (a prediction: eclipses ahead are not looked at).
bool State::energy_allows(uint32_t sat, double seconds) const {
  const SatState& s = sats[sat];
  if (s.shed) return false;
  const SatelliteModel& m = world.satellites[sat];
  const double extra_w = s.running ? 0.0 : m.busy_w - m.idle_w;
  const double net_w = load_w(sat) + extra_w - m.power.solar_array_w * s.illumination;
  const double min_j = m.power.min_state_of_charge * s.battery.capacity_j();
  return s.battery.charge_j() - std::max(0.0, net_w) * seconds > min_j;
}

}  // namespace lagrange::sim
