// The counting convention (docs/models.md): one MAC is one multiply-accumulate of a matrix
// product or convolution; other arithmetic counts one MAC-equivalent per elementary operation
// (per output element for elementwise ops, per window element for pooling, a few per element
// for normalisations and softmax); pure data movement costs nothing.
#include <algorithm>
#include <set>
#include <string>

#include "model/internal/op_costs.hpp"

namespace lagrange::model::internal {
namespace {

const std::set<std::string>& elementwise_ops() {
  static const std::set<std::string> ops = {"Abs",
                                            "Acos",
                                            "Acosh",
                                            "Add",
                                            "And",
                                            "Asin",
                                            "Asinh",
                                            "Atan",
                                            "Atanh",
                                            "BitShift",
                                            "Ceil",
                                            "Celu",
                                            "Clip",
                                            "Cos",
                                            "Cosh",
                                            "Div",
                                            "Elu",
                                            "Equal",
                                            "Erf",
                                            "Exp",
                                            "Floor",
                                            "Gelu",
                                            "Greater",
                                            "GreaterOrEqual",
                                            "HardSigmoid",
                                            "HardSwish",
                                            "IsInf",
                                            "IsNaN",
                                            "LeakyRelu",
                                            "Less",
                                            "LessOrEqual",
                                            "Log",
                                            "Max",
                                            "Mean",
                                            "Min",
                                            "Mish",
                                            "Mod",
                                            "Mul",
                                            "Neg",
                                            "Not",
                                            "Or",
                                            "PRelu",
                                            "Pow",
                                            "Reciprocal",
                                            "Relu",
                                            "Round",
                                            "Selu",
                                            "Shrink",
                                            "Sigmoid",
                                            "Sign",
                                            "Sin",
                                            "Sinh",
                                            "Softplus",
                                            "Softsign",
                                            "Sqrt",
                                            "Sub",
                                            "Sum",
                                            "Tan",
                                            "Tanh",
                                            "ThresholdedRelu",
                                            "Where",
                                            "Xor",
                                            "Dropout",
                                            "QuantizeLinear",
                                            "DequantizeLinear",
                                            "Resize",
                                            "Upsample"};
  return ops;
}

const std::set<std::string>& data_movement_ops() {
  static const std::set<std::string> ops = {"Cast",
                                            "CastLike",
                                            "Concat",
                                            "Constant",
                                            "ConstantOfShape",
                                            "DepthToSpace",
                                            "Expand",
                                            "EyeLike",
                                            "Flatten",
                                            "Gather",
                                            "GatherElements",
                                            "GatherND",
                                            "Identity",
                                            "NonZero",
                                            "OneHot",
                                            "Pad",
                                            "Range",
                                            "Reshape",
                                            "ScatterElements",
                                            "ScatterND",
                                            "Shape",
                                            "Size",
                                            "Slice",
                                            "SpaceToDepth",
                                            "Split",
                                            "Squeeze",
                                            "Tile",
                                            "Transpose",
                                            "Unsqueeze",
                                            "ArgMax",
                                            "ArgMin",
                                            "TopK"};
  return ops;
}

const std::vector<int64_t>* shape_of(const ShapeMap& shapes, const std::string& name) {
  auto it = shapes.find(name);
  if (it == shapes.end()) return nullptr;
  for (int64_t d : it->second) {
    if (d < 0) return nullptr;
  }
  return &it->second;
}

double product(const std::vector<int64_t>& dims, size_t from = 0) {
  double p = 1.0;
  for (size_t i = from; i < dims.size(); ++i) p *= static_cast<double>(dims[i]);
  return p;
}

// Elements of input k or output k; nullopt when the shape is unknown.
std::optional<double> elements(const ShapeMap& s, const std::string& name) {
  const auto* dims = shape_of(s, name);
  if (dims == nullptr) return std::nullopt;
  return product(*dims);
}

int64_t int_attribute(const onnx::NodeProto& n, const std::string& name, int64_t fallback) {
  for (const auto& a : n.attribute()) {
    if (a.name() == name) return a.i();
  }
  return fallback;
}

std::vector<int64_t> ints_attribute(const onnx::NodeProto& n, const std::string& name) {
  for (const auto& a : n.attribute()) {
    if (a.name() == name) return {a.ints().begin(), a.ints().end()};
  }
  return {};
}

OpCost unknown() {
  return {0.0, false};
}

// Conv: every output element is a dot product over (C_in / group) x kernel, which is exactly
// the weight's dims after the first ([C_out, C_in / group, k1, k2, ...]).
OpCost conv(const onnx::NodeProto& n, const ShapeMap& s) {
  if (n.input_size() < 2 || n.output_size() < 1) return unknown();
  const auto* w = shape_of(s, n.input(1));
  const auto out = elements(s, n.output(0));
  if (w == nullptr || !out || w->size() < 2) return unknown();
  return {*out * product(*w, 1)};
}

// ConvTranspose: every input element is scattered through (C_out / group) x kernel weights
// ([C_in, C_out / group, k...]).
OpCost conv_transpose(const onnx::NodeProto& n, const ShapeMap& s) {
  if (n.input_size() < 2) return unknown();
  const auto* w = shape_of(s, n.input(1));
  const auto in = elements(s, n.input(0));
  if (w == nullptr || !in || w->size() < 2) return unknown();
  return {*in * product(*w, 1)};
}

// MatMul with numpy broadcasting: output elements x the shared dimension K (A's last dim).
OpCost matmul(const onnx::NodeProto& n, const ShapeMap& s, int a_index = 0) {
  if (n.input_size() <= a_index || n.output_size() < 1) return unknown();
  const auto* a = shape_of(s, n.input(a_index));
  const auto out = elements(s, n.output(0));
  if (a == nullptr || !out || a->empty()) return unknown();
  return {*out * static_cast<double>(a->back())};
}

// Gemm: Y = alpha A' B' + beta C with A' M x K; the bias add is not a MAC.
OpCost gemm(const onnx::NodeProto& n, const ShapeMap& s) {
  if (n.input_size() < 2 || n.output_size() < 1) return unknown();
  const auto* a = shape_of(s, n.input(0));
  const auto out = elements(s, n.output(0));
  if (a == nullptr || !out || a->size() != 2) return unknown();
  const int64_t k = int_attribute(n, "transA", 0) != 0 ? (*a)[0] : (*a)[1];
  return {*out * static_cast<double>(k)};
}

// RNN, GRU, LSTM: per time step and batch row, the input and recurrent weight matrices (all
// gates, all directions) are each applied once: seq x batch x (|W| + |R|).
OpCost recurrent(const onnx::NodeProto& n, const ShapeMap& s) {
  if (n.input_size() < 3) return unknown();
  const auto* x = shape_of(s, n.input(0));
  const auto w = elements(s, n.input(1));
  const auto r = elements(s, n.input(2));
  if (x == nullptr || !w || !r || x->size() != 3) return unknown();
  const bool batch_first = int_attribute(n, "layout", 0) != 0;
  const double seq = static_cast<double>(batch_first ? (*x)[1] : (*x)[0]);
  const double batch = static_cast<double>(batch_first ? (*x)[0] : (*x)[1]);
  return {seq * batch * (*w + *r)};
}

OpCost pool(const onnx::NodeProto& n, const ShapeMap& s) {
  const auto out = n.output_size() > 0 ? elements(s, n.output(0)) : std::nullopt;
  const auto kernel = ints_attribute(n, "kernel_shape");
  if (!out || kernel.empty()) return unknown();
  return {*out * product(kernel)};
}

OpCost per_element(const onnx::NodeProto& n, const ShapeMap& s, double per, bool of_input) {
  if ((of_input ? n.input_size() : n.output_size()) < 1) return unknown();
  const auto count = elements(s, of_input ? n.input(0) : n.output(0));
  if (!count) return unknown();
  return {*count * per};
}

}  // namespace

OpCost node_macs(const onnx::NodeProto& n, const ShapeMap& s) {
  if (!n.domain().empty() && n.domain() != "ai.onnx") return unknown();
  const std::string& op = n.op_type();
  if (op == "Conv" || op == "ConvInteger" || op == "QLinearConv") {
    if (op == "QLinearConv") {  // inputs: x, x_scale, x_zero, w, ...
      onnx::NodeProto shifted;
      shifted.add_input(n.input(0));
      shifted.add_input(n.input_size() > 3 ? n.input(3) : "");
      shifted.add_output(n.output(0));
      return conv(shifted, s);
    }
    return conv(n, s);
  }
  if (op == "ConvTranspose") return conv_transpose(n, s);
  if (op == "MatMul" || op == "MatMulInteger") return matmul(n, s);
  if (op == "QLinearMatMul") return matmul(n, s, 0);
  if (op == "Gemm") return gemm(n, s);
  if (op == "RNN" || op == "GRU" || op == "LSTM") return recurrent(n, s);
  if (op == "MaxPool" || op == "AveragePool" || op == "LpPool") return pool(n, s);
  // Inference batch normalisation folds to y = a x + b: one multiply-add per element.
  if (op == "BatchNormalization") return per_element(n, s, 1.0, false);
  // Mean, variance, normalise, scale-and-shift.
  if (op == "InstanceNormalization" || op == "LayerNormalization" || op == "GroupNormalization" ||
      op == "MeanVarianceNormalization" || op == "LpNormalization") {
    return per_element(n, s, 4.0, false);
  }
  // Exponent, sum, divide (LogSoftmax: log instead of divide).
  if (op == "Softmax" || op == "LogSoftmax" || op == "Hardmax")
    return per_element(n, s, 3.0, false);
  if (op == "GlobalAveragePool" || op == "GlobalMaxPool" || op == "GlobalLpPool" ||
      op.rfind("Reduce", 0) == 0 || op == "LRN") {
    return per_element(n, s, op == "LRN" ? static_cast<double>(int_attribute(n, "size", 1)) : 1.0,
                       true);
  }
  if (elementwise_ops().count(op) != 0) return per_element(n, s, 1.0, false);
  if (data_movement_ops().count(op) != 0) return {0.0};
  return unknown();
}

}  // namespace lagrange::model::internal
