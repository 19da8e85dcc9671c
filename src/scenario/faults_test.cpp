#include "scenario/faults.hpp"

#include <gtest/gtest.h>

#include <string>

#include "compute/internal/test_catalog.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::scenario {
namespace {

const compute::Catalog& catalog() {
  return compute::test::repository_catalog();
}

const std::string kBase = R"(name: t
start: 2026-06-27T00:00:00Z
end: 2026-06-28T00:00:00Z
seed: 1
constellation:
  elements: tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle
satellite_classes:
  - name: std
    accelerator: {id: jetson-agx-orin-64gb}
    storage_gb: 100
    power: {solar_array_w: 100, battery_wh: 200}
ground_stations:
  stations:
    - {name: Kashgar, latitude_deg: 39.5, longitude_deg: 76}
    - {name: Home, latitude_deg: 30, longitude_deg: 120}
)";

Result<Scenario> parse(const std::string& extra) {
  return parse_scenario(kBase + extra, "t.yaml", {}, LoadContext{LAGRANGE_DATA_DIR, &catalog()});
}

Instant at(const char* iso) {
  return parse_iso8601(iso).value();
}

// The issue's example, verbatim: every kind, names and NORAD ids, permanent and timed.
TEST(Faults, ParsesTheDocumentedSyntax) {
  auto s = parse(R"(faults:
  - {kind: satellite_loss, satellite: SCS-01 A, at: 2026-06-27T06:00:00Z}
  - {kind: satellite_reboot, satellite: 63985, at: 2026-06-27T09:00:00Z, duration_s: 900}
  - {kind: accelerator_failure, satellite: 63986, at: 2026-06-27T12:00:00Z, duration_s: 3600}
  - {kind: laser_terminal_failure, satellite: 63987, at: 2026-06-27T03:00:00Z}
  - {kind: link_outage, between: [63984, 63983], from: 2026-06-27T04:00:00Z, to: 2026-06-27T05:00:00Z}
  - {kind: station_outage, station: Kashgar, from: 2026-06-27T10:00:00Z, to: 2026-06-27T16:00:00Z}
fault_rates:
  satellite_reboot_per_day: 0.1
  seu_per_accelerator_hour: 0.5
  link_outage_per_link_day: 0.2
)");
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->faults.size(), 6u);
  // Sorted by start: terminal 03:00, link 04:00, loss 06:00, reboot 09:00, station 10:00, acc.
  const auto& f = s->faults;
  EXPECT_EQ(f[0].kind, FaultKind::kLaserTerminalFailure);
  EXPECT_EQ(f[0].satellite, 5u);  // 63987 is the sixth satellite (63982 + 5)
  EXPECT_TRUE(f[0].permanent());
  EXPECT_EQ(f[1].kind, FaultKind::kLinkOutage);
  EXPECT_EQ(f[1].satellite, 1u);  // ends ordered: 63983 < 63984
  EXPECT_EQ(f[1].other_satellite, 2u);
  EXPECT_EQ(f[1].end, at("2026-06-27T05:00:00Z"));
  EXPECT_EQ(f[2].kind, FaultKind::kSatelliteLoss);
  EXPECT_EQ(f[2].satellite, 0u);
  EXPECT_TRUE(f[2].permanent());
  EXPECT_EQ(f[3].kind, FaultKind::kSatelliteReboot);
  EXPECT_EQ(f[3].satellite, 3u);
  EXPECT_EQ(f[3].end, at("2026-06-27T09:15:00Z"));
  EXPECT_TRUE(f[3].keeps_store);
  EXPECT_EQ(f[4].kind, FaultKind::kStationOutage);
  EXPECT_EQ(f[4].station, 0u);
  EXPECT_EQ(f[5].kind, FaultKind::kAcceleratorFailure);
  EXPECT_EQ(f[5].end, at("2026-06-27T13:00:00Z"));
  EXPECT_DOUBLE_EQ(s->fault_rates.satellite_reboot_per_day, 0.1);
  EXPECT_DOUBLE_EQ(s->fault_rates.seu_per_accelerator_hour, 0.5);
  EXPECT_DOUBLE_EQ(s->fault_rates.link_outage_per_link_day, 0.2);
  EXPECT_EQ(s->fault_rates.reboot_duration, Duration::seconds(600));
  EXPECT_EQ(describe_fault(f[3], *s),
            "satellite_reboot of SCS-01 D at 2026-06-27T09:00:00.000Z for 900 s");
}

TEST(Faults, ARebootWithoutDurationLastsTheRatesRebootDuration) {
  auto s = parse(R"(fault_rates: {reboot_duration_s: 120}
faults:
  - {kind: satellite_reboot, satellite: 63985, at: 2026-06-27T09:00:00Z, keep_store: false}
)");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->faults[0].end, at("2026-06-27T09:02:00Z"));
  EXPECT_FALSE(s->faults[0].keeps_store);
}

void expect_error(const std::string& extra, const std::string& expected) {
  auto s = parse(extra);
  ASSERT_FALSE(s.ok()) << "accepted: " << extra;
  EXPECT_NE(s.error().message.find(expected), std::string::npos) << s.error().message;
}

TEST(Faults, ErrorsNameTheLineTheFieldAndTheNearestName) {
  expect_error(
      "faults:\n  - {kind: satellite_loss, satellite: SCS-01 Q, at: 2026-06-27T06:00:00Z}\n",
      "t.yaml:17:39: faults[0].satellite: no satellite 'SCS-01 Q' in this scenario");
  expect_error(
      "faults:\n  - {kind: satellite_loss, satellite: SCS-01 Q, at: 2026-06-27T06:00:00Z}\n",
      "did you mean 'SCS-01 A'?");
  expect_error("faults:\n  - {kind: station_outage, station: Kashgr, from: 2026-06-27T06:00:00Z}\n",
               "faults[0].station: no ground station 'Kashgr' in this scenario (did you mean "
               "'Kashgar'?)");
  expect_error("faults:\n  - {kind: satelite_loss, satellite: 63982, at: 2026-06-27T06:00:00Z}\n",
               "faults[0].kind: unknown fault kind 'satelite_loss'");
  expect_error("faults:\n  - {kind: satelite_loss, satellite: 63982, at: 2026-06-27T06:00:00Z}\n",
               "(did you mean 'satellite_loss'?)");
  expect_error(
      "faults:\n  - {kind: satellite_loss, satellite: 63982, at: 2026-06-27T06:00:00Z, "
      "duration_s: 10}\n",
      "a satellite_loss is permanent");
  expect_error("faults:\n  - {kind: satellite_loss, satellite: 63982, at: 2026-06-29T06:00:00Z}\n",
               "faults[0].at: 2026-06-29T06:00:00.000Z is outside the scenario window");
  expect_error("faults:\n  - {kind: link_outage, between: [63982], from: 2026-06-27T06:00:00Z}\n",
               "faults[0].between: expected two satellites");
  expect_error("faults:\n  - {kind: link_outage, satellite: 63982, from: 2026-06-27T06:00:00Z}\n",
               "faults[0].satellite: a link_outage names its element with 'between'");
  expect_error(
      "faults:\n  - {kind: station_outage, station: Home, from: 2026-06-27T06:00:00Z, "
      "to: 2026-06-27T05:00:00Z}\n",
      "faults[0].to: 2026-06-27T05:00:00.000Z is not after from");
  expect_error(
      "faults:\n  - {kind: satellite_reboot, satellite: 63982, at: 2026-06-27T06:00:00Z, "
      "duraton_s: 5}\n",
      "unknown field 'duraton_s' (did you mean 'duration_s'?)");
  expect_error("fault_rates: {seu_per_accelerator_hr: 1}\n",
               "fault_rates: unknown field 'seu_per_accelerator_hr' (did you mean "
               "'seu_per_accelerator_hour'?)");
  expect_error("fault_rates: {link_outage_per_link_day: -1}\n",
               "fault_rates.link_outage_per_link_day: must be in [0, 10000], got -1");
}

TEST(Faults, OneFaultAsJsonForTheLiveEngine) {
  auto s = parse("");
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto f = parse_fault(
      R"({"kind": "link_outage", "between": ["SCS-01 B", 63982], "from": "2026-06-27T04:00:00Z"})",
      *s, "request");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->kind, FaultKind::kLinkOutage);
  EXPECT_EQ(f->satellite, 0u);
  EXPECT_EQ(f->other_satellite, 1u);
  EXPECT_TRUE(f->permanent());
  auto bad =
      parse_fault(R"({"kind": "station_outage", "station": "Hme", "from": "x"})", *s, "request");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("fault.station: no ground station 'Hme'"), std::string::npos)
      << bad.error().message;
  EXPECT_FALSE(parse_fault("{kind: [", *s, "request").ok());
}

}  // namespace
}  // namespace lagrange::scenario

namespace lagrange::scenario {
namespace {

TEST(Faults, WorkloadsNameTheirCheckpointsAndRedundancy) {
  const std::string tenants = R"(tenants:
  - name: a
    workloads:
      - name: jobs
        kind: compute_job
        operations: 1e15
        input_bytes: 1e9
        output_bytes: 1e6
        from: Home
        arrivals: {process: poisson, rate_per_hour: 1}
        checkpoint_interval_s: 600
        redundancy: )";
  auto s = parse(tenants + "dual\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->work.tenants[0].workloads[0].redundancy, 2);
  EXPECT_EQ(s->work.tenants[0].workloads[0].checkpoint_interval, Duration::seconds(600));
  expect_error(tenants + "duel\n",
               "tenants[0].workloads[0].redundancy: unknown redundancy 'duel'; expected single or "
               "dual (did you mean 'dual'?)");
}

}  // namespace
}  // namespace lagrange::scenario
