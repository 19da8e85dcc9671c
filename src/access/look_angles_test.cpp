#include "access/look_angles.hpp"

#include <gtest/gtest.h>

#include <GeographicLib/LocalCartesian.hpp>
#include <cmath>

#include "core/random.hpp"
#include "core/units.hpp"

namespace lagrange::access {
namespace {

TEST(LookAngles, OverheadPointIsAtZenithAtItsHeight) {
  const orbit::Geodetic site{78.2298, 15.4078, 0.48};
  const Topocentric topo(site);
  orbit::ItrfState sat;
  sat.r_km = orbit::geodetic_to_itrf({site.lat_deg, site.lon_deg, 550.48});
  const LookAngles look = topo.look(sat);
  EXPECT_NEAR(look.elevation_deg, 90.0, 1e-6);
  EXPECT_NEAR(look.range_km, 550.0, 1e-6);
}

TEST(LookAngles, HorizontalDirectionsGiveCompassAzimuths) {
  const orbit::Geodetic site{39.5, 76.0, 1.3};
  const Topocentric topo(site);
  const GeographicLib::LocalCartesian enu(site.lat_deg, site.lon_deg, site.alt_km * 1000.0);
  const struct {
    double east_m, north_m;
    double azimuth_deg;
  } cases[] = {{0, 1e5, 0.0}, {1e5, 0, 90.0}, {0, -1e5, 180.0}, {-1e5, 0, 270.0}};
  for (const auto& c : cases) {
    double lat = 0, lon = 0, h_m = 0;
    enu.Reverse(c.east_m, c.north_m, 0.0, lat, lon, h_m);
    orbit::ItrfState sat;
    sat.r_km = orbit::geodetic_to_itrf({lat, lon, h_m / 1000.0});
    const LookAngles look = topo.look(sat);
    EXPECT_NEAR(look.azimuth_deg, c.azimuth_deg, 1e-6);
    EXPECT_NEAR(look.elevation_deg, 0.0, 1e-6);
    EXPECT_NEAR(look.range_km, 100.0, 1e-6);
  }
}

// GeographicLib's LocalCartesian (ENU on the WGS-84 ellipsoid normal) is an independent
// oracle for the whole conversion at random sites and satellite positions.
TEST(LookAngles, MatchesGeographicLibLocalCartesian) {
  Rng rng(20261122);
  for (int i = 0; i < 200; ++i) {
    const orbit::Geodetic site{rng.uniform(-89.0, 89.0), rng.uniform(-180.0, 180.0),
                               rng.uniform(-0.1, 4.0)};
    const Topocentric topo(site);
    orbit::ItrfState sat;
    sat.r_km = orbit::geodetic_to_itrf(
        {rng.uniform(-89.0, 89.0), rng.uniform(-180.0, 180.0), rng.uniform(300.0, 2000.0)});
    sat.v_km_s = {rng.uniform(-7.0, 7.0), rng.uniform(-7.0, 7.0), rng.uniform(-7.0, 7.0)};
    const GeographicLib::LocalCartesian enu(site.lat_deg, site.lon_deg, site.alt_km * 1000.0);
    double e = 0, n = 0, u = 0;
    const orbit::Geodetic g = orbit::itrf_to_geodetic(sat.r_km);
    enu.Forward(g.lat_deg, g.lon_deg, g.alt_km * 1000.0, e, n, u);
    const double range_m = std::sqrt(e * e + n * n + u * u);
    double azimuth_deg = rad_to_deg(std::atan2(e, n));
    if (azimuth_deg < 0) azimuth_deg += 360.0;
    const LookAngles look = topo.look(sat);
    EXPECT_NEAR(look.range_km, range_m / 1000.0, 1e-6);
    EXPECT_NEAR(look.elevation_deg, rad_to_deg(std::asin(u / range_m)), 1e-7);
    if (std::abs(look.elevation_deg) < 89.0) {
      EXPECT_NEAR(std::remainder(look.azimuth_deg - azimuth_deg, 360.0), 0.0, 1e-6);
    }
    EXPECT_GE(look.azimuth_deg, 0.0);
    EXPECT_LT(look.azimuth_deg, 360.0);
  }
}

// Range rate and the elevation rate against finite differences of straight-line motion.
TEST(LookAngles, RatesMatchFiniteDifferences) {
  const orbit::Geodetic site{-25.89, 27.69, 1.415};
  const Topocentric topo(site);
  const Vec3 r0 = orbit::geodetic_to_itrf({-20.0, 30.0, 550.0});
  const Vec3 v{-3.0, 5.5, 4.0};
  orbit::ItrfState sat{r0, v};
  const double dt = 1e-3;
  const LookAngles before = topo.look({r0 - v * dt, v});
  const LookAngles after = topo.look({r0 + v * dt, v});
  EXPECT_NEAR(topo.look(sat).range_rate_km_s, (after.range_km - before.range_km) / (2 * dt), 1e-6);
  double sin_el = 0, sin_el_rate = 0;
  topo.sin_elevation_and_rate(r0, v, sin_el, sin_el_rate);
  EXPECT_NEAR(sin_el, std::sin(deg_to_rad(topo.look(sat).elevation_deg)), 1e-12);
  const double fd = (topo.sin_elevation(r0 + v * dt) - topo.sin_elevation(r0 - v * dt)) / (2 * dt);
  EXPECT_NEAR(sin_el_rate, fd, 1e-9);
}

}  // namespace
}  // namespace lagrange::access
