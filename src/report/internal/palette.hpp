// Colours of the report: one per policy, the same in every chart (and in the CZML), chosen
// from ColorBrewer's "Dark2" so they stay distinct for colour-blind readers.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace lagrange::report::internal {

inline constexpr std::array<std::string_view, 6> kPalette = {"#1b9e77", "#d95f02", "#7570b3",
                                                             "#e7298a", "#66a61e", "#a6761d"};

// The three built-in policies keep their colour whatever the order they ran in; others take
// the palette in run order.
inline std::string policy_colour(std::string_view policy, size_t run_index) {
  if (policy == "bent-pipe") return "#666666";
  if (policy == "on-board") return std::string(kPalette[2]);
  if (policy == "offload") return std::string(kPalette[1]);
  return std::string(kPalette[run_index % kPalette.size()]);
}

}  // namespace lagrange::report::internal
