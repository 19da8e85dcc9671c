// Ground geometry shared by capture opportunities and imaging segments (capture.cpp,
// imaging_segments.cpp): the sub-satellite point, the Sun's elevation at a ground point, and
// a ground polygon (edges straight in latitude/longitude) with a signed distance to it.
//
// Sub-satellite point: the foot of the ellipsoid normal through the satellite (geodetic
// nadir), from orbit::itrf_to_geodetic (GeographicLib). The foot is r - h * up with h the
// geodetic height, exact up to GeographicLib's round-off.
//
// Polygon distance: in a local affine projection of latitude/longitude centred on the query
// point (x = dlon * N cos(lat), y = dlat * M, radii of curvature of WGS-84 at the query
// point) lat/lon-straight edges stay straight, so the nearest point of each edge is closed
// form. The projection's scale is exact at the query point and off by ~ dlat * tan(lat)
// further away (2 % at 100 km and 45 deg), so the nearest edge's distance is then measured
// again exactly with a GeographicLib geodesic when `precise` is asked.
//
// All functions are pure; a GroundPolygon is immutable after construction (thread-safe).
#pragma once

#include <vector>

#include "access/capture.hpp"
#include "core/time.hpp"
#include "core/vec3.hpp"
#include "orbit/frames.hpp"

namespace lagrange::access::internal {

struct Nadir {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  Vec3 foot_itrf_km;  // point on the WGS-84 ellipsoid below the satellite
  Vec3 up;            // ellipsoid normal there (unit)
};

Nadir nadir_of(const Vec3& r_itrf_km);

// Unit ellipsoid normal at a geodetic latitude/longitude.
Vec3 ellipsoid_up(double lat_deg, double lon_deg);

// The apparent Sun in ITRF (ERFA, sun.hpp), exact at t (a few microseconds).
Vec3 sun_itrf_km(Instant t, const orbit::EarthOrientation& eop);

// The Sun in ITRF sampled every minute and linearly interpolated (see SunTable: the chord
// of a quarter degree of Earth rotation is off the arc by 2.4e-6), built cheaply from a TEME
// SunTable every 10 minutes (the apparent Sun moves 0.007 deg in TEME in that time) rotated
// into ITRF: ~ 150 ERFA Sun evaluations per day instead of ~ 1,440.
class SunItrfTable {
 public:
  SunItrfTable(Instant start, Instant end, const orbit::EarthOrientation& eop);
  Vec3 position_km(Instant t) const;

 private:
  Instant start_;
  std::vector<Vec3> samples_km_;
};

// sin of the Sun's elevation (geometric, no refraction) at a ground point.
double sun_sin_elevation(const Vec3& ground_itrf_km, const Vec3& up, const Vec3& sun_itrf_km);

// Geodesic distance on WGS-84 (GeographicLib), km.
double geodesic_distance_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

class GroundPolygon {
 public:
  // Three or more vertices; simple, implicitly closed, not crossing the antimeridian.
  explicit GroundPolygon(std::vector<LatLon> vertices);

  bool contains(double lat_deg, double lon_deg) const;
  // Distance to the boundary, negative inside (km). Without `precise`, from the local
  // projection alone (a few % off at 100 km), which suffices for step sizes.
  double signed_distance_km(double lat_deg, double lon_deg, bool precise) const;
  // Length (km) of the part inside the polygon of the ground segment centred on `nadir`,
  // along the unit horizontal direction `across_itrf`, from -half_km to +half_km (a line of
  // the strip across the track). Computed in the local projection (exact scale at the
  // nadir, ~ 1 % off at 100 km).
  double inside_length_km(const Nadir& nadir, const Vec3& across_itrf, double half_km) const;
  // Area on WGS-84 (GeographicLib PolygonArea on edges densified to 0.05 deg, so that its
  // geodesic edges follow the lat/lon-straight ones), km^2.
  double area_km2() const { return area_km2_; }
  // A spherical cap around every vertex: unit centre and angular radius (rad).
  const Vec3& cap_centre() const { return cap_centre_; }
  double cap_radius_rad() const { return cap_radius_rad_; }

 private:
  double unwrap_lon(double lon_deg) const;

  std::vector<LatLon> vertices_;
  double lon_mid_deg_ = 0.0;
  double area_km2_ = 0.0;
  Vec3 cap_centre_;
  double cap_radius_rad_ = 0.0;
};

}  // namespace lagrange::access::internal
