#include <algorithm>

#include "report/internal/captures.hpp"

namespace lagrange::report::internal {

std::vector<size_t> captures_to_draw(const std::vector<sim::CaptureRecord>& captures,
                                     size_t budget) {
  size_t tasks = 0;
  for (const auto& c : captures) tasks += c.systematic ? 0 : 1;
  const size_t systematic = captures.size() - tasks;
  const size_t room = budget > tasks ? budget - tasks : 0;
  // Take systematic scene k when floor(k * room / systematic) advances: an even spread.
  std::vector<size_t> chosen;
  size_t seen_systematic = 0;
  size_t taken_systematic = 0;
  for (size_t i = 0; i < captures.size() && chosen.size() < budget; ++i) {
    if (!captures[i].systematic) {
      chosen.push_back(i);
      continue;
    }
    const size_t due = systematic == 0 ? 0 : (seen_systematic + 1) * room / systematic;
    ++seen_systematic;
    if (due > taken_systematic) {
      chosen.push_back(i);
      ++taken_systematic;
    }
  }
  return chosen;
}

}  // namespace lagrange::report::internal
