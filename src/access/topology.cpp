#include "access/topology.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>

#include "core/units.hpp"

namespace lagrange::access {
namespace {

double geocentric_abs_latitude_deg(const Vec3& r) {
  return std::abs(rad_to_deg(std::asin(std::clamp(r.z / norm(r), -1.0, 1.0))));
}

double circular_gap_deg(double a, double b) {
  const double d = std::fmod(std::abs(a - b), 360.0);
  return std::min(d, 360.0 - d);
}

// Feasibility of one pair at grid samples and (interpolated) at any instant.
class PairGeometry {
 public:
  PairGeometry(const Ephemeris& e, const IslOptions& o) : e_(e), o_(o) {}

  bool feasible(const Vec3& ra, const Vec3& rb, bool cross_plane, double& range_km) const {
    range_km = norm(rb - ra);
    if (range_km > o_.terminal.max_range_km) return false;
    if (!has_line_of_sight(ra, rb, o_.geometry)) return false;
    if (cross_plane && (geocentric_abs_latitude_deg(ra) > o_.cross_plane_max_abs_latitude_deg ||
                        geocentric_abs_latitude_deg(rb) > o_.cross_plane_max_abs_latitude_deg)) {
      return false;
    }
    return true;
  }
  bool feasible_sample(uint32_t a, uint32_t b, size_t i, bool cross, double& range_km) const {
    if (!e_.valid(a, i) || !e_.valid(b, i)) return false;
    return feasible(e_.r_itrf_km(a, i), e_.r_itrf_km(b, i), cross, range_km);
  }
  bool feasible_at(uint32_t a, uint32_t b, Instant t, bool cross, double& range_km) const {
    orbit::ItrfState sa, sb;
    if (!e_.interpolate_itrf(a, t, sa) || !e_.interpolate_itrf(b, t, sb)) return false;
    return feasible(sa.r_km, sb.r_km, cross, range_km);
  }
  // The switch instant between lo (state `lo_feasible`) and hi (the other state).
  Instant refine(uint32_t a, uint32_t b, bool cross, Instant lo, Instant hi,
                 bool lo_feasible) const {
    double range_km = 0.0;
    while (hi - lo > o_.tolerance) {
      const Instant mid = lo + (hi - lo) / 2;
      if (feasible_at(a, b, mid, cross, range_km) == lo_feasible) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo + (hi - lo) / 2;
  }

 private:
  const Ephemeris& e_;
  const IslOptions& o_;
};

// Sample indices with time <= end; the scan closes at `end` itself.
size_t samples_until(const TimeGrid& grid, Instant end) {
  size_t n = 0;
  while (n < grid.count && grid.time(n) <= end) ++n;
  return n;
}

LinkWindow make_window(uint32_t a, uint32_t b, bool cross, Instant rise, Instant set,
                       bool at_plan_start, double max_range_km, const TerminalType& terminal) {
  LinkWindow w;
  w.a = a;
  w.b = b;
  w.cross_plane = cross;
  w.start = at_plan_start ? rise : rise + terminal.acquisition;
  w.end = set;
  w.max_range_km = max_range_km;
  return w;
}

// Windows of a fixed pair over [start, end].
void scan_pair(const PairGeometry& geo, const TimeGrid& grid, size_t n_samples, Instant start,
               Instant end, uint32_t a, uint32_t b, bool cross, const TerminalType& terminal,
               std::vector<LinkWindow>& out) {
  bool up = false;
  Instant rise;
  double max_range = 0.0;
  Instant prev_t = start;
  auto close = [&](Instant set) {
    LinkWindow w = make_window(a, b, cross, rise, set, rise == start, max_range, terminal);
    if (w.start < w.end) out.push_back(w);
    up = false;
  };
  for (size_t i = 0; i <= n_samples; ++i) {
    const bool at_end = i == n_samples;
    if (at_end && prev_t == end) break;  // the last sample was the end itself
    const Instant t = at_end ? end : grid.time(i);
    double range = 0.0;
    const bool ok = at_end ? geo.feasible_at(a, b, t, cross, range)
                           : geo.feasible_sample(a, b, i, cross, range);
    if (ok && !up) {
      rise = i == 0 ? t : geo.refine(a, b, cross, prev_t, t, false);
      up = true;
      max_range = range;
      if (rise != t) {
        double r_rise = 0.0;
        geo.feasible_at(a, b, rise, cross, r_rise);
        max_range = std::max(max_range, r_rise);
      }
    } else if (!ok && up) {
      const Instant set = geo.refine(a, b, cross, prev_t, t, true);
      double r_set = 0.0;
      geo.feasible_at(a, b, set, cross, r_set);
      max_range = std::max(max_range, r_set);
      close(set);
    } else if (ok) {
      max_range = std::max(max_range, range);
    }
    prev_t = t;
  }
  if (up) close(end);
}

std::vector<LinkWindow> windows_for_pairs(const Ephemeris& e, std::span<const GridPair> pairs,
                                          Instant start, Instant end, const IslOptions& o) {
  const PairGeometry geo(e, o);
  const size_t n_samples = samples_until(e.grid(), end);
  std::vector<std::vector<LinkWindow>> per_pair(pairs.size());
#pragma omp parallel for schedule(dynamic, 64)
  for (size_t k = 0; k < pairs.size(); ++k) {
    scan_pair(geo, e.grid(), n_samples, start, end, pairs[k].a, pairs[k].b, pairs[k].cross_plane,
              o.terminal, per_pair[k]);
  }
  std::vector<LinkWindow> out;
  for (auto& v : per_pair) out.insert(out.end(), v.begin(), v.end());
  return out;
}

// Spatial hash of satellite positions at one instant, for neighbour searches.
class SpatialHash {
 public:
  SpatialHash(double cell_km, std::span<const Vec3> r, std::span<const char> valid)
      : cell_km_(cell_km), r_(r) {
    for (uint32_t s = 0; s < r.size(); ++s) {
      if (valid[s]) cells_[key(cell_of(r[s]))].push_back(s);
    }
  }
  double cell_km() const { return cell_km_; }
  std::array<int64_t, 3> cell_of(const Vec3& p) const {
    return {static_cast<int64_t>(std::floor(p.x / cell_km_)),
            static_cast<int64_t>(std::floor(p.y / cell_km_)),
            static_cast<int64_t>(std::floor(p.z / cell_km_))};
  }
  // Calls f(satellite) for satellites in cells at Chebyshev distance exactly `ring`.
  template <typename F>
  void visit_ring(const std::array<int64_t, 3>& c, int64_t ring, F&& f) const {
    for (int64_t dx = -ring; dx <= ring; ++dx) {
      for (int64_t dy = -ring; dy <= ring; ++dy) {
        for (int64_t dz = -ring; dz <= ring; ++dz) {
          if (std::max({std::abs(dx), std::abs(dy), std::abs(dz)}) != ring) continue;
          const auto it = cells_.find(key({c[0] + dx, c[1] + dy, c[2] + dz}));
          if (it == cells_.end()) continue;
          for (uint32_t s : it->second) f(s);
        }
      }
    }
  }

 private:
  static int64_t key(const std::array<int64_t, 3>& c) {
    constexpr int64_t kMask = (int64_t{1} << 21) - 1;  // collisions only merge cells
    return (((c[0] + 1024) & kMask) << 42) | (((c[1] + 1024) & kMask) << 21) |
           ((c[2] + 1024) & kMask);
  }
  double cell_km_;
  std::span<const Vec3> r_;
  std::unordered_map<int64_t, std::vector<uint32_t>> cells_;  // looked up only, never iterated
};

struct ActiveLink {
  uint32_t a = 0;
  uint32_t b = 0;
  Instant chosen;
  double max_range_km = 0.0;
};

std::vector<LinkWindow> nearest_windows(const Ephemeris& e, Instant start, Instant end,
                                        const IslOptions& o) {
  const PairGeometry geo(e, o);
  const size_t n = e.satellite_count();
  const size_t n_samples = samples_until(e.grid(), end);
  const size_t k_nearest =
      o.nearest_candidates > 0 ? o.nearest_candidates : static_cast<size_t>(2 * o.terminal.count);
  const double cell_km = std::min(o.terminal.max_range_km, 1000.0);
  std::vector<LinkWindow> out;
  std::vector<ActiveLink> active;
  std::vector<Vec3> r(n);
  auto close = [&](const ActiveLink& l, Instant set) {
    LinkWindow w =
        make_window(l.a, l.b, false, l.chosen, set, l.chosen == start, l.max_range_km, o.terminal);
    if (w.start < w.end) out.push_back(w);
  };
  Instant prev_t = start;
  for (size_t i = 0; i < n_samples; ++i) {
    const Instant t = e.grid().time(i);
    // Keep the links that are still feasible; close the others where they broke.
    std::vector<ActiveLink> kept;
    for (ActiveLink& l : active) {
      double range = 0.0;
      if (geo.feasible_sample(l.a, l.b, i, false, range)) {
        l.max_range_km = std::max(l.max_range_km, range);
        kept.push_back(l);
      } else {
        close(l, geo.refine(l.a, l.b, false, prev_t, t, true));
      }
    }
    active = std::move(kept);

    std::vector<int> used(n, 0);
    std::vector<CandidatePair> kept_pairs;
    for (const ActiveLink& l : active) {
      ++used[l.a];
      ++used[l.b];
      kept_pairs.push_back({0.0, l.a, l.b});
    }
    std::vector<char> valid(n);
    for (size_t s = 0; s < n; ++s) {
      valid[s] = e.valid(s, i) ? 1 : 0;
      r[s] = e.r_itrf_km(s, i);
    }
    const SpatialHash hash(cell_km, r, valid);

    std::vector<CandidatePair> candidates;
    for (uint32_t s = 0; s < n; ++s) {
      if (!valid[s] || used[s] >= o.terminal.count) continue;
      const auto cell = hash.cell_of(r[s]);
      std::vector<std::pair<double, uint32_t>> found;  // feasible neighbours
      for (int64_t ring = 0;; ++ring) {
        hash.visit_ring(cell, ring, [&](uint32_t other) {
          if (other == s || used[other] >= o.terminal.count) return;
          double range = 0.0;
          if (geo.feasible(r[s], r[other], false, range)) found.emplace_back(range, other);
        });
        const double complete_km = static_cast<double>(ring) * cell_km;
        const auto within = static_cast<size_t>(std::count_if(
            found.begin(), found.end(), [&](const auto& f) { return f.first <= complete_km; }));
        if (within >= k_nearest || complete_km >= o.terminal.max_range_km) break;
      }
      std::sort(found.begin(), found.end());
      if (found.size() > k_nearest) found.resize(k_nearest);
      for (const auto& [d, other] : found) {
        candidates.push_back({d, std::min(s, other), std::max(s, other)});
      }
    }
    for (const CandidatePair& c :
         greedy_nearest_links(n, o.terminal.count, kept_pairs, std::move(candidates))) {
      active.push_back({c.a, c.b, t, c.distance_km});
    }
    prev_t = t;
  }
  // Close what is still up at the plan's end, checking the stretch after the last sample.
  for (ActiveLink& l : active) {
    double range = 0.0;
    if (prev_t == end || geo.feasible_at(l.a, l.b, end, false, range)) {
      l.max_range_km = std::max(l.max_range_km, range);
      close(l, end);
    } else {
      close(l, geo.refine(l.a, l.b, false, prev_t, end, true));
    }
  }
  return out;
}

}  // namespace

Result<IslPolicy> parse_isl_policy(std::string_view text) {
  if (text == "none") return IslPolicy::kNone;
  if (text == "all") return IslPolicy::kAllPairs;
  if (text == "grid" || text == "+grid") return IslPolicy::kPlusGrid;
  if (text == "nearest") return IslPolicy::kNearest;
  return Error{"ISL policy '" + std::string(text) + "' is not one of none, all, grid, nearest"};
}

std::vector<GridSlot> grid_slots_from_elements(std::span<const orbit::ElementSet> sets,
                                               double plane_gap_deg) {
  std::vector<GridSlot> slots(sets.size());
  if (sets.empty()) return slots;
  Instant latest = sets[0].epoch;
  for (const auto& s : sets) latest = std::max(latest, s.epoch);
  std::vector<uint32_t> order(sets.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return std::tie(sets[x].inclination_deg, sets[x].mean_motion_rev_per_day, x) <
           std::tie(sets[y].inclination_deg, sets[y].mean_motion_rev_per_day, y);
  });
  int shell = -1;
  std::vector<std::vector<uint32_t>> shells;
  for (size_t k = 0; k < order.size(); ++k) {
    const auto& cur = sets[order[k]];
    const bool new_shell =
        k == 0 || std::abs(cur.inclination_deg - sets[order[k - 1]].inclination_deg) > 0.5 ||
        std::abs(cur.mean_motion_rev_per_day / sets[order[k - 1]].mean_motion_rev_per_day - 1.0) >
            0.002;
    if (new_shell) {
      ++shell;
      shells.emplace_back();
    }
    shells.back().push_back(order[k]);
  }
  for (size_t si = 0; si < shells.size(); ++si) {
    auto& members = shells[si];
    std::sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) {
      return std::tie(sets[x].raan_deg, x) < std::tie(sets[y].raan_deg, y);
    });
    int plane = 0;
    for (size_t k = 0; k < members.size(); ++k) {
      if (k > 0 && sets[members[k]].raan_deg - sets[members[k - 1]].raan_deg > plane_gap_deg) {
        ++plane;
      }
      slots[members[k]].plane = plane;
    }
    // Close the RAAN circle: a last plane just below 360 deg is the first plane.
    const double wrap = sets[members.front()].raan_deg + 360.0 - sets[members.back()].raan_deg;
    if (plane > 0 && wrap <= plane_gap_deg) {
      for (uint32_t m : members) {
        if (slots[m].plane == plane) slots[m].plane = 0;
      }
    }
    for (uint32_t m : members) {
      const auto& s = sets[m];
      const double dt_days = (latest - s.epoch).to_seconds() / kSecondsPerDay;
      const double u =
          s.arg_perigee_deg + s.mean_anomaly_deg + 360.0 * s.mean_motion_rev_per_day * dt_days;
      slots[m].shell = static_cast<int>(si);
      slots[m].arg_latitude_deg = std::fmod(std::fmod(u, 360.0) + 360.0, 360.0);
    }
  }
  return slots;
}

std::vector<GridPair> plus_grid_pairs(std::span<const GridSlot> slots, bool cross_plane_links) {
  std::map<std::pair<int, int>, std::vector<uint32_t>> planes;  // ordered: deterministic
  for (uint32_t i = 0; i < slots.size(); ++i) planes[{slots[i].shell, slots[i].plane}].push_back(i);
  for (auto& [key, members] : planes) {
    std::sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) {
      return std::tie(slots[x].arg_latitude_deg, x) < std::tie(slots[y].arg_latitude_deg, y);
    });
  }
  std::vector<GridPair> pairs;
  auto add = [&](uint32_t x, uint32_t y, bool cross) {
    if (x != y) pairs.push_back({std::min(x, y), std::max(x, y), cross});
  };
  for (const auto& [key, members] : planes) {
    for (size_t k = 0; k < members.size() && members.size() > 1; ++k) {
      add(members[k], members[(k + 1) % members.size()], false);
    }
  }
  if (cross_plane_links) {
    for (auto it = planes.begin(); it != planes.end(); ++it) {
      auto next = std::next(it);
      const int shell = it->first.first;
      if (next == planes.end() || next->first.first != shell) {
        // Seam: last plane of the shell back to its first, for delta shells with > 2 planes.
        auto first = planes.lower_bound({shell, std::numeric_limits<int>::min()});
        const size_t n_planes = static_cast<size_t>(std::distance(first, next));
        if (n_planes <= 2 || slots[it->second.front()].star) continue;
        next = first;
      }
      for (uint32_t x : it->second) {
        uint32_t best = next->second.front();
        double best_gap = 1e9;
        for (uint32_t y : next->second) {
          const double gap = circular_gap_deg(slots[x].arg_latitude_deg, slots[y].arg_latitude_deg);
          if (gap < best_gap) {
            best_gap = gap;
            best = y;
          }
        }
        add(x, best, true);
      }
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const GridPair& p, const GridPair& q) {
    return std::tie(p.a, p.b, p.cross_plane) < std::tie(q.a, q.b, q.cross_plane);
  });
  // A pair that is both in-plane and cross-plane (tiny shells) stays in-plane.
  pairs.erase(
      std::unique(pairs.begin(), pairs.end(),
                  [](const GridPair& p, const GridPair& q) { return p.a == q.a && p.b == q.b; }),
      pairs.end());
  return pairs;
}

std::vector<CandidatePair> greedy_nearest_links(size_t n_satellites, int terminals,
                                                std::span<const CandidatePair> kept,
                                                std::vector<CandidatePair> candidates) {
  std::vector<int> used(n_satellites, 0);
  std::vector<std::pair<uint32_t, uint32_t>> linked;
  for (const auto& k : kept) {
    ++used[k.a];
    ++used[k.b];
    linked.emplace_back(k.a, k.b);
  }
  std::sort(linked.begin(), linked.end());
  std::sort(candidates.begin(), candidates.end(),
            [](const CandidatePair& p, const CandidatePair& q) {
              return std::tie(p.distance_km, p.a, p.b) < std::tie(q.distance_km, q.a, q.b);
            });
  std::vector<CandidatePair> chosen;
  std::vector<std::pair<uint32_t, uint32_t>> chosen_keys;
  for (const CandidatePair& c : candidates) {
    if (used[c.a] >= terminals || used[c.b] >= terminals) continue;
    const std::pair<uint32_t, uint32_t> key{c.a, c.b};
    if (std::binary_search(linked.begin(), linked.end(), key)) continue;
    if (std::find(chosen_keys.begin(), chosen_keys.end(), key) != chosen_keys.end()) continue;
    ++used[c.a];
    ++used[c.b];
    chosen.push_back(c);
    chosen_keys.push_back(key);
  }
  return chosen;
}

Result<std::vector<LinkWindow>> find_link_windows(const Ephemeris& ephemeris,
                                                  std::span<const GridSlot> slots, Instant start,
                                                  Instant end, const IslOptions& options) {
  if (auto st = validate_terminal(options.terminal); !st.ok()) return st.error();
  if (end <= start) return Error{"ISL window: end must be after start"};
  if (start < ephemeris.grid().start || end > ephemeris.grid().last()) {
    return Error{"ISL window: [start, end] is not inside the ephemeris grid"};
  }
  if (!ephemeris.has_itrf_velocity()) {
    return Error{"ISL window: the ephemeris must store ITRF velocities for interpolation"};
  }
  std::vector<LinkWindow> out;
  const size_t n = ephemeris.satellite_count();
  switch (options.policy) {
    case IslPolicy::kNone:
      break;
    case IslPolicy::kAllPairs: {
      std::vector<GridPair> pairs;
      for (uint32_t a = 0; a < n; ++a) {
        for (uint32_t b = a + 1; b < n; ++b) pairs.push_back({a, b, false});
      }
      out = windows_for_pairs(ephemeris, pairs, start, end, options);
      break;
    }
    case IslPolicy::kPlusGrid: {
      if (slots.size() != n) {
        return Error{"ISL policy grid needs the plane of every satellite (" + std::to_string(n) +
                     " satellites, " + std::to_string(slots.size()) + " grid slots)"};
      }
      if (options.terminal.count < 2) break;
      const auto pairs = plus_grid_pairs(slots, options.terminal.count >= 4);
      out = windows_for_pairs(ephemeris, pairs, start, end, options);
      break;
    }
    case IslPolicy::kNearest:
      if (options.terminal.count < 1) break;
      out = nearest_windows(ephemeris, start, end, options);
      break;
  }
  std::sort(out.begin(), out.end(), [](const LinkWindow& p, const LinkWindow& q) {
    return std::tie(p.start, p.a, p.b, p.end) < std::tie(q.start, q.a, q.b, q.end);
  });
  return out;
}

}  // namespace lagrange::access
