#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "report/internal/format.hpp"
#include "report/internal/html_charts.hpp"
#include "report/internal/html_faults.hpp"
#include "report/internal/palette.hpp"
#include "report/internal/svg.hpp"

namespace lagrange::report::internal {
namespace {

// A run of a mega-constellation with fault rates has thousands: the table stops here.
constexpr size_t kMaxCostRows = 200;
constexpr double kBytesPerGb = 1e9;

const sim::PolicyRun* first_with_faults(const sim::RunResult& result) {
  for (const auto& run : result.runs) {
    if (!run.faults.empty()) return &run;
  }
  return nullptr;
}

bool is_upset_stream(const sim::FaultRecord& r) {
  return r.upsets > 0;
}

// Rows from the top: satellite_loss first. y of kind k is (kinds - k).
double row_of(scenario::FaultKind kind) {
  return static_cast<double>(scenario::kFaultKindNames.size() - static_cast<size_t>(kind));
}

// The faults come from the scenario and its seed, so every policy has the same ones; the
// first run's are drawn, each a bar from its start to its end (a permanent one to the window's
// end).
std::string timeline(const sim::RunResult& result, const sim::PolicyRun& run) {
  const double window = std::max(1.0, (result.end - result.start).to_seconds());
  std::vector<Series> series;
  std::vector<bool> named(scenario::kFaultKindNames.size(), false);
  for (const sim::FaultRecord& r : run.faults) {
    if (is_upset_stream(r)) continue;
    const auto kind = static_cast<size_t>(r.fault.kind);
    const double start = std::clamp((r.fault.start - result.start).to_seconds(), 0.0, window);
    const double end =
        r.fault.end ? std::clamp((*r.fault.end - result.start).to_seconds(), 0.0, window) : window;
    Series s;
    s.name = std::string(scenario::kFaultKindNames[kind]);
    s.colour = std::string(kPalette[kind % kPalette.size()]);
    // A fault shorter than a pixel still shows as a short bar.
    s.x = {start, std::max(end, start + window / 1000.0)};
    s.y = {row_of(r.fault.kind), row_of(r.fault.kind)};
    s.width_px = 9.0;
    s.in_legend = !named[kind];
    named[kind] = true;
    series.push_back(std::move(s));
  }
  Axis y;
  y.title = "fault kind";
  y.min = 0.5;
  y.max = static_cast<double>(scenario::kFaultKindNames.size()) + 0.5;
  for (size_t row = 1; row <= scenario::kFaultKindNames.size(); ++row) {
    y.ticks.push_back(static_cast<double>(row));
  }
  y.tick_label = [](double v) {
    const size_t kinds = scenario::kFaultKindNames.size();
    const auto row = std::clamp<size_t>(static_cast<size_t>(v + 0.5), 1, kinds);
    return std::string(scenario::kFaultKindNames[kinds - row]);
  };
  ChartSize size;
  size.height = 300;
  size.left = 190;  // the kinds' names
  return line_chart("fault-timeline", time_axis(result), y, series, size);
}

std::string cost_cell(const sim::FaultRecord& r) {
  if (is_upset_stream(r)) {
    return fmt::format("{} upset{}, {} reruns", r.upsets, r.upsets == 1 ? "" : "s", r.reruns);
  }
  return fmt::format("{} dropped, {} reruns, {} resent, {} GB lost", r.jobs_dropped, r.reruns,
                     r.bundles_resent, fixed(r.bytes_lost / kBytesPerGb, 2));
}

// A fault's record under one policy. The scheduled faults are the same under every policy,
// but the upsets' record exists only where something was computed on board, so records are
// matched by their sentence, not their position.
const sim::FaultRecord* record_of(const sim::PolicyRun& run, const std::string& description) {
  for (const sim::FaultRecord& r : run.faults) {
    if (r.description == description) return &r;
  }
  return nullptr;
}

// Every fault under any policy, by start, each once.
std::vector<const sim::FaultRecord*> all_faults(const sim::RunResult& result) {
  std::vector<const sim::FaultRecord*> rows;
  std::set<std::string> seen;
  for (const auto& run : result.runs) {
    for (const sim::FaultRecord& r : run.faults) {
      if (seen.insert(r.description).second) rows.push_back(&r);
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto* a, const auto* b) { return a->fault.start < b->fault.start; });
  return rows;
}

std::string cost_table(const sim::RunResult& result) {
  std::string out = "<table>\n<tr><th>Fault</th>";
  for (const auto& run : result.runs) out += "<th>" + html_escape(run.policy) + "</th>";
  out += "</tr>\n";
  const auto faults = all_faults(result);
  for (size_t i = 0; i < faults.size() && i < kMaxCostRows; ++i) {
    const sim::FaultRecord& f = *faults[i];
    out += "<tr><td>" + html_escape(f.description) + (f.fault.random ? " (random)" : "") + "</td>";
    for (const auto& run : result.runs) {
      const sim::FaultRecord* r = record_of(run, f.description);
      out += "<td>" + (r != nullptr ? cost_cell(*r) : std::string("-")) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
  if (faults.size() > kMaxCostRows) {
    out += fmt::format("<p>... and {} more faults (all are in summary.json).</p>\n",
                       faults.size() - kMaxCostRows);
  }
  return out;
}

}  // namespace

std::string faults_section(const sim::RunResult& result) {
  const sim::PolicyRun* first = first_with_faults(result);
  if (first == nullptr) return "";
  std::string out = "<figure id=\"faults\">\n<h2>Faults</h2>\n";
  out += timeline(result, *first);
  out +=
      "<figcaption>Every fault that began in the window, a bar from its start to its end (a "
      "permanent one to the window's end); single-event upsets are counted in the table, not "
      "drawn. The resilience rows of the table above compare each policy with its run without "
      "the scenario's faults.</figcaption>\n</figure>\n";
  out += "<h2>What each fault cost</h2>\n";
  out += cost_table(result);
  return out;
}

}  // namespace lagrange::report::internal
