// Tests of `lagrange llm`, run in-process on a CLI::App holding only the llm command.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/internal/command_test_fixture.hpp"
#include "compute/catalog.hpp"
#include "core/time.hpp"

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
        ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 3)
            << m.id << " " << a.id << " " << precision << ": " << r.err;
        const nlohmann::json j = nlohmann::json::parse(r.out);
        // Exit codes (README): 0 it fits, 3 the plan was made and the answer is "no".
        EXPECT_EQ(r.exit_code, j["fits"].get<bool>() ? 0 : 3) << m.id << " " << a.id;
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
  EXPECT_EQ(too_few.exit_code, 3) << too_few.err;  // regression: was 0 though it does not fit
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
  EXPECT_EQ(model.exit_code, 2);  // a wrong value on the command line is a usage error
  EXPECT_NE(model.err.find("gpt-9"), std::string::npos);
  EXPECT_NE(model.err.find("llama-3-8b"), std::string::npos) << model.err;
  const RunResult accel = run({"plan", "--model", "qwen3-8b", "--accelerator", "abacus"});
  EXPECT_EQ(accel.exit_code, 2);
  EXPECT_NE(accel.err.find("three-body-payload"), std::string::npos) << accel.err;
  const RunResult precision =
      run({"plan", "--model", "qwen3-8b", "--accelerator", "h100-sxm", "--precision", "fp4"});
  EXPECT_EQ(precision.exit_code, 2);
  EXPECT_NE(precision.err.find("int4"), std::string::npos) << precision.err;
}

TEST(LlmPlan, BadRequestsAndUsage) {
  const RunResult context =
      run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--context", "100000"});
  EXPECT_EQ(context.exit_code, 2);
  EXPECT_NE(context.err.find("--context"), std::string::npos) << context.err;
  const RunResult zero =
      run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--context", "0"});
  EXPECT_EQ(zero.exit_code, 2);
  const RunResult prompt = run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm",
                                "--context", "256", "--prompt-tokens", "512"});
  EXPECT_EQ(prompt.exit_code, 2);
  const RunResult satellites =
      run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--satellites", "0"});
  EXPECT_EQ(satellites.exit_code, 2);
  const RunResult scenario = run(
      {"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--scenario", "three-body"});
  EXPECT_EQ(scenario.exit_code, 2);
  EXPECT_NE(scenario.err.find("--accelerator is not used with --scenario"), std::string::npos)
      << scenario.err;
  const RunResult no_accelerator = run({"plan", "--model", "llama-2-7b"});
  EXPECT_EQ(no_accelerator.exit_code, 2);
  EXPECT_NE(no_accelerator.err.find("--accelerator is required"), std::string::npos);
  EXPECT_EQ(run({"plan", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--at",
                 "2026-06-27T00:00:00Z"})
                .exit_code,
            2);  // --at needs --scenario
  EXPECT_EQ(run({"plan", "--model", "llama-2-7b", "--scenario", "three-body", "--spacing-km", "5"})
                .exit_code,
            2);  // chain options do not apply to a scenario
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

// --scenario: the real binary on the built-in scenario and on a small scenario file.
class LlmScenarioPlan : public test::CommandTest {
 protected:
  LlmScenarioPlan() : CommandTest("llm plan") {}

  // Three-Body's twelve satellites with 8 GB Orin Nanos and two 100 Gbps terminals each.
  std::string nano_scenario() {
    return write_temp("nano.yaml", R"(name: nano
start: 2026-06-27T00:00:00Z
end: 2026-06-28T00:00:00Z
constellation:
  elements: tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle
satellite_classes:
  - name: nano
    accelerator: {id: jetson-orin-nano-super}
    storage_gb: 100
    power: {solar_array_w: 100, battery_wh: 200}
    lasers: {count: 2, range_km: 5400, rate_gbps: 100}
ground_stations:
  stations:
    - {name: Home, latitude_deg: 30, longitude_deg: 120}
)");
  }
};

TEST_F(LlmScenarioPlan, ThreeBodyJsonHasTheKeysAndFits) {
  const test::RunResult r =
      run("--scenario three-body --model qwen3-8b --precision int4 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const char* key : {"fits", "stages", "prefill_tokens_per_s", "decode_tokens_per_s",
                          "time_to_first_token_s", "satellites", "valid_until", "links"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["fits"].get<bool>());
  EXPECT_EQ(j["scenario"], "three-body");
  EXPECT_EQ(j["at"], "2026-06-27T00:00:00.000Z");  // the scenario's start
  EXPECT_EQ(j["candidates"].size(), 12u);
  // The 64 GB payload holds the 4-bit model: one stage on one of the SCS-01 satellites.
  ASSERT_EQ(j["stages"].size(), 1u);
  ASSERT_EQ(j["satellites"].size(), 1u);
  const uint32_t norad = j["satellites"][0]["norad_id"].get<uint32_t>();
  EXPECT_GE(norad, 63982u);
  EXPECT_LE(norad, 63993u);
  EXPECT_EQ(j["satellites"][0]["accelerator"], "three-body-payload");
  EXPECT_TRUE(j["links"].empty());
  EXPECT_GT(j["decode_tokens_per_s"].get<double>(), 0.0);
}

TEST_F(LlmScenarioPlan, UnknownScenarioListsTheBuiltIns) {
  const test::RunResult r = run("--scenario atlantis --model qwen3-8b");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("atlantis"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("three-body"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("walker-300"), std::string::npos) << r.err;
}

TEST_F(LlmScenarioPlan, BadInstantAndUnknownExclusionAreUsageErrors) {
  const test::RunResult at = run("--scenario three-body --model qwen3-8b --at yesterday");
  EXPECT_EQ(at.exit_code, 2);
  EXPECT_NE(at.err.find("--at"), std::string::npos) << at.err;
  const test::RunResult exclude = run("--scenario three-body --model qwen3-8b --exclude 12345");
  EXPECT_EQ(exclude.exit_code, 2);
  EXPECT_NE(exclude.err.find("12345"), std::string::npos) << exclude.err;
}

TEST_F(LlmScenarioPlan, SplitFollowsTheGeometryAndMovesWhenAHostIsExcluded) {
  const std::string file = nano_scenario();
  const test::RunResult text = run(
      "--scenario '" + file + "' --model llama-2-13b --precision fp16 --at 2026-06-27T05:00:00Z");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const char* s :
       {"Scenario nano at 2026-06-27T05:00:00.000Z", "-> does not fit", "Placement (5 stages)",
        "SCS-01", "Laser links at", "cut 1->2", "return", "Valid", "Split: needed"}) {
    EXPECT_NE(text.out.find(s), std::string::npos) << s << "\n" << text.out;
  }

  const std::string json_args = "--scenario '" + file +
                                "' --model llama-3-8b --precision fp16 --format json --at "
                                "2026-06-27T05:00:00Z";
  const test::RunResult r = run(json_args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j["fits"].get<bool>());
  const size_t stages = j["stages"].size();
  ASSERT_GT(stages, 1u);
  ASSERT_EQ(j["satellites"].size(), stages);
  ASSERT_EQ(j["links"].size(), stages);  // every cut, then the token id back to stage 1
  double link_s = 0.0;
  for (size_t k = 0; k < stages; ++k) {
    const nlohmann::json& link = j["links"][k];
    EXPECT_EQ(link["from"], j["stages"][k]["satellite"]);
    EXPECT_EQ(link["to"], j["stages"][(k + 1) % stages]["satellite"]);
    EXPECT_NEAR(link["light_time_s"].get<double>(), link["range_km"].get<double>() / 299792.458,
                1e-12);
    EXPECT_LE(link["range_km"].get<double>(), 5400.0 * link["hops"].get<double>());
    const double bytes = k + 1 < stages ? 4096 * 2.0 : 4.0;  // hidden state, or the token id
    link_s += bytes * 8.0 / link["rate_bps"].get<double>() + link["light_time_s"].get<double>();
  }
  EXPECT_NEAR(j["decode_link_s"].get<double>(), link_s, 1e-12);
  const auto valid_until = parse_iso8601(j["valid_until"].get<std::string>());
  ASSERT_TRUE(valid_until.ok());
  EXPECT_GT(*valid_until, *parse_iso8601("2026-06-27T05:00:00Z"));

  // The first host fails: the model moves off it.
  const std::string host = std::to_string(j["satellites"][0]["norad_id"].get<uint32_t>());
  const test::RunResult moved = run(json_args + " --exclude " + host);
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  const nlohmann::json m = nlohmann::json::parse(moved.out);
  EXPECT_EQ(m["candidates"].size(), 11u);
  for (const nlohmann::json& s : m["satellites"])
    EXPECT_NE(std::to_string(s["norad_id"].get<uint32_t>()), host);
}

}  // namespace
}  // namespace lagrange::cli
