// Registration hooks of the subcommands. Each adds itself to `app` and sets a callback that
// stores its exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace lagrange::cli {

void add_propagate_command(CLI::App& app, int& exit_code);
void add_llm_command(CLI::App& app, int& exit_code);
void add_contacts_command(CLI::App& app, int& exit_code);
void add_eclipses_command(CLI::App& app, int& exit_code);
void add_passes_command(CLI::App& app, int& exit_code);
void add_scenarios_command(CLI::App& app, int& exit_code);
void add_run_command(CLI::App& app, int& exit_code);
void add_model_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);
void add_client_command(CLI::App& app, int& exit_code);

}  // namespace lagrange::cli
