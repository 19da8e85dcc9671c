#include "report/csv.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "report/internal/format.hpp"
#include "report/internal/test_run_result.hpp"

namespace lagrange::report {
namespace {

// A minimal RFC 4180 reader (quoted fields with doubled quotes), enough to check our output.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

size_t column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  EXPECT_NE(it, header.end()) << name;
  return static_cast<size_t>(it - header.begin());
}

TEST(JobsCsv, OneRowPerJobPerPolicyWithEveryColumn) {
  const sim::RunResult r = test::make_run_result();
  const auto rows = parse_csv(jobs_csv(r));
  ASSERT_EQ(rows.size(), 1 + 2 * 12u);
  const auto& header = rows[0];
  EXPECT_EQ(header.size(), 30u);
  for (const auto& row : rows) EXPECT_EQ(row.size(), header.size());
  EXPECT_EQ(header[0], "policy");
  EXPECT_EQ(header.back(), "reruns");  // appended last: every earlier column keeps its place
  EXPECT_EQ(rows[1].back(), "0");
  EXPECT_EQ(rows[1][column(header, "policy")], "bent-pipe");
  EXPECT_EQ(rows[13][column(header, "policy")], "on-board");
  // The workload name has a comma: it must come back whole.
  EXPECT_EQ(rows[1][column(header, "workload")], "ship-detection, east");
}

TEST(JobsCsv, FieldsMatchTheRecords) {
  const sim::RunResult r = test::make_run_result();
  const auto rows = parse_csv(jobs_csv(r));
  const auto& h = rows[0];
  for (size_t p = 0; p < r.runs.size(); ++p) {
    for (size_t k = 0; k < r.runs[p].jobs.size(); ++k) {
      const sim::JobRecord& j = r.runs[p].jobs[k];
      const auto& row = rows[1 + p * 12 + k];
      SCOPED_TRACE(r.runs[p].policy + " job " + std::to_string(j.id));
      EXPECT_EQ(row[column(h, "job")], std::to_string(j.id));
      EXPECT_EQ(row[column(h, "kind")], sim::job_kind_name(j.kind));
      EXPECT_EQ(row[column(h, "submitted")], format_iso8601(j.submitted));
      EXPECT_EQ(row[column(h, "captured")], j.captured ? format_iso8601(*j.captured) : "");
      EXPECT_EQ(row[column(h, "delivered")], j.delivered ? format_iso8601(*j.delivered) : "");
      EXPECT_EQ(row[column(h, "drop_reason")],
                j.drop == sim::DropReason::kNone ? "" : sim::drop_reason_name(j.drop));
      EXPECT_EQ(std::stod(row[column(h, "raw_bytes")]), j.raw_bytes);
      EXPECT_EQ(row[column(h, "latency_s")].empty(), !j.is_delivered());
      if (j.is_delivered()) {
        EXPECT_EQ(std::stod(row[column(h, "latency_s")]), j.latency_s());
      }
      const std::string processor = row[column(h, "processor")];
      if (j.processor == sim::kGround) {
        EXPECT_EQ(processor, j.is_delivered() ? "ground" : "");
      } else {
        EXPECT_EQ(processor, r.satellites[static_cast<size_t>(j.processor)]);
      }
      EXPECT_EQ(row[column(h, "prompt_tokens")].empty(), j.kind != sim::JobKind::kLlmQuery);
      EXPECT_EQ(row[column(h, "deadline")].empty(), j.kind == sim::JobKind::kSystematic);
    }
  }
}

TEST(SatellitesCsv, OneRowPerSamplePerPolicy) {
  const sim::RunResult r = test::make_run_result();
  const auto rows = parse_csv(satellites_csv(r));
  const size_t samples = r.runs[0].samples.size() + r.runs[1].samples.size();
  ASSERT_EQ(rows.size(), 1 + samples);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"policy", "time", "satellite", "state_of_charge",
                                               "stored_bytes", "accelerator_busy", "in_eclipse",
                                               "downlinked_bytes"}));
  const sim::SatelliteSample& s = r.runs[1].samples[4];
  const auto& row = rows[1 + r.runs[0].samples.size() + 4];
  EXPECT_EQ(row[0], "on-board");
  EXPECT_EQ(row[1], format_iso8601(s.time));
  EXPECT_EQ(row[2], r.satellites[s.satellite]);
  EXPECT_EQ(std::stod(row[3]), s.state_of_charge);
  EXPECT_EQ(row[5], s.accelerator_busy ? "1" : "0");
  EXPECT_EQ(row[6], s.in_eclipse ? "1" : "0");
  EXPECT_EQ(std::stod(row[7]), s.downlinked_bytes);
}

TEST(SatellitesCsv, StreamedInChunksLosesAndRepeatsNothing) {
  // Enough samples for several one-megabyte chunks: every row arrives once, in order.
  sim::RunResult r = test::make_run_result();
  const std::vector<sim::SatelliteSample> base = r.runs[0].samples;
  std::vector<sim::SatelliteSample>& samples = r.runs[0].samples;
  samples.clear();
  while (samples.size() < 60'000) {
    for (sim::SatelliteSample s : base) {
      s.stored_bytes = static_cast<double>(samples.size());  // the row's number
      samples.push_back(s);
    }
  }
  std::ostringstream streamed;
  write_satellites_csv(r, streamed);
  EXPECT_GT(streamed.str().size(), 3u << 20);
  const auto rows = parse_csv(streamed.str());
  ASSERT_EQ(rows.size(), 1 + samples.size() + r.runs[1].samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    ASSERT_EQ(rows[1 + i][4], std::to_string(i)) << "row " << i;
  }
  EXPECT_EQ(streamed.str(), satellites_csv(r));
}

TEST(Csv, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(internal::csv_field("Kashgar"), "Kashgar");
  EXPECT_EQ(internal::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(internal::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(internal::csv_field("two\nlines"), "\"two\nlines\"");
}

TEST(Csv, NumbersAreShortestRoundTrip) {
  EXPECT_EQ(internal::shortest(0.1), "0.1");
  EXPECT_EQ(internal::shortest(3.0), "3");
  EXPECT_EQ(internal::shortest(-0.0), "0");
  EXPECT_EQ(internal::shortest(std::numeric_limits<double>::infinity()), "");
  const double v = 1.0 / 3.0;
  EXPECT_EQ(std::stod(internal::shortest(v)), v);
}

TEST(Csv, IsDeterministic) {
  const sim::RunResult r = test::make_run_result();
  EXPECT_EQ(jobs_csv(r), jobs_csv(test::make_run_result()));
  EXPECT_EQ(satellites_csv(r), satellites_csv(test::make_run_result()));
}

}  // namespace
}  // namespace lagrange::report
