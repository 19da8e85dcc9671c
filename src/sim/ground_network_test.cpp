// The ground network in the engine, worked by hand on a plan written out contact by contact:
// one satellite, a station with no view ("Home") and one with passes ("Relay"), joined by a
// ground link. A compute job from Home goes up through Relay and its result comes down at
// Relay and on to Home, each hop timed by the transmission model.
#include <gtest/gtest.h>

#include "sim/engine.hpp"
#include "sim/internal/test_world.hpp"
#include "sim/world.hpp"

namespace lagrange::sim {
namespace {

constexpr double kInputBytes = 1e6;
constexpr double kOutputBytes = 5e6;
constexpr double kLatencyS = 0.05;
constexpr double kGroundRateBps = 1e8;
constexpr double kUplinkRateBps = 2e6;
constexpr double kDownlinkRateBps = 300e6;  // contact and radio alike
constexpr double kOwltS = 0.01;

const std::string kScenario = R"(name: ground-link
start: 2026-03-20T00:00:00Z
end: 2026-03-20T02:00:00Z
seed: 1
constellation:
  walker: "97.4:1/1/0@550km"
satellite_classes:
  - name: one
    accelerator: {id: jetson-agx-orin-64gb}
    storage_gb: 100
    power: {solar_array_w: 1000, battery_wh: 1000}
    radio: {downlink_rate_mbps: 300}
ground_stations:
  stations:
    - {name: Home, latitude_deg: 0, longitude_deg: 0}
    - {name: Relay, latitude_deg: 60, longitude_deg: 20}
tenants:
  - name: lab
    workloads:
      - name: job
        kind: compute_job
        operations: 1e12
        input_bytes: 1e6
        output_bytes: 5e6
        from: Home
        arrivals: {process: schedule, at: [2026-03-20T00:10:00Z]}
policies: [on-board]
)";

Instant at(Instant t0, double seconds) {
  return t0 + Duration::from_seconds(seconds);
}

// The scenario's world with its contact plan replaced by hand-made contacts (node 0 is the
// satellite, 1 Home, 2 Relay), relative to the job's submission t0.
World hand_made_world(bool ground_network) {
  auto built = build_world(test::parse(kScenario), test::catalog());
  EXPECT_TRUE(built.ok()) << built.error().message;
  World w = **built;
  const Instant t0 = w.items.at(0).arrival;
  using access::ContactKind;
  w.plan.contacts = {
      {2, 0, at(t0, 100), at(t0, 400), kUplinkRateBps, kOwltS, ContactKind::kGroundToSatellite},
      {0, 2, at(t0, 1000), at(t0, 1300), kDownlinkRateBps, kOwltS, ContactKind::kSatelliteToGround},
  };
  if (ground_network) {
    for (const auto& [from, to] : {std::pair{1u, 2u}, std::pair{2u, 1u}}) {
      w.plan.contacts.push_back({from, to, w.plan.window_start, w.plan.window_end, kGroundRateBps,
                                 kLatencyS, ContactKind::kGroundLink});
    }
  }
  access::canonicalize(w.plan);
  auto graph = network::ContactGraph::create(w.plan);
  EXPECT_TRUE(graph.ok()) << graph.error().message;
  w.graph = std::move(*graph);
  return w;
}

JobRecord run_the_job(const World& w) {
  auto policy = schedule::make_policy("on-board");
  EXPECT_TRUE(policy.ok());
  Engine engine(w, **policy);
  engine.run_to_end();
  const PolicyRun run = engine.finish();
  EXPECT_EQ(run.jobs.size(), 1u);
  return run.jobs.at(0);
}

TEST(GroundNetworkEngine, ARequestFromAStationWithNoViewGoesUpThroughAnother) {
  const World w = hand_made_world(true);
  const Instant t0 = w.items.at(0).arrival;
  const JobRecord job = run_the_job(w);
  // Home -> Relay over the ground (0.08 s + 50 ms) long before the pass; Relay -> satellite
  // from the contact's start at t0 + 100 s: 1 MB at 2 Mbps is 4 s, plus light time.
  ASSERT_TRUE(job.uplinked.has_value());
  EXPECT_EQ(*job.uplinked, at(t0, 100) + network::transmission_time(1'000'000, kUplinkRateBps) +
                               Duration::from_seconds(kOwltS));
  EXPECT_EQ(job.processor, 0);
}

TEST(GroundNetworkEngine, AResultLandingAtOneStationReachesItsOwnAfterLatencyAndSize) {
  const World w = hand_made_world(true);
  const Instant t0 = w.items.at(0).arrival;
  const JobRecord job = run_the_job(w);
  ASSERT_TRUE(job.is_delivered()) << drop_reason_name(job.drop);
  EXPECT_EQ(job.delivered_to, "Home");
  // Down at Relay from the pass start (5 MB at 300 Mbps, light time), then on to Home:
  // 5 MB at 100 Mbps = 0.4 s, plus the 50 ms latency.
  const Instant at_relay = at(t0, 1000) + network::transmission_time(5'000'000, kDownlinkRateBps) +
                           Duration::from_seconds(kOwltS);
  const Instant expected = at_relay + network::transmission_time(5'000'000, kGroundRateBps) +
                           Duration::from_seconds(kLatencyS);
  EXPECT_EQ(*job.delivered, expected);
  EXPECT_DOUBLE_EQ(job.ground_bytes, kInputBytes + kOutputBytes);
  EXPECT_DOUBLE_EQ(job.downlink_bytes, kOutputBytes);
}

TEST(GroundNetworkEngine, WithoutTheNetworkAStationWithNoViewCannotBeServed) {
  const World w = hand_made_world(false);
  const JobRecord job = run_the_job(w);
  EXPECT_FALSE(job.is_delivered());
  EXPECT_FALSE(job.uplinked.has_value());
  EXPECT_EQ(job.ground_bytes, 0.0);
}

TEST(GroundNetworkEngine, TheWorldBuildsOneLinkEachWayBetweenJoinedStations) {
  auto built = build_world(test::parse(kScenario), test::catalog());
  ASSERT_TRUE(built.ok()) << built.error().message;
  size_t links = 0;
  for (const access::Contact& c : (*built)->plan.contacts) {
    if (c.kind != access::ContactKind::kGroundLink) continue;
    ++links;
    EXPECT_EQ(c.start, (*built)->plan.window_start);
    EXPECT_EQ(c.end, (*built)->plan.window_end);
    EXPECT_DOUBLE_EQ(c.owlt_s, 0.050);  // the defaults
    EXPECT_DOUBLE_EQ(c.rate_bps, 1e9);
  }
  EXPECT_EQ(links, 2u);
  EXPECT_EQ((*built)->no_transit_nodes(), (std::vector<uint8_t>{0, 0, 0}));
  auto none = build_world(test::parse(kScenario + "ground_network: none\n"), test::catalog());
  ASSERT_TRUE(none.ok()) << none.error().message;
  for (const access::Contact& c : (*none)->plan.contacts) {
    EXPECT_NE(c.kind, access::ContactKind::kGroundLink);
  }
  EXPECT_EQ((*none)->no_transit_nodes(), (std::vector<uint8_t>{0, 1, 1}));
}

}  // namespace
}  // namespace lagrange::sim
