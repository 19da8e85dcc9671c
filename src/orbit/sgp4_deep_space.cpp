// Deep-space terms of SGP4 during propagation: secular lunar-solar drift with the resonance
// integration (dspace) and the lunar-solar periodics (dpper).
#include <cmath>

#include "core/units.hpp"
#include "orbit/internal/sgp4_deep_space.hpp"

namespace lagrange::orbit::sgp4_detail {
namespace {

constexpr double kRptim = 4.37526908801129966e-3;  // Earth rotation, rad/min

// Resonant angle rate and its derivatives at the integrator's current point.
struct ResonanceRates {
  double xndt;   // d(mean motion)/dt
  double xldot;  // d(resonant angle)/dt
  double xnddt;  // d2(mean motion)/dt2
};

ResonanceRates one_day_rates(const Sgp4DeepSpace& d, double xli, double xni) {
  constexpr double kFasx2 = 0.13130908;
  constexpr double kFasx4 = 2.8843198;
  constexpr double kFasx6 = 0.37448087;
  ResonanceRates r{};
  r.xndt = d.del1 * std::sin(xli - kFasx2) + d.del2 * std::sin(2.0 * (xli - kFasx4)) +
           d.del3 * std::sin(3.0 * (xli - kFasx6));
  r.xldot = xni + d.xfact;
  r.xnddt = d.del1 * std::cos(xli - kFasx2) + 2.0 * d.del2 * std::cos(2.0 * (xli - kFasx4)) +
            3.0 * d.del3 * std::cos(3.0 * (xli - kFasx6));
  r.xnddt = r.xnddt * r.xldot;
  return r;
}

ResonanceRates half_day_rates(const Sgp4Record& rec, double xli, double xni, double atime) {
  constexpr double kG22 = 5.7686396;
  constexpr double kG32 = 0.95240898;
  constexpr double kG44 = 1.8014998;
  constexpr double kG52 = 1.0508330;
  constexpr double kG54 = 4.4108898;
  const Sgp4DeepSpace& d = rec.deep;
  const double xomi = rec.argpo + rec.argpdot * atime;
  const double x2omi = xomi + xomi;
  const double x2li = xli + xli;
  ResonanceRates r{};
  r.xndt = d.d2201 * std::sin(x2omi + xli - kG22) + d.d2211 * std::sin(xli - kG22) +
           d.d3210 * std::sin(xomi + xli - kG32) + d.d3222 * std::sin(-xomi + xli - kG32) +
           d.d4410 * std::sin(x2omi + x2li - kG44) + d.d4422 * std::sin(x2li - kG44) +
           d.d5220 * std::sin(xomi + xli - kG52) + d.d5232 * std::sin(-xomi + xli - kG52) +
           d.d5421 * std::sin(xomi + x2li - kG54) + d.d5433 * std::sin(-xomi + x2li - kG54);
  r.xldot = xni + d.xfact;
  r.xnddt =
      d.d2201 * std::cos(x2omi + xli - kG22) + d.d2211 * std::cos(xli - kG22) +
      d.d3210 * std::cos(xomi + xli - kG32) + d.d3222 * std::cos(-xomi + xli - kG32) +
      d.d5220 * std::cos(xomi + xli - kG52) + d.d5232 * std::cos(-xomi + xli - kG52) +
      2.0 * (d.d4410 * std::cos(x2omi + x2li - kG44) + d.d4422 * std::cos(x2li - kG44) +
             d.d5421 * std::cos(xomi + x2li - kG54) + d.d5433 * std::cos(-xomi + x2li - kG54));
  r.xnddt = r.xnddt * r.xldot;
  return r;
}

// Integrates the resonant angle and mean motion from epoch to t in fixed 720-minute Euler-
// Maclaurin steps, then updates the mean motion and mean anomaly. Starting at epoch every
// time gives the same steps (and bits) as the reference's cached integrator.
void integrate_resonance(const Sgp4Record& rec, double t, double theta, MeanElements& m) {
  constexpr double kStep = 720.0;
  constexpr double kStep2 = 259200.0;  // kStep^2 / 2
  const Sgp4DeepSpace& d = rec.deep;
  double atime = 0.0;
  double xni = rec.no_unkozai;
  double xli = d.xlamo;
  const double delt = t > 0.0 ? kStep : -kStep;
  ResonanceRates r{};
  double ft = 0.0;
  for (;;) {
    r = d.irez == 2 ? half_day_rates(rec, xli, xni, atime) : one_day_rates(d, xli, xni);
    if (std::fabs(t - atime) < kStep) {
      ft = t - atime;
      break;
    }
    xli = xli + r.xldot * delt + r.xndt * kStep2;
    xni = xni + r.xndt * delt + r.xnddt * kStep2;
    atime = atime + delt;
  }
  const double nm = xni + r.xndt * ft + r.xnddt * ft * ft * 0.5;
  const double xl = xli + r.xldot * ft + r.xndt * ft * ft * 0.5;
  if (d.irez != 1) {
    m.mm = xl - 2.0 * m.nodem + 2.0 * theta;
  } else {
    m.mm = xl - m.nodem - m.argpm + theta;
  }
  m.nm = rec.no_unkozai + (nm - rec.no_unkozai);
}

}  // namespace

void apply_deep_space_secular(const Sgp4Record& rec, double t, MeanElements& m) {
  const Sgp4DeepSpace& d = rec.deep;
  const double theta = std::fmod(rec.gsto + t * kRptim, kTwoPi);
  m.em = m.em + d.dedt * t;
  m.inclm = m.inclm + d.didt * t;
  m.argpm = m.argpm + d.domdt * t;
  m.nodem = m.nodem + d.dnodt * t;
  m.mm = m.mm + d.dmdt * t;
  if (d.irez != 0) integrate_resonance(rec, t, theta, m);
}

namespace {

struct BodyPeriodics {
  double pe, pinc, pl, pgh, ph;
};

// One body's periodic terms at mean anomaly zm, with orbital eccentricity ze.
BodyPeriodics body_periodics(double zm, double ze, const double (&e)[2], const double (&i)[2],
                             const double (&l)[3], const double (&gh)[3], const double (&h)[2]) {
  const double zf = zm + 2.0 * ze * std::sin(zm);
  const double sinzf = std::sin(zf);
  const double f2 = 0.5 * sinzf * sinzf - 0.25;
  const double f3 = -0.5 * sinzf * std::cos(zf);
  return {e[0] * f2 + e[1] * f3, i[0] * f2 + i[1] * f3, l[0] * f2 + l[1] * f3 + l[2] * sinzf,
          gh[0] * f2 + gh[1] * f3 + gh[2] * sinzf, h[0] * f2 + h[1] * f3};
}

}  // namespace

void apply_deep_space_periodics(const Sgp4Record& rec, double t, PeriodicElements& p) {
  constexpr double kZns = 1.19459e-5;
  constexpr double kZes = 0.01675;
  constexpr double kZnl = 1.5835218e-4;
  constexpr double kZel = 0.05490;
  const Sgp4DeepSpace& d = rec.deep;

  const BodyPeriodics sun =
      body_periodics(d.zmos + kZns * t, kZes, {d.se2, d.se3}, {d.si2, d.si3}, {d.sl2, d.sl3, d.sl4},
                     {d.sgh2, d.sgh3, d.sgh4}, {d.sh2, d.sh3});
  const BodyPeriodics moon =
      body_periodics(d.zmol + kZnl * t, kZel, {d.ee2, d.e3}, {d.xi2, d.xi3}, {d.xl2, d.xl3, d.xl4},
                     {d.xgh2, d.xgh3, d.xgh4}, {d.xh2, d.xh3});
  const double pe = sun.pe + moon.pe - d.peo;
  const double pinc = sun.pinc + moon.pinc - d.pinco;
  const double pl = sun.pl + moon.pl - d.plo;
  double pgh = sun.pgh + moon.pgh - d.pgho;
  double ph = sun.ph + moon.ph - d.pho;

  p.inclp = p.inclp + pinc;
  p.ep = p.ep + pe;
  const double sinip = std::sin(p.inclp);
  const double cosip = std::cos(p.inclp);

  if (p.inclp >= 0.2) {
    ph = ph / sinip;
    pgh = pgh - cosip * ph;
    p.argpp = p.argpp + pgh;
    p.nodep = p.nodep + ph;
    p.mp = p.mp + pl;
    return;
  }
  // Low inclination: apply the periodics to the non-singular (Lyddane) variables.
  const double sinop = std::sin(p.nodep);
  const double cosop = std::cos(p.nodep);
  double alfdp = sinip * sinop;
  double betdp = sinip * cosop;
  const double dalf = ph * cosop + pinc * cosip * sinop;
  const double dbet = -ph * sinop + pinc * cosip * cosop;
  alfdp = alfdp + dalf;
  betdp = betdp + dbet;
  p.nodep = std::fmod(p.nodep, kTwoPi);
  // The AFSPC code keeps the node in [0, 2 pi) here (its intrinsic functions require it).
  if (p.nodep < 0.0 && rec.afspc_mode) p.nodep = p.nodep + kTwoPi;
  double xls = p.mp + p.argpp + cosip * p.nodep;
  const double dls = pl + pgh - pinc * p.nodep * sinip;
  xls = xls + dls;
  const double xnoh = p.nodep;
  p.nodep = std::atan2(alfdp, betdp);
  if (p.nodep < 0.0 && rec.afspc_mode) p.nodep = p.nodep + kTwoPi;
  if (std::fabs(xnoh - p.nodep) > kPi) {
    p.nodep = p.nodep < xnoh ? p.nodep + kTwoPi : p.nodep - kTwoPi;
  }
  p.mp = p.mp + pl;
  p.argpp = xls - p.mp - cosip * p.nodep;
}

}  // namespace lagrange::orbit::sgp4_detail
