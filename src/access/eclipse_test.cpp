#include "access/eclipse.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "access/sun.hpp"
#include "core/units.hpp"

namespace lagrange::access {
namespace {

constexpr double kMu_km3_s2 = 398600.4418;
constexpr double kRe_km = kWgs84EquatorialRadius_km;

const Instant kT0 = Instant::from_unix_seconds(1782475200.0);  // 2026-06-26T12:00:00Z

ShadowModel sphere() {
  return ShadowModel{.oblate = false};
}

// A Keplerian circular orbit whose plane makes angle beta with the Sun direction at kT0.
struct CircularOrbit {
  double radius_km;
  double beta_deg;
  Vec3 e1, e2;
  double rate_rad_s;

  CircularOrbit(double altitude_km, double beta) : radius_km(kRe_km + altitude_km), beta_deg(beta) {
    const Vec3 s = normalized(sun_position_teme_km(kT0));
    const Vec3 a = normalized(cross(s, Vec3{0, 0, 1}));
    const Vec3 b = cross(a, s);
    const Vec3 n = s * std::sin(deg_to_rad(beta)) + b * std::cos(deg_to_rad(beta));
    e1 = a;
    e2 = cross(n, e1);
    rate_rad_s = std::sqrt(kMu_km3_s2 / (radius_km * radius_km * radius_km));
  }
  Vec3 at(Instant t) const {
    const double th = rate_rad_s * (t - kT0).to_seconds();
    return (e1 * std::cos(th) + e2 * std::sin(th)) * radius_km;
  }
  double period_s() const { return kTwoPi / rate_rad_s; }
};

std::vector<EclipseInterval> eclipses_of(const CircularOrbit& orbit, Duration window, Duration step,
                                         const ShadowModel& model) {
  std::vector<Instant> grid;
  std::vector<Vec3> r;
  for (Instant t = kT0; t <= kT0 + window; t += step) {
    grid.push_back(t);
    r.push_back(orbit.at(t));
  }
  const SunTable sun(kT0, kT0 + window, Duration::minutes(1));
  return find_eclipses(7, grid, r, [&](Instant t) { return orbit.at(t); }, sun, {.model = model});
}

TEST(ShadowGeometryTest, BehindEarthOnSunLineIsUmbra) {
  const Vec3 s = sun_position_teme_km(kT0);
  const Vec3 r = normalized(s) * -7000.0;
  EXPECT_EQ(illuminated_fraction(r, s, sphere()), 0.0);
  EXPECT_EQ(illuminated_fraction(r, s), 0.0);
  EXPECT_LT(shadow_geometry(r, s).umbra_margin_rad(), 0.0);
}

TEST(ShadowGeometryTest, SunwardIsLit) {
  const Vec3 s = sun_position_teme_km(kT0);
  EXPECT_EQ(illuminated_fraction(normalized(s) * 7000.0, s), 1.0);
  // Over the terminator, a satellite 500 km up still sees the Sun.
  const Vec3 side = normalized(cross(s, Vec3{0, 0, 1})) * 6900.0;
  EXPECT_EQ(illuminated_fraction(side, s), 1.0);
}

// Walks across the shadow behind the Earth: r = -d*s_hat + p*u_hat for growing p.
TEST(ShadowGeometryTest, FractionIsContinuousAcrossBoundaries) {
  const Vec3 s = sun_position_teme_km(kT0);
  const Vec3 s_hat = normalized(s);
  const Vec3 u_hat = normalized(cross(s_hat, Vec3{0, 0, 1}));
  auto pos = [&](double p) { return s_hat * -3000.0 + u_hat * p; };
  auto boundary = [&](auto margin) {  // bisection on p for margin = 0
    double lo = 0.0, hi = 8000.0;
    for (int i = 0; i < 200; ++i) {
      const double mid = 0.5 * (lo + hi);
      (margin(shadow_geometry(pos(mid), s, sphere())) < 0.0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  };
  const double p_umbra = boundary([](const ShadowGeometry& g) { return g.umbra_margin_rad(); });
  const double p_pen = boundary([](const ShadowGeometry& g) { return g.penumbra_margin_rad(); });
  ASSERT_LT(p_umbra, p_pen);
  // Cone geometry: the penumbra at 3000 km behind is ~ 2 * 3000 * tan(0.267 deg) ~ 28 km wide.
  EXPECT_NEAR(p_pen - p_umbra, 2.0 * 3000.0 * std::tan(deg_to_rad(0.267)), 3.0);
  EXPECT_NEAR(illuminated_fraction(pos(p_umbra + 1e-6), s, sphere()), 0.0, 1e-3);
  EXPECT_NEAR(illuminated_fraction(pos(p_pen - 1e-6), s, sphere()), 1.0, 1e-3);
  EXPECT_EQ(illuminated_fraction(pos(p_umbra - 0.1), s, sphere()), 0.0);
  EXPECT_EQ(illuminated_fraction(pos(p_pen + 0.1), s, sphere()), 1.0);
  double previous = 0.0;
  for (double p = p_umbra; p <= p_pen; p += 0.5) {
    const double f = illuminated_fraction(pos(p), s, sphere());
    EXPECT_GE(f, previous - 1e-12);
    previous = f;
  }
  // Halfway across, about half the disc shows (symmetric overlap).
  EXPECT_NEAR(illuminated_fraction(pos(0.5 * (p_umbra + p_pen)), s, sphere()), 0.5, 0.02);
}

TEST(EclipseSearchTest, BetaZeroMatchesCylindricalShadowDuration) {
  const CircularOrbit orbit(550.0, 0.0);
  const auto eclipses = eclipses_of(orbit, Duration::minutes(100), Duration::seconds(30), sphere());
  // The orbit starts over the terminator (angle 0 is perpendicular to the Sun): one eclipse,
  // as penumbra, umbra, penumbra.
  ASSERT_EQ(eclipses.size(), 3u);
  EXPECT_EQ(eclipses[0].kind, ShadowKind::kPenumbra);
  EXPECT_EQ(eclipses[1].kind, ShadowKind::kUmbra);
  EXPECT_EQ(eclipses[2].kind, ShadowKind::kPenumbra);
  EXPECT_EQ(eclipses[0].end, eclipses[1].start);
  EXPECT_EQ(eclipses[1].end, eclipses[2].start);
  EXPECT_EQ(eclipses[1].satellite, 7u);
  EXPECT_NEAR(eclipses[0].min_illuminated_fraction, 0.0, 1e-3);
  // Cylindrical shadow: in shadow while r*sin(angle from anti-Sun) < Re.
  const double cylinder_s =
      orbit.period_s() * std::asin(kRe_km / orbit.radius_km) / kPi;  // ~ 35.6 min
  const double mid_penumbra_s = ((eclipses[2].start + (eclipses[2].end - eclipses[2].start) / 2) -
                                 (eclipses[0].start + (eclipses[0].end - eclipses[0].start) / 2))
                                    .to_seconds();
  EXPECT_NEAR(mid_penumbra_s, cylinder_s, 3.0);
  const double umbra_s = (eclipses[1].end - eclipses[1].start).to_seconds();
  EXPECT_LT(umbra_s, cylinder_s);
  EXPECT_GT(umbra_s, cylinder_s - 15.0);
  const double penumbra_s = (eclipses[0].end - eclipses[0].start).to_seconds();
  EXPECT_GT(penumbra_s, 4.0);
  EXPECT_LT(penumbra_s, 15.0);
}

TEST(EclipseSearchTest, BetaAboveCriticalHasNoEclipse) {
  const CircularOrbit orbit(550.0, 0.0);
  const double critical_deg = rad_to_deg(std::asin(kRe_km / orbit.radius_km));  // ~ 67 deg
  const CircularOrbit high(550.0, critical_deg + 3.0);
  EXPECT_TRUE(eclipses_of(high, Duration::minutes(200), Duration::seconds(60), sphere()).empty());
  EXPECT_TRUE(eclipses_of(high, Duration::minutes(200), Duration::seconds(60), {}).empty());
}

TEST(EclipseSearchTest, GrazingEclipseShorterThanStepIsFound) {
  const CircularOrbit orbit(550.0, 0.0);
  const double critical_deg = rad_to_deg(std::asin(kRe_km / orbit.radius_km));
  const CircularOrbit grazing(550.0, critical_deg + 0.25);
  const auto eclipses =
      eclipses_of(grazing, Duration::minutes(100), Duration::seconds(120), sphere());
  ASSERT_FALSE(eclipses.empty());
  double total_s = 0.0;
  for (const auto& e : eclipses) total_s += (e.end - e.start).to_seconds();
  EXPECT_LT(total_s, 120.0);
  for (const auto& e : eclipses) EXPECT_EQ(e.kind, ShadowKind::kPenumbra);
  EXPECT_GT(eclipses[0].min_illuminated_fraction, 0.5);
  EXPECT_GT(total_s, 1.0);
  // The same with a fine grid finds the same boundaries.
  const auto fine = eclipses_of(grazing, Duration::minutes(100), Duration::seconds(5), sphere());
  ASSERT_EQ(fine.size(), eclipses.size());
  for (size_t i = 0; i < fine.size(); ++i) {
    EXPECT_NEAR((fine[i].start - eclipses[i].start).to_seconds(), 0.0, 0.01);
    EXPECT_NEAR((fine[i].end - eclipses[i].end).to_seconds(), 0.0, 0.01);
    EXPECT_NEAR(fine[i].min_illuminated_fraction, eclipses[i].min_illuminated_fraction, 1e-3);
  }
}

TEST(EclipseSearchTest, OblateEarthShortensPolarCrossingEclipses) {
  // The ellipsoid is 21 km thinner at the poles; an eclipse that straddles a pole is shorter.
  const Vec3 s = normalized(sun_position_teme_km(kT0));
  const Vec3 behind_pole = s * -1500.0 + Vec3{0, 0, 6370.0};
  const double f_sphere = illuminated_fraction(behind_pole, sun_position_teme_km(kT0), sphere());
  const double f_oblate = illuminated_fraction(behind_pole, sun_position_teme_km(kT0));
  EXPECT_GE(f_oblate, f_sphere);
}

}  // namespace
}  // namespace lagrange::access
