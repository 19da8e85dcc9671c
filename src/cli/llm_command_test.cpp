// Tests of `lagrange llm`, run in-process on a CLI::App holding only the llm command.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "compute/catalog.hpp"

namespace lagrange::cli {
namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Redirects std::cout / std::cerr for the lifetime of the object.
class CaptureStreams {
 public:
  CaptureStreams()
      : old_out_(std::cout.rdbuf(out_.rdbuf())), old_err_(std::cerr.rdbuf(err_.rdbuf())) {}
  ~CaptureStreams() {
    std::cout.rdbuf(old_out_);
    std::cerr.rdbuf(old_err_);
  }
  std::string out() const { return out_.str(); }
  std::string err() const { return err_.str(); }

 private:
  std::ostringstream out_;
  std::ostringstream err_;
  std::streambuf* old_out_;
  std::streambuf* old_err_;
};

RunResult run(const std::vector<std::string>& args) {
  CLI::App app{"test"};
  app.require_subcommand(1);
  int exit_code = 0;
  add_llm_command(app, exit_code);
  std::vector<const char*> argv{"lagrange", "llm"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  RunResult result;
  {
    CaptureStreams capture;
    try {
      app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError& e) {
      exit_code = e.get_exit_code() == 0 ? 0 : 2;
    }
    result.out = capture.out();
    result.err = capture.err();
  }
  result.exit_code = exit_code;
  return result;
}

const compute::Catalog& catalog() {
  static const compute::Catalog c = *compute::Catalog::load(LAGRANGE_DATA_DIR);
  return c;
}

TEST(LlmPlan, EveryCataloguePairRuns) {
  for (const compute::LlmSpec& m : catalog().llms()) {
    for (const compute::AcceleratorSpec& a : catalog().accelerators()) {
      for (const char* precision : {"fp16", "int8", "int4"}) {
        const RunResult r = run({"plan", "--model", m.id, "--accelerator", a.id, "--precision",
                                 precision, "--satellites", "4", "--format", "json"});
        ASSERT_EQ(r.exit_code, 0) << m.id << " " << a.id << " " << precision << ": " << r.err;
        const nlohmann::json j = nlohmann::json::parse(r.out);
        for (const char* key :
             {"fits", "stages", "prefill_tokens_per_s", "decode_tokens_per_s",
              "time_to_first_token_s", "split_needed", "single_satellite_memory"}) {
          EXPECT_TRUE(j.contains(key)) << key;
        }
        if (j["fits"].get<bool>()) {
          EXPECT_GT(j["decode_tokens_per_s"].get<double>(), 0.0);
          EXPECT_FALSE(j["stages"].empty());
        } else {
          EXPECT_TRUE(j["decode_tokens_per_s"].is_null());
        }
      }
    }
  }
}

TEST(LlmPlan, JsonForTheCalibratedCase) {
  const RunResult r = run({"plan", "--model", "llama-3-8b", "--precision", "int4", "--accelerator",
                           "jetson-agx-orin-64gb", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["fits"].get<bool>());
  EXPECT_FALSE(j["split_needed"].get<bool>());
  ASSERT_EQ(j["stages"].size(), 1u);
  EXPECT_EQ(j["stages"][0]["first_layer"], 0);
  EXPECT_EQ(j["stages"][0]["last_layer"], 31);
  EXPECT_EQ(j["context_tokens"], 4096);
  EXPECT_EQ(j["kv_bytes_per_token"].get<double>(), 131072.0);
  // Near the 40 tok/s it was calibrated on (at 512 rather than 256 tokens of KV).
  EXPECT_NEAR(j["decode_tokens_per_s"].get<double>(), 40.0, 2.0);
  EXPECT_DOUBLE_EQ(j["decode_tokens_per_s"].get<double>(),
                   1.0 / j["decode_token_latency_s"].get<double>());
  EXPECT_NEAR(j["prefill_tokens_per_s"].get<double>() * j["time_to_first_token_s"].get<double>(),
              512.0, 1e-9);
}

TEST(LlmPlan, TextShowsFootprintPlacementAndSpeeds) {
  const RunResult r = run({"plan", "--model", "llama-3.1-8b", "--precision", "int4",
                           "--accelerator", "jetson-orin-nano-super"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* text : {"Memory for the whole model", "-> fits", "Placement (1 stage)",
                           "Time to first token", "Decode:", "Split: not needed"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r.out;
  }
}

TEST(LlmPlan, SplitAcrossSatellitesIsReportedWithItsCost) {
  const RunResult r = run({"plan", "--model", "llama-2-13b", "--precision", "fp16", "--accelerator",
                           "jetson-orin-nano-super", "--satellites", "6"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("does not fit"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Split: needed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sat-1"), std::string::npos) << r.out;

  const RunResult too_few = run({"plan", "--model", "llama-2-13b", "--precision", "fp16",
                                 "--accelerator", "jetson-orin-nano-super", "--satellites", "2"});
  ASSERT_EQ(too_few.exit_code, 0) << too_few.err;
  EXPECT_NE(too_few.out.find("Does not fit on 2 satellite(s)"), std::string::npos) << too_few.out;
}

TEST(LlmPlan, SameInputsSameBytes) {
  const std::vector<std::string> args{"plan",
                                      "--model",
                                      "gemma-2-9b",
                                      "--precision",
                                      "fp16",
                                      "--accelerator",
                                      "jetson-orin-nano-super",
                                      "--satellites",
                                      "5",
                                      "--format",
                                      "json"};
  EXPECT_EQ(run(args).out, run(args).out);
}

TEST(LlmPlan, UnknownIdsListTheKnownOnes) {
  const RunResult model = run({"plan", "--model", "gpt-9", "--accelerator", "h100-sxm"});
  EXPECT_EQ(model.exit_code, 1);
  EXPECT_NE(model.err.find("gpt-9"), std::string::npos);
  EXPECT_NE(model.err.find("llama-3-8b"), std::string::npos) << model.err;
  const RunResult accel = run({"plan", "--model", "qwen3-8b", "--accelerator", "abacus"});
  EXPECT_EQ(accel.exit_code, 1);
  EXPECT_NE(accel.err.find("three-body-payload"), std::string::npos) << accel.err;
  const RunResult precision =
      run({"plan", "--model", "qwen3-8b", "--accelerator", "h100-sxm", "--precision", "fp4"});
  EXPECT_EQ(precision.exit_code, 1);
  EXPECT_NE(precision.err.find("int4"), std::string::npos) << precision.err;
}

TEST(LlmPlan, BadRequestsAndUsage) {
  const RunResult context =
      run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--context", "100000"});
  EXPECT_EQ(context.exit_code, 1);
  EXPECT_NE(context.err.find("--context"), std::string::npos) << context.err;
  const RunResult zero =
      run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--context", "0"});
  EXPECT_EQ(zero.exit_code, 1);
  const RunResult prompt = run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm",
                                "--context", "256", "--prompt-tokens", "512"});
  EXPECT_EQ(prompt.exit_code, 1);
  const RunResult satellites =
      run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--satellites", "0"});
  EXPECT_EQ(satellites.exit_code, 1);
  const RunResult scenario =
      run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--scenario", "x.yaml"});
  EXPECT_EQ(scenario.exit_code, 2);
  EXPECT_NE(scenario.err.find("not supported until scenarios exist"), std::string::npos);
  EXPECT_EQ(run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--format", "xml"})
                .exit_code,
            2);
  EXPECT_EQ(run({"plan", "--accelerator", "h100-sxm"}).exit_code, 2);
}

TEST(LlmCatalogue, ListsModelsAndAccelerators) {
  const RunResult models = run({"models"});
  ASSERT_EQ(models.exit_code, 0);
  for (const compute::LlmSpec& m : catalog().llms()) {
    EXPECT_NE(models.out.find(m.id), std::string::npos) << m.id;
  }
  EXPECT_NE(models.out.find("yolov8s"), std::string::npos);
  EXPECT_NE(models.out.find("8.03B"), std::string::npos) << models.out;
  const RunResult accelerators = run({"accelerators"});
  ASSERT_EQ(accelerators.exit_code, 0);
  EXPECT_NE(accelerators.out.find("jetson-agx-orin-64gb"), std::string::npos);
  EXPECT_NE(accelerators.out.find("744"), std::string::npos);
  EXPECT_NE(accelerators.out.find("*"), std::string::npos);  // assumptions are marked
}

}  // namespace
}  // namespace lagrange::cli
