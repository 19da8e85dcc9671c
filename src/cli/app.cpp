#include "cli/app.hpp"

#include <CLI/CLI.hpp>

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
  add_serve_command(app, exit_code);
  add_client_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}

}  // namespace lagrange::cli
