// The oracle nobody here wrote: ONNX's own pytorch-converted backend cases (Debian's
// libonnx-testdata), each a model exported by PyTorch with inputs and PyTorch's outputs.
// Every case must be checked without an Error; the outputs must match at ONNX's tolerances
// except where OpenCV 4.6 itself falls short, and those cases must be rejected with the
// reason named (so a regression either way fails here).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include <onnx/onnx_pb.h>

#include "model/model_check.hpp"

namespace lagrange::model {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = "/usr/share/libonnx-testdata/data/pytorch-converted";

// Case -> the start of its first reason. OpenCV 4.6 has no Gather over a weight table
// (Embedding), ignores MaxPool dilations (its output has the undilated size), and asserts in
// a reduction of PoissonNLLLoss.
const std::map<std::string, std::string>& opencv_gaps() {
  static const std::map<std::string, std::string> gaps = {
      {"test_Embedding", "operator Gather (node #0) is not supported"},
      {"test_Embedding_sparse", "operator Gather (node #0) is not supported"},
      {"test_MaxPool1d_stride_padding_dilation", "outputs differ from the test data"},
      {"test_MaxPool2d_stride_padding_dilation", "outputs differ from the test data"},
      {"test_PoissonNLLLLoss_no_reduce", "the ground runtime fails on test_data_set_0"},
  };
  return gaps;
}

TEST(OnnxTestData, PytorchConvertedCasesMatchTheirOutputs) {
  ASSERT_TRUE(fs::is_directory(kCases)) << "install libonnx-testdata";
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(kCases)) cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());
  ASSERT_EQ(cases.size(), 82u);
  int matched = 0;
  for (const auto& dir : cases) {
    const std::string name = dir.filename().string();
    SCOPED_TRACE(name);
    const LoadLimits limits;
    auto bytes = read_bounded(dir / "model.onnx", limits.max_file_bytes);
    ASSERT_TRUE(bytes.ok());
    auto data = read_test_data(dir, limits);
    ASSERT_TRUE(data.ok()) << data.error().message;
    CheckRequest r;
    r.analyze.source_name = name;
    r.test_data = std::move(*data);
    auto c = check_model(*bytes, r);
    ASSERT_TRUE(c.ok()) << c.error().message;
    auto gap = opencv_gaps().find(name);
    if (gap == opencv_gaps().end()) {
      EXPECT_EQ(c->ground.outputs_match, true);
      EXPECT_EQ(c->verdict, Verdict::kAccept) << (c->reasons.empty() ? "" : c->reasons[0]);
      matched += c->ground.outputs_match == true ? 1 : 0;
    } else {
      EXPECT_EQ(c->verdict, Verdict::kReject);
      ASSERT_FALSE(c->reasons.empty());
      EXPECT_EQ(c->reasons[0].rfind(gap->second, 0), 0u) << c->reasons[0];
    }
  }
  EXPECT_EQ(matched, 77);
}

// The convolution cases' MACs against the definition: output elements (from PyTorch's
// output tensor) x the weights of one output channel (the weight's dims after the first).
TEST(OnnxTestData, ConvolutionMacsFollowFromTheOutputsAndWeights) {
  for (const std::string name : {"test_Conv1d_groups", "test_Conv2d", "test_Conv2d_depthwise",
                                 "test_Conv2d_depthwise_with_multiplier", "test_Conv2d_groups",
                                 "test_Conv3d_dilated_strided", "test_Conv3d_groups"}) {
    SCOPED_TRACE(name);
    const LoadLimits limits;
    auto bytes = read_bounded(kCases / name / "model.onnx", limits.max_file_bytes);
    ASSERT_TRUE(bytes.ok());
    auto f = analyze_model(*bytes, {});
    ASSERT_TRUE(f.ok()) << f.error().message;
    ASSERT_EQ(f->operators.count("Conv"), 1u);
    onnx::ModelProto m;
    ASSERT_TRUE(m.ParseFromString(*bytes));
    std::string weight_name;
    for (const auto& n : m.graph().node()) {
      if (n.op_type() == "Conv") weight_name = n.input(1);
    }
    double per_output = 0.0;
    for (const auto& t : m.graph().initializer()) {
      if (t.name() != weight_name) continue;
      per_output = 1.0;
      for (int i = 1; i < t.dims_size(); ++i) per_output *= static_cast<double>(t.dims(i));
    }
    ASSERT_GT(per_output, 0.0) << "weight " << weight_name << " not an initializer";
    auto data = read_test_data(kCases / name, limits);
    ASSERT_TRUE(data.ok());
    EXPECT_DOUBLE_EQ(f->macs,
                     static_cast<double>((*data)[0].outputs[0].values.size()) * per_output);
  }
}

}  // namespace
}  // namespace lagrange::model
