#include "model/model_check.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lagrange::model {
namespace {

constexpr double kBytesPerGib = 1024.0 * 1024.0 * 1024.0;
constexpr double kSecondsPerDay = 86400.0;

// Operations per second on the device's path for the precision (dense peaks; fp32 runs at
// half the FP16 rate, as TF32 tensor cores do).
double peak_ops(const compute::AcceleratorSpec& a, Precision p) {
  switch (p) {
    case Precision::kInt8:
      return compute::peak_ops_per_s(a, compute::ComputePath::kInt8);
    case Precision::kFp16:
      return compute::peak_ops_per_s(a, compute::ComputePath::kFp16);
    case Precision::kFp32:
      return compute::peak_ops_per_s(a, compute::ComputePath::kFp16) / 2.0;
  }
  return 0.0;
}

double known_elements(const std::vector<int64_t>& dims) {
  double n = 1.0;
  for (int64_t d : dims) n *= static_cast<double>(std::max<int64_t>(d, 0));
  return n;
}

std::string gib(double bytes) {
  return fmt::format("{:.2f} GiB", bytes / kBytesPerGib);
}

Duty duty_of(const PowerBudget& b, const AcceleratorEstimate& e) {
  Duty d;
  d.class_name = b.class_name;
  d.inferences_per_day = b.inferences_per_day;
  d.busy_fraction = b.inferences_per_day * e.latency_s / kSecondsPerDay;
  const double busy = std::min(d.busy_fraction, 1.0);
  d.average_w = busy * e.busy_w + (1.0 - busy) * b.idle_w;
  d.available_w = b.available_w;
  d.within_budget = d.busy_fraction <= 1.0 && d.average_w <= b.available_w;
  return d;
}

void add_reasons(ModelCheck& c) {
  for (const auto& e : c.accelerators) {
    if (e.fits) continue;
    c.reasons.push_back(
        fmt::format("does not fit {}: weights {} + activations {} + runtime reserve {} > memory {}",
                    e.id, gib(e.weight_bytes), gib(e.activation_bytes), gib(e.reserved_bytes),
                    gib(e.capacity_bytes)));
  }
  for (const auto& u : c.ground.unsupported) {
    c.reasons.push_back(
        fmt::format("operator {} (node {}) is not supported by the ground runtime", u.op, u.node));
  }
  if (c.ground.outputs_match == false) c.reasons.push_back("outputs differ from the test data");
  for (const auto& p : c.ground.problems) c.reasons.push_back(p);
  if (c.duty && c.duty->busy_fraction > 1.0) {
    c.reasons.push_back(fmt::format(
        "too slow for the workload of class {}: {:.0f} inferences a day need {:.1f} days of "
        "accelerator time",
        c.duty->class_name, c.duty->inferences_per_day, c.duty->busy_fraction));
  }
  if (c.duty && c.duty->average_w > c.duty->available_w) {
    c.reasons.push_back(fmt::format(
        "too power-hungry for the workload of class {}: the accelerator would draw {:.1f} W on "
        "average, {:.1f} W are available",
        c.duty->class_name, c.duty->average_w, c.duty->available_w));
  }
  c.verdict = c.reasons.empty() ? Verdict::kAccept : Verdict::kReject;
}

}  // namespace

Result<Precision> parse_precision(std::string_view text) {
  if (text == "fp32") return Precision::kFp32;
  if (text == "fp16") return Precision::kFp16;
  if (text == "int8") return Precision::kInt8;
  return Error{fmt::format("unknown precision '{}'; known: fp32, fp16, int8", text)};
}

std::string_view precision_name(Precision p) {
  switch (p) {
    case Precision::kFp32:
      return "fp32";
    case Precision::kFp16:
      return "fp16";
    case Precision::kInt8:
      return "int8";
  }
  return "?";
}

double bytes_per_value(Precision p) {
  switch (p) {
    case Precision::kFp32:
      return 4.0;
    case Precision::kFp16:
      return 2.0;
    case Precision::kInt8:
      return 1.0;
  }
  return 0.0;
}

std::string_view verdict_name(Verdict v) {
  return v == Verdict::kAccept ? "accept" : "reject";
}

AcceleratorEstimate estimate_on(const StaticFigures& f, Precision precision, const Target& t) {
  const auto& a = t.device.accelerator;
  const auto& eff = t.device.efficiency;
  const double bytes = bytes_per_value(precision);
  AcceleratorEstimate e;
  e.id = a.id;
  e.precision = precision;
  e.weight_bytes = static_cast<double>(f.parameters) * bytes;
  e.activation_bytes = f.peak_activation_values * bytes;
  e.reserved_bytes = a.runtime_reserved_gib * kBytesPerGib;
  e.capacity_bytes = a.memory_gib * kBytesPerGib;
  e.fits = e.weight_bytes + e.activation_bytes + e.reserved_bytes <= e.capacity_bytes;
  e.compute_s = 2.0 * f.macs / (peak_ops(a, precision) * eff.compute_efficiency);
  // Batch 1: every weight is read once per inference, the input read and the outputs written
  // once; intermediate activations are taken to stay on chip (runtimes fuse a convolution
  // with its normalisation and activation, and the peak is a few MB).
  double boundary = 0.0;
  for (const auto& in : f.inputs) boundary += known_elements(in.dims);
  for (const auto& out : f.outputs) boundary += known_elements(out.dims);
  const double moved = e.weight_bytes + boundary * bytes;
  e.memory_s = moved / (a.memory_bandwidth_gb_s * 1e9 * eff.bandwidth_efficiency);
  e.latency_s = std::max(e.compute_s, e.memory_s);
  e.busy_w = t.busy_w;
  e.energy_j = e.latency_s * t.busy_w;
  return e;
}

Result<ModelCheck> check_model(std::string_view onnx_bytes, const CheckRequest& r) {
  auto figures = analyze_model(onnx_bytes, r.analyze);
  if (!figures) return figures.error();
  ModelCheck c;
  c.figures = std::move(*figures);
  c.precision = r.precision;
  c.weight_bytes = static_cast<double>(c.figures.parameters) * bytes_per_value(r.precision);
  c.peak_activation_bytes = c.figures.peak_activation_values * bytes_per_value(r.precision);
  for (const auto& t : r.targets) c.accelerators.push_back(estimate_on(c.figures, r.precision, t));
  if (r.budget && r.budget->target < c.accelerators.size()) {
    c.duty = duty_of(*r.budget, c.accelerators[r.budget->target]);
  }
  if (r.execute) {
    c.ground =
        run_on_ground(onnx_bytes, c.figures, r.test_data, r.tolerance, r.analyze.limits, r.clock);
  }
  add_reasons(c);
  return c;
}

}  // namespace lagrange::model
