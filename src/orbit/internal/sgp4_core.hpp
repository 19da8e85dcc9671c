// The scalar SGP4/SDP4 kernel on a bare record, for the orbit module's own use (Satellite,
// and the batch propagator's deep-space and fallback path).
#pragma once

#include "orbit/elements.hpp"
#include "orbit/internal/sgp4_record.hpp"
#include "orbit/sgp4.hpp"

namespace lagrange::orbit::sgp4_detail {

// Gravity constants of a model (Vallado's getgravconst).
Sgp4Gravity gravity_constants(GravityModel model);

// Greenwich mean sidereal angle (IAU 1982, rad in [0, 2 pi)) at a UT1 Julian date; SGP4
// uses the UTC epoch as UT1.
double gmst_1982_rad(double jd_ut1);

// sgp4init: fills `record` from the elements. Returns the code of the checks made at
// epoch (mean elements out of range, or propagation to t = 0 failing); on an error the
// record must not be used.
Sgp4Error init_record(const ElementSet& elements, const Sgp4Options& options, Sgp4Record& record);

// sgp4: the state at `t_min` minutes from epoch. Pure function of its arguments; never
// allocates. On error `out` is unspecified.
Sgp4Error propagate_record(const Sgp4Record& record, double t_min, TemeState& out);

}  // namespace lagrange::orbit::sgp4_detail
