// The `ground_network` section: defaults, overrides, `none`, and errors naming line and field.
#include <gtest/gtest.h>

#include <string>

#include "compute/internal/test_catalog.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::scenario {
namespace {

const compute::Catalog& catalog() {
  return compute::test::repository_catalog();
}

// Line 13 is where a test puts its ground_network section.
std::string scenario_with(const std::string& section) {
  return R"(name: t
start: 2026-06-27T00:00:00Z
end: 2026-06-27T06:00:00Z
constellation:
  elements: tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle
satellite_classes:
  - {name: std, accelerator: {id: jetson-agx-orin-64gb}, storage_gb: 100,
     power: {solar_array_w: 100, battery_wh: 200}}
ground_stations:
  stations:
    - {name: Kashgar, latitude_deg: 39.5, longitude_deg: 76}
    - {name: Sanya, latitude_deg: 18.3, longitude_deg: 109.5}
)" + section +
         "\n";
}

Result<Scenario> parse(const std::string& section) {
  return parse_scenario(scenario_with(section), "t.yaml", {},
                        LoadContext{LAGRANGE_DATA_DIR, &catalog()});
}

TEST(GroundNetworkSection, AbsentMeansEveryStationJoinedAtTheDefaults) {
  auto s = parse("");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(s->ground_network.enabled);
  EXPECT_TRUE(s->ground_network.stations.empty());
  EXPECT_DOUBLE_EQ(s->ground_network.defaults.latency_s, 0.050);
  EXPECT_DOUBLE_EQ(s->ground_network.defaults.rate_bps, 1e9);
}

TEST(GroundNetworkSection, NoneDisablesIt) {
  auto s = parse("ground_network: none");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_FALSE(s->ground_network.enabled);
}

TEST(GroundNetworkSection, DefaultsAndPerStationOverrides) {
  auto s = parse(
      "ground_network: {latency_ms: 20, rate_bps: 1e10,\n"
      "  stations: {Kashgar: {latency_ms: 60}, Sanya: none}}");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const access::GroundNetwork& n = s->ground_network;
  EXPECT_TRUE(n.enabled);
  EXPECT_DOUBLE_EQ(n.defaults.latency_s, 0.020);
  EXPECT_DOUBLE_EQ(n.defaults.rate_bps, 1e10);
  // An override replaces only the fields it gives; the rest are the network's defaults.
  EXPECT_DOUBLE_EQ(n.access_of("Kashgar").latency_s, 0.060);
  EXPECT_DOUBLE_EQ(n.access_of("Kashgar").rate_bps, 1e10);
  EXPECT_TRUE(n.access_of("Kashgar").joined);
  EXPECT_FALSE(n.access_of("Sanya").joined);
}

TEST(GroundNetworkSection, ErrorsNameLineAndField) {
  struct Broken {
    std::string section;
    int line;
    std::string fragment;
  };
  const Broken cases[] = {
      {"ground_network: off", 13,
       "ground_network: expected 'none' or a mapping with latency_ms, rate_bps and stations, "
       "got 'off'"},
      {"ground_network: {latency_ms: -1}", 13,
       "ground_network.latency_ms: must be in [0, 3600000], got -1"},
      {"ground_network: {rate_bps: 0}", 13, "ground_network.rate_bps: must be in [1, "},
      {"ground_network: {latncy_ms: 5}", 13,
       "unknown field 'latncy_ms' (did you mean 'latency_ms'?)"},
      {"ground_network:\n  stations: {Kashgr: {latency_ms: 5}}", 14,
       "ground_network.stations: no ground station 'Kashgr' in this scenario (did you mean "
       "'Kashgar'?)"},
      {"ground_network:\n  stations: {Kashgar: {rate_bps: fast}}", 14,
       "ground_network.stations.Kashgar.rate_bps: expected a number, got 'fast'"},
      {"ground_network:\n  stations: {Kashgar: off}", 14,
       "ground_network.stations.Kashgar: expected a mapping of fields, got 'off'"},
      {"ground_network:\n  stations: [Kashgar]", 14,
       "ground_network.stations: expected a mapping of station names"},
  };
  for (const Broken& c : cases) {
    SCOPED_TRACE(c.section);
    auto s = parse(c.section);
    ASSERT_FALSE(s.ok());
    const std::string& message = s.error().message;
    EXPECT_NE(message.find(c.fragment), std::string::npos) << message;
    const std::string line = "t.yaml:" + std::to_string(c.line) + ":";
    EXPECT_NE(message.find(line), std::string::npos) << "expected " << line << " in\n" << message;
  }
}

}  // namespace
}  // namespace lagrange::scenario
