#include "orbit/walker.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace lagrange::orbit {
namespace {

TEST(WalkerSpecTest, ParsesDeltaAndStarShells) {
  auto shells = parse_walker_spec("53:1584/72/17@550km,star:97.6:348/6/1@560");
  ASSERT_TRUE(shells.ok()) << shells.error().message;
  ASSERT_EQ(shells->size(), 2u);
  EXPECT_EQ((*shells)[0].pattern, WalkerPattern::kDelta);
  EXPECT_DOUBLE_EQ((*shells)[0].inclination_deg, 53.0);
  EXPECT_EQ((*shells)[0].total, 1584);
  EXPECT_EQ((*shells)[0].planes, 72);
  EXPECT_EQ((*shells)[0].phasing, 17);
  EXPECT_DOUBLE_EQ((*shells)[0].altitude_km, 550.0);
  EXPECT_EQ((*shells)[1].pattern, WalkerPattern::kStar);
  EXPECT_EQ(format_walker_shell((*shells)[1]), "star:97.6:348/6/1@560km");
}

TEST(WalkerSpecTest, RejectsBadShellsWithReason) {
  for (const char* bad : {"53:1584/71/17@550km", "53:1584/72/72@550km", "53:1584/72@550km",
                          "abc:10/2/1@550km", "53:10/2/1@-5km", "53:10/2/1", "nonsense"}) {
    auto r = parse_walker_spec(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_FALSE(r.error().message.empty());
  }
  EXPECT_NE(parse_walker_spec("53:1584/71/17@550km").error().message.find("divisible"),
            std::string::npos);
}

TEST(WalkerPresetTest, StarlinkHasFccTotals) {
  auto shells = parse_walker_spec("starlink");
  ASSERT_TRUE(shells.ok());
  int total = 0;
  for (const auto& s : *shells) total += s.total;
  EXPECT_EQ(total, 4408);
  auto sc = walker_preset("star-compute");
  ASSERT_TRUE(sc.ok());
  total = 0;
  for (const auto& s : *sc) total += s.total;
  EXPECT_EQ(total, 2800);
}

TEST(WalkerGenerateTest, MeanMotionFollowsKeplerThirdLaw) {
  // Independent: period of a 550 km circular orbit, 2*pi*sqrt(a^3/mu) = 95.65 min (WGS-72).
  const double n = circular_mean_motion_rev_per_day(550.0);
  EXPECT_NEAR(1440.0 / n, 95.65, 0.01);
}

TEST(WalkerGenerateTest, PlanesAndPhasingFollowWalker) {
  const Instant epoch = Instant::from_unix_seconds(1782475200.0);
  auto shells = parse_walker_spec("60:12/3/1@700km").value();
  const auto sats = generate_walker(shells, epoch);
  ASSERT_EQ(sats.size(), 12u);
  // Plane p, slot k: RAAN = 120 p, u = 90 k + 30 p (F*360/T = 30).
  for (const auto& s : sats) {
    EXPECT_DOUBLE_EQ(s.elements.raan_deg, 120.0 * s.plane);
    EXPECT_NEAR(s.elements.mean_anomaly_deg, std::fmod(90.0 * s.slot + 30.0 * s.plane, 360.0),
                1e-12);
    EXPECT_EQ(s.elements.eccentricity, 0.0);
    EXPECT_EQ(s.elements.bstar_per_earth_radii, 0.0);
    EXPECT_EQ(s.elements.epoch, epoch);
  }
  EXPECT_EQ(sats[5].plane, 1);
  EXPECT_EQ(sats[5].slot, 1);
  EXPECT_EQ(sats[5].elements.norad_id, kFirstSyntheticNoradId + 5);
  auto star = generate_walker(parse_walker_spec("star:90:12/3/0@700km").value(), epoch);
  EXPECT_DOUBLE_EQ(star[4].elements.raan_deg, 60.0);
}

// Regression (issue: a Walker shell of 10^8 satellites aborted with bad_alloc).
TEST(Walker, RegressionHundredMillionSatellitesIsAnErrorNotBadAlloc) {
  auto huge = parse_walker_spec("53:100000000/1000/1@550km");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message.find("100000000 satellites is more than the 1000000"),
            std::string::npos)
      << huge.error().message;
  EXPECT_FALSE(parse_walker_spec("53:600000/600/1@550km,60:600000/600/1@560km").ok());
  EXPECT_TRUE(parse_walker_spec("53:1000000/1000/1@550km").ok());
}

}  // namespace
}  // namespace lagrange::orbit
