// Positions of many satellites on a uniform time grid, propagated once and shared by every
// access computation (ground passes, inter-satellite links, eclipses), so that passes over
// 50 stations or links between 1,000 neighbours never re-propagate a satellite.
//
// `Ephemeris::compute` propagates all satellites at every grid instant with the batch SGP4
// propagator (orbit::SatelliteBatch) and stores, per satellite and grid sample, the ITRF
// position and Earth-relative velocity (km, km/s) and optionally the TEME position. Samples
// where SGP4 failed (e.g. a decayed orbit) carry the error code and no meaningful state.
//
// Between grid samples there are two ways to get a state:
//  - `at(sat, t)`: exact, through the scalar propagator and frames (~0.5 us).
//  - `interpolate_itrf(sat, t)`: cubic Hermite interpolation of the stored ITRF position and
//    velocity (a few ns). For LEO at a 60 s grid the position error is below ~1 m (the error
//    term is h^4/384 |r''''| with |r''''| ~ n^4 |r|), far below what pass times need; it is
//    only defined where both neighbouring samples are valid and velocities are stored.
//
// Frames: ITRF from TEME by orbit::teme_to_itrf_rotation (IAU-82 GMST, UT1 = UTC + dut1_s,
// no polar motion); velocities are relative to the rotating Earth (v_itrf = R v_teme -
// omega x r_itrf), as in orbit::teme_to_itrf.
//
// Layout: satellite-major, sample-minor (track of one satellite is contiguous), which suits
// per-satellite scans; element (sat, i) of a per-sample array is at sat * grid.count + i.
// Memory: 24 bytes per stored vector per sample, i.e. ~48 bytes per satellite-sample with
// ITRF position + velocity (10,000 satellites x 1,441 samples ~ 0.7 GB), so large sets are
// best processed in chunks of satellites (see passes.cpp).
//
// Thread safety: an Ephemeris is immutable after `compute`; all const members may be called
// from many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "core/vec3.hpp"
#include "orbit/frames.hpp"
#include "orbit/sgp4.hpp"

namespace lagrange::access {

// Instants start, start + step, ..., start + (count - 1) * step.
struct TimeGrid {
  Instant start;
  Duration step = Duration::seconds(60);
  size_t count = 0;

  Instant time(size_t i) const { return start + step * static_cast<int64_t>(i); }
  Instant last() const { return time(count == 0 ? 0 : count - 1); }

  // The smallest grid from `start` with the given step whose last sample is at or after
  // `end`. Errors when end < start or step <= 0.
  static Result<TimeGrid> covering(Instant start, Instant end, Duration step);
};

struct EphemerisOptions {
  bool store_itrf_velocity = true;   // needed by interpolate_itrf and elevation rates
  bool store_teme_position = false;  // e.g. for eclipses (Sun direction is inertial)
  orbit::EarthOrientation eop;
  int threads = 0;  // 0: all cores (OpenMP), as in SatelliteBatch::propagate
};

// A full state at one instant, in both frames.
struct EphemerisState {
  orbit::TemeState teme;
  orbit::ItrfState itrf;
};

class Ephemeris {
 public:
  // Propagates every satellite at every grid instant. Never fails as a whole: per-sample
  // SGP4 failures are recorded (see error()). Requires grid.count > 0 and grid.step > 0.
  static Ephemeris compute(std::vector<orbit::Satellite> satellites, const TimeGrid& grid,
                           const EphemerisOptions& options = {});

  size_t satellite_count() const { return satellites_.size(); }
  const TimeGrid& grid() const { return grid_; }
  const EphemerisOptions& options() const { return options_; }
  const orbit::Satellite& satellite(size_t sat) const { return satellites_[sat]; }
  std::span<const orbit::Satellite> satellites() const { return satellites_; }

  bool has_itrf_velocity() const { return !v_itrf_km_s_.empty(); }
  bool has_teme_position() const { return !r_teme_km_.empty(); }

  // Grid samples. The state is meaningful only when error(sat, i) == kNone.
  orbit::Sgp4Error error(size_t sat, size_t i) const { return error_[flat(sat, i)]; }
  bool valid(size_t sat, size_t i) const { return error(sat, i) == orbit::Sgp4Error::kNone; }
  const Vec3& r_itrf_km(size_t sat, size_t i) const { return r_itrf_km_[flat(sat, i)]; }
  const Vec3& v_itrf_km_s(size_t sat, size_t i) const { return v_itrf_km_s_[flat(sat, i)]; }
  const Vec3& r_teme_km(size_t sat, size_t i) const { return r_teme_km_[flat(sat, i)]; }

  // Whole tracks of one satellite (grid.count samples each).
  std::span<const Vec3> r_itrf_track_km(size_t sat) const { return track(r_itrf_km_, sat); }
  std::span<const Vec3> v_itrf_track_km_s(size_t sat) const { return track(v_itrf_km_s_, sat); }
  std::span<const Vec3> r_teme_track_km(size_t sat) const { return track(r_teme_km_, sat); }

  // Exact state at any instant through the scalar propagator (not limited to the grid).
  // Returns kNone and fills `out`, or the SGP4 error code. Never allocates.
  orbit::Sgp4Error at(size_t sat, Instant t, EphemerisState& out) const;
  // Convenience form whose error message names the satellite, the instant and the code.
  Result<EphemerisState> at(size_t sat, Instant t) const;

  // Cubic Hermite interpolation of the ITRF state between the two grid samples around t.
  // Returns false (and leaves `out` unspecified) when t is outside [grid.start, grid.last()],
  // velocities are not stored, or either neighbouring sample is invalid.
  bool interpolate_itrf(size_t sat, Instant t, orbit::ItrfState& out) const;

 private:
  size_t flat(size_t sat, size_t i) const { return sat * grid_.count + i; }
  std::span<const Vec3> track(const std::vector<Vec3>& v, size_t sat) const {
    return std::span<const Vec3>(v).subspan(sat * grid_.count, grid_.count);
  }

  std::vector<orbit::Satellite> satellites_;
  TimeGrid grid_;
  EphemerisOptions options_;
  std::vector<Vec3> r_itrf_km_;
  std::vector<Vec3> v_itrf_km_s_;
  std::vector<Vec3> r_teme_km_;
  std::vector<orbit::Sgp4Error> error_;
};

}  // namespace lagrange::access
