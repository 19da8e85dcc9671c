// `lagrange run [SCENARIO|FILE]`: run the digital twin on a scenario (a built-in's name or a
// YAML file; default three-body), compare the scheduling policies on it and write the
// scenario's output files (docs/outputs.md). The comparison table goes to stdout, progress to
// stderr: a redrawn bar on a terminal, one line per stage otherwise, nothing with
// --no-progress. With --format json, stdout is summary.json and the file list goes to stderr.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "compute/catalog.hpp"
#include "core/output_file.hpp"
#include "core/text.hpp"
#include "report/outputs.hpp"
#include "report/summary_json.hpp"
#include "report/summary_table.hpp"
#include "scenario/scenario.hpp"
#include "schedule/policy.hpp"
#include "sim/run.hpp"

namespace lagrange::cli {
namespace {

constexpr int kBarWidth = 30;

struct RunOptions {
  std::string scenario = std::string(scenario::kDefaultScenario);
  std::string compare;
  std::string output;
  uint64_t seed = 0;
  bool seed_given = false;
  bool no_progress = false;
  bool no_baseline = false;
  std::string format = "table";
};

int fail(int code, const std::string& message) {
  print_error("run", message);
  return code;
}

std::string known_policies() {
  std::string names;
  for (auto n : schedule::policy_names()) names += (names.empty() ? "" : ", ") + std::string(n);
  return names;
}

// "bent-pipe, offload" -> {"bent-pipe", "offload"}; an unknown or repeated name is an error.
Result<std::vector<std::string>> parse_policies(const std::string& list) {
  std::vector<std::string> names;
  if (list.empty()) return names;
  const auto known = schedule::policy_names();
  size_t begin = 0;
  while (begin <= list.size()) {
    const size_t end = std::min(list.find(',', begin), list.size());
    std::string name = list.substr(begin, end - begin);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return Error{"unknown policy '" + name + "' in --compare; known: " + known_policies()};
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return Error{"policy '" + name + "' is given twice in --compare"};
    }
    names.push_back(std::move(name));
    begin = end + 1;
  }
  return names;
}

// Progress on stderr. The engine may report from several threads, hence the lock.
class ProgressPrinter {
 public:
  ProgressPrinter(bool enabled, bool terminal) : enabled_(enabled), terminal_(terminal) {}

  void update(std::string_view stage, double fraction) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100.0);
    if (!terminal_) {
      if (stage != stage_) std::cerr << "lagrange run: " << stage << "\n";
      stage_ = std::string(stage);
      return;
    }
    if (stage == stage_ && percent == percent_) return;
    stage_ = std::string(stage);
    percent_ = percent;
    const int filled = percent * kBarWidth / 100;
    std::string line = fmt::format("[{}{}] {:3}% {}", std::string(filled, '#'),
                                   std::string(kBarWidth - filled, '.'), percent, stage);
    const size_t width = line.size();
    if (line.size() < drawn_) line += std::string(drawn_ - line.size(), ' ');
    drawn_ = width;
    std::cerr << "\r" << line << std::flush;
  }

  // Ends the bar's line so later output starts on a fresh one.
  void finish() {
    if (enabled_ && terminal_ && drawn_ > 0) std::cerr << "\n";
  }

 private:
  bool enabled_;
  bool terminal_;
  std::mutex mutex_;
  std::string stage_;
  int percent_ = -1;
  size_t drawn_ = 0;
};

Result<scenario::Scenario> load(const RunOptions& o, const compute::Catalog& catalog,
                                size_t policies) {
  const auto data_dir = compute::default_data_dir();
  auto path = scenario::resolve_scenario(o.scenario, data_dir);
  if (!path) return path.error();
  auto s = scenario::load_scenario(*path, {data_dir, &catalog});
  if (!s) return s.error();
  print_scenario_warnings("run", *s);
  const scenario::RunShape shape{.policies = policies, .fault_free_baseline = !o.no_baseline};
  if (Status fits = check_scenario_memory(*s, shape); !fits) return fits.error();
  if (o.seed_given) s->seed = o.seed;
  return s;
}

void print_files(std::ostream& out, const std::vector<std::filesystem::path>& files,
                 const std::filesystem::path& dir) {
  out << fmt::format("Wrote {} file{} to {}:\n", files.size(), files.size() == 1 ? "" : "s",
                     dir.string());
  for (const auto& f : files) {
    out << "  " << f.string() << "\n";
    if (f.extension() == ".czml") {
      out << fmt::format(
          "    to play it offline: the dashboard's 'Open a run' on {} (docs/dashboard.md)\n",
          dir.string());
    }
  }
}

int run(const RunOptions& o) {
  auto policies = parse_policies(o.compare);
  if (!policies) return fail(kExitUsage, policies.error().message);
  auto catalog = compute::Catalog::load(compute::default_data_dir());
  if (!catalog) {
    return fail(kExitInput, catalog.error().message + " (set LAGRANGE_DATA to the data dir)");
  }
  auto s = load(o, *catalog, policies->size());
  if (!s) {
    const std::string line = printable(s.error().message) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    return kExitInput;
  }

  // Checked before the run: a directory that cannot be written is found in a moment, not
  // after minutes of simulation.
  const std::filesystem::path dir =
      o.output.empty() ? s->outputs.directory : std::filesystem::path(o.output);
  if (auto ready = prepare_output_directory(dir); !ready) {
    return fail(kExitInput, ready.error().message);
  }

  ProgressPrinter progress(!o.no_progress, isatty(STDERR_FILENO) == 1);
  sim::ScenarioRunOptions run_options;
  run_options.fault_free_baseline = !o.no_baseline;
  auto result = sim::run_scenario(
      *s, *catalog, *policies,
      [&progress](std::string_view stage, double fraction) { progress.update(stage, fraction); },
      run_options);
  if (!result) {
    progress.finish();
    return fail(kExitInput, result.error().message);
  }

  progress.update("writing outputs", 0.0);
  auto written = report::write_outputs(*result, s->outputs.files, dir);
  progress.update("writing outputs", 1.0);
  progress.finish();
  if (!written) return fail(kExitInput, written.error().message);

  if (o.format == "json") {
    std::cout << report::summary_json_text(*result);
    print_files(std::cerr, *written, dir);
  } else {
    std::cout << report::summary_table(*result) << "\n";
    print_files(std::cout, *written, dir);
  }
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Run the digital twin on a scenario, compare policies and write the reports");
  cmd->add_option("scenario", o->scenario,
                  "A built-in scenario's name or a scenario YAML file (default: three-body)");
  cmd->add_option(
      "--compare", o->compare,
      "Policies to compare, comma-separated (default: the scenario's): " + known_policies());
  cmd->add_option("--output", o->output,
                  "Directory for the output files (default: the scenario's outputs.directory)");
  // CLI11 would otherwise read "-1" as 2^64 - 1.
  CLI::Option* seed =
      cmd->add_option("--seed", o->seed, "Override the scenario's random seed")
          ->check(CLI::Validator(
              [](std::string& text) -> std::string {
                if (text.find('-') == std::string::npos) return {};
                return "must be a non-negative integer (0 to 2^64 - 1), got " + text;
              },
              "UINT64"));
  cmd->add_flag("--no-progress", o->no_progress, "Do not report progress on stderr");
  cmd->add_flag("--no-baseline", o->no_baseline,
                "With faults in the scenario: do not also run each policy without them (the "
                "fault-free baseline of summary.json and the table; halves the work)");
  cmd->add_option("--format", o->format, "What to print on stdout: the table or summary.json")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->callback([o, seed, &exit_code] {
    o->seed_given = seed->count() > 0;
    exit_code = run(*o);
  });
}

}  // namespace lagrange::cli
