// The report's section on users' models (docs/outputs.md): per policy, each deployment with
// when it was asked and completed, and every satellite's model version over time. Empty when
// the run has no users' models, so such reports are unchanged.
#pragma once

#include <string>

#include "sim/run_result.hpp"

namespace lagrange::report::internal {

std::string models_section(const sim::RunResult& result);

}  // namespace lagrange::report::internal
