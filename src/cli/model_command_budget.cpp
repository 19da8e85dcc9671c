// The load a scenario's workload would put on one satellite class, without running the twin:
// the imagery a satellite records a day from systematic imaging (duty cycle x sunlit time x
// swath x ground speed x bytes per km2) and its share of the Earth-observation tasks (one
// swath across each target's north-south extent per arrival, spread over the constellation),
// cut into model inputs at the twin's 1.5 bytes per pixel. Power: the array's output over the
// sunlit part of a circular orbit with the Sun in the orbit plane (the longest eclipse), less
// the bus.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cli/model_command.hpp"
#include "core/units.hpp"
#include "workload/workload.hpp"

namespace lagrange::cli {
namespace {

constexpr double kMuEarth_km3_s2 = 398600.4418;
constexpr double kMeanEarthRadius_km = 6371.0;
constexpr double kKmPerDegreeLatitude = 111.32;
constexpr double kBytesPerPixel = 1.5;  // as the twin (sim/engine_jobs.cpp)

struct Orbit {
  double altitude_km = 0.0;
  double period_s = 0.0;
};

Orbit orbit_of(const orbit::ElementSet& e) {
  const double n_rad_s = e.mean_motion_rev_per_day * kTwoPi / kSecondsPerDay;
  const double a_km = std::cbrt(kMuEarth_km3_s2 / (n_rad_s * n_rad_s));
  return {a_km - kMeanEarthRadius_km, kSecondsPerDay / e.mean_motion_rev_per_day};
}

double sunlit_fraction(double altitude_km) {
  return 1.0 - std::asin(kMeanEarthRadius_km / (kMeanEarthRadius_km + altitude_km)) / kPi;
}

// W x H of the model's first input, taken as its last two dims (NCHW).
double input_pixels(const model::StaticFigures& f) {
  if (f.inputs.empty() || f.inputs[0].dims.size() < 2) return 0.0;
  const auto& d = f.inputs[0].dims;
  return static_cast<double>(std::max<int64_t>(d[d.size() - 1], 1)) *
         static_cast<double>(std::max<int64_t>(d[d.size() - 2], 1));
}

double latitude_extent_km(const workload::Area& a) {
  if (a.vertices.size() < 2) return 0.0;
  double lo = 90.0, hi = -90.0;
  for (const auto& v : a.vertices) {
    lo = std::min(lo, v.latitude_deg);
    hi = std::max(hi, v.latitude_deg);
  }
  return (hi - lo) * kKmPerDegreeLatitude;
}

// Square kilometres of EO-task imagery the whole constellation records a day.
double eo_task_km2_per_day(const scenario::Scenario& s, double swath_km) {
  const double days = (s.end - s.start).to_seconds() / kSecondsPerDay;
  double km2 = 0.0;
  for (const auto& item : workload::expand_workload(s.work, s.seed)) {
    if (item.kind != workload::WorkKind::kEoTask) continue;
    const auto& spec = s.work.tenants[item.tenant].workloads[item.workload];
    const auto& eo = std::get<workload::EoTaskSpec>(spec.what);
    km2 += swath_km * std::max(latitude_extent_km(eo.target), swath_km);
  }
  return days > 0 ? km2 / days : 0.0;
}

}  // namespace

std::optional<ClassLoad> class_load(const scenario::Scenario& s, const std::string& name,
                                    const model::StaticFigures& figures,
                                    const compute::Catalog& catalog, std::string& error) {
  auto cls = std::find_if(s.classes.begin(), s.classes.end(),
                          [&](const auto& c) { return c.name == name; });
  if (cls == s.classes.end()) {
    std::vector<std::string> known;
    for (const auto& c : s.classes) known.push_back(c.name);
    error = fmt::format("scenario {} has no class '{}'; known: {}", s.name, name,
                        fmt::join(known, ", "));
    return std::nullopt;
  }
  const auto index = static_cast<uint32_t>(cls - s.classes.begin());
  const orbit::ElementSet* elements = nullptr;
  for (const auto& sat : s.satellites) {
    if (sat.class_index != index) continue;
    if (elements == nullptr) elements = &sat.elements;
  }
  if (elements == nullptr) {
    error = fmt::format("class '{}' of scenario {} has no satellites", name, s.name);
    return std::nullopt;
  }
  auto family = catalog.family(cls->accelerator.spec.family);
  if (!family) {
    error = family.error().message;
    return std::nullopt;
  }
  const Orbit orbit = orbit_of(*elements);
  const double sunlit = sunlit_fraction(orbit.altitude_km);
  ClassLoad load;
  load.target = {compute::Device{cls->accelerator.spec, *family}, cls->accelerator.busy_w};
  load.budget.class_name = name;
  load.budget.idle_w = cls->accelerator.idle_w;
  load.budget.available_w = cls->power.solar_array_w * sunlit - cls->bus_w;
  const double pixels = input_pixels(figures);
  if (cls->imager && pixels > 0.0) {
    const auto& im = *cls->imager;
    const double ground_speed_km_s = kTwoPi * kMeanEarthRadius_km / orbit.period_s;
    double duty = 0.0;
    for (const auto& t : s.work.tenants) {
      for (const auto& sys : t.systematic_imaging) duty += sys.duty_cycle;
    }
    const double systematic_km2 =
        std::min(duty, 1.0) * sunlit * kSecondsPerDay * ground_speed_km_s * im.swath_km;
    const double tasks_km2 = eo_task_km2_per_day(s, im.swath_km) / s.satellites.size();
    load.budget.inferences_per_day =
        (systematic_km2 + tasks_km2) * im.bytes_per_km2 / (pixels * kBytesPerPixel);
  }
  return load;
}

}  // namespace lagrange::cli
