// Choosing which captures to draw when there are too many for a map or a CZML file: every EO
// task capture (there are few, and each answers a tenant's request), then systematic scenes
// evenly thinned to fill the rest of the budget. Deterministic; keeps the records' order.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/run_result.hpp"

namespace lagrange::report::internal {

// Indices into `captures`, ascending, at most `budget` of them.
std::vector<size_t> captures_to_draw(const std::vector<sim::CaptureRecord>& captures,
                                     size_t budget);

}  // namespace lagrange::report::internal
