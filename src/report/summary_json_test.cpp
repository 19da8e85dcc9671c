#include "report/summary_json.hpp"

#include <gtest/gtest.h>

#include "report/internal/test_run_result.hpp"

namespace lagrange::report {
namespace {

using nlohmann::json;

TEST(SummaryJson, ParsesBackWithTheRunsFigures) {
  const sim::RunResult r = test::make_run_result();
  const json j = json::parse(summary_json_text(r));
  EXPECT_EQ(j["scenario"], "hand-built");
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["start"], "2026-06-27T00:00:00.000Z");
  EXPECT_EQ(j["end"], "2026-06-27T02:00:00.000Z");
  EXPECT_EQ(j["satellites"], 3);
  EXPECT_EQ(j["stations"].size(), 3u);
  ASSERT_EQ(j["policies"].size(), 2u);
  for (size_t p = 0; p < 2; ++p) {
    const json& pj = j["policies"][p];
    const sim::PolicySummary& s = r.runs[p].summary;
    EXPECT_EQ(pj["policy"], r.runs[p].policy);
    EXPECT_EQ(pj["jobs_submitted"], s.jobs_submitted);
    EXPECT_EQ(pj["jobs_delivered"], s.jobs_delivered);
    EXPECT_EQ(pj["jobs_dropped"], s.jobs_dropped);
    EXPECT_EQ(pj["latency_s"]["p50"].get<double>(), s.latency_s.p50);
    EXPECT_EQ(pj["latency_s"]["p90"].get<double>(), s.latency_s.p90);
    EXPECT_EQ(pj["latency_s"]["p99"].get<double>(), s.latency_s.p99);
    EXPECT_EQ(pj["downlink_bytes"].get<double>(), s.downlink_bytes);  // round trip is exact
    EXPECT_EQ(pj["downlink_saved_fraction"].get<double>(), s.downlink_saved_fraction);
    EXPECT_EQ(pj["energy_j"].get<double>(), s.energy_j);
    EXPECT_EQ(pj["energy_per_job_j"].get<double>(), s.energy_per_job_j);
    EXPECT_EQ(pj["accelerator_utilisation"].get<double>(), s.accelerator_utilisation);
    EXPECT_EQ(pj["lowest_state_of_charge"].get<double>(), s.lowest_state_of_charge);
    EXPECT_EQ(pj["events"], s.events);
    EXPECT_EQ(pj["tenants"].size(), 3u);
    EXPECT_EQ(pj["tenants"][2]["tenant"], "open-llm");
    EXPECT_EQ(pj["llm"]["queries"], s.llm.queries);
    EXPECT_EQ(pj["llm"]["answered"], s.llm.answered);
    EXPECT_EQ(pj["llm"]["tokens_per_s"].get<double>(), 31.5);
    EXPECT_EQ(pj["satellites"].size(), 3u);
    EXPECT_EQ(pj["satellites"][0]["satellite"], "SAT-A");
    // Drops add up, and every reason is present whether or not it happened.
    size_t dropped = 0;
    for (const auto& [reason, count] : pj["dropped_by_reason"].items()) {
      dropped += count.get<size_t>();
    }
    EXPECT_EQ(dropped, s.jobs_dropped);
    EXPECT_TRUE(pj["dropped_by_reason"].contains("battery_low"));
    EXPECT_EQ(pj["dropped_by_reason"]["battery_low"], 0);
  }
  EXPECT_GT(j["policies"][0]["jobs_dropped"].get<int>(), 0);
}

TEST(SummaryJson, KeysAreInTheDocumentedOrder) {
  const auto j = summary_json(test::make_run_result());
  std::vector<std::string> keys;
  for (const auto& [key, value] : j["policies"][0].items()) keys.push_back(key);
  const std::vector<std::string> expected = {"policy",
                                             "jobs_submitted",
                                             "jobs_delivered",
                                             "jobs_dropped",
                                             "dropped_by_reason",
                                             "latency_s",
                                             "downlink_bytes",
                                             "downlink_saved_fraction",
                                             "isl_bytes",
                                             "energy_j",
                                             "energy_per_job_j",
                                             "constellation_energy_j",
                                             "accelerator_utilisation",
                                             "lowest_state_of_charge",
                                             "events",
                                             "captures",
                                             "tenants",
                                             "llm",
                                             "satellites"};
  EXPECT_EQ(keys, expected);
}

TEST(SummaryJson, NonFiniteFiguresBecomeNull) {
  sim::RunResult r = test::make_run_result();
  r.runs[0].summary.energy_per_job_j = std::numeric_limits<double>::quiet_NaN();
  const json j = json::parse(summary_json_text(r));
  EXPECT_TRUE(j["policies"][0]["energy_per_job_j"].is_null());
}

TEST(SummaryJson, InvalidUtf8InNamesDoesNotThrow) {
  sim::RunResult r = test::make_run_result();
  r.scenario = "bad\xff name";
  EXPECT_NO_THROW((void)summary_json_text(r));
}

TEST(SummaryJson, AResilienceBlockOnlyWithFaultsAndTheBaselineDifferences) {
  sim::RunResult r = test::make_run_result();
  sim::FaultRecord loss;
  loss.description = "satellite_loss of SAT-1 at 2026-06-27T01:00:00.000Z";
  loss.fault.kind = scenario::FaultKind::kSatelliteLoss;
  loss.fault.start = r.start + Duration::hours(1);
  loss.jobs_dropped = 3;
  loss.bytes_lost = 2e6;
  r.runs[1].faults = {loss};
  sim::PolicySummary baseline = r.runs[1].summary;
  baseline.jobs_delivered += 3;
  baseline.latency_s.p50 -= 60.0;
  baseline.energy_j += 500.0;
  r.runs[1].baseline = baseline;
  const json j = json::parse(summary_json_text(r));
  EXPECT_FALSE(j["policies"][0].contains("resilience"));
  const json& res = j["policies"][1]["resilience"];
  ASSERT_EQ(res["faults"].size(), 1u);
  EXPECT_EQ(res["faults"][0]["kind"], "satellite_loss");
  EXPECT_TRUE(res["faults"][0]["end"].is_null());  // a loss is permanent
  EXPECT_EQ(res["faults"][0]["jobs_dropped"], 3);
  EXPECT_EQ(res["bytes_lost"], 2e6);
  EXPECT_EQ(res["baseline"]["jobs_delivered"], baseline.jobs_delivered);
  EXPECT_EQ(res["against_baseline"]["jobs_delivered"], -3);
  EXPECT_DOUBLE_EQ(res["against_baseline"]["latency_p50_s"].get<double>(), 60.0);
  EXPECT_DOUBLE_EQ(res["against_baseline"]["energy_j"].get<double>(), -500.0);
  // Without a baseline (--no-baseline) the block has no comparison.
  r.runs[1].baseline.reset();
  const json off = json::parse(summary_json_text(r));
  EXPECT_FALSE(off["policies"][1]["resilience"].contains("baseline"));
  EXPECT_FALSE(off["policies"][1]["resilience"].contains("against_baseline"));
}

TEST(SummaryJson, IsDeterministic) {
  EXPECT_EQ(summary_json_text(test::make_run_result()), summary_json_text(test::make_run_result()));
}

}  // namespace
}  // namespace lagrange::report
