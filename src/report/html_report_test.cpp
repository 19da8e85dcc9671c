#include "report/html_report.hpp"

#include <gtest/gtest.h>

#include "report/internal/test_run_result.hpp"

namespace lagrange::report {
namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, IsOneSelfContainedPage) {
  const std::string html = html_report(test::make_run_result());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  // Nothing fetched from anywhere: no scripts, no external resources of any kind.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url(http"), std::string::npos);
}

TEST(HtmlReport, HasEveryChartAsInlineSvg) {
  const std::string html = html_report(test::make_run_result());
  for (const char* id : {"latency", "downlink", "battery", "utilisation", "map", "llm"}) {
    const size_t at = html.find(std::string("<figure id=\"") + id + "\"");
    ASSERT_NE(at, std::string::npos) << id;
    const size_t end = html.find("</figure>", at);
    EXPECT_NE(html.substr(at, end - at).find("<svg"), std::string::npos) << id;
  }
  EXPECT_EQ(count(html, "<svg"), 6u);
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
}

TEST(HtmlReport, HeaderAndTableNameTheRun) {
  const std::string html = html_report(test::make_run_result());
  EXPECT_NE(html.find("Lagrange run: hand-built"), std::string::npos);
  EXPECT_NE(html.find("2026-06-27 00:00:00 to 2026-06-27 02:00:00 (2.0 h)"), std::string::npos);
  EXPECT_NE(html.find("3 (flagship 1, standard 2)"), std::string::npos);
  EXPECT_NE(html.find("Kashgar, Svalbard, Hartebeesthoek"), std::string::npos);
  EXPECT_NE(html.find("<td>Jobs submitted</td><td>12</td><td>12</td>"), std::string::npos);
}

TEST(HtmlReport, EscapesText) {
  sim::RunResult r = test::make_run_result();
  r.scenario = "<script>alert(1)</script>";
  r.stations[0].name = "A&B \"station\"";
  const std::string html = html_report(r);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("A&amp;B &quot;station&quot;"), std::string::npos);
  EXPECT_NE(html.find("&lt;tags&gt; &amp; &quot;quotes&quot;"), std::string::npos);
}

TEST(HtmlReport, CopesWithAnEmptyRun) {
  sim::RunResult r;
  r.scenario = "empty";
  const std::string html = html_report(r);
  EXPECT_NE(html.find("No job was delivered."), std::string::npos);
  EXPECT_EQ(html.find("id=\"llm\""), std::string::npos);
}

TEST(HtmlReport, ManySatellitesGetASortedLineInsteadOfBars) {
  test::Options o;
  o.satellites = 40;
  o.hours = 1;
  const std::string html = html_report(test::make_run_result(o));
  EXPECT_NE(html.find("40 satellites, too many for one bar each"), std::string::npos);
}

TEST(HtmlReport, IsDeterministic) {
  EXPECT_EQ(html_report(test::make_run_result()), html_report(test::make_run_result()));
}

}  // namespace
}  // namespace lagrange::report
