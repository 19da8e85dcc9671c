#include "access/sun.hpp"

#include <erfa.h>

#include <cmath>

#include "core/time_scales.hpp"
#include "core/units.hpp"

namespace lagrange::access {
namespace {

constexpr double kSecondsPerDayD = 86400.0;
// Speed of light in AU per day, for light time and aberration in ERFA's units.
constexpr double kLightAuPerDay = kSpeedOfLight_km_s * kSecondsPerDayD / kAstronomicalUnit_km;

Vec3 from_array(const double a[3]) {
  return {a[0], a[1], a[2]};
}

Mat3 from_erfa(const double r[3][3]) {
  Mat3 m;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) m.m[i][j] = r[i][j];
  }
  return m;
}

}  // namespace

Vec3 sun_position_gcrs_km(Instant t) {
  const JulianDate tt = tt_jd(t);
  double pvh[2][3];
  double pvb[2][3];
  // Status 1 only warns that the date is outside 1900-2100, where accuracy degrades.
  eraEpv00(tt.whole, tt.fraction, pvh, pvb);
  const Vec3 earth_bary_au = from_array(pvb[0]);
  const Vec3 earth_bary_vel_au_d = from_array(pvb[1]);
  const Vec3 sun_bary_au = earth_bary_au - from_array(pvh[0]);
  // The Sun moves ~ 0.01 km/s about the barycentre; its velocity is Earth's barycentric
  // minus heliocentric velocity.
  const Vec3 sun_bary_vel_au_d = earth_bary_vel_au_d - from_array(pvh[1]);

  // Light time: where the Sun was when the light now arriving left it.
  const double light_time_d = norm(sun_bary_au - earth_bary_au) / kLightAuPerDay;
  const Vec3 sun_emitted_au = sun_bary_au - sun_bary_vel_au_d * light_time_d;
  const Vec3 geometric_au = sun_emitted_au - earth_bary_au;
  const double distance_au = norm(geometric_au);

  // Stellar aberration by ERFA's eraAb (includes the relativistic terms).
  double pnat[3] = {geometric_au.x / distance_au, geometric_au.y / distance_au,
                    geometric_au.z / distance_au};
  double v_c[3] = {earth_bary_vel_au_d.x / kLightAuPerDay, earth_bary_vel_au_d.y / kLightAuPerDay,
                   earth_bary_vel_au_d.z / kLightAuPerDay};
  const double v2 = v_c[0] * v_c[0] + v_c[1] * v_c[1] + v_c[2] * v_c[2];
  const double bm1 = std::sqrt(1.0 - v2);
  const Vec3 heliocentric_earth_au = from_array(pvh[0]);
  double ppr[3];
  eraAb(pnat, v_c, norm(heliocentric_earth_au), bm1, ppr);
  return Vec3{ppr[0], ppr[1], ppr[2]} * (distance_au * kAstronomicalUnit_km);
}

Mat3 gcrs_to_teme_rotation(Instant t) {
  const JulianDate tt = tt_jd(t);
  double rnpb[3][3];
  eraPnm80(tt.whole, tt.fraction, rnpb);  // GCRS(~J2000 mean) -> true of date
  // True of date -> TEME: rotate about z by the equation of the equinoxes (GAST - GMST),
  // moving the x axis from the true to the mean equinox.
  eraRz(eraEqeq94(tt.whole, tt.fraction), rnpb);
  return from_erfa(rnpb);
}

Vec3 sun_position_teme_km(Instant t) {
  return apply(gcrs_to_teme_rotation(t), sun_position_gcrs_km(t));
}

}  // namespace lagrange::access
