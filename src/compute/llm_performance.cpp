#include "compute/llm_performance.hpp"

#include <algorithm>
#include <cassert>

namespace lagrange::compute {
namespace {

constexpr double kBytesPerGib = 1024.0 * 1024.0 * 1024.0;
constexpr double kLogitBytes = 4.0;  // fp32 logits of the last position

// Workspace of one prefill pass through a layer, per token: the residual stream and its
// normalised copy, q, k, v, and the two MLP intermediates (gate, up). Attention is assumed
// fused (FlashAttention-style), so no prompt x prompt score matrix is materialised.
double activation_values_per_token(const LlmSpec& m) {
  const double q = static_cast<double>(m.attention_heads) * m.head_dim;
  const double kv = 2.0 * m.kv_heads * m.head_dim;
  return 2.0 * m.hidden_size + q + kv + 2.0 * m.intermediate_size;
}

// Attention FLOPs of one new token against `positions` cached ones, one layer: QK^T and AV,
// 2 FLOPs per multiply-add, over all query heads.
double attention_flops_per_layer(const LlmSpec& m, double positions) {
  return 4.0 * m.attention_heads * m.head_dim * positions;
}

}  // namespace

Result<Device> make_device(const Catalog& catalog, std::string_view accelerator_id) {
  auto accelerator = catalog.accelerator(accelerator_id);
  if (!accelerator) return accelerator.error();
  auto family = catalog.family(accelerator->family);
  if (!family) return family.error();
  return Device{*accelerator, *family};
}

ParameterCounts count_parameters(const LlmSpec& m) {
  const double h = m.hidden_size;
  const double q = static_cast<double>(m.attention_heads) * m.head_dim;
  const double kv = static_cast<double>(m.kv_heads) * m.head_dim;
  double attention = h * q + 2.0 * h * kv + q * h;  // q, k, v, o projections
  if (m.attention_bias) attention += q + 2.0 * kv;
  if (m.qk_norm) attention += 2.0 * m.head_dim;
  const double mlp = 3.0 * h * m.intermediate_size;  // gate, up, down
  ParameterCounts c;
  c.per_layer = attention + mlp + m.norms_per_layer * h;
  c.embedding = static_cast<double>(m.vocab_size) * h;
  c.output_head = m.tied_embeddings ? 0.0 : c.embedding;
  c.final_norm = h;
  c.total = m.layers * c.per_layer + c.embedding + c.output_head + c.final_norm;
  return c;
}

double kv_bytes_per_token_per_layer(const LlmSpec& m, const KvPrecision& kv) {
  return 2.0 * m.kv_heads * m.head_dim * kv.bytes_per_value;
}

double kv_bytes_per_token(const LlmSpec& m, const KvPrecision& kv) {
  return m.layers * kv_bytes_per_token_per_layer(m, kv);
}

double peak_ops_per_s(const AcceleratorSpec& a, ComputePath path) {
  return (path == ComputePath::kInt8 ? a.int8_dense_tops : a.fp16_dense_tflops) * 1e12;
}

StageEstimate estimate_stage(const LlmWorkload& w, const Device& d, LayerRange range) {
  const LlmSpec& m = w.model;
  assert(0 <= range.first_layer && range.first_layer < range.end_layer &&
         range.end_layer <= m.layers);
  const bool has_embedding = range.first_layer == 0;
  const bool has_head = range.end_layer == m.layers;
  const double layers = range.end_layer - range.first_layer;
  const ParameterCounts p = count_parameters(m);
  const double bpp = w.weights.bytes_per_param();
  const double head_matrix = static_cast<double>(m.vocab_size) * m.hidden_size;

  // Resident weights: a tied head shares the embedding only when both are on this stage.
  double resident_params = layers * p.per_layer;
  if (has_embedding) resident_params += p.embedding;
  if (has_head) {
    resident_params += p.final_norm;
    if (!m.tied_embeddings || !has_embedding) resident_params += head_matrix;
  }

  StageEstimate e;
  e.weight_bytes = resident_params * bpp;
  e.kv_cache_bytes = layers * kv_bytes_per_token_per_layer(m, w.kv) * w.context_tokens;
  e.activation_bytes = w.prompt_tokens * activation_values_per_token(m) * w.activation_bytes +
                       (has_head ? m.vocab_size * kLogitBytes : 0.0);
  e.reserved_bytes = d.accelerator.runtime_reserved_gib * kBytesPerGib;
  e.total_bytes = e.weight_bytes + e.kv_cache_bytes + e.activation_bytes + e.reserved_bytes;
  e.capacity_bytes = d.accelerator.memory_gib * kBytesPerGib;
  e.fits = e.total_bytes <= e.capacity_bytes;

  // Weights streamed per forward pass: the layers and the output head; the embedding lookup
  // reads one row, negligible.
  const double matmul_params = layers * p.per_layer + (has_head ? head_matrix : 0.0);
  const double streamed_bytes = matmul_params * bpp;
  const double bandwidth =
      d.accelerator.memory_bandwidth_gb_s * 1e9 * d.efficiency.bandwidth_efficiency;
  const double compute =
      peak_ops_per_s(d.accelerator, w.weights.compute) * d.efficiency.compute_efficiency;

  const double kv_read = layers * kv_bytes_per_token_per_layer(m, w.kv) * w.decode_kv_tokens;
  const double decode_flops =
      2.0 * matmul_params + layers * attention_flops_per_layer(m, w.decode_kv_tokens);
  e.decode_s = std::max((streamed_bytes + kv_read) / bandwidth, decode_flops / compute);

  // Prefill: every prompt token through the layers, causal attention over sum_{t=1..P} t
  // positions, the head once (only the last position's logits are needed).
  const double prompt = w.prompt_tokens;
  const double prefill_flops =
      2.0 * layers * p.per_layer * prompt +
      layers * attention_flops_per_layer(m, prompt * (prompt + 1.0) / 2.0) +
      (has_head ? 2.0 * head_matrix : 0.0);
  e.prefill_s = std::max(prefill_flops / compute, streamed_bytes / bandwidth);
  return e;
}

StageEstimate estimate_single_device(const LlmWorkload& w, const Device& d) {
  return estimate_stage(w, d, LayerRange{0, w.model.layers});
}

double vision_seconds_per_image(const VisionModelSpec& model, const Device& d, ComputePath path) {
  const double flops = 2.0 * model.gmacs_per_image * 1e9;
  return flops / (peak_ops_per_s(d.accelerator, path) * d.efficiency.compute_efficiency);
}

}  // namespace lagrange::compute
