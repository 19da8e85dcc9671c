// A satellite's electrical power: solar array, battery, loads.
//
// The engine advances a `Battery` over intervals in which the inputs are constant (it splits
// time at eclipse boundaries and mode changes). Within an interval the state of charge moves
// linearly; it is clamped at full (surplus solar power is spilled, and counted) and at the
// minimum state of charge, below which the loads that can be shed are not served (the
// accelerator stops; the bus keeps what remains). Every joule is accounted for:
//   initial + harvested − spilled − delivered − conversion losses = final   (tested).
#pragma once

#include "core/time.hpp"

namespace lagrange::power {

struct PowerSpec {
  double solar_array_w = 0.0;  // array output in full sunlight (end of life)
  double battery_capacity_wh = 0.0;
  double min_state_of_charge = 0.3;  // fraction of capacity the accelerator may not go below
  double initial_state_of_charge = 1.0;
  double charge_efficiency = 0.95;  // fraction of harvested energy stored
};

// What one `advance` did, in joules.
struct EnergyFlows {
  double harvested_j = 0.0;  // solar energy produced (array output × illumination × time)
  double spilled_j = 0.0;    // produced but not stored or used (battery full)
  double delivered_j = 0.0;  // energy that reached the loads
  double shed_j = 0.0;       // energy the loads asked for and did not get
  double losses_j = 0.0;     // charging losses
  // How long the loads were fully served within the interval (the rest was shed).
  Duration served;
};

class Battery {
 public:
  explicit Battery(const PowerSpec& spec);

  double charge_j() const { return charge_j_; }
  double capacity_j() const { return capacity_j_; }
  double state_of_charge() const { return capacity_j_ > 0 ? charge_j_ / capacity_j_ : 0.0; }
  // True when the charge is at (or below) the minimum: shed loads must stay off.
  bool at_minimum() const;

  // Advances by `dt` with solar illumination in [0, 1] (1 = full Sun, fractional in
  // penumbra, 0 in umbra) and a constant demand `load_w`. Loads draw from the array first,
  // then from the battery down to the minimum charge; past that the demand is shed.
  EnergyFlows advance(Duration dt, double illumination, double load_w);

  // Time until the charge reaches the minimum at a constant net draw (a huge value if the
  // net power is not negative): the engine schedules a "battery low" event there.
  Duration time_to_minimum(double illumination, double load_w) const;
  // Time until the charge reaches `target_soc` (fraction of capacity) while charging at a
  // constant surplus (a huge value if the net power does not charge the battery); zero if
  // already there. The engine restarts a shed accelerator there.
  Duration time_to_charge(double target_soc, double illumination, double load_w) const;

 private:
  PowerSpec spec_;
  double capacity_j_;
  double min_charge_j_;
  double charge_j_;
};

}  // namespace lagrange::power
