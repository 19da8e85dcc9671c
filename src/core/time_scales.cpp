#include "core/time_scales.hpp"

#include <erfa.h>

namespace lagrange {
namespace {
constexpr double kUnixEpochJd = 2440587.5;
}

JulianDate utc_jd(Instant t) {
  const int64_t ns = t.unix_ns();
  constexpr int64_t kNsPerDay = 86'400'000'000'000;
  int64_t days = ns / kNsPerDay;
  int64_t rem = ns % kNsPerDay;
  if (rem < 0) {
    rem += kNsPerDay;
    days -= 1;
  }
  return {kUnixEpochJd + static_cast<double>(days),
          static_cast<double>(rem) / static_cast<double>(kNsPerDay)};
}

JulianDate tt_jd(Instant t) {
  const JulianDate utc = utc_jd(t);
  double tai1 = 0, tai2 = 0, tt1 = 0, tt2 = 0;
  // Status > 0 only warns of a date outside ERFA's table ("dubious year"); the conversion is
  // still the best available, so it is used.
  eraUtctai(utc.whole, utc.fraction, &tai1, &tai2);
  eraTaitt(tai1, tai2, &tt1, &tt2);
  return {tt1, tt2};
}

JulianDate ut1_jd(Instant t, double dut1_s) {
  const JulianDate utc = utc_jd(t);
  double ut1a = 0, ut1b = 0;
  eraUtcut1(utc.whole, utc.fraction, dut1_s, &ut1a, &ut1b);
  return {ut1a, ut1b};
}

}  // namespace lagrange
