#include "access/ephemeris.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "orbit/tle.hpp"

namespace lagrange::access {
namespace {

std::vector<orbit::Satellite> three_body_satellites() {
  auto parsed = orbit::load_tle_file(std::string(LAGRANGE_DATA_DIR) +
                                     "/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle");
  EXPECT_TRUE(parsed.ok());
  std::vector<orbit::Satellite> sats;
  if (!parsed.ok()) return sats;
  for (const auto& set : parsed->sets) sats.push_back(*orbit::Satellite::create(set));
  return sats;
}

const Instant kStart = Instant::from_unix_seconds(1782432000.0);  // 2026-06-26T00:00:00Z

TEST(TimeGrid, CoversTheWindowAndRejectsBadInput) {
  auto grid = TimeGrid::covering(kStart, kStart + Duration::seconds(125), Duration::seconds(60));
  ASSERT_TRUE(grid.ok());
  EXPECT_EQ(grid->count, 4u);
  EXPECT_EQ(grid->last(), kStart + Duration::seconds(180));
  auto exact = TimeGrid::covering(kStart, kStart + Duration::seconds(120), Duration::seconds(60));
  EXPECT_EQ(exact->count, 3u);
  EXPECT_FALSE(TimeGrid::covering(kStart, kStart - Duration::seconds(1), Duration::seconds(60)));
  EXPECT_FALSE(TimeGrid::covering(kStart, kStart, Duration{}));
}

// The batch samples must equal the scalar propagator followed by orbit::teme_to_itrf.
TEST(Ephemeris, GridSamplesMatchScalarPropagationAndFrames) {
  const TimeGrid grid{kStart, Duration::seconds(60), 200};
  EphemerisOptions options;
  options.store_teme_position = true;
  options.eop.dut1_s = 0.3;
  const Ephemeris eph = Ephemeris::compute(three_body_satellites(), grid, options);
  ASSERT_EQ(eph.satellite_count(), 12u);
  for (size_t s = 0; s < eph.satellite_count(); ++s) {
    for (size_t i = 0; i < grid.count; i += 37) {
      ASSERT_TRUE(eph.valid(s, i));
      auto exact = eph.at(s, grid.time(i));
      ASSERT_TRUE(exact.ok()) << exact.error().message;
      EXPECT_NEAR(norm(eph.r_itrf_km(s, i) - exact->itrf.r_km), 0.0, 1e-6);
      EXPECT_NEAR(norm(eph.v_itrf_km_s(s, i) - exact->itrf.v_km_s), 0.0, 1e-9);
      EXPECT_NEAR(norm(eph.r_teme_km(s, i) - exact->teme.r_km), 0.0, 1e-6);
      EXPECT_EQ(eph.r_itrf_track_km(s)[i], eph.r_itrf_km(s, i));
    }
  }
}

// Cubic Hermite between 60 s samples of a ~500 km orbit: well under 5 m and 5 mm/s.
TEST(Ephemeris, HermiteInterpolationIsMetreAccurateForLeo) {
  const TimeGrid grid{kStart, Duration::seconds(60), 100};
  const Ephemeris eph = Ephemeris::compute(three_body_satellites(), grid);
  double worst_km = 0.0;
  double worst_km_s = 0.0;
  for (size_t s = 0; s < eph.satellite_count(); ++s) {
    for (int k = 0; k < 400; ++k) {
      const Instant t = kStart + Duration::from_seconds(k * 14.85 + 0.123);
      orbit::ItrfState interpolated;
      ASSERT_TRUE(eph.interpolate_itrf(s, t, interpolated));
      auto exact = eph.at(s, t);
      ASSERT_TRUE(exact.ok());
      worst_km = std::max(worst_km, norm(interpolated.r_km - exact->itrf.r_km));
      worst_km_s = std::max(worst_km_s, norm(interpolated.v_km_s - exact->itrf.v_km_s));
    }
  }
  EXPECT_LT(worst_km, 0.005);
  EXPECT_LT(worst_km_s, 0.005);
  orbit::ItrfState out;
  EXPECT_FALSE(eph.interpolate_itrf(0, kStart - Duration::seconds(1), out));
  EXPECT_FALSE(eph.interpolate_itrf(0, grid.last() + Duration::seconds(1), out));
  EXPECT_TRUE(eph.interpolate_itrf(0, grid.last(), out));
}

}  // namespace
}  // namespace lagrange::access
