#include "access/stations.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lagrange::access {
namespace {

TEST(Stations, ParsesYamlWithDefaultsAndRateTable) {
  const char* text = R"(stations:
  - name: Svalbard
    latitude_deg: 78.2298
    longitude_deg: 15.4078
    height_m: 480
    elevation_mask_deg: 5
    antennas: 2
    downlink_rate_table:
      - {elevation_deg: 5, rate_bps: 150e6}
      - {elevation_deg: 20, rate_bps: 400e6}
    source: "Wikipedia"
  - name: Kashgar
    latitude_deg: 39.5
    longitude_deg: 256.0
    height_m: 1300
)";
  auto stations = parse_stations_yaml(text, "st.yaml");
  ASSERT_TRUE(stations.ok()) << stations.error().message;
  ASSERT_EQ(stations->size(), 2u);
  const GroundStation& sv = (*stations)[0];
  EXPECT_EQ(sv.name, "Svalbard");
  EXPECT_DOUBLE_EQ(sv.latitude_deg, 78.2298);
  EXPECT_EQ(sv.antennas, 2);
  EXPECT_DOUBLE_EQ(sv.downlink_rate_bps_at(4.9), 0.0);
  EXPECT_DOUBLE_EQ(sv.downlink_rate_bps_at(10.0), 150e6);
  EXPECT_DOUBLE_EQ(sv.downlink_rate_bps_at(45.0), 400e6);
  EXPECT_EQ(sv.source, "Wikipedia");
  const GroundStation& ks = (*stations)[1];
  EXPECT_DOUBLE_EQ(ks.longitude_deg, -104.0);
  EXPECT_DOUBLE_EQ(ks.elevation_mask_deg, kDefaultElevationMaskDeg);
  EXPECT_DOUBLE_EQ(ks.downlink_rate_bps_at(30.0), kDefaultDownlinkRateBps);
  EXPECT_DOUBLE_EQ(ks.uplink_rate_bps, kDefaultUplinkRateBps);
  EXPECT_EQ(ks.antennas, 1);
}

TEST(Stations, ParsesCsvWithQuotesCommentsAndAnyColumnOrder) {
  const char* text =
      "# ground stations\n"
      "latitude_deg,name,longitude_deg,height_m,elevation_mask_deg,downlink_rate_table\n"
      "-72.01,\"Troll, Antarctica\",2.53,1270,10,5:100e6;30:300e6\n"
      "\n"
      "18.3,Sanya,109.3,20,0,\n";
  auto stations = parse_stations_csv(text, "st.csv");
  ASSERT_TRUE(stations.ok()) << stations.error().message;
  ASSERT_EQ(stations->size(), 2u);
  EXPECT_EQ((*stations)[0].name, "Troll, Antarctica");
  EXPECT_DOUBLE_EQ((*stations)[0].elevation_mask_deg, 10.0);
  ASSERT_EQ((*stations)[0].downlink_rate_table.size(), 2u);
  EXPECT_DOUBLE_EQ((*stations)[0].downlink_rate_table[1].rate_bps, 300e6);
  EXPECT_TRUE((*stations)[1].downlink_rate_table.empty());
  EXPECT_DOUBLE_EQ((*stations)[1].elevation_mask_deg, 0.0);
}

void expect_error(const Result<std::vector<GroundStation>>& r, const std::string& expected) {
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(expected), std::string::npos)
      << "message: " << r.error().message << "\nexpected to contain: " << expected;
}

TEST(Stations, CsvErrorsNameFileLineAndField) {
  const std::string header = "name,latitude_deg,longitude_deg,height_m\n";
  expect_error(parse_stations_csv(header + "A,10,20,0\nB,91,20,0\n", "st.csv"),
               "st.csv:3: field latitude_deg: 91 is outside [-90, 90]");
  expect_error(parse_stations_csv(header + "A,10,abc,0\n", "st.csv"),
               "st.csv:2: field longitude_deg: 'abc' is not a number");
  expect_error(parse_stations_csv(header + "A,10,20\n", "st.csv"),
               "st.csv:2: 3 fields, the header has 4");
  expect_error(parse_stations_csv("name,latitude_deg,height_m\n", "st.csv"),
               "st.csv:1: header lacks the column 'longitude_deg'");
  expect_error(parse_stations_csv(header + "A,10,20,0\nA,11,20,0\n", "st.csv"),
               "st.csv:3: field name: duplicate station name 'A'");
  expect_error(parse_stations_csv("name,latitude_deg,longitude_deg,height_m,colour\nA,1,2,3,red\n",
                                  "st.csv"),
               "st.csv:2: unknown field 'colour'");
  expect_error(parse_stations_csv(
                   "name,latitude_deg,longitude_deg,height_m,antennas\nA,1,2,3,1.5\n", "st.csv"),
               "st.csv:2: field antennas: 1.5 is not an integer");
  expect_error(parse_stations_csv("name,latitude_deg,longitude_deg,height_m,"
                                  "downlink_rate_table\nA,1,2,3,20:1e6;10:2e6\n",
                                  "st.csv"),
               "st.csv:2: field downlink_rate_table: step 2: elevations must increase");
  expect_error(parse_stations_csv("", "st.csv"), "st.csv: no header row");
}

TEST(Stations, YamlErrorsNameFileLineAndField) {
  expect_error(parse_stations_yaml("stations:\n  - name: A\n    latitude_deg: 10\n"
                                   "    longitude_deg: 20\n    height_m: 99999\n",
                                   "st.yaml"),
               "st.yaml:5: field height_m: 99999 is outside [-500, 9000]");
  expect_error(parse_stations_yaml("stations:\n  - name: A\n    latitude_deg: 10\n"
                                   "    height_m: 0\n",
                                   "st.yaml"),
               "st.yaml:2: field longitude_deg: is missing");
  expect_error(parse_stations_yaml("stations:\n  - name: A\n    latitude_deg: [1, 2]\n", "st.yaml"),
               "st.yaml:3: field latitude_deg: expected a single value");
  expect_error(parse_stations_yaml("station:\n  - name: A\n", "st.yaml"),
               "st.yaml: expected a top-level map with a 'stations' list");
  expect_error(parse_stations_yaml("stations: [\n", "st.yaml"), "st.yaml:");
}

TEST(Stations, ParsesCommandLineSpec) {
  auto st = parse_station_spec("Esrange:Kiruna:67.89:21.07:330");
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->name, "Esrange:Kiruna");
  EXPECT_DOUBLE_EQ(st->latitude_deg, 67.89);
  EXPECT_DOUBLE_EQ(st->longitude_deg, 21.07);
  EXPECT_DOUBLE_EQ(st->height_m, 330.0);
  EXPECT_DOUBLE_EQ(st->elevation_mask_deg, kDefaultElevationMaskDeg);

  auto bad = parse_station_spec("Esrange:67.89:21.07");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("NAME:LAT_DEG:LON_DEG:HEIGHT_M"), std::string::npos);
  auto bad_lat = parse_station_spec("X:-95:21:0");
  ASSERT_FALSE(bad_lat.ok());
  EXPECT_NE(bad_lat.error().message.find("latitude_deg"), std::string::npos);
}

TEST(Stations, DefaultSetLoadsWithSourcesForEveryStation) {
  auto stations = load_stations_file(std::string(LAGRANGE_DATA_DIR) + "/stations/default.yaml");
  ASSERT_TRUE(stations.ok()) << stations.error().message;
  EXPECT_GE(stations->size(), 15u);
  bool has_svalbard = false;
  bool has_kashgar = false;
  for (const GroundStation& st : *stations) {
    EXPECT_FALSE(st.source.empty()) << st.name;
    has_svalbard |= st.name == "Svalbard-SvalSat";
    has_kashgar |= st.name == "Kashgar";
  }
  EXPECT_TRUE(has_svalbard);
  EXPECT_TRUE(has_kashgar);
}

TEST(Stations, RejectsUnknownExtensionAndMissingFile) {
  expect_error(load_stations_file("stations.txt"), "must end in .yaml, .yml or .csv");
  expect_error(load_stations_file("/nonexistent/stations.csv"), "cannot open");
}

}  // namespace
}  // namespace lagrange::access
