// The text report of `lagrange model check`.
#include <fmt/format.h>

#include <algorithm>

#include "cli/model_command.hpp"

namespace lagrange::cli {
namespace {

constexpr size_t kTopNodes = 5;

std::string dims_text(const std::vector<int64_t>& dims) {
  std::vector<std::string> parts;
  for (int64_t d : dims) parts.push_back(d < 0 ? "?" : std::to_string(d));
  return parts.empty() ? "?" : fmt::format("{}", fmt::join(parts, "x"));
}

std::string bytes_text(double b) {
  if (b >= 1e9) return fmt::format("{:.2f} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.1f} MB", b / 1e6);
  return fmt::format("{:.1f} kB", b / 1e3);
}

void static_part(std::string& out, const model::ModelCheck& c) {
  const auto& f = c.figures;
  out += fmt::format("opset {}, {} nodes, {} parameters ({:.2f} M)\n", f.opset, f.nodes.size(),
                     f.parameters, f.parameters / 1e6);
  for (const auto& in : f.inputs) out += fmt::format("input  {} {}\n", in.name, dims_text(in.dims));
  for (const auto& o : f.outputs) out += fmt::format("output {} {}\n", o.name, dims_text(o.dims));
  out += fmt::format("MACs {:.4g} G; weights {} and peak activations {} at {}\n", f.macs / 1e9,
                     bytes_text(c.weight_bytes), bytes_text(c.peak_activation_bytes),
                     model::precision_name(c.precision));
  std::vector<std::string> ops;
  for (const auto& [op, n] : f.operators) ops.push_back(fmt::format("{} {}", op, n));
  out += fmt::format("operators: {}\n", fmt::join(ops, ", "));
  std::vector<model::NodeCost> top = f.nodes;
  std::stable_sort(top.begin(), top.end(),
                   [](const auto& a, const auto& b) { return a.macs > b.macs; });
  if (top.size() > kTopNodes) top.resize(kTopNodes);
  std::vector<std::string> costly;
  for (const auto& n : top)
    costly.push_back(fmt::format("{} ({}) {:.3g} G", n.name, n.op, n.macs / 1e9));
  out += fmt::format("costliest nodes: {}\n", fmt::join(costly, "; "));
  for (const auto& note : f.notes) out += "note: " + note + "\n";
}

}  // namespace

std::string render_text(const std::string& file, const model::ModelCheck& c) {
  std::string out = fmt::format("{}\n", file);
  static_part(out, c);
  out += fmt::format("\n{:<26} {:>5} {:>11} {:>11} {:>11} {:>10}\n", "ACCELERATOR", "FITS",
                     "MEMORY", "LATENCY ms", "BOUND", "ENERGY mJ");
  for (const auto& e : c.accelerators) {
    out += fmt::format(
        "{:<26} {:>5} {:>11} {:>11.4f} {:>11} {:>10.3f}\n", e.id, e.fits ? "yes" : "NO",
        bytes_text(e.weight_bytes + e.activation_bytes + e.reserved_bytes), e.latency_s * 1e3,
        e.compute_s >= e.memory_s ? "compute" : "memory", e.energy_j * 1e3);
  }
  if (c.duty) {
    const auto& d = *c.duty;
    out += fmt::format(
        "\nclass {}: ~{:.0f} inferences a day, accelerator busy {:.2f} % of the day, {:.1f} W "
        "average of {:.1f} W available\n",
        d.class_name, d.inferences_per_day, d.busy_fraction * 100.0, d.average_w, d.available_w);
  }
  const auto& g = c.ground;
  out += "\nground (OpenCV DNN, CPU): ";
  if (g.executed) {
    out += fmt::format("ran {}, {:.4f} s CPU per inference",
                       g.data_sets > 0 ? fmt::format("{} test data set(s)", g.data_sets)
                                       : std::string("on zero inputs"),
                       g.cpu_s_per_inference);
    if (g.outputs_match) out += *g.outputs_match ? ", outputs match" : ", outputs DIFFER";
    out += "\n";
  } else {
    out += "not executed\n";
  }
  out += fmt::format("\nverdict: {}\n", model::verdict_name(c.verdict));
  for (const auto& r : c.reasons) out += "  - " + r + "\n";
  return out;
}

}  // namespace lagrange::cli
