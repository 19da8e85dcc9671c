#include "workload/workload.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace lagrange::workload {
namespace {

const Instant kStart = Instant::from_unix_seconds(1'782'518'400.0);  // 2026-06-27T00:00:00Z

WorkloadSpec poisson_jobs(std::string name, double rate_per_hour, Duration span) {
  WorkloadSpec w;
  w.name = std::move(name);
  w.arrivals.process = Arrivals::Process::kPoisson;
  w.arrivals.rate_per_hour = rate_per_hour;
  w.arrivals.start = kStart;
  w.arrivals.end = kStart + span;
  ComputeJobSpec job;
  job.operations.kind = Distribution::Kind::kUniform;
  job.operations.min = 1e12;
  job.operations.max = 1e15;
  job.input_bytes = Distribution::fixed(1e9);
  job.output_bytes = Distribution::fixed(1e6);
  job.from_stations = {"A", "B", "C"};
  job.deadline = Duration::hours(2);
  w.what = job;
  return w;
}

WorkSpec two_tenants() {
  WorkSpec spec;
  spec.start = kStart;
  spec.end = kStart + Duration::days(1);
  TenantSpec a;
  a.name = "alpha";
  a.workloads.push_back(poisson_jobs("jobs", 10.0, Duration::days(1)));
  TenantSpec b;
  b.name = "beta";
  b.workloads.push_back(poisson_jobs("jobs", 10.0, Duration::days(1)));
  spec.tenants = {a, b};
  return spec;
}

TEST(ExpandWorkload, SameSeedGivesIdenticalList) {
  const WorkSpec spec = two_tenants();
  const auto first = expand_workload(spec, 42);
  const auto second = expand_workload(spec, 42);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, second);
  EXPECT_NE(first, expand_workload(spec, 43));
}

TEST(ExpandWorkload, SortedWithSequentialIdsAndDrawnFields) {
  const auto items = expand_workload(two_tenants(), 7);
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i].id, i);
    if (i > 0) {
      EXPECT_LE(items[i - 1].arrival, items[i].arrival);
    }
    EXPECT_EQ(items[i].kind, WorkKind::kComputeJob);
    EXPECT_GE(items[i].operations, 1e12);
    EXPECT_LT(items[i].operations, 1e15);
    EXPECT_EQ(items[i].deadline, items[i].arrival + Duration::hours(2));
    EXPECT_TRUE(items[i].from_station == "A" || items[i].from_station == "B" ||
                items[i].from_station == "C");
  }
}

TEST(ExpandWorkload, TenantsHaveIndependentStreams) {
  // Both tenants have the same workload: different names fork different streams.
  const auto items = expand_workload(two_tenants(), 42);
  std::vector<Instant> alpha;
  std::vector<Instant> beta;
  for (const auto& it : items) {
    (it.tenant == 0 ? alpha : beta).push_back(it.arrival);
  }
  EXPECT_NE(alpha, beta);

  // Removing tenant alpha leaves beta's stream unchanged (streams are forked by name).
  WorkSpec only_beta = two_tenants();
  only_beta.tenants.erase(only_beta.tenants.begin());
  std::vector<Instant> beta_alone;
  for (const auto& it : expand_workload(only_beta, 42)) beta_alone.push_back(it.arrival);
  EXPECT_EQ(beta, beta_alone);
}

TEST(ExpandWorkload, PoissonCountMatchesRate) {
  // 1,000 per hour over 2 days: mean 48,000, sd ~219; 5 sd is ~1,100.
  WorkSpec spec;
  TenantSpec t;
  t.name = "t";
  t.workloads.push_back(poisson_jobs("many", 1000.0, Duration::days(2)));
  spec.tenants = {t};
  const auto items = expand_workload(spec, 1);
  EXPECT_NEAR(static_cast<double>(items.size()), 48000.0, 1100.0);
  // Gaps are exponential: their coefficient of variation is 1.
  double sum = 0.0;
  double sum_sq = 0.0;
  for (size_t i = 1; i < items.size(); ++i) {
    const double gap = (items[i].arrival - items[i - 1].arrival).to_seconds();
    sum += gap;
    sum_sq += gap * gap;
  }
  const double n = static_cast<double>(items.size() - 1);
  const double mean = sum / n;
  const double cv = std::sqrt(sum_sq / n - mean * mean) / mean;
  EXPECT_NEAR(mean, 3.6, 0.08);  // sd of the mean 0.016
  EXPECT_NEAR(cv, 1.0, 0.02);
}

TEST(ArrivalTimes, UniformCountAndWindow) {
  Arrivals a;
  a.process = Arrivals::Process::kUniform;
  a.count = 10000;
  a.start = kStart;
  a.end = kStart + Duration::hours(10);
  Rng rng(3);
  const auto times = arrival_times(a, rng);
  ASSERT_EQ(times.size(), 10000u);
  EXPECT_GE(times.front(), a.start);
  EXPECT_LT(times.back(), a.end);
  // Half of them in the first half of the window (binomial sd 50; 5 sd).
  const auto first_half = std::count_if(
      times.begin(), times.end(), [&](Instant t) { return t < a.start + Duration::hours(5); });
  EXPECT_NEAR(static_cast<double>(first_half), 5000.0, 250.0);
}

TEST(ArrivalTimes, PeriodicAndSchedule) {
  Arrivals p;
  p.process = Arrivals::Process::kPeriodic;
  p.period = Duration::minutes(30);
  p.start = kStart;
  p.end = kStart + Duration::hours(2);
  Rng rng(1);
  const auto periodic = arrival_times(p, rng);
  ASSERT_EQ(periodic.size(), 4u);
  EXPECT_EQ(periodic[3], kStart + Duration::minutes(90));

  Arrivals s;
  s.at = {kStart + Duration::hours(3), kStart + Duration::hours(1)};
  const auto scheduled = arrival_times(s, rng);
  ASSERT_EQ(scheduled.size(), 2u);
  EXPECT_EQ(scheduled[0], kStart + Duration::hours(1));
}

TEST(Distribution, NormalIsClampedAndExponentialHasItsMean) {
  Rng rng(9);
  Distribution normal{
      .kind = Distribution::Kind::kNormal, .min = 10, .max = 20, .mean = 15, .stddev = 50};
  Distribution expo{.kind = Distribution::Kind::kExponential, .min = 0, .max = 1e300, .mean = 4.0};
  double sum = 0.0;
  for (int i = 0; i < 100000; ++i) {
    const double x = normal.sample(rng);
    EXPECT_GE(x, 10.0);
    EXPECT_LE(x, 20.0);
    sum += expo.sample(rng);
  }
  EXPECT_NEAR(sum / 100000.0, 4.0, 0.06);  // sd of the mean 0.0126
}

TEST(ExpandWorkload, EoTaskWindowsAndLlmTokens) {
  WorkSpec spec;
  TenantSpec t;
  t.name = "t";
  WorkloadSpec eo;
  eo.name = "ships";
  eo.arrivals.at = {kStart};
  EoTaskSpec task;
  task.target.vertices = {{30.0, 122.0}};
  task.model = "yolov8s";
  task.capture_window = Duration::hours(6);
  eo.what = task;
  WorkloadSpec llm;
  llm.name = "chat";
  llm.arrivals.at = {kStart + Duration::hours(1)};
  LlmQuerySpec q;
  q.model = "qwen3-8b";
  q.prompt_tokens = Distribution::fixed(200.4);
  q.answer_tokens = Distribution::fixed(0.0);
  q.from_stations = {"X"};
  llm.what = q;
  t.workloads = {llm, eo};
  spec.tenants = {t};
  const auto items = expand_workload(spec, 5);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].kind, WorkKind::kEoTask);
  EXPECT_EQ(items[0].workload, 1u);
  EXPECT_EQ(items[0].capture_by, kStart + Duration::hours(6));
  EXPECT_EQ(items[0].deadline, kNoDeadline);
  EXPECT_EQ(items[1].prompt_tokens, 200);
  EXPECT_EQ(items[1].answer_tokens, 1);  // at least one token
  EXPECT_EQ(items[1].from_station, "X");
}

}  // namespace
}  // namespace lagrange::workload
