// Shared by the sim tests: the catalogue and scenarios loaded once.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "compute/catalog.hpp"
#include "scenario/scenario.hpp"
#include "sim/live.hpp"
#include "sim/run.hpp"
#include "sim/world.hpp"

namespace lagrange::sim::test {

inline const compute::Catalog& catalog() {
  static const compute::Catalog c = [] {
    auto loaded = compute::Catalog::load(LAGRANGE_DATA_DIR);
    EXPECT_TRUE(loaded.ok()) << loaded.error().message;
    return std::move(loaded).value();
  }();
  return c;
}

inline scenario::Scenario parse(const std::string& yaml) {
  auto s = scenario::parse_scenario(yaml, "test.yaml", {},
                                    scenario::LoadContext{LAGRANGE_DATA_DIR, &catalog()});
  EXPECT_TRUE(s.ok()) << s.error().message;
  return std::move(s).value();
}

// One plane of 20 satellites with weak accelerators (Orin Nano Super) linked fore and aft by
// lasers, imaging 20 km swaths: with systematic imaging at a 0.3 duty cycle it records more
// than its accelerators can screen. `tenants` is the scenario's `tenants:` list, indented by
// two spaces.
inline std::string busy_plane_yaml(const std::string& name, const std::string& storage_gb,
                                   const std::string& tenants, const std::string& policies) {
  return "name: " + name + R"(
start: 2026-03-20T00:00:00Z
end: 2026-03-20T12:00:00Z
seed: 3
constellation:
  walker: "97.4:20/1/0@550km"
satellite_classes:
  - name: small
    accelerator: {id: jetson-orin-nano-super, idle_w: 5, busy_w: 25}
    storage_gb: )" +
         storage_gb +
         R"(
    power: {solar_array_w: 150, battery_wh: 200, min_state_of_charge: 0.3, bus_w: 30}
    lasers: {count: 2, range_km: 5400, rate_gbps: 10, acquisition_s: 15, power_w: 10}
    radio: {downlink_rate_mbps: 300, transmit_w: 20}
    imager: {swath_km: 20, bytes_per_km2: 1.5e6}
ground_stations:
  file: stations/default.yaml
isl:
  policy: grid
tenants:
)" + tenants +
         "policies: " + policies + "\n";
}

inline scenario::Scenario builtin(const std::string& name) {
  auto s = scenario::load_scenario(std::string(LAGRANGE_DATA_DIR) + "/scenarios/" + name + ".yaml",
                                   scenario::LoadContext{LAGRANGE_DATA_DIR, &catalog()});
  EXPECT_TRUE(s.ok()) << s.error().message;
  return std::move(s).value();
}

// The built-in default day's world, built once per test program.
inline const World& three_body_world() {
  static const std::shared_ptr<const World> w = [] {
    auto built = build_world(builtin("three-body"), catalog());
    EXPECT_TRUE(built.ok()) << built.error().message;
    return std::move(built).value();
  }();
  return *w;
}

// A scenario work item as a runtime submission: its spec, fixed values, its order key.
inline Submission as_submission(const World& w, const workload::WorkItem& item) {
  const auto& spec = w.scenario.work.tenants[item.tenant].workloads[item.workload];
  Submission s;
  s.tenant = item.tenant;
  s.workload = spec.name;
  s.at = item.arrival;
  s.order = item.id;
  s.what = spec.what;
  s.from_station = item.from_station;
  s.operations = item.operations;
  s.input_bytes = item.input_bytes;
  s.output_bytes = item.output_bytes;
  s.prompt_tokens = item.prompt_tokens;
  s.answer_tokens = item.answer_tokens;
  return s;
}

}  // namespace lagrange::sim::test
