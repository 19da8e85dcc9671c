#include "access/ground_network.hpp"

#include <gtest/gtest.h>

namespace lagrange::access {
namespace {

ContactPlan plan_with_stations() {
  ContactPlan plan;
  plan.window_start = Instant::from_unix_ns(0);
  plan.window_end = plan.window_start + Duration::hours(6);
  plan.nodes = {{"SAT", NodeKind::kSatellite, 1},
                {"A", NodeKind::kGroundStation, 0},
                {"B", NodeKind::kGroundStation, 0},
                {"C", NodeKind::kGroundStation, 0}};
  // A pass, so the links must be merged into the canonical order.
  plan.contacts = {{0, 1, plan.window_start + Duration::minutes(10),
                    plan.window_start + Duration::minutes(15), 300e6, 0.005,
                    ContactKind::kSatelliteToGround}};
  return plan;
}

TEST(GroundNetwork, DisabledAddsNothing) {
  ContactPlan plan = plan_with_stations();
  add_ground_links(GroundNetwork{}, plan);
  EXPECT_EQ(plan.contacts.size(), 1u);
}

TEST(GroundNetwork, JoinsEveryTwoStationsBothWaysAtTheSlowerEnd) {
  GroundNetwork network;
  network.enabled = true;
  network.defaults = {true, 0.020, 1e9};
  network.stations["B"] = {true, 0.060, 1e8};
  network.stations["C"] = {false, 0.020, 1e9};
  ContactPlan plan = plan_with_stations();
  add_ground_links(network, plan);
  // C is off the network: only A <-> B, at B's latency and rate.
  ASSERT_EQ(plan.contacts.size(), 3u);
  const Contact& ab = plan.contacts[0];
  const Contact& ba = plan.contacts[1];
  EXPECT_EQ(ab.kind, ContactKind::kGroundLink);
  EXPECT_EQ(std::pair(ab.from, ab.to), std::pair(1u, 2u));
  EXPECT_EQ(std::pair(ba.from, ba.to), std::pair(2u, 1u));
  for (const Contact* c : {&ab, &ba}) {
    EXPECT_EQ(c->start, plan.window_start);
    EXPECT_EQ(c->end, plan.window_end);
    EXPECT_DOUBLE_EQ(c->owlt_s, 0.060);
    EXPECT_DOUBLE_EQ(c->rate_bps, 1e8);
  }
  EXPECT_EQ(plan.contacts[2].kind, ContactKind::kSatelliteToGround);  // starts later
}

TEST(GroundNetwork, AllJoinedGivesNTimesNMinusOneLinks) {
  GroundNetwork network;
  network.enabled = true;
  ContactPlan plan = plan_with_stations();
  add_ground_links(network, plan);
  EXPECT_EQ(plan.contacts.size(), 1u + 3u * 2u);
  const GroundAccess link = ground_link({true, 0.01, 5e8}, {true, 0.03, 2e9});
  EXPECT_TRUE(link.joined);
  EXPECT_DOUBLE_EQ(link.latency_s, 0.03);
  EXPECT_DOUBLE_EQ(link.rate_bps, 5e8);
  EXPECT_FALSE(ground_link({true, 0.01, 5e8}, {false, 0.03, 2e9}).joined);
}

}  // namespace
}  // namespace lagrange::access
