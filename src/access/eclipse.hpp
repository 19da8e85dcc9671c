// Earth's shadow: umbra and penumbra of a conical shadow, and eclipse intervals per satellite.
//
// Geometry (Montenbruck & Gill, "Satellite Orbits", 3.4.2): seen from the satellite, the Sun
// and the Earth are discs of apparent radii asin(R_sun/|s - r|) and asin(R_earth/|r|) whose
// centres are `separation` apart. The satellite is lit when the discs don't overlap, in umbra
// when the Earth's disc covers the Sun's, and otherwise in penumbra, where the illuminated
// fraction is 1 - (overlap area)/(Sun disc area) with the overlap of two circles on the sky
// (small-angle planar formula). An annular (antumbra) geometry is impossible below ~ 1.4
// million km and is treated as penumbra.
//
// Earth shape: by default the WGS-84 ellipsoid, handled by scaling z by 1/(1-f) so the
// ellipsoid becomes a sphere of the equatorial radius (lines stay lines, so whether a ray
// touches the Earth is exact; apparent radii are then approximate at the 1/300 level).
// `oblate = false` uses a sphere of `earth_radius_km` (for the analytic tests).
//
// Inputs are positions in one common frame (TEME of date for SGP4 states; see sun.hpp).
// All functions are pure and thread-safe.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "access/contact_plan.hpp"
#include "core/time.hpp"
#include "core/units.hpp"
#include "core/vec3.hpp"
#include "orbit/frames.hpp"

namespace lagrange::access {

struct ShadowModel {
  bool oblate = true;
  double earth_radius_km = kWgs84EquatorialRadius_km;  // equatorial radius when oblate
  double sun_radius_km = kSunRadius_km;
};

struct ShadowGeometry {
  double separation_rad = 0.0;    // between the Sun's and the Earth's centres, from the satellite
  double sun_radius_rad = 0.0;    // apparent radius of the Sun's disc
  double earth_radius_rad = 0.0;  // apparent radius of the Earth's disc
  // > 0 outside the penumbra cone (fully lit); 0 on its boundary.
  double penumbra_margin_rad() const {
    return separation_rad - (earth_radius_rad + sun_radius_rad);
  }
  // > 0 outside the umbra cone; < 0 inside (no direct sunlight).
  double umbra_margin_rad() const { return separation_rad - (earth_radius_rad - sun_radius_rad); }
};

ShadowGeometry shadow_geometry(const Vec3& r_sat_km, const Vec3& r_sun_km,
                               const ShadowModel& model = {});

// Fraction of the solar disc visible: 1 lit, 0 umbra, in between in penumbra.
double illuminated_fraction(const ShadowGeometry& g);
double illuminated_fraction(const Vec3& r_sat_km, const Vec3& r_sun_km,
                            const ShadowModel& model = {});

enum class SunFrame { kTeme, kItrf };

// The Sun sampled on a time grid and linearly interpolated between samples. In TEME the
// chord of Earth's orbit over 10 minutes departs from the arc by < 1e-6 rad. In ITRF the Sun
// turns once a day, so use steps of a minute or less there: the chord over 0.25 deg is off
// the arc by 2.4e-6 in length and far less in direction.
class SunTable {
 public:
  // Samples the Sun every `step` over [start, end] (inclusive, one extra sample), in TEME
  // or in ITRF (orbit::teme_to_itrf_rotation with `eop`).
  SunTable(Instant start, Instant end, Duration step, SunFrame frame = SunFrame::kTeme,
           const orbit::EarthOrientation& eop = {});
  Vec3 position_km(Instant t) const;

 private:
  Instant start_;
  Duration step_;
  std::vector<Vec3> samples_km_;
};

struct EclipseSearchOptions {
  ShadowModel model;
  Duration tolerance = Duration::from_ns(1'000'000);  // boundary times to 1 ms
};

// Position of one satellite at any instant (km, in the Sun table's frame).
using PositionAt = std::function<Vec3(Instant)>;

// Eclipse intervals of one satellite within [grid.front(), grid.back()].
// `grid` is increasing; `r_grid_km[i]` is the satellite's position at grid[i]; `position_at`
// gives exact positions for root-finding. Shadow boundaries are found where a boundary
// margin changes sign between samples, or dips below zero near a sampled local minimum (so
// grazing eclipses shorter than a step are kept), then refined to `tolerance` by bisection.
// A typical eclipse comes out as penumbra, umbra, penumbra; intervals are clipped to the
// window and sorted by start.
std::vector<EclipseInterval> find_eclipses(NodeIndex satellite, std::span<const Instant> grid,
                                           std::span<const Vec3> r_grid_km,
                                           const PositionAt& position_at, const SunTable& sun,
                                           const EclipseSearchOptions& options = {});

}  // namespace lagrange::access
