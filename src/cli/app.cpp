#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include "cli/cli_support.hpp"
#include "cli/commands.hpp"

namespace lagrange::cli {

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
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
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
  return exit_code;
}

}  // namespace lagrange::cli
