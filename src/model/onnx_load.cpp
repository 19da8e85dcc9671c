#include <fmt/format.h>
#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>
#include <algorithm>

#include <exception>
#include <optional>

#include "model/internal/onnx_load.hpp"

namespace lagrange::model::internal {
namespace {

std::string node_label(const onnx::NodeProto& node, int index) {
  const std::string name = node.name().empty() ? fmt::format("#{}", index) : node.name();
  return fmt::format("node {} ({})", name, node.op_type());
}

// How many elements the tensor actually stores (raw bytes or the typed repeated field).
uint64_t stored_elements(const onnx::TensorProto& t) {
  if (t.has_raw_data()) {
    const int size = element_size(t.data_type());
    return size > 0 ? t.raw_data().size() / static_cast<uint64_t>(size) : 0;
  }
  using T = onnx::TensorProto;
  switch (t.data_type()) {
    case T::FLOAT:
    case T::COMPLEX64:
      return t.float_data_size() / (t.data_type() == T::COMPLEX64 ? 2 : 1);
    case T::DOUBLE:
    case T::COMPLEX128:
      return t.double_data_size() / (t.data_type() == T::COMPLEX128 ? 2 : 1);
    case T::INT64:
      return t.int64_data_size();
    case T::UINT32:
    case T::UINT64:
      return t.uint64_data_size();
    case T::STRING:
      return t.string_data_size();
    default:
      return t.int32_data_size();  // int8/16/32, uint8/16, bool, float16, bfloat16
  }
}

Status check_initializer(const onnx::TensorProto& t, const LoadLimits& limits) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    return Error{
        fmt::format("initializer '{}' keeps its data in an external file, which is not "
                    "supported (save the model with the weights inside)",
                    t.name())};
  }
  const auto dims = tensor_dims(t);
  const auto count = element_count(dims, limits.max_tensor_elements);
  if (!count) {
    return Error{
        fmt::format("initializer '{}' declares dims [{}]: negative or more than {} "
                    "elements",
                    t.name(), fmt::join(dims, ", "), limits.max_tensor_elements)};
  }
  if (t.has_raw_data() && element_size(t.data_type()) == 0) {
    return Error{fmt::format("initializer '{}' has raw data of a type without a fixed size ({})",
                             t.name(), t.data_type())};
  }
  const uint64_t stored = stored_elements(t);
  if (stored != *count) {
    return Error{fmt::format("initializer '{}' declares {} elements (dims [{}]) but stores {}",
                             t.name(), *count, fmt::join(dims, ", "), stored)};
  }
  return ok_status();
}

Status check_bounds(const onnx::ModelProto& m, const LoadLimits& limits) {
  if (!m.has_graph() || m.ir_version() <= 0) {
    return Error{"not an ONNX model (no graph or no IR version)"};
  }
  const auto& g = m.graph();
  if (static_cast<uint64_t>(g.node_size()) > limits.max_nodes) {
    return Error{
        fmt::format("{} nodes, more than the limit of {}", g.node_size(), limits.max_nodes)};
  }
  for (const auto& t : g.initializer()) {
    if (auto s = check_initializer(t, limits); !s) return s.error();
  }
  for (int i = 0; i < g.node_size(); ++i) {
    for (const auto& a : g.node(i).attribute()) {
      if (!a.has_t()) continue;
      if (auto s = check_initializer(a.t(), limits); !s) {
        return prefixed(s.error(), node_label(g.node(i), i) + " attribute " + a.name());
      }
    }
  }
  return ok_status();
}

// ONNX's own shape inference divides by a convolution's or a pool's strides and dilations
// unchecked (libonnx 1.12: a zero stride is SIGFPE in convPoolShapeInference, found by the
// onnx_model fuzzer), so every window attribute must be positive before it runs.
Status check_window_attributes(const onnx::GraphProto& g) {
  static constexpr std::string_view kWindowOps[] = {"Conv",        "ConvTranspose", "ConvInteger",
                                                    "QLinearConv", "MaxPool",       "AveragePool",
                                                    "LpPool",      "MaxUnpool",     "DeformConv"};
  static constexpr std::string_view kPositive[] = {"strides", "dilations", "kernel_shape", "group"};
  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto& n = g.node(i);
    if (!n.domain().empty() && n.domain() != "ai.onnx") continue;
    if (std::find(std::begin(kWindowOps), std::end(kWindowOps), n.op_type()) ==
        std::end(kWindowOps)) {
      continue;
    }
    for (const auto& a : n.attribute()) {
      if (std::find(std::begin(kPositive), std::end(kPositive), a.name()) == std::end(kPositive)) {
        continue;
      }
      const bool bad =
          std::any_of(a.ints().begin(), a.ints().end(), [](int64_t v) { return v <= 0; }) ||
          (a.has_i() && a.i() <= 0);
      if (bad) {
        return Error{fmt::format("node {} ({}): attribute {} must be positive",
                                 n.name().empty() ? fmt::format("#{}", i) : n.name(), n.op_type(),
                                 a.name())};
      }
    }
  }
  return ok_status();
}

// The same inference reads a convolution's weight dimensions by position without checking
// their count (libonnx 1.12: a ConvTranspose whose weight is 1-D is SIGSEGV in
// convTransposeShapeInference, found by the onnx_model fuzzer). Where the weight's shape is
// known before inference (an initializer or a declared input), it must have the rank of a
// convolution's weight (2 + spatial dimensions) and that of the data when that is declared.
// A weight computed by another node is not known here: libonnx's own checks are all there is.
// libonnx's Gemm shape inference reads dimension 1 of A and B without looking at their rank
// (found by fuzzing: a rank-1 B crashes inside it). Gemm takes matrices in every opset, so a
// known operand of another rank is refused before inference.
Status check_gemm_operands(const onnx::GraphProto& g) {
  const ShapeMap shapes = collect_shapes(g);
  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto& n = g.node(i);
    if ((!n.domain().empty() && n.domain() != "ai.onnx") || n.op_type() != "Gemm") continue;
    for (int k = 0; k < std::min(n.input_size(), 2); ++k) {
      const auto it = shapes.find(n.input(k));
      if (it == shapes.end() || it->second.size() == 2) continue;
      return Error{fmt::format(
          "node {} (Gemm): input '{}' has rank {}; Gemm multiplies matrices "
          "(rank 2)",
          n.name().empty() ? fmt::format("#{}", i) : n.name(), n.input(k), it->second.size())};
    }
  }
  return ok_status();
}

Status check_conv_operands(const onnx::GraphProto& g) {
  static constexpr std::pair<std::string_view, int> kWeightInput[] = {
      {"Conv", 1}, {"ConvTranspose", 1}, {"ConvInteger", 1}, {"QLinearConv", 3}, {"DeformConv", 1}};
  const ShapeMap shapes = collect_shapes(g);
  const auto rank_of = [&](const std::string& name) -> std::optional<size_t> {
    const auto it = shapes.find(name);
    if (it == shapes.end()) return std::nullopt;
    return it->second.size();
  };
  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto& n = g.node(i);
    if (!n.domain().empty() && n.domain() != "ai.onnx") continue;
    const auto* op = std::find_if(std::begin(kWeightInput), std::end(kWeightInput),
                                  [&](const auto& e) { return e.first == n.op_type(); });
    if (op == std::end(kWeightInput) || n.input_size() <= op->second) continue;
    const std::string node = n.name().empty() ? fmt::format("#{}", i) : n.name();
    const auto weight = rank_of(n.input(op->second));
    if (!weight) continue;
    if (*weight < 3) {
      return Error{
          fmt::format("node {} ({}): weight '{}' has rank {}; a convolution's weight has "
                      "rank 3 or more",
                      node, n.op_type(), n.input(op->second), *weight)};
    }
    const auto data = rank_of(n.input(0));
    if (data && *data != *weight) {
      return Error{fmt::format("node {} ({}): data '{}' has rank {} but weight '{}' rank {}", node,
                               n.op_type(), n.input(0), *data, n.input(op->second), *weight)};
    }
  }
  return ok_status();
}

Status check_shapes(const onnx::GraphProto& g, const LoadLimits& limits) {
  for (const auto& [name, dims] : collect_shapes(g)) {
    std::vector<int64_t> known;
    for (int64_t d : dims) known.push_back(d < 0 ? 1 : d);
    if (!element_count(known, limits.max_tensor_elements)) {
      return Error{fmt::format("tensor '{}' has shape [{}]: more than {} elements", name,
                               fmt::join(dims, ", "), limits.max_tensor_elements)};
    }
  }
  return ok_status();
}

bool is_initializer(const onnx::GraphProto& g, const std::string& name) {
  for (const auto& t : g.initializer()) {
    if (t.name() == name) return true;
  }
  return false;
}

// Symbolic or missing dims of the graph inputs become 1 (or the user's --input-shape for the
// first input), so shape inference yields numbers.
Status fix_input_shapes(onnx::GraphProto& g, const AnalyzeOptions& options,
                        std::vector<std::string>& notes) {
  bool first = true;
  for (auto& input : *g.mutable_input()) {
    if (is_initializer(g, input.name())) continue;
    if (!input.type().has_tensor_type()) continue;
    auto* shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
    if (first && options.input_shape) {
      const auto& want = *options.input_shape;
      if (input.type().tensor_type().has_shape() && shape->dim_size() != 0 &&
          shape->dim_size() != static_cast<int>(want.size())) {
        return Error{fmt::format("--input-shape has {} dims but input '{}' has {}", want.size(),
                                 input.name(), shape->dim_size())};
      }
      shape->clear_dim();
      for (int64_t d : want) shape->add_dim()->set_dim_value(d);
    }
    first = false;
    for (int i = 0; i < shape->dim_size(); ++i) {
      auto* dim = shape->mutable_dim(i);
      if (dim->has_dim_value()) continue;
      notes.push_back(
          fmt::format("input '{}' dim {} ('{}') taken as 1", input.name(), i, dim->dim_param()));
      dim->set_dim_value(1);
    }
  }
  return ok_status();
}

}  // namespace

std::optional<uint64_t> element_count(const std::vector<int64_t>& dims, uint64_t limit) {
  uint64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0) return std::nullopt;
    if (d == 0) return uint64_t{0};
  }
  for (int64_t d : dims) {
    if (n > limit / static_cast<uint64_t>(d)) return std::nullopt;
    n *= static_cast<uint64_t>(d);
  }
  return n;
}

int element_size(int32_t data_type) {
  using T = onnx::TensorProto;
  switch (data_type) {
    case T::FLOAT:
    case T::INT32:
    case T::UINT32:
      return 4;
    case T::DOUBLE:
    case T::INT64:
    case T::UINT64:
    case T::COMPLEX64:
      return 8;
    case T::COMPLEX128:
      return 16;
    case T::FLOAT16:
    case T::BFLOAT16:
    case T::INT16:
    case T::UINT16:
      return 2;
    case T::INT8:
    case T::UINT8:
    case T::BOOL:
      return 1;
    default:
      return 0;
  }
}

std::vector<int64_t> tensor_dims(const onnx::TensorProto& t) {
  return {t.dims().begin(), t.dims().end()};
}

ShapeMap collect_shapes(const onnx::GraphProto& g) {
  ShapeMap shapes;
  auto add = [&](const onnx::ValueInfoProto& v) {
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) return;
    std::vector<int64_t> dims;
    for (const auto& d : v.type().tensor_type().shape().dim()) {
      dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
    }
    shapes[v.name()] = std::move(dims);
  };
  for (const auto& v : g.input()) add(v);
  for (const auto& v : g.value_info()) add(v);
  for (const auto& v : g.output()) add(v);
  for (const auto& t : g.initializer()) shapes[t.name()] = tensor_dims(t);
  return shapes;
}

Result<onnx::ModelProto> load_checked(std::string_view bytes, const AnalyzeOptions& options,
                                      std::vector<std::string>& notes) {
  const auto& limits = options.limits;
  if (bytes.size() > limits.max_file_bytes) {
    return Error{
        fmt::format("{} bytes, more than the limit of {}", bytes.size(), limits.max_file_bytes)};
  }
  onnx::ModelProto m;
  if (bytes.empty() || !m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Error{"not an ONNX model (the bytes are not a ModelProto; truncated or another format)"};
  }
  if (auto s = check_bounds(m, limits); !s) return s.error();
  try {
    onnx::checker::check_model(m);
  } catch (const std::exception& e) {
    return Error{fmt::format("the ONNX checker refuses the model: {}", e.what())};
  }
  if (auto s = fix_input_shapes(*m.mutable_graph(), options, notes); !s) return s.error();
  if (auto s = check_shapes(m.graph(), limits); !s) return s.error();
  if (auto s = check_window_attributes(m.graph()); !s) return s.error();
  if (auto s = check_conv_operands(m.graph()); !s) return s.error();
  if (auto s = check_gemm_operands(m.graph()); !s) return s.error();
  try {
    // Node-level errors throw; type constraints are the checker's business (older opsets'
    // files that the checker accepts, e.g. an int64 Constant at opset 6, fail them).
    onnx::ShapeInferenceOptions strict{/*check_type=*/false, /*error_mode=*/1,
                                       /*enable_data_propagation=*/true};
    onnx::shape_inference::InferShapes(m, onnx::OpSchemaRegistry::Instance(), strict);
  } catch (const std::exception& e) {
    return Error{fmt::format("shape inference fails: {}", e.what())};
  }
  if (auto s = check_shapes(m.graph(), limits); !s) return s.error();
  return m;
}

}  // namespace lagrange::model::internal
