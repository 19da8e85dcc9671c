// Capture opportunities and imaging segments against oracles we did not write:
//  - closest approach: a brute-force scan of the EXACT sub-satellite point (SGP4 through
//    Ephemeris::at, GeographicLib Geocentric) with GeographicLib geodesic distances;
//  - the Sun's elevation: astropy (scripts/reference/sun_elevation_astropy.py, run at test
//    time with Debian's /usr/bin/python3);
//  - polygon area: GeographicLib's PolygonAreaRhumb (rhumb lines along meridians and
//    parallels are exactly the lat/lon-straight edges of a box);
//  - track length and daylight fraction: hand geometry (ground speed, a great circle cut in
//    half by the terminator).
#include "access/capture.hpp"

#include <gtest/gtest.h>

#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <GeographicLib/Rhumb.hpp>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "access/internal/capture_geometry.hpp"
#include "access/sun.hpp"
#include "core/units.hpp"
#include "orbit/tle.hpp"

namespace lagrange::access {
namespace {

const std::string kThreeBody =
    std::string(LAGRANGE_DATA_DIR) + "/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle";
const Instant kT0 = instant_from_calendar(2026, 6, 27, 0, 0, 0.0);
constexpr size_t kSat = 0;

std::vector<orbit::Satellite> three_body() {
  std::vector<orbit::Satellite> sats;
  auto parsed = orbit::load_tle_file(kThreeBody);
  EXPECT_TRUE(parsed.ok());
  if (!parsed.ok()) return sats;
  for (const auto& set : parsed->sets) sats.push_back(*orbit::Satellite::create(set));
  return sats;
}

const Ephemeris& ephemeris() {
  static const Ephemeris eph = [] {
    TimeGrid grid{kT0, Duration::seconds(60), 1441};
    return Ephemeris::compute(three_body(), grid);
  }();
  return eph;
}

// ---------------------------------------------------------------- oracles

struct Ground {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
};

// Exact sub-satellite point: SGP4 state, then GeographicLib's ellipsoid-normal foot.
Ground exact_nadir(size_t sat, Instant t) {
  const auto state = ephemeris().at(sat, t);
  EXPECT_TRUE(state.ok());
  const Vec3 r = state->itrf.r_km;
  Ground g;
  double h_m = 0.0;
  GeographicLib::Geocentric::WGS84().Reverse(r.x * 1e3, r.y * 1e3, r.z * 1e3, g.lat_deg, g.lon_deg,
                                             h_m);
  return g;
}

double geodesic_km(const Ground& a, const Ground& b) {
  double s12_m = 0.0;
  GeographicLib::Geodesic::WGS84().Inverse(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, s12_m);
  return s12_m / 1e3;
}

// The instant the exact sub-satellite point is nearest `target`: 1 s scan, then 10 ms.
Instant brute_force_nearest(size_t sat, const Ground& target, Instant lo, Instant hi) {
  auto scan = [&](Instant a, Instant b, Duration step) {
    Instant best = a;
    double best_km = 1e300;
    for (Instant t = a; t <= b; t += step) {
      const double d = geodesic_km(exact_nadir(sat, t), target);
      if (d < best_km) {
        best_km = d;
        best = t;
      }
    }
    return best;
  };
  const Instant coarse = scan(lo, hi, Duration::seconds(1));
  return scan(coarse - Duration::seconds(1), coarse + Duration::seconds(1),
              Duration::from_ns(10'000'000));
}

// The point `distance_km` to the right of the track at t (cross-track offset).
Ground offset_from_track(size_t sat, Instant t, double distance_km) {
  const Ground before = exact_nadir(sat, t - Duration::seconds(1));
  const Ground after = exact_nadir(sat, t + Duration::seconds(1));
  const Ground at = exact_nadir(sat, t);
  const auto& geod = GeographicLib::Geodesic::WGS84();
  double s12 = 0.0, azi1 = 0.0, azi2 = 0.0;
  geod.Inverse(before.lat_deg, before.lon_deg, after.lat_deg, after.lon_deg, s12, azi1, azi2);
  Ground out;
  geod.Direct(at.lat_deg, at.lon_deg, 0.5 * (azi1 + azi2) + 90.0, distance_km * 1e3, out.lat_deg,
              out.lon_deg);
  return out;
}

// astropy's Sun elevations at (instant, point) pairs.
std::vector<double> astropy_sun_elevation_deg(const std::vector<std::pair<Instant, Ground>>& at) {
  std::string cmd = "/usr/bin/python3 " + std::string(LAGRANGE_SOURCE_DIR) +
                    "/scripts/reference/sun_elevation_astropy.py";
  for (const auto& [t, g] : at) {
    char buf[128];
    std::snprintf(buf, sizeof buf, " %s %.9f %.9f", format_iso8601(t).c_str(), g.lat_deg,
                  g.lon_deg);
    cmd += buf;
  }
  std::vector<double> out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) return out;
  double v = 0.0;
  while (std::fscanf(pipe.get(), "%lf", &v) == 1) out.push_back(v);
  return out;
}

// Selection only (not an assertion): the Sun's elevation at the nadir from our ERFA Sun.
double sun_elevation_at_nadir_deg(size_t sat, Instant t) {
  const Ground g = exact_nadir(sat, t);
  const Vec3 up{std::cos(deg_to_rad(g.lat_deg)) * std::cos(deg_to_rad(g.lon_deg)),
                std::cos(deg_to_rad(g.lat_deg)) * std::sin(deg_to_rad(g.lon_deg)),
                std::sin(deg_to_rad(g.lat_deg))};
  const Vec3 sun = apply(orbit::teme_to_itrf_rotation(t), sun_position_teme_km(t));
  return rad_to_deg(std::asin(dot(up, normalized(sun))));
}

// The first minute after kT0 + 2 h where the nadir's Sun elevation satisfies `pred`.
template <typename Pred>
Instant first_instant(size_t sat, Pred pred) {
  for (Instant t = kT0 + Duration::hours(2); t < kT0 + Duration::hours(22);
       t += Duration::minutes(1)) {
    if (pred(sun_elevation_at_nadir_deg(sat, t))) return t;
  }
  ADD_FAILURE() << "no such instant";
  return kT0;
}

// Oracle chords: the lengths of the exact track's stretches where `inside(nadir)` holds over
// [lo, hi], entry and exit bisected to 1 ms, lengths summed over 1 s geodesic steps.
template <typename Inside>
std::vector<double> exact_chords_km(size_t sat, Instant lo, Instant hi, Inside inside) {
  auto in_at = [&](Instant t) { return inside(exact_nadir(sat, t)); };
  auto flip = [&](Instant a, Instant b) {  // in_at(a) != in_at(b)
    const bool state_a = in_at(a);
    while (b - a > Duration::from_ns(1'000'000)) {
      const Instant mid = a + (b - a) / 2;
      (in_at(mid) == state_a ? a : b) = mid;
    }
    return a + (b - a) / 2;
  };
  auto length = [&](Instant a, Instant b) {
    double km = 0.0;
    Ground last = exact_nadir(sat, a);
    for (Instant t = a;;) {
      t = std::min(b, t + Duration::seconds(1));
      const Ground g = exact_nadir(sat, t);
      km += geodesic_km(last, g);
      last = g;
      if (t == b) return km;
    }
  };
  std::vector<double> chords;
  bool was = in_at(lo);
  Instant entry = lo;
  for (Instant t = lo + Duration::seconds(1); t <= hi; t += Duration::seconds(1)) {
    const bool is = in_at(t);
    if (is != was) {
      const Instant edge = flip(t - Duration::seconds(1), t);
      if (is) {
        entry = edge;
      } else {
        chords.push_back(length(entry, edge));
      }
    }
    was = is;
  }
  return chords;
}

// A daylit minute at mid-latitude, where a near-polar track runs roughly north-south.
Instant first_daylit_midlatitude(size_t sat) {
  for (Instant t = kT0 + Duration::hours(2); t < kT0 + Duration::hours(22);
       t += Duration::minutes(1)) {
    if (sun_elevation_at_nadir_deg(sat, t) > 30.0 && std::abs(exact_nadir(sat, t).lat_deg) < 45.0) {
      return t;
    }
  }
  ADD_FAILURE() << "no such instant";
  return kT0;
}

std::vector<ImagerGeometry> only(size_t sat, ImagerGeometry imager) {
  std::vector<ImagerGeometry> imagers(ephemeris().satellite_count());
  imagers[sat] = imager;
  return imagers;
}

CaptureTarget point(const Ground& g) {
  return CaptureTarget{{LatLon{g.lat_deg, g.lon_deg}}};
}

// ---------------------------------------------------------------- point targets

TEST(CapturePoint, ClosestApproachMatchesBruteForceOnExactTrack) {
  const double swath_km = 30.0;
  const Instant t0 =
      first_instant(kSat, [](double el) { return el > 40.0; }) + Duration::seconds(17);
  const Ground target = offset_from_track(kSat, t0, 0.5 * 0.5 * swath_km);
  const Instant lo = t0 - Duration::minutes(10);
  const Instant hi = t0 + Duration::minutes(10);
  const auto found = find_capture_opportunities(
      ephemeris(), only(kSat, {.swath_km = swath_km, .min_sun_elevation_deg = 10.0}), point(target),
      lo, hi);
  ASSERT_EQ(found.size(), 1u);
  const CaptureOpportunity& o = found[0];
  EXPECT_EQ(o.satellite, kSat);

  const Instant truth = brute_force_nearest(kSat, target, lo, hi);
  EXPECT_NEAR((o.time - truth).to_seconds(), 0.0, 0.05);
  EXPECT_NEAR((truth - t0).to_seconds(), 0.0, 0.05);  // the offset was made abeam of t0

  // The swath x swath footprint passes over the point at the ground speed.
  const double ground_speed_km_s = geodesic_km(exact_nadir(kSat, t0 - Duration::seconds(5)),
                                               exact_nadir(kSat, t0 + Duration::seconds(5))) /
                                   10.0;
  EXPECT_NEAR((o.end - o.start).to_seconds(), swath_km / ground_speed_km_s,
              0.02 * swath_km / ground_speed_km_s);
  EXPECT_LE(o.start, o.time);
  EXPECT_LE(o.time, o.end);
  EXPECT_NEAR((o.time - o.start).to_seconds(), (o.end - o.time).to_seconds(), 0.2);
  EXPECT_DOUBLE_EQ(o.area_km2, swath_km * swath_km);
  EXPECT_DOUBLE_EQ(o.centre.latitude_deg, target.lat_deg);
  EXPECT_DOUBLE_EQ(o.centre.longitude_deg, target.lon_deg);

  const auto astropy = astropy_sun_elevation_deg({{o.time, target}});
  ASSERT_EQ(astropy.size(), 1u);
  EXPECT_NEAR(o.sun_elevation_deg, astropy[0], 0.02);
}

TEST(CapturePoint, OnlyTargetsWithinHalfSwathOfTheTrack) {
  const double swath_km = 40.0;
  const Instant t0 = first_instant(kSat, [](double el) { return el > 40.0; });
  const Instant lo = t0 - Duration::minutes(10);
  const Instant hi = t0 + Duration::minutes(10);
  const auto imagers = only(kSat, {.swath_km = swath_km, .min_sun_elevation_deg = 10.0});
  for (double side : {-1.0, 1.0}) {
    const Ground inside = offset_from_track(kSat, t0, side * 0.9 * 0.5 * swath_km);
    const Ground outside = offset_from_track(kSat, t0, side * 1.5 * 0.5 * swath_km);
    EXPECT_EQ(find_capture_opportunities(ephemeris(), imagers, point(inside), lo, hi).size(), 1u);
    EXPECT_TRUE(find_capture_opportunities(ephemeris(), imagers, point(outside), lo, hi).empty());
  }
  // Without an imager there is nothing at all.
  const Ground below = offset_from_track(kSat, t0, 0.0);
  EXPECT_TRUE(
      find_capture_opportunities(ephemeris(), only(kSat, {.swath_km = 0.0}), point(below), lo, hi)
          .empty());
}

TEST(CapturePoint, WindowClipsCoverage) {
  const Instant t0 = first_instant(kSat, [](double el) { return el > 40.0; });
  const Ground below = offset_from_track(kSat, t0, 0.0);
  const auto imagers = only(kSat, {.swath_km = 60.0});
  const auto whole = find_capture_opportunities(
      ephemeris(), imagers, point(below), t0 - Duration::minutes(10), t0 + Duration::minutes(10));
  ASSERT_EQ(whole.size(), 1u);
  // The window opens at closest approach: coverage starts there and `time` stays inside.
  const auto half = find_capture_opportunities(ephemeris(), imagers, point(below), whole[0].time,
                                               t0 + Duration::minutes(10));
  ASSERT_EQ(half.size(), 1u);
  EXPECT_EQ(half[0].start, whole[0].time);
  EXPECT_EQ(half[0].end, whole[0].end);
  EXPECT_EQ(half[0].time, whole[0].time);
  // Windows that end before or open after the coverage see nothing.
  EXPECT_TRUE(find_capture_opportunities(ephemeris(), imagers, point(below),
                                         t0 - Duration::minutes(10), whole[0].start)
                  .empty());
  EXPECT_TRUE(find_capture_opportunities(ephemeris(), imagers, point(below), whole[0].end,
                                         t0 + Duration::minutes(10))
                  .empty());
}

TEST(CaptureInputs, DegenerateTargetsAndRegionsGiveNothing) {
  const std::vector<ImagerGeometry> imagers(ephemeris().satellite_count(),
                                            ImagerGeometry{.swath_km = 100.0});
  const Instant end = kT0 + Duration::days(1);
  const CaptureTarget two{{{10.0, 10.0}, {11.0, 11.0}}};
  EXPECT_TRUE(find_capture_opportunities(ephemeris(), imagers, two, kT0, end).empty());
  EXPECT_TRUE(find_capture_opportunities(ephemeris(), imagers, {}, kT0, end).empty());
  EXPECT_TRUE(
      find_imaging_segments(ephemeris(), imagers, two, kT0, end, Duration::minutes(10)).empty());
  EXPECT_TRUE(find_imaging_segments(ephemeris(), {}, {}, kT0, end, Duration::minutes(10)).empty());
  EXPECT_TRUE(
      find_imaging_segments(ephemeris(), imagers, {}, end, kT0, Duration::minutes(10)).empty());
}

TEST(CapturePoint, NightPassesAreExcluded) {
  const Instant t_night = first_instant(kSat, [](double el) { return el < -20.0; });
  const Ground target = offset_from_track(kSat, t_night, 5.0);
  const auto astropy = astropy_sun_elevation_deg({{t_night, target}});
  ASSERT_EQ(astropy.size(), 1u);
  ASSERT_LT(astropy[0], -10.0);  // the premise, from astropy: night at the target
  const Instant lo = t_night - Duration::minutes(10);
  const Instant hi = t_night + Duration::minutes(10);
  EXPECT_TRUE(
      find_capture_opportunities(ephemeris(), only(kSat, {.swath_km = 30.0}), point(target), lo, hi)
          .empty());
  // The same pass with no daylight requirement is found: the Sun alone excluded it.
  const auto any_light = find_capture_opportunities(
      ephemeris(), only(kSat, {.swath_km = 30.0, .min_sun_elevation_deg = -90.0}), point(target),
      lo, hi);
  ASSERT_EQ(any_light.size(), 1u);
  EXPECT_NEAR(any_light[0].sun_elevation_deg, astropy[0], 0.05);
}

TEST(CapturePoint, AllSatellitesOverADayMatchBruteForce) {
  const Ground target{48.85, 2.35};
  const double half_km = 300.0;
  const std::vector<ImagerGeometry> imagers(ephemeris().satellite_count(),
                                            ImagerGeometry{.swath_km = 2.0 * half_km});
  const Instant end = kT0 + Duration::days(1);
  const auto found = find_capture_opportunities(ephemeris(), imagers, point(target), kT0, end);
  for (size_t i = 1; i < found.size(); ++i) {
    EXPECT_TRUE(
        found[i - 1].start < found[i].start ||
        (found[i - 1].start == found[i].start && found[i - 1].satellite < found[i].satellite));
  }
  // Oracle: local minima of the exact nadir's distance (10 s scan, then refined), within
  // half a swath, with astropy's Sun at least 10 deg up at the target then. Cases within
  // 1 km or 0.1 deg of a threshold are not counted either way.
  struct Pass {
    uint32_t sat;
    Instant t;
  };
  std::vector<Pass> candidates;
  for (size_t sat = 0; sat < ephemeris().satellite_count(); ++sat) {
    const Duration step = Duration::seconds(10);
    double d_prev2 = 1e300, d_prev = 1e300;
    for (Instant t = kT0; t <= end; t += step) {
      const double d = geodesic_km(exact_nadir(sat, t), target);
      if (d_prev < d_prev2 && d_prev <= d && d_prev < half_km + 50.0) {
        const Instant t_min = brute_force_nearest(sat, target, t - step * 2, t);
        if (geodesic_km(exact_nadir(sat, t_min), target) < half_km + 1.0) {
          candidates.push_back({static_cast<uint32_t>(sat), t_min});
        }
      }
      d_prev2 = d_prev;
      d_prev = d;
    }
  }
  std::vector<std::pair<Instant, Ground>> at;
  for (const auto& c : candidates) at.push_back({c.t, target});
  const auto elevations = astropy_sun_elevation_deg(at);
  ASSERT_EQ(elevations.size(), candidates.size());
  size_t expected = 0;
  for (size_t k = 0; k < candidates.size(); ++k) {
    const double d = geodesic_km(exact_nadir(candidates[k].sat, candidates[k].t), target);
    const bool borderline = std::abs(d - half_km) < 1.0 || std::abs(elevations[k] - 10.0) < 0.1;
    const bool should = d < half_km && elevations[k] > 10.0;
    size_t matches = 0;
    for (const auto& o : found) {
      if (o.satellite == candidates[k].sat &&
          std::abs((o.time - candidates[k].t).to_seconds()) < 1.0) {
        ++matches;
      }
    }
    if (!borderline) {
      EXPECT_EQ(matches, should ? 1u : 0u) << "satellite " << candidates[k].sat;
    }
    if (should) ++expected;
  }
  EXPECT_GE(expected, 1u);
  EXPECT_EQ(found.size(), expected);
}

// ---------------------------------------------------------------- polygon targets

double rhumb_box_area_km2(double lat0, double lon0, double lat1, double lon1) {
  GeographicLib::PolygonAreaRhumb poly(GeographicLib::Rhumb::WGS84());
  poly.AddPoint(lat0, lon0);
  poly.AddPoint(lat0, lon1);
  poly.AddPoint(lat1, lon1);
  poly.AddPoint(lat1, lon0);
  double perimeter_m = 0.0, area_m2 = 0.0;
  poly.Compute(false, true, perimeter_m, area_m2);
  return std::abs(area_m2) / 1e6;
}

CaptureTarget box(double lat0, double lon0, double lat1, double lon1) {
  return CaptureTarget{{{lat0, lon0}, {lat0, lon1}, {lat1, lon1}, {lat1, lon0}}};
}

TEST(CapturePolygon, SmallBoxUnderAWideSwathIsImagedWhole) {
  const Instant t0 = first_instant(kSat, [](double el) { return el > 30.0; });
  const Ground c = exact_nadir(kSat, t0);
  // A 0.2 deg box around the nadir, clockwise, under a 100 km swath.
  const CaptureTarget target =
      box(c.lat_deg - 0.1, c.lon_deg - 0.1, c.lat_deg + 0.1, c.lon_deg + 0.1);
  const auto found =
      find_capture_opportunities(ephemeris(), only(kSat, {.swath_km = 100.0}), target,
                                 t0 - Duration::minutes(10), t0 + Duration::minutes(10));
  ASSERT_EQ(found.size(), 1u);
  const double truth_km2 =
      rhumb_box_area_km2(c.lat_deg - 0.1, c.lon_deg - 0.1, c.lat_deg + 0.1, c.lon_deg + 0.1);
  // The strip's inside width integrated along the track (under the clip to the box's area).
  EXPECT_NEAR(found[0].area_km2, truth_km2, 5e-4 * truth_km2);
  // The strip's middle is over the box, near t0.
  EXPECT_NEAR((found[0].time - t0).to_seconds(), 0.0, 2.0);
  EXPECT_LT(geodesic_km(Ground{found[0].centre.latitude_deg, found[0].centre.longitude_deg}, c),
            15.0);
  // The nadir is within half a swath of the box from start to end: at most 50 km + half the
  // box's diagonal (~ 15.7 km at the equator) from its centre, and just so at both ends.
  const double start_km = geodesic_km(exact_nadir(kSat, found[0].start), c);
  const double end_km = geodesic_km(exact_nadir(kSat, found[0].end), c);
  EXPECT_GT(start_km, 50.0);
  EXPECT_LT(start_km, 50.0 + 16.0);
  EXPECT_GT(end_km, 50.0);
  EXPECT_LT(end_km, 50.0 + 16.0);
}

TEST(CapturePolygon, LargeBoxAreaIsSwathTimesChord) {
  const double swath_km = 20.0;
  const Instant t0 = first_daylit_midlatitude(kSat);
  const Ground c = exact_nadir(kSat, t0);
  const double lat0 = c.lat_deg - 1.5, lat1 = c.lat_deg + 1.5;
  const double lon0 = c.lon_deg - 1.5, lon1 = c.lon_deg + 1.5;
  const auto found = find_capture_opportunities(
      ephemeris(), only(kSat, {.swath_km = swath_km}), box(lat0, lon0, lat1, lon1),
      t0 - Duration::minutes(10), t0 + Duration::minutes(10));
  ASSERT_EQ(found.size(), 1u);
  const auto chords = exact_chords_km(
      kSat, t0 - Duration::minutes(5), t0 + Duration::minutes(5), [&](const Ground& g) {
        return g.lat_deg > lat0 && g.lat_deg < lat1 && g.lon_deg > lon0 && g.lon_deg < lon1;
      });
  ASSERT_EQ(chords.size(), 1u);
  const double chord_km = chords[0];
  ASSERT_GT(chord_km, 300.0);
  // Where the strip crosses a straight edge the cut is a parallelogram, so the part of the
  // strip inside is swath x the centreline's chord.
  EXPECT_NEAR(found[0].area_km2, swath_km * chord_km, 2e-3 * swath_km * chord_km);
  // The coverage interval runs half a swath (over the sine of the crossing angle) further.
  const double covered_km =
      geodesic_km(exact_nadir(kSat, found[0].start), exact_nadir(kSat, found[0].end));
  EXPECT_GT(covered_km, chord_km + swath_km - 2.0);
  EXPECT_LT(covered_km, chord_km + 1.2 * swath_km);
  EXPECT_LT(found[0].area_km2, rhumb_box_area_km2(lat0, lon0, lat1, lon1));
}

TEST(CapturePolygon, ConcavePolygonGivesOnePassPerArm) {
  const double swath_km = 20.0;
  const Instant t0 = first_daylit_midlatitude(kSat);
  const Ground c = exact_nadir(kSat, t0);
  // A "C" open to the west: two 0.5 deg arms around a 1 deg (111 km) gap on the track.
  const double x0 = c.lon_deg - 1.0, x1 = c.lon_deg + 1.0, x2 = c.lon_deg + 1.5;
  const CaptureTarget shape{{{c.lat_deg - 1.0, x0},
                             {c.lat_deg - 1.0, x2},
                             {c.lat_deg + 1.0, x2},
                             {c.lat_deg + 1.0, x0},
                             {c.lat_deg + 0.5, x0},
                             {c.lat_deg + 0.5, x1},
                             {c.lat_deg - 0.5, x1},
                             {c.lat_deg - 0.5, x0}}};
  const auto found =
      find_capture_opportunities(ephemeris(), only(kSat, {.swath_km = swath_km}), shape,
                                 t0 - Duration::minutes(10), t0 + Duration::minutes(10));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_LT(found[0].end, found[1].start);
  // Oracle: the exact track's chord in each arm, in time order (the track stays west of x1).
  const auto chords_km = exact_chords_km(
      kSat, t0 - Duration::minutes(5), t0 + Duration::minutes(5), [&](const Ground& g) {
        const double dlat = std::abs(g.lat_deg - c.lat_deg);
        return dlat > 0.5 && dlat < 1.0 && g.lon_deg > x0 && g.lon_deg < x1;
      });
  ASSERT_EQ(chords_km.size(), 2u);
  for (size_t k = 0; k < 2; ++k) {
    EXPECT_NEAR(found[k].area_km2, swath_km * chords_km[k], 2e-3 * swath_km * chords_km[k]);
  }
}

TEST(CaptureGeometry, PolygonDistanceAcrossTheAntimeridian) {
  // A box touching 179.5 E; a point at 179.8 W lies 0.7 deg of longitude east of it.
  const internal::GroundPolygon poly(
      {{-10.0, 170.0}, {-10.0, 179.5}, {10.0, 179.5}, {10.0, 170.0}});
  const double truth_km = geodesic_km(Ground{0.0, -179.8}, Ground{0.0, 179.5});
  EXPECT_NEAR(poly.signed_distance_km(0.0, -179.8, true), truth_km, 1e-3);
  EXPECT_NEAR(poly.signed_distance_km(0.0, -179.8, false), truth_km, 0.01 * truth_km);
  EXPECT_FALSE(poly.contains(0.0, -179.8));
  EXPECT_TRUE(poly.contains(0.0, 175.0));
  // Inside: minus the distance to the nearest edge (the east one, 4.5 deg away).
  EXPECT_NEAR(poly.signed_distance_km(0.0, 175.0, true),
              -geodesic_km(Ground{0.0, 175.0}, Ground{0.0, 179.5}), 1e-3);
}

TEST(CaptureGeometry, InsideLengthOfALineAcrossABox) {
  // From the middle of a 1 x 1 deg box at 45 N, an east-west line 400 km long crosses it
  // along the parallel: its length inside is the box's width there.
  const internal::GroundPolygon poly({{44.5, 9.5}, {44.5, 10.5}, {45.5, 10.5}, {45.5, 9.5}});
  const internal::Nadir n = internal::nadir_of(orbit::geodetic_to_itrf({45.0, 10.0, 500.0}));
  const Vec3 east{-std::sin(deg_to_rad(10.0)), std::cos(deg_to_rad(10.0)), 0.0};
  const double width_km = geodesic_km(Ground{45.0, 9.5}, Ground{45.0, 10.5});
  EXPECT_NEAR(poly.inside_length_km(n, east, 200.0), width_km, 1e-3 * width_km);
  // A 20 km line lies wholly inside; a 60 km north-south line centred on the south edge,
  // half.
  EXPECT_NEAR(poly.inside_length_km(n, east, 10.0), 20.0, 1e-9);
  const internal::Nadir edge = internal::nadir_of(orbit::geodetic_to_itrf({44.5, 10.0, 500.0}));
  const Vec3 north{-std::sin(deg_to_rad(44.5)) * std::cos(deg_to_rad(10.0)),
                   -std::sin(deg_to_rad(44.5)) * std::sin(deg_to_rad(10.0)),
                   std::cos(deg_to_rad(44.5))};
  EXPECT_NEAR(poly.inside_length_km(edge, north, 30.0), 30.0, 1e-6);
}

// ---------------------------------------------------------------- imaging segments

std::vector<ImagerGeometry> all_imagers(double min_sun_deg) {
  return std::vector<ImagerGeometry>(
      ephemeris().satellite_count(),
      ImagerGeometry{.swath_km = 30.0, .min_sun_elevation_deg = min_sun_deg});
}

TEST(CaptureSegments, SortedBoundedAndNeverOverlapping) {
  const Duration max_segment = Duration::minutes(5);
  const auto segs = find_imaging_segments(ephemeris(), all_imagers(10.0), {}, kT0,
                                          kT0 + Duration::days(1), max_segment);
  ASSERT_GT(segs.size(), 100u);
  std::vector<Instant> last_end(ephemeris().satellite_count(), kT0);
  for (size_t i = 0; i < segs.size(); ++i) {
    const ImagingSegment& s = segs[i];
    EXPECT_LT(s.start, s.end);
    EXPECT_LE(s.end - s.start, max_segment);
    EXPECT_GE(s.start, last_end[s.satellite]) << "overlap on satellite " << s.satellite;
    last_end[s.satellite] = s.end;
    if (i > 0) {
      const ImagingSegment& p = segs[i - 1];
      EXPECT_TRUE(p.start < s.start || (p.start == s.start && p.satellite < s.satellite));
    }
  }
  // Same inputs, same bytes (threads included).
  const auto again = find_imaging_segments(ephemeris(), all_imagers(10.0), {}, kT0,
                                           kT0 + Duration::days(1), max_segment);
  ASSERT_EQ(again.size(), segs.size());
  for (size_t i = 0; i < segs.size(); ++i) {
    EXPECT_EQ(again[i].start, segs[i].start);
    EXPECT_EQ(again[i].satellite, segs[i].satellite);
    EXPECT_EQ(again[i].ground_track_km, segs[i].ground_track_km);
  }
}

TEST(CaptureSegments, TrackLengthMatchesExactNadirAndGroundSpeed) {
  const auto segs = find_imaging_segments(ephemeris(), all_imagers(10.0), {}, kT0,
                                          kT0 + Duration::hours(6), Duration::minutes(10));
  ASSERT_GT(segs.size(), 20u);
  for (size_t i = 0; i < 20; ++i) {
    const ImagingSegment& s = segs[i];
    double oracle_km = 0.0;
    Ground last = exact_nadir(s.satellite, s.start);
    for (Instant t = s.start + Duration::seconds(10);; t += Duration::seconds(10)) {
      if (t > s.end) t = s.end;
      const Ground g = exact_nadir(s.satellite, t);
      oracle_km += geodesic_km(last, g);
      last = g;
      if (t == s.end) break;
    }
    // Chords of <= 60 s (420 km) are 1.8e-4 short of the arc.
    EXPECT_NEAR(s.ground_track_km, oracle_km, 4e-4 * oracle_km + 0.01);
    // Hand geometry: a ~ 500 km orbit's nadir moves at 7.6 km/s x 6371/6871 ~ 7.05 km/s,
    // give or take the Earth's rotation (0.46 km/s at the equator, nearly cross-track).
    const double speed = s.ground_track_km / (s.end - s.start).to_seconds();
    EXPECT_GT(speed, 6.8);
    EXPECT_LT(speed, 7.3);
    // The centre is the nadir at the middle.
    const Ground mid = exact_nadir(s.satellite, s.start + (s.end - s.start) / 2);
    EXPECT_LT(geodesic_km(mid, Ground{s.centre.latitude_deg, s.centre.longitude_deg}), 0.01);
  }
  // Cutting into pieces does not change the total length.
  const auto whole = find_imaging_segments(ephemeris(), all_imagers(10.0), {}, kT0,
                                           kT0 + Duration::hours(6), Duration::days(1));
  double pieces_km = 0.0, whole_km = 0.0;
  for (const auto& s : segs) pieces_km += s.ground_track_km;
  for (const auto& s : whole) whole_km += s.ground_track_km;
  EXPECT_NEAR(pieces_km, whole_km, 1e-4 * whole_km);
}

// Over a sphere, the nadir's great circle is cut in half by the terminator; with a minimum
// elevation e and the Sun at angle beta from the orbit plane, the daylit part is
// acos(sin e / cos beta) / pi of the orbit.
TEST(CaptureSegments, DaylightFractionFollowsBetaAngle) {
  const Instant end = kT0 + Duration::days(1);
  const auto state = ephemeris().at(kSat, kT0 + Duration::hours(12));
  ASSERT_TRUE(state.ok());
  const Vec3 normal = normalized(cross(state->teme.r_km, state->teme.v_km_s));
  const Vec3 sun = normalized(sun_position_teme_km(kT0 + Duration::hours(12)));
  const double beta = std::asin(std::abs(dot(normal, sun)));
  for (double min_sun_deg : {0.0, 10.0, 30.0}) {
    const auto segs = find_imaging_segments(ephemeris(), only(kSat, {30.0, min_sun_deg}), {}, kT0,
                                            end, Duration::minutes(10));
    double daylit_s = 0.0;
    for (const auto& s : segs) daylit_s += (s.end - s.start).to_seconds();
    const double expected = std::acos(std::sin(deg_to_rad(min_sun_deg)) / std::cos(beta)) / kPi;
    EXPECT_NEAR(daylit_s / kSecondsPerDay, expected, 0.01) << "min sun " << min_sun_deg;
    if (min_sun_deg == 0.0) {
      EXPECT_NEAR(daylit_s / kSecondsPerDay, 0.5, 0.01);
    }
  }
}

TEST(CaptureSegments, RegionKeepsTheTrackInsideAndInDaylight) {
  // Europe-ish box, counter-clockwise.
  const double lat0 = 35.0, lat1 = 60.0, lon0 = -10.0, lon1 = 30.0;
  const CaptureTarget region{{{lat0, lon0}, {lat0, lon1}, {lat1, lon1}, {lat1, lon0}}};
  const auto segs = find_imaging_segments(ephemeris(), all_imagers(10.0), region, kT0,
                                          kT0 + Duration::days(1), Duration::minutes(10));
  ASSERT_GT(segs.size(), 5u);
  std::vector<std::pair<Instant, Ground>> sun_checks;
  for (const auto& s : segs) {
    for (Instant t : {s.start, s.start + (s.end - s.start) / 2, s.end}) {
      const Ground g = exact_nadir(s.satellite, t);
      // Boundaries are resolved to 1 s (~ 7 km, ~ 0.07 deg) on the safe side.
      EXPECT_GT(g.lat_deg, lat0 - 0.01);
      EXPECT_LT(g.lat_deg, lat1 + 0.01);
      EXPECT_GT(g.lon_deg, lon0 - 0.01);
      EXPECT_LT(g.lon_deg, lon1 + 0.01);
      sun_checks.push_back({t, g});
    }
    // A pass across the box: about (25 deg of latitude = 2,780 km) / 7 km/s at most.
    EXPECT_LT((s.end - s.start).to_seconds(), 2800.0 / 6.8 + 10.0);
  }
  const auto elevations = astropy_sun_elevation_deg(sun_checks);
  ASSERT_EQ(elevations.size(), sun_checks.size());
  for (double el : elevations) EXPECT_GT(el, 10.0 - 0.05);
}

}  // namespace
}  // namespace lagrange::access
