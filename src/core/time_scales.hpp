// Astronomical time scales through ERFA. A two-part Julian date keeps full precision:
// jd = whole + fraction, with `whole` a half-integer day boundary.
#pragma once

#include "core/time.hpp"

namespace lagrange {

struct JulianDate {
  double whole = 0.0;
  double fraction = 0.0;
  double value() const { return whole + fraction; }
};

// UTC as a quasi-Julian date (ERFA's convention for UTC).
JulianDate utc_jd(Instant t);

// Terrestrial Time, via ERFA's leap-second table (eraUtctai, eraTaitt).
JulianDate tt_jd(Instant t);

// UT1 = UTC + dut1_s. Without Earth-orientation data dut1_s = 0 (|UT1-UTC| < 0.9 s by
// definition), which moves Earth-fixed longitudes by at most ~400 m at the equator.
JulianDate ut1_jd(Instant t, double dut1_s);

}  // namespace lagrange
