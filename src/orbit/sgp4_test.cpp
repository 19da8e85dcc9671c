// Unit tests of Satellite (SGP4): errors, value semantics, time forms, physical sanity,
// and the gravity models and operation modes against python-sgp4 (Vallado's code, run
// through scripts/reference/sgp4_states.py at test time).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "orbit/internal/sgp4_record.hpp"
#include "orbit/sgp4.hpp"
#include "orbit/tle.hpp"

namespace lagrange::orbit {
namespace {

const std::string kThreeBody =
    std::string(LAGRANGE_DATA_DIR) + "/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle";

// TLEs from Vallado's verification set, chosen for the deep-space paths they exercise.
struct TestTle {
  const char* what;
  const char* line1;
  const char* line2;
};
const TestTle kNearEarth = {
    "SCS-01 A (near Earth, sun-synchronous)",
    "1 63982U 25100A   26177.93574109  .00009055  00000+0  41333-3 0  9992",
    "2 63982  97.3676 250.4982 0027079 332.5156  27.4646 15.20497803 62127"};
const TestTle kDeepSpace[] = {
    {"04632 (deep space, inclination near the 0.2 rad Lyddane switch)",
     "1 04632U 70093B   04031.91070959 -.00000084  00000-0  10000-3 0  9955",
     "2 04632  11.4628 273.1101 1450506 207.6000 143.9350  1.20231981 44145"},
    {"14128 (24 h resonance, Lyddane)",
     "1 14128U 83058A   06176.02844893 -.00000158  00000-0  10000-3 0  9627",
     "2 14128  11.4384  35.2134 0011562  26.4582 333.5652  0.98870114 46093"},
    {"21897 (12 h resonance, e > 0.715)",
     "1 21897U 92011A   06176.02341244 -.00001273  00000-0 -13525-3 0  3044",
     "2 21897  62.1749 198.0096 7421690 253.0462  20.1561  2.01269994104880"},
    {"25954 (geostationary, inclination 0.0004 deg)",
     "1 25954U 99060A   04039.68057285 -.00000108  00000-0  00000-0 0  6847",
     "2 25954   0.0004 243.8136 0001765  15.5294  22.7134  1.00271289 15615"},
};

ElementSet parse_one(const TestTle& tle) {
  const std::string text = std::string(tle.line1) + "\n" + tle.line2 + "\n";
  Result<ParsedElements> parsed = parse_tle(text, tle.what);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  if (!parsed.ok() || parsed->sets.size() != 1) return {};
  return parsed->sets.front();
}

Satellite make_satellite(const ElementSet& set, const Sgp4Options& options = {}) {
  Result<Satellite> sat = Satellite::create(set, options);
  EXPECT_TRUE(sat.ok()) << (sat.ok() ? "" : sat.error().message);
  return std::move(sat).value();
}

double distance(const Vec3& a, const Vec3& b) {
  return norm(a - b);
}

TEST(Sgp4, DescribeNamesTheCode) {
  EXPECT_NE(describe(Sgp4Error::kMeanEccentricity).find("code 1"), std::string::npos);
  EXPECT_NE(describe(Sgp4Error::kDecayed).find("code 6"), std::string::npos);
  EXPECT_NE(describe(Sgp4Error::kSemiLatusRectum).find("code 4"), std::string::npos);
}

TEST(Sgp4, RejectsEccentricityOutsideZeroToOne) {
  ElementSet set = parse_one(kNearEarth);
  for (double e : {1.0, 1.5, -0.01, std::nan("")}) {
    set.eccentricity = e;
    Result<Satellite> sat = Satellite::create(set);
    ASSERT_FALSE(sat.ok()) << "e = " << e;
    EXPECT_NE(sat.error().message.find("code 1"), std::string::npos) << sat.error().message;
    EXPECT_NE(sat.error().message.find("63982"), std::string::npos) << sat.error().message;
  }
}

TEST(Sgp4, RejectsNonPositiveMeanMotion) {
  ElementSet set = parse_one(kNearEarth);
  for (double n : {0.0, -1.0}) {
    set.mean_motion_rev_per_day = n;
    Result<Satellite> sat = Satellite::create(set);
    ASSERT_FALSE(sat.ok());
    EXPECT_NE(sat.error().message.find("code 2"), std::string::npos) << sat.error().message;
  }
}

TEST(Sgp4, DecayingSatelliteEndsInAnErrorNotGarbage) {
  ElementSet set = parse_one(kNearEarth);
  set.mean_motion_rev_per_day = 16.3;  // about 250 km up
  set.bstar_per_earth_radii = 0.02;    // heavy drag
  const Satellite sat = make_satellite(set);
  TemeState state;
  Sgp4Error error = Sgp4Error::kNone;
  double t = 0.0;
  double last_radius_km = 0.0;
  for (; t < 60.0 * 1440.0 && error == Sgp4Error::kNone; t += 10.0) {
    error = sat.propagate_minutes(t, state);
    if (error == Sgp4Error::kNone) {
      last_radius_km = norm(state.r_km);
      ASSERT_TRUE(std::isfinite(last_radius_km));
      ASSERT_GT(last_radius_km, 6378.135) << "a state below the surface reported as valid";
    }
  }
  ASSERT_NE(error, Sgp4Error::kNone) << "never decayed within 60 days";
  EXPECT_TRUE(error == Sgp4Error::kDecayed || error == Sgp4Error::kMeanEccentricity)
      << describe(error);
  EXPECT_LT(last_radius_km, 6378.135 + 250.0);
  Result<TemeState> failed = sat.propagate_minutes(t - 10.0);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("63982"), std::string::npos) << failed.error().message;
  EXPECT_NE(failed.error().message.find("min from epoch"), std::string::npos);
}

TEST(Sgp4, AbsurdTimesAreErrorsNotHangs) {
  for (const TestTle& tle : {kNearEarth, kDeepSpace[1], kDeepSpace[2]}) {
    const Satellite sat = make_satellite(parse_one(tle));
    TemeState state;
    for (double t : {std::nan(""), 1e300, -1e300, HUGE_VAL, 2e9}) {
      EXPECT_EQ(sat.propagate_minutes(t, state), Sgp4Error::kMeanEccentricity)
          << tle.what << " t = " << t;
    }
  }
}

TEST(Sgp4, CopiesAndMovesKeepTheOrbit) {
  const Satellite original = make_satellite(parse_one(kNearEarth));
  TemeState expected;
  ASSERT_EQ(original.propagate_minutes(123.0, expected), Sgp4Error::kNone);
  auto same = [&](const Satellite& s) {
    TemeState got;
    EXPECT_EQ(s.propagate_minutes(123.0, got), Sgp4Error::kNone);
    EXPECT_EQ(got.r_km, expected.r_km);
    EXPECT_EQ(got.v_km_s, expected.v_km_s);
    EXPECT_EQ(s.elements().norad_id, 63982u);
  };
  Satellite copy(original);
  same(copy);
  EXPECT_NE(&copy.record(), &original.record()) << "a copy must own its record";
  Satellite moved(std::move(copy));
  same(moved);
  Satellite assigned = make_satellite(parse_one(kDeepSpace[0]));
  assigned = original;
  same(assigned);
  Satellite move_assigned = make_satellite(parse_one(kDeepSpace[0]));
  move_assigned = std::move(assigned);
  same(move_assigned);
  const Satellite& self = move_assigned;
  move_assigned = self;
  same(move_assigned);
}

TEST(Sgp4, PropagateAtInstantEqualsMinutesSinceEpoch) {
  for (const TestTle& tle : {kNearEarth, kDeepSpace[1]}) {
    const Satellite sat = make_satellite(parse_one(tle));
    const Instant t = sat.elements().epoch + Duration::seconds(5430);  // 90.5 minutes
    TemeState at_instant;
    TemeState at_minutes;
    ASSERT_EQ(sat.propagate(t, at_instant), Sgp4Error::kNone);
    ASSERT_EQ(sat.propagate_minutes(90.5, at_minutes), Sgp4Error::kNone);
    EXPECT_EQ(at_instant.r_km, at_minutes.r_km);
    EXPECT_EQ(at_instant.v_km_s, at_minutes.v_km_s);
    Result<TemeState> result = sat.propagate(t);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->r_km, at_minutes.r_km);
    EXPECT_DOUBLE_EQ(sat.minutes_since_epoch(t), 90.5);
  }
}

TEST(Sgp4, ThreeBodySatellitesStayInLowOrbitForADay) {
  Result<ParsedElements> parsed = load_tle_file(kThreeBody);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->sets.size(), 12u);
  for (const ElementSet& set : parsed->sets) {
    const Satellite sat = make_satellite(set);
    EXPECT_FALSE(sat.is_deep_space());
    for (double t = 0.0; t <= 1440.0; t += 1.0) {
      TemeState s;
      ASSERT_EQ(sat.propagate_minutes(t, s), Sgp4Error::kNone) << describe(set);
      const double altitude_km = norm(s.r_km) - 6378.135;
      ASSERT_GT(altitude_km, 400.0) << describe(set) << " t = " << t;
      ASSERT_LT(altitude_km, 600.0) << describe(set) << " t = " << t;
      // Circular-orbit speed at these heights is 7.56-7.67 km/s.
      ASSERT_NEAR(norm(s.v_km_s), 7.6, 0.1) << describe(set) << " t = " << t;
    }
  }
}

TEST(Sgp4, ResonanceIntegrationDoesNotDependOnEarlierCalls) {
  // The reference caches its integrator between calls; ours restarts at epoch, so the
  // answer for a time must not depend on what was asked before, nor on the thread.
  for (const TestTle& tle : kDeepSpace) {
    const Satellite sat = make_satellite(parse_one(tle));
    const std::vector<double> times = {4320.0, 100.0, -2000.0, 4320.0, 10000.0, 100.0};
    std::vector<TemeState> serial(times.size());
    for (size_t i = 0; i < times.size(); ++i) {
      ASSERT_EQ(sat.propagate_minutes(times[i], serial[i]), Sgp4Error::kNone) << tle.what;
    }
    EXPECT_EQ(serial[0].r_km, serial[3].r_km) << tle.what;
    EXPECT_EQ(serial[1].v_km_s, serial[5].v_km_s) << tle.what;

    std::vector<TemeState> threaded(times.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < times.size(); ++i) {
      threads.emplace_back([&, i] { (void)sat.propagate_minutes(times[i], threaded[i]); });
    }
    for (std::thread& thread : threads) thread.join();
    for (size_t i = 0; i < times.size(); ++i) {
      EXPECT_EQ(threaded[i].r_km, serial[i].r_km) << tle.what << " t = " << times[i];
    }
  }
}

TEST(Sgp4, DeepSpaceIsDecidedByThePeriod) {
  EXPECT_FALSE(make_satellite(parse_one(kNearEarth)).is_deep_space());
  for (const TestTle& tle : kDeepSpace) {
    EXPECT_TRUE(make_satellite(parse_one(tle)).is_deep_space()) << tle.what;
  }
}

TEST(Sgp4, Wgs84DiffersFromWgs72SlightlyButNotWildly) {
  const ElementSet set = parse_one(kNearEarth);
  const Satellite wgs72 = make_satellite(set);
  const Satellite wgs84 = make_satellite(set, {GravityModel::kWgs84, OperationMode::kImproved});
  for (double t : {0.0, 720.0, 1440.0}) {
    TemeState a;
    TemeState b;
    ASSERT_EQ(wgs72.propagate_minutes(t, a), Sgp4Error::kNone);
    ASSERT_EQ(wgs84.propagate_minutes(t, b), Sgp4Error::kNone);
    const double d_km = distance(a.r_km, b.r_km);
    EXPECT_GT(d_km, 1e-4) << "t = " << t;  // more than 10 cm: the constants do matter
    EXPECT_LT(d_km, 5.0) << "t = " << t;
  }
}

TEST(Sgp4, AfspcModeOnlyChangesDeepSpace) {
  // Near Earth, the modes differ only in the sidereal angle, which SGP4 does not use.
  const ElementSet near = parse_one(kNearEarth);
  const Satellite near_i = make_satellite(near);
  const Satellite near_a = make_satellite(near, {GravityModel::kWgs72, OperationMode::kAfspc});
  TemeState a;
  TemeState b;
  ASSERT_EQ(near_i.propagate_minutes(1440.0, a), Sgp4Error::kNone);
  ASSERT_EQ(near_a.propagate_minutes(1440.0, b), Sgp4Error::kNone);
  EXPECT_EQ(a.r_km, b.r_km);
  // Deep space with resonance: the sidereal angle at epoch enters the resonant angle.
  const ElementSet geo = parse_one(kDeepSpace[1]);
  const Satellite geo_i = make_satellite(geo);
  const Satellite geo_a = make_satellite(geo, {GravityModel::kWgs72, OperationMode::kAfspc});
  EXPECT_NE(geo_i.record().gsto, geo_a.record().gsto);
  EXPECT_NEAR(geo_i.record().gsto, geo_a.record().gsto, 1e-6);
  ASSERT_EQ(geo_i.propagate_minutes(2880.0, a), Sgp4Error::kNone);
  ASSERT_EQ(geo_a.propagate_minutes(2880.0, b), Sgp4Error::kNone);
  EXPECT_LT(distance(a.r_km, b.r_km), 1.0);
}

// ---- Against python-sgp4 for every gravity model and operation mode -------------------

struct ReferenceState {
  double t_min;
  int error;
  Vec3 r_km;
  Vec3 v_km_s;
};

bool python_sgp4_available() {
  return std::system("/usr/bin/python3 -c 'import sgp4.api' >/dev/null 2>&1") == 0;
}

std::vector<ReferenceState> python_states(const TestTle& tle, const char* gravity, const char* mode,
                                          const std::vector<double>& times) {
  std::ostringstream command_text;
  command_text << "/usr/bin/python3 " << LAGRANGE_SOURCE_DIR << "/scripts/reference/sgp4_states.py "
               << gravity << ' ' << mode << " '" << tle.line1 << "' '" << tle.line2 << '\'';
  for (double t : times) command_text << ' ' << t;
  const std::string command = command_text.str();
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string output;
  char buffer[512];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) output += buffer;
  std::vector<ReferenceState> states;
  std::istringstream in(output);
  ReferenceState s{};
  while (in >> s.t_min >> s.error >> s.r_km.x >> s.r_km.y >> s.r_km.z >> s.v_km_s.x >> s.v_km_s.y >>
         s.v_km_s.z) {
    states.push_back(s);
  }
  return states;
}

void expect_matches_python(const TestTle& tle, GravityModel model, const char* gravity,
                           OperationMode mode, const char* mode_code) {
  SCOPED_TRACE(std::string(tle.what) + " " + gravity + " mode " + mode_code);
  const std::vector<double> times = {0.0, 240.0, 1440.0, 2080.0, 4320.0, -1440.0};
  const std::vector<ReferenceState> reference = python_states(tle, gravity, mode_code, times);
  ASSERT_EQ(reference.size(), times.size()) << "python-sgp4 reference failed";
  const Satellite sat = make_satellite(parse_one(tle), {model, mode});
  for (const ReferenceState& ref : reference) {
    ASSERT_EQ(ref.error, 0);
    TemeState s;
    ASSERT_EQ(sat.propagate_minutes(ref.t_min, s), Sgp4Error::kNone);
    EXPECT_LT(distance(s.r_km, ref.r_km), 1e-6) << "t = " << ref.t_min;
    EXPECT_LT(distance(s.v_km_s, ref.v_km_s), 1e-8) << "t = " << ref.t_min;
  }
}

TEST(Sgp4, MatchesPythonSgp4ForEveryGravityModelAndMode) {
  ASSERT_TRUE(python_sgp4_available())
      << "/usr/bin/python3 with python3-sgp4 is missing: run scripts/install-deps.sh";
  const std::pair<GravityModel, const char*> models[] = {{GravityModel::kWgs72Old, "wgs72old"},
                                                         {GravityModel::kWgs72, "wgs72"},
                                                         {GravityModel::kWgs84, "wgs84"}};
  const std::pair<OperationMode, const char*> modes[] = {{OperationMode::kImproved, "i"},
                                                         {OperationMode::kAfspc, "a"}};
  for (const auto& [model, gravity] : models) {
    expect_matches_python(kNearEarth, model, gravity, OperationMode::kImproved, "i");
  }
  for (const TestTle& tle : kDeepSpace) {
    for (const auto& [mode, code] : modes) {
      expect_matches_python(tle, GravityModel::kWgs72, "wgs72", mode, code);
    }
  }
  expect_matches_python(kDeepSpace[3], GravityModel::kWgs84, "wgs84", OperationMode::kAfspc, "a");
}

}  // namespace
}  // namespace lagrange::orbit
