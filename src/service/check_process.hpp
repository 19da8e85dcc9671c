// `lagrange model check` in a helper process, for the service's model uploads (docs/service.md,
// "Models"). The service is multi-threaded, so it never forks: the helper is started with
// posix_spawn, its output goes to files next to the model, and it is killed when it runs past
// its time limit (a hostile model must not hold an API thread or the engine).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace lagrange::service {

struct CheckRun {
  int exit_code = -1;      // the helper's exit status; -1 when it was killed or died by a signal
  bool timed_out = false;  // killed at the time limit
  std::string out;         // its standard output (at most 1 MiB kept)
  std::string err;         // its standard error (at most 64 KiB kept)
};

// Runs `EXE model check FILE --format json --precision P [--accelerator A]...` and waits for
// it at most `limit`. An error only when the helper cannot be started.
Result<CheckRun> run_model_check(const std::filesystem::path& exe,
                                 const std::filesystem::path& file, const std::string& precision,
                                 const std::vector<std::string>& accelerators,
                                 std::chrono::milliseconds limit);

}  // namespace lagrange::service
