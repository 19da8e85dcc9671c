#include "report/summary_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/internal/comparison.hpp"

namespace lagrange::report {
namespace {

constexpr size_t kMinColumnWidth = 10;
constexpr size_t kGap = 2;

}  // namespace

std::string summary_table(const sim::RunResult& result) {
  const internal::Comparison table = internal::compare_policies(result);
  size_t label_width = 0;
  for (const auto& row : table.rows) label_width = std::max(label_width, row.label.size());
  std::vector<size_t> widths;
  for (size_t c = 0; c < table.policies.size(); ++c) {
    size_t w = std::max(kMinColumnWidth, table.policies[c].size());
    for (const auto& row : table.rows) w = std::max(w, row.values[c].size());
    widths.push_back(w);
  }

  std::string out =
      fmt::format("{} ({} to {}, seed {})\n\n", result.scenario, format_iso8601(result.start),
                  format_iso8601(result.end), result.seed);
  auto line = [&](const std::string& label, const std::vector<std::string>& cells) {
    std::string text = fmt::format("{:<{}}", label, label_width);
    for (size_t c = 0; c < cells.size(); ++c) {
      text += fmt::format("{:>{}}", cells[c], widths[c] + kGap);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  };
  line("", table.policies);
  for (const auto& row : table.rows) line(row.label, row.values);
  return out;
}

}  // namespace lagrange::report
