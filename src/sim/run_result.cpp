#include "sim/run_result.hpp"

#include <algorithm>
#include <cmath>

namespace lagrange::sim {

std::string_view job_kind_name(JobKind kind) {
  switch (kind) {
    case JobKind::kEoTask:
      return "eo_task";
    case JobKind::kSystematic:
      return "systematic";
    case JobKind::kComputeJob:
      return "compute_job";
    case JobKind::kLlmQuery:
      return "llm_query";
  }
  return "unknown";
}

std::string_view drop_reason_name(DropReason reason) {
  switch (reason) {
    case DropReason::kNone:
      return "none";
    case DropReason::kNoCapture:
      return "no_capture";
    case DropReason::kStorageFull:
      return "storage_full";
    case DropReason::kNoRoute:
      return "no_route";
    case DropReason::kDeadlineMissed:
      return "deadline_missed";
    case DropReason::kBatteryLow:
      return "battery_low";
    case DropReason::kUnfinished:
      return "unfinished";
    case DropReason::kCancelled:
      return "cancelled";
    case DropReason::kOverQuota:
      return "over_quota";
    case DropReason::kSatelliteLost:
      return "satellite_lost";
    case DropReason::kSatelliteRebooted:
      return "satellite_rebooted";
    case DropReason::kProcessorFailed:
      return "processor_failed";
    case DropReason::kStationUnavailable:
      return "station_unavailable";
  }
  return "unknown";
}

double JobRecord::latency_s() const {
  return (*delivered - origin()).to_seconds();
}

Percentiles percentiles(std::vector<double> values) {
  Percentiles p;
  p.count = values.size();
  if (values.empty()) return p;
  std::sort(values.begin(), values.end());
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  auto rank = [&](double q) {
    const auto n = static_cast<double>(values.size());
    const auto k = static_cast<size_t>(std::max(1.0, std::ceil(q * n)));
    return values[std::min(k, values.size()) - 1];
  };
  p.p50 = rank(0.50);
  p.p90 = rank(0.90);
  p.p99 = rank(0.99);
  return p;
}

}  // namespace lagrange::sim
