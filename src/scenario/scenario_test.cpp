#include "scenario/scenario.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "compute/internal/test_catalog.hpp"

namespace lagrange::scenario {
namespace {

const compute::Catalog& catalog() {
  return compute::test::repository_catalog();
}

LoadContext context() {
  return LoadContext{LAGRANGE_DATA_DIR, &catalog()};
}

Result<Scenario> parse(const std::string& text) {
  // base_dir empty: relative paths resolve in the data directory.
  return parse_scenario(text, "t.yaml", {}, context());
}

// A small valid scenario; the broken cases below each change one line of it.
const std::string kBase = R"(name: t
start: 2026-06-27T00:00:00Z
end: 2026-06-27T06:00:00Z
seed: 1
constellation:
  elements: tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle
satellite_classes:
  - name: std
    accelerator: {id: jetson-agx-orin-64gb}
    storage_gb: 100
    power: {solar_array_w: 100, battery_wh: 200}
    imager: {swath_km: 20, bytes_per_km2: 1e6}
ground_stations:
  stations:
    - {name: Home, latitude_deg: 30, longitude_deg: 120}
tenants:
  - name: a
    workloads:
      - name: ships
        kind: eo_task
        target: {point: [30, 122]}
        model: yolov8s
        arrivals: {process: poisson, rate_per_hour: 1}
      - name: jobs
        kind: compute_job
        operations: 1e15
        input_bytes: 1e9
        output_bytes: 1e6
        from: Home
        arrivals: {process: schedule, at: [2026-06-27T01:00:00Z]}
policies: [bent-pipe, offload]
)";

std::string with(const std::string& from, const std::string& to) {
  std::string text = kBase;
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

TEST(ParseScenario, BaseIsValidWithDefaults) {
  auto s = parse(kBase);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->name, "t");
  EXPECT_EQ(s->satellites.size(), 12u);
  ASSERT_EQ(s->classes.size(), 1u);
  const SatelliteClass& c = s->classes[0];
  EXPECT_DOUBLE_EQ(c.accelerator.spec.int8_sparse_tops, 275.0);  // catalogue, no override
  EXPECT_DOUBLE_EQ(c.accelerator.busy_w, 60.0);                  // highest catalogue mode
  EXPECT_DOUBLE_EQ(c.accelerator.idle_w, 6.0);
  EXPECT_DOUBLE_EQ(c.storage_bytes, 100e9);
  EXPECT_DOUBLE_EQ(c.power.battery_capacity_wh, 200.0);
  EXPECT_DOUBLE_EQ(c.power.min_state_of_charge, 0.3);
  EXPECT_EQ(c.lasers.count, 0);  // no lasers section
  ASSERT_TRUE(c.imager.has_value());
  EXPECT_DOUBLE_EQ(c.imager->swath_km, 20.0);
  EXPECT_EQ(s->step, Duration::seconds(60));
  ASSERT_EQ(s->policies.size(), 2u);
  EXPECT_EQ(s->policies[1], "offload");
  EXPECT_EQ(s->outputs.files.size(), std::size(kOutputFiles));
  ASSERT_EQ(s->stations.size(), 1u);
  EXPECT_DOUBLE_EQ(s->stations[0].downlink_rate_bps, access::kDefaultDownlinkRateBps);
  const auto& job = std::get<workload::ComputeJobSpec>(s->work.tenants[0].workloads[1].what);
  EXPECT_EQ(job.from_stations, std::vector<std::string>{"Home"});
  EXPECT_EQ(job.delivery.kind, workload::Delivery::Kind::kStation);
}

struct Broken {
  const char* what;
  std::string text;
  int line;
  const char* fragment;
};

TEST(ParseScenario, BrokenScenariosNameLineAndField) {
  const Broken cases[] = {
      {"end before start", with("end: 2026-06-27T06", "end: 2026-06-26T06"), 3,
       "end: 2026-06-26T06:00:00.000Z is not after start"},
      {"bad time", with("end: 2026-06-27T06:00:00Z", "end: tomorrow"), 3, "end: "},
      {"wrong type", with("seed: 1", "seed: [1]"), 4, "seed: expected an integer, got a list"},
      {"missing file", with("tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle", "tle/no.tle"), 6,
       "constellation.elements: file 'tle/no.tle' not found"},
      {"unknown accelerator", with("jetson-agx-orin-64gb}", "tpu-v9}"), 9,
       "satellite_classes[0].accelerator.id: unknown accelerator 'tpu-v9'; known: "
       "jetson-agx-orin-64gb"},
      {"negative size", with("storage_gb: 100", "storage_gb: -5"), 10,
       "satellite_classes[0].storage_gb: must be in [0, 1000000000], got -5"},
      {"absurd size", with("storage_gb: 100", "storage_gb: 1e308"), 10,
       "satellite_classes[0].storage_gb: must be in [0, 1000000000], got 1e308"},
      {"absurd power", with("{solar_array_w: 100,", "{solar_array_w: 1e300,"), 11,
       "satellite_classes[0].power.solar_array_w: must be in [0, 1000000], got 1e300"},
      {"typo in a key", with("storage_gb: 100", "storage_gbytes: 100"), 10,
       "unknown field 'storage_gbytes' (did you mean 'storage_gb'?)"},
      {"missing required field",
       with("{solar_array_w: 100, battery_wh: 200}", "{solar_array_w: 100}"), 11,
       "satellite_classes[0].power: missing required field 'battery_wh'"},
      {"station without a name", with("{name: Home, latitude_deg", "{latitude_deg"), 15,
       "ground_stations.stations[0]: missing required field 'name'"},
      {"latitude out of range", with("point: [30, 122]", "point: [95, 122]"), 21,
       "target.point[0]: must be in [-90, 90], got 95"},
      {"unknown model", with("model: yolov8s", "model: yolo9"), 22,
       "tenants[0].workloads[0].model: unknown vision model 'yolo9'; known: resnet-50"},
      {"not a number", with("rate_per_hour: 1", "rate_per_hour: fast"), 23,
       "arrivals.rate_per_hour: expected a number, got 'fast'"},
      {"unknown process", with("process: poisson", "process: poison"), 23,
       "unknown process 'poison'; expected schedule, poisson, uniform or periodic (did you mean "
       "'poisson'?)"},
      {"parameter of another process", with("process: poisson", "process: uniform"), 23,
       "'rate_per_hour' belongs to process 'poisson', not 'uniform'"},
      {"unknown kind", with("kind: compute_job", "kind: compute"), 25,
       "unknown kind 'compute'; expected eo_task"},
      {"bad distribution",
       with("input_bytes: 1e9", "input_bytes: {distribution: uniform, min: 5, max: 1}"), 27,
       "input_bytes: max (1) is below min (5)"},
      {"unknown station", with("from: Home", "from: Hom"), 29,
       "from[0]: unknown ground station 'Hom' (did you mean 'Home'?)"},
      {"arrival outside the window", with("at: [2026-06-27T01", "at: [2026-06-29T01"), 30,
       "at[0]: 2026-06-29T01:00:00.000Z is outside the scenario window"},
      {"unknown policy", with("[bent-pipe, offload]", "[bent-pipe, onboard]"), 31,
       "policies[1]: unknown policy 'onboard'; expected bent-pipe, on-board, offload or adaptive "
       "(did you "
       "mean 'on-board'?)"},
      {"unknown NORAD id", kBase + "assignment: {default_class: std, by_norad: {12345: std}}\n", 32,
       "assignment.by_norad.12345: no satellite with NORAD id 12345"},
      {"unknown class", kBase + "assignment:\n  default_class: fast\n", 33,
       "assignment.default_class: unknown satellite class 'fast'"},
      {"unknown top-level key", kBase + "outputs: {directory: x, file: [jobs.csv]}\n", 32,
       "outputs: unknown field 'file' (did you mean 'files'?)"},
      {"not YAML", with("point: [30, 122]}", "point: [30, 122}"), 21, "not valid YAML"},
  };
  for (const Broken& c : cases) {
    SCOPED_TRACE(c.what);
    auto s = parse(c.text);
    ASSERT_FALSE(s.ok());
    const std::string& message = s.error().message;
    EXPECT_NE(message.find(c.fragment), std::string::npos) << message;
    const std::string line = "t.yaml:" + std::to_string(c.line) + ":";
    EXPECT_NE(message.find(line), std::string::npos) << "expected " << line << " in\n" << message;
  }
}

TEST(ParseScenario, CollectsSeveralErrors) {
  std::string text = with("storage_gb: 100", "storage_gb: -1");
  text.replace(text.find("model: yolov8s"), 14, "model: yolo");
  auto s = parse(text);
  ASSERT_FALSE(s.ok());
  const std::string& m = s.error().message;
  EXPECT_NE(m.find("t.yaml:10:"), std::string::npos) << m;
  EXPECT_NE(m.find("t.yaml:22:"), std::string::npos) << m;
  EXPECT_EQ(std::count(m.begin(), m.end(), '\n'), 1) << m;
}

TEST(ParseScenario, UnknownAcceleratorOverrideAndScaling) {
  auto s = parse(
      with("{id: jetson-agx-orin-64gb}", "{id: jetson-agx-orin-64gb, int8_sparse_tops: 550}"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  const auto& a = s->classes[0].accelerator.spec;
  EXPECT_DOUBLE_EQ(a.int8_sparse_tops, 550.0);
  EXPECT_DOUBLE_EQ(a.int8_dense_tops, 275.0);        // 137.5 scaled by 2
  EXPECT_DOUBLE_EQ(a.fp16_dense_tflops, 85.0);       // 42.5 scaled by 2
  EXPECT_DOUBLE_EQ(a.memory_bandwidth_gb_s, 204.8);  // not a throughput figure
}

TEST(ParseScenario, WalkerSpecTextAndStationSubset) {
  std::string text = with("  elements: tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle",
                          "  walker: \"53:40/4/1@550km\"\n  first_norad_id: 1000");
  const std::string inline_station =
      "  stations:\n    - {name: Home, latitude_deg: 30, longitude_deg: 120}";
  text.replace(text.find(inline_station), inline_station.size(),
               "  file: stations/default.yaml\n  only: [Hangzhou, Sanya]");
  text.replace(text.find("from: Home"), 10, "from: Sanya");
  auto s = parse(text);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->satellites.size(), 40u);
  EXPECT_EQ(s->satellites[39].elements.norad_id, 1039u);
  EXPECT_EQ(s->satellites[39].slot->plane, 3);
  ASSERT_EQ(s->stations.size(), 2u);
  EXPECT_EQ(s->stations[0].name, "Sanya");  // the file's order, not the list's
}

TEST(ParseScenario, RejectsWorkloadsThatWouldExplode) {
  auto s = parse(with("rate_per_hour: 1}", "rate_per_hour: 9000000}"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("t.yaml:23:19: tenants[0].workloads[0].arrivals: would give"),
            std::string::npos)
      << s.error().message;
}

// --- Regressions of the "hostile input" issue: each was accepted, misread or crashed. -------

void expect_error(const std::string& text, const std::string& where, const std::string& fragment) {
  auto s = parse(text);
  ASSERT_FALSE(s.ok()) << "accepted:\n" << text;
  EXPECT_NE(s.error().message.find(where), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(fragment), std::string::npos) << s.error().message;
}

TEST(ParseScenario, RegressionOverflowingQuantitiesAreErrorsNamingTheLimit) {
  expect_error(with("operations: 1e15", "operations: 1e25"),
               "t.yaml:26:", "tenants[0].workloads[1].operations: must be in [0, 1e+24], got 1e25");
  expect_error(with("operations: 1e15", "operations: 1e308"), "t.yaml:26:", "got 1e308");
  expect_error(with("input_bytes: 1e9", "input_bytes: 1e20"),
               "t.yaml:27:", "input_bytes: must be in [0, 9007199254740992], got 1e20");
  expect_error(
      with("output_bytes: 1e6", "output_bytes: {distribution: uniform, min: 1, max: 1e30}"),
      "t.yaml:28:", "output_bytes.max: must be in [0, 9007199254740992]");
}

TEST(ParseScenario, RegressionWindowOutsideTheSupportedInstantsIsRejected) {
  expect_error(with("start: 2026-06-27T00:00:00Z\nend: 2026-06-27T06:00:00Z",
                    "start: 2300-01-01T00:00:00Z\nend: 2300-01-02T00:00:00Z"),
               "t.yaml:2:", "outside the supported instants [1950-01-01, 2200-01-01)");
  expect_error(with("start: 2026-06-27T00:00:00Z", "start: 1900-01-01T00:00:00Z"),
               "t.yaml:2:", "outside the supported instants");
}

TEST(ParseScenario, RegressionNameThatClimbsOutOfTheOutputDirectoryIsRejected) {
  for (const char* bad : {"../../x", "a/b", ".hidden", "x y", "\"\\e[31m\""}) {
    SCOPED_TRACE(bad);
    expect_error(with("name: t", std::string("name: ") + bad), "t.yaml:1:", "is not a safe name");
  }
  EXPECT_TRUE(parse(with("name: t", "name: walker-300_v1.2")).ok());
}

TEST(ParseScenario, RegressionEmptyWalkerListIsAnError) {
  expect_error(
      with("  elements: tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle", "  walker: []"),
      "t.yaml:6:", "constellation.walker: needs at least one shell");
}

TEST(ParseScenario, RegressionWalkerListPastAMillionSatellitesIsAnError) {
  std::string shells;
  for (int i = 0; i < 11; ++i) {
    shells += "\n    - {inclination_deg: 53, total: 100000, planes: 100, altitude_km: 550}";
  }
  expect_error(
      with("  elements: tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle", "  walker:" + shells),
      "t.yaml:", "1100000 satellites is more than the 1000000");
}

TEST(ParseScenario, RegressionEoTaskWithoutAnImagerIsAnError) {
  expect_error(with("    imager: {swath_km: 20, bytes_per_km2: 1e6}\n", ""), "t.yaml:",
               "tenants[0].workloads[0]: needs a satellite with an imager, but no satellite's "
               "class (std) has an 'imager' section");
}

TEST(ParseScenario, RegressionPolygonAcrossTheAntimeridianIsAnError) {
  expect_error(with("target: {point: [30, 122]}",
                    "target: {polygon: [[10, 170], [10, -170], [-10, -170], [-10, 170]]}"),
               "t.yaml:21:", "crosses the antimeridian");
  EXPECT_TRUE(parse(with("target: {point: [30, 122]}",
                         "target: {polygon: [[10, 160], [10, 179], [-10, 179], [-10, 160]]}"))
                  .ok());
}

TEST(ParseScenario, RegressionDuplicateKeysAreErrorsNamingBothLines) {
  expect_error(with("seed: 1\n", "seed: 1\nseed: 2\n"),
               "t.yaml:5:", "duplicate key 'seed' (first at line 4, again at line 5)");
  expect_error(with("storage_gb: 100", "storage_gb: 100\n    storage_gb: 200"), "t.yaml:11:",
               "satellite_classes[0].storage_gb: duplicate key 'storage_gb' (first at line 10");
}

TEST(ParseScenario, RegressionDeepNestingSaysSoWithTheLine) {
  const std::string deep = "name: t\nx: " + std::string(10000, '[') + std::string(10000, ']');
  expect_error(deep, "t.yaml: not valid YAML: nested more than 2000 levels deep at line 2",
               "column");
}

TEST(ParseScenario, RegressionUnterminatedQuoteSaysWhereItOpened) {
  expect_error(with("name: t", "name: \"t"),
               "t.yaml: not valid YAML: ", "the quote opened at line 1, column 7 is never closed");
  expect_error(with("model: yolov8s", "model: 'yolov8s"), "t.yaml: not valid YAML: ",
               "the quote opened at line 22, column 16 is never closed");
  // A quote that closes only lines below, at the next quote, is named where it opened.
  expect_error(with("name: t", "name: \"t\ndescription: \"a description\""),
               "t.yaml:", "the quoted value opened at line 1, column 7 runs to line 2");
  // Quotes inside words, comments and block scalars are not quotes.
  EXPECT_TRUE(
      parse(with("name: t", "name: t  # it's \"fine\"\ndescription: |\n  'twas\n  \"so")).ok());
}

TEST(ParseScenario, RegressionUnknownDeliveryStationListsTheKnownOnes) {
  std::string text =
      with("model: yolov8s\n", "model: yolov8s\n        deliver_to: {station: Kourou}\n");
  expect_error(
      text, "t.yaml:23:",
      "deliver_to.station: unknown ground station 'Kourou'; the scenario's stations: Home");
}

TEST(ParseScenario, RegressionDecayedOrbitsAreFoundAtLoadAndCanBeSkipped) {
  // The SCS-01 elements decay within a few years (drag); a ten-year window runs past that.
  const std::string ten_years = with("end: 2026-06-27T06:00:00Z", "end: 2036-06-27T06:00:00Z");
  expect_error(ten_years, "t.yaml:6:", "orbit has decayed");
  expect_error(ten_years, "t.yaml:6:", "constellation.skip_invalid: true");
  const std::string with_skip = [&] {
    std::string t = ten_years;
    const std::string line = "  elements: tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle\n";
    t.replace(t.find(line), line.size(), line + "  skip_invalid: true\n");
    // An assignment to a skipped satellite is not an error (63982 decays in the window).
    return t + "assignment: {default_class: std, by_norad: {63982: std}}\n";
  }();
  auto s = parse(with_skip);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_LT(s->satellites.size(), 12u);
  EXPECT_EQ(s->warnings.size(), 12u - s->satellites.size());
  ASSERT_FALSE(s->warnings.empty());
  EXPECT_NE(s->warnings[0].find("skipped"), std::string::npos) << s->warnings[0];
  EXPECT_NE(s->warnings[0].find("orbit has decayed"), std::string::npos) << s->warnings[0];
}

TEST(LoadScenario, RegressionBareFileNameFindsItsNeighbours) {
  const auto dir = std::filesystem::temp_directory_path() / "lagrange_bare_name_test";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(std::filesystem::path(LAGRANGE_DATA_DIR) /
                                 "tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle",
                             dir / "my.tle", std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir / "my.yaml") << with("tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle",
                                         "my.tle");
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  auto s = load_scenario("my.yaml", context());
  auto missing =
      parse_scenario(with("tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle", "no.tle"),
                     "my.yaml", ".", context());
  std::filesystem::current_path(cwd);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->satellites.size(), 12u);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("file 'no.tle' not found (looked in . (next to the "
                                         "scenario) and in the data directory"),
            std::string::npos)
      << missing.error().message;
}

TEST(ResolveScenario, RegressionDirectoryIsNamedAsOne) {
  auto r = resolve_scenario(LAGRANGE_DATA_DIR, LAGRANGE_DATA_DIR);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("is a directory, not a scenario file"), std::string::npos)
      << r.error().message;
}

TEST(EstimateRunMemory, GrowsWithSatellitesSamplesAndWork) {
  auto day = parse(kBase);
  ASSERT_TRUE(day.ok()) << day.error().message;
  const MemoryEstimate one = estimate_run_memory(*day);
  EXPECT_DOUBLE_EQ(one.satellite_samples, 12.0 * 361);  // 6 h at 60 s, both ends
  EXPECT_DOUBLE_EQ(one.work_items, 6.0 + 1.0);          // poisson 1/h over 6 h + one job
  Scenario longer = *day;
  longer.end = longer.start + Duration::days(3650);
  EXPECT_GT(estimate_run_memory(longer).bytes, 10e9);  // ten years of 12 satellites
}

TEST(EstimateRunMemory, CountsAnEnginePerPolicyAndTheBaselineOfAScenarioWithFaults) {
  auto day = parse(kBase);  // policies: [bent-pipe, offload], no faults
  ASSERT_TRUE(day.ok()) << day.error().message;
  EXPECT_EQ(estimate_run_memory(*day).engines, 2u);
  const MemoryEstimate one = estimate_run_memory(*day, {.policies = 1});
  const MemoryEstimate four = estimate_run_memory(*day, {.policies = 4});
  EXPECT_EQ(one.engines, 1u);
  EXPECT_EQ(four.engines, 4u);
  const double per_engine = estimate_run_memory(*day).bytes - one.bytes;
  EXPECT_GT(per_engine, 0.0);
  EXPECT_DOUBLE_EQ(four.bytes, one.bytes + 3 * per_engine);  // the world is counted once
  Scenario faulty = *day;
  faulty.fault_rates.seu_per_accelerator_hour = 0.1;
  EXPECT_EQ(estimate_run_memory(faulty).engines, 4u);  // each policy and its baseline
  EXPECT_EQ(estimate_run_memory(faulty, {.fault_free_baseline = false}).engines, 2u);
  EXPECT_DOUBLE_EQ(estimate_run_memory(faulty, {.policies = 1}).bytes,
                   estimate_run_memory(*day).bytes);
}

class BuiltIn : public ::testing::Test {
 protected:
  static Scenario load(const std::string& name) {
    auto path = resolve_scenario(name, LAGRANGE_DATA_DIR);
    EXPECT_TRUE(path.ok()) << path.error().message;
    auto s = load_scenario(*path, context());
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s.ok() ? std::move(s).value() : Scenario{};
  }
};

TEST_F(BuiltIn, ThreeBodyMatchesTheBrief) {
  const Scenario s = load("three-body");
  EXPECT_EQ(s.name, "three-body");
  ASSERT_EQ(s.satellites.size(), 12u);
  double total_tops = 0.0;
  double total_storage = 0.0;
  int flagships = 0;
  for (size_t i = 0; i < s.satellites.size(); ++i) {
    const SatelliteClass& c = s.class_of(i);
    total_tops += c.accelerator.spec.int8_sparse_tops;
    total_storage += c.storage_bytes;
    if (c.name == "flagship") {
      ++flagships;
      EXPECT_EQ(s.satellites[i].elements.norad_id, 63982u);
      EXPECT_DOUBLE_EQ(c.accelerator.spec.int8_sparse_tops, 744.0);
    }
    EXPECT_DOUBLE_EQ(c.lasers.rate_bps, 100e9);
    EXPECT_EQ(c.lasers.acquisition, Duration::seconds(15));
  }
  EXPECT_EQ(flagships, 1);
  EXPECT_NEAR(total_tops, 5000.0, 10.0);   // "about 5 POPS across the twelve"
  EXPECT_DOUBLE_EQ(total_storage, 30e12);  // "30 TB in all"
  EXPECT_EQ(s.stations.size(), 10u);
  EXPECT_EQ(s.work.tenants.size(), 4u);
  EXPECT_EQ(s.policies.size(), 4u);
  EXPECT_EQ(s.end - s.start, Duration::days(1));

  const auto items = workload::expand_workload(s.work, s.seed);
  EXPECT_GT(items.size(), 30u);
  EXPECT_EQ(items, workload::expand_workload(s.work, s.seed));
  for (const auto& it : items) {
    EXPECT_GE(it.arrival, s.start);
    EXPECT_LT(it.arrival, s.end);
  }
  EXPECT_NE(summarize(s).find("12 satellites"), std::string::npos) << summarize(s);
}

TEST_F(BuiltIn, WalkerHasThreeHundredSatellitesInAGrid) {
  const Scenario s = load("walker-300");
  ASSERT_EQ(s.satellites.size(), 300u);
  EXPECT_EQ(s.isl.policy, access::IslPolicy::kPlusGrid);
  ASSERT_TRUE(s.satellites[299].slot.has_value());
  EXPECT_EQ(s.satellites[299].slot->plane, 14);
  EXPECT_EQ(s.satellites[0].elements.epoch, s.start);
  EXPECT_EQ(s.class_of(0).lasers.count, 4);
  EXPECT_EQ(s.stations.size(), 19u);  // all of data/stations/default.yaml
}

TEST(ResolveScenario, ListsBuiltInsWhenTheNameIsUnknown) {
  auto missing = resolve_scenario("three-bdy", LAGRANGE_DATA_DIR);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("three-body"), std::string::npos);
  EXPECT_NE(missing.error().message.find("walker-300"), std::string::npos);
  const auto files = builtin_scenario_files(LAGRANGE_DATA_DIR);
  ASSERT_GE(files.size(), 2u);
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
}

}  // namespace
}  // namespace lagrange::scenario
