#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "cli/cli_support.hpp"
#include "cli/commands.hpp"

namespace lagrange::cli {
namespace {

// Flushes what the command printed and checks that stdout took all of it: buffered bytes
// that the device refuses (disk full, /dev/full) would otherwise be lost at exit with the
// process still saying 0. A closed pipe ends the process with SIGPIPE before this, as usual.
// `earlier_errno`: errno after the last output call, the reason when stdout had already
// failed before this check.
bool stdout_took_everything(int earlier_errno = 0) {
  errno = 0;
  std::cout.flush();
  int error_number = errno != 0 ? errno : earlier_errno;
  const bool flushed = std::fflush(stdout) == 0;
  if (error_number == 0) error_number = errno;
  if (flushed && std::ferror(stdout) == 0 && std::cout.good()) return true;
  std::cerr << "lagrange: could not write the output to stdout: "
            << (error_number != 0 ? std::strerror(error_number) : "a write was refused")
            << "; the output is incomplete\n";
  return false;
}

}  // namespace

int run_app(int argc, char** argv) {
  CLI::App app{"Lagrange: a digital twin, scheduler and open service for computing constellations"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lagrange 0.1.0");
  int exit_code = 0;
  add_propagate_command(app, exit_code);
  add_llm_command(app, exit_code);
  add_contacts_command(app, exit_code);
  add_eclipses_command(app, exit_code);
  add_passes_command(app, exit_code);
  add_scenarios_command(app, exit_code);
  add_run_command(app, exit_code);
  add_model_command(app, exit_code);
  add_serve_command(app, exit_code);
  add_client_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    errno = 0;
    const int code = app.exit(e);
    if (code == 0 && !stdout_took_everything(errno)) return kExitInput;
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const std::bad_alloc&) {
    // The last line of defence: inputs are sized before anything is built, so this means
    // an estimate was wrong; say so rather than abort.
    print_error("", "out of memory; the input is too large for this machine (docs/LIMITS.md)");
    return kExitInput;
  } catch (const std::exception& e) {
    print_error("", std::string("internal error: ") + e.what() + " (please report it)");
    return kExitInput;
  }
  // A command that failed has said why (a write error included); one that succeeded may
  // still have lost the output it left in stdout's buffer.
  if (exit_code == 0 && !stdout_took_everything()) return kExitInput;
  return exit_code;
}

}  // namespace lagrange::cli
