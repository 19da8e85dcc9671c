#include "orbit/frames.hpp"

#include <erfa.h>

#include <GeographicLib/Geocentric.hpp>
#include <cmath>

#include "core/time_scales.hpp"
#include "core/units.hpp"

namespace lagrange::orbit {
namespace {

constexpr double kMetresPerKm = 1000.0;
constexpr double kJ2000Jd = 2451545.0;
constexpr double kDaysPerJulianCentury = 36525.0;

// GMST82 as a rotation angle: ERFA evaluates the IAU 1982 expression in UT1, with the two-part
// date kept apart so the day fraction keeps its full precision.
double gmst82_rad(Instant t, const EarthOrientation& eop) {
  const JulianDate ut1 = ut1_jd(t, eop.dut1_s);
  return eraGmst82(ut1.whole, ut1.fraction);
}

}  // namespace

Mat3 teme_to_itrf_rotation(Instant t, const EarthOrientation& eop) {
  // r_itrf = Rz(gmst) r_teme, with Rz the frame rotation (not the vector rotation), so
  // the Earth-fixed x-axis lies at angle gmst east of TEME's x-axis.
  const double theta = gmst82_rad(t, eop);
  const double c = std::cos(theta);
  const double s = std::sin(theta);
  Mat3 r;
  r.m[0][0] = c;
  r.m[0][1] = s;
  r.m[0][2] = 0.0;
  r.m[1][0] = -s;
  r.m[1][1] = c;
  r.m[1][2] = 0.0;
  r.m[2][0] = 0.0;
  r.m[2][1] = 0.0;
  r.m[2][2] = 1.0;
  return r;
}

double earth_rotation_rate_rad_s(Instant t) {
  // Time derivative of the IAU-82 GMST polynomial (Vallado et al., AIAA 2006-6753, App. C):
  // dGMST/dt = 1 + (8640184.812866 + 2*0.093104 T - 3*6.2e-6 T^2) / (86400 * 36525) turns
  // per UT1 day. Centuries are counted in UTC: the rate changes by 1e-17 per second of DUT1.
  const JulianDate utc = utc_jd(t);
  const double centuries = ((utc.whole - kJ2000Jd) + utc.fraction) / kDaysPerJulianCentury;
  const double dg_s_per_century =
      8640184.812866 + (2.0 * 0.093104 + (-3.0 * 6.2e-6) * centuries) * centuries;
  const double turns_per_day = 1.0 + dg_s_per_century / (kSecondsPerDay * kDaysPerJulianCentury);
  return turns_per_day * kTwoPi / kSecondsPerDay;
}

TemeToItrf teme_to_itrf_at(Instant t, const EarthOrientation& eop) {
  return {teme_to_itrf_rotation(t, eop), earth_rotation_rate_rad_s(t)};
}

ItrfState TemeToItrf::apply(const Vec3& r_teme_km, const Vec3& v_teme_km_s) const {
  ItrfState out;
  out.r_km = lagrange::apply(rotation, r_teme_km);
  // The Earth-fixed frame turns at omega about z, so a velocity seen from it loses omega x r.
  const Vec3 omega_rad_s{0.0, 0.0, earth_rate_rad_s};
  out.v_km_s = lagrange::apply(rotation, v_teme_km_s) - cross(omega_rad_s, out.r_km);
  return out;
}

ItrfState teme_to_itrf(const Vec3& r_teme_km, const Vec3& v_teme_km_s, Instant t,
                       const EarthOrientation& eop) {
  return teme_to_itrf_at(t, eop).apply(r_teme_km, v_teme_km_s);
}

Vec3 itrf_to_teme_position(const Vec3& r_itrf_km, Instant t, const EarthOrientation& eop) {
  return apply_transposed(teme_to_itrf_rotation(t, eop), r_itrf_km);
}

Geodetic itrf_to_geodetic(const Vec3& r_itrf_km) {
  Geodetic g;
  double h_m = 0.0;
  GeographicLib::Geocentric::WGS84().Reverse(r_itrf_km.x * kMetresPerKm, r_itrf_km.y * kMetresPerKm,
                                             r_itrf_km.z * kMetresPerKm, g.lat_deg, g.lon_deg, h_m);
  // GeographicLib's range is [-180, 180]; the contract here is (-180, 180].
  if (g.lon_deg <= -180.0) g.lon_deg += 360.0;
  g.alt_km = h_m / kMetresPerKm;
  return g;
}

Vec3 geodetic_to_itrf(const Geodetic& g) {
  Vec3 r_m;
  GeographicLib::Geocentric::WGS84().Forward(g.lat_deg, g.lon_deg, g.alt_km * kMetresPerKm, r_m.x,
                                             r_m.y, r_m.z);
  return r_m / kMetresPerKm;
}

}  // namespace lagrange::orbit
