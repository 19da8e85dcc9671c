// The initialised SGP4/SDP4 state of one element set: everything `Satellite::create`
// computes once so that propagation is only the time-dependent part.
//
// Symbol names follow the published algorithm (Hoots & Roehrich, Spacetrack Report #3;
// Vallado et al., AIAA 2006-6753), where the reader will look them up. Units, unless a
// comment says otherwise: lengths in Earth radii ("er"), time in minutes, angles in
// radians, rates per minute. The record is immutable after creation: propagating reads it
// and keeps the resonance integrator's state on the stack, so one record may be read from
// many threads.
//
// Readers outside sgp4*.cpp (the SIMD batch propagator) rely on these fields keeping their
// names and meanings; fields may be added.
#pragma once

namespace lagrange::orbit {

// Gravity model constants (WGS-72 old, WGS-72 or WGS-84 as chosen at creation).
struct Sgp4Gravity {
  double mu_km3_s2 = 0.0;  // Earth's gravitational parameter
  double radius_km = 0.0;  // equatorial radius: one "Earth radius" in km
  double xke = 0.0;        // sqrt(mu / radius^3) in er^1.5 / min
  double tumin = 0.0;      // minutes per SGP4 time unit, 1 / xke
  double j2 = 0.0;         // zonal harmonics (unnormalised)
  double j3 = 0.0;
  double j4 = 0.0;
  double j3oj2 = 0.0;      // j3 / j2
  double vkmpersec = 0.0;  // velocity unit: radius_km * xke / 60, km/s per er/min
};

// Deep-space (SDP4) quantities; all zero for near-Earth records.
struct Sgp4DeepSpace {
  // Resonance class: 0 none, 1 one-day (geosynchronous), 2 half-day (Molniya-like).
  int irez = 0;

  // Secular lunar-solar rates of the mean elements, per minute.
  double dedt = 0.0;   // eccentricity
  double didt = 0.0;   // inclination
  double dmdt = 0.0;   // mean anomaly
  double dnodt = 0.0;  // right ascension of the ascending node
  double domdt = 0.0;  // argument of perigee

  // Lunar-solar periodic coefficients (dscom outputs consumed by dpper): se*, si*, sl*,
  // sgh*, sh* are solar; ee2, e3, xi*, xl*, xgh*, xh* lunar (Vallado's names).
  double e3 = 0.0, ee2 = 0.0;
  double se2 = 0.0, se3 = 0.0;
  double sgh2 = 0.0, sgh3 = 0.0, sgh4 = 0.0;
  double sh2 = 0.0, sh3 = 0.0;
  double si2 = 0.0, si3 = 0.0;
  double sl2 = 0.0, sl3 = 0.0, sl4 = 0.0;
  double xgh2 = 0.0, xgh3 = 0.0, xgh4 = 0.0;
  double xh2 = 0.0, xh3 = 0.0;
  double xi2 = 0.0, xi3 = 0.0;
  double xl2 = 0.0, xl3 = 0.0, xl4 = 0.0;
  double zmol = 0.0;  // lunar mean anomaly at epoch, rad
  double zmos = 0.0;  // solar mean anomaly at epoch, rad
  // Periodic offsets at epoch subtracted in dpper. Vallado's reference keeps them at zero
  // (its init call of dpper does not apply them); kept for the algorithm's shape.
  double peo = 0.0, pinco = 0.0, plo = 0.0, pgho = 0.0, pho = 0.0;

  // Resonance terms (dsinit). One-day resonance: del1..del3; half-day: d2201..d5433.
  double del1 = 0.0, del2 = 0.0, del3 = 0.0;
  double d2201 = 0.0, d2211 = 0.0, d3210 = 0.0, d3222 = 0.0, d4410 = 0.0, d4422 = 0.0;
  double d5220 = 0.0, d5232 = 0.0, d5421 = 0.0, d5433 = 0.0;
  double xfact = 0.0;  // rate term of the resonant angle, rad/min
  double xlamo = 0.0;  // resonant angle at epoch, rad
  // The integrator restarts at epoch from (xli, xni) = (xlamo, no_unkozai) on every call.
};

struct Sgp4Record {
  Sgp4Gravity gravity;

  // Mode and method.
  bool afspc_mode = false;  // true: 'a' (AFSPC operational) mode; false: 'i' (improved)
  bool deep_space = false;  // method 'd': period >= 225 min, SDP4 terms apply
  // isimp: perigee below 220 km (or deep space): drop the higher-order drag terms
  // (d2..d4, t3cof..t5cof, omgcof/xmcof/delmo corrections).
  bool simplified_drag = false;

  // Epoch.
  double epoch_jd_whole = 0.0;  // two-part Julian date (UTC) of the element set
  double epoch_jd_fraction = 0.0;
  double epoch_days_since_1950 = 0.0;  // jd - 2433281.5 (Vallado's `epoch`)
  double gsto = 0.0;                   // Greenwich sidereal angle at epoch, rad, in [0, 2 pi)

  // Mean elements at epoch (from the element set).
  double ecco = 0.0;        // eccentricity
  double inclo = 0.0;       // inclination, rad
  double nodeo = 0.0;       // right ascension of the ascending node, rad
  double argpo = 0.0;       // argument of perigee, rad
  double mo = 0.0;          // mean anomaly, rad
  double no_kozai = 0.0;    // mean motion as given (Kozai), rad/min
  double no_unkozai = 0.0;  // Brouwer mean motion recovered by initl, rad/min
  double bstar = 0.0;       // drag term, 1/er

  // Derived at epoch.
  double a = 0.0;      // semi-major axis, er: (no_unkozai * tumin)^(-2/3) (informative)
  double ao = 0.0;     // semi-major axis, er: (xke / no_unkozai)^(2/3), as propagation
                       // computes it (near Earth: am = ao * tempa^2)
  double alta = 0.0;   // apogee height, er
  double altp = 0.0;   // perigee height, er
  double sinio = 0.0;  // sin(inclo)
  double cosio = 0.0;  // cos(inclo)

  // Secular rates (rad/min) and near-Earth coefficients (SGP4 sgp4init), set for every
  // record. With simplified_drag, d2..d4 and t3cof..t5cof are zero and omgcof, xmcof, eta,
  // delmo, sinmao are set but must not be applied. In deep space, aycof, xlcof, con41,
  // x1mth2 and x7thm1 are recomputed at each time from the perturbed inclination.
  double mdot = 0.0;     // mean anomaly rate
  double argpdot = 0.0;  // argument of perigee rate
  double nodedot = 0.0;  // node rate
  double nodecf = 0.0;   // node drag coefficient: node += nodecf * t^2
  double cc1 = 0.0;      // drag coefficients
  double cc4 = 0.0;
  double cc5 = 0.0;
  double t2cof = 0.0;  // mean longitude drag: t^2 .. t^5 coefficients
  double t3cof = 0.0;
  double t4cof = 0.0;
  double t5cof = 0.0;
  double d2 = 0.0;  // semi-major axis drag: t^2 .. t^4 coefficients
  double d3 = 0.0;
  double d4 = 0.0;
  double omgcof = 0.0;  // argument of perigee drag coefficient
  double xmcof = 0.0;   // mean anomaly drag coefficient
  double eta = 0.0;     // a * e / (a - s)
  double delmo = 0.0;   // (1 + eta cos mo)^3
  double sinmao = 0.0;  // sin(mo)
  double aycof = 0.0;   // long-period (j3) coefficients for the epoch inclination
  double xlcof = 0.0;
  double con41 = 0.0;   // 3 cos^2 i - 1
  double x1mth2 = 0.0;  // 1 - cos^2 i
  double x7thm1 = 0.0;  // 7 cos^2 i - 1

  Sgp4DeepSpace deep;
};

}  // namespace lagrange::orbit
