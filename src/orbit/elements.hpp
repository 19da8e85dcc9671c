// Mean element sets as published in TLEs and CCSDS OMMs (SGP4 theory, TEME frame).
//
// An `ElementSet` is an immutable description of one object's orbit at its epoch, in the
// units the formats use. Parsing lives in tle.hpp and omm.hpp; propagation in sgp4.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace lagrange::orbit {

// Where an element set came from, so later errors can name it ("sats.tle:4").
struct SourceLocation {
  std::string file;
  int line = 0;  // 1-based line of the set's first line (0 when not from a text file)
};

struct ElementSet {
  std::string name;       // object name ("SCS-01 A"), empty when the set has none
  std::string object_id;  // international designator, "2025-100A" (TLE "25100A" expanded)
  uint32_t norad_id = 0;  // catalogue number; Alpha-5 "A0000" decodes to 100000
  char classification = 'U';

  // Epoch: the instant, and the same epoch as a two-part Julian date (UTC) computed from
  // the format's own fields the way Vallado's twoline2rv does, which SGP4 uses for sidereal
  // time and lunar-solar terms.
  Instant epoch;
  double epoch_jd_whole = 0.0;
  double epoch_jd_fraction = 0.0;

  double mean_motion_rev_per_day = 0.0;
  double eccentricity = 0.0;
  double inclination_deg = 0.0;
  double raan_deg = 0.0;
  double arg_perigee_deg = 0.0;
  double mean_anomaly_deg = 0.0;
  double bstar_per_earth_radii = 0.0;
  double mean_motion_dot_rev_per_day2 = 0.0;   // first derivative / 2, as in the TLE
  double mean_motion_ddot_rev_per_day3 = 0.0;  // second derivative / 6, as in the TLE

  int ephemeris_type = 0;
  int element_set_number = 0;
  int rev_at_epoch = 0;

  SourceLocation source;
};

// What a parser returns: the sets that loaded and, when asked to skip bad ones, what it
// skipped and why (each message names file, line and what is wrong).
struct ParsedElements {
  std::vector<ElementSet> sets;
  std::vector<std::string> skipped;
};

// Human-readable id for messages: "63982 (SCS-01 A)".
std::string describe(const ElementSet& set);

}  // namespace lagrange::orbit
