#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "report/internal/format.hpp"
#include "report/internal/svg.hpp"

namespace lagrange::report::internal {
namespace {

constexpr int kTop = 40;  // room for the legend row
constexpr int kRight = 24;
constexpr double kCharWidthPx = 7.0;  // 12 px sans-serif, for laying out legends
constexpr size_t kMaxTicks = 11;

// Plot-area geometry of one chart.
struct Frame {
  double left, top, width, height;
  double right() const { return left + width; }
  double bottom() const { return top + height; }
};

Frame frame_of(const ChartSize& size) {
  return {static_cast<double>(size.left), static_cast<double>(kTop),
          static_cast<double>(size.width - size.left - kRight),
          static_cast<double>(size.height - kTop - size.bottom)};
}

// Position of `v` along an axis as a fraction of its length in [0, 1] (clamped: points
// outside the axis range are drawn on its edge, and the clip path hides lines beyond it).
double fraction(const Axis& axis, double v) {
  double f = 0.0;
  if (axis.scale == Scale::kLog) {
    const double lo = std::log10(axis.min);
    const double hi = std::log10(axis.max);
    f = (std::log10(std::max(v, axis.min)) - lo) / (hi - lo);
  } else {
    f = (v - axis.min) / (axis.max - axis.min);
  }
  return std::clamp(f, -0.01, 1.01);
}

double to_x(const Frame& f, const Axis& axis, double v) {
  return f.left + fraction(axis, v) * f.width;
}
double to_y(const Frame& f, const Axis& axis, double v) {
  return f.bottom() - fraction(axis, v) * f.height;
}

double nice_step(double range, size_t target) {
  const double raw = range / static_cast<double>(target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10.0 * magnitude;
}

std::vector<double> linear_ticks(const Axis& axis) {
  std::vector<double> ticks;
  if (!(axis.max > axis.min)) return {axis.min};
  const double step = nice_step(axis.max - axis.min, 5);
  for (double k = std::ceil(axis.min / step - 1e-9); k * step <= axis.max + step * 1e-9; k += 1) {
    ticks.push_back(k * step);
  }
  return ticks;
}

std::vector<double> time_ticks(const Axis& axis) {
  static constexpr double kSteps[] = {60,    300,   600,   900,   1800,   3600,  7200,
                                      10800, 21600, 43200, 86400, 172800, 604800};
  const double range = axis.max - axis.min;
  double step = kSteps[std::size(kSteps) - 1];
  for (double s : kSteps) {
    if (range / s <= 12.0) {
      step = s;
      break;
    }
  }
  // Ticks on round UTC times (whole hours, days), not on multiples from the window start.
  const double origin_s = std::floor(axis.time_origin.unix_seconds());
  std::vector<double> ticks;
  for (double t = std::ceil((origin_s + axis.min) / step) * step; t <= origin_s + axis.max;
       t += step) {
    ticks.push_back(t - origin_s);
  }
  return ticks;
}

std::vector<double> log_ticks(const Axis& axis) {
  static constexpr double kFine[] = {0.1,  0.2,   0.5,   1,     2,     5,      10,    20,
                                     30,   60,    120,   300,   600,   1200,   1800,  3600,
                                     7200, 10800, 21600, 43200, 86400, 172800, 432000};
  static constexpr double kCoarse[] = {0.1, 1, 10, 60, 600, 3600, 21600, 86400, 864000};
  std::vector<double> ticks;
  for (double t : kFine) {
    if (t >= axis.min * (1 - 1e-9) && t <= axis.max * (1 + 1e-9)) ticks.push_back(t);
  }
  if (ticks.size() <= kMaxTicks - 1) return ticks;
  ticks.clear();
  for (double t : kCoarse) {
    if (t >= axis.min * (1 - 1e-9) && t <= axis.max * (1 + 1e-9)) ticks.push_back(t);
  }
  return ticks;
}

// "30 s", "10 min", "6 h", "2 d": durations on a log axis read best in the unit they are in.
std::string duration_tick(double s) {
  if (s < 60) return shortest(s) + " s";
  if (s < 3600) return shortest(s / 60) + " min";
  if (s < 86400) return shortest(s / 3600) + " h";
  return shortest(s / 86400) + " d";
}

std::string time_tick(const Axis& axis, double s, bool with_date) {
  const std::string iso = format_iso8601(axis.time_origin + Duration::from_seconds(s));
  // "2026-06-27T12:00:00.000Z" -> "12:00", or "06-27 12:00" on windows beyond a day.
  return with_date ? iso.substr(5, 5) + " " + iso.substr(11, 5) : iso.substr(11, 5);
}

std::function<std::string(double)> tick_labeller(const Axis& axis,
                                                 const std::vector<double>& ticks) {
  if (axis.tick_label) return axis.tick_label;
  switch (axis.scale) {
    case Scale::kLog:
      return duration_tick;
    case Scale::kUtcTime: {
      const bool with_date = axis.max - axis.min > 86400.0;
      return [axis, with_date](double s) { return time_tick(axis, s, with_date); };
    }
    case Scale::kLinear:
      break;
  }
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
  int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
  if (std::fabs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) >
      1e-6) {
    ++decimals;  // 2.5, 0.25
  }
  return [decimals](double v) { return fixed(v, decimals); };
}

void append(std::string& out, std::string_view text) {
  out.append(text);
}

template <typename... Args>
void appendf(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

void open_svg(std::string& out, const ChartSize& size) {
  appendf(out,
          "<svg class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\">\n",
          size.width, size.height, size.width, size.height);
}

void x_axis(std::string& out, const Frame& f, const Axis& axis, const ChartSize& size) {
  const auto ticks = axis_ticks(axis);
  const auto label = tick_labeller(axis, ticks);
  for (double t : ticks) {
    const double x = to_x(f, axis, t);
    appendf(out, "<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", px(x),
            px(f.top), px(f.bottom()));
    appendf(out, "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", px(x),
            px(f.bottom()), px(f.bottom() + 5));
    appendf(out, "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", px(x),
            px(f.bottom() + 19), html_escape(label(t)));
  }
  appendf(out, "<line class=\"axis\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>\n", px(f.left),
          px(f.right()), px(f.bottom()));
  appendf(out, "<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
          px(f.left + f.width / 2), size.height - 10, html_escape(axis.title));
}

void y_axis(std::string& out, const Frame& f, const Axis& axis) {
  const auto ticks = axis_ticks(axis);
  const auto label = tick_labeller(axis, ticks);
  for (double t : ticks) {
    const double y = to_y(f, axis, t);
    appendf(out, "<line class=\"grid\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>\n", px(f.left),
            px(f.right()), px(y));
    appendf(out, "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            px(f.left - 8), px(y + 4), html_escape(label(t)));
  }
  appendf(out, "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", px(f.left),
          px(f.top), px(f.bottom()));
  const double cy = f.top + f.height / 2;
  appendf(out,
          "<text class=\"axis-title\" x=\"18\" y=\"{0}\" text-anchor=\"middle\" "
          "transform=\"rotate(-90 18 {0})\">{1}</text>\n",
          px(cy), html_escape(axis.title));
}

void polyline(std::string& out, const Frame& f, const Axis& x, const Axis& y, const Series& s,
              const std::string& clip) {
  std::string points;
  auto flush = [&] {
    if (points.empty()) return;
    appendf(out,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{} clip-path=\"url(#{})\" "
            "points=\"{}\"/>\n",
            html_escape(s.colour), px(s.width_px), s.dashed ? " stroke-dasharray=\"6 4\"" : "",
            clip, points);
    points.clear();
  };
  for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
    if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
      flush();  // a gap in the data is a gap in the line
      continue;
    }
    if (!points.empty()) points += ' ';
    points += px(to_x(f, x, s.x[i])) + "," + px(to_y(f, y, s.y[i]));
  }
  flush();
}

}  // namespace

std::string px(double v) {
  return fixed(v, 1);
}

std::vector<double> axis_ticks(const Axis& axis) {
  if (!axis.ticks.empty()) return axis.ticks;
  switch (axis.scale) {
    case Scale::kLog:
      return log_ticks(axis);
    case Scale::kUtcTime:
      return time_ticks(axis);
    case Scale::kLinear:
      break;
  }
  return linear_ticks(axis);
}

std::string legend(const std::vector<LegendEntry>& entries, double x, double y) {
  std::string out;
  for (const auto& e : entries) {
    const std::string colour = html_escape(e.colour);
    switch (e.mark) {
      case LegendEntry::Mark::kLine:
      case LegendEntry::Mark::kDashedLine:
        appendf(out,
                "<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\" "
                "stroke-width=\"3\"{4}/>\n",
                px(x), px(x + 22), px(y - 4), colour,
                e.mark == LegendEntry::Mark::kDashedLine ? " stroke-dasharray=\"6 4\"" : "");
        break;
      case LegendEntry::Mark::kBox:
        appendf(out, "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"11\" fill=\"{}\"/>\n", px(x),
                px(y - 10), colour);
        break;
      case LegendEntry::Mark::kDot:
        appendf(out, "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"/>\n", px(x + 11), px(y - 4),
                colour);
        break;
      case LegendEntry::Mark::kTriangle:
        appendf(out, "<path d=\"M{} {} l6 10 h-12 z\" fill=\"{}\"/>\n", px(x + 11), px(y - 10),
                colour);
        break;
    }
    appendf(out, "<text class=\"legend\" x=\"{}\" y=\"{}\">{}</text>\n", px(x + 28), px(y),
            html_escape(e.name));
    x += 28 + kCharWidthPx * static_cast<double>(e.name.size()) + 24;
  }
  return out;
}

std::string line_chart(const std::string& id, const Axis& x, const Axis& y,
                       const std::vector<Series>& series, const ChartSize& size) {
  const Frame f = frame_of(size);
  std::string out;
  open_svg(out, size);
  const std::string clip = "clip-" + id;
  appendf(out,
          "<defs><clipPath id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>"
          "</clipPath></defs>\n",
          clip, px(f.left), px(f.top - 2), px(f.width), px(f.height + 4));
  x_axis(out, f, x, size);
  y_axis(out, f, y);
  std::vector<LegendEntry> entries;
  for (const auto& s : series) {
    polyline(out, f, x, y, s, clip);
    if (!s.in_legend) continue;
    entries.push_back(
        {s.name, s.colour, s.dashed ? LegendEntry::Mark::kDashedLine : LegendEntry::Mark::kLine});
  }
  append(out, legend(entries, f.left, 20));
  append(out, "</svg>\n");
  return out;
}

std::string grouped_bar_chart(const std::vector<std::string>& categories,
                              const std::string& categories_title,
                              const std::vector<BarGroup>& groups, const Axis& y,
                              const ChartSize& size) {
  const Frame f = frame_of(size);
  std::string out;
  open_svg(out, size);
  y_axis(out, f, y);
  appendf(out, "<line class=\"axis\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>\n", px(f.left),
          px(f.right()), px(f.bottom()));
  const double slot = f.width / static_cast<double>(std::max<size_t>(categories.size(), 1));
  const double bar = slot * 0.8 / static_cast<double>(std::max<size_t>(groups.size(), 1));
  const bool rotate = categories.size() > 12;
  for (size_t c = 0; c < categories.size(); ++c) {
    const double x0 = f.left + slot * static_cast<double>(c) + slot * 0.1;
    for (size_t g = 0; g < groups.size(); ++g) {
      const double v = c < groups[g].values.size() ? groups[g].values[c] : 0.0;
      const double top = to_y(f, y, v);
      appendf(out,
              "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: "
              "{}</title></rect>\n",
              px(x0 + bar * static_cast<double>(g)), px(top), px(bar * 0.92),
              px(std::max(0.0, f.bottom() - top)), html_escape(groups[g].colour),
              html_escape(groups[g].name + ", " + categories[c]), fixed(v, 2));
    }
    const double cx = f.left + slot * (static_cast<double>(c) + 0.5);
    if (rotate) {
      appendf(out,
              "<text class=\"tick\" x=\"{0}\" y=\"{1}\" text-anchor=\"end\" "
              "transform=\"rotate(-40 {0} {1})\">{2}</text>\n",
              px(cx), px(f.bottom() + 14), html_escape(categories[c]));
    } else {
      appendf(out, "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
              px(cx), px(f.bottom() + 19), html_escape(categories[c]));
    }
  }
  appendf(out, "<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
          px(f.left + f.width / 2), size.height - 10, html_escape(categories_title));
  std::vector<LegendEntry> entries;
  for (const auto& g : groups) entries.push_back({g.name, g.colour, LegendEntry::Mark::kBox});
  append(out, legend(entries, f.left, 20));
  append(out, "</svg>\n");
  return out;
}

std::string stacked_bar_chart(const std::vector<std::string>& rows,
                              const std::vector<StackSegment>& segments,
                              const std::vector<std::vector<double>>& values, const Axis& x,
                              const std::function<std::string(double)>& total_label,
                              const ChartSize& size) {
  const Frame f = frame_of(size);
  std::string out;
  open_svg(out, size);
  x_axis(out, f, x, size);
  appendf(out, "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", px(f.left),
          px(f.top), px(f.bottom()));
  const double slot = f.height / static_cast<double>(std::max<size_t>(rows.size(), 1));
  for (size_t r = 0; r < rows.size(); ++r) {
    const double y0 = f.top + slot * static_cast<double>(r) + slot * 0.2;
    double start = 0.0;
    for (size_t s = 0; s < segments.size(); ++s) {
      const double v = r < values.size() && s < values[r].size() ? values[r][s] : 0.0;
      const double x0 = to_x(f, x, start);
      const double x1 = to_x(f, x, start + v);
      appendf(out,
              "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: "
              "{}</title></rect>\n",
              px(x0), px(y0), px(std::max(0.0, x1 - x0)), px(slot * 0.6),
              html_escape(segments[s].colour), html_escape(rows[r] + ", " + segments[s].name),
              html_escape(fixed(v, 2)));
      start += v;
    }
    appendf(out, "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            px(f.left - 8), px(y0 + slot * 0.3 + 4), html_escape(rows[r]));
    // The total at the bar's end, so a bar too short to see still has its figure.
    const std::string total = total_label(start);
    appendf(out, "<text class=\"tick\" x=\"{}\" y=\"{}\">{}</text>\n", px(to_x(f, x, start) + 6),
            px(y0 + slot * 0.3 + 4), html_escape(total));
  }
  std::vector<LegendEntry> entries;
  for (const auto& s : segments) entries.push_back({s.name, s.colour, LegendEntry::Mark::kBox});
  append(out, legend(entries, f.left, 20));
  append(out, "</svg>\n");
  return out;
}

}  // namespace lagrange::report::internal
