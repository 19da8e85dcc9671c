#include "access/isl.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "access/terminals.hpp"
#include "core/units.hpp"

namespace lagrange::access {
namespace {

constexpr double kRe = kWgs84EquatorialRadius_km;
constexpr double kRp = kRe * (1.0 - kWgs84Flattening);  // polar radius

TEST(IslGeometryTest, ClosestApproachOfSegmentToCentre) {
  // Two satellites at 550 km, symmetric about the x axis: the lowest point is the chord's
  // midpoint, at r*cos(half angle) from the centre (hand geometry).
  const double r = kRe + 550.0;
  for (double half_deg : {5.0, 15.0, 20.0, 22.0, 30.0}) {
    const double h = deg_to_rad(half_deg);
    const Vec3 a{r * std::cos(h), r * std::sin(h), 0.0};
    const Vec3 b{r * std::cos(h), -r * std::sin(h), 0.0};
    EXPECT_NEAR(segment_min_altitude_km(a, b, false), r * std::cos(h) - kRe, 1e-9) << half_deg;
    EXPECT_NEAR(segment_min_altitude_km(a, b, true), r * std::cos(h) - kRe, 1e-9) << half_deg;
  }
  // When the foot of the perpendicular lies outside the segment, the nearer end is lowest.
  const Vec3 a{r, 0.0, 0.0};
  const Vec3 b{r + 1000.0, 10.0, 0.0};
  EXPECT_NEAR(segment_min_altitude_km(a, b, false), 550.0, 1e-9);
}

TEST(IslGeometryTest, GrazingHeightDecidesLineOfSight) {
  // Maximum separation with the chord's midpoint exactly 80 km up: cos(h) = (Re+80)/r.
  const double r = kRe + 550.0;
  const double h_limit = std::acos((kRe + 80.0) / r);
  auto pair = [&](double h) {
    return std::pair{Vec3{r * std::cos(h), r * std::sin(h), 0.0},
                     Vec3{r * std::cos(h), -r * std::sin(h), 0.0}};
  };
  const LinkGeometryOptions sphere{.min_altitude_km = 80.0, .oblate = false};
  auto [a1, b1] = pair(h_limit - 1e-4);
  EXPECT_TRUE(has_line_of_sight(a1, b1, sphere));
  auto [a2, b2] = pair(h_limit + 1e-4);
  EXPECT_FALSE(has_line_of_sight(a2, b2, sphere));
  // Straight through the Earth.
  EXPECT_FALSE(has_line_of_sight(Vec3{r, 0, 0}, Vec3{-r, 0, 0}, sphere));
  EXPECT_LT(segment_min_altitude_km(Vec3{r, 0, 0}, Vec3{-r, 0, 0}, false), -kRe + 1e-6);
}

TEST(IslGeometryTest, EllipsoidIsThinnerOverThePoles) {
  // A chord whose midpoint sits over the north pole at 100 km above the polar radius: on
  // the ellipsoid it clears 100 km (to 0.3 %), on the sphere of the equatorial radius only
  // ~ 79 km.
  const double z = kRp + 100.0;
  const Vec3 a{-2000.0, 0.0, z};
  const Vec3 b{2000.0, 0.0, z};
  EXPECT_NEAR(segment_min_altitude_km(a, b, true), 100.0, 0.5);
  EXPECT_NEAR(segment_min_altitude_km(a, b, false), 100.0 - (kRe - kRp), 1e-6);
}

TEST(IslGeometryTest, LightTime) {
  EXPECT_NEAR(one_way_light_time_s(299792.458), 1.0, 1e-15);
  EXPECT_NEAR(one_way_light_time_s(5400.0), 0.018013, 1e-6);
}

TEST(TerminalTest, DeratingIsInverseSquareAboveReferenceCappedAtNominal) {
  TerminalType t;
  EXPECT_EQ(t.rate_at_range_bps(5000.0), 100e9);
  t.derate_reference_range_km = 2000.0;
  EXPECT_EQ(t.rate_at_range_bps(1000.0), 100e9);
  EXPECT_EQ(t.rate_at_range_bps(2000.0), 100e9);
  EXPECT_NEAR(t.rate_at_range_bps(4000.0), 25e9, 1.0);
  EXPECT_TRUE(validate_terminal(t).ok());
  t.max_range_km = -1.0;
  ASSERT_FALSE(validate_terminal(t).ok());
  EXPECT_NE(validate_terminal(t).error().message.find("max_range_km"), std::string::npos);
}

}  // namespace
}  // namespace lagrange::access
