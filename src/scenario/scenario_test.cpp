#include "scenario/scenario.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace lagrange::scenario {
namespace {

const compute::Catalog& catalog() {
  static const compute::Catalog c = [] {
    auto loaded = compute::Catalog::load(LAGRANGE_DATA_DIR);
    EXPECT_TRUE(loaded.ok()) << loaded.error().message;
    return std::move(loaded).value();
  }();
  return c;
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
  EXPECT_FALSE(c.imager.has_value());
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
       "satellite_classes[0].storage_gb: must be >= 0, got -5"},
      {"typo in a key", with("storage_gb: 100", "storage_gbytes: 100"), 10,
       "unknown field 'storage_gbytes' (did you mean 'storage_gb'?)"},
      {"missing required field",
       with("{solar_array_w: 100, battery_wh: 200}", "{solar_array_w: 100}"), 11,
       "satellite_classes[0].power: missing required field 'battery_wh'"},
      {"station without a name", with("{name: Home, latitude_deg", "{latitude_deg"), 14,
       "ground_stations.stations[0]: missing required field 'name'"},
      {"latitude out of range", with("point: [30, 122]", "point: [95, 122]"), 20,
       "target.point[0]: must be in [-90, 90], got 95"},
      {"unknown model", with("model: yolov8s", "model: yolo9"), 21,
       "tenants[0].workloads[0].model: unknown vision model 'yolo9'; known: resnet-50"},
      {"not a number", with("rate_per_hour: 1", "rate_per_hour: fast"), 22,
       "arrivals.rate_per_hour: expected a number, got 'fast'"},
      {"unknown process", with("process: poisson", "process: poison"), 22,
       "unknown process 'poison'; expected schedule, poisson, uniform or periodic (did you mean "
       "'poisson'?)"},
      {"parameter of another process", with("process: poisson", "process: uniform"), 22,
       "'rate_per_hour' belongs to process 'poisson', not 'uniform'"},
      {"unknown kind", with("kind: compute_job", "kind: compute"), 24,
       "unknown kind 'compute'; expected eo_task"},
      {"bad distribution",
       with("input_bytes: 1e9", "input_bytes: {distribution: uniform, min: 5, max: 1}"), 26,
       "input_bytes: max (1) is below min (5)"},
      {"unknown station", with("from: Home", "from: Hom"), 28,
       "from[0]: unknown ground station 'Hom' (did you mean 'Home'?)"},
      {"arrival outside the window", with("at: [2026-06-27T01", "at: [2026-06-29T01"), 29,
       "at[0]: 2026-06-29T01:00:00.000Z is outside the scenario window"},
      {"unknown policy", with("[bent-pipe, offload]", "[bent-pipe, onboard]"), 30,
       "policies[1]: unknown policy 'onboard'; expected bent-pipe, on-board, offload or adaptive "
       "(did you "
       "mean 'on-board'?)"},
      {"unknown NORAD id", kBase + "assignment: {default_class: std, by_norad: {12345: std}}\n", 31,
       "assignment.by_norad.12345: no satellite with NORAD id 12345"},
      {"unknown class", kBase + "assignment:\n  default_class: fast\n", 32,
       "assignment.default_class: unknown satellite class 'fast'"},
      {"unknown top-level key", kBase + "outputs: {directory: x, file: [jobs.csv]}\n", 31,
       "outputs: unknown field 'file' (did you mean 'files'?)"},
      {"not YAML", with("point: [30, 122]}", "point: [30, 122}"), 20, "not valid YAML"},
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
  EXPECT_NE(m.find("t.yaml:21:"), std::string::npos) << m;
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
  EXPECT_NE(s.error().message.find("t.yaml:22:19: tenants[0].workloads[0].arrivals: would give"),
            std::string::npos)
      << s.error().message;
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
