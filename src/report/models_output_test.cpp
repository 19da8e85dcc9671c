// Users' models in summary.json and report.html: each satellite's version over time, each
// deployment's progress; absent when the run has no users' models.
#include <gtest/gtest.h>

#include "report/html_report.hpp"
#include "report/internal/test_run_result.hpp"
#include "report/summary_json.hpp"

namespace lagrange::report {
namespace {

using nlohmann::json;

sim::RunResult with_models() {
  sim::RunResult r = test::make_run_result();
  sim::ModelRunRecord& m = r.runs[0].models;
  m.names = {"ships"};
  m.versions = {{r.start, 0, 0, 1}, {r.start + Duration::seconds(90), 1, 0, 1}};
  sim::DeploymentRecord d;
  d.model = 0;
  d.version = 1;
  d.requested = r.start;
  d.satellites = {0, 1};
  d.installed = {r.start, r.start + Duration::seconds(90)};
  d.bytes_received = {593, 593};
  d.sources = {-1, 3};  // on board already; from the first station
  d.completed = r.start + Duration::seconds(90);
  d.file_bytes = 593;
  d.bytes_sent = 593;
  m.deployments = {d};
  m.bytes = {593, 593, 0, 0};
  return r;
}

TEST(ModelsOutput, SummaryJsonHasVersionsAndDeployments) {
  const sim::RunResult r = with_models();
  const json j = json::parse(summary_json_text(r));
  EXPECT_FALSE(j["policies"][1].contains("models"));
  const json& m = j["policies"][0]["models"];
  EXPECT_EQ(m["names"], json::array({"ships"}));
  ASSERT_EQ(m["versions"].size(), 2u);
  EXPECT_EQ(m["versions"][1]["at"], "2026-06-27T00:01:30.000Z");
  EXPECT_EQ(m["versions"][1]["version"], 1);
  const json& d = m["deployments"][0];
  EXPECT_EQ(d["completed"], "2026-06-27T00:01:30.000Z");
  EXPECT_EQ(d["targets"][0]["source"], nullptr);
  EXPECT_EQ(d["targets"][1]["source"], r.stations[0].name);
  EXPECT_EQ(m["bytes"]["sent"], 593);
}

TEST(ModelsOutput, ReportHasASectionOnlyWithModels) {
  EXPECT_EQ(html_report(test::make_run_result()).find("Users' models"), std::string::npos);
  const std::string html = html_report(with_models());
  EXPECT_NE(html.find("Users' models"), std::string::npos);
  EXPECT_NE(html.find("2 of 2"), std::string::npos);
  EXPECT_NE(html.find("2026-06-27T00:01:30.000Z"), std::string::npos);
}

}  // namespace
}  // namespace lagrange::report
