// Writing a run's output files into a directory.
//
// The file names are those of scenario::kOutputFiles ("summary.json", "jobs.csv",
// "satellites.csv", "report.html", "scenario.czml"); each is rendered from the RunResult and
// written whole. Not thread-safe for the same directory.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sim/run_result.hpp"

namespace lagrange::report {

// Renders one output file by name; the error lists the known names.
Result<std::string> render_output(const sim::RunResult& result, std::string_view file);

// Creates `dir` (and its parents) if needed and writes `files` into it, in the order given.
// Returns the paths written. Fails on the first file that cannot be rendered or written, with
// a message naming the path and the system's reason; files written before stay in place.
Result<std::vector<std::filesystem::path>> write_outputs(const sim::RunResult& result,
                                                         std::span<const std::string> files,
                                                         const std::filesystem::path& dir);

}  // namespace lagrange::report
