#include "service/job_request.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lagrange::service {
namespace {

Problem problem_of(std::string_view body) {
  auto parsed = parse_job_request(body);
  EXPECT_TRUE(std::holds_alternative<Problem>(parsed)) << body;
  return std::holds_alternative<Problem>(parsed) ? std::get<Problem>(parsed) : Problem{};
}

TEST(JobRequest, ComputeJobIsTakenWithItsFixedValues) {
  auto parsed = parse_job_request(
      R"({"kind": "compute_job", "operations": 1e12, "input_bytes": 5e6, "output_bytes": 1e5,
          "from": "Kashgar", "deadline_s": 3600, "name": "batch-1", "at": "2026-06-27T01:00:00Z"})");
  ASSERT_TRUE(std::holds_alternative<JobRequest>(parsed));
  const auto& r = std::get<JobRequest>(parsed);
  EXPECT_EQ(r.kind, "compute_job");
  EXPECT_EQ(r.submission.workload, "batch-1");
  EXPECT_DOUBLE_EQ(r.submission.operations, 1e12);
  EXPECT_DOUBLE_EQ(r.submission.input_bytes, 5e6);
  EXPECT_EQ(r.submission.from_station, "Kashgar");
  ASSERT_TRUE(r.at.has_value());
  EXPECT_EQ(format_iso8601(*r.at), "2026-06-27T01:00:00.000Z");
  const auto& job = std::get<workload::ComputeJobSpec>(r.submission.what);
  EXPECT_EQ(job.deadline, Duration::seconds(3600));
}

TEST(JobRequest, EoTaskPolygonAndDelivery) {
  auto parsed = parse_job_request(
      R"({"kind": "eo_task", "target": {"polygon": [[30, 100], [30, 101], [31, 101]]},
          "model": "yolov8s", "deliver_to": {"station": "Kashgar"}, "capture_window_s": 86400})");
  ASSERT_TRUE(std::holds_alternative<JobRequest>(parsed));
  const auto& eo = std::get<workload::EoTaskSpec>(std::get<JobRequest>(parsed).submission.what);
  EXPECT_EQ(eo.target.vertices.size(), 3u);
  EXPECT_EQ(eo.delivery.kind, workload::Delivery::Kind::kStation);
  EXPECT_EQ(eo.capture_window, Duration::days(1));
}

TEST(JobRequest, MalformedTextIs400) {
  EXPECT_EQ(problem_of("{\"kind\": ").status, 400);
  EXPECT_EQ(problem_of("[1, 2]").status, 400);
  EXPECT_EQ(problem_of("").status, 400);
  EXPECT_EQ(problem_of(std::string(100, '[')).status, 400);
  EXPECT_EQ(problem_of("\xff\xfe").status, 400);
}

TEST(JobRequest, UnknownFieldGetsASuggestion) {
  const Problem p = problem_of(
      R"({"kind": "compute_job", "opertions": 1, "input_bytes": 1, "output_bytes": 1, "from": "K"})");
  EXPECT_EQ(p.status, 422);
  EXPECT_EQ(p.field, "opertions");
  EXPECT_NE(p.detail.find("did you mean 'operations'"), std::string::npos) << p.detail;
}

TEST(JobRequest, UnknownKindGetsASuggestion) {
  const Problem p = problem_of(R"({"kind": "llm_qery"})");
  EXPECT_EQ(p.field, "kind");
  EXPECT_NE(p.detail.find("did you mean 'llm_query'"), std::string::npos) << p.detail;
}

TEST(JobRequest, WrongTypesAndRangesNameTheField) {
  EXPECT_EQ(problem_of(R"({"kind": 3})").field, "kind");
  EXPECT_EQ(problem_of(R"({"kind": "compute_job", "operations": "many", "input_bytes": 1,
                           "output_bytes": 1, "from": "K"})")
                .field,
            "operations");
  EXPECT_EQ(problem_of(R"({"kind": "compute_job", "operations": -1, "input_bytes": 1,
                           "output_bytes": 1, "from": "K"})")
                .field,
            "operations");
  EXPECT_EQ(problem_of(R"({"kind": "eo_task", "target": {"point": [91, 0]}, "model": "m"})").field,
            "target.point[0]");
  EXPECT_EQ(problem_of(R"({"kind": "llm_query", "model": "m", "prompt_tokens": 10,
                           "from": "K"})")
                .field,
            "answer_tokens");
  EXPECT_EQ(problem_of(R"({"kind": "compute_job", "at": "yesterday"})").field, "at");
}

TEST(JobRequest, DistributionsAndArrivalsAreRefused) {
  EXPECT_EQ(problem_of(R"({"kind": "compute_job", "operations": {"distribution": "uniform",
            "min": 1, "max": 2}, "input_bytes": 1, "output_bytes": 1, "from": "K"})")
                .field,
            "operations");
  EXPECT_EQ(problem_of(R"({"kind": "compute_job", "arrivals": {"process": "poisson"}})").field,
            "arrivals");
}

TEST(JobRequest, NestingLimitSkipsStrings) {
  EXPECT_TRUE(nesting_within_limit(R"({"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})"));
  EXPECT_FALSE(nesting_within_limit(std::string(kMaxJsonDepth + 1, '{')));
}

}  // namespace
}  // namespace lagrange::service
