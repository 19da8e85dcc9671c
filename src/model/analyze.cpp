// analyze_model: the static figures of a loaded, checked, shape-inferred model.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <system_error>

#include "model/internal/onnx_load.hpp"
#include "model/internal/op_costs.hpp"
#include "model/model_check.hpp"

namespace lagrange::model {
namespace {

using internal::ShapeMap;

std::string op_label(const onnx::NodeProto& n) {
  if (n.domain().empty() || n.domain() == "ai.onnx") return n.op_type();
  return n.domain() + "." + n.op_type();
}

int64_t default_opset(const onnx::ModelProto& m) {
  for (const auto& o : m.opset_import()) {
    if (o.domain().empty() || o.domain() == "ai.onnx") return o.version();
  }
  return 0;
}

std::optional<double> tensor_elements(const ShapeMap& shapes, const std::string& name) {
  auto it = shapes.find(name);
  if (it == shapes.end()) return std::nullopt;
  double n = 1.0;
  for (int64_t d : it->second) {
    if (d < 0) return std::nullopt;
    n *= static_cast<double>(d);
  }
  return n;
}

// Every activation (a value that is not an initializer) is alive from the step that produces
// it (step 0 for graph inputs) to the last step that reads it (the end for graph outputs);
// the peak is the largest sum of live sizes at any step. Values only read inside subgraphs
// (If, Loop, Scan bodies) count from their producer to the node that owns the subgraph.
double peak_activation(const onnx::GraphProto& g, const ShapeMap& shapes,
                       std::vector<std::string>& notes, double& total) {
  std::map<std::string, bool> is_init;
  for (const auto& t : g.initializer()) is_init[t.name()] = true;
  const int steps = g.node_size();
  struct Span {
    int first = 0;
    int last = 0;
  };
  std::map<std::string, Span> spans;
  for (const auto& v : g.input()) {
    if (!is_init.count(v.name())) spans[v.name()] = {0, 0};
  }
  for (int i = 0; i < steps; ++i) {
    const auto& n = g.node(i);
    for (const auto& in : n.input()) {
      auto it = spans.find(in);
      if (it != spans.end()) it->second.last = std::max(it->second.last, i);
    }
    for (const auto& out : n.output()) {
      if (!out.empty()) spans[out] = {i, i};
    }
  }
  for (const auto& v : g.output()) {
    auto it = spans.find(v.name());
    if (it != spans.end()) it->second.last = std::max(steps - 1, 0);
  }
  std::vector<double> delta(static_cast<size_t>(steps) + 2, 0.0);
  int unknown = 0;
  for (const auto& [name, span] : spans) {
    const auto count = tensor_elements(shapes, name);
    if (!count) {
      ++unknown;
      continue;
    }
    total += *count;
    delta[span.first] += *count;
    delta[span.last + 1] -= *count;
  }
  if (unknown > 0) {
    notes.push_back(fmt::format("{} activation(s) of unknown shape left out of the peak", unknown));
  }
  double live = 0.0, peak = 0.0;
  for (double d : delta) {
    live += d;
    peak = std::max(peak, live);
  }
  return peak;
}

std::vector<TensorShape> shapes_of(
    const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& vs, const onnx::GraphProto& g,
    const ShapeMap& shapes) {
  std::vector<TensorShape> out;
  for (const auto& v : vs) {
    bool init = std::any_of(g.initializer().begin(), g.initializer().end(),
                            [&](const auto& t) { return t.name() == v.name(); });
    if (init) continue;
    auto it = shapes.find(v.name());
    out.push_back({v.name(), it == shapes.end() ? std::vector<int64_t>{} : it->second});
  }
  return out;
}

}  // namespace

Result<std::string> read_bounded(const std::filesystem::path& path, uint64_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{fmt::format("{}: cannot read: {}", path.string(), ec.message())};
  if (size > max_bytes) {
    return Error{
        fmt::format("{}: {} bytes, more than the limit of {}", path.string(), size, max_bytes)};
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    return Error{fmt::format("{}: cannot read", path.string())};
  }
  return bytes;
}

Result<StaticFigures> analyze_model(std::string_view onnx_bytes, const AnalyzeOptions& options) {
  StaticFigures f;
  auto model = internal::load_checked(onnx_bytes, options, f.notes);
  if (!model) return prefixed(model.error(), options.source_name);
  const auto& g = model->graph();
  const ShapeMap shapes = internal::collect_shapes(g);

  f.opset = default_opset(*model);
  for (const auto& t : g.initializer()) {
    f.parameters += internal::element_count(internal::tensor_dims(t), UINT64_MAX).value_or(0);
  }
  std::map<std::string, int> no_rule;
  for (int i = 0; i < g.node_size(); ++i) {
    const auto& n = g.node(i);
    const auto cost = internal::node_macs(n, shapes);
    if (!cost.known) ++no_rule[op_label(n)];
    f.nodes.push_back({n.name().empty() ? fmt::format("#{}", i) : n.name(), op_label(n),
                       n.output_size() > 0 ? n.output(0) : std::string(), cost.macs});
    f.macs += cost.macs;
    ++f.operators[op_label(n)];
  }
  for (const auto& [op, count] : no_rule) {
    f.notes.push_back(
        fmt::format("{} x {}: shapes unknown or no cost rule, counted 0 MACs", count, op));
  }
  f.peak_activation_values = peak_activation(g, shapes, f.notes, f.activation_values_total);
  f.inputs = shapes_of(g.input(), g, shapes);
  f.outputs = shapes_of(g.output(), g, shapes);
  return f;
}

}  // namespace lagrange::model
