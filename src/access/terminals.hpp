// Laser terminals: how many links a satellite can hold, how far and how fast they reach, and
// how long a new link takes to come up.
//
// Defaults follow the figures in the product brief: Starlink's optical ISL at 100 Gbps
// and > 5,400 km; Three-Body's terminal links in ~ 15 s (pointing, acquisition, tracking),
// while the SDA optical terminal standard allows up to 100 s. Four terminals per satellite
// is the usual "+Grid" fit (two in-plane, two cross-plane).
//
// Acquisition: nothing flows for `acquisition` after a link becomes feasible (or is chosen),
// so a contact starts that much later and a feasible window shorter than it yields no
// contact. Links already feasible at the start of a plan are taken as already acquired.
//
// Range derating (off by default): with derate_reference_range_km = d0 > 0, the rate at
// range d is rate_bps * min(1, (d0/d)^2), the inverse-square fall of received power for a
// link budget that closes with margin at d0; the nominal rate is the cap.
#pragma once

#include <string>

#include "core/result.hpp"
#include "core/time.hpp"

namespace lagrange::access {

struct TerminalType {
  int count = 4;
  double max_range_km = 5400.0;
  double rate_bps = 100e9;
  Duration acquisition = Duration::seconds(15);
  double derate_reference_range_km = 0.0;  // 0: no derating

  double rate_at_range_bps(double range_km) const {
    if (derate_reference_range_km <= 0.0 || range_km <= derate_reference_range_km) {
      return rate_bps;
    }
    const double q = derate_reference_range_km / range_km;
    return rate_bps * q * q;
  }
};

// Errors name the offending field ("terminal: max_range_km must be > 0, got -1").
Status validate_terminal(const TerminalType& terminal);

}  // namespace lagrange::access
