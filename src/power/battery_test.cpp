#include "power/battery.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"

namespace lagrange::power {
namespace {

PowerSpec cubesat() {
  PowerSpec spec;
  spec.solar_array_w = 50.0;
  spec.battery_capacity_wh = 100.0;
  spec.min_state_of_charge = 0.3;
  spec.initial_state_of_charge = 0.5;
  spec.charge_efficiency = 0.9;
  return spec;
}

TEST(Battery, DischargesLinearlyInUmbra) {
  Battery battery(cubesat());
  const double before = battery.charge_j();
  const EnergyFlows f = battery.advance(Duration::minutes(30), 0.0, 40.0);
  EXPECT_DOUBLE_EQ(before - battery.charge_j(), 40.0 * 1800.0);
  EXPECT_DOUBLE_EQ(f.delivered_j, 40.0 * 1800.0);
  EXPECT_EQ(f.shed_j, 0.0);
}

TEST(Battery, StopsAtMinimumAndShedsTheRest) {
  Battery battery(cubesat());
  // 0.2 × 100 Wh = 72 kJ above the minimum; at 40 W that lasts 1800 s.
  EXPECT_EQ(battery.time_to_minimum(0.0, 40.0), Duration::seconds(1800));
  const EnergyFlows f = battery.advance(Duration::hours(1), 0.0, 40.0);
  EXPECT_NEAR(battery.state_of_charge(), 0.3, 1e-12);
  EXPECT_TRUE(battery.at_minimum());
  EXPECT_NEAR(f.served.to_seconds(), 1800.0, 1e-6);
  EXPECT_NEAR(f.shed_j, 40.0 * 1800.0, 1e-6);
}

TEST(Battery, ChargesWithEfficiencyAndSpillsWhenFull) {
  Battery battery(cubesat());
  // 30 W surplus for 10 h offers 1080 kJ; only 180 kJ of room remains.
  const EnergyFlows f = battery.advance(Duration::hours(10), 1.0, 20.0);
  EXPECT_DOUBLE_EQ(battery.state_of_charge(), 1.0);
  EXPECT_NEAR(f.losses_j, 180e3 / 0.9 - 180e3, 1e-6);
  EXPECT_GT(f.spilled_j, 0.0);
}

TEST(Battery, TimeToChargeReachesTheTargetExactly) {
  Battery battery(cubesat());  // 50 % of 100 Wh
  // 30 W surplus at 90 % efficiency stores 27 W: 10 % (36 kJ) takes 1333.3 s.
  const Duration dt = battery.time_to_charge(0.6, 1.0, 20.0);
  EXPECT_NEAR(dt.to_seconds(), 36e3 / 27.0, 1e-6);
  battery.advance(dt, 1.0, 20.0);
  EXPECT_NEAR(battery.state_of_charge(), 0.6, 1e-9);
  EXPECT_EQ(battery.time_to_charge(0.5, 1.0, 20.0), Duration::from_ns(0));
  EXPECT_GT(battery.time_to_charge(0.9, 0.0, 20.0), Duration::days(365));  // umbra never charges
}

TEST(Battery, PenumbraScalesSolarInput) {
  Battery battery(cubesat());
  const EnergyFlows f = battery.advance(Duration::seconds(100), 0.25, 0.0);
  EXPECT_DOUBLE_EQ(f.harvested_j, 50.0 * 0.25 * 100.0);
}

// Conservation: over random sequences of sunlight and load, every joule is accounted for.
TEST(Battery, EnergyIsConserved) {
  Rng rng(2024);
  Battery battery(cubesat());
  const double initial = battery.charge_j();
  double harvested = 0, spilled = 0, delivered = 0, losses = 0;
  for (int i = 0; i < 5000; ++i) {
    const double illumination = rng.uniform() < 0.35 ? 0.0 : rng.uniform(0.0, 1.0);
    const EnergyFlows f = battery.advance(Duration::seconds(1 + int64_t(rng.below(600))),
                                          illumination, rng.uniform(0.0, 80.0));
    harvested += f.harvested_j;
    spilled += f.spilled_j;
    delivered += f.delivered_j;
    losses += f.losses_j;
    ASSERT_GE(battery.state_of_charge(), 0.3 - 1e-12);
    ASSERT_LE(battery.state_of_charge(), 1.0 + 1e-12);
  }
  const double final_charge = battery.charge_j();
  EXPECT_NEAR(initial + harvested - spilled - delivered - losses, final_charge,
              1e-9 * (initial + harvested));
}

}  // namespace
}  // namespace lagrange::power
