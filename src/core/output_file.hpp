// Writing output files so that a failure is never silent.
//
// write_output_file opens the path (truncating), lets the caller stream into it, closes it
// and checks every step: a path that cannot be opened, a write refused on the way (disk
// full) or a close that fails gives an Error naming the path and the system's reason
// ("out/jobs.csv: write failed: No space left on device"). The caller's writer should stop
// early when the stream goes bad (`if (!out) return;`): nothing written after that counts.
// prepare_output_directory creates a directory (and its parents) and proves it writable by
// creating and removing a probe file, so a long run can refuse a bad directory before it
// starts instead of after. Thread-safe for distinct paths.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>

#include "core/result.hpp"

namespace lagrange {

Status write_output_file(const std::filesystem::path& path,
                         const std::function<void(std::ostream&)>& write);

Status prepare_output_directory(const std::filesystem::path& dir);

}  // namespace lagrange
