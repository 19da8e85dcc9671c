#include <algorithm>
#include <cmath>

#include "scenario/scenario.hpp"

namespace lagrange::scenario {
namespace {

// Fitted to peak RSS (/usr/bin/time -v, docs/LIMITS.md): the world is ~360 B per satellite and
// grid sample (ephemeris, contact plan, capture opportunities, the satellites.csv series), each
// engine ~0.8-1.4 kB per work item (its job record, events, bundles: walker-300 with one and
// with four policies, walker-1000 with four and with eight engines), both rounded up by ~1.4 so
// the estimate refuses before a run dies rather than after.
constexpr double kBytesPerSatelliteSample = 600.0;
constexpr double kBytesPerWorkItemPerEngine = 2000.0;
constexpr double kBaseBytes = 100e6;
// Systematic imaging of the whole Earth gives ~25 scenes per satellite-hour at a 5 % duty
// cycle (three-body: 12 satellites, ~7,300 scenes a day); scenes scale with the duty cycle
// and the region's share of the Earth. Rounded up.
constexpr double kScenesPerSatelliteHourPerDuty = 600.0;

// The share of the Earth's surface inside the region's latitude/longitude bounding box.
double area_fraction(const workload::Area& region) {
  if (region.vertices.size() < 3) return 1.0;
  double lat_min = 90.0, lat_max = -90.0, lon_min = 180.0, lon_max = -180.0;
  for (const auto& v : region.vertices) {
    lat_min = std::min(lat_min, v.latitude_deg);
    lat_max = std::max(lat_max, v.latitude_deg);
    lon_min = std::min(lon_min, v.longitude_deg);
    lon_max = std::max(lon_max, v.longitude_deg);
  }
  constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
  const double band = (std::sin(lat_max * kDegToRad) - std::sin(lat_min * kDegToRad)) / 2.0;
  return std::clamp(band * (lon_max - lon_min) / 360.0, 0.0, 1.0);
}

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

MemoryEstimate estimate_run_memory(const Scenario& s, RunShape shape) {
  MemoryEstimate e;
  const bool faults = !s.faults.empty() || s.fault_rates.any();
  e.engines = std::max<size_t>(1, shape.policies > 0 ? shape.policies : s.policies.size()) *
              (faults && shape.fault_free_baseline ? 2 : 1);
  const double window_s = std::max(0.0, (s.end - s.start).to_seconds());
  const int64_t span_ns = std::max<int64_t>(0, (s.end - s.start).ns());
  const int64_t step_ns = std::max<int64_t>(1, s.step.ns());
  const double samples = static_cast<double>((span_ns + step_ns - 1) / step_ns) + 1.0;
  const auto satellites = static_cast<double>(s.satellites.size());
  e.satellite_samples = satellites * samples;
  for (const auto& tenant : s.work.tenants) {
    for (const auto& w : tenant.workloads) e.work_items += expected_arrivals(w.arrivals);
    for (const auto& sys : tenant.systematic_imaging) {
      e.work_items += kScenesPerSatelliteHourPerDuty * sys.duty_cycle * area_fraction(sys.region) *
                      satellites * window_s / 3600.0;
    }
  }
  e.bytes = kBaseBytes + e.satellite_samples * kBytesPerSatelliteSample +
            e.work_items * kBytesPerWorkItemPerEngine * static_cast<double>(e.engines);
  return e;
}

}  // namespace lagrange::scenario
