#include "cli/cli_support.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/text.hpp"

namespace lagrange::cli {

CLI::Validator finite_range(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        char* end = nullptr;
        const double x = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(x) || x < min || x > max) {
          return fmt::format("{} is not a number in [{}, {}]", printable(text), min, max);
        }
        return {};
      },
      fmt::format("in [{}, {}]", min, max));
}

void print_error(std::string_view command, std::string_view message) {
  const std::string line =
      printable(command.empty() ? fmt::format("lagrange: {}\n", message)
                                : fmt::format("lagrange {}: {}\n", command, message));
  std::fwrite(line.data(), 1, line.size(), stderr);
}

double memory_budget_bytes() {
  if (const char* gb = std::getenv("LAGRANGE_MEMORY_LIMIT_GB")) {
    const double limit = std::strtod(gb, nullptr);
    if (limit > 0.0 && std::isfinite(limit)) return limit * 1e9;
  }
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 8e9;  // unknown: assume a modest machine
  return 0.75 * static_cast<double>(pages) * static_cast<double>(page_size);
}

Status check_memory(double bytes, std::string_view what, std::string_view advice) {
  const double budget = memory_budget_bytes();
  if (bytes <= budget) return ok_status();
  return Error{
      fmt::format("{} needs about {:.1f} GB of memory, more than the {:.1f} GB this machine allows "
                  "(docs/LIMITS.md); {}",
                  what, bytes / 1e9, budget / 1e9, advice)};
}

Status check_scenario_memory(const scenario::Scenario& s, scenario::RunShape shape) {
  const scenario::MemoryEstimate e = scenario::estimate_run_memory(s, shape);
  const double days = (s.end - s.start).to_seconds() / 86400.0;
  return check_memory(
      e.bytes,
      fmt::format("scenario '{}' ({} satellites x {:.0f} samples, ~{:.0f} work items, {} "
                  "engine{})",
                  s.name, s.satellites.size(),
                  e.satellite_samples / std::max<double>(1, s.satellites.size()), e.work_items,
                  e.engines, e.engines == 1 ? "" : "s"),
      fmt::format("shorten the window ({:.1f} days from start to end), use a coarser step_s "
                  "({:g} s), fewer satellites or fewer policies",
                  days, s.step.to_seconds()));
}

void print_scenario_warnings(std::string_view command, const scenario::Scenario& s) {
  for (const auto& w : s.warnings) print_error(command, w);
}

}  // namespace lagrange::cli
