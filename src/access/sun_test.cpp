#include "access/sun.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/units.hpp"

namespace lagrange::access {
namespace {

struct SunReference {
  Instant t;
  Vec3 gcrs_km;
  Vec3 teme_km;
};

// data/reference/sun_astropy.csv, written by scripts/reference/sun_astropy.py (astropy).
std::vector<SunReference> load_reference() {
  std::ifstream in(std::string(LAGRANGE_DATA_DIR) + "/reference/sun_astropy.csv");
  std::vector<SunReference> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string field;
    std::vector<std::string> f;
    while (std::getline(ss, field, ',')) f.push_back(field);
    if (f.size() != 7) continue;
    SunReference r;
    r.t = parse_iso8601(f[0]).value();
    r.gcrs_km = {std::stod(f[1]), std::stod(f[2]), std::stod(f[3])};
    r.teme_km = {std::stod(f[4]), std::stod(f[5]), std::stod(f[6])};
    rows.push_back(r);
  }
  return rows;
}

double angle_deg(const Vec3& a, const Vec3& b) {
  return rad_to_deg(std::atan2(norm(cross(a, b)), dot(a, b)));
}

TEST(SunTest, GcrsDirectionMatchesAstropyGetSun) {
  const auto rows = load_reference();
  ASSERT_GE(rows.size(), 5u);
  for (const auto& r : rows) {
    const Vec3 sun = sun_position_gcrs_km(r.t);
    EXPECT_LT(angle_deg(sun, r.gcrs_km), 0.01) << format_iso8601(r.t);
    EXPECT_NEAR(norm(sun) / norm(r.gcrs_km), 1.0, 1e-5) << format_iso8601(r.t);
  }
}

TEST(SunTest, TemeDirectionMatchesAstropyTeme) {
  for (const auto& r : load_reference()) {
    const Vec3 sun = sun_position_teme_km(r.t);
    EXPECT_LT(angle_deg(sun, r.teme_km), 0.01) << format_iso8601(r.t);
  }
}

TEST(SunTest, TemeDiffersFromGcrsByPrecessionSinceJ2000) {
  // ~ 50.3"/yr of general precession: 26.5 years after J2000 is ~ 0.37 deg, which a shadow
  // model must not ignore (the Sun moves ~ 0.04 deg per minute of orbit time at LEO speeds).
  const Instant t = parse_iso8601("2026-06-26T12:00:00Z").value();
  const double offset_deg = angle_deg(sun_position_gcrs_km(t), sun_position_teme_km(t));
  EXPECT_GT(offset_deg, 0.2);
  EXPECT_LT(offset_deg, 0.45);
}

}  // namespace
}  // namespace lagrange::access
