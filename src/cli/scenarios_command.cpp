// `lagrange scenarios`: list the built-in scenarios (data/scenarios/*.yaml), or with
// `--check FILE` validate a scenario file: its errors on stderr (exit 1), or a one-paragraph
// summary on stdout (exit 0). The data directory is the compute catalogue's
// ($LAGRANGE_DATA, else the source tree's data/).
#include <fmt/format.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "compute/catalog.hpp"
#include "core/text.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::cli {
namespace {

constexpr size_t kDescriptionWidth = 72;

struct ScenariosOptions {
  std::string check;
};

std::string first_sentence(const std::string& text, size_t width) {
  std::string s =
      text.substr(0, text.find(". ") == std::string::npos ? text.size() : text.find(". ") + 1);
  if (s.size() > width) s = s.substr(0, width - 3) + "...";
  return s;
}

int list_builtins(const scenario::LoadContext& context) {
  const auto files = scenario::builtin_scenario_files(context.data_dir);
  if (files.empty()) {
    std::cerr << "lagrange scenarios: no built-in scenarios in "
              << (context.data_dir / "scenarios").string() << " (set LAGRANGE_DATA)\n";
    return kExitInput;
  }
  int code = 0;
  std::cout << fmt::format("{:<16} {:>10}  {:<41}  {}\n", "NAME", "SATELLITES", "WINDOW (UTC)",
                           "DESCRIPTION");
  for (const auto& file : files) {
    auto s = scenario::load_scenario(file, context);
    if (!s) {
      std::cerr << s.error().message << "\n";
      code = kExitInput;
      continue;
    }
    const std::string window =
        format_iso8601(s->start).substr(0, 19) + " " + format_iso8601(s->end).substr(0, 19);
    const std::string name =
        file.stem().string() + (file.stem() == scenario::kDefaultScenario ? "*" : "");
    std::cout << fmt::format("{:<16} {:>10}  {:<41}  {}\n", name, s->satellites.size(), window,
                             first_sentence(s->description, kDescriptionWidth));
  }
  std::cout << "* the default scenario\n";
  return code;
}

int check_file(const std::string& name_or_path, const scenario::LoadContext& context) {
  auto path = scenario::resolve_scenario(name_or_path, context.data_dir);
  if (!path) {
    print_error("scenarios", path.error().message);
    return kExitInput;
  }
  auto s = scenario::load_scenario(*path, context);
  if (!s) {
    const std::string line = printable(s.error().message) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    return kExitInput;
  }
  print_scenario_warnings("scenarios", *s);
  // The same check `run` makes first, so --check passes only what run will start.
  if (Status fits = check_scenario_memory(*s); !fits) {
    print_error("scenarios", fits.error().message);
    return kExitInput;
  }
  std::cout << scenario::summarize(*s) << "\n";
  const scenario::MemoryEstimate estimate = scenario::estimate_run_memory(*s);
  std::cout << fmt::format(
      "Estimated memory for `lagrange run`: {:.2f} GB with {} engine{} (this machine allows "
      "{:.1f} GB; docs/LIMITS.md).\n",
      estimate.bytes / 1e9, estimate.engines, estimate.engines == 1 ? "" : "s",
      memory_budget_bytes() / 1e9);
  return 0;
}

int run_scenarios(const ScenariosOptions& o) {
  const auto data_dir = compute::default_data_dir();
  auto catalog = compute::Catalog::load(data_dir);
  if (!catalog) {
    std::cerr << "lagrange scenarios: " << catalog.error().message
              << " (set LAGRANGE_DATA to the data dir)\n";
    return kExitInput;
  }
  const scenario::LoadContext context{data_dir, &*catalog};
  return o.check.empty() ? list_builtins(context) : check_file(o.check, context);
}

}  // namespace

void add_scenarios_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ScenariosOptions>();
  CLI::App* cmd = app.add_subcommand(
      "scenarios", "List the built-in scenarios, or check a scenario file (--check FILE)");
  cmd->add_option("--check", options->check,
                  "Validate a scenario file (or a built-in's name) and summarise it");
  cmd->callback([options, &exit_code] { exit_code = run_scenarios(*options); });
}

}  // namespace lagrange::cli
