// SGP4 propagation (the sgp4 routine of the published algorithm): secular gravity and drag,
// deep-space terms when they apply, Kepler's equation, short-period terms, TEME state.
#include <cmath>

#include "core/units.hpp"
#include "orbit/internal/sgp4_core.hpp"
#include "orbit/internal/sgp4_deep_space.hpp"

namespace lagrange::orbit::sgp4_detail {
namespace {

// Secular effects of gravity and drag; returns the mean elements and the drag factors
// (tempa, tempe, templ) that still scale a, e and the mean anomaly.
struct DragFactors {
  double tempa, tempe, templ;
};

DragFactors secular_near_earth(const Sgp4Record& rec, double t, MeanElements& m) {
  const double xmdf = rec.mo + rec.mdot * t;
  const double argpdf = rec.argpo + rec.argpdot * t;
  const double nodedf = rec.nodeo + rec.nodedot * t;
  m.argpm = argpdf;
  m.mm = xmdf;
  const double t2 = t * t;
  m.nodem = nodedf + rec.nodecf * t2;
  DragFactors f{1.0 - rec.cc1 * t, rec.bstar * rec.cc4 * t, rec.t2cof * t2};
  if (!rec.simplified_drag) {
    const double delomg = rec.omgcof * t;
    const double delmtemp = 1.0 + rec.eta * std::cos(xmdf);
    const double delm = rec.xmcof * (delmtemp * delmtemp * delmtemp - rec.delmo);
    const double temp = delomg + delm;
    m.mm = xmdf + temp;
    m.argpm = argpdf - temp;
    const double t3 = t2 * t;
    const double t4 = t3 * t;
    f.tempa = f.tempa - rec.d2 * t2 - rec.d3 * t3 - rec.d4 * t4;
    f.tempe = f.tempe + rec.bstar * rec.cc5 * (std::sin(m.mm) - rec.sinmao);
    f.templ = f.templ + rec.t3cof * t3 + t4 * (rec.t4cof + t * rec.t5cof);
  }
  m.nm = rec.no_unkozai;
  m.em = rec.ecco;
  m.inclm = rec.inclo;
  return f;
}

// Inclination-dependent coefficients of the short-period and long-period terms.
struct InclinationTerms {
  double sinip, cosip, aycof, xlcof, con41, x1mth2, x7thm1;
};

InclinationTerms inclination_terms(const Sgp4Record& rec, double xincp) {
  if (!rec.deep_space) {
    return {rec.sinio, rec.cosio, rec.aycof, rec.xlcof, rec.con41, rec.x1mth2, rec.x7thm1};
  }
  InclinationTerms k{};
  k.sinip = std::sin(xincp);
  k.cosip = std::cos(xincp);
  constexpr double kTemp4 = 1.5e-12;
  const double one_plus_cos = std::fabs(k.cosip + 1.0) > kTemp4 ? 1.0 + k.cosip : kTemp4;
  const double j3oj2 = rec.gravity.j3oj2;
  k.aycof = -0.5 * j3oj2 * k.sinip;
  k.xlcof = -0.25 * j3oj2 * k.sinip * (3.0 + 5.0 * k.cosip) / one_plus_cos;
  const double cosisq = k.cosip * k.cosip;
  k.con41 = 3.0 * cosisq - 1.0;
  k.x1mth2 = 1.0 - cosisq;
  k.x7thm1 = 7.0 * cosisq - 1.0;
  return k;
}

// Long-period terms, Kepler's equation, short-period terms and the TEME state.
Sgp4Error osculating_state(const Sgp4Record& rec, double am, double nm, const PeriodicElements& p,
                           TemeState& out) {
  const Sgp4Gravity& g = rec.gravity;
  const InclinationTerms k = inclination_terms(rec, p.inclp);

  const double axnl = p.ep * std::cos(p.argpp);
  double temp = 1.0 / (am * (1.0 - p.ep * p.ep));
  const double aynl = p.ep * std::sin(p.argpp) + temp * k.aycof;
  const double xl = p.mp + p.argpp + p.nodep + temp * k.xlcof * axnl;

  // Kepler's equation for the eccentric longitude, Newton steps limited to 0.95 rad.
  const double u = std::fmod(xl - p.nodep, kTwoPi);
  double eo1 = u;
  double tem5 = 9999.9;
  double sineo1 = 0.0;
  double coseo1 = 0.0;
  for (int ktr = 1; std::fabs(tem5) >= 1.0e-12 && ktr <= 10; ++ktr) {
    sineo1 = std::sin(eo1);
    coseo1 = std::cos(eo1);
    tem5 = 1.0 - coseo1 * axnl - sineo1 * aynl;
    tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5;
    if (std::fabs(tem5) >= 0.95) tem5 = tem5 > 0.0 ? 0.95 : -0.95;
    eo1 = eo1 + tem5;
  }

  const double ecose = axnl * coseo1 + aynl * sineo1;
  const double esine = axnl * sineo1 - aynl * coseo1;
  const double el2 = axnl * axnl + aynl * aynl;
  const double pl = am * (1.0 - el2);
  if (!(pl >= 0.0)) return Sgp4Error::kSemiLatusRectum;

  const double rl = am * (1.0 - ecose);
  const double rdotl = std::sqrt(am) * esine / rl;
  const double rvdotl = std::sqrt(pl) / rl;
  const double betal = std::sqrt(1.0 - el2);
  temp = esine / (1.0 + betal);
  const double sinu = am / rl * (sineo1 - aynl - axnl * temp);
  const double cosu = am / rl * (coseo1 - axnl + aynl * temp);
  double su = std::atan2(sinu, cosu);
  const double sin2u = (cosu + cosu) * sinu;
  const double cos2u = 1.0 - 2.0 * sinu * sinu;
  temp = 1.0 / pl;
  const double temp1 = 0.5 * g.j2 * temp;
  const double temp2 = temp1 * temp;

  const double mrt = rl * (1.0 - 1.5 * temp2 * betal * k.con41) + 0.5 * temp1 * k.x1mth2 * cos2u;
  su = su - 0.25 * temp2 * k.x7thm1 * sin2u;
  const double xnode = p.nodep + 1.5 * temp2 * k.cosip * sin2u;
  const double xinc = p.inclp + 1.5 * temp2 * k.cosip * k.sinip * cos2u;
  const double mvt = rdotl - nm * temp1 * k.x1mth2 * sin2u / g.xke;
  const double rvdot = rvdotl + nm * temp1 * (k.x1mth2 * cos2u + 1.5 * k.con41) / g.xke;

  const double sinsu = std::sin(su);
  const double cossu = std::cos(su);
  const double snod = std::sin(xnode);
  const double cnod = std::cos(xnode);
  const double sini = std::sin(xinc);
  const double cosi = std::cos(xinc);
  const double xmx = -snod * cosi;
  const double xmy = cnod * cosi;
  const double ux = xmx * sinsu + cnod * cossu;
  const double uy = xmy * sinsu + snod * cossu;
  const double uz = sini * sinsu;
  const double vx = xmx * cossu - cnod * sinsu;
  const double vy = xmy * cossu - snod * sinsu;
  const double vz = sini * cossu;

  const double r_km = mrt * g.radius_km;
  out.r_km = {r_km * ux, r_km * uy, r_km * uz};
  out.v_km_s = {(mvt * ux + rvdot * vx) * g.vkmpersec, (mvt * uy + rvdot * vy) * g.vkmpersec,
                (mvt * uz + rvdot * vz) * g.vkmpersec};
  // Also catches a NaN radius, so no garbage state is ever reported as a success.
  if (!(mrt >= 1.0)) return Sgp4Error::kDecayed;
  return Sgp4Error::kNone;
}

}  // namespace

Sgp4Error propagate_record(const Sgp4Record& rec, double t, TemeState& out) {
  constexpr double x2o3 = 2.0 / 3.0;
  // No element set means anything 1900 years away (two Instants are never that far apart),
  // and the resonance integrator's step count grows with |t|: refuse rather than spin.
  // A NaN time is refused too, with the code its NaN eccentricity would give near Earth.
  constexpr double kMaxMinutesFromEpoch = 1.0e9;
  if (!(std::fabs(t) <= kMaxMinutesFromEpoch)) return Sgp4Error::kMeanEccentricity;
  const Sgp4Gravity& g = rec.gravity;
  MeanElements m;
  const DragFactors f = secular_near_earth(rec, t, m);
  if (rec.deep_space) apply_deep_space_secular(rec, t, m);

  if (!(m.nm > 0.0)) return Sgp4Error::kMeanMotion;
  // Near Earth the mean motion is still no_unkozai here, whose (xke/n)^(2/3) is rec.ao.
  const double a_before_drag = rec.deep_space ? std::pow(g.xke / m.nm, x2o3) : rec.ao;
  const double am = a_before_drag * f.tempa * f.tempa;
  const double nm = g.xke / (am * std::sqrt(am));
  double em = m.em - f.tempe;
  if (!(em < 1.0 && em >= -0.001)) return Sgp4Error::kMeanEccentricity;
  if (em < 1.0e-6) em = 1.0e-6;
  double mm = m.mm + rec.no_unkozai * f.templ;
  double xlm = mm + m.argpm + m.nodem;
  double nodem = std::fmod(m.nodem, kTwoPi);
  double argpm = std::fmod(m.argpm, kTwoPi);
  xlm = std::fmod(xlm, kTwoPi);
  mm = std::fmod(xlm - argpm - nodem, kTwoPi);

  PeriodicElements p{em, m.inclm, nodem, argpm, mm};
  if (rec.deep_space) {
    apply_deep_space_periodics(rec, t, p);
    if (p.inclp < 0.0) {
      p.inclp = -p.inclp;
      p.nodep = p.nodep + kPi;
      p.argpp = p.argpp - kPi;
    }
    if (!(p.ep >= 0.0 && p.ep <= 1.0)) return Sgp4Error::kPerturbedEccentricity;
  }
  return osculating_state(rec, am, nm, p, out);
}

}  // namespace lagrange::orbit::sgp4_detail
