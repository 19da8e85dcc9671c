#include "orbit/frames.hpp"

#include <gtest/gtest.h>

#include <GeographicLib/Geocentric.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "core/units.hpp"
#include "orbit/sgp4.hpp"
#include "orbit/tle.hpp"

namespace lagrange::orbit {
namespace {

// Rows of a fixture CSV written by scripts/reference/frames_skyfield.py: '#' lines and the
// header skipped; the first column kept as text, the rest parsed as doubles.
struct FixtureRow {
  std::string key;
  std::vector<double> values;
};

std::vector<FixtureRow> read_fixture(const std::string& name) {
  const std::string path = std::string(LAGRANGE_DATA_DIR) + "/reference/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::vector<FixtureRow> rows;
  std::string line;
  bool header_seen = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    std::istringstream fields(line);
    FixtureRow row;
    std::getline(fields, row.key, ',');
    std::string cell;
    while (std::getline(fields, cell, ',')) row.values.push_back(std::stod(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

Instant at(const char* iso) {
  return *parse_iso8601(iso);
}

void expect_near(const Vec3& actual, const Vec3& expected, double tolerance,
                 const std::string& what) {
  EXPECT_NEAR(actual.x, expected.x, tolerance) << what;
  EXPECT_NEAR(actual.y, expected.y, tolerance) << what;
  EXPECT_NEAR(actual.z, expected.z, tolerance) << what;
}

// ---- Geodetic conversion (WGS-84 through GeographicLib) ----

TEST(Geodetic, KnownPoints) {
  const double a_km = kWgs84EquatorialRadius_km;
  const double b_km = a_km * (1.0 - kWgs84Flattening);

  Geodetic g = itrf_to_geodetic({a_km, 0.0, 0.0});
  EXPECT_NEAR(g.lat_deg, 0.0, 1e-12);
  EXPECT_NEAR(g.lon_deg, 0.0, 1e-12);
  EXPECT_NEAR(g.alt_km, 0.0, 1e-9);

  g = itrf_to_geodetic({0.0, a_km + 500.0, 0.0});
  EXPECT_NEAR(g.lat_deg, 0.0, 1e-12);
  EXPECT_NEAR(g.lon_deg, 90.0, 1e-12);
  EXPECT_NEAR(g.alt_km, 500.0, 1e-9);

  g = itrf_to_geodetic({0.0, 0.0, b_km + 1.0});
  EXPECT_NEAR(g.lat_deg, 90.0, 1e-12);
  EXPECT_NEAR(g.alt_km, 1.0, 1e-9);

  g = itrf_to_geodetic({0.0, 0.0, -b_km});
  EXPECT_NEAR(g.lat_deg, -90.0, 1e-12);
  EXPECT_NEAR(g.alt_km, 0.0, 1e-9);

  // 45 deg geodetic latitude on the ellipsoid: x = z * (1 - e^2)^-1 * ... checked through the
  // closed form of the prime-vertical radius N = a / sqrt(1 - e^2 sin^2(lat)).
  const double e2 = kWgs84Flattening * (2.0 - kWgs84Flattening);
  const double s = std::sin(deg_to_rad(45.0));
  const double n_km = a_km / std::sqrt(1.0 - e2 * s * s);
  const Vec3 r45{n_km * std::cos(deg_to_rad(45.0)), 0.0, n_km * (1.0 - e2) * s};
  g = itrf_to_geodetic(r45);
  EXPECT_NEAR(g.lat_deg, 45.0, 1e-12);
  EXPECT_NEAR(g.alt_km, 0.0, 1e-9);
  expect_near(geodetic_to_itrf({45.0, 0.0, 0.0}), r45, 1e-9, "forward at 45N");
}

TEST(Geodetic, LongitudeRangeExcludesMinus180) {
  EXPECT_DOUBLE_EQ(itrf_to_geodetic({-7000.0, 0.0, 0.0}).lon_deg, 180.0);
  EXPECT_DOUBLE_EQ(itrf_to_geodetic({-7000.0, -0.0, 0.0}).lon_deg, 180.0);
  EXPECT_NEAR(itrf_to_geodetic({-7000.0, -1e-6, 0.0}).lon_deg, -180.0, 1e-8);
  EXPECT_NEAR(itrf_to_geodetic({0.0, -7000.0, 0.0}).lon_deg, -90.0, 1e-12);
}

// Our wrapper takes km and (lat, lon, alt) ordering; GeographicLib takes metres. Any slip of
// units or argument order shows up against a direct GeographicLib call.
TEST(Geodetic, MatchesGeographicLibOnRandomPoints) {
  const GeographicLib::Geocentric& earth = GeographicLib::Geocentric::WGS84();
  Rng rng(20260626);
  for (int i = 0; i < 2000; ++i) {
    const Vec3 r_km{rng.uniform(-45000.0, 45000.0), rng.uniform(-45000.0, 45000.0),
                    rng.uniform(-45000.0, 45000.0)};
    if (norm(r_km) < 100.0) continue;  // the ellipsoid's centre has no useful geodetic form
    double lat = 0, lon = 0, h_m = 0;
    earth.Reverse(r_km.x * 1000.0, r_km.y * 1000.0, r_km.z * 1000.0, lat, lon, h_m);
    const Geodetic g = itrf_to_geodetic(r_km);
    EXPECT_DOUBLE_EQ(g.lat_deg, lat);
    EXPECT_DOUBLE_EQ(g.lon_deg, lon);
    EXPECT_NEAR(g.alt_km, h_m / 1000.0, 1e-12 * std::abs(h_m));

    const Geodetic p{rng.uniform(-90.0, 90.0), rng.uniform(-180.0, 180.0),
                     rng.uniform(-10.0, 40000.0)};
    Vec3 expected_m;
    earth.Forward(p.lat_deg, p.lon_deg, p.alt_km * 1000.0, expected_m.x, expected_m.y,
                  expected_m.z);
    expect_near(geodetic_to_itrf(p), expected_m / 1000.0, 1e-12, "forward");
  }
}

TEST(Geodetic, RoundTrip) {
  Rng rng(7);
  for (int i = 0; i < 2000; ++i) {
    const Geodetic p{rng.uniform(-89.9, 89.9), rng.uniform(-179.9, 180.0),
                     rng.uniform(-5.0, 36000.0)};
    const Geodetic back = itrf_to_geodetic(geodetic_to_itrf(p));
    EXPECT_NEAR(back.lat_deg, p.lat_deg, 1e-11);
    EXPECT_NEAR(back.lon_deg, p.lon_deg, 1e-11);
    EXPECT_NEAR(back.alt_km, p.alt_km, 1e-9);  // 1 micrometre
  }
}

// ---- TEME -> ITRF ----

TEST(TemeToItrf, RotationIsProperAndInverseRoundTrips) {
  const Instant t = at("2026-11-22T22:10:00.123Z");
  const Mat3 r = teme_to_itrf_rotation(t);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      double d = 0.0;
      for (int k = 0; k < 3; ++k) d += r.m[i][k] * r.m[j][k];
      EXPECT_NEAR(d, i == j ? 1.0 : 0.0, 1e-15);
    }
  }
  EXPECT_EQ(r.m[2][2], 1.0);  // a pure rotation about z: no polar motion

  const Vec3 r_teme_km{-1045.9, 3871.2, 5687.4};
  const ItrfState s = teme_to_itrf(r_teme_km, {1.0, 2.0, 3.0}, t);
  expect_near(itrf_to_teme_position(s.r_km, t), r_teme_km, 1e-9, "inverse");
  EXPECT_NEAR(s.r_km.z, r_teme_km.z, 0.0);
  EXPECT_NEAR(norm(s.r_km), norm(r_teme_km), 1e-9);
}

// GMST's rate, 1.00273790935... turns per UT1 day near 2000 (IAU 1982), is the classic
// 7.292115855e-5 rad/s.
TEST(TemeToItrf, EarthRotationRate) {
  EXPECT_NEAR(earth_rotation_rate_rad_s(at("2000-01-01T12:00:00Z")), 7.292115855e-5, 1e-13);
  EXPECT_NEAR(earth_rotation_rate_rad_s(at("2026-06-26T00:00:00Z")), 7.292115855e-5, 1e-13);
}

// A TEME point that does not move seen from ITRF must sweep backwards at the GMST rate: the
// velocity from the transformation equals the centred finite difference of the positions.
TEST(TemeToItrf, VelocityMatchesFiniteDifferenceOfPositions) {
  const Instant t0 = at("2026-06-26T22:27:27Z");
  const Vec3 r0_teme_km{-1045.9, 3871.2, 5687.4};
  const Vec3 v_teme_km_s{-6.0112, -4.3521, 1.8453};
  const double h_s = 0.05;  // truncation error ~ (h^2/6) 3 omega^2 |v| = 5e-11 km/s
  auto r_itrf_at = [&](double offset_s) {
    const Instant t = t0 + Duration::from_seconds(offset_s);
    return teme_to_itrf(r0_teme_km + v_teme_km_s * offset_s, v_teme_km_s, t).r_km;
  };
  const Vec3 v_fd_km_s = (r_itrf_at(h_s) - r_itrf_at(-h_s)) / (2.0 * h_s);
  const Vec3 v_km_s = teme_to_itrf(r0_teme_km, v_teme_km_s, t0).v_km_s;
  expect_near(v_km_s, v_fd_km_s, 1e-9, "finite difference");
}

TEST(TemeToItrf, Dut1ShiftsByRotationRate) {
  const Instant t = at("2026-11-22T00:00:00Z");
  const Vec3 r_teme_km{7000.0, 0.0, 0.0};
  const Vec3 a = teme_to_itrf(r_teme_km, {}, t).r_km;
  const Vec3 b = teme_to_itrf(r_teme_km, {}, t, EarthOrientation{0.4}).r_km;
  const double angle_rad = std::remainder(std::atan2(a.y, a.x) - std::atan2(b.y, b.x), kTwoPi);
  EXPECT_NEAR(angle_rad, 0.4 * earth_rotation_rate_rad_s(t), 1e-12);
}

// skyfield.sgp4lib.TEME_to_ITRF on the same states, UT1 = UTC and no polar motion.
TEST(TemeToItrf, MatchesSkyfield) {
  const std::vector<FixtureRow> rows = read_fixture("frames_teme_to_itrf_skyfield.csv");
  ASSERT_EQ(rows.size(), 7u);
  for (const FixtureRow& row : rows) {
    ASSERT_EQ(row.values.size(), 12u);
    const auto& v = row.values;
    const Instant t = at(row.key.c_str());
    const ItrfState s = teme_to_itrf({v[0], v[1], v[2]}, {v[3], v[4], v[5]}, t);
    // 1 mm, or 3e-15 relative for the state near the Moon's distance (the angle's own
    // double-precision rounding, ~1e-15 rad, is 0.4 mm there).
    const double r_tol_km = std::max(1e-6, 3e-15 * norm({v[6], v[7], v[8]}));
    expect_near(s.r_km, {v[6], v[7], v[8]}, r_tol_km, row.key + " position");
    expect_near(s.v_km_s, {v[9], v[10], v[11]}, 1e-9, row.key + " velocity");
  }
}

// The whole chain (TLE -> SGP4 -> TEME -> ITRF -> WGS-84) against skyfield's EarthSatellite
// and wgs84.geographic_position_of for the SCS-01 satellites. The fixture's timescale fixes
// Delta T so that skyfield's UT1 equals UTC, as our default EarthOrientation does; with real
// DUT1 (~0.1-0.4 s in 2026) longitudes would differ by up to ~0.002 deg.
TEST(TemeToItrf, GroundTrackMatchesSkyfield) {
  const auto parsed = load_tle_file(std::string(LAGRANGE_DATA_DIR) +
                                    "/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const std::vector<FixtureRow> rows = read_fixture("frames_groundtrack_skyfield.csv");
  ASSERT_EQ(rows.size(), 12u * 7u);
  for (const FixtureRow& row : rows) {
    const uint32_t norad = static_cast<uint32_t>(std::stoul(row.key));
    const ElementSet* set = nullptr;
    for (const ElementSet& candidate : parsed->sets) {
      if (candidate.norad_id == norad) set = &candidate;
    }
    ASSERT_NE(set, nullptr) << norad;
    const auto sat = Satellite::create(*set);
    ASSERT_TRUE(sat.ok()) << sat.error().message;
    const double minutes = row.values[0];
    const auto teme = sat->propagate_minutes(minutes);
    ASSERT_TRUE(teme.ok()) << teme.error().message;
    const Instant t = set->epoch + Duration::from_minutes(minutes);
    const Geodetic g = itrf_to_geodetic(teme_to_itrf(teme->r_km, teme->v_km_s, t).r_km);
    const std::string what = row.key + " at +" + std::to_string(minutes) + " min";
    // 1e-7 deg is 1.1 cm on the ground; both sides run the same SGP4 theory in doubles.
    EXPECT_NEAR(g.lat_deg, row.values[1], 1e-7) << what;
    EXPECT_NEAR(g.lon_deg, row.values[2], 1e-7) << what;
    EXPECT_NEAR(g.alt_km, row.values[3], 1e-5) << what;
  }
}

}  // namespace
}  // namespace lagrange::orbit
