// The `models` and `deployments` sections: real ONNX files (Debian's libonnx-testdata) checked
// at load, and errors naming the line, the field and the reasons.
#include <gtest/gtest.h>

#include <string>

#include "compute/internal/test_catalog.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::scenario {
namespace {

const std::string kConv =
    "/usr/share/libonnx-testdata/data/pytorch-converted/test_Conv2d/model.onnx";

const compute::Catalog& catalog() {
  return compute::test::repository_catalog();
}

// Line 12 is where a test's sections start.
Result<Scenario> parse(const std::string& sections) {
  const std::string text = R"(name: t
start: 2026-06-27T00:00:00Z
end: 2026-06-27T06:00:00Z
constellation:
  walker: "97.4:4/1/0@550km"
satellite_classes:
  - {name: std, accelerator: {id: jetson-agx-orin-64gb}, storage_gb: 100,
     power: {solar_array_w: 100, battery_wh: 200}}
ground_stations:
  stations:
    - {name: Kashgar, latitude_deg: 39.5, longitude_deg: 76}
)" + sections + "\n";
  return parse_scenario(text, "t.yaml", {}, LoadContext{LAGRANGE_DATA_DIR, &catalog()});
}

TEST(ModelsSection, ReadsAndChecksTheFile) {
  auto s = parse("models:\n  - {name: cnn, file: " + kConv +
                 ", precision: fp16, preloaded: [W0-P0-S1, W0-P0-S3], updates: [" + kConv +
                 "]}\ndeployments:\n  - {model: cnn, version: 2, at: 2026-06-27T01:00:00Z, to: "
                 "{class: std}}\n  - {model: cnn, rollback: true, at: 2026-06-27T00:30:00Z, "
                 "to: all}\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->models.size(), 1u);
  const UserModelSpec& m = s->models[0];
  EXPECT_EQ(m.precision, model::Precision::kFp16);
  ASSERT_EQ(m.versions.size(), 2u);
  EXPECT_EQ(m.versions[1].version, 2);
  EXPECT_EQ(m.versions[0].file_bytes, 593.0);
  // test_Conv2d takes 2 x 3 x 7 x 5 and gives 2 x 4 x 5 x 4.
  EXPECT_EQ(m.versions[0].tile_width_px, 5);
  EXPECT_EQ(m.versions[0].tile_height_px, 7);
  EXPECT_EQ(m.versions[0].output_values, 160.0);
  EXPECT_GT(m.versions[0].figures.macs, 0.0);
  EXPECT_EQ(m.preloaded, (std::vector<uint32_t>{1, 3}));
  ASSERT_EQ(s->deployments.size(), 2u);  // sorted by time: the rollback first
  EXPECT_TRUE(s->deployments[0].rollback);
  EXPECT_EQ(s->deployments[1].version, 2);
  EXPECT_EQ(s->deployments[1].satellites, (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(s->user_model("user/cnn"), 0u);
  EXPECT_FALSE(s->user_model("cnn").has_value());
}

TEST(ModelsSection, UnreadableOrMalformedFilesAreErrorsAtTheirLine) {
  auto missing = parse("models:\n  - {name: cnn, file: no-such.onnx}\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("t.yaml:13:"), std::string::npos)
      << missing.error().message;
  EXPECT_NE(missing.error().message.find("models[0].file"), std::string::npos);
  auto not_onnx = parse(
      "models:\n  - name: cnn\n    file: /usr/share/libonnx-testdata/data/real/test_resnet50/"
      "data.json\n");
  ASSERT_FALSE(not_onnx.ok());
  EXPECT_NE(not_onnx.error().message.find("t.yaml:14:11: models[0].file"), std::string::npos)
      << not_onnx.error().message;
}

// An accelerator overridden to 1 MiB cannot hold even the runtime's reserve: the model is
// rejected at its file line with the check's reason, for the class it is preloaded on.
TEST(ModelsSection, AModelThatDoesNotFitItsClassIsRejected) {
  const std::string text = R"(name: t
start: 2026-06-27T00:00:00Z
end: 2026-06-27T06:00:00Z
constellation:
  walker: "97.4:2/1/0@550km"
satellite_classes:
  - {name: tiny, accelerator: {id: jetson-agx-orin-64gb, memory_gib: 0.001}, storage_gb: 100,
     power: {solar_array_w: 100, battery_wh: 200}}
ground_stations:
  stations:
    - {name: Kashgar, latitude_deg: 39.5, longitude_deg: 76}
models:
  - {name: cnn, file: )" + kConv +
                           R"(, preloaded: all}
)";
  auto s = parse_scenario(text, "t.yaml", {}, LoadContext{LAGRANGE_DATA_DIR, &catalog()});
  ASSERT_FALSE(s.ok());
  const std::string& e = s.error().message;
  EXPECT_NE(e.find("t.yaml:13:"), std::string::npos) << e;
  EXPECT_NE(e.find("models[0].file: model 'cnn' is rejected:"), std::string::npos) << e;
  EXPECT_NE(e.find("does not fit class tiny's jetson-agx-orin-64gb"), std::string::npos) << e;
}

TEST(ModelsSection, DeploymentAndWorkloadErrorsNameTheField) {
  const std::string models = "models:\n  - {name: cnn, file: " + kConv + "}\n";
  auto r = parse(models +
                 "deployments:\n  - {model: cnm, at: 2026-06-27T01:00:00Z, to: all}\n"
                 "  - {model: cnn, version: 3, at: 2026-06-27T01:00:00Z, to: [nope]}\n"
                 "  - {model: cnn, at: 2026-06-28T01:00:00Z, to: {class: sdt}}\n");
  ASSERT_FALSE(r.ok());
  const std::string& e = r.error().message;
  EXPECT_NE(e.find("deployments[0].model: no model 'cnm' in the scenario's models (did you mean "
                   "'cnn'?)"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("deployments[1].version: model 'cnn' has 1 version(s)"), std::string::npos);
  EXPECT_NE(e.find("deployments[1].to[0]: no satellite 'nope'"), std::string::npos);
  EXPECT_NE(e.find("deployments[2].at: must be inside the scenario window"), std::string::npos);
  EXPECT_NE(e.find("deployments[2].to.class: unknown satellite class 'sdt' (did you mean 'std'?)"),
            std::string::npos);
  auto w = parse(models + R"(tenants:
  - name: t
    workloads:
      - {name: w, kind: systematic_imaging, duty_cycle: 0.1, model: user/other}
)");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("no user model 'other' in the scenario's models"),
            std::string::npos)
      << w.error().message;
}

}  // namespace
}  // namespace lagrange::scenario
