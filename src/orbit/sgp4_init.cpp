// SGP4 initialisation (initl and sgp4init of the published algorithm): recovers the
// Brouwer mean motion and precomputes every time-independent coefficient.
#include <cmath>

#include "core/units.hpp"
#include "orbit/internal/sgp4_core.hpp"
#include "orbit/internal/sgp4_deep_space.hpp"

namespace lagrange::orbit::sgp4_detail {

Sgp4Gravity gravity_constants(GravityModel model) {
  Sgp4Gravity g;
  switch (model) {
    case GravityModel::kWgs72Old:
      g.mu_km3_s2 = 398600.79964;
      g.radius_km = 6378.135;
      g.xke = 0.0743669161;
      g.j2 = 0.001082616;
      g.j3 = -0.00000253881;
      g.j4 = -0.00000165597;
      break;
    case GravityModel::kWgs72:
      g.mu_km3_s2 = 398600.8;
      g.radius_km = 6378.135;
      g.xke = 60.0 / std::sqrt(g.radius_km * g.radius_km * g.radius_km / g.mu_km3_s2);
      g.j2 = 0.001082616;
      g.j3 = -0.00000253881;
      g.j4 = -0.00000165597;
      break;
    case GravityModel::kWgs84:
      g.mu_km3_s2 = 398600.5;
      g.radius_km = 6378.137;
      g.xke = 60.0 / std::sqrt(g.radius_km * g.radius_km * g.radius_km / g.mu_km3_s2);
      g.j2 = 0.00108262998905;
      g.j3 = -0.00000253215306;
      g.j4 = -0.00000161098761;
      break;
  }
  g.tumin = 1.0 / g.xke;
  g.j3oj2 = g.j3 / g.j2;
  g.vkmpersec = g.radius_km * g.xke / 60.0;
  return g;
}

double gmst_1982_rad(double jd_ut1) {
  const double tut1 = (jd_ut1 - 2451545.0) / 36525.0;
  double seconds = -6.2e-6 * tut1 * tut1 * tut1 + 0.093104 * tut1 * tut1 +
                   (876600.0 * 3600.0 + 8640184.812866) * tut1 + 67310.54841;
  // 240 seconds of time per degree.
  double angle = std::fmod(seconds * kRadPerDeg / 240.0, kTwoPi);
  if (angle < 0.0) angle += kTwoPi;
  return angle;
}

namespace {

// The sidereal angle as the AFSPC code computes it (from days since 1970 Jan 0).
double gmst_afspc_rad(double days_since_1950) {
  const double ts70 = days_since_1950 - 7305.0;
  const double ds70 = std::floor(ts70 + 1.0e-8);
  const double tfrac = ts70 - ds70;
  constexpr double kC1 = 1.72027916940703639e-2;
  constexpr double kThgr70 = 1.7321343856509374;
  constexpr double kFk5r = 5.07551419432269442e-15;
  const double c1p2p = kC1 + kTwoPi;
  double angle = std::fmod(kThgr70 + kC1 * ds70 + c1p2p * tfrac + ts70 * ts70 * kFk5r, kTwoPi);
  if (angle < 0.0) angle += kTwoPi;
  return angle;
}

// Quantities of initl used only during initialisation.
struct EpochGeometry {
  double omeosq;  // 1 - e^2
  double rteosq;  // sqrt(1 - e^2)
  double cosio2;
  double po;  // semi-latus rectum, er
  double posq;
  double rp;     // perigee radius, er
  double con42;  // 1 - 5 cos^2 i
};

void set_mean_elements(const ElementSet& el, Sgp4Record& rec) {
  const double xpdotp = 1440.0 / (2.0 * kPi);  // rev/day per rad/min
  rec.no_kozai = el.mean_motion_rev_per_day / xpdotp;
  rec.ecco = el.eccentricity;
  rec.inclo = el.inclination_deg * kRadPerDeg;
  rec.nodeo = el.raan_deg * kRadPerDeg;
  rec.argpo = el.arg_perigee_deg * kRadPerDeg;
  rec.mo = el.mean_anomaly_deg * kRadPerDeg;
  rec.bstar = el.bstar_per_earth_radii;
  rec.epoch_jd_whole = el.epoch_jd_whole;
  rec.epoch_jd_fraction = el.epoch_jd_fraction;
  rec.epoch_days_since_1950 = el.epoch_jd_whole + el.epoch_jd_fraction - 2433281.5;
}

// initl: un-Kozai the mean motion and set the epoch geometry.
EpochGeometry init_epoch_geometry(Sgp4Record& rec) {
  const Sgp4Gravity& g = rec.gravity;
  constexpr double x2o3 = 2.0 / 3.0;
  EpochGeometry e{};
  const double eccsq = rec.ecco * rec.ecco;
  e.omeosq = 1.0 - eccsq;
  e.rteosq = std::sqrt(e.omeosq);
  rec.cosio = std::cos(rec.inclo);
  e.cosio2 = rec.cosio * rec.cosio;

  const double ak = std::pow(g.xke / rec.no_kozai, x2o3);
  const double d1 = 0.75 * g.j2 * (3.0 * e.cosio2 - 1.0) / (e.rteosq * e.omeosq);
  double del = d1 / (ak * ak);
  const double adel = ak * (1.0 - del * del - del * (1.0 / 3.0 + 134.0 * del * del / 81.0));
  del = d1 / (adel * adel);
  rec.no_unkozai = rec.no_kozai / (1.0 + del);

  const double ao = std::pow(g.xke / rec.no_unkozai, x2o3);
  rec.ao = ao;
  rec.sinio = std::sin(rec.inclo);
  e.po = ao * e.omeosq;
  e.con42 = 1.0 - 5.0 * e.cosio2;
  rec.con41 = -e.con42 - e.cosio2 - e.cosio2;
  e.posq = e.po * e.po;
  e.rp = ao * (1.0 - rec.ecco);
  rec.a = std::pow(rec.no_unkozai * g.tumin, -x2o3);
  rec.alta = rec.a * (1.0 + rec.ecco) - 1.0;
  rec.altp = rec.a * (1.0 - rec.ecco) - 1.0;

  rec.gsto = rec.afspc_mode ? gmst_afspc_rad(rec.epoch_days_since_1950)
                            : gmst_1982_rad(rec.epoch_days_since_1950 + 2433281.5);
  return e;
}

// Long-period j3 coefficients for an inclination (also redone at each deep-space step).
void set_long_period_coefficients(double j3oj2, double sini, double cosi, double& aycof,
                                  double& xlcof) {
  constexpr double kTemp4 = 1.5e-12;  // avoids the division by zero at i = 180 deg
  const double one_plus_cos = std::fabs(cosi + 1.0) > kTemp4 ? 1.0 + cosi : kTemp4;
  xlcof = -0.25 * j3oj2 * sini * (3.0 + 5.0 * cosi) / one_plus_cos;
  aycof = -0.5 * j3oj2 * sini;
}

// sgp4init's near-Earth coefficients: drag (cc1..cc5), secular rates, higher-order drag.
void init_near_earth(const EpochGeometry& e, Sgp4Record& rec) {
  const Sgp4Gravity& g = rec.gravity;
  const double ao = rec.ao;
  const double ss = 78.0 / g.radius_km + 1.0;
  const double qzms2t_base = (120.0 - 78.0) / g.radius_km;
  const double qzms2t = qzms2t_base * qzms2t_base * qzms2t_base * qzms2t_base;

  rec.simplified_drag = e.rp < 220.0 / g.radius_km + 1.0;
  // Density-function parameters s and (q0 - s)^4, lowered for perigees below 156 km.
  double sfour = ss;
  double qzms24 = qzms2t;
  const double perige = (e.rp - 1.0) * g.radius_km;
  if (perige < 156.0) {
    sfour = perige < 98.0 ? 20.0 : perige - 78.0;
    const double base = (120.0 - sfour) / g.radius_km;
    qzms24 = base * base * base * base;
    sfour = sfour / g.radius_km + 1.0;
  }
  const double pinvsq = 1.0 / e.posq;
  const double tsi = 1.0 / (ao - sfour);
  rec.eta = ao * rec.ecco * tsi;
  const double etasq = rec.eta * rec.eta;
  const double eeta = rec.ecco * rec.eta;
  const double psisq = std::fabs(1.0 - etasq);
  const double coef = qzms24 * std::pow(tsi, 4.0);
  const double coef1 = coef / std::pow(psisq, 3.5);
  const double no = rec.no_unkozai;
  const double cc2 = coef1 * no *
                     (ao * (1.0 + 1.5 * etasq + eeta * (4.0 + etasq)) +
                      0.375 * g.j2 * tsi / psisq * rec.con41 * (8.0 + 3.0 * etasq * (8.0 + etasq)));
  rec.cc1 = rec.bstar * cc2;
  double cc3 = 0.0;
  if (rec.ecco > 1.0e-4) cc3 = -2.0 * coef * tsi * g.j3oj2 * no * rec.sinio / rec.ecco;
  rec.x1mth2 = 1.0 - e.cosio2;
  rec.cc4 =
      2.0 * no * coef1 * ao * e.omeosq *
      (rec.eta * (2.0 + 0.5 * etasq) + rec.ecco * (0.5 + 2.0 * etasq) -
       g.j2 * tsi / (ao * psisq) *
           (-3.0 * rec.con41 * (1.0 - 2.0 * eeta + etasq * (1.5 - 0.5 * eeta)) +
            0.75 * rec.x1mth2 * (2.0 * etasq - eeta * (1.0 + etasq)) * std::cos(2.0 * rec.argpo)));
  rec.cc5 = 2.0 * coef1 * ao * e.omeosq * (1.0 + 2.75 * (etasq + eeta) + eeta * etasq);

  const double cosio4 = e.cosio2 * e.cosio2;
  const double temp1 = 1.5 * g.j2 * pinvsq * no;
  const double temp2 = 0.5 * temp1 * g.j2 * pinvsq;
  const double temp3 = -0.46875 * g.j4 * pinvsq * pinvsq * no;
  rec.mdot = no + 0.5 * temp1 * e.rteosq * rec.con41 +
             0.0625 * temp2 * e.rteosq * (13.0 - 78.0 * e.cosio2 + 137.0 * cosio4);
  rec.argpdot = -0.5 * temp1 * e.con42 +
                0.0625 * temp2 * (7.0 - 114.0 * e.cosio2 + 395.0 * cosio4) +
                temp3 * (3.0 - 36.0 * e.cosio2 + 49.0 * cosio4);
  const double xhdot1 = -temp1 * rec.cosio;
  rec.nodedot =
      xhdot1 +
      (0.5 * temp2 * (4.0 - 19.0 * e.cosio2) + 2.0 * temp3 * (3.0 - 7.0 * e.cosio2)) * rec.cosio;
  rec.omgcof = rec.bstar * cc3 * std::cos(rec.argpo);
  rec.xmcof = 0.0;
  if (rec.ecco > 1.0e-4) rec.xmcof = -(2.0 / 3.0) * coef * rec.bstar / eeta;
  rec.nodecf = 3.5 * e.omeosq * xhdot1 * rec.cc1;
  rec.t2cof = 1.5 * rec.cc1;
  set_long_period_coefficients(g.j3oj2, rec.sinio, rec.cosio, rec.aycof, rec.xlcof);
  const double delmotemp = 1.0 + rec.eta * std::cos(rec.mo);
  rec.delmo = delmotemp * delmotemp * delmotemp;
  rec.sinmao = std::sin(rec.mo);
  rec.x7thm1 = 7.0 * e.cosio2 - 1.0;

  // Deep space if the period is 225 minutes or more.
  rec.deep_space = 2.0 * kPi / no >= 225.0;
  if (rec.deep_space) {
    rec.simplified_drag = true;
    init_deep_space(rec);
    return;
  }
  if (rec.simplified_drag) return;
  const double cc1sq = rec.cc1 * rec.cc1;
  rec.d2 = 4.0 * ao * tsi * cc1sq;
  const double temp = rec.d2 * tsi * rec.cc1 / 3.0;
  rec.d3 = (17.0 * ao + sfour) * temp;
  rec.d4 = 0.5 * temp * ao * tsi * (221.0 * ao + 31.0 * sfour) * rec.cc1;
  rec.t3cof = rec.d2 + 2.0 * cc1sq;
  rec.t4cof = 0.25 * (3.0 * rec.d3 + rec.cc1 * (12.0 * rec.d2 + 10.0 * cc1sq));
  rec.t5cof = 0.2 * (3.0 * rec.d4 + 12.0 * rec.cc1 * rec.d3 + 6.0 * rec.d2 * rec.d2 +
                     15.0 * cc1sq * (2.0 * rec.d2 + cc1sq));
}

bool all_finite(const ElementSet& el) {
  return std::isfinite(el.mean_motion_rev_per_day) && std::isfinite(el.eccentricity) &&
         std::isfinite(el.inclination_deg) && std::isfinite(el.raan_deg) &&
         std::isfinite(el.arg_perigee_deg) && std::isfinite(el.mean_anomaly_deg) &&
         std::isfinite(el.bstar_per_earth_radii) && std::isfinite(el.epoch_jd_whole) &&
         std::isfinite(el.epoch_jd_fraction);
}

}  // namespace

Sgp4Error init_record(const ElementSet& elements, const Sgp4Options& options, Sgp4Record& rec) {
  rec = Sgp4Record{};
  rec.gravity = gravity_constants(options.gravity);
  rec.afspc_mode = options.mode == OperationMode::kAfspc;
  // Checked before any arithmetic: outside these ranges the formulas produce NaN, which
  // the reference's own checks at t = 0 would let through.
  if (!all_finite(elements) || !(elements.eccentricity >= 0.0 && elements.eccentricity < 1.0)) {
    return Sgp4Error::kMeanEccentricity;
  }
  if (!(elements.mean_motion_rev_per_day > 0.0)) return Sgp4Error::kMeanMotion;
  set_mean_elements(elements, rec);
  const EpochGeometry geometry = init_epoch_geometry(rec);
  init_near_earth(geometry, rec);

  TemeState at_epoch;
  return propagate_record(rec, 0.0, at_epoch);
}

}  // namespace lagrange::orbit::sgp4_detail
