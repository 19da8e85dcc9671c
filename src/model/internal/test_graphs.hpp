// Test-only: small ONNX models built in code, for the model layer's tests.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lagrange::model::test {

inline onnx::ValueInfoProto value(const std::string& name, const std::vector<int64_t>& dims) {
  onnx::ValueInfoProto v;
  v.set_name(name);
  auto* t = v.mutable_type()->mutable_tensor_type();
  t->set_elem_type(onnx::TensorProto::FLOAT);
  auto* shape = t->mutable_shape();
  for (int64_t d : dims) shape->add_dim()->set_dim_value(d);
  return v;
}

// A value whose dims are all symbolic ("d0", "d1", ...): shape inference fills them in.
inline onnx::ValueInfoProto symbolic(const std::string& name, int rank) {
  onnx::ValueInfoProto v = value(name, {});
  auto* shape = v.mutable_type()->mutable_tensor_type()->mutable_shape();
  for (int i = 0; i < rank; ++i) shape->add_dim()->set_dim_param(name + "_d" + std::to_string(i));
  return v;
}

// A float initializer of the given dims filled with `fill` (keep it small in tests).
inline onnx::TensorProto weights(const std::string& name, const std::vector<int64_t>& dims,
                                 float fill = 0.1f) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::FLOAT);
  int64_t n = 1;
  for (int64_t d : dims) {
    t.add_dims(d);
    n *= d;
  }
  for (int64_t i = 0; i < n; ++i) t.add_float_data(fill);
  return t;
}

inline onnx::NodeProto node(const std::string& op, const std::vector<std::string>& inputs,
                            const std::vector<std::string>& outputs, const std::string& name = "") {
  onnx::NodeProto n;
  n.set_op_type(op);
  n.set_name(name.empty() ? outputs.at(0) : name);
  for (const auto& i : inputs) n.add_input(i);
  for (const auto& o : outputs) n.add_output(o);
  return n;
}

inline void set_ints(onnx::NodeProto& n, const std::string& name, const std::vector<int64_t>& v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v) a->add_ints(x);
}

inline void set_int(onnx::NodeProto& n, const std::string& name, int64_t v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

struct Graph {
  std::vector<onnx::NodeProto> nodes;
  std::vector<onnx::ValueInfoProto> inputs;
  std::vector<onnx::ValueInfoProto> outputs;
  std::vector<onnx::TensorProto> initializers;
};

inline std::string serialize(const Graph& g, int64_t opset = 13) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.set_producer_name("lagrange tests");
  auto* o = m.add_opset_import();
  o->set_domain("");
  o->set_version(opset);
  auto* graph = m.mutable_graph();
  graph->set_name("test");
  for (const auto& n : g.nodes) *graph->add_node() = n;
  for (const auto& v : g.inputs) *graph->add_input() = v;
  for (const auto& v : g.outputs) *graph->add_output() = v;
  for (const auto& t : g.initializers) *graph->add_initializer() = t;
  return m.SerializeAsString();
}

}  // namespace lagrange::model::test
