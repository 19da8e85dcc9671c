// The analytic performance model of LLM inference on one accelerator (docs/llm-model.md).
//
// Single request (batch 1). Prefill is compute-bound: 2 FLOPs per weight per prompt token plus
// the causal attention term, at the dense tensor peak times the family's compute efficiency.
// Decode is memory-bound: every token reads the weights of the decoder layers and the output
// head plus the KV cache filled so far, at the memory bandwidth times the family's bandwidth
// efficiency. Each phase takes the larger of its compute and memory time (roofline).
//
// A "stage" is a contiguous range of decoder layers on one accelerator; the whole model on one
// device is the stage [0, layers) that also holds the embedding and the output head. Pure
// functions of immutable inputs: thread-safe. Bytes are bytes, times seconds.
#pragma once

#include "compute/catalog.hpp"

namespace lagrange::compute {

// An accelerator with the efficiency factors of its family.
struct Device {
  AcceleratorSpec accelerator;
  FamilyEfficiency efficiency;
};

// Resolves the accelerator's family in the catalogue.
Result<Device> make_device(const Catalog& catalog, std::string_view accelerator_id);

// What is run: the model, its number formats and the request shape.
struct LlmWorkload {
  LlmSpec model;
  WeightPrecision weights;
  KvPrecision kv;
  double activation_bytes = 2.0;  // per value of hidden states crossing a cut, and workspace
  int context_tokens = 4096;      // KV cache reserved for this many tokens (memory)
  int prompt_tokens = 512;        // prefilled before the first output token
  int decode_kv_tokens = 512;     // KV-cache fill at which decode speed is evaluated
};

struct ParameterCounts {
  double per_layer = 0.0;    // one decoder layer: attention, MLP, norms, biases
  double embedding = 0.0;    // vocab x hidden
  double output_head = 0.0;  // vocab x hidden, 0 when tied to the embedding
  double final_norm = 0.0;
  double total = 0.0;  // as a model card counts (a tied matrix once)
};

ParameterCounts count_parameters(const LlmSpec& model);

// 2 (K and V) x kv_heads x head_dim x bytes, for one layer / for all layers.
double kv_bytes_per_token_per_layer(const LlmSpec& model, const KvPrecision& kv);
double kv_bytes_per_token(const LlmSpec& model, const KvPrecision& kv);

// Layers [first_layer, end_layer); the stage starting at 0 holds the embedding, the stage ending
// at `layers` the final norm and the output head (a copy of the embedding when tied and split).
struct LayerRange {
  int first_layer = 0;
  int end_layer = 0;
};

struct StageEstimate {
  double weight_bytes = 0.0;      // resident weights
  double kv_cache_bytes = 0.0;    // context_tokens of KV for the stage's layers
  double activation_bytes = 0.0;  // prefill workspace + logits
  double reserved_bytes = 0.0;    // runtime_reserved_gib of the device
  double total_bytes = 0.0;
  double capacity_bytes = 0.0;  // memory_gib of the device
  bool fits = false;
  double decode_s = 0.0;   // one token at decode_kv_tokens of context
  double prefill_s = 0.0;  // all prompt_tokens
};

StageEstimate estimate_stage(const LlmWorkload& workload, const Device& device, LayerRange range);

// The whole model on one device.
StageEstimate estimate_single_device(const LlmWorkload& workload, const Device& device);

// Dense peak operations per second of the device on a compute path.
double peak_ops_per_s(const AcceleratorSpec& accelerator, ComputePath path);

// Seconds per image for a vision model, compute-bound at the family's compute efficiency.
double vision_seconds_per_image(const VisionModelSpec& model, const Device& device,
                                ComputePath path);

}  // namespace lagrange::compute
