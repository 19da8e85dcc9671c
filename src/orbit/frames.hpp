// Frames: TEME (SGP4's output) -> ITRF (Earth-fixed) -> geodetic (WGS-84).
//
// TEME -> ITRF is a rotation about z by the Greenwich mean sidereal time of the IAU-82
// model (ERFA's eraGmst82, the sidereal time SGP4's TEME is defined with), evaluated in UT1.
// Polar motion is not applied (it is below 15 m). UT1 = UTC + dut1_s; without
// Earth-orientation data dut1_s is 0, which shifts longitudes by at most ~0.9 s of Earth
// rotation (~400 m at the equator). Geodetic conversion uses GeographicLib's WGS-84.
#pragma once

#include "core/time.hpp"
#include "core/vec3.hpp"

namespace lagrange::orbit {

struct EarthOrientation {
  double dut1_s = 0.0;  // UT1 - UTC in seconds
};

struct ItrfState {
  Vec3 r_km;
  Vec3 v_km_s;  // velocity relative to the rotating Earth
};

struct Geodetic {
  double lat_deg = 0.0;
  double lon_deg = 0.0;  // (-180, 180]
  double alt_km = 0.0;   // height above the WGS-84 ellipsoid
};

// The rotation matrix R such that r_itrf = R * r_teme at instant t.
Mat3 teme_to_itrf_rotation(Instant t, const EarthOrientation& eop = {});

// Earth's rotation rate used for the velocity transformation (rad/s), IAU-82 GMST rate.
double earth_rotation_rate_rad_s(Instant t);

// The TEME -> ITRF transformation at one instant, computed once and applied to many states
// at that instant (the sidereal-time evaluation costs more than applying it).
struct TemeToItrf {
  Mat3 rotation;                  // teme_to_itrf_rotation(t, eop)
  double earth_rate_rad_s = 0.0;  // earth_rotation_rate_rad_s(t)
  ItrfState apply(const Vec3& r_teme_km, const Vec3& v_teme_km_s) const;
};
TemeToItrf teme_to_itrf_at(Instant t, const EarthOrientation& eop = {});

ItrfState teme_to_itrf(const Vec3& r_teme_km, const Vec3& v_teme_km_s, Instant t,
                       const EarthOrientation& eop = {});
Vec3 itrf_to_teme_position(const Vec3& r_itrf_km, Instant t, const EarthOrientation& eop = {});

Geodetic itrf_to_geodetic(const Vec3& r_itrf_km);
Vec3 geodetic_to_itrf(const Geodetic& g);

}  // namespace lagrange::orbit
