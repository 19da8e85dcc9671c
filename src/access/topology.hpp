// Which satellites hold laser links when: the inter-satellite half of the contact plan.
//
// Policies:
//  - kAllPairs: every pair with line of sight (isl.hpp) within the terminal's range, for as
//    long as it lasts. O(N^2) pairs: meant for small constellations (tens to ~ 200), and
//    ignores the terminal count.
//  - kPlusGrid: the "+Grid" of Walker shells. Each satellite links to its two in-plane
//    neighbours (the previous and next satellite in argument of latitude in its plane) and
//    to the nearest-in-phase satellite of each adjacent plane (plane p+1 and p-1; the seam
//    between the last and first plane is closed for delta shells and left open for star
//    shells, whose neighbouring planes there counter-rotate). Cross-plane links are dropped
//    while either end is above `cross_plane_max_abs_latitude_deg` (geocentric; the relative
//    motion near the turn-around is too fast to track) and re-acquired afterwards. Needs
//    each satellite's shell, plane and argument of latitude (GridSlot: from the Walker
//    generator, or from the elements of a TLE set, see grid_slots_from_elements). Needs 4
//    terminals; with 2 or 3 only the in-plane ring is linked.
//  - kNearest: a dynamic, terminal-limited nearest-neighbour topology, re-evaluated at
//    every ephemeris grid step. Deterministic greedy: existing links stay while feasible
//    (a link that breaks is closed at the refined instant it became infeasible); then
//    candidate pairs are taken in order of (distance, lower index, higher index) and linked
//    when both ends have a free terminal. Candidates are each satellite's
//    `nearest_candidates` nearest feasible neighbours (default 2 x terminals), found with a
//    spatial hash. A new link carries data only `acquisition` after it was chosen.
//
// Every window is refined to `tolerance` by bisection on feasibility (positions from the
// ephemeris' cubic Hermite interpolation, sub-metre at a 60 s grid). Links feasible at the
// plan start are taken as already acquired; others start `acquisition` after they became
// feasible or were chosen, and windows shorter than that vanish.
//
// Output is deterministic (sorted by start, a, b), independent of the thread count.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "access/ephemeris.hpp"
#include "access/isl.hpp"
#include "access/terminals.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "orbit/elements.hpp"

namespace lagrange::access {

enum class IslPolicy { kNone, kAllPairs, kPlusGrid, kNearest };

// "none", "all", "grid" (or "+grid"), "nearest".
Result<IslPolicy> parse_isl_policy(std::string_view text);

// A satellite's place in a shell, for +Grid.
struct GridSlot {
  int shell = 0;
  int plane = 0;
  double arg_latitude_deg = 0.0;  // at the common epoch, [0, 360)
  bool star = false;              // shell is a Walker star (no seam links)
};

// Derives shells and planes from element sets (e.g. a TLE file of one constellation):
// satellites are grouped into shells by inclination (within 0.5 deg) and mean motion
// (within 0.2 %), and within a shell into planes by RAAN (gaps larger than
// `plane_gap_deg`, default 2 deg, start a new plane). Arguments of latitude are propagated
// to the latest epoch of the set by the two-body mean motion (J2 drift between epochs a few
// days apart is small against the in-plane spacing of a dense shell).
std::vector<GridSlot> grid_slots_from_elements(std::span<const orbit::ElementSet> sets,
                                               double plane_gap_deg = 2.0);

struct IslOptions {
  IslPolicy policy = IslPolicy::kPlusGrid;
  TerminalType terminal;
  LinkGeometryOptions geometry;
  double cross_plane_max_abs_latitude_deg = 75.0;
  size_t nearest_candidates = 0;  // 0: 2 * terminal.count
  Duration tolerance = Duration::from_ns(1'000'000);
};

struct LinkWindow {
  uint32_t a = 0;  // ephemeris satellite indices, a < b
  uint32_t b = 0;
  Instant start;  // data flows from here (after any acquisition time)
  Instant end;
  double max_range_km = 0.0;  // over the window (sampled and at its ends)
  bool cross_plane = false;
};

// The +Grid pairs (a < b, sorted, unique) and whether each is cross-plane.
struct GridPair {
  uint32_t a = 0;
  uint32_t b = 0;
  bool cross_plane = false;
};
std::vector<GridPair> plus_grid_pairs(std::span<const GridSlot> slots, bool cross_plane_links);

// One greedy re-evaluation of kNearest: `kept` are links that stay (a < b), `candidates`
// feasible pairs with their distances. Returns the new links chosen, in choice order.
struct CandidatePair {
  double distance_km = 0.0;
  uint32_t a = 0;
  uint32_t b = 0;
};
std::vector<CandidatePair> greedy_nearest_links(size_t n_satellites, int terminals,
                                                std::span<const CandidatePair> kept,
                                                std::vector<CandidatePair> candidates);

// Link windows over [start, end] (inside the ephemeris grid, which must store ITRF
// velocities). `slots` is required (one per satellite) for kPlusGrid and ignored otherwise.
Result<std::vector<LinkWindow>> find_link_windows(const Ephemeris& ephemeris,
                                                  std::span<const GridSlot> slots, Instant start,
                                                  Instant end, const IslOptions& options);

}  // namespace lagrange::access
