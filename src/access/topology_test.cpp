#include "access/topology.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/units.hpp"
#include "orbit/walker.hpp"

namespace lagrange::access {
namespace {

const Instant kStart = Instant::from_unix_seconds(1782518400.0);  // 2026-06-27T00:00:00Z

struct TestConstellation {
  std::vector<orbit::WalkerSatellite> walker;
  std::vector<GridSlot> slots;
  Ephemeris ephemeris;
};

TestConstellation make(const std::string& spec, Duration window) {
  const auto shells = orbit::parse_walker_spec(spec).value();
  TestConstellation c{orbit::generate_walker(shells, kStart), {}, {}};
  std::vector<orbit::Satellite> sats;
  for (const auto& w : c.walker) {
    c.slots.push_back({w.shell, w.plane, w.elements.mean_anomaly_deg,
                       shells[0].pattern == orbit::WalkerPattern::kStar});
    sats.push_back(orbit::Satellite::create(w.elements).value());
  }
  const auto grid = TimeGrid::covering(kStart, kStart + window, Duration::seconds(60)).value();
  c.ephemeris = Ephemeris::compute(std::move(sats), grid);
  return c;
}

std::map<uint32_t, int> degrees(const std::vector<GridPair>& pairs) {
  std::map<uint32_t, int> d;
  for (const auto& p : pairs) {
    ++d[p.a];
    ++d[p.b];
  }
  return d;
}

TEST(PlusGridTest, EverySatelliteHasFourNeighboursInDeltaShell) {
  const auto c =
      orbit::generate_walker(orbit::parse_walker_spec("53:24/3/1@700km").value(), kStart);
  std::vector<GridSlot> slots;
  for (const auto& w : c) slots.push_back({w.shell, w.plane, w.elements.mean_anomaly_deg, false});
  const auto pairs = plus_grid_pairs(slots, true);
  EXPECT_EQ(pairs.size(), 48u);  // 24 in-plane ring links + 24 cross-plane (seam closed)
  for (const auto& [sat, d] : degrees(pairs)) EXPECT_EQ(d, 4) << sat;
  size_t in_plane = 0;
  for (const auto& p : pairs) {
    EXPECT_LT(p.a, p.b);
    if (!p.cross_plane) {
      ++in_plane;
      EXPECT_EQ(c[p.a].plane, c[p.b].plane);
      const int gap = std::abs(c[p.a].slot - c[p.b].slot);
      EXPECT_TRUE(gap == 1 || gap == 7) << p.a << "-" << p.b;
    } else {
      EXPECT_NE(c[p.a].plane, c[p.b].plane);
    }
  }
  EXPECT_EQ(in_plane, 24u);
  EXPECT_EQ(plus_grid_pairs(slots, false).size(), 24u);
}

TEST(PlusGridTest, StarShellLeavesTheSeamOpen) {
  const auto c =
      orbit::generate_walker(orbit::parse_walker_spec("star:88:24/3/1@700km").value(), kStart);
  std::vector<GridSlot> slots;
  for (const auto& w : c) slots.push_back({w.shell, w.plane, w.elements.mean_anomaly_deg, true});
  const auto pairs = plus_grid_pairs(slots, true);
  EXPECT_EQ(pairs.size(), 24u + 16u);
  for (const auto& p : pairs) {
    if (p.cross_plane) {
      EXPECT_EQ(std::abs(c[p.a].plane - c[p.b].plane), 1);
    }
  }
}

TEST(GridSlotsTest, PlanesRecoveredFromElements) {
  const auto c = orbit::generate_walker(
      orbit::parse_walker_spec("53:24/3/1@700km,97.6:12/2/1@560km").value(), kStart);
  std::vector<orbit::ElementSet> sets;
  for (const auto& w : c) sets.push_back(w.elements);
  const auto slots = grid_slots_from_elements(sets);
  // Same partition into (shell, plane) as the generator (labels may differ).
  std::map<std::pair<int, int>, std::pair<int, int>> label;
  for (size_t i = 0; i < c.size(); ++i) {
    const auto key = std::pair{c[i].shell, c[i].plane};
    const auto derived = std::pair{slots[i].shell, slots[i].plane};
    auto [it, inserted] = label.emplace(key, derived);
    EXPECT_EQ(it->second, derived) << i;
    EXPECT_NEAR(slots[i].arg_latitude_deg, c[i].elements.mean_anomaly_deg, 1e-9);
  }
  EXPECT_EQ(label.size(), 5u);
}

TEST(GreedyNearestTest, NearestPairsFirstWithinTerminalLimits) {
  // Satellites 0..3; pairs by distance: (1,2) 10, (0,1) 20, (2,3) 20, (0,3) 30, (0,2) 40.
  std::vector<CandidatePair> candidates{
      {40.0, 0, 2}, {20.0, 2, 3}, {10.0, 1, 2}, {30.0, 0, 3}, {20.0, 0, 1}};
  auto one = greedy_nearest_links(4, 1, {}, candidates);
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[0].a, 1u);  // (1,2) nearest
  EXPECT_EQ(one[0].b, 2u);
  EXPECT_EQ(one[1].a, 0u);  // then (0,3): (0,1) and (2,3) need busy terminals
  EXPECT_EQ(one[1].b, 3u);
  // Two terminals each: (1,2), then the tie (0,1) before (2,3) by index, then (0,3).
  auto two = greedy_nearest_links(4, 2, {}, candidates);
  ASSERT_EQ(two.size(), 4u);
  EXPECT_EQ(std::pair(two[1].a, two[1].b), std::pair(0u, 1u));
  EXPECT_EQ(std::pair(two[2].a, two[2].b), std::pair(2u, 3u));
  EXPECT_EQ(std::pair(two[3].a, two[3].b), std::pair(0u, 3u));
  // Kept links use terminals and are not chosen again.
  std::vector<CandidatePair> kept{{0.0, 0, 3}};
  auto with_kept = greedy_nearest_links(4, 1, kept, candidates);
  ASSERT_EQ(with_kept.size(), 1u);
  EXPECT_EQ(std::pair(with_kept[0].a, with_kept[0].b), std::pair(1u, 2u));
}

double abs_lat_deg(const Ephemeris& e, uint32_t sat, Instant t) {
  const Vec3 r = e.at(sat, t).value().itrf.r_km;
  return std::abs(rad_to_deg(std::asin(r.z / norm(r))));
}

TEST(LinkWindowsTest, PlusGridCrossPlaneLinksFollowTheLatitudeCut) {
  // 8 planes of 12 at 700 km: in-plane neighbours 30 deg apart (3,664 km), planes 45 deg
  // apart in RAAN (<= 5,417 km at the equator, the chord 161 km up).
  const auto c = make("53:96/8/1@700km", Duration::hours(3));
  IslOptions o;
  o.policy = IslPolicy::kPlusGrid;
  o.terminal.max_range_km = 6000.0;
  o.cross_plane_max_abs_latitude_deg = 45.0;
  const Instant end = kStart + Duration::hours(3);
  auto windows = find_link_windows(c.ephemeris, c.slots, kStart, end, o);
  ASSERT_TRUE(windows.ok()) << windows.error().message;
  size_t in_plane = 0;
  size_t reacquired = 0;
  for (const auto& w : *windows) {
    EXPECT_LT(w.start, w.end);
    if (!w.cross_plane) {
      // 8 per plane at 700 km: 45 deg apart, the chord clears 161 km, always in view.
      EXPECT_EQ(w.start, kStart);
      EXPECT_EQ(w.end, end);
      ++in_plane;
      continue;
    }
    if (w.start == kStart) continue;
    // Acquisition began when the higher of the two came below 45 deg.
    const Instant feasible_from = w.start - o.terminal.acquisition;
    const double lat = std::max(abs_lat_deg(c.ephemeris, w.a, feasible_from),
                                abs_lat_deg(c.ephemeris, w.b, feasible_from));
    EXPECT_NEAR(lat, 45.0, 1e-3);
    if (w.end != end) {
      const double lat_end =
          std::max(abs_lat_deg(c.ephemeris, w.a, w.end), abs_lat_deg(c.ephemeris, w.b, w.end));
      EXPECT_NEAR(lat_end, 45.0, 1e-3);
    }
    ++reacquired;
  }
  EXPECT_EQ(in_plane, 96u);
  EXPECT_GT(reacquired, 96u);  // ~ 2 re-acquisitions per orbit, ~ 1.8 orbits

  // A long acquisition time swallows the short windows, never lengthens one.
  o.terminal.acquisition = Duration::minutes(30);
  auto slow = find_link_windows(c.ephemeris, c.slots, kStart, end, o).value();
  EXPECT_LT(slow.size(), windows->size());
  for (const auto& w : slow) EXPECT_LT(w.start, w.end);
}

TEST(LinkWindowsTest, NearestPolicyRespectsTerminalCountAndIsDeterministic) {
  const auto c = make("53:24/3/1@700km", Duration::hours(2));
  IslOptions o;
  o.policy = IslPolicy::kNearest;
  o.terminal.count = 2;
  o.terminal.max_range_km = 4000.0;
  const Instant end = kStart + Duration::hours(2);
  auto windows = find_link_windows(c.ephemeris, {}, kStart, end, o);
  ASSERT_TRUE(windows.ok()) << windows.error().message;
  ASSERT_FALSE(windows->empty());
  for (Instant t = kStart; t < end; t += Duration::seconds(30)) {
    std::map<uint32_t, int> in_use;
    for (const auto& w : *windows) {
      if (w.start <= t && t < w.end) {
        ++in_use[w.a];
        ++in_use[w.b];
      }
    }
    for (const auto& [sat, n] : in_use) EXPECT_LE(n, 2) << sat << " at " << format_iso8601(t);
  }
  for (const auto& w : *windows) EXPECT_LE(w.max_range_km, 4000.0 + 1e-6);
  auto again = find_link_windows(c.ephemeris, {}, kStart, end, o).value();
  ASSERT_EQ(again.size(), windows->size());
  for (size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i].a, (*windows)[i].a);
    EXPECT_EQ(again[i].start, (*windows)[i].start);
    EXPECT_EQ(again[i].end, (*windows)[i].end);
  }
}

TEST(LinkWindowsTest, AllPairsMatchesBruteForceSampling) {
  const auto c = make("53:24/3/1@700km", Duration::hours(1));
  IslOptions o;
  o.policy = IslPolicy::kAllPairs;
  o.terminal.acquisition = Duration{};
  const Instant end = kStart + Duration::hours(1);
  const auto windows = find_link_windows(c.ephemeris, {}, kStart, end, o).value();
  // At sample instants a pair is in some window exactly when it is feasible (brute force).
  for (size_t i = 0; i < c.ephemeris.grid().count; i += 7) {
    const Instant t = c.ephemeris.grid().time(i);
    if (t >= end) break;
    for (uint32_t a = 0; a < 24; ++a) {
      for (uint32_t b = a + 1; b < 24; ++b) {
        const Vec3 ra = c.ephemeris.r_itrf_km(a, i);
        const Vec3 rb = c.ephemeris.r_itrf_km(b, i);
        const bool feasible =
            norm(rb - ra) <= o.terminal.max_range_km && has_line_of_sight(ra, rb, o.geometry);
        bool in_window = false;
        for (const auto& w : windows) {
          in_window |= w.a == a && w.b == b && w.start <= t && t < w.end;
        }
        EXPECT_EQ(in_window, feasible) << a << "-" << b << " at sample " << i;
      }
    }
  }
}

TEST(LinkWindowsTest, RejectsBadInputs) {
  const auto c = make("53:24/3/1@700km", Duration::hours(1));
  IslOptions o;
  EXPECT_FALSE(find_link_windows(c.ephemeris, {}, kStart, kStart + Duration::hours(1), o).ok());
  EXPECT_FALSE(
      find_link_windows(c.ephemeris, c.slots, kStart, kStart + Duration::hours(5), o).ok());
  o.terminal.rate_bps = 0.0;
  EXPECT_FALSE(
      find_link_windows(c.ephemeris, c.slots, kStart, kStart + Duration::hours(1), o).ok());
  EXPECT_FALSE(parse_isl_policy("mesh").ok());
  EXPECT_EQ(parse_isl_policy("+grid").value(), IslPolicy::kPlusGrid);
}

}  // namespace
}  // namespace lagrange::access
