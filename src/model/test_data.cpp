// Test vectors in ONNX's own layout: DIR/test_data_set_N/{input,output}_K.pb, each a
// serialized TensorProto. Read bounded (file size, then declared elements against stored
// bytes) and converted to float, the type the ground runtime computes in.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "model/internal/onnx_load.hpp"
#include "model/model_check.hpp"

namespace lagrange::model {
namespace {

namespace fs = std::filesystem;
using onnx::TensorProto;

template <typename T>
void append_raw(const std::string& raw, std::vector<float>& out) {
  const size_t n = raw.size() / sizeof(T);
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
    out.push_back(static_cast<float>(v));
  }
}

Result<std::vector<float>> values_of(const TensorProto& t, uint64_t count) {
  std::vector<float> v;
  const bool raw = t.has_raw_data();
  switch (t.data_type()) {
    case TensorProto::FLOAT:
      if (raw)
        append_raw<float>(t.raw_data(), v);
      else
        v.assign(t.float_data().begin(), t.float_data().end());
      break;
    case TensorProto::DOUBLE:
      if (raw)
        append_raw<double>(t.raw_data(), v);
      else
        for (double d : t.double_data()) v.push_back(static_cast<float>(d));
      break;
    case TensorProto::INT64:
      if (raw)
        append_raw<int64_t>(t.raw_data(), v);
      else
        for (int64_t d : t.int64_data()) v.push_back(static_cast<float>(d));
      break;
    case TensorProto::INT32:
      if (raw)
        append_raw<int32_t>(t.raw_data(), v);
      else
        for (int32_t d : t.int32_data()) v.push_back(static_cast<float>(d));
      break;
    case TensorProto::UINT8:
      if (raw)
        append_raw<uint8_t>(t.raw_data(), v);
      else
        for (int32_t d : t.int32_data()) v.push_back(static_cast<float>(d));
      break;
    case TensorProto::INT8:
      if (raw)
        append_raw<int8_t>(t.raw_data(), v);
      else
        for (int32_t d : t.int32_data()) v.push_back(static_cast<float>(d));
      break;
    case TensorProto::BOOL:
      if (raw)
        append_raw<uint8_t>(t.raw_data(), v);
      else
        for (int32_t d : t.int32_data()) v.push_back(static_cast<float>(d));
      break;
    default:
      return Error{fmt::format("tensor type {} is not supported in test data", t.data_type())};
  }
  if (v.size() != count) {
    return Error{fmt::format("declares {} elements but stores {}", count, v.size())};
  }
  return v;
}

Result<TensorValues> read_tensor(const fs::path& path, const LoadLimits& limits) {
  auto bytes = read_bounded(path, limits.max_test_file_bytes);
  if (!bytes) return bytes.error();
  TensorProto t;
  if (!t.ParseFromString(*bytes)) {
    return Error{fmt::format("{}: not a TensorProto", path.string())};
  }
  if (t.data_location() == TensorProto::EXTERNAL) {
    return Error{fmt::format("{}: external data is not supported", path.string())};
  }
  TensorValues out;
  out.name = t.name();
  out.dims = internal::tensor_dims(t);
  const auto count = internal::element_count(out.dims, limits.max_tensor_elements);
  if (!count) {
    return Error{fmt::format("{}: dims [{}] are negative or over {} elements", path.string(),
                             fmt::join(out.dims, ", "), limits.max_tensor_elements)};
  }
  auto values = values_of(t, *count);
  if (!values) return prefixed(values.error(), path.string());
  out.values = std::move(*values);
  return out;
}

// input_0.pb, input_1.pb, ... until the first missing index.
Result<std::vector<TensorValues>> read_series(const fs::path& dir, const std::string& stem,
                                              const LoadLimits& limits) {
  std::vector<TensorValues> out;
  for (int k = 0;; ++k) {
    const fs::path file = dir / fmt::format("{}_{}.pb", stem, k);
    if (!fs::exists(file)) break;
    auto t = read_tensor(file, limits);
    if (!t) return t.error();
    out.push_back(std::move(*t));
  }
  return out;
}

}  // namespace

Result<std::vector<TestDataSet>> read_test_data(const fs::path& dir, const LoadLimits& limits) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error{fmt::format("{}: not a directory", dir.string())};
  std::vector<fs::path> sets;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.rfind("test_data_set_", 0) == 0) sets.push_back(entry.path());
  }
  std::sort(sets.begin(), sets.end());
  if (sets.empty()) {
    return Error{fmt::format("{}: no test_data_set_N directories", dir.string())};
  }
  std::vector<TestDataSet> out;
  for (const auto& set_dir : sets) {
    TestDataSet s;
    s.name = set_dir.filename().string();
    auto inputs = read_series(set_dir, "input", limits);
    if (!inputs) return inputs.error();
    auto outputs = read_series(set_dir, "output", limits);
    if (!outputs) return outputs.error();
    if (inputs->empty()) return Error{fmt::format("{}: no input_0.pb", set_dir.string())};
    s.inputs = std::move(*inputs);
    s.outputs = std::move(*outputs);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace lagrange::model
