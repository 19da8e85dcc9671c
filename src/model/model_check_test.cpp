// Fit, speed, duty and verdict; execution on the ground on a small model.
#include <gtest/gtest.h>

#include "compute/catalog.hpp"
#include "model/internal/test_graphs.hpp"
#include "model/model_check.hpp"
#include "model/model_json.hpp"

namespace lagrange::model {
namespace {

using test::Graph;

const compute::Catalog& catalog() {
  static const compute::Catalog c = *compute::Catalog::load(LAGRANGE_DATA_DIR);
  return c;
}

Target target(const std::string& id, double watts = 60.0) {
  return {*compute::make_device(catalog(), id), watts};
}

TEST(Estimate, ComputeTermIsTheTwinsVisionModelCost) {
  // The twin costs a catalogue vision model at 2 x MACs over the dense peak x the family's
  // compute efficiency (compute::vision_seconds_per_image); a model with ResNet-50's MACs must
  // cost the same.
  const auto resnet = *catalog().vision_model("resnet-50");
  StaticFigures f;
  f.macs = resnet.gmacs_per_image * 1e9;
  f.parameters = static_cast<uint64_t>(resnet.params_m * 1e6);
  for (const auto& id : {"jetson-agx-orin-64gb", "three-body-payload", "h100-sxm"}) {
    const auto t = target(id);
    const auto e = estimate_on(f, Precision::kInt8, t);
    EXPECT_DOUBLE_EQ(e.compute_s, compute::vision_seconds_per_image(resnet, t.device,
                                                                    compute::ComputePath::kInt8))
        << id;
    const auto fp16 = estimate_on(f, Precision::kFp16, t);
    EXPECT_DOUBLE_EQ(fp16.compute_s, compute::vision_seconds_per_image(
                                         resnet, t.device, compute::ComputePath::kFp16));
    EXPECT_DOUBLE_EQ(estimate_on(f, Precision::kFp32, t).compute_s, 2.0 * fp16.compute_s);
    // Weights once per inference at the memory bandwidth x the family's efficiency.
    const auto& a = t.device.accelerator;
    EXPECT_DOUBLE_EQ(
        e.memory_s, f.parameters * 1.0 /
                        (a.memory_bandwidth_gb_s * 1e9 * t.device.efficiency.bandwidth_efficiency));
    EXPECT_DOUBLE_EQ(e.latency_s, std::max(e.compute_s, e.memory_s));
    EXPECT_DOUBLE_EQ(e.energy_j, e.latency_s * 60.0);
  }
}

TEST(Estimate, FitCountsWeightsActivationsAndTheRuntimeReserve) {
  const auto nano = target("jetson-orin-nano-super");  // 8 GiB, 1.5 GiB reserved
  StaticFigures f;
  const double gib = 1024.0 * 1024.0 * 1024.0;
  f.parameters = static_cast<uint64_t>(3.0 * gib);  // 6 GiB at fp16, 3 GiB at int8
  f.peak_activation_values = 0.25 * gib;
  EXPECT_TRUE(estimate_on(f, Precision::kFp16, nano).fits);  // 6 + 0.5 + 1.5 = 8: just fits
  f.peak_activation_values = 0.26 * gib;
  EXPECT_FALSE(estimate_on(f, Precision::kFp16, nano).fits);
  EXPECT_FALSE(estimate_on(f, Precision::kFp32, nano).fits);
  EXPECT_TRUE(estimate_on(f, Precision::kInt8, nano).fits);
}

Graph small_conv() {
  Graph g;
  auto conv = test::node("Conv", {"x", "w", "b"}, {"y"}, "conv");
  test::set_ints(conv, "kernel_shape", {3, 3});
  test::set_ints(conv, "pads", {1, 1, 1, 1});
  g.nodes = {conv, test::node("Relu", {"y"}, {"z"}, "relu")};
  g.inputs = {test::value("x", {1, 2, 6, 6})};
  g.outputs = {test::value("z", {1, 3, 6, 6})};
  g.initializers = {test::weights("w", {3, 2, 3, 3}, 0.5f), test::weights("b", {3}, -1.0f)};
  return g;
}

// The expected output by hand: each output is relu(0.5 x sum of the 3x3x2 window - 1).
TestDataSet ones_data() {
  TestDataSet s;
  s.name = "test_data_set_0";
  s.inputs.push_back({"x", {1, 2, 6, 6}, std::vector<float>(72, 1.0f)});
  TensorValues out{"z", {1, 3, 6, 6}, {}};
  for (int c = 0; c < 3; ++c) {
    for (int i = 0; i < 6; ++i) {
      for (int j = 0; j < 6; ++j) {
        const int rows = (i == 0 || i == 5) ? 2 : 3, cols = (j == 0 || j == 5) ? 2 : 3;
        out.values.push_back(std::max(0.0f, 0.5f * 2 * rows * cols - 1.0f));
      }
    }
  }
  s.outputs.push_back(out);
  return s;
}

CheckRequest request_with(std::vector<TestDataSet> data) {
  CheckRequest r;
  r.targets = {target("jetson-agx-orin-64gb")};
  r.test_data = std::move(data);
  double fake_cpu_s = 0.0;
  r.clock = [fake_cpu_s]() mutable { return fake_cpu_s += 0.25; };
  return r;
}

TEST(Check, MatchingOutputsAreAccepted) {
  auto c = check_model(test::serialize(small_conv()), request_with({ones_data()}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(c->ground.executed);
  EXPECT_EQ(c->ground.outputs_match, true);
  EXPECT_DOUBLE_EQ(c->ground.cpu_s_per_inference, 0.25);  // the injected clock, one timed pass
  EXPECT_EQ(c->verdict, Verdict::kAccept);
  EXPECT_TRUE(c->reasons.empty());
  const auto j = to_json(*c);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"parameters", "macs", "weight_bytes", "peak_activation_bytes",
                                      "operators", "opset", "accelerators", "executed",
                                      "outputs_match", "unsupported", "verdict", "reasons"}));
  EXPECT_EQ(j["parameters"], 57);
  EXPECT_EQ(j["accelerators"][0]["id"], "jetson-agx-orin-64gb");
}

TEST(Check, DifferentOutputsAreARejectWithTheWorstValue) {
  auto data = ones_data();
  data.outputs[0].values[7] += 0.01f;  // 8 -> 8.01: beyond rtol 1e-3
  auto c = check_model(test::serialize(small_conv()), request_with({data}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->ground.outputs_match, false);
  EXPECT_EQ(c->verdict, Verdict::kReject);
  ASSERT_EQ(c->reasons.size(), 2u);
  EXPECT_EQ(c->reasons[0], "outputs differ from the test data");
  EXPECT_NE(c->reasons[1].find("1 of 108 values differ (worst at 7"), std::string::npos)
      << c->reasons[1];
}

TEST(Check, AnOperatorTheRuntimeLacksIsNamed) {
  // OpenCV 4.6 has no Hardmax.
  Graph g;
  g.nodes = {test::node("Hardmax", {"x"}, {"y"}, "pick")};
  g.inputs = {test::value("x", {1, 10})};
  g.outputs = {test::value("y", {1, 10})};
  auto c = check_model(test::serialize(g), request_with({}));
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->ground.executed);
  ASSERT_EQ(c->ground.unsupported.size(), 1u);
  EXPECT_EQ(c->ground.unsupported[0].node, "pick");
  EXPECT_EQ(c->ground.unsupported[0].op, "Hardmax");
  EXPECT_EQ(c->verdict, Verdict::kReject);
}

TEST(Check, TooSlowAndTooPowerHungryForTheWorkload) {
  auto r = request_with({});
  r.execute = false;
  const auto figures = analyze_model(test::serialize(small_conv()), {});
  ASSERT_TRUE(figures.ok());
  const double latency = estimate_on(*figures, Precision::kInt8, r.targets[0]).latency_s;
  PowerBudget b{"standard", 0, 0.5 * 86400.0 / latency, 40.0, 10.0};
  r.budget = b;
  auto half = check_model(test::serialize(small_conv()), r);
  ASSERT_TRUE(half.ok());
  ASSERT_TRUE(half->duty.has_value());
  EXPECT_NEAR(half->duty->busy_fraction, 0.5, 1e-12);
  EXPECT_NEAR(half->duty->average_w, 0.5 * 60 + 0.5 * 10, 1e-9);  // 35 W <= 40 W
  EXPECT_EQ(half->verdict, Verdict::kAccept);
  r.budget->available_w = 30.0;
  auto hungry = check_model(test::serialize(small_conv()), r);
  ASSERT_EQ(hungry->reasons.size(), 1u);
  EXPECT_NE(hungry->reasons[0].find("too power-hungry"), std::string::npos);
  r.budget->inferences_per_day *= 4;  // two days of work a day
  auto slow = check_model(test::serialize(small_conv()), r);
  ASSERT_GE(slow->reasons.size(), 1u);
  EXPECT_NE(slow->reasons[0].find("too slow"), std::string::npos);
}

}  // namespace
}  // namespace lagrange::model
