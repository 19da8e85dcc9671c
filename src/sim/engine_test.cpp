// The engine's models against answers worked out by hand from the contact plan and the
// catalogue, on small scenarios where every step can be followed.
#include "sim/engine.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>

#include "compute/llm_performance.hpp"
#include "network/contact_graph.hpp"
#include "sim/internal/test_world.hpp"

namespace lagrange::sim {
namespace {

// One satellite (Walker 1/1/0 at 500 km), one station, one class; `extra` is appended
// (tenants, policies).
// The Walker plane has RAAN 0: near the equinox the Sun lies in it (longest eclipses), near
// the June solstice it hardly sets (a dawn-dusk orbit).
std::string one_satellite(const std::string& power, const std::string& extra,
                          const std::string& day = "2026-06-27") {
  return R"(name: one
start: )" +
         day + R"(T00:00:00Z
end: )" + day +
         R"(T23:59:00Z
seed: 7
constellation:
  walker: "97.4:1/1/0@500km"
satellite_classes:
  - name: c
    accelerator: {id: jetson-agx-orin-64gb, idle_w: 10, busy_w: 60}
    storage_gb: 100
    power: )" +
         power + R"(
    radio: {downlink_rate_mbps: 100, transmit_w: 20}
    imager: {swath_km: 20, bytes_per_km2: 1.5e6}
ground_stations:
  stations:
    - {name: Home, latitude_deg: 30, longitude_deg: 120, uplink_rate_bps: 10e6, downlink_rate_bps: 300e6}
)" + extra;
}

struct Outcome {
  std::shared_ptr<const World> world;
  PolicyRun run;
  ByteLedger bytes;
  std::vector<EnergyLedger> energy;
};

Outcome simulate(const std::string& yaml, const std::string& policy_name) {
  auto world = build_world(test::parse(yaml), test::catalog());
  EXPECT_TRUE(world.ok()) << world.error().message;
  auto policy = schedule::make_policy(policy_name);
  Engine engine(**world, **policy);
  engine.run_to_end();
  Outcome r{*world, engine.finish(), engine.bytes(), engine.energy()};
  return r;
}

// The first contact of `kind` whose transmission of `bytes` from `ready` fits: the bundle's
// arrival time, as the transmission model defines it (contact_graph.hpp).
Instant hand_arrival(const World& w, access::ContactKind kind, Instant ready, uint64_t bytes,
                     double max_rate_bps, Instant* tx_start = nullptr) {
  for (network::ContactIndex c = 0; c < w.graph.contact_count(); ++c) {
    const access::Contact& ct = w.graph.contact(c);
    if (ct.kind != kind || ct.end <= ready) continue;
    const Instant start = std::max(ready, ct.start);
    const Instant end =
        start + network::transmission_time(bytes, std::min(ct.rate_bps, max_rate_bps));
    if (end > ct.end) continue;
    if (tx_start != nullptr) *tx_start = start;
    return end + w.graph.owlt(c);
  }
  return Instant::from_unix_ns(INT64_MAX);
}

const std::string kAmplePower =
    "{solar_array_w: 200, battery_wh: 500, min_state_of_charge: 0.3, bus_w: 30}";

TEST(EngineModels, ComputeJobFollowsTheContactPlanAndTheComputeModel) {
  const std::string yaml = one_satellite(kAmplePower, R"(tenants:
  - name: lab
    workloads:
      - name: job
        kind: compute_job
        operations: 2.0e16
        input_bytes: 3.0e6
        output_bytes: 2.0e7
        from: Home
        arrivals: {process: schedule, at: [2026-06-27T03:00:00Z]}
policies: [on-board]
)");
  const Outcome r = simulate(yaml, "on-board");
  ASSERT_EQ(r.run.jobs.size(), 1u);
  const JobRecord& job = r.run.jobs[0];
  ASSERT_TRUE(job.is_delivered()) << drop_reason_name(job.drop);
  const World& w = *r.world;

  // Uplink: the first pass after submission carries the 3 MB input at 10 Mbps.
  const Instant submitted = parse_iso8601("2026-06-27T03:00:00Z").value();
  const Instant uplinked =
      hand_arrival(w, access::ContactKind::kGroundToSatellite, submitted, 3'000'000, 1e12);
  ASSERT_TRUE(job.uplinked.has_value());
  EXPECT_EQ(*job.uplinked, uplinked);

  // Compute: operations / (dense INT8 peak x the family's compute efficiency).
  const auto family = *test::catalog().family("jetson-orin");
  const auto orin = *test::catalog().accelerator("jetson-agx-orin-64gb");
  const double compute_s = 2.0e16 / (orin.int8_dense_tops * 1e12 * family.compute_efficiency);
  ASSERT_TRUE(job.compute_start && job.compute_end);
  EXPECT_EQ(*job.compute_start, uplinked);
  EXPECT_NEAR((*job.compute_end - *job.compute_start).to_seconds(), compute_s, 1e-6);

  // Downlink: the next pass that fits the 20 MB result at min(station, radio) = 100 Mbps.
  Instant tx_start;
  const Instant delivered = hand_arrival(w, access::ContactKind::kSatelliteToGround,
                                         *job.compute_end, 20'000'000, 100e6, &tx_start);
  EXPECT_EQ(*job.delivered, delivered);
  EXPECT_EQ(job.delivered_to, "Home");
  EXPECT_DOUBLE_EQ(job.downlink_bytes, 2.0e7);

  // Energy: busy power while computing + transmitter power while sending.
  const double tx_s = network::transmission_time(20'000'000, 100e6).to_seconds();
  EXPECT_NEAR(job.energy_j, 60.0 * compute_s + 20.0 * tx_s, 1e-6);
  EXPECT_NEAR(r.run.satellites[0].busy_s, compute_s, 1e-6);
}

const std::string kEquinox = "2026-03-20";

// A point the satellite flies over in daylight: the centre of its first daylit stretch of
// ground track (access::find_imaging_segments) after 06:00.
std::string overflown_point() {
  auto world = build_world(test::parse(one_satellite(kAmplePower, "", kEquinox)), test::catalog());
  EXPECT_TRUE(world.ok());
  const access::ImagerGeometry imager{20.0, 30.0};
  const auto segments = access::find_imaging_segments((*world)->ephemeris, {&imager, 1}, {},
                                                      parse_iso8601("2026-03-20T06:00:00Z").value(),
                                                      (*world)->scenario.end, Duration::minutes(1));
  EXPECT_FALSE(segments.empty());
  if (segments.empty()) return "[0, 0]";
  return fmt::format("[{:.4f}, {:.4f}]", segments[0].centre.latitude_deg,
                     segments[0].centre.longitude_deg);
}

TEST(EngineModels, BentPipeSendsRawImageryDownAndProcessesOnTheGround) {
  const std::string yaml = one_satellite(kAmplePower,
                                         fmt::format(R"(tenants:
  - name: t
    workloads:
      - name: look
        kind: eo_task
        target: {{point: {}}}
        model: yolov8s
        capture_window_s: 86400
        arrivals: {{process: schedule, at: [2026-03-20T00:00:00Z]}}
policies: [bent-pipe]
)",
                                                     overflown_point()),
                                         kEquinox);
  const Outcome r = simulate(yaml, "bent-pipe");
  ASSERT_EQ(r.run.jobs.size(), 1u);
  const JobRecord& job = r.run.jobs[0];
  ASSERT_TRUE(job.captured.has_value()) << drop_reason_name(job.drop);
  // A point target is one scene of swath x swath.
  EXPECT_NEAR(job.raw_bytes, 20.0 * 20.0 * 1.5e6, 1.0);
  ASSERT_TRUE(job.is_delivered()) << drop_reason_name(job.drop);
  EXPECT_NEAR(job.downlink_bytes, job.raw_bytes, 1.0);
  EXPECT_EQ(job.processor, kGround);
  // The ground GPU's time for the tiles: operations / (H100 INT8 dense x efficiency).
  const auto h100 = *compute::make_device(test::catalog(), "h100-sxm");
  const double ground_s = job.operations / (h100.accelerator.int8_dense_tops * 1e12 *
                                            h100.efficiency.compute_efficiency);
  EXPECT_NEAR((*job.compute_end - *job.compute_start).to_seconds(), ground_s, 1e-6);
  EXPECT_EQ(*job.delivered, *job.compute_end);
  // YOLOv8s at 640 x 640 x 1.5 bytes per tile: 2 x 14.3 GMAC per tile.
  const double tiles = std::ceil(job.raw_bytes / (640.0 * 640.0 * 1.5));
  EXPECT_NEAR(job.operations, tiles * 2 * 14.3e9, 1.0);
  EXPECT_NEAR(job.result_bytes, tiles * 7200.0, 1e-6);
}

TEST(EngineModels, ABatteryAtItsMinimumPausesTheAcceleratorAndNeverGoesBelow) {
  // 20 Wh above nothing: a long job cannot finish on the battery alone through eclipses.
  const std::string yaml = one_satellite(
      "{solar_array_w: 80, battery_wh: 40, min_state_of_charge: 0.3, bus_w: 20}", R"(tenants:
  - name: lab
    workloads:
      - name: long
        kind: compute_job
        operations: 2.0e18
        input_bytes: 1.0e6
        output_bytes: 1.0e6
        from: Home
        arrivals: {process: schedule, at: [2026-03-20T00:00:00Z]}
policies: [on-board]
)",
      kEquinox);
  const Outcome r = simulate(yaml, "on-board");
  const JobRecord& job = r.run.jobs.at(0);
  ASSERT_TRUE(job.compute_start.has_value());
  double lowest = 1.0;
  for (const auto& s : r.run.samples) lowest = std::min(lowest, s.state_of_charge);
  EXPECT_GE(lowest, 0.3 - 1e-9);
  EXPECT_NEAR(r.run.satellites[0].lowest_state_of_charge, 0.3, 1e-6);  // it did get there
  // The job ran in pieces: wall time from start to end exceeds its compute time.
  const double needed_s = r.run.satellites[0].busy_s;
  if (job.compute_end) {
    EXPECT_GT((*job.compute_end - *job.compute_start).to_seconds(), needed_s);
  }
  for (const EnergyLedger& e : r.energy) {
    EXPECT_NEAR(e.initial_j + e.harvested_j - e.spilled_j - e.losses_j - e.delivered_j, e.final_j,
                1e-6 * (e.initial_j + e.harvested_j));
  }
}

TEST(EngineModels, AFullStoreDropsCapturesAndNeverOverflows) {
  std::string yaml = one_satellite(kAmplePower, R"(tenants:
  - name: t
    workloads:
      - name: everything
        kind: systematic_imaging
        duty_cycle: 1.0
policies: [bent-pipe]
)");
  yaml.replace(yaml.find("storage_gb: 100"), 15, "storage_gb: 50 ");
  const Outcome r = simulate(yaml, "bent-pipe");
  EXPECT_GT(r.run.summary.dropped_by_reason.count("storage_full"), 0u);
  EXPECT_GT(r.run.satellites[0].dropped_captures, 0u);
  for (const auto& s : r.run.samples) EXPECT_LE(s.stored_bytes, 50e9 + 1.0);
  const ByteLedger& b = r.bytes;
  EXPECT_NEAR(b.delivered_to_ground + b.consumed + b.dropped + b.in_flight + b.held, b.created,
              1e-9 * b.created);
}

}  // namespace
}  // namespace lagrange::sim
