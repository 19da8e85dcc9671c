// The policy comparison for the terminal: rows are metrics, columns are policies, in plain
// ASCII (fixed-width columns, LF line ends). Deterministic.
#pragma once

#include <string>

#include "sim/run_result.hpp"

namespace lagrange::report {

// A title line (scenario, window, seed), a blank line, then the table.
std::string summary_table(const sim::RunResult& result);

}  // namespace lagrange::report
