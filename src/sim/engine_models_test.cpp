// Users' models in the twin: hand-worked deployments over known contacts (one pass, one laser
// link), spreading over a plane, hot update, rollback, and the balance of the model's bytes.
// The models are PyTorch-exported cases of Debian's libonnx-testdata.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "network/contact_graph.hpp"
#include "sim/engine.hpp"
#include "sim/internal/test_world.hpp"

namespace lagrange::sim {
namespace {

const std::string kCases = "/usr/share/libonnx-testdata/data/pytorch-converted/";
const std::string kConv = kCases + "test_Conv2d/model.onnx";
const std::string kConvStrided = kCases + "test_Conv2d_strided/model.onnx";

// A plane of `satellites` linked fore and aft, one station at 78 N, `models` and `extra`
// (deployments, tenants) as given.
std::string yaml(int satellites, const std::string& uplink_bps, const std::string& models,
                 const std::string& extra) {
  return "name: models\nstart: 2026-03-20T00:00:00Z\nend: 2026-03-20T12:00:00Z\nseed: 1\n"
         "constellation:\n  walker: \"97.4:" +
         std::to_string(satellites) + "/1/0@550km\"\n" + R"(satellite_classes:
  - name: small
    accelerator: {id: jetson-orin-nano-super, idle_w: 5, busy_w: 25}
    storage_gb: 100
    power: {solar_array_w: 150, battery_wh: 200, min_state_of_charge: 0.3, bus_w: 30}
    lasers: {count: 2, range_km: 5400, rate_gbps: 10, acquisition_s: 15, power_w: 10}
    radio: {downlink_rate_mbps: 300, transmit_w: 20}
    imager: {swath_km: 20, bytes_per_km2: 1.5e6}
ground_stations:
  stations:
    - {name: North, latitude_deg: 78, longitude_deg: 15, uplink_rate_bps: )" +
         uplink_bps + R"(}
isl: {policy: grid}
models:
)" + models +
         extra + "policies: [on-board]\n";
}

struct Ran {
  std::shared_ptr<const World> world;
  PolicyRun run;
};

Ran run(const std::string& text, const std::function<void(Engine&)>& before = {}) {
  auto world = build_world(test::parse(text), test::catalog());
  EXPECT_TRUE(world.ok()) << world.error().message;
  auto policy = schedule::make_policy("on-board");
  Engine engine(**world, **policy);
  if (before) before(engine);
  engine.run_to_end();
  return {*world, engine.finish()};
}

// The first contact from `from` to `to` of `kind` still open at `t`.
network::ContactIndex first_contact(const World& w, uint32_t from, uint32_t to,
                                    access::ContactKind kind, Instant t) {
  for (network::ContactIndex c = 0; c < w.graph.contact_count(); ++c) {
    const access::Contact& ct = w.graph.contact(c);
    if (ct.from == from && ct.to == to && ct.kind == kind && ct.end > t) return c;
  }
  ADD_FAILURE() << "no contact";
  return 0;
}

void expect_balance(const ModelByteLedger& b) {
  EXPECT_NEAR(b.sent, b.installed + b.dropped + b.in_flight, 1e-6);
}

// 100 MB from the station: ten 10 MB bundles back to back on the first pass, arriving at its
// start + 10 x (10 MB x 8 / 10 Mbps) + light time.
TEST(UserModels, OnePassArrivalIsExact) {
  constexpr double kBytes = 100e6;
  constexpr double kRate = 1e7;
  const std::string models = "  - {name: cnn, file: " + kConv + ", precision: int8}\n";
  const Ran r = run(yaml(1, "1e7", models, ""), [&](Engine& e) {
    scenario::ModelVersionSpec big = test::parse(yaml(1, "1e7", models, "")).models[0].versions[0];
    big.file_bytes = kBytes;
    auto v = e.add_model_version("big", model::Precision::kInt8, big);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(*v, 1);
    auto d = e.deploy({"big", 0, {0}, e.now()});
    ASSERT_TRUE(d.ok()) << d.error().message;
  });
  const World& w = *r.world;
  const uint32_t station = w.station_node(0);
  const auto c =
      first_contact(w, station, 0, access::ContactKind::kGroundToSatellite, w.scenario.start);
  const access::Contact& pass = w.graph.contact(c);
  const Duration per_bundle = network::transmission_time(10'000'000, kRate);
  ASSERT_EQ(per_bundle, Duration::seconds(8));
  ASSERT_GT(pass.end - pass.start, Duration::seconds(80));  // the pass can carry it all
  const Instant expected =
      std::max(pass.start, w.scenario.start) + Duration::seconds(80) + w.graph.owlt(c);

  const ModelRunRecord& m = r.run.models;
  ASSERT_EQ(m.names, (std::vector<std::string>{"cnn", "big"}));
  ASSERT_EQ(m.deployments.size(), 1u);
  const DeploymentRecord& d = m.deployments[0];
  ASSERT_TRUE(d.installed[0].has_value());
  EXPECT_EQ(*d.installed[0], expected);
  EXPECT_EQ(d.completed, d.installed[0]);
  EXPECT_EQ(d.sources[0], static_cast<int64_t>(station));
  EXPECT_DOUBLE_EQ(d.bytes_sent, kBytes);
  EXPECT_DOUBLE_EQ(m.bytes.installed, kBytes);
  expect_balance(m.bytes);
  ASSERT_EQ(m.versions.size(), 1u);
  EXPECT_EQ(m.versions[0], (ModelVersionChange{expected, 0, 1, 1}));
}

// With a 1 bit/s uplink no pass can carry the 593-byte file: the only way is the laser link
// from the satellite that has it, at the link's first contact + 593 x 8 / 10 Gbps + light time.
TEST(UserModels, RelayOverLaserLinkIsExact) {
  const std::string models =
      "  - {name: cnn, file: " + kConv + ", precision: int8, preloaded: [W0-P0-S0]}\n";
  const std::string deploy =
      "deployments:\n  - {model: cnn, at: 2026-03-20T00:00:00Z, to: [W0-P0-S1]}\n";
  const Ran r = run(yaml(10, "1", models, deploy));
  const World& w = *r.world;
  const auto c = first_contact(w, 0, 1, access::ContactKind::kInterSatellite, w.scenario.start);
  const access::Contact& link = w.graph.contact(c);
  const double bytes = w.scenario.models[0].versions[0].file_bytes;
  EXPECT_EQ(bytes, 593.0);
  const Instant expected = std::max(link.start, w.scenario.start) +
                           network::transmission_time(593, link.rate_bps) + w.graph.owlt(c);
  const DeploymentRecord& d = r.run.models.deployments.at(0);
  ASSERT_TRUE(d.installed[0].has_value());
  EXPECT_EQ(*d.installed[0], expected);
  EXPECT_EQ(d.sources[0], 0);
  EXPECT_EQ(r.run.satellites[0].isl_bytes, 593.0);
  expect_balance(r.run.models.bytes);
}

// To a whole plane from one station: every satellite gets it, some over laser links from a
// neighbour that got it first, and every byte sent is installed.
TEST(UserModels, SpreadsOverThePlaneAndBalances) {
  const std::string models = "  - {name: cnn, file: " + kConv + ", precision: int8}\n";
  const Ran r = run(yaml(10, "1e7", models, ""), [&](Engine& e) {
    scenario::ModelVersionSpec big = test::parse(yaml(1, "1e7", models, "")).models[0].versions[0];
    big.file_bytes = 100e6;
    ASSERT_TRUE(e.add_model_version("cnn", model::Precision::kInt8, big).ok());
    ASSERT_TRUE(e.deploy({"cnn", 2, {}, e.now()}).ok());
  });
  const DeploymentRecord& d = r.run.models.deployments.at(0);
  ASSERT_TRUE(d.completed.has_value());
  const bool some_from_space =
      std::any_of(d.sources.begin(), d.sources.end(), [](int64_t s) { return s >= 0 && s < 10; });
  const bool some_from_ground =
      std::any_of(d.sources.begin(), d.sources.end(), [](int64_t s) { return s >= 10; });
  EXPECT_TRUE(some_from_space);
  EXPECT_TRUE(some_from_ground);
  const ModelByteLedger& b = r.run.models.bytes;
  EXPECT_DOUBLE_EQ(b.installed, 10 * 100e6);
  EXPECT_DOUBLE_EQ(b.sent, b.installed);
  expect_balance(b);
  EXPECT_EQ(r.run.models.versions.size(), 10u);
  for (const auto& change : r.run.models.versions) {
    EXPECT_EQ(*d.installed[change.satellite], change.at);
  }
}

const std::string kScreening = R"(tenants:
  - name: eo
    workloads:
      - {name: survey, kind: systematic_imaging, duty_cycle: 0.3, model: user/cnn}
)";

// v1 on board from the start; v2 arrives after 06:00; a rollback at 09:00 returns to v1. Every
// job runs the version active when it started, to the end.
TEST(UserModels, HotUpdateAndRollback) {
  const std::string models = "  - {name: cnn, file: " + kConv +
                             ", precision: int8, preloaded: all, updates: [" + kConvStrided +
                             "]}\n";
  const std::string deploy = R"(deployments:
  - {model: cnn, version: 2, at: 2026-03-20T06:00:00Z, to: all}
  - {model: cnn, rollback: true, at: 2026-03-20T09:00:00Z, to: all}
)";
  const Ran r = run(yaml(1, "1e7", models, deploy + kScreening));
  const auto& changes = r.run.models.versions;
  ASSERT_EQ(changes.size(), 3u);
  const Instant start = r.world->scenario.start;
  EXPECT_EQ(changes[0], (ModelVersionChange{start, 0, 0, 1}));
  EXPECT_EQ(changes[1].version, 2);
  EXPECT_GE(changes[1].at, start + Duration::hours(6));
  const Instant rollback = start + Duration::hours(9);
  EXPECT_EQ(changes[2], (ModelVersionChange{rollback, 0, 0, 1}));
  const Instant v2 = changes[1].at;
  size_t on_v1 = 0, on_v2 = 0, after_rollback = 0;
  for (const JobRecord& j : r.run.jobs) {
    if (!j.compute_start) continue;
    const Instant t = *j.compute_start;
    const int want = t < v2 || t >= rollback ? 1 : 2;
    EXPECT_EQ(j.model_version, want) << "job " << j.id;
    (j.model_version == 1 ? on_v1 : on_v2)++;
    if (t >= rollback) ++after_rollback;
  }
  EXPECT_GT(on_v1, 0u);
  EXPECT_GT(on_v2, 0u);
  EXPECT_GT(after_rollback, 0u);
}

// Without the model on board nothing runs: every job starts computing after it arrives.
TEST(UserModels, JobsWaitForTheModel) {
  const std::string models = "  - {name: cnn, file: " + kConv + ", precision: int8}\n";
  const std::string deploy = "deployments:\n  - {model: cnn, at: 2026-03-20T06:00:00Z, to: all}\n";
  const Ran r = run(yaml(1, "1e7", models, deploy + kScreening));
  const DeploymentRecord& d = r.run.models.deployments.at(0);
  ASSERT_TRUE(d.installed[0].has_value());
  size_t ran = 0;
  for (const JobRecord& j : r.run.jobs) {
    if (!j.compute_start) continue;
    ++ran;
    EXPECT_GE(*j.compute_start, *d.installed[0]) << "job " << j.id;
    EXPECT_EQ(j.model_version, 1);
  }
  EXPECT_GT(ran, 0u);
}

TEST(UserModels, RuntimeCallsCheckTheirArguments) {
  const std::string models = "  - {name: cnn, file: " + kConv + ", precision: int8}\n";
  run(yaml(1, "1e7", models, ""), [](Engine& e) {
    EXPECT_FALSE(e.deploy({"nope", 0, {}, e.now()}).ok());
    EXPECT_FALSE(e.deploy({"cnn", 2, {}, e.now()}).ok());
    EXPECT_FALSE(e.deploy({"cnn", 1, {7}, e.now()}).ok());
    EXPECT_FALSE(e.rollback("nope", {}, e.now()).ok());
    EXPECT_TRUE(e.rollback("cnn", {}, e.now()).ok());
  });
}

}  // namespace
}  // namespace lagrange::sim
