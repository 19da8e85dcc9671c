// Names of indexed things in a RunResult, tolerant of indices the result does not name (a
// report must never crash on an engine's inconsistency; it prints the index instead).
#pragma once

#include <string>

#include "sim/run_result.hpp"

namespace lagrange::report::internal {

inline std::string satellite_name(const sim::RunResult& result, int index) {
  if (index >= 0 && static_cast<size_t>(index) < result.satellites.size()) {
    return result.satellites[static_cast<size_t>(index)];
  }
  return "satellite " + std::to_string(index);
}

inline std::string tenant_name(const sim::RunResult& result, uint32_t index) {
  if (index < result.tenants.size()) return result.tenants[index];
  return "tenant " + std::to_string(index);
}

}  // namespace lagrange::report::internal
