#include <gtest/gtest.h>

#include "report/internal/svg.hpp"

namespace lagrange::report::internal {
namespace {

TEST(AxisTicks, LinearTicksAreRoundNumbersInsideTheRange) {
  Axis a{"x", 0.0, 100.0, Scale::kLinear, {}, {}, {}};
  EXPECT_EQ(axis_ticks(a), (std::vector<double>{0, 20, 40, 60, 80, 100}));
  a.max = 7.3;
  EXPECT_EQ(axis_ticks(a), (std::vector<double>{0, 2, 4, 6}));
}

TEST(AxisTicks, TimeTicksFallOnWholeUtcHours) {
  // Window starting at 00:30 UTC, 24 h long: ticks every 2 h on the even hours.
  Axis a{"t", 0.0, 24 * 3600.0, Scale::kUtcTime, Instant::from_unix_seconds(1782518400.0 + 1800),
         {},  {}};
  const auto ticks = axis_ticks(a);
  ASSERT_FALSE(ticks.empty());
  EXPECT_EQ(ticks[0], 5400.0);  // 02:00
  EXPECT_EQ(ticks[1] - ticks[0], 7200.0);
}

TEST(AxisTicks, LogTicksAreHumanDurations) {
  Axis a{"latency", 10.0, 86400.0, Scale::kLog, {}, {}, {}};
  EXPECT_EQ(axis_ticks(a), (std::vector<double>{10, 60, 600, 3600, 21600, 86400}));
  a.min = 1.0;
  a.max = 600.0;
  EXPECT_EQ(axis_ticks(a), (std::vector<double>{1, 2, 5, 10, 20, 30, 60, 120, 300, 600}));
}

TEST(LineChart, DrawsAxesLegendAndOneLinePerSeries) {
  Axis x{"time (s)", 0.0, 10.0, Scale::kLinear, {}, {}, {}};
  Axis y{"value (%)", 0.0, 100.0, Scale::kLinear, {}, {}, {}};
  const std::string svg = line_chart(
      "t", x, y,
      {{"a<b", "#111", {0, 5, 10}, {0, 50, 100}, false}, {"c", "#222", {0, 10}, {10, 20}, true}});
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("a&lt;b"), std::string::npos);
  EXPECT_NE(svg.find("time (s)"), std::string::npos);
  EXPECT_NE(svg.find(">100<"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  size_t lines = 0;
  for (size_t at = svg.find("<polyline"); at != std::string::npos;
       at = svg.find("<polyline", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 2u);
}

}  // namespace
}  // namespace lagrange::report::internal
