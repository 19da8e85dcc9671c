// SGP4/SDP4 propagation of TLE/OMM mean elements to TEME states.
//
// Written from the published algorithm: Hoots & Roehrich, Spacetrack Report #3 (1980), with
// the corrections of Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack Report #3"
// (AIAA 2006-6753). Near-Earth (SGP4) and deep-space (SDP4: lunar-solar terms, 12 h and
// 24 h resonances) orbits are both handled; which applies is decided from the period
// (>= 225 min is deep space).
//
// A `Satellite` is the initialised, immutable record of one element set; propagating never
// changes it, so one Satellite may be propagated from many threads at once.
// Output: position in km and velocity in km/s in the TEME frame of the element set's epoch.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "core/vec3.hpp"
#include "orbit/elements.hpp"

namespace lagrange::orbit {

enum class GravityModel { kWgs72Old, kWgs72, kWgs84 };
// 'i' (improved, the default of Vallado's code) or 'a' (the AFSPC original: GMST and
// deep-space details as in the operational code).
enum class OperationMode { kImproved, kAfspc };

struct Sgp4Options {
  GravityModel gravity = GravityModel::kWgs72;
  OperationMode mode = OperationMode::kImproved;
};

// SGP4's error codes, numbered as in Vallado's code.
enum class Sgp4Error : uint8_t {
  kNone = 0,
  kMeanEccentricity = 1,       // mean eccentricity outside [0, 1), or mean a < 0.95 Earth radii
  kMeanMotion = 2,             // mean motion < 0
  kPerturbedEccentricity = 3,  // perturbed eccentricity outside [0, 1]
  kSemiLatusRectum = 4,        // semi-latus rectum < 0
  kSuborbital = 5,             // (no longer produced; kept for the numbering)
  kDecayed = 6,                // orbit has decayed: radius < 1 Earth radius
};

// "mean elements: eccentricity >= 1 or < 0, or semi-major axis < 0.95 Earth radii (code 1)"
std::string describe(Sgp4Error error);

struct TemeState {
  Vec3 r_km;
  Vec3 v_km_s;
};

// The initialised SGP4 record of one element set (Vallado's `elsetrec` state after
// `sgp4init`). Defined in orbit/internal/sgp4_record.hpp; only this module looks inside.
struct Sgp4Record;

class Satellite {
 public:
  // Initialises SGP4 for the element set. Fails (message naming the set and the SGP4 code)
  // when the elements are unusable at epoch (codes 1-4, 6).
  static Result<Satellite> create(const ElementSet& elements, const Sgp4Options& options = {});

  Satellite(const Satellite&);
  Satellite(Satellite&&) noexcept;
  Satellite& operator=(const Satellite&);
  Satellite& operator=(Satellite&&) noexcept;
  ~Satellite();

  const ElementSet& elements() const { return elements_; }
  const Sgp4Record& record() const { return *record_; }
  bool is_deep_space() const;

  // Hot-path form: writes `out` and returns kNone, or returns the SGP4 error code (and
  // leaves `out` unspecified). Never allocates. A batch of one (see SatelliteBatch).
  // A time that is not finite or over 1e9 minutes from epoch gives kMeanEccentricity.
  Sgp4Error propagate_minutes(double minutes_since_epoch, TemeState& out) const;
  Sgp4Error propagate(Instant t, TemeState& out) const;

  // Convenience forms whose error message names the satellite, the time and the code.
  Result<TemeState> propagate_minutes(double minutes_since_epoch) const;
  Result<TemeState> propagate(Instant t) const;

  double minutes_since_epoch(Instant t) const { return (t - elements_.epoch).to_minutes(); }

 private:
  Satellite(ElementSet elements, std::unique_ptr<Sgp4Record> record);
  ElementSet elements_;
  std::unique_ptr<Sgp4Record> record_;
};

// Many satellites x many times, laid out as structures of arrays so the near-Earth kernel
// vectorises (SIMD across satellites) and the work splits across cores (OpenMP).
// Deep-space satellites go through the same interface on a scalar path.
struct BatchStates {
  size_t n_satellites = 0;
  size_t n_times = 0;
  // Row-major [time][satellite]: element (t, s) is at t * n_satellites + s.
  std::vector<double> x_km, y_km, z_km, vx_km_s, vy_km_s, vz_km_s;
  std::vector<Sgp4Error> error;
  size_t index(size_t time, size_t satellite) const { return time * n_satellites + satellite; }
  TemeState state(size_t time, size_t satellite) const;
};

class SatelliteBatch {
 public:
  explicit SatelliteBatch(std::span<const Satellite> satellites);
  ~SatelliteBatch();
  SatelliteBatch(SatelliteBatch&&) noexcept;
  SatelliteBatch& operator=(SatelliteBatch&&) noexcept;

  size_t size() const;

  // Every satellite at every absolute instant. threads = 0 uses all cores.
  void propagate(std::span<const Instant> times, BatchStates& out, int threads = 0) const;
  // Every satellite at each offset in minutes from its own epoch.
  void propagate_minutes(std::span<const double> minutes, BatchStates& out, int threads = 0) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lagrange::orbit
