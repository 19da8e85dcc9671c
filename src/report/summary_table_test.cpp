#include "report/summary_table.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "report/internal/format.hpp"
#include "report/internal/test_run_result.hpp"

namespace lagrange::report {
namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string line_starting(const std::string& text, const std::string& prefix) {
  for (const auto& l : lines(text)) {
    if (l.rfind(prefix, 0) == 0) return l;
  }
  return "";
}

TEST(SummaryTable, PoliciesAreColumnsAndMetricsRows) {
  const sim::RunResult r = test::make_run_result();
  const std::string table = summary_table(r);
  const auto all = lines(table);
  ASSERT_GT(all.size(), 10u);
  EXPECT_EQ(all[0], "hand-built (2026-06-27T00:00:00.000Z to 2026-06-27T02:00:00.000Z, seed 7)");
  EXPECT_NE(all[2].find("bent-pipe"), std::string::npos);
  EXPECT_LT(all[2].find("bent-pipe"), all[2].find("on-board"));
  const std::string submitted = line_starting(table, "Jobs submitted");
  EXPECT_NE(submitted.find("12"), std::string::npos) << submitted;
  const std::string dropped = line_starting(table, "Jobs dropped");
  EXPECT_NE(dropped.find(std::to_string(r.runs[0].summary.jobs_dropped)), std::string::npos);
  // Every reason that occurred gets its own indented line.
  EXPECT_NE(line_starting(table, "  no_route"), "");
  EXPECT_NE(line_starting(table, "  deadline_missed"), "");
  EXPECT_EQ(line_starting(table, "  battery_low"), "");
  const std::string p50 = line_starting(table, "Latency p50");
  EXPECT_NE(p50.find(internal::human_duration(r.runs[1].summary.latency_s.p50)), std::string::npos)
      << p50;
  // bent-pipe is the baseline: no saving figure for itself.
  const std::string saved = line_starting(table, "Downlink saved vs bent-pipe");
  EXPECT_NE(saved.find(" - "), std::string::npos) << saved;
  EXPECT_NE(saved.find(" %"), std::string::npos) << saved;
  EXPECT_NE(line_starting(table, "  coastguard"), "");
  EXPECT_NE(line_starting(table, "  tokens/s").find("31.5"), std::string::npos);
}

TEST(SummaryTable, ColumnsAreAligned) {
  const std::string table = summary_table(test::make_run_result());
  const auto all = lines(table);
  // Every row with both values ends its first column at the same place as the header.
  const size_t header_end = all[2].find("bent-pipe") + std::string("bent-pipe").size();
  const std::string submitted = line_starting(table, "Jobs submitted");
  EXPECT_EQ(submitted[header_end - 1], '2') << submitted;
  EXPECT_EQ(submitted[header_end], ' ');
}

TEST(SummaryTable, ARunWithoutFaultsHasNoResilienceBlock) {
  EXPECT_EQ(line_starting(summary_table(test::make_run_result()), "Resilience"), "");
}

TEST(SummaryTable, TheResilienceBlockSumsEachPolicysFaults) {
  sim::RunResult r = test::make_run_result();
  sim::FaultRecord loss;
  loss.jobs_dropped = 3;
  loss.bundles_resent = 2;
  loss.bytes_lost = 1.5e9;
  sim::FaultRecord reboot;
  reboot.jobs_dropped = 1;
  reboot.reruns = 4;
  sim::FaultRecord upsets;
  upsets.upsets = 5;
  upsets.reruns = 5;
  r.runs[1].faults = {loss, reboot, upsets};
  r.runs[1].jobs[0].reruns = 2;
  r.runs[1].jobs[1].reruns = 7;
  const std::string table = summary_table(r);
  EXPECT_NE(line_starting(table, "Resilience"), "");
  // Columns: bent-pipe (no faults), then on-board.
  auto cells = [&](const std::string& label) {
    std::istringstream in(line_starting(table, label).substr(label.size()));
    std::vector<std::string> out;
    for (std::string c; in >> c;) out.push_back(c);
    return out;
  };
  EXPECT_EQ(cells("  faults")[1], "2");  // the upsets' stream is not a fault of its own
  EXPECT_EQ(cells("  single-event upsets")[1], "5");
  EXPECT_EQ(cells("  jobs dropped by faults")[1], "4");
  EXPECT_EQ(cells("  reruns")[1], "9");  // from the jobs, each rerun once
  EXPECT_EQ(cells("  bundles resent")[1], "2");
  EXPECT_EQ(cells("  bytes lost (GB)")[1], "1.50");
  EXPECT_EQ(cells("  faults")[0], "0");
}

TEST(HumanDuration, PicksAReadableUnit) {
  EXPECT_EQ(internal::human_duration(42.04), "42.0 s");
  EXPECT_EQ(internal::human_duration(750), "12.5 min");
  EXPECT_EQ(internal::human_duration(3.25 * 3600), "3.2 h");
  EXPECT_EQ(internal::human_duration(3 * 86400), "3.0 d");
  EXPECT_EQ(internal::human_duration(-1), "-");
}

}  // namespace
}  // namespace lagrange::report
