// Satellite-to-satellite line of sight, range and light time.
//
// A laser link needs a line of sight that stays clear of the atmosphere: the lowest point of
// the segment between the two satellites must be above `min_altitude_km` (default 80 km,
// roughly the mesopause, below which refraction and absorption ruin a beam). The lowest
// point is the segment's closest approach to the Earth's centre (the foot of the
// perpendicular from the centre, clamped to the segment's ends).
//
// Earth shape: the WGS-84 ellipsoid by default, by scaling z by 1/(1-f) so the ellipsoid
// becomes a sphere of the equatorial radius (an affine map keeps segments straight, so the
// closest approach is exact for the ellipsoid; the altitude offset is then measured in the
// scaled space, which stretches heights near the poles by 0.3 %, ~ 0.3 km at 80 km).
// `oblate = false` uses a sphere of the WGS-84 equatorial radius.
//
// Positions are Earth-centred in any frame (ITRF or TEME: only distances to the centre and
// between satellites matter, and both frames share the z axis up to polar motion).
// Pure functions, thread-safe.
#pragma once

#include "core/vec3.hpp"

namespace lagrange::access {

struct LinkGeometryOptions {
  double min_altitude_km = 80.0;
  bool oblate = true;
};

// Height of the segment's lowest point above the Earth (km; negative through the Earth).
double segment_min_altitude_km(const Vec3& a_km, const Vec3& b_km, bool oblate = true);

inline bool has_line_of_sight(const Vec3& a_km, const Vec3& b_km,
                              const LinkGeometryOptions& options = {}) {
  return segment_min_altitude_km(a_km, b_km, options.oblate) > options.min_altitude_km;
}

// One-way light time over the straight path (s), vacuum speed of light.
double one_way_light_time_s(double range_km);

}  // namespace lagrange::access
