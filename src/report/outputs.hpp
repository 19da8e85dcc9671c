// Writing a run's output files into a directory.
//
// The file names are those of scenario::kOutputFiles ("summary.json", "jobs.csv",
// "satellites.csv", "report.html", "scenario.czml"); each is rendered from the RunResult (the
// CSVs streamed as they are formatted), all side by side. Not thread-safe for the same
// directory.
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

// Creates `dir` (and its parents) if needed and writes `files` into it. Returns the paths
// written, in the order given. An unknown name or a directory that cannot be created or
// written to (core/output_file.hpp's probe) fails before anything is written; otherwise the
// error is that of the first file in the given order that could not be written (open,
// write on the way, or close: disk full), naming the path and the system's reason (the
// others may have been written). A caller with a long computation before this should call
// prepare_output_directory(dir) first, to fail before the computation.
Result<std::vector<std::filesystem::path>> write_outputs(const sim::RunResult& result,
                                                         std::span<const std::string> files,
                                                         const std::filesystem::path& dir);

}  // namespace lagrange::report
