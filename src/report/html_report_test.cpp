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

TEST(HtmlReport, AFaultsSectionOnlyWithFaultsWithEachFaultsCostPerPolicy) {
  sim::RunResult r = test::make_run_result();
  EXPECT_EQ(html_report(r).find("id=\"faults\""), std::string::npos);
  sim::FaultRecord outage;
  outage.description = "station_outage of Kashgar at 2026-06-27T00:30:00.000Z for 1800 s";
  outage.fault.kind = scenario::FaultKind::kStationOutage;
  outage.fault.start = r.start + Duration::minutes(30);
  outage.fault.end = r.start + Duration::hours(1);
  outage.jobs_dropped = 4;
  outage.bundles_resent = 9;
  sim::FaultRecord upsets;
  upsets.description = "single-event upsets at 0.5 per accelerator-hour";
  upsets.upsets = 2;
  upsets.reruns = 2;
  r.runs[0].faults = {outage};
  r.runs[1].faults = {upsets, outage};  // only on-board computed: only it has the upsets' record
  const std::string html = html_report(r);
  EXPECT_EQ(count(html, "id=\"faults\""), 1u);
  EXPECT_EQ(count(html, "<svg"), count(html_report(test::make_run_result()), "<svg") + 1);
  // One row per fault, each once, matched by fault and not by position.
  EXPECT_EQ(count(html, "station_outage of Kashgar"), 1u);
  EXPECT_EQ(count(html, "4 dropped, 0 reruns, 9 resent, 0.00 GB lost"), 2u);
  EXPECT_NE(html.find("<td>-</td><td>2 upsets, 2 reruns</td>"), std::string::npos);
  // Every kind has its row on the timeline, drawn or not.
  for (auto kind : scenario::kFaultKindNames)
    EXPECT_NE(html.find(std::string(kind)), std::string::npos);
}

TEST(HtmlReport, IsDeterministic) {
  EXPECT_EQ(html_report(test::make_run_result()), html_report(test::make_run_result()));
}

}  // namespace
}  // namespace lagrange::report
