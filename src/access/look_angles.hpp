// Topocentric look angles of a satellite from a fixed site on the Earth: azimuth, elevation,
// range and range rate, from ITRF positions (orbit::teme_to_itrf) and the site's WGS-84
// geodetic coordinates (orbit::geodetic_to_itrf).
//
// Conventions: the local frame is East-North-Up with "up" along the ellipsoid normal
// (geodetic, as in skyfield's wgs84 topos). Azimuth is measured from north towards east in
// [0, 360) degrees; elevation in [-90, 90] degrees is GEOMETRIC: no atmospheric refraction
// (which would lift an object at the horizon by ~0.5 deg). Range rate is positive when the
// satellite moves away; the site is fixed in ITRF, so the satellite velocity must be the
// Earth-relative one (ItrfState::v_km_s).
//
// A Topocentric is an immutable value: safe to share between threads.
#pragma once

#include "core/vec3.hpp"
#include "orbit/frames.hpp"

namespace lagrange::access {

struct LookAngles {
  double azimuth_deg = 0.0;
  double elevation_deg = 0.0;
  double range_km = 0.0;
  double range_rate_km_s = 0.0;
};

class Topocentric {
 public:
  explicit Topocentric(const orbit::Geodetic& site);

  const Vec3& origin_itrf_km() const { return origin_itrf_km_; }
  const Vec3& up() const { return up_; }

  LookAngles look(const orbit::ItrfState& satellite) const;

  // Hot-path pieces for scans: sin(elevation) of a position, and with a velocity also its
  // time derivative (1/s). Comparing sin(elevation) with sin(mask) avoids an asin.
  double sin_elevation(const Vec3& r_itrf_km) const {
    const Vec3 rho = r_itrf_km - origin_itrf_km_;
    return dot(rho, up_) / norm(rho);
  }
  void sin_elevation_and_rate(const Vec3& r_itrf_km, const Vec3& v_itrf_km_s, double& sin_el,
                              double& sin_el_rate_per_s) const {
    const Vec3 rho = r_itrf_km - origin_itrf_km_;
    const double inv_range = 1.0 / norm(rho);
    const double up_component = dot(rho, up_);
    sin_el = up_component * inv_range;
    // d/dt (u.rho / |rho|) = u.v / |rho| - (u.rho)(rho.v) / |rho|^3
    sin_el_rate_per_s =
        (dot(v_itrf_km_s, up_) - sin_el * dot(rho, v_itrf_km_s) * inv_range) * inv_range;
  }

 private:
  Vec3 origin_itrf_km_;
  Vec3 east_;
  Vec3 north_;
  Vec3 up_;
};

}  // namespace lagrange::access
