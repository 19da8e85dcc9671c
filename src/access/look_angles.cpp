#include "access/look_angles.hpp"

#include <cmath>

#include "core/units.hpp"

namespace lagrange::access {

Topocentric::Topocentric(const orbit::Geodetic& site)
    : origin_itrf_km_(orbit::geodetic_to_itrf(site)) {
  const double lat = deg_to_rad(site.lat_deg);
  const double lon = deg_to_rad(site.lon_deg);
  const double sin_lat = std::sin(lat);
  const double cos_lat = std::cos(lat);
  const double sin_lon = std::sin(lon);
  const double cos_lon = std::cos(lon);
  east_ = {-sin_lon, cos_lon, 0.0};
  north_ = {-sin_lat * cos_lon, -sin_lat * sin_lon, cos_lat};
  up_ = {cos_lat * cos_lon, cos_lat * sin_lon, sin_lat};
}

LookAngles Topocentric::look(const orbit::ItrfState& satellite) const {
  const Vec3 rho = satellite.r_km - origin_itrf_km_;
  const double e = dot(rho, east_);
  const double n = dot(rho, north_);
  const double u = dot(rho, up_);
  LookAngles out;
  out.range_km = norm(rho);
  // atan2 keeps full precision near the zenith, where asin(u / range) does not.
  out.elevation_deg = rad_to_deg(std::atan2(u, std::hypot(e, n)));
  double azimuth_deg = rad_to_deg(std::atan2(e, n));
  if (azimuth_deg < 0.0) azimuth_deg += 360.0;
  if (azimuth_deg >= 360.0) azimuth_deg -= 360.0;
  out.azimuth_deg = azimuth_deg;
  out.range_rate_km_s = dot(rho, satellite.v_km_s) / out.range_km;
  return out;
}

}  // namespace lagrange::access
