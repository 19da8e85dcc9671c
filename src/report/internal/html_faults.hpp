// The report's section on faults (docs/outputs.md): a timeline of every fault that began in
// the window, one row per kind, and a table of what each cost under each policy. Empty when
// no run had faults, so such reports are unchanged.
#pragma once

#include <string>

#include "sim/run_result.hpp"

namespace lagrange::report::internal {

std::string faults_section(const sim::RunResult& result);

}  // namespace lagrange::report::internal
