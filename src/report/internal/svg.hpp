// Small inline-SVG charts for the HTML report: line charts (linear, logarithmic or UTC-time
// x axes), grouped vertical bars and stacked horizontal bars, each with labelled ticks, axis
// titles with units and a legend. Output is text with coordinates rounded to 0.1 px, so it
// is deterministic. All text is HTML-escaped here; callers pass plain text.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace lagrange::report::internal {

enum class Scale { kLinear, kLog, kUtcTime };

struct Axis {
  std::string title;  // with the unit: "latency (log scale)", "downlinked (GB)"
  double min = 0.0;
  double max = 1.0;
  Scale scale = Scale::kLinear;
  Instant time_origin;  // kUtcTime: values are seconds after this instant
  // Optional: text of a tick value (default: linear "0.5", log human durations, time "HH:MM").
  std::function<std::string(double)> tick_label;
  // Optional: the tick values themselves (default: chosen from the range and scale).
  std::vector<double> ticks;
};

struct Series {
  std::string name;
  std::string colour;  // CSS colour
  std::vector<double> x;
  std::vector<double> y;
  bool dashed = false;
  double width_px = 2.0;  // wider lines under narrower ones keep identical series visible
  bool in_legend = true;  // false: a companion line the caption explains (same colour)
};

struct ChartSize {
  int width = 1160;
  int height = 380;
  int left = 80;  // room for the y tick labels and title
  int bottom = 56;
};

// `id` must be unique in the document (it names the clip path).
std::string line_chart(const std::string& id, const Axis& x, const Axis& y,
                       const std::vector<Series>& series, const ChartSize& size = {});

struct BarGroup {
  std::string name;  // legend entry (a policy)
  std::string colour;
  std::vector<double> values;  // one per category
};

std::string grouped_bar_chart(const std::vector<std::string>& categories,
                              const std::string& categories_title,
                              const std::vector<BarGroup>& groups, const Axis& y,
                              const ChartSize& size = {});

struct StackSegment {
  std::string name;  // legend entry (a step)
  std::string colour;
};

// One horizontal bar per row, made of segments[i] of length values[row][i], with the row's
// total written after the bar by `total_label`.
std::string stacked_bar_chart(const std::vector<std::string>& rows,
                              const std::vector<StackSegment>& segments,
                              const std::vector<std::vector<double>>& values, const Axis& x,
                              const std::function<std::string(double)>& total_label,
                              const ChartSize& size = {});

// Legend entries as a row of swatches, for charts drawn by hand (the map).
struct LegendEntry {
  std::string name;
  std::string colour;
  enum class Mark { kLine, kDashedLine, kBox, kDot, kTriangle } mark = Mark::kLine;
};
std::string legend(const std::vector<LegendEntry>& entries, double x, double y);

// Tick positions for an axis (exposed for tests).
std::vector<double> axis_ticks(const Axis& axis);

// "0.1 px" text of a coordinate.
std::string px(double v);

}  // namespace lagrange::report::internal
