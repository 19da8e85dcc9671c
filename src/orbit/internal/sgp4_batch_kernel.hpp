// The near-Earth SGP4 propagation step for several satellites at once, one per SIMD lane.
//
// Same algorithm, same order of steps and same error codes as the scalar near-Earth path of
// Satellite::propagate_minutes (Hoots & Roehrich, Spacetrack Report #3; Vallado et al., AIAA
// 2006-6753): secular gravity and drag, long-period periodics, Kepler's equation, short-period
// periodics. Lane results agree with the scalar ones to rounding (the sin/cos here are
// simd::sincos, within ~2 ulp of libm's). Two rewrites keep it branch-free and cheaper
// without changing the mathematics:
//  - Kepler's equation iterates all lanes together; a lane stops updating once its step is
//    below 1e-12 (the scalar's test), so each lane does the scalar's number of iterations;
//  - sin/cos of the argument of latitude su = atan2(sin u, cos u) - d are formed by rotating
//    the unit vector (cos u, sin u) by -d instead of calling atan2 then sin and cos.
#pragma once

#include <cstdint>

#include "orbit/internal/simd_math.hpp"

namespace lagrange::orbit::sgp4_batch {

using simd::F64;
using simd::kLanes;

// Per-satellite constants of kLanes near-Earth records, one lane each (Vallado's names; see
// orbit/internal/sgp4_record.hpp). Lanes of records with simplified drag (isimp) hold zero in
// the higher-order drag coefficients, which makes those terms vanish exactly.
struct alignas(64) NearEarthLanes {
  double mo[kLanes], mdot[kLanes];
  double argpo[kLanes], argpdot[kLanes];
  double nodeo[kLanes], nodedot[kLanes], nodecf[kLanes];
  double cc1[kLanes], bstar_cc4[kLanes], bstar_cc5[kLanes], t2cof[kLanes];
  double omgcof[kLanes], xmcof[kLanes], eta[kLanes], delmo[kLanes], sinmao[kLanes];
  double d2[kLanes], d3[kLanes], d4[kLanes], t3cof[kLanes], t4cof[kLanes], t5cof[kLanes];
  double no_unkozai[kLanes], ecco[kLanes], inclo[kLanes], sinio[kLanes], cosio[kLanes];
  double a_unperturbed[kLanes];  // pow(xke / no_unkozai, 2/3), as the scalar computes it
  double aycof[kLanes], xlcof[kLanes], con41[kLanes], x1mth2[kLanes], x7thm1[kLanes];
  double xke[kLanes], j2[kLanes], radius_km[kLanes], vkmpersec[kLanes];
  bool all_simplified_drag = false;  // every lane isimp: skip the higher-order drag terms
};

// Output of one step: TEME position (km), velocity (km/s) and the SGP4 error code per lane
// as a double (0 none, 1, 2, 4 or 6). Lanes with an error hold NaN states.
struct LaneStates {
  F64 x_km, y_km, z_km, vx_km_s, vy_km_s, vz_km_s;
  F64 error;
};

inline LaneStates propagate_lanes(const NearEarthLanes& c, F64 t) {
  using simd::load;
  using simd::sincos;
  using simd::splat;
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  const auto fmod_2pi = [](F64 x) { return simd::fmod_positive_divisor(x, kTwoPi); };

  // Secular gravity and atmospheric drag.
  const F64 xmdf = load(c.mo) + load(c.mdot) * t;
  const F64 argpdf = load(c.argpo) + load(c.argpdot) * t;
  const F64 nodedf = load(c.nodeo) + load(c.nodedot) * t;
  F64 argpm = argpdf;
  F64 mm = xmdf;
  const F64 t2 = t * t;
  F64 nodem = nodedf + load(c.nodecf) * t2;
  F64 tempa = 1.0 - load(c.cc1) * t;
  F64 tempe = load(c.bstar_cc4) * t;
  F64 templ = load(c.t2cof) * t2;
  if (!c.all_simplified_drag) {
    // xmcof grows like 1/e, so for near-circular orbits the rounding of delm shows in the
    // state: these multiply-adds are rounded as GCC rounds the scalar code's.
    F64 sin_xmdf, cos_xmdf;
    sincos(xmdf, sin_xmdf, cos_xmdf);
    const F64 delmtemp = simd::mul_add_like_scalar(load(c.eta), cos_xmdf, splat(1.0));
    const F64 delm =
        load(c.xmcof) * simd::mul_add_like_scalar(delmtemp * delmtemp, delmtemp, -load(c.delmo));
    const F64 temp = simd::mul_add_like_scalar(load(c.omgcof), t, delm);  // delomg + delm
    mm = xmdf + temp;
    argpm = argpdf - temp;
    const F64 t3 = t2 * t;
    const F64 t4 = t3 * t;
    tempa = tempa - load(c.d2) * t2 - load(c.d3) * t3 - load(c.d4) * t4;
    F64 sin_mm, cos_mm;
    sincos(mm, sin_mm, cos_mm);
    tempe = tempe + load(c.bstar_cc5) * (sin_mm - load(c.sinmao));
    templ = templ + load(c.t3cof) * t3 + t4 * (load(c.t4cof) + t * load(c.t5cof));
  }
  const F64 no_unkozai = load(c.no_unkozai);
  const F64 xke = load(c.xke);
  // Each check is written so that a NaN fails it, as in the scalar code.
  const F64 error_mean_motion = (no_unkozai > 0.0) ? splat(0.0) : splat(2.0);

  const F64 am = load(c.a_unperturbed) * tempa * tempa;
  const F64 nm = xke / (am * simd::sqrt(am));
  F64 em = load(c.ecco) - tempe;
  const F64 error_eccentricity = ((em < 1.0) & (em >= -0.001)) ? splat(0.0) : splat(1.0);
  em = (em < 1.0e-6) ? splat(1.0e-6) : em;
  mm = mm + no_unkozai * templ;
  F64 xlm = mm + argpm + nodem;
  nodem = fmod_2pi(nodem);
  argpm = fmod_2pi(argpm);
  xlm = fmod_2pi(xlm);
  mm = fmod_2pi(xlm - argpm - nodem);

  // Long-period periodics.
  const F64 ep = em;
  const F64 sinip = load(c.sinio);
  const F64 cosip = load(c.cosio);
  F64 sin_argpp, cos_argpp;
  sincos(argpm, sin_argpp, cos_argpp);
  const F64 axnl = ep * cos_argpp;
  F64 temp = 1.0 / (am * (1.0 - ep * ep));
  const F64 aynl = ep * sin_argpp + temp * load(c.aycof);
  const F64 xl = mm + argpm + nodem + temp * load(c.xlcof) * axnl;

  // Kepler's equation for the eccentric longitude, lane-wise Newton steps (at most 10, each
  // limited to 0.95 rad) until the step is below 1e-12.
  const F64 u = fmod_2pi(xl - nodem);
  F64 eo1 = u;
  F64 sineo1 = splat(0.0);
  F64 coseo1 = splat(0.0);
  // Every lane takes the first step, as the scalar loop does (a NaN then fails a check).
  simd::Mask active = (u == u) | (u != u);
  for (int iteration = 0; iteration < 10 && simd::any(active); ++iteration) {
    F64 s, co;
    sincos(eo1, s, co);
    sineo1 = active ? s : sineo1;
    coseo1 = active ? co : coseo1;
    F64 step = (u - aynl * co + axnl * s - eo1) / (1.0 - co * axnl - s * aynl);
    step = (step >= 0.95) ? splat(0.95) : step;
    step = (step <= -0.95) ? splat(-0.95) : step;
    eo1 = active ? eo1 + step : eo1;
    active = active & (simd::abs(step) >= 1.0e-12);
  }

  // Short-period periodics.
  const F64 ecose = axnl * coseo1 + aynl * sineo1;
  const F64 esine = axnl * sineo1 - aynl * coseo1;
  const F64 el2 = axnl * axnl + aynl * aynl;
  const F64 pl = am * (1.0 - el2);
  const F64 error_semi_latus = (pl >= 0.0) ? splat(0.0) : splat(4.0);
  const F64 rl = am * (1.0 - ecose);
  const F64 rdotl = simd::sqrt(am) * esine / rl;
  const F64 rvdotl = simd::sqrt(pl) / rl;
  const F64 betal = simd::sqrt(1.0 - el2);
  temp = esine / (1.0 + betal);
  const F64 sinu = am / rl * (sineo1 - aynl - axnl * temp);
  const F64 cosu = am / rl * (coseo1 - axnl + aynl * temp);
  const F64 sin2u = (cosu + cosu) * sinu;
  const F64 cos2u = 1.0 - 2.0 * sinu * sinu;
  temp = 1.0 / pl;
  const F64 temp1 = 0.5 * load(c.j2) * temp;
  const F64 temp2 = temp1 * temp;
  const F64 con41 = load(c.con41);
  const F64 x1mth2 = load(c.x1mth2);

  const F64 mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u;
  const F64 su_correction = 0.25 * temp2 * load(c.x7thm1) * sin2u;
  const F64 xnode = nodem + 1.5 * temp2 * cosip * sin2u;
  const F64 xinc = load(c.inclo) + 1.5 * temp2 * cosip * sinip * cos2u;
  const F64 mvt = rdotl - nm * temp1 * x1mth2 * sin2u / xke;
  const F64 rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / xke;

  // sin/cos of su = atan2(sinu, cosu) - su_correction, by rotation.
  const F64 inv_norm = 1.0 / simd::sqrt(sinu * sinu + cosu * cosu);
  const F64 sin_u0 = sinu * inv_norm;
  const F64 cos_u0 = cosu * inv_norm;
  F64 sin_d, cos_d;
  sincos(su_correction, sin_d, cos_d);
  const F64 sinsu = sin_u0 * cos_d - cos_u0 * sin_d;
  const F64 cossu = cos_u0 * cos_d + sin_u0 * sin_d;

  // Orientation vectors and the state.
  F64 snod, cnod, sini, cosi;
  sincos(xnode, snod, cnod);
  sincos(xinc, sini, cosi);
  const F64 xmx = -snod * cosi;
  const F64 xmy = cnod * cosi;
  const F64 ux = xmx * sinsu + cnod * cossu;
  const F64 uy = xmy * sinsu + snod * cossu;
  const F64 uz = sini * sinsu;
  const F64 vx = xmx * cossu - cnod * sinsu;
  const F64 vy = xmy * cossu - snod * sinsu;
  const F64 vz = sini * cossu;
  const F64 mr = mrt * load(c.radius_km);
  const F64 vkmpersec = load(c.vkmpersec);
  const F64 error_decayed = (mrt >= 1.0) ? splat(0.0) : splat(6.0);

  // The scalar stops at the first failed check, so the earliest code wins.
  F64 error = error_decayed;
  error = (error_semi_latus != 0.0) ? error_semi_latus : error;
  error = (error_eccentricity != 0.0) ? error_eccentricity : error;
  error = (error_mean_motion != 0.0) ? error_mean_motion : error;
  const simd::Mask failed = (error != 0.0);
  const F64 nan = splat(__builtin_nan(""));
  LaneStates out;
  out.x_km = failed ? nan : mr * ux;
  out.y_km = failed ? nan : mr * uy;
  out.z_km = failed ? nan : mr * uz;
  out.vx_km_s = failed ? nan : (mvt * ux + rvdot * vx) * vkmpersec;
  out.vy_km_s = failed ? nan : (mvt * uy + rvdot * vy) * vkmpersec;
  out.vz_km_s = failed ? nan : (mvt * uz + rvdot * vz) * vkmpersec;
  out.error = error;
  return out;
}

}  // namespace lagrange::orbit::sgp4_batch
