#include "orbit/elements.hpp"

#include <fmt/format.h>

namespace lagrange::orbit {

std::string describe(const ElementSet& set) {
  if (set.name.empty()) return fmt::format("{}", set.norad_id);
  return fmt::format("{} ({})", set.norad_id, set.name);
}

}  // namespace lagrange::orbit
