// The static figures on small graphs whose counts follow from the operators' definitions.
#include <gtest/gtest.h>

#include "model/internal/test_graphs.hpp"
#include "model/model_check.hpp"

namespace lagrange::model {
namespace {

using test::Graph;

StaticFigures analyze_ok(const Graph& g, std::optional<std::vector<int64_t>> shape = {}) {
  AnalyzeOptions o;
  o.source_name = "test.onnx";
  o.input_shape = std::move(shape);
  auto f = analyze_model(test::serialize(g), o);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().message);
  return f.ok() ? *f : StaticFigures{};
}

Graph conv_graph(int64_t c_in, int64_t c_out, int64_t group, int64_t hw) {
  Graph g;
  auto conv = test::node("Conv", {"x", "w"}, {"y"});
  test::set_ints(conv, "kernel_shape", {3, 3});
  test::set_ints(conv, "pads", {1, 1, 1, 1});
  test::set_int(conv, "group", group);
  g.nodes = {conv};
  g.inputs = {test::value("x", {1, c_in, hw, hw})};
  g.outputs = {test::value("y", {1, c_out, hw, hw})};
  g.initializers = {test::weights("w", {c_out, c_in / group, 3, 3})};
  return g;
}

TEST(Analyze, ConvMacsAreOutputElementsTimesTheWeightsOfOneOutput) {
  // Dense: 8 x 32 x 32 outputs, each a dot product over 3 channels x 3 x 3.
  const auto dense = analyze_ok(conv_graph(3, 8, 1, 32));
  EXPECT_DOUBLE_EQ(dense.macs, 8.0 * 32 * 32 * 3 * 9);
  EXPECT_EQ(dense.parameters, 8u * 3 * 9);
  // Grouped (4 groups of 2 input channels) and depthwise (one channel each).
  EXPECT_DOUBLE_EQ(analyze_ok(conv_graph(8, 8, 4, 16)).macs, 8.0 * 16 * 16 * 2 * 9);
  EXPECT_DOUBLE_EQ(analyze_ok(conv_graph(8, 8, 8, 16)).macs, 8.0 * 16 * 16 * 9);
}

TEST(Analyze, GemmAndBatchedMatMulCountMTimesNTimesK) {
  Graph gemm;
  auto n = test::node("Gemm", {"a", "b", "c"}, {"y"});
  test::set_int(n, "transB", 1);
  gemm.nodes = {n};
  gemm.inputs = {test::value("a", {4, 16})};
  gemm.outputs = {test::value("y", {4, 10})};
  gemm.initializers = {test::weights("b", {10, 16}), test::weights("c", {10})};
  const auto f = analyze_ok(gemm);
  EXPECT_DOUBLE_EQ(f.macs, 4.0 * 10 * 16);
  EXPECT_EQ(f.parameters, 170u);

  // Attention scores: Q [2, 8, 64, 32] x K^T [2, 8, 32, 64], then weights x V.
  Graph attention;
  attention.nodes = {test::node("MatMul", {"q", "kt"}, {"s"}), test::node("Softmax", {"s"}, {"p"}),
                     test::node("MatMul", {"p", "v"}, {"o"})};
  attention.inputs = {test::value("q", {2, 8, 64, 32}), test::value("kt", {2, 8, 32, 64}),
                      test::value("v", {2, 8, 64, 32})};
  attention.outputs = {test::value("o", {2, 8, 64, 32})};
  const auto a = analyze_ok(attention);
  const double scores = 2.0 * 8 * 64 * 64 * 32, softmax = 3.0 * 2 * 8 * 64 * 64,
               mix = 2.0 * 8 * 64 * 32 * 64;
  EXPECT_DOUBLE_EQ(a.macs, scores + softmax + mix);
  EXPECT_EQ(a.operators.at("MatMul"), 2);
  EXPECT_EQ(a.operators.at("Softmax"), 1);
  EXPECT_EQ(a.opset, 13);
}

TEST(Analyze, PeakActivationCountsTensorsFromProducerToLastConsumer) {
  // a = relu(x); b = relu(a); c = b + x. x lives to the Add: the peak is x, a, b (or x, b, c).
  Graph g;
  g.nodes = {test::node("Relu", {"x"}, {"a"}), test::node("Relu", {"a"}, {"b"}),
             test::node("Add", {"b", "x"}, {"c"})};
  g.inputs = {test::value("x", {1, 100})};
  g.outputs = {test::value("c", {1, 100})};
  const auto f = analyze_ok(g);
  EXPECT_DOUBLE_EQ(f.peak_activation_values, 300.0);
  // Without the skip, x dies at the first Relu: never more than two tensors alive.
  g.nodes[2] = test::node("Add", {"b", "b"}, {"c"});
  EXPECT_DOUBLE_EQ(analyze_ok(g).peak_activation_values, 200.0);
}

TEST(Analyze, InputShapeReplacesTheFirstInputAndSymbolicDimsBecomeOne) {
  Graph g = conv_graph(3, 8, 1, 32);
  g.inputs[0].mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->set_dim_param(
      "batch");
  g.outputs = {test::symbolic("y", 4)};
  const auto one = analyze_ok(g);
  EXPECT_DOUBLE_EQ(one.macs, 8.0 * 32 * 32 * 27);
  ASSERT_EQ(one.notes.size(), 1u);
  EXPECT_NE(one.notes[0].find("dim 0 ('batch') taken as 1"), std::string::npos);
  const auto four = analyze_ok(g, std::vector<int64_t>{4, 3, 64, 64});
  EXPECT_DOUBLE_EQ(four.macs, 4.0 * 8 * 64 * 64 * 27);
  EXPECT_EQ(four.outputs.at(0).dims, (std::vector<int64_t>{4, 8, 64, 64}));
}

}  // namespace
}  // namespace lagrange::model
