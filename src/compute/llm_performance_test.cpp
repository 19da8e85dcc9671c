#include "compute/llm_performance.hpp"
#include "compute/internal/test_catalog.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace lagrange::compute {
namespace {

const Catalog& catalog() {
  return test::repository_catalog();
}

LlmWorkload workload(const char* model, const char* precision, int context = 4096) {
  LlmWorkload w;
  w.model = *catalog().llm(model);
  w.weights = *catalog().weight_precision(precision);
  w.kv = *catalog().kv_precision("fp16");
  w.activation_bytes = catalog().activation_bytes();
  w.context_tokens = context;
  w.prompt_tokens = 512;
  w.decode_kv_tokens = 512;
  return w;
}

Device device(const char* id) {
  return *make_device(catalog(), id);
}

// Totals computed from the config.json fields against the model cards' published totals.
TEST(ParameterCount, MatchesThePublishedTotals) {
  for (const LlmSpec& m : catalog().llms()) {
    const double computed_b = count_parameters(m).total / 1e9;
    EXPECT_NEAR(computed_b / m.published_params_b, 1.0, 0.01)
        << m.id << ": computed " << computed_b << " B";
  }
}

// Exact totals of the published safetensors checkpoints (Hugging Face model pages).
TEST(ParameterCount, ExactForLlama3AndGemma2) {
  EXPECT_DOUBLE_EQ(count_parameters(*catalog().llm("llama-3-8b")).total, 8'030'261'248.0);
  EXPECT_DOUBLE_EQ(count_parameters(*catalog().llm("llama-2-7b")).total, 6'738'415'616.0);
  EXPECT_DOUBLE_EQ(count_parameters(*catalog().llm("gemma-2-9b")).total, 9'241'705'984.0);
  EXPECT_DOUBLE_EQ(count_parameters(*catalog().llm("gemma-2-9b")).output_head, 0.0);
}

TEST(KvCache, BytesPerTokenFromTheArchitecture) {
  const KvPrecision fp16 = *catalog().kv_precision("fp16");
  // 2 x 32 layers x 8 KV heads x 128 x 2 bytes = 128 KiB.
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(*catalog().llm("llama-3-8b"), fp16), 131072.0);
  // Multi-head attention, no GQA: 2 x 32 x 32 x 128 x 2 = 512 KiB.
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(*catalog().llm("llama-2-7b"), fp16), 524288.0);
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(*catalog().llm("qwen3-8b"), fp16), 147456.0);
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(*catalog().llm("gemma-2-9b"), fp16), 344064.0);
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(*catalog().llm("llama-3-8b"), *catalog().kv_precision("fp8")),
                   65536.0);
}

TEST(MemoryFit, KnownFitsAndMisfits) {
  EXPECT_FALSE(
      estimate_single_device(workload("llama-2-13b", "fp16"), device("jetson-orin-nano-super"))
          .fits);
  EXPECT_FALSE(
      estimate_single_device(workload("llama-3-8b", "fp16"), device("jetson-orin-nano-super"))
          .fits);
  EXPECT_TRUE(
      estimate_single_device(workload("llama-3-8b", "int4"), device("jetson-agx-orin-64gb")).fits);
  EXPECT_TRUE(
      estimate_single_device(workload("llama-3.1-8b", "int4"), device("jetson-orin-nano-super"))
          .fits);
  EXPECT_TRUE(
      estimate_single_device(workload("llama-2-13b", "fp16"), device("jetson-agx-orin-64gb")).fits);
  // The KV cache decides: 4-bit Qwen3 8B fits the 8 GB Nano at 4k tokens, not at 32k (4.5 GiB).
  EXPECT_TRUE(
      estimate_single_device(workload("qwen3-8b", "int4", 4096), device("jetson-orin-nano-super"))
          .fits);
  EXPECT_FALSE(
      estimate_single_device(workload("qwen3-8b", "int4", 32768), device("jetson-orin-nano-super"))
          .fits);
}

TEST(MemoryFit, FootprintAddsUp) {
  const LlmWorkload w = workload("llama-3-8b", "int4");
  const StageEstimate e = estimate_single_device(w, device("jetson-agx-orin-64gb"));
  EXPECT_DOUBLE_EQ(e.weight_bytes, 8'030'261'248.0 * 0.5625);
  EXPECT_DOUBLE_EQ(e.kv_cache_bytes, 131072.0 * 4096);
  EXPECT_DOUBLE_EQ(e.reserved_bytes, 3.0 * (1 << 30));
  EXPECT_DOUBLE_EQ(e.capacity_bytes, 64.0 * (1 << 30));
  EXPECT_DOUBLE_EQ(e.total_bytes,
                   e.weight_bytes + e.kv_cache_bytes + e.activation_bytes + e.reserved_bytes);
  EXPECT_GT(e.activation_bytes, 0.0);
  // A tied model on one device stores the shared matrix once.
  const StageEstimate g =
      estimate_single_device(workload("gemma-2-9b", "fp16"), device("h100-sxm"));
  EXPECT_DOUBLE_EQ(g.weight_bytes, 9'241'705'984.0 * 2);
}

// Decode on a memory-bound device by hand: streamed weights (all but the embedding table and the
// final norm vector) plus the KV cache read, over the derated bandwidth.
TEST(Decode, IsWeightAndKvBytesOverBandwidth) {
  const LlmWorkload w = workload("llama-3-8b", "int4");
  const Device d = device("jetson-agx-orin-64gb");
  const double streamed = (8'030'261'248.0 - 128256.0 * 4096 - 4096) * 0.5625;
  const double kv = 131072.0 * 512;
  const double expected = (streamed + kv) / (204.8e9 * d.efficiency.bandwidth_efficiency);
  EXPECT_NEAR(estimate_single_device(w, d).decode_s, expected, 1e-12);
}

TEST(Decode, SlowsAsTheContextFills) {
  LlmWorkload w = workload("qwen3-8b", "fp16", 32768);
  const Device d = device("jetson-agx-thor");
  const double short_context = estimate_single_device(w, d).decode_s;
  w.decode_kv_tokens = 32768;
  EXPECT_GT(estimate_single_device(w, d).decode_s, short_context * 1.3);
}

TEST(Prefill, IsComputeBoundAndSuperlinearInThePrompt) {
  LlmWorkload w = workload("llama-3-8b", "fp16");
  const Device d = device("h100-sxm");
  const double flops_per_token = 2.0 * (8'030'261'248.0 - 2 * 128256.0 * 4096 - 4096);
  w.prompt_tokens = 1024;
  const double t1 = estimate_single_device(w, d).prefill_s;
  EXPECT_GT(t1, 1024 * flops_per_token / (989.4e12 * d.efficiency.compute_efficiency));
  w.prompt_tokens = 2048;
  const double t2 = estimate_single_device(w, d).prefill_s;
  EXPECT_GT(t2, 2.0 * t1);  // the attention term grows with the square of the prompt
  EXPECT_LT(t2, 2.2 * t1);
}

// The calibration: predicted vs measured decode within the documented bound (3 %).
TEST(Calibration, DecodeWithinThreePercentOfTheMeasurements) {
  double log_sum = 0.0;
  for (const CalibrationPoint& c : catalog().calibration()) {
    LlmWorkload w = workload(c.model.c_str(), c.precision.c_str());
    w.kv = *catalog().kv_precision(c.kv_precision);
    w.decode_kv_tokens = c.kv_tokens;
    const Device d = device(c.accelerator.c_str());
    const double predicted = 1.0 / estimate_single_device(w, d).decode_s;
    EXPECT_NEAR(predicted / c.decode_tokens_per_s, 1.0, 0.03)
        << c.model << " on " << c.accelerator << ": predicted " << predicted;
    // The efficiency that would reproduce this measurement exactly.
    log_sum += std::log(d.efficiency.bandwidth_efficiency * c.decode_tokens_per_s / predicted);
  }
  // The stored family factor is the geometric-mean fit (to its 3 stored digits).
  const double fitted = std::exp(log_sum / catalog().calibration().size());
  EXPECT_NEAR(device("jetson-agx-orin-64gb").efficiency.bandwidth_efficiency, fitted, 0.0015);
}

TEST(Vision, ComputeBoundTimePerImage) {
  const Device d = device("jetson-agx-orin-64gb");
  const VisionModelSpec resnet = *catalog().vision_model("resnet-50");
  EXPECT_NEAR(vision_seconds_per_image(resnet, d, ComputePath::kFp16),
              2 * 4.09e9 / (42.5e12 * d.efficiency.compute_efficiency), 1e-15);
  EXPECT_LT(vision_seconds_per_image(resnet, d, ComputePath::kInt8),
            vision_seconds_per_image(resnet, d, ComputePath::kFp16));
}

}  // namespace
}  // namespace lagrange::compute
