// What every subcommand shares: the exit codes (README "Exit codes"), range validators for
// numeric options, the memory budget that large inputs are checked against before anything
// is built (docs/LIMITS.md), and error printing that cannot drive the terminal.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::cli {

// The one table of exit codes (README): every subcommand keeps to it.
inline constexpr int kExitOk = 0;     // done (and, for a question, the answer is yes)
inline constexpr int kExitInput = 1;  // a file, scenario or catalogue entry is unusable, the
                                      // run failed, an output could not be written, or the
                                      // job needs more memory than the machine has
inline constexpr int kExitUsage = 2;  // the command line is wrong: unknown or missing option,
                                      // a value out of range or malformed
inline constexpr int kExitNo = 3;     // the command worked and the answer is "no" (e.g.
                                      // `llm plan`: the model does not fit)

// --threads: 0 means all cores; more than this is never useful on one machine and used to
// crash thread creation.
inline constexpr int kMaxThreads = 256;

// A validator for a finite number in [min, max] (CLI11's Range lets NaN through).
CLI::Validator finite_range(double min, double max);

// "lagrange <command>: <message>" on stderr, with non-printable bytes escaped.
void print_error(std::string_view command, std::string_view message);

// The memory a command may plan to use: LAGRANGE_MEMORY_LIMIT_GB if set, else three quarters
// of the machine's physical memory.
double memory_budget_bytes();

// Ok when `bytes` fits the budget, else "<what> needs about X GB of memory, more than the
// Y GB this machine allows (docs/LIMITS.md); <advice>".
Status check_memory(double bytes, std::string_view what, std::string_view advice);

// The scenario's memory estimate against the budget, with what to change when it does not fit.
Status check_scenario_memory(const scenario::Scenario& s, scenario::RunShape shape = {});

// Prints the loader's warnings (skipped element sets), one per line, escaped.
void print_scenario_warnings(std::string_view command, const scenario::Scenario& s);

}  // namespace lagrange::cli
