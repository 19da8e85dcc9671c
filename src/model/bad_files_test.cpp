// Hostile and broken files: each gets an Error that says what is wrong, never a crash, a hang
// or an allocation in proportion to a size the file only declares.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/random.hpp"
#include "model/internal/test_graphs.hpp"
#include "model/model_check.hpp"

namespace lagrange::model {
namespace {

using test::Graph;

Graph relu_graph() {
  Graph g;
  g.nodes = {test::node("Relu", {"x"}, {"y"})};
  g.inputs = {test::value("x", {1, 16})};
  g.outputs = {test::value("y", {1, 16})};
  return g;
}

std::string error_of(const std::string& bytes, LoadLimits limits = {}) {
  AnalyzeOptions o;
  o.source_name = "bad.onnx";
  o.limits = limits;
  auto f = analyze_model(bytes, o);
  EXPECT_FALSE(f.ok()) << "accepted";
  return f.ok() ? std::string() : f.error().message;
}

TEST(BadFiles, EmptyAndNotOnnxAreRefused) {
  EXPECT_NE(error_of("").find("bad.onnx: not an ONNX model"), std::string::npos);
  EXPECT_NE(error_of("This is a README, not a model.\n").find("not an ONNX model"),
            std::string::npos);
  EXPECT_NE(error_of("{\"graph\": {}}").find("not an ONNX model"), std::string::npos);
}

// Found by the onnx_model fuzzer (fuzz/corpus/onnx_model/conv_stride_zero.onnx): libonnx's
// shape inference divides by a Conv's stride, a zero stride was SIGFPE.
TEST(BadFiles, ConvWithAZeroStrideIsAnErrorNotACrash) {
  std::ifstream in(
      std::string(LAGRANGE_SOURCE_DIR) + "/fuzz/corpus/onnx_model/conv_stride_zero.onnx",
      std::ios::binary);
  ASSERT_TRUE(in.good());
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(error_of(bytes).find("(Conv): attribute strides must be positive"), std::string::npos)
      << error_of(bytes);
}

// Found by the onnx_model fuzzer (fuzz/corpus/onnx_model/conv_transpose_weight_1d.onnx): a
// ConvTranspose whose weight input names the 1-D bias; libonnx's shape inference read the
// weight's second dimension, SIGSEGV (also in `lagrange model check`).
TEST(BadFiles, ConvTransposeWithAOneDimensionalWeightIsAnErrorNotACrash) {
  std::ifstream in(
      std::string(LAGRANGE_SOURCE_DIR) + "/fuzz/corpus/onnx_model/conv_transpose_weight_1d.onnx",
      std::ios::binary);
  ASSERT_TRUE(in.good());
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(error_of(bytes).find("(ConvTranspose): weight '2' has rank 1"), std::string::npos)
      << error_of(bytes);
}

// Found by the onnx_model fuzzer (fuzz/corpus/onnx_model/gemm_b_1d.onnx): a Gemm whose B
// input names a 1-D initializer; libonnx's shape inference read its second dimension, SIGSEGV.
TEST(BadFiles, GemmWithAOneDimensionalOperandIsAnErrorNotACrash) {
  std::ifstream in(std::string(LAGRANGE_SOURCE_DIR) + "/fuzz/corpus/onnx_model/gemm_b_1d.onnx",
                   std::ios::binary);
  ASSERT_TRUE(in.good());
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(error_of(bytes).find("(Gemm): input '2' has rank 1"), std::string::npos)
      << error_of(bytes);
}

TEST(BadFiles, TruncatedModelsAreRefusedAtEveryCut) {
  Graph g = relu_graph();
  g.initializers = {test::weights("unused", {64})};
  const std::string whole = test::serialize(g);
  AnalyzeOptions o;
  for (size_t cut = 0; cut < whole.size(); ++cut) {
    auto f = analyze_model(std::string_view(whole).substr(0, cut), o);
    // A cut can fall on a field boundary and leave a smaller valid model; it must never crash.
    if (f.ok()) continue;
    EXPECT_FALSE(f.error().message.empty());
  }
  const std::string half = whole.substr(0, whole.size() / 2);
  EXPECT_FALSE(analyze_model(half, o).ok());
}

TEST(BadFiles, CyclicGraphIsRefusedByTheChecker) {
  Graph g;
  g.nodes = {test::node("Add", {"x", "b"}, {"a"}), test::node("Relu", {"a"}, {"b"})};
  g.inputs = {test::value("x", {1, 4})};
  g.outputs = {test::value("b", {1, 4})};
  const std::string message = error_of(test::serialize(g));
  EXPECT_NE(message.find("checker"), std::string::npos) << message;
  EXPECT_NE(message.find("topologically sorted"), std::string::npos) << message;
}

TEST(BadFiles, AbsurdShapesAreRefusedBeforeAnyFigure) {
  Graph g = relu_graph();
  g.inputs = {test::value("x", {1000000, 1000000, 1000})};
  g.outputs = {test::value("y", {1000000, 1000000, 1000})};
  EXPECT_NE(error_of(test::serialize(g)).find("more than 2147483648 elements"), std::string::npos);
  // The same through --input-shape.
  AnalyzeOptions o;
  o.input_shape = std::vector<int64_t>{1, 4000000000};
  auto f = analyze_model(test::serialize(relu_graph()), o);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("more than"), std::string::npos);
}

TEST(BadFiles, InferredShapesOverTheLimitAreRefused) {
  // Expand a small input to 2^20 x 2^20: only shape inference knows the size.
  Graph g;
  g.nodes = {test::node("Expand", {"x", "shape"}, {"y"})};
  g.inputs = {test::value("x", {1, 1})};
  g.outputs = {test::symbolic("y", 2)};
  onnx::TensorProto shape;
  shape.set_name("shape");
  shape.set_data_type(onnx::TensorProto::INT64);
  shape.add_dims(2);
  shape.add_int64_data(1 << 20);
  shape.add_int64_data(1 << 20);
  g.initializers = {shape};
  const std::string message = error_of(test::serialize(g));
  EXPECT_NE(message.find("tensor 'y'"), std::string::npos) << message;
}

TEST(BadFiles, BillionElementInitializerWithoutItsBytesIsRefused) {
  Graph g = relu_graph();
  onnx::TensorProto t;
  t.set_name("huge");
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_dims(1000000000);
  t.set_raw_data(std::string(16, '\0'));
  g.initializers = {t};
  const std::string message = error_of(test::serialize(g));
  EXPECT_NE(message.find("initializer 'huge' declares 1000000000 elements"), std::string::npos)
      << message;
  // Dims whose product overflows 64 bits, and negative dims.
  t.clear_dims();
  t.add_dims(INT64_MAX / 2);
  t.add_dims(INT64_MAX / 2);
  g.initializers = {t};
  EXPECT_NE(error_of(test::serialize(g)).find("negative or more than"), std::string::npos);
  t.clear_dims();
  t.add_dims(-4);
  g.initializers = {t};
  EXPECT_NE(error_of(test::serialize(g)).find("negative or more than"), std::string::npos);
}

TEST(BadFiles, FilesOverTheSizeLimitAreRefusedUnparsed) {
  LoadLimits small;
  small.max_file_bytes = 10;
  EXPECT_NE(error_of(test::serialize(relu_graph()), small).find("more than the limit of 10"),
            std::string::npos);
}

TEST(BadFiles, ExternalDataIsRefused) {
  Graph g = relu_graph();
  auto t = test::weights("w", {4});
  t.clear_float_data();
  t.set_data_location(onnx::TensorProto::EXTERNAL);
  g.initializers = {t};
  EXPECT_NE(error_of(test::serialize(g)).find("external file"), std::string::npos);
}

// Random bytes and random corruptions of a real model: every outcome is a value or an Error.
TEST(BadFiles, RandomBytesAndBitFlipsNeverCrash) {
  Rng rng(13);
  Graph g;
  auto conv = test::node("Conv", {"x", "w"}, {"y"});
  test::set_ints(conv, "kernel_shape", {3, 3});
  g.nodes = {conv, test::node("Relu", {"y"}, {"z"})};
  g.inputs = {test::value("x", {1, 2, 8, 8})};
  g.outputs = {test::value("z", {1, 4, 6, 6})};
  g.initializers = {test::weights("w", {4, 2, 3, 3})};
  const std::string good = test::serialize(g);
  AnalyzeOptions o;
  int refused = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string bytes = good;
    const int flips = 1 + static_cast<int>(rng.below(8));
    for (int k = 0; k < flips; ++k) {
      bytes[rng.below(bytes.size())] ^= static_cast<char>(1u << rng.below(8));
    }
    refused += analyze_model(bytes, o).ok() ? 0 : 1;
  }
  for (int i = 0; i < 500; ++i) {
    std::string bytes(rng.below(512), '\0');
    for (char& c : bytes) c = static_cast<char>(rng.below(256));
    refused += analyze_model(bytes, o).ok() ? 0 : 1;
  }
  EXPECT_GT(refused, 1000);  // most corruptions are caught; none crashed
}

TEST(BadFiles, TestDataThatLiesAboutItsSizeIsRefused) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("lagrange_bad_data_" + std::to_string(getpid()));
  fs::create_directories(dir / "test_data_set_0");
  auto write = [&](const std::string& bytes) {
    std::ofstream(dir / "test_data_set_0" / "input_0.pb", std::ios::binary) << bytes;
  };
  auto message = [&] {
    auto d = read_test_data(dir, LoadLimits{});
    return d.ok() ? std::string("accepted") : d.error().message;
  };
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_dims(1000000000);
  t.set_raw_data(std::string(8, '\0'));
  write(t.SerializeAsString());
  EXPECT_NE(message().find("declares 1000000000 elements but stores 2"), std::string::npos)
      << message();
  t.clear_dims();
  t.add_dims(INT64_MAX);
  t.add_dims(4);
  write(t.SerializeAsString());
  EXPECT_NE(message().find("negative or over"), std::string::npos) << message();
  write("\xff\xff\xff garbage");
  EXPECT_NE(message().find("not a TensorProto"), std::string::npos) << message();
  fs::remove_all(dir);
}

// Corruptions that get past the checker reach OpenCV: its exceptions must stay inside the
// check (a verdict or an Error, never a crash).
TEST(BadFiles, BitFlippedModelsRunOnTheGroundWithoutCrashing) {
  Rng rng(1313);
  Graph g;
  auto conv = test::node("Conv", {"x", "w"}, {"y"});
  test::set_ints(conv, "kernel_shape", {3, 3});
  g.nodes = {conv, test::node("Relu", {"y"}, {"z"}), test::node("MaxPool", {"z"}, {"p"})};
  test::set_ints(g.nodes[2], "kernel_shape", {2, 2});
  g.inputs = {test::value("x", {1, 2, 8, 8})};
  g.outputs = {test::value("p", {1, 4, 5, 5})};
  g.initializers = {test::weights("w", {4, 2, 3, 3})};
  const std::string good = test::serialize(g);
  CheckRequest r;
  int checked = 0, crashed = 0;
  for (int i = 0; i < 300; ++i) {
    std::string bytes = good;
    bytes[rng.below(bytes.size())] ^= static_cast<char>(1u << rng.below(8));
    auto c = check_model(bytes, r);
    if (!c.ok()) continue;
    ++checked;
    for (const auto& reason : c->reasons) {
      crashed += reason.find("the ground runtime crashed") != std::string::npos ? 1 : 0;
    }
  }
  EXPECT_GT(checked, 10);  // some corruptions are still sound models and were executed
  // Some of those crash OpenCV 4.6 (a null layer pin in Net::forward): caught in the child.
  EXPECT_GT(crashed, 0);
}

}  // namespace
}  // namespace lagrange::model
