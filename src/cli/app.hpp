// The `lagrange` command line: one CLI11 subcommand per file (`*_command.cpp`), each
// registered in app.cpp. Exit codes: 0 success, 1 bad input, failed run or output that could
// not be written (stdout is checked after every command: a full disk is never exit 0), 2
// usage error.
#pragma once

namespace lagrange::cli {

int run_app(int argc, char** argv);

}  // namespace lagrange::cli
