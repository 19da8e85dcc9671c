#include "power/battery.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace lagrange::power {
namespace {
constexpr double kJoulesPerWh = 3600.0;
}

Battery::Battery(const PowerSpec& spec)
    : spec_(spec),
      capacity_j_(spec.battery_capacity_wh * kJoulesPerWh),
      min_charge_j_(spec.min_state_of_charge * spec.battery_capacity_wh * kJoulesPerWh),
      charge_j_(spec.initial_state_of_charge * spec.battery_capacity_wh * kJoulesPerWh) {
  assert(spec.charge_efficiency > 0.0 && spec.charge_efficiency <= 1.0);
}

bool Battery::at_minimum() const {
  return charge_j_ <= min_charge_j_ * (1.0 + 1e-12);
}

EnergyFlows Battery::advance(Duration dt, double illumination, double load_w) {
  assert(illumination >= 0.0 && illumination <= 1.0 && load_w >= 0.0);
  EnergyFlows flows;
  const double seconds = dt.to_seconds();
  if (seconds <= 0.0) return flows;
  const double solar_w = spec_.solar_array_w * illumination;
  flows.harvested_j = solar_w * seconds;
  const double direct_w = std::min(solar_w, load_w);
  const double surplus_w = solar_w - direct_w;  // charges the battery
  const double deficit_w = load_w - direct_w;   // drawn from the battery

  if (deficit_w > 0.0) {
    // Discharging: the loads run until the charge reaches the minimum, then are shed.
    const double available_j = std::max(0.0, charge_j_ - min_charge_j_);
    const double served_s = std::min(seconds, available_j / deficit_w);
    charge_j_ -= deficit_w * served_s;
    flows.delivered_j = direct_w * seconds + deficit_w * served_s;
    flows.shed_j = deficit_w * (seconds - served_s);
    flows.served = Duration::from_seconds(served_s);
    return flows;
  }
  // Charging (or balanced): surplus goes into the battery until it is full.
  const double room_j = std::max(0.0, capacity_j_ - charge_j_);
  const double offered_j = surplus_w * seconds;
  const double stored_j = std::min(offered_j * spec_.charge_efficiency, room_j);
  const double taken_j = stored_j / spec_.charge_efficiency;
  charge_j_ += stored_j;
  flows.losses_j = taken_j - stored_j;
  flows.spilled_j = offered_j - taken_j;
  flows.delivered_j = load_w * seconds;
  flows.served = dt;
  return flows;
}

Duration Battery::time_to_minimum(double illumination, double load_w) const {
  const double net_w = load_w - spec_.solar_array_w * illumination;
  if (net_w <= 0.0) return Duration::days(365 * 100);
  const double seconds = std::max(0.0, charge_j_ - min_charge_j_) / net_w;
  return Duration::from_seconds(std::min(seconds, 365.0 * 100 * 86400.0));
}

Duration Battery::time_to_charge(double target_soc, double illumination, double load_w) const {
  const double target_j = std::min(target_soc, 1.0) * capacity_j_;
  if (charge_j_ >= target_j) return Duration::from_ns(0);
  const double surplus_w = spec_.solar_array_w * illumination - load_w;
  if (surplus_w <= 0.0) return Duration::days(365 * 100);
  const double seconds = (target_j - charge_j_) / (surplus_w * spec_.charge_efficiency);
  return Duration::from_seconds(std::min(seconds, 365.0 * 100 * 86400.0));
}

}  // namespace lagrange::power
