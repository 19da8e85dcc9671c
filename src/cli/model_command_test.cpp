// End-to-end tests of `lagrange model check` on ONNX's own test models (Debian's
// libonnx-testdata): the verdict, the JSON keys and every exit code.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/internal/command_test_fixture.hpp"

namespace lagrange::cli {
namespace {

using test::read_file;
using test::RunResult;

const std::string kCases = "/usr/share/libonnx-testdata/data/pytorch-converted/";

class ModelCommand : public test::CommandTest {
 protected:
  ModelCommand() : CommandTest("model check") {}
};

TEST_F(ModelCommand, AcceptsAModelWhoseOutputsMatch) {
  const RunResult r = run(kCases + "test_Conv2d/model.onnx --test-data " + kCases +
                          "test_Conv2d --accelerator jetson-orin-nano-super --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const auto j = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"parameters", "macs", "weight_bytes", "peak_activation_bytes",
                                      "operators", "opset", "accelerators", "executed",
                                      "outputs_match", "unsupported", "verdict", "reasons"}));
  EXPECT_EQ(j["operators"]["Conv"], 1);
  EXPECT_EQ(j["accelerators"].size(), 1u);
  EXPECT_EQ(j["accelerators"][0]["precision"], "int8");
  EXPECT_EQ(j["outputs_match"], true);
  EXPECT_EQ(j["verdict"], "accept");
}

TEST_F(ModelCommand, TextReportShowsEveryAcceleratorAndTheGroundRun) {
  const RunResult r =
      run(kCases + "test_Conv2d/model.onnx --test-data " + kCases + "test_Conv2d --precision fp16");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("jetson-agx-orin-64gb"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("three-body-payload"), std::string::npos);
  EXPECT_NE(r.out.find("ran 1 test data set(s)"), std::string::npos);
  EXPECT_NE(r.out.find("outputs match"), std::string::npos);
  EXPECT_NE(r.out.find("verdict: accept"), std::string::npos);
}

TEST_F(ModelCommand, UnsupportedOperatorIsARejectWithExitThree) {
  const RunResult r = run(kCases + "test_Embedding/model.onnx --test-data " + kCases +
                          "test_Embedding --format json");
  ASSERT_EQ(r.exit_code, 3) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"], "reject");
  EXPECT_EQ(j["unsupported"][0]["op"], "Gather");
  EXPECT_EQ(j["executed"], false);
}

TEST_F(ModelCommand, MalformedFilesExitOneNamingTheFile) {
  const std::string text = write_temp("notes.onnx", "not a model at all\n");
  RunResult r = run(text);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("notes.onnx: not an ONNX model"), std::string::npos) << r.err;
  const std::string whole = read_file(kCases + "test_Conv2d/model.onnx");
  const std::string cut = write_temp("cut.onnx", whole.substr(0, whole.size() / 3));
  r = run(cut);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("cut.onnx"), std::string::npos) << r.err;
  r = run(dir_.string() + "/missing.onnx");
  EXPECT_EQ(r.exit_code, 1);
  r = run(kCases + "test_Conv2d/model.onnx --test-data " + dir_.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no test_data_set_N"), std::string::npos) << r.err;
}

TEST_F(ModelCommand, UsageErrorsExitTwo) {
  const std::string model = kCases + "test_Conv2d/model.onnx";
  EXPECT_EQ(run(model + " --precision int4").exit_code, 2);
  EXPECT_EQ(run(model + " --scenario three-body").exit_code, 2);
  EXPECT_EQ(run(model + " --input-shape 1xAx3").exit_code, 2);
  EXPECT_EQ(run(model + " --accelerator tpu-v9").exit_code, 2);
  EXPECT_EQ(run(model + " --scenario three-body --class nope").exit_code, 2);
  EXPECT_EQ(run("").exit_code, 2);
}

}  // namespace
}  // namespace lagrange::cli
