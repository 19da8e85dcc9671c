// report.html: one self-contained page (inline CSS and SVG, no scripts, no network access)
// comparing the policies of a run: header, comparison table, latency CDF, downlink over
// time, battery, accelerator utilisation, capture map and, when there were any, where LLM
// queries' time went, users' models, and the faults (a timeline and what each cost).
// Readable at 1280 px; deterministic (no generation timestamp).
#pragma once

#include <string>

#include "sim/run_result.hpp"

namespace lagrange::report {

std::string html_report(const sim::RunResult& result);

}  // namespace lagrange::report
