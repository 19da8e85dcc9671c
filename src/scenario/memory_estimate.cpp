#include <algorithm>
#include <cmath>

#include "scenario/scenario.hpp"

namespace lagrange::scenario {
namespace {

// Measured on walker-300 and walker-1000 with /usr/bin/time -v (docs/LIMITS.md): the
// ephemeris, contact plan, capture opportunities and the satellites.csv series together
// cost ~700 bytes per satellite and grid sample; a work item with its job record and events
// a few kB; the catalogues, code and buffers ~100 MB.
constexpr double kBytesPerSatelliteSample = 700.0;
constexpr double kBytesPerWorkItem = 4096.0;
constexpr double kBaseBytes = 100e6;
// Systematic imaging makes about one capture per satellite and orbit in daylight.
constexpr double kSystematicItemsPerSatelliteHour = 1.0;

double expected_arrivals(const workload::Arrivals& a) {
  const double hours = std::max(0.0, (a.end - a.start).to_seconds() / 3600.0);
  switch (a.process) {
    case workload::Arrivals::Process::kSchedule:
      return static_cast<double>(a.at.size());
    case workload::Arrivals::Process::kPoisson:
      return a.rate_per_hour * hours;
    case workload::Arrivals::Process::kUniform:
      return a.count;
    case workload::Arrivals::Process::kPeriodic:
      return a.period.ns() > 0 ? hours * 3600.0 / a.period.to_seconds() : 0.0;
  }
  return 0.0;
}

}  // namespace

MemoryEstimate estimate_run_memory(const Scenario& s) {
  MemoryEstimate e;
  const double window_s = std::max(0.0, (s.end - s.start).to_seconds());
  const int64_t span_ns = std::max<int64_t>(0, (s.end - s.start).ns());
  const int64_t step_ns = std::max<int64_t>(1, s.step.ns());
  const double samples = static_cast<double>((span_ns + step_ns - 1) / step_ns) + 1.0;
  const auto satellites = static_cast<double>(s.satellites.size());
  e.satellite_samples = satellites * samples;
  for (const auto& tenant : s.work.tenants) {
    for (const auto& w : tenant.workloads) e.work_items += expected_arrivals(w.arrivals);
    if (!tenant.systematic_imaging.empty()) {
      e.work_items += static_cast<double>(tenant.systematic_imaging.size()) *
                      kSystematicItemsPerSatelliteHour * satellites * window_s / 3600.0;
    }
  }
  e.bytes = kBaseBytes + e.satellite_samples * kBytesPerSatelliteSample +
            e.work_items * kBytesPerWorkItem;
  return e;
}

}  // namespace lagrange::scenario
