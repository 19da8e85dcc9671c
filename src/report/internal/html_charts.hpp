// The figures of the HTML report, each a <figure> with a heading, an inline SVG chart and a
// caption saying what is drawn (or a note when the run has no data for it). Deterministic.
#pragma once

#include <string>

#include "report/internal/svg.hpp"
#include "sim/run_result.hpp"

namespace lagrange::report::internal {

// The x axis of a chart over the run's window: UTC time, titled with the window's first date.
Axis time_axis(const sim::RunResult& result);

// Share of submitted jobs delivered within a latency, one line per policy (log time axis).
std::string latency_cdf_figure(const sim::RunResult& result);
// Cumulative satellite-to-ground bytes over time, one line per policy.
std::string downlink_figure(const sim::RunResult& result);
// Mean (solid) and lowest (dashed) battery state of charge across satellites, per policy.
std::string battery_figure(const sim::RunResult& result);
// Accelerator utilisation per satellite, bars per policy (sorted lines when there are many).
std::string utilisation_figure(const sim::RunResult& result);
// Equirectangular map: graticule, stations, ground tracks, capture points.
std::string capture_map_figure(const sim::RunResult& result);
// Median time of each step of an LLM query per policy; "" when the run has no queries.
std::string llm_figure(const sim::RunResult& result);

}  // namespace lagrange::report::internal
