// summary.json: the run's figures per policy, for scripts and dashboards. Keys are written in
// a fixed order and numbers in their shortest round-trip form, so the same RunResult always
// gives the same bytes. Every key is documented in docs/outputs.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/run_result.hpp"

namespace lagrange::report {

// {"scenario", "description", "seed", "start", "end", "satellites", "stations", "tenants",
//  "policies": [one object per policy run, in run order]}.
nlohmann::ordered_json summary_json(const sim::RunResult& result);

// The same, pretty-printed with two-space indents and a final newline.
std::string summary_json_text(const sim::RunResult& result);

}  // namespace lagrange::report
