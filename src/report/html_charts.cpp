#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/internal/format.hpp"
#include "report/internal/html_charts.hpp"
#include "report/internal/names.hpp"
#include "report/internal/palette.hpp"
#include "report/internal/svg.hpp"

namespace lagrange::report::internal {
namespace {

constexpr double kBytesPerGb = 1e9;
constexpr size_t kMaxCdfPoints = 1000;  // enough to look smooth at 1 px per point
constexpr size_t kMaxBarSatellites = 24;

// Earlier policies get wider lines, so a later policy identical to an earlier one is drawn
// inside it instead of hiding it.
double line_width(size_t run_index, size_t runs) {
  return 1.8 + 1.4 * static_cast<double>(runs - 1 - std::min(run_index, runs - 1));
}

std::string figure(const std::string& id, const std::string& title, const std::string& body,
                   const std::string& caption) {
  return fmt::format("<figure id=\"{}\">\n<h2>{}</h2>\n{}<figcaption>{}</figcaption>\n</figure>\n",
                     id, html_escape(title), body, html_escape(caption));
}

std::string no_data(const std::string& what) {
  return "<p class=\"no-data\">" + html_escape(what) + "</p>\n";
}

double window_s(const sim::RunResult& result) {
  return std::max(1.0, (result.end - result.start).to_seconds());
}

// Snaps `v` down (or up) to the tick candidates of a log duration axis, for tidy ends.
double snap_log(double v, bool up) {
  static constexpr double kStops[] = {0.1, 1, 10, 60, 600, 3600, 21600, 86400, 604800, 2592000};
  if (up) {
    for (double s : kStops) {
      if (s >= v) return s;
    }
    return v;
  }
  double best = kStops[0];
  for (double s : kStops) {
    if (s <= v) best = s;
  }
  return best;
}

// The CDF as a step line over the delivered latencies, y in % of submitted jobs.
Series cdf_series(const sim::PolicyRun& run, size_t run_index) {
  std::vector<double> latencies;
  for (const auto& job : run.jobs) {
    if (job.is_delivered()) latencies.push_back(std::max(job.latency_s(), 0.1));
  }
  std::sort(latencies.begin(), latencies.end());
  Series s{run.policy, policy_colour(run.policy, run_index), {}, {}, false};
  const double submitted = static_cast<double>(std::max<size_t>(run.jobs.size(), 1));
  const size_t stride = (latencies.size() + kMaxCdfPoints - 1) / kMaxCdfPoints;
  double previous = 0.0;
  for (size_t i = 0; i < latencies.size(); i += std::max<size_t>(stride, 1)) {
    const size_t last = std::min(latencies.size(), i + std::max<size_t>(stride, 1)) - 1;
    const double share = 100.0 * static_cast<double>(last + 1) / submitted;
    s.x.push_back(latencies[i]);
    s.y.push_back(previous);
    s.x.push_back(latencies[i]);
    s.y.push_back(share);
    previous = share;
  }
  return s;
}

}  // namespace

Axis time_axis(const sim::RunResult& result) {
  Axis x;
  x.title = "time (UTC, " + format_iso8601(result.start).substr(0, 10) + ")";
  x.min = 0.0;
  x.max = window_s(result);
  x.scale = Scale::kUtcTime;
  x.time_origin = result.start;
  return x;
}

std::string latency_cdf_figure(const sim::RunResult& result) {
  const std::string title = "Latency: share of jobs delivered within a time";
  std::vector<Series> series;
  double lo = INFINITY;
  double hi = 0.0;
  for (size_t r = 0; r < result.runs.size(); ++r) {
    Series s = cdf_series(result.runs[r], r);
    s.width_px = line_width(r, result.runs.size());
    for (double v : s.x) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    series.push_back(std::move(s));
  }
  if (hi <= 0.0) return figure("latency", title, no_data("No job was delivered."), "");
  Axis x{"latency, capture or submission to result on the ground (log scale)",
         snap_log(lo, false),
         snap_log(hi, true),
         Scale::kLog,
         {},
         {},
         {}};
  if (x.max <= x.min) x.max = x.min * 10;
  // Extend the lines to the right edge so a policy's plateau (its dropped jobs) is visible.
  for (auto& s : series) {
    if (s.y.empty()) continue;
    s.x.push_back(x.max);
    s.y.push_back(s.y.back());
  }
  Axis y{"delivered (% of submitted jobs)", 0.0, 100.0, Scale::kLinear, {}, {}, {}};
  return figure("latency", title, line_chart("latency", x, y, series),
                "Each line rises at the latency of each delivered job; where it levels off "
                "below 100 % the rest were dropped. Latency runs from capture (EO work) or "
                "submission (compute jobs, LLM queries) to the last byte of the result on the "
                "ground.");
}

std::string downlink_figure(const sim::RunResult& result) {
  std::vector<Series> series;
  double top = 0.0;
  for (size_t r = 0; r < result.runs.size(); ++r) {
    const auto& run = result.runs[r];
    Series s{run.policy, policy_colour(run.policy, r),     {}, {},
             false,      line_width(r, result.runs.size())};
    // Samples are ordered by (time, satellite): sum each instant's satellites.
    for (size_t i = 0; i < run.samples.size();) {
      const Instant t = run.samples[i].time;
      double bytes = 0.0;
      for (; i < run.samples.size() && run.samples[i].time == t; ++i) {
        bytes += run.samples[i].downlinked_bytes;
      }
      s.x.push_back((t - result.start).to_seconds());
      s.y.push_back(bytes / kBytesPerGb);
      top = std::max(top, bytes / kBytesPerGb);
    }
    series.push_back(std::move(s));
  }
  const std::string title = "Data downlinked over time";
  if (series.empty() || top <= 0.0) {
    return figure("downlink", title, no_data("Nothing was downlinked."), "");
  }
  Axis y{"downlinked, cumulative (GB)", 0.0, top * 1.05, Scale::kLinear, {}, {}, {}};
  return figure("downlink", title, line_chart("downlink", time_axis(result), y, series),
                "Bytes received by the ground stations from all satellites since the start of "
                "the window, per policy.");
}

std::string battery_figure(const sim::RunResult& result) {
  std::vector<Series> series;
  double lowest_percent = 100.0;
  for (size_t r = 0; r < result.runs.size(); ++r) {
    const auto& run = result.runs[r];
    const std::string colour = policy_colour(run.policy, r);
    const double width = line_width(r, result.runs.size());
    // One legend entry per policy (its colour); the caption says which line is which, so
    // four policies' legend fits one row.
    Series mean{run.policy, colour, {}, {}, false, width};
    Series low{run.policy + " lowest", colour, {}, {}, true, width, false};
    for (size_t i = 0; i < run.samples.size();) {
      const Instant t = run.samples[i].time;
      double sum = 0.0;
      double lowest = INFINITY;
      size_t n = 0;
      for (; i < run.samples.size() && run.samples[i].time == t; ++i, ++n) {
        sum += run.samples[i].state_of_charge;
        lowest = std::min(lowest, run.samples[i].state_of_charge);
      }
      const double x = (t - result.start).to_seconds();
      mean.x.push_back(x);
      mean.y.push_back(100.0 * sum / static_cast<double>(n));
      low.x.push_back(x);
      low.y.push_back(100.0 * lowest);
      lowest_percent = std::min(lowest_percent, 100.0 * lowest);
    }
    if (mean.x.empty()) continue;
    series.push_back(std::move(mean));
    series.push_back(std::move(low));
  }
  const std::string title = "Battery state of charge";
  if (series.empty()) return figure("battery", title, no_data("No satellite samples."), "");
  // The axis starts on a multiple of 20 % at least 5 % below the lowest charge, so small
  // swings show and the bottom of the axis still has a tick.
  const double floor_percent = std::max(0.0, std::floor((lowest_percent - 5.0) / 20.0) * 20.0);
  Axis y{"state of charge (%)", floor_percent, 100.0, Scale::kLinear, {}, {}, {}};
  std::string caption =
      "Solid: mean over the satellites; dashed: the lowest satellite at that time.";
  if (floor_percent > 0.0) caption += fmt::format(" The axis starts at {} %.", floor_percent);
  return figure("battery", title, line_chart("battery", time_axis(result), y, series), caption);
}

std::string utilisation_figure(const sim::RunResult& result) {
  const std::string title = "Accelerator utilisation per satellite";
  const size_t n = result.satellites.size();
  if (n == 0 || result.runs.empty()) {
    return figure("utilisation", title, no_data("No satellites."), "");
  }
  Axis y{"busy time (% of the window)", 0.0, 0.0, Scale::kLinear, {}, {}, {}};
  double top = 0.0;
  for (const auto& run : result.runs) {
    for (const auto& s : run.satellites) top = std::max(top, 100.0 * s.utilisation);
  }
  y.max = top <= 0.0 ? 10.0 : std::min(100.0, top * 1.1);
  if (n <= kMaxBarSatellites) {
    std::vector<BarGroup> groups;
    for (size_t r = 0; r < result.runs.size(); ++r) {
      const auto& run = result.runs[r];
      BarGroup g{run.policy, policy_colour(run.policy, r), std::vector<double>(n, 0.0)};
      for (size_t i = 0; i < n && i < run.satellites.size(); ++i) {
        g.values[i] = 100.0 * run.satellites[i].utilisation;
      }
      groups.push_back(std::move(g));
    }
    ChartSize size;
    if (n > 12) size.bottom = 90;  // rotated names
    return figure("utilisation", title,
                  grouped_bar_chart(result.satellites, "satellite", groups, y, size),
                  "Share of the window each satellite's accelerator spent computing.");
  }
  // Too many satellites for bars: each policy's utilisations sorted, busiest first.
  std::vector<Series> series;
  for (size_t r = 0; r < result.runs.size(); ++r) {
    const auto& run = result.runs[r];
    std::vector<double> u;
    for (const auto& s : run.satellites) u.push_back(100.0 * s.utilisation);
    std::sort(u.begin(), u.end(), std::greater<>());
    Series s{run.policy, policy_colour(run.policy, r),     {}, u,
             false,      line_width(r, result.runs.size())};
    for (size_t i = 0; i < u.size(); ++i) s.x.push_back(static_cast<double>(i + 1));
    series.push_back(std::move(s));
  }
  Axis x{
      "satellites, busiest first (rank)", 1.0, static_cast<double>(n), Scale::kLinear, {}, {}, {}};
  return figure(
      "utilisation", title, line_chart("utilisation", x, y, series),
      fmt::format("{} satellites, too many for one bar each: every policy's per-satellite "
                  "utilisation sorted from the busiest.",
                  n));
}

std::string llm_figure(const sim::RunResult& result) {
  std::vector<std::string> rows;
  std::vector<std::vector<double>> values;
  double widest = 0.0;
  for (const auto& run : result.runs) {
    const sim::LlmSummary& l = run.summary.llm;
    if (l.queries == 0) continue;
    rows.push_back(run.policy);
    values.push_back({l.uplink_wait_s.p50, l.routing_s.p50, l.time_to_first_token_s.p50,
                      l.generation_s.p50, l.downlink_wait_s.p50});
    double sum = 0.0;
    for (double v : values.back()) sum += v;
    widest = std::max(widest, sum);
  }
  if (rows.empty()) return "";
  const std::vector<StackSegment> segments = {{"wait for uplink", "#a6cee3"},
                                              {"route to model", "#1f78b4"},
                                              {"first token (prefill)", "#b2df8a"},
                                              {"generation", "#33a02c"},
                                              {"wait for downlink", "#fb9a99"}};
  Axis x{"seconds (median of each step)",
         0.0,
         widest > 0.0 ? widest * 1.1 : 1.0,
         Scale::kLinear,
         {},
         {},
         {}};
  ChartSize size;
  size.height = std::max(200, 110 + 56 * static_cast<int>(rows.size()));
  size.left = 110;
  return figure("llm", "LLM queries: where the time goes",
                stacked_bar_chart(rows, segments, values, x, human_duration, size),
                "Median of each step of a query, question on the ground to answer on the ground. "
                "Medians of steps need not add up to the median total shown in the table.");
}

}  // namespace lagrange::report::internal
