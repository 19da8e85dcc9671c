// The check of a user's ONNX model before it goes to orbit (docs/models.md): is the file sound,
// what does it cost, does it fit and how fast and at what energy does it run on each
// accelerator, does it produce the outputs the user expects on the ground, and the verdict.
//
// `analyze_model` is a pure function of the file's bytes: bounded load, the ONNX checker,
// shape inference, then parameters, multiply-accumulates per node, peak activation memory,
// operator counts and opset. `estimate_on` puts those figures on an accelerator of the compute
// catalogue (the roofline the twin uses for vision models). `run_on_ground` executes the model
// on the CPU with OpenCV's DNN module on test vectors in ONNX's layout. `check_model` does all
// three and gives the verdict. Malformed or hostile files are Errors naming the file and what
// is wrong; nothing is allocated in proportion to a size the file merely declares before that
// size has been checked against `LoadLimits`.
//
// Thread safety: analyze_model and estimate_on are safe to call concurrently. run_on_ground
// (and check_model with `execute`) forks a child process that runs OpenCV, so a hostile model
// that crashes or hangs OpenCV costs a child, not the caller; fork() from a multi-threaded
// process is only safe if no other thread holds a lock the child needs (malloc's): call it
// from a single-threaded process, or move it behind an exec'd helper before a threaded
// service uses it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compute/llm_performance.hpp"
#include "core/result.hpp"

namespace lagrange::model {

// The number format the model would run in on board: weights and activations alike.
// fp32 computes on the FP16 tensor path at half its rate (TF32 on Ampere-class GPUs runs at
// half the FP16 dense rate), fp16 at the FP16 dense rate, int8 at the INT8 dense rate.
enum class Precision { kFp32, kFp16, kInt8 };
Result<Precision> parse_precision(std::string_view text);  // "fp32", "fp16", "int8"
std::string_view precision_name(Precision p);
double bytes_per_value(Precision p);

// Refusals before allocation. Defaults take any real vision model (ResNet-50 is 102 MB,
// ViT-L/16 1.2 GB) and refuse what a 64 GiB accelerator could never hold anyway.
struct LoadLimits {
  uint64_t max_file_bytes = (uint64_t{1} << 31) - 1;      // protobuf parses at most 2 GiB - 1
  uint64_t max_tensor_elements = uint64_t{1} << 31;       // any one tensor, declared or inferred
  uint64_t max_nodes = 1'000'000;                         // of the main graph
  uint64_t max_run_activation_bytes = uint64_t{4} << 30;  // execution on the ground refused above
  uint64_t max_run_cpu_seconds = 600;                     // of the child that runs the model
  uint64_t max_test_file_bytes = uint64_t{1} << 30;       // one input_K.pb / output_K.pb
};

struct TensorShape {
  std::string name;
  std::vector<int64_t> dims;  // -1: unknown after shape inference
};

struct NodeCost {
  std::string name;  // as in the file; "#<index>" when the node has none
  std::string op;    // "Conv", or "domain.Op" outside the default domain
  std::string first_output;
  double macs = 0.0;
};

// What the file says, independent of any accelerator.
struct StaticFigures {
  int64_t opset = 0;                         // the default ("ai.onnx") domain's opset import
  uint64_t parameters = 0;                   // elements of every initializer
  double macs = 0.0;                         // sum over nodes, convention in docs/models.md
  std::vector<NodeCost> nodes;               // in execution (file) order
  std::map<std::string, int64_t> operators;  // op -> node count
  double peak_activation_values = 0.0;       // elements alive at once, over the execution order
  double activation_values_total = 0.0;      // elements of every activation (each written once)
  std::vector<TensorShape> inputs;           // graph inputs that are not initializers, as inferred
  std::vector<TensorShape> outputs;
  std::vector<std::string> notes;  // figures that could not be computed exactly, and why
};

struct AnalyzeOptions {
  std::string source_name;                          // labels messages ("resnet50.onnx")
  std::optional<std::vector<int64_t>> input_shape;  // replaces the first input's shape
  LoadLimits limits;
};

// Unknown (symbolic) input dimensions are taken as 1 (batch 1) unless `input_shape` is given;
// each such substitution is a note.
Result<StaticFigures> analyze_model(std::string_view onnx_bytes, const AnalyzeOptions& options);

// Reads a file whose size is at most `max_bytes` (checked before reading).
Result<std::string> read_bounded(const std::filesystem::path& path, uint64_t max_bytes);

// One accelerator with the watts it draws while computing (the highest power mode of the
// catalogue unless a scenario class says otherwise).
struct Target {
  compute::Device device;
  double busy_w = 0.0;
};

struct AcceleratorEstimate {
  std::string id;
  Precision precision = Precision::kInt8;
  double weight_bytes = 0.0;
  double activation_bytes = 0.0;  // the peak
  double reserved_bytes = 0.0;    // runtime_reserved_gib
  double capacity_bytes = 0.0;    // memory_gib
  bool fits = false;              // weights + activations + reserve <= capacity
  double compute_s = 0.0;         // 2 x MACs / (dense peak x family compute efficiency)
  double memory_s = 0.0;          // weights + inputs + outputs / (bandwidth x bandwidth eff.)
  double latency_s = 0.0;         // max of the two: one inference at batch 1
  double busy_w = 0.0;
  double energy_j = 0.0;  // latency x busy watts
};

AcceleratorEstimate estimate_on(const StaticFigures& figures, Precision precision,
                                const Target& target);

// What a scenario's workload would ask of one satellite class (filled by the caller, which
// knows the scenario): how many model inputs a satellite of the class sees a day, and the
// power it can give its accelerator on average.
struct PowerBudget {
  std::string class_name;
  size_t target = 0;  // index into CheckRequest::targets: the class's accelerator
  double inferences_per_day = 0.0;
  double available_w = 0.0;  // orbit-average power left for the accelerator
  double idle_w = 0.0;       // the accelerator powered but not computing
};

struct Duty {
  std::string class_name;
  double inferences_per_day = 0.0;
  double busy_fraction = 0.0;  // of the day the accelerator computes this model
  double average_w = 0.0;      // accelerator's mean draw: busy and idle shares
  double available_w = 0.0;
  bool within_budget = false;  // busy_fraction <= 1 and average_w <= available_w
};

// Test vectors in ONNX's layout: DIR/test_data_set_N/input_K.pb and output_K.pb.
struct TensorValues {
  std::string name;
  std::vector<int64_t> dims;
  std::vector<float> values;
};
struct TestDataSet {
  std::string name;  // "test_data_set_0"
  std::vector<TensorValues> inputs;
  std::vector<TensorValues> outputs;
};
Result<std::vector<TestDataSet>> read_test_data(const std::filesystem::path& dir,
                                                const LoadLimits& limits);

// As ONNX's backend tests compare (numpy assert_allclose): |got - want| <= atol + rtol |want|.
struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-7;
};

struct UnsupportedNode {
  std::string node;
  std::string op;
};

// Seconds of CPU time the process has used so far; injected so this layer reads no clock.
using CpuClock = std::function<double()>;

struct GroundRun {
  bool executed = false;              // the runtime loaded the model and ran every data set
  std::optional<bool> outputs_match;  // absent without test data or when not executed
  std::vector<UnsupportedNode> unsupported;
  std::vector<std::string> problems;  // mismatches and runtime errors, one line each
  int data_sets = 0;
  double cpu_s_per_inference = 0.0;  // mean over the runs, from the injected clock
};

// Runs the model in a child process, on zero inputs of the inferred shapes when `data` is
// empty. Refuses (a problem, not executed) when the peak activation memory at fp32 is over the
// limit; a crash (signal) or running out of `max_run_cpu_seconds` is a problem too.
GroundRun run_on_ground(std::string_view onnx_bytes, const StaticFigures& figures,
                        const std::vector<TestDataSet>& data, const Tolerance& tolerance,
                        const LoadLimits& limits, const CpuClock& clock);

enum class Verdict { kAccept, kReject };
std::string_view verdict_name(Verdict v);  // "accept", "reject"

struct CheckRequest {
  AnalyzeOptions analyze;
  Precision precision = Precision::kInt8;
  std::vector<Target> targets;
  std::optional<PowerBudget> budget;
  std::vector<TestDataSet> test_data;
  bool execute = true;  // run on the ground (with or without test data)
  Tolerance tolerance;
  CpuClock clock;
};

struct ModelCheck {
  StaticFigures figures;
  Precision precision = Precision::kInt8;
  double weight_bytes = 0.0;
  double peak_activation_bytes = 0.0;
  std::vector<AcceleratorEstimate> accelerators;
  std::optional<Duty> duty;
  GroundRun ground;
  Verdict verdict = Verdict::kAccept;
  std::vector<std::string> reasons;  // every reason for a reject; empty on accept
};

// Errors: the file cannot be read as a sound ONNX model (exit 1 / 422 upstream). A sound model
// that fails a test is a ModelCheck with verdict reject and its reasons.
Result<ModelCheck> check_model(std::string_view onnx_bytes, const CheckRequest& request);

}  // namespace lagrange::model
