// scenario.czml: the run for Cesium (https://github.com/CesiumGS/czml-writer/wiki/CZML-Guide):
// a document packet with the clock, one packet per satellite (sampled Earth-fixed positions,
// Lagrange interpolation of degree 5, label, orbit trail), one per ground station, one per
// pair of nodes in contact (a line between the two entities' positions, shown while they are
// in contact) and one point per capture of the first policy, shown from the capture on.
//
// Ground contacts are all written; laser-link contacts are limited to the first
// kMaxIslIntervals (by start time) and captures to kMaxCaptures (every EO task capture,
// systematic scenes evenly thinned), so a large constellation's file stays playable; the
// document's description says when anything was left out.
// Deterministic: packets in a fixed order, numbers rounded (1e-6 deg, 1 m).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/run_result.hpp"

namespace lagrange::report {

inline constexpr size_t kMaxIslIntervals = 2000;
inline constexpr size_t kMaxCaptures = 5000;

// The packets, "document" first.
nlohmann::ordered_json czml(const sim::RunResult& result);

// The packets as a JSON array, one packet per line.
std::string czml_text(const sim::RunResult& result);

}  // namespace lagrange::report
