// Execution on the ground: OpenCV's DNN module (CPU, its own backend) runs the model on the
// test vectors. OpenCV reports what it cannot import or run as cv::Exception; those become
// named unsupported nodes or problems. OpenCV is not hardened against hostile models (a
// corrupted but checker-valid file can make it dereference a bad pointer), so it runs in a
// forked child process with a CPU-time limit: a crash or a hang is a reason, never the
// caller's crash.
#include <fmt/format.h>

#include <opencv2/core/utils/logger.hpp>
#include <opencv2/dnn.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <nlohmann/json.hpp>

#include "model/model_check.hpp"

namespace lagrange::model {
namespace {

constexpr double kBytesPerGib = 1024.0 * 1024.0 * 1024.0;
constexpr size_t kMessageChars = 300;

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  return line.size() > kMessageChars ? line.substr(0, kMessageChars) + "..." : line;
}

// OpenCV 4.6's importer says "Node [Op@domain]:(onnx_node!NAME) parse error: ...", or
// "(onnx_node_output_0!OUTPUT)" for a node without a name; the node is named as the analysis
// names it.
std::optional<UnsupportedNode> parse_node_error(const std::string& what, const StaticFigures& f) {
  const size_t open = what.find("Node [");
  if (open == std::string::npos) return std::nullopt;
  const size_t at = what.find('@', open);
  const size_t close = what.find("]:(", open);
  if (at == std::string::npos || close == std::string::npos || at > close) return std::nullopt;
  const size_t end = what.find(')', close);
  if (end == std::string::npos) return std::nullopt;
  UnsupportedNode u;
  u.op = what.substr(open + 6, at - open - 6);
  u.node = what.substr(close + 3, end - close - 3);
  const std::string named = "onnx_node!";
  const std::string by_output = "onnx_node_output_0!";
  if (u.node.rfind(named, 0) == 0) {
    u.node = u.node.substr(named.size());
  } else if (u.node.rfind(by_output, 0) == 0) {
    const std::string output = u.node.substr(by_output.size());
    for (const auto& n : f.nodes) {
      if (n.first_output == output) u.node = n.name;
    }
  }
  return u;
}

// The importer's message text after "parse error: ", for the problem line.
std::string cause(const std::string& what) {
  const size_t pos = what.find("error: (", what.find("parse error:") + 1);
  return first_line(pos == std::string::npos ? what : what.substr(pos));
}

cv::Mat to_mat(const TensorValues& t) {
  std::vector<int> sizes;
  for (int64_t d : t.dims) sizes.push_back(static_cast<int>(d));
  if (sizes.empty()) sizes.push_back(1);
  cv::Mat m(static_cast<int>(sizes.size()), sizes.data(), CV_32F);
  std::copy(t.values.begin(), t.values.end(), m.ptr<float>());
  return m;
}

// Zero inputs of the inferred shapes, when the user gave no test data.
std::optional<TestDataSet> zero_inputs(const StaticFigures& f) {
  TestDataSet s;
  s.name = "zero inputs";
  for (const auto& in : f.inputs) {
    TensorValues t;
    t.name = in.name;
    t.dims = in.dims;
    double n = 1.0;
    for (int64_t d : in.dims) {
      if (d < 0) return std::nullopt;
      n *= static_cast<double>(d);
    }
    t.values.assign(static_cast<size_t>(n), 0.0f);
    s.inputs.push_back(std::move(t));
  }
  return s;
}

// How many values differ beyond the tolerance; a problem line when any do.
std::optional<std::string> compare(const cv::Mat& got, const TensorValues& want,
                                   const Tolerance& tol, const std::string& label) {
  cv::Mat g = got.isContinuous() ? got : got.clone();
  if (g.type() != CV_32F) g.convertTo(g, CV_32F);
  if (g.total() != want.values.size()) {
    return fmt::format("{}: {} values, the test data has {}", label, g.total(), want.values.size());
  }
  const float* p = g.ptr<float>();
  size_t bad = 0, worst = 0;
  double worst_excess = -1.0;
  for (size_t i = 0; i < want.values.size(); ++i) {
    const double a = p[i], b = want.values[i];
    if (std::isnan(a) && std::isnan(b)) continue;
    const double excess = std::abs(a - b) - (tol.atol + tol.rtol * std::abs(b));
    if (excess > 0.0 || std::isnan(excess)) {
      ++bad;
      if (std::isnan(excess) || excess > worst_excess) {
        worst_excess = std::isnan(excess) ? INFINITY : excess;
        worst = i;
      }
    }
  }
  if (bad == 0) return std::nullopt;
  return fmt::format("{}: {} of {} values differ (worst at {}: got {}, want {}; rtol {}, atol {})",
                     label, bad, want.values.size(), worst, p[worst], want.values[worst], tol.rtol,
                     tol.atol);
}

std::vector<std::string> output_names(const StaticFigures& f) {
  std::vector<std::string> names;
  for (const auto& o : f.outputs) names.push_back(o.name);
  return names;
}

// One data set: inputs by the graph's input names (in order), a warm-up forward pass, then a
// timed one. Returns the CPU seconds of the timed pass.
double run_set(cv::dnn::Net& net, const StaticFigures& f, const TestDataSet& set,
               const CpuClock& clock, std::vector<cv::Mat>& outs) {
  for (size_t k = 0; k < set.inputs.size() && k < f.inputs.size(); ++k) {
    net.setInput(to_mat(set.inputs[k]), f.inputs[k].name);
  }
  const auto names = output_names(f);
  net.forward(outs, names);
  const double t0 = clock ? clock() : 0.0;
  net.forward(outs, names);
  return clock ? clock() - t0 : 0.0;
}

// The run itself, in the child process.
GroundRun run_here(std::string_view bytes, const StaticFigures& f,
                   const std::vector<TestDataSet>& data, const Tolerance& tol,
                   const LoadLimits& limits, const CpuClock& clock) {
  GroundRun g;
  const double fp32_peak = f.peak_activation_values * 4.0;
  if (fp32_peak > static_cast<double>(limits.max_run_activation_bytes)) {
    g.problems.push_back(fmt::format(
        "not run on the ground: {:.1f} GiB of activations at fp32, over the limit of {:.1f} GiB",
        fp32_peak / kBytesPerGib, limits.max_run_activation_bytes / kBytesPerGib));
    return g;
  }
  std::vector<TestDataSet> zero;
  if (data.empty()) {
    auto z = zero_inputs(f);
    if (!z) {
      g.problems.push_back("not run on the ground: no test data and an input shape is unknown");
      return g;
    }
    zero.push_back(std::move(*z));
  }
  const auto& sets = data.empty() ? zero : data;
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
  cv::dnn::Net net;
  try {
    net = cv::dnn::readNetFromONNX(bytes.data(), bytes.size());
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  } catch (const cv::Exception& e) {
    if (auto u = parse_node_error(e.what(), f)) {
      g.unsupported.push_back(*u);
    } else {
      g.problems.push_back("the ground runtime cannot load the model: " + first_line(e.what()));
    }
    return g;
  }
  double cpu_s = 0.0;
  bool match = true;
  for (const auto& set : sets) {
    std::vector<cv::Mat> outs;
    try {
      cpu_s += run_set(net, f, set, clock, outs);
    } catch (const cv::Exception& e) {
      g.problems.push_back(
          fmt::format("the ground runtime fails on {}: {}", set.name, cause(e.what())));
      return g;
    }
    for (size_t k = 0; k < set.outputs.size(); ++k) {
      const std::string label = fmt::format("{} output {}", set.name, k);
      if (k >= outs.size()) {
        g.problems.push_back(label + ": the model produced no such output");
        match = false;
        continue;
      }
      if (auto problem = compare(outs[k], set.outputs[k], tol, label)) {
        g.problems.push_back(*problem);
        match = false;
      }
    }
  }
  g.executed = true;
  g.data_sets = static_cast<int>(data.size());
  g.cpu_s_per_inference = cpu_s / static_cast<double>(sets.size());
  if (!data.empty()) g.outputs_match = match;
  return g;
}

GroundRun failed(const std::string& problem) {
  GroundRun g;
  g.problems.push_back(problem);
  return g;
}

// The child's result crosses the pipe as JSON.
std::string encode(const GroundRun& g) {
  nlohmann::json j;
  j["executed"] = g.executed;
  j["outputs_match"] = g.outputs_match ? (*g.outputs_match ? 1 : 0) : -1;
  j["data_sets"] = g.data_sets;
  j["cpu_s"] = g.cpu_s_per_inference;
  j["problems"] = g.problems;
  j["unsupported"] = nlohmann::json::array();
  for (const auto& u : g.unsupported) j["unsupported"].push_back({u.node, u.op});
  return j.dump();
}

std::optional<GroundRun> decode(const std::string& text) {
  try {
    const auto j = nlohmann::json::parse(text);
    GroundRun g;
    g.executed = j.at("executed").get<bool>();
    const int match = j.at("outputs_match").get<int>();
    if (match >= 0) g.outputs_match = match == 1;
    g.data_sets = j.at("data_sets").get<int>();
    g.cpu_s_per_inference = j.at("cpu_s").get<double>();
    g.problems = j.at("problems").get<std::vector<std::string>>();
    for (const auto& u : j.at("unsupported")) g.unsupported.push_back({u.at(0), u.at(1)});
    return g;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

void write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

}  // namespace

GroundRun run_on_ground(std::string_view bytes, const StaticFigures& f,
                        const std::vector<TestDataSet>& data, const Tolerance& tol,
                        const LoadLimits& limits, const CpuClock& clock) {
  int fds[2];
  if (pipe(fds) != 0) return failed("cannot create a pipe to the runtime process");
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return failed("cannot start the runtime process");
  }
  if (pid == 0) {
    close(fds[0]);
    const rlimit cpu{limits.max_run_cpu_seconds, limits.max_run_cpu_seconds};
    setrlimit(RLIMIT_CPU, &cpu);
    const std::string text = encode(run_here(bytes, f, data, tol, limits, clock));
    write_all(fds[1], text);
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  const std::string text = read_all(fds[0]);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return failed(sig == SIGXCPU
                      ? fmt::format("the ground runtime did not finish within {} s of CPU time",
                                    limits.max_run_cpu_seconds)
                      : fmt::format("the ground runtime crashed on the model (signal {}: {})", sig,
                                    strsignal(sig)));
  }
  // A child that exits without a result crashed too (a sanitizer turns the signal into an
  // exit status).
  auto g = decode(text);
  if (!g || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return failed(fmt::format("the ground runtime crashed on the model (exit status {}, no result)",
                              WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  }
  return *g;
}

}  // namespace lagrange::model
