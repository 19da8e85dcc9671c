#include "access/ephemeris.hpp"

#include <algorithm>
#include <cassert>
#include <string>

#include "orbit/elements.hpp"

namespace lagrange::access {
namespace {

// Times propagated per batch call: bounds the temporary BatchStates (6 doubles + code per
// satellite-time) to a few tens of MB even for 10,000 satellites.
constexpr size_t kTimesPerBatch = 32;

}  // namespace

Result<TimeGrid> TimeGrid::covering(Instant start, Instant end, Duration step) {
  if (step <= Duration{}) {
    return Error{"time grid: step must be positive, got " + std::to_string(step.to_seconds()) +
                 " s"};
  }
  if (end < start) {
    return Error{"time grid: end " + format_iso8601(end) + " is before start " +
                 format_iso8601(start)};
  }
  const int64_t span_ns = (end - start).ns();
  const int64_t step_ns = step.ns();
  const auto intervals = static_cast<size_t>((span_ns + step_ns - 1) / step_ns);
  return TimeGrid{start, step, intervals + 1};
}

Ephemeris Ephemeris::compute(std::vector<orbit::Satellite> satellites, const TimeGrid& grid,
                             const EphemerisOptions& options) {
  assert(grid.count > 0 && grid.step > Duration{});
  Ephemeris e;
  e.satellites_ = std::move(satellites);
  e.grid_ = grid;
  e.options_ = options;
  const size_t n_sat = e.satellites_.size();
  const size_t total = n_sat * grid.count;
  e.r_itrf_km_.resize(total);
  e.error_.resize(total, orbit::Sgp4Error::kNone);
  if (options.store_itrf_velocity) e.v_itrf_km_s_.resize(total);
  if (options.store_teme_position) e.r_teme_km_.resize(total);
  if (n_sat == 0) return e;

  const orbit::SatelliteBatch batch(e.satellites_);
  orbit::BatchStates states;
  std::vector<Instant> times;
  for (size_t first = 0; first < grid.count; first += kTimesPerBatch) {
    const size_t n_times = std::min(kTimesPerBatch, grid.count - first);
    times.clear();
    for (size_t k = 0; k < n_times; ++k) times.push_back(grid.time(first + k));
    batch.propagate(times, states, options.threads);
    for (size_t k = 0; k < n_times; ++k) {
      const Instant t = times[k];
      const Mat3 rotation = orbit::teme_to_itrf_rotation(t, options.eop);
      const Vec3 omega_rad_s{0.0, 0.0, orbit::earth_rotation_rate_rad_s(t)};
      for (size_t s = 0; s < n_sat; ++s) {
        const size_t from = states.index(k, s);
        const size_t to = e.flat(s, first + k);
        e.error_[to] = states.error[from];
        const Vec3 r_teme{states.x_km[from], states.y_km[from], states.z_km[from]};
        const Vec3 r_itrf = apply(rotation, r_teme);
        e.r_itrf_km_[to] = r_itrf;
        if (options.store_itrf_velocity) {
          const Vec3 v_teme{states.vx_km_s[from], states.vy_km_s[from], states.vz_km_s[from]};
          e.v_itrf_km_s_[to] = apply(rotation, v_teme) - cross(omega_rad_s, r_itrf);
        }
        if (options.store_teme_position) e.r_teme_km_[to] = r_teme;
      }
    }
  }
  return e;
}

orbit::Sgp4Error Ephemeris::at(size_t sat, Instant t, EphemerisState& out) const {
  const orbit::Sgp4Error code = satellites_[sat].propagate(t, out.teme);
  if (code != orbit::Sgp4Error::kNone) return code;
  out.itrf = orbit::teme_to_itrf(out.teme.r_km, out.teme.v_km_s, t, options_.eop);
  return code;
}

Result<EphemerisState> Ephemeris::at(size_t sat, Instant t) const {
  EphemerisState out;
  const orbit::Sgp4Error code = at(sat, t, out);
  if (code != orbit::Sgp4Error::kNone) {
    return Error{orbit::describe(satellites_[sat].elements()) + " at " + format_iso8601(t) +
                 ": SGP4 failed: " + orbit::describe(code)};
  }
  return out;
}

bool Ephemeris::interpolate_itrf(size_t sat, Instant t, orbit::ItrfState& out) const {
  if (!has_itrf_velocity() || t < grid_.start || t > grid_.last()) return false;
  const int64_t step_ns = grid_.step.ns();
  const int64_t offset_ns = (t - grid_.start).ns();
  if (grid_.count < 2) {
    if (!valid(sat, 0)) return false;
    out = {r_itrf_km(sat, 0), v_itrf_km_s(sat, 0)};
    return true;
  }
  // The last sample belongs to the last interval.
  const size_t i = std::min(static_cast<size_t>(offset_ns / step_ns), grid_.count - 2);
  if (!valid(sat, i) || !valid(sat, i + 1)) return false;
  // Cubic Hermite on [t_i, t_i+1] with s in [0, 1]; derivatives scale with the step h.
  const double h = grid_.step.to_seconds();
  const double s = static_cast<double>(offset_ns - static_cast<int64_t>(i) * step_ns) /
                   static_cast<double>(step_ns);
  const Vec3& p0 = r_itrf_km(sat, i);
  const Vec3& p1 = r_itrf_km(sat, i + 1);
  const Vec3 m0 = v_itrf_km_s(sat, i) * h;
  const Vec3 m1 = v_itrf_km_s(sat, i + 1) * h;
  const double s2 = s * s;
  const double s3 = s2 * s;
  const double h00 = 2 * s3 - 3 * s2 + 1;
  const double h10 = s3 - 2 * s2 + s;
  const double h01 = -2 * s3 + 3 * s2;
  const double h11 = s3 - s2;
  out.r_km = p0 * h00 + m0 * h10 + p1 * h01 + m1 * h11;
  // d/dt = (1/h) d/ds.
  const double d00 = 6 * s2 - 6 * s;
  const double d10 = 3 * s2 - 4 * s + 1;
  const double d01 = -6 * s2 + 6 * s;
  const double d11 = 3 * s2 - 2 * s;
  out.v_km_s = (p0 * d00 + m0 * d10 + p1 * d01 + m1 * d11) / h;
  return true;
}

}  // namespace lagrange::access
