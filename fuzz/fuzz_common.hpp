// What the harnesses share: the input as text, and what is done with element sets that parse
// (SGP4 is initialised and run, as `lagrange propagate` would, so elements a parser lets
// through that SGP4 cannot take are found too).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "orbit/elements.hpp"
#include "orbit/sgp4.hpp"

namespace lagrange::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Initialises SGP4 for each set and propagates it a day either side of its epoch and to an
// absolute instant; errors are expected answers, crashes and undefined behaviour are not.
inline void exercise_sets(const orbit::ParsedElements& parsed) {
  for (const orbit::ElementSet& set : parsed.sets) {
    (void)orbit::describe(set);
    (void)format_iso8601(set.epoch);
    auto satellite = orbit::Satellite::create(set);
    if (!satellite) continue;
    orbit::TemeState state;
    for (const double minutes : {0.0, 1440.0, -1440.0}) {
      (void)satellite->propagate_minutes(minutes, state);
    }
    (void)satellite->propagate(set.epoch + Duration::hours(6));
  }
}

}  // namespace lagrange::fuzz
