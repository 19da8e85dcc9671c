// Deep-space initialisation of SGP4 (dscom and dsinit of the published algorithm): the
// lunar and solar perturbation coefficients at epoch and the resonance terms.
#include <cmath>

#include "core/units.hpp"
#include "orbit/internal/sgp4_deep_space.hpp"

namespace lagrange::orbit::sgp4_detail {
namespace {

constexpr double kZes = 0.01675;                   // solar eccentricity
constexpr double kZel = 0.05490;                   // lunar eccentricity
constexpr double kZns = 1.19459e-5;                // solar mean motion, rad/min
constexpr double kZnl = 1.5835218e-4;              // lunar mean motion, rad/min
constexpr double kRptim = 4.37526908801129966e-3;  // Earth rotation, rad/min

// One body's (Sun's or Moon's) coupling coefficients, computed by the same formulas.
struct BodyTerms {
  double s1, s2, s3, s4, s5, s6, s7;
  double z1, z2, z3, z11, z12, z13, z21, z22, z23, z31, z32, z33;
};

// Orientation of the perturbing body's orbit: cos/sin of its argument of perigee (g),
// inclination (i) and node (h) relative to the satellite's equator frame.
struct BodyGeometry {
  double cosg, sing, cosi, sini, cosh, sinh, cc;
};

struct SatelliteAngles {
  double sinim, cosim, sinomm, cosomm, emsq, betasq, rtemsq, em, nm;
};

BodyTerms body_terms(const BodyGeometry& g, const SatelliteAngles& s) {
  BodyTerms b{};
  const double a1 = g.cosg * g.cosh + g.sing * g.cosi * g.sinh;
  const double a3 = -g.sing * g.cosh + g.cosg * g.cosi * g.sinh;
  const double a7 = -g.cosg * g.sinh + g.sing * g.cosi * g.cosh;
  const double a8 = g.sing * g.sini;
  const double a9 = g.sing * g.sinh + g.cosg * g.cosi * g.cosh;
  const double a10 = g.cosg * g.sini;
  const double a2 = s.cosim * a7 + s.sinim * a8;
  const double a4 = s.cosim * a9 + s.sinim * a10;
  const double a5 = -s.sinim * a7 + s.cosim * a8;
  const double a6 = -s.sinim * a9 + s.cosim * a10;

  const double x1 = a1 * s.cosomm + a2 * s.sinomm;
  const double x2 = a3 * s.cosomm + a4 * s.sinomm;
  const double x3 = -a1 * s.sinomm + a2 * s.cosomm;
  const double x4 = -a3 * s.sinomm + a4 * s.cosomm;
  const double x5 = a5 * s.sinomm;
  const double x6 = a6 * s.sinomm;
  const double x7 = a5 * s.cosomm;
  const double x8 = a6 * s.cosomm;

  const double emsq = s.emsq;
  b.z31 = 12.0 * x1 * x1 - 3.0 * x3 * x3;
  b.z32 = 24.0 * x1 * x2 - 6.0 * x3 * x4;
  b.z33 = 12.0 * x2 * x2 - 3.0 * x4 * x4;
  b.z1 = 3.0 * (a1 * a1 + a2 * a2) + b.z31 * emsq;
  b.z2 = 6.0 * (a1 * a3 + a2 * a4) + b.z32 * emsq;
  b.z3 = 3.0 * (a3 * a3 + a4 * a4) + b.z33 * emsq;
  b.z11 = -6.0 * a1 * a5 + emsq * (-24.0 * x1 * x7 - 6.0 * x3 * x5);
  b.z12 =
      -6.0 * (a1 * a6 + a3 * a5) + emsq * (-24.0 * (x2 * x7 + x1 * x8) - 6.0 * (x3 * x6 + x4 * x5));
  b.z13 = -6.0 * a3 * a6 + emsq * (-24.0 * x2 * x8 - 6.0 * x4 * x6);
  b.z21 = 6.0 * a2 * a5 + emsq * (24.0 * x1 * x5 - 6.0 * x3 * x7);
  b.z22 =
      6.0 * (a4 * a5 + a2 * a6) + emsq * (24.0 * (x2 * x5 + x1 * x6) - 6.0 * (x4 * x7 + x3 * x8));
  b.z23 = 6.0 * a4 * a6 + emsq * (24.0 * x2 * x6 - 6.0 * x4 * x8);
  b.z1 = b.z1 + b.z1 + s.betasq * b.z31;
  b.z2 = b.z2 + b.z2 + s.betasq * b.z32;
  b.z3 = b.z3 + b.z3 + s.betasq * b.z33;
  const double xnoi = 1.0 / s.nm;
  b.s3 = g.cc * xnoi;
  b.s2 = -0.5 * b.s3 / s.rtemsq;
  b.s4 = b.s3 * s.rtemsq;
  b.s1 = -15.0 * s.em * b.s4;
  b.s5 = x1 * x3 + x2 * x4;
  b.s6 = x2 * x3 + x1 * x4;
  b.s7 = x2 * x4 - x1 * x3;
  return b;
}

struct CommonTerms {
  SatelliteAngles sat;
  BodyTerms sun;
  BodyTerms moon;
};

// dscom: geometry of the Sun and Moon at epoch and the periodic coefficients.
CommonTerms compute_common(Sgp4Record& rec) {
  constexpr double kC1ss = 2.9864797e-6;
  constexpr double kC1l = 4.7968065e-7;
  constexpr double kZsinis = 0.39785416;
  constexpr double kZcosis = 0.91744867;
  constexpr double kZcosgs = 0.1945905;
  constexpr double kZsings = -0.98088458;

  CommonTerms c{};
  SatelliteAngles& s = c.sat;
  s.nm = rec.no_unkozai;
  s.em = rec.ecco;
  const double snodm = std::sin(rec.nodeo);
  const double cnodm = std::cos(rec.nodeo);
  s.sinomm = std::sin(rec.argpo);
  s.cosomm = std::cos(rec.argpo);
  s.sinim = std::sin(rec.inclo);
  s.cosim = std::cos(rec.inclo);
  s.emsq = s.em * s.em;
  s.betasq = 1.0 - s.emsq;
  s.rtemsq = std::sqrt(s.betasq);

  // Days since 1900 Jan 0.5 at epoch; the lunar node and arguments are linear in it.
  const double day = rec.epoch_days_since_1950 + 18261.5;
  const double xnodce = std::fmod(4.5236020 - 9.2422029e-4 * day, kTwoPi);
  const double stem = std::sin(xnodce);
  const double ctem = std::cos(xnodce);
  const double zcosil = 0.91375164 - 0.03568096 * ctem;
  const double zsinil = std::sqrt(1.0 - zcosil * zcosil);
  const double zsinhl = 0.089683511 * stem / zsinil;
  const double zcoshl = std::sqrt(1.0 - zsinhl * zsinhl);
  const double gam = 5.8351514 + 0.0019443680 * day;
  double zx = 0.39785416 * stem / zsinil;
  const double zy = zcoshl * ctem + 0.91744867 * zsinhl * stem;
  zx = std::atan2(zx, zy);
  zx = gam + zx - xnodce;

  const BodyGeometry sun{kZcosgs, kZsings, kZcosis, kZsinis, cnodm, snodm, kC1ss};
  c.sun = body_terms(sun, s);
  const BodyGeometry moon{std::cos(zx),
                          std::sin(zx),
                          zcosil,
                          zsinil,
                          zcoshl * cnodm + zsinhl * snodm,
                          snodm * zcoshl - cnodm * zsinhl,
                          kC1l};
  c.moon = body_terms(moon, s);

  Sgp4DeepSpace& d = rec.deep;
  d.zmol = std::fmod(4.7199672 + 0.22997150 * day - gam, kTwoPi);
  d.zmos = std::fmod(6.2565837 + 0.017201977 * day, kTwoPi);

  const BodyTerms& ss = c.sun;
  d.se2 = 2.0 * ss.s1 * ss.s6;
  d.se3 = 2.0 * ss.s1 * ss.s7;
  d.si2 = 2.0 * ss.s2 * ss.z12;
  d.si3 = 2.0 * ss.s2 * (ss.z13 - ss.z11);
  d.sl2 = -2.0 * ss.s3 * ss.z2;
  d.sl3 = -2.0 * ss.s3 * (ss.z3 - ss.z1);
  d.sl4 = -2.0 * ss.s3 * (-21.0 - 9.0 * s.emsq) * kZes;
  d.sgh2 = 2.0 * ss.s4 * ss.z32;
  d.sgh3 = 2.0 * ss.s4 * (ss.z33 - ss.z31);
  d.sgh4 = -18.0 * ss.s4 * kZes;
  d.sh2 = -2.0 * ss.s2 * ss.z22;
  d.sh3 = -2.0 * ss.s2 * (ss.z23 - ss.z21);

  const BodyTerms& lm = c.moon;
  d.ee2 = 2.0 * lm.s1 * lm.s6;
  d.e3 = 2.0 * lm.s1 * lm.s7;
  d.xi2 = 2.0 * lm.s2 * lm.z12;
  d.xi3 = 2.0 * lm.s2 * (lm.z13 - lm.z11);
  d.xl2 = -2.0 * lm.s3 * lm.z2;
  d.xl3 = -2.0 * lm.s3 * (lm.z3 - lm.z1);
  d.xl4 = -2.0 * lm.s3 * (-21.0 - 9.0 * s.emsq) * kZel;
  d.xgh2 = 2.0 * lm.s4 * lm.z32;
  d.xgh3 = 2.0 * lm.s4 * (lm.z33 - lm.z31);
  d.xgh4 = -18.0 * lm.s4 * kZel;
  d.xh2 = -2.0 * lm.s2 * lm.z22;
  d.xh3 = -2.0 * lm.s2 * (lm.z23 - lm.z21);
  return c;
}

// Secular lunar-solar rates (first part of dsinit).
void init_secular_rates(Sgp4Record& rec, const CommonTerms& c) {
  const SatelliteAngles& s = c.sat;
  const BodyTerms& ss = c.sun;
  const BodyTerms& lm = c.moon;
  Sgp4DeepSpace& d = rec.deep;
  // Near-equatorial orbits: the node rate is undefined, so its terms are dropped.
  const bool near_equatorial = rec.inclo < 5.2359877e-2 || rec.inclo > kPi - 5.2359877e-2;

  const double ses = ss.s1 * kZns * ss.s5;
  const double sis = ss.s2 * kZns * (ss.z11 + ss.z13);
  const double sls = -kZns * ss.s3 * (ss.z1 + ss.z3 - 14.0 - 6.0 * s.emsq);
  const double sghs = ss.s4 * kZns * (ss.z31 + ss.z33 - 6.0);
  double shs = near_equatorial ? 0.0 : -kZns * ss.s2 * (ss.z21 + ss.z23);
  if (s.sinim != 0.0) shs = shs / s.sinim;
  const double sgs = sghs - s.cosim * shs;

  d.dedt = ses + lm.s1 * kZnl * lm.s5;
  d.didt = sis + lm.s2 * kZnl * (lm.z11 + lm.z13);
  d.dmdt = sls - kZnl * lm.s3 * (lm.z1 + lm.z3 - 14.0 - 6.0 * s.emsq);
  const double sghl = lm.s4 * kZnl * (lm.z31 + lm.z33 - 6.0);
  const double shll = near_equatorial ? 0.0 : -kZnl * lm.s2 * (lm.z21 + lm.z23);
  d.domdt = sgs + sghl;
  d.dnodt = shs;
  if (s.sinim != 0.0) {
    d.domdt = d.domdt - s.cosim / s.sinim * shll;
    d.dnodt = d.dnodt + shll / s.sinim;
  }
}

struct HalfDayG {
  double g201, g211, g310, g322, g410, g422, g520, g521, g532, g533;
};

// Eccentricity functions of the half-day resonance (polynomial fits of the algorithm).
HalfDayG half_day_eccentricity_functions(double em) {
  const double emsq = em * em;
  const double eoc = em * emsq;
  HalfDayG g{};
  g.g201 = -0.306 - (em - 0.64) * 0.440;
  if (em <= 0.65) {
    g.g211 = 3.616 - 13.2470 * em + 16.2900 * emsq;
    g.g310 = -19.302 + 117.3900 * em - 228.4190 * emsq + 156.5910 * eoc;
    g.g322 = -18.9068 + 109.7927 * em - 214.6334 * emsq + 146.5816 * eoc;
    g.g410 = -41.122 + 242.6940 * em - 471.0940 * emsq + 313.9530 * eoc;
    g.g422 = -146.407 + 841.8800 * em - 1629.014 * emsq + 1083.4350 * eoc;
    g.g520 = -532.114 + 3017.977 * em - 5740.032 * emsq + 3708.2760 * eoc;
  } else {
    g.g211 = -72.099 + 331.819 * em - 508.738 * emsq + 266.724 * eoc;
    g.g310 = -346.844 + 1582.851 * em - 2415.925 * emsq + 1246.113 * eoc;
    g.g322 = -342.585 + 1554.908 * em - 2366.899 * emsq + 1215.972 * eoc;
    g.g410 = -1052.797 + 4758.686 * em - 7193.992 * emsq + 3651.957 * eoc;
    g.g422 = -3581.690 + 16178.110 * em - 24462.770 * emsq + 12422.520 * eoc;
    if (em > 0.715) {
      g.g520 = -5149.66 + 29936.92 * em - 54087.36 * emsq + 31324.56 * eoc;
    } else {
      g.g520 = 1464.74 - 4664.75 * em + 3763.64 * emsq;
    }
  }
  if (em < 0.7) {
    g.g533 = -919.22770 + 4988.6100 * em - 9064.7700 * emsq + 5542.21 * eoc;
    g.g521 = -822.71072 + 4568.6173 * em - 8491.4146 * emsq + 5337.524 * eoc;
    g.g532 = -853.66600 + 4690.2500 * em - 8624.7700 * emsq + 5341.4 * eoc;
  } else {
    g.g533 = -37995.780 + 161616.52 * em - 229838.20 * emsq + 109377.94 * eoc;
    g.g521 = -51752.104 + 218913.95 * em - 309468.16 * emsq + 146349.42 * eoc;
    g.g532 = -40023.880 + 170470.89 * em - 242699.48 * emsq + 115605.82 * eoc;
  }
  return g;
}

void init_half_day_resonance(Sgp4Record& rec, const SatelliteAngles& s, double aonv) {
  constexpr double kRoot22 = 1.7891679e-6;
  constexpr double kRoot32 = 3.7393792e-7;
  constexpr double kRoot44 = 7.3636953e-9;
  constexpr double kRoot52 = 1.1428639e-7;
  constexpr double kRoot54 = 2.1765803e-9;
  Sgp4DeepSpace& d = rec.deep;
  const HalfDayG g = half_day_eccentricity_functions(rec.ecco);

  const double cosim = s.cosim;
  const double sinim = s.sinim;
  const double cosisq = cosim * cosim;
  const double sini2 = sinim * sinim;
  const double f220 = 0.75 * (1.0 + 2.0 * cosim + cosisq);
  const double f221 = 1.5 * sini2;
  const double f321 = 1.875 * sinim * (1.0 - 2.0 * cosim - 3.0 * cosisq);
  const double f322 = -1.875 * sinim * (1.0 + 2.0 * cosim - 3.0 * cosisq);
  const double f441 = 35.0 * sini2 * f220;
  const double f442 = 39.3750 * sini2 * sini2;
  const double f522 = 9.84375 * sinim *
                      (sini2 * (1.0 - 2.0 * cosim - 5.0 * cosisq) +
                       0.33333333 * (-2.0 + 4.0 * cosim + 6.0 * cosisq));
  const double f523 = sinim * (4.92187512 * sini2 * (-2.0 - 4.0 * cosim + 10.0 * cosisq) +
                               6.56250012 * (1.0 + 2.0 * cosim - 3.0 * cosisq));
  const double f542 =
      29.53125 * sinim * (2.0 - 8.0 * cosim + cosisq * (-12.0 + 8.0 * cosim + 10.0 * cosisq));
  const double f543 =
      29.53125 * sinim * (-2.0 - 8.0 * cosim + cosisq * (12.0 + 8.0 * cosim - 10.0 * cosisq));

  const double nm = s.nm;
  double temp1 = 3.0 * nm * nm * aonv * aonv;
  double temp = temp1 * kRoot22;
  d.d2201 = temp * f220 * g.g201;
  d.d2211 = temp * f221 * g.g211;
  temp1 = temp1 * aonv;
  temp = temp1 * kRoot32;
  d.d3210 = temp * f321 * g.g310;
  d.d3222 = temp * f322 * g.g322;
  temp1 = temp1 * aonv;
  temp = 2.0 * temp1 * kRoot44;
  d.d4410 = temp * f441 * g.g410;
  d.d4422 = temp * f442 * g.g422;
  temp1 = temp1 * aonv;
  temp = temp1 * kRoot52;
  d.d5220 = temp * f522 * g.g520;
  d.d5232 = temp * f523 * g.g532;
  temp = 2.0 * temp1 * kRoot54;
  d.d5421 = temp * f542 * g.g521;
  d.d5433 = temp * f543 * g.g533;

  const double theta = std::fmod(rec.gsto, kTwoPi);
  d.xlamo = std::fmod(rec.mo + rec.nodeo + rec.nodeo - theta - theta, kTwoPi);
  d.xfact = rec.mdot + d.dmdt + 2.0 * (rec.nodedot + d.dnodt - kRptim) - rec.no_unkozai;
}

void init_one_day_resonance(Sgp4Record& rec, const SatelliteAngles& s, double aonv) {
  constexpr double kQ22 = 1.7891679e-6;
  constexpr double kQ31 = 2.1460748e-6;
  constexpr double kQ33 = 2.2123015e-7;
  Sgp4DeepSpace& d = rec.deep;
  const double emsq = s.emsq;
  const double cosim = s.cosim;
  const double g200 = 1.0 + emsq * (-2.5 + 0.8125 * emsq);
  const double g310 = 1.0 + 2.0 * emsq;
  const double g300 = 1.0 + emsq * (-6.0 + 6.60937 * emsq);
  const double f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim);
  const double f311 = 0.9375 * s.sinim * s.sinim * (1.0 + 3.0 * cosim) - 0.75 * (1.0 + cosim);
  double f330 = 1.0 + cosim;
  f330 = 1.875 * f330 * f330 * f330;
  const double nm = s.nm;
  d.del1 = 3.0 * nm * nm * aonv * aonv;
  d.del2 = 2.0 * d.del1 * f220 * g200 * kQ22;
  d.del3 = 3.0 * d.del1 * f330 * g300 * kQ33 * aonv;
  d.del1 = d.del1 * f311 * g310 * kQ31 * aonv;

  const double theta = std::fmod(rec.gsto, kTwoPi);
  const double xpidot = rec.argpdot + rec.nodedot;
  d.xlamo = std::fmod(rec.mo + rec.nodeo + rec.argpo - theta, kTwoPi);
  d.xfact = rec.mdot + xpidot - kRptim + d.dmdt + d.domdt + d.dnodt - rec.no_unkozai;
}

}  // namespace

void init_deep_space(Sgp4Record& rec) {
  const CommonTerms c = compute_common(rec);
  init_secular_rates(rec, c);

  const double nm = rec.no_unkozai;
  const double em = rec.ecco;
  Sgp4DeepSpace& d = rec.deep;
  d.irez = 0;
  if (nm < 0.0052359877 && nm > 0.0034906585) d.irez = 1;
  if (nm >= 8.26e-3 && nm <= 9.24e-3 && em >= 0.5) d.irez = 2;
  if (d.irez == 0) return;

  const double aonv = std::pow(nm / rec.gravity.xke, 2.0 / 3.0);
  if (d.irez == 2) {
    init_half_day_resonance(rec, c.sat, aonv);
  } else {
    init_one_day_resonance(rec, c.sat, aonv);
  }
}

}  // namespace lagrange::orbit::sgp4_detail
