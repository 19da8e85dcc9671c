// Users' ONNX models (model/model_check.hpp): the input is a model file's bytes, as
// `lagrange model check`, a scenario's `models` and the service's upload pass them. The
// bounded load, the ONNX checker, shape inference and the per-node costs run; a model that
// loads is also put on an accelerator. Errors are expected answers; crashes, undefined
// behaviour and allocations in proportion to a size the file merely declares are not.
#include "fuzz_common.hpp"
#include "model/model_check.hpp"

namespace {

// Limits small enough that a declared size over them is refused before anything is
// allocated, large enough that every seed loads.
lagrange::model::AnalyzeOptions options() {
  lagrange::model::AnalyzeOptions o;
  o.source_name = "fuzz.onnx";
  o.limits.max_file_bytes = 16u << 20;
  o.limits.max_tensor_elements = 1u << 24;
  o.limits.max_nodes = 10'000;
  return o;
}

lagrange::model::Target target() {
  lagrange::model::Target t;
  t.device.accelerator.id = "fuzz";
  t.device.accelerator.int8_dense_tops = 100;
  t.device.accelerator.fp16_dense_tflops = 50;
  t.device.accelerator.memory_gib = 8;
  t.device.accelerator.memory_bandwidth_gb_s = 100;
  t.busy_w = 20;
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const lagrange::model::AnalyzeOptions kOptions = options();
  static const lagrange::model::Target kTarget = target();
  auto figures = lagrange::model::analyze_model(lagrange::fuzz::as_text(data, size), kOptions);
  if (!figures) return 0;
  for (const auto p : {lagrange::model::Precision::kFp32, lagrange::model::Precision::kInt8}) {
    (void)lagrange::model::estimate_on(*figures, p, kTarget);
  }
  return 0;
}
