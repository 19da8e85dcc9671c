// Physical constants and unit conversions shared by every layer. Names carry their units.
#pragma once

#include <numbers>

namespace lagrange {

inline constexpr double kPi = std::numbers::pi;
inline constexpr double kTwoPi = 2.0 * std::numbers::pi;
inline constexpr double kDegPerRad = 180.0 / std::numbers::pi;
inline constexpr double kRadPerDeg = std::numbers::pi / 180.0;

inline constexpr double kSecondsPerMinute = 60.0;
inline constexpr double kSecondsPerDay = 86400.0;
inline constexpr double kMinutesPerDay = 1440.0;

inline constexpr double kSpeedOfLight_km_s = 299792.458;

// WGS-84 ellipsoid (the geodetic frame of ITRF positions).
inline constexpr double kWgs84EquatorialRadius_km = 6378.137;
inline constexpr double kWgs84Flattening = 1.0 / 298.257223563;

// Mean radius of the Sun (IAU 2015 nominal), for penumbra geometry.
inline constexpr double kSunRadius_km = 695700.0;

constexpr double deg_to_rad(double deg) {
  return deg * kRadPerDeg;
}
constexpr double rad_to_deg(double rad) {
  return rad * kDegPerRad;
}

}  // namespace lagrange
