// Deep-space (SDP4) pieces of SGP4, private to the orbit module: the lunar-solar setup at
// epoch (dscom + dsinit of the published algorithm), the periodic corrections (dpper) and
// the secular/resonance update (dspace). Names follow Vallado et al., AIAA 2006-6753.
#pragma once

#include "orbit/internal/sgp4_record.hpp"

namespace lagrange::orbit::sgp4_detail {

// Fills `record.deep` for a record whose near-Earth part (mean elements, gsto, secular
// rates, no_unkozai) is already initialised.
void init_deep_space(Sgp4Record& record);

// Mean elements during propagation (the "m" quantities of the algorithm).
struct MeanElements {
  double em = 0.0;     // eccentricity
  double inclm = 0.0;  // inclination, rad
  double nodem = 0.0;  // node, rad
  double argpm = 0.0;  // argument of perigee, rad
  double mm = 0.0;     // mean anomaly, rad
  double nm = 0.0;     // mean motion, rad/min
};

// Lunar-solar secular terms and resonance integration to `t_min` (dspace). Stateless: the
// resonance integrator starts again at epoch on each call.
void apply_deep_space_secular(const Sgp4Record& record, double t_min, MeanElements& m);

// Lunar-solar periodics (dpper) applied to the osculating-to-be elements.
struct PeriodicElements {
  double ep = 0.0;
  double inclp = 0.0;
  double nodep = 0.0;
  double argpp = 0.0;
  double mp = 0.0;
};
void apply_deep_space_periodics(const Sgp4Record& record, double t_min, PeriodicElements& p);

}  // namespace lagrange::orbit::sgp4_detail
