// End-to-end tests of `lagrange propagate`: they run the built binary (env LAGRANGE_BIN) and
// check its stdout, stderr and exit code.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include "cli/internal/command_test_fixture.hpp"
#include "core/hash.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "orbit/frames.hpp"
#include "orbit/sgp4.hpp"
#include "orbit/tle.hpp"

namespace lagrange::cli {
namespace {

namespace fs = std::filesystem;
using test::lines_of;
using test::read_file;
using test::RunResult;

const std::string& kThreeBody = test::kThreeBodyTle;
const std::string kTemeHeader =
    "norad_id,time_utc,minutes_since_epoch,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s";
const std::string kGeodeticHeader = "norad_id,time_utc,minutes_since_epoch,lat_deg,lon_deg,alt_km";

// SCS-01 A, copied from the file above.
const char* kGoodSet =
    "SCS-01 A\n"
    "1 63982U 25100A   26177.93574109  .00009055  00000+0  41333-3 0  9992\n"
    "2 63982  97.3676 250.4982 0027079 332.5156  27.4646 15.20497803 62127\n";
// A made-up object at ~300 km with a huge drag term (B* = 0.005). python-sgp4 gives states at
// 0, 1440 and 3500 minutes, code 6 (decayed) at 3450, 4000 and 5000 and code 1 at 10000.
const char* kDecayingSet =
    "DECAYING\n"
    "1 99901U 26001A   26100.50000000  .00000000  00000+0  50000-2 0  9997\n"
    "2 99901  51.6000 100.0000 0005000  90.0000 270.0000 16.10000000    15\n";

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  std::string field;
  while (std::getline(in, field, separator)) fields.push_back(field);
  return fields;
}

class PropagateCommand : public test::CommandTest {
 protected:
  PropagateCommand() : CommandTest("propagate") {}
};

TEST_F(PropagateCommand, TemeCsvHeaderRowsAndNineDecimals) {
  const RunResult r = run("--tle " + kThreeBody + " --minutes 0,90,1440");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u + 12u * 3u);
  EXPECT_EQ(lines[0], kTemeHeader);
  const std::regex number(R"(-?\d+\.\d{9})");
  const std::regex time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto fields = split(lines[i], ',');
    ASSERT_EQ(fields.size(), 9u) << lines[i];
    EXPECT_TRUE(std::regex_match(fields[1], time)) << fields[1];
    for (size_t f = 2; f < fields.size(); ++f) {
      EXPECT_TRUE(std::regex_match(fields[f], number)) << fields[f];
    }
  }
  // File order, then minutes ascending.
  EXPECT_EQ(split(lines[1], ',')[0], "63982");
  EXPECT_EQ(split(lines[1], ',')[2], "0.000000000");
  EXPECT_EQ(split(lines[3], ',')[2], "1440.000000000");
  EXPECT_EQ(split(lines[4], ',')[0], "63983");
  EXPECT_EQ(split(lines.back(), ',')[0], "63993");
}

// The printed TEME states are Satellite::propagate_minutes' values to the printed precision.
TEST_F(PropagateCommand, TemeValuesEqualScalarPropagator) {
  const RunResult r = run("--tle " + kThreeBody + " --minutes=-30,0,45.5,1440,4000");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto parsed = orbit::load_tle_file(kThreeBody);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u + 12u * 5u);
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto f = split(lines[i], ',');
    const size_t set_index = (i - 1) / 5;
    const orbit::ElementSet& set = parsed->sets[set_index];
    ASSERT_EQ(f[0], std::to_string(set.norad_id));
    const double minutes = std::stod(f[2]);
    auto sat = orbit::Satellite::create(set);
    ASSERT_TRUE(sat.ok());
    const auto s = sat->propagate_minutes(minutes);
    ASSERT_TRUE(s.ok());
    const double tol = 1e-9;  // printed with 9 decimals: rounding is at most 5e-10
    EXPECT_NEAR(std::stod(f[3]), s->r_km.x, tol) << lines[i];
    EXPECT_NEAR(std::stod(f[4]), s->r_km.y, tol) << lines[i];
    EXPECT_NEAR(std::stod(f[5]), s->r_km.z, tol) << lines[i];
    EXPECT_NEAR(std::stod(f[6]), s->v_km_s.x, tol) << lines[i];
    EXPECT_NEAR(std::stod(f[7]), s->v_km_s.y, tol) << lines[i];
    EXPECT_NEAR(std::stod(f[8]), s->v_km_s.z, tol) << lines[i];
    EXPECT_EQ(f[1], format_iso8601(set.epoch + Duration::from_minutes(minutes)));
  }
}

// The same elements as CelesTrak's OMM CSV give the same states as the TLE.
TEST_F(PropagateCommand, OmmInputMatchesTle) {
  const std::string omm = write_temp(
      "scs01a.csv",
      "OBJECT_NAME,OBJECT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,"
      "ARG_OF_PERICENTER,MEAN_ANOMALY,EPHEMERIS_TYPE,CLASSIFICATION_TYPE,NORAD_CAT_ID,"
      "ELEMENT_SET_NO,REV_AT_EPOCH,BSTAR,MEAN_MOTION_DOT,MEAN_MOTION_DDOT\n"
      "SCS-01 A,2025-100A,2026-06-26T22:27:28.030176,15.20497803,.0027079,97.3676,250.4982,"
      "332.5156,27.4646,0,U,63982,999,6212,.41333E-3,.9055E-4,0\n");
  const std::string tle = write_temp("scs01a.tle", kGoodSet);
  const RunResult a = run("--omm " + omm + " --minutes 0,100,1000");
  const RunResult b = run("--tle " + tle + " --minutes 0,100,1000");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const auto la = lines_of(a.out);
  const auto lb = lines_of(b.out);
  ASSERT_EQ(la.size(), 4u);
  ASSERT_EQ(lb.size(), 4u);
  for (size_t i = 1; i < la.size(); ++i) {
    const auto fa = split(la[i], ',');
    const auto fb = split(lb[i], ',');
    EXPECT_EQ(fa[0], fb[0]);
    EXPECT_EQ(fa[1], fb[1]);
    for (size_t k = 3; k < 9; ++k) EXPECT_NEAR(std::stod(fa[k]), std::stod(fb[k]), 1e-6);
  }
}

TEST_F(PropagateCommand, AbsoluteTimesGridAndOrder) {
  const RunResult r = run("--tle " + kThreeBody +
                          " --start 2026-06-27T00:00:00Z --end 2026-06-27T00:02:30Z --step 60");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u + 12u * 3u);  // 00:00, 00:01, 00:02 (00:03 is after --end)
  const char* times[] = {"2026-06-27T00:00:00.000Z", "2026-06-27T00:01:00.000Z",
                         "2026-06-27T00:02:00.000Z"};
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto f = split(lines[i], ',');
    EXPECT_EQ(f[0], std::to_string(63982 + (i - 1) / 3));
    EXPECT_EQ(f[1], times[(i - 1) % 3]);
  }

  // The end is included when it falls on the grid.
  const RunResult on_grid = run("--tle " + kThreeBody +
                                " --start 2026-06-27T00:00:00Z --end 2026-06-27T00:03:00Z "
                                "--step 60");
  EXPECT_EQ(lines_of(on_grid.out).size(), 1u + 12u * 4u);
  // --start alone: one instant.
  const RunResult single = run("--tle " + kThreeBody + " --start 2026-06-27T00:00:00Z");
  EXPECT_EQ(lines_of(single.out).size(), 1u + 12u);
}

// Absolute times agree with minutes since epoch through the same scalar propagator, and the
// ITRF rows are the TEME rows rotated (frames are tested against skyfield in orbit_tests).
TEST_F(PropagateCommand, ItrfRowsAreRotatedTemeRows) {
  const std::string times = " --start 2026-07-01T12:00:00Z --end 2026-07-01T13:00:00Z --step 900";
  const RunResult teme = run("--tle " + kThreeBody + times);
  const RunResult itrf = run("--tle " + kThreeBody + times + " --frame itrf");
  ASSERT_EQ(teme.exit_code, 0) << teme.err;
  ASSERT_EQ(itrf.exit_code, 0) << itrf.err;
  const auto teme_lines = lines_of(teme.out);
  const auto itrf_lines = lines_of(itrf.out);
  ASSERT_EQ(teme_lines.size(), itrf_lines.size());
  EXPECT_EQ(itrf_lines[0], kTemeHeader);
  for (size_t i = 1; i < teme_lines.size(); ++i) {
    const auto a = split(teme_lines[i], ',');
    const auto b = split(itrf_lines[i], ',');
    ASSERT_EQ(a[0], b[0]);
    ASSERT_EQ(a[1], b[1]);
    const Instant t = *parse_iso8601(a[1]);
    const orbit::ItrfState s =
        orbit::teme_to_itrf({std::stod(a[3]), std::stod(a[4]), std::stod(a[5])},
                            {std::stod(a[6]), std::stod(a[7]), std::stod(a[8])}, t);
    EXPECT_NEAR(std::stod(b[3]), s.r_km.x, 2e-9);
    EXPECT_NEAR(std::stod(b[4]), s.r_km.y, 2e-9);
    EXPECT_NEAR(std::stod(b[5]), s.r_km.z, 2e-9);
    EXPECT_NEAR(std::stod(b[6]), s.v_km_s.x, 2e-9);
    EXPECT_NEAR(std::stod(b[7]), s.v_km_s.y, 2e-9);
    EXPECT_NEAR(std::stod(b[8]), s.v_km_s.z, 2e-9);
  }
}

TEST_F(PropagateCommand, GeodeticAltitudesOfTheConstellation) {
  const RunResult r = run("--tle " + kThreeBody +
                          " --frame geodetic --start 2026-06-27T00:00:00Z "
                          "--end 2026-06-27T03:00:00Z --step 300");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u + 12u * 37u);
  EXPECT_EQ(lines[0], kGeodeticHeader);
  double max_abs_lat = 0.0;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto f = split(lines[i], ',');
    ASSERT_EQ(f.size(), 6u);
    const double lat = std::stod(f[3]), lon = std::stod(f[4]), alt = std::stod(f[5]);
    EXPECT_GE(alt, 400.0) << lines[i];
    EXPECT_LE(alt, 600.0) << lines[i];
    EXPECT_LE(std::abs(lat), 90.0);
    EXPECT_GT(lon, -180.0);
    EXPECT_LE(lon, 180.0);
    max_abs_lat = std::max(max_abs_lat, std::abs(lat));
  }
  // A 97.4 deg orbit reaches latitude 82.6 deg; in 3 h every satellite gets close to it.
  EXPECT_GT(max_abs_lat, 80.0);
  EXPECT_LT(max_abs_lat, 83.0);
}

TEST_F(PropagateCommand, JsonHasTheCsvKeysAndValues) {
  const std::string args = "--tle " + kThreeBody + " --minutes 0,100 --frame geodetic";
  const RunResult csv = run(args);
  const RunResult json = run(args + " --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  ASSERT_TRUE(doc.is_array());
  const auto lines = lines_of(csv.out);
  ASSERT_EQ(doc.size(), lines.size() - 1);
  const auto keys = split(kGeodeticHeader, ',');
  for (size_t i = 0; i < doc.size(); ++i) {
    const auto f = split(lines[i + 1], ',');
    ASSERT_EQ(doc[i].size(), keys.size());
    EXPECT_EQ(doc[i]["norad_id"].get<int>(), std::stoi(f[0]));
    EXPECT_EQ(doc[i]["time_utc"].get<std::string>(), f[1]);
    for (size_t k = 2; k < keys.size(); ++k) {
      EXPECT_DOUBLE_EQ(doc[i][keys[k]].get<double>(), std::stod(f[k])) << keys[k];
    }
  }
  const RunResult empty = run("--tle " + write_temp("none.tle", "") + " --format json");
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(nlohmann::json::parse(empty.out), nlohmann::json::array());
}

TEST_F(PropagateCommand, TableShowsNamesAndElementAge) {
  const RunResult r =
      run("--tle " + kThreeBody + " --frame geodetic --format table --start 2026-11-22T12:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("SCS-01 A"), std::string::npos);
  EXPECT_NE(r.out.find("SCS-01 M"), std::string::npos);
  EXPECT_NE(r.out.find("LAT (deg)"), std::string::npos);
  // Epochs 2026-06-26T22:27..23:16 are 148.5-148.6 days before 2026-11-22T12:00.
  EXPECT_NE(r.out.find("148.5 to 148.6 days old"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("STALE"), std::string::npos);
}

TEST_F(PropagateCommand, DefaultsToNow) {
  for (const std::string extra : {"", " --start now"}) {
    const RunResult r = run("--tle " + kThreeBody + extra);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 13u);
    const auto t = parse_iso8601(split(lines[1], ',')[1]);
    ASSERT_TRUE(t.ok());
    const double clock_s =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_NEAR(t->unix_seconds(), clock_s, 600.0);
  }
}

TEST_F(PropagateCommand, BadChecksumIsAnInputErrorNamingFileAndLine) {
  std::string text = kGoodSet;
  text += "SCS-01 B\n";
  text += "1 63983U 25100B   26177.94234238  .00031003  00000+0  79511-3 0  9998\n";  // was 7
  text += "2 63983  97.3636 255.0504 0008187 250.4511 109.5851 15.39262267 62413\n";
  const std::string path = write_temp("bad.tle", text);
  const RunResult r = run("--tle " + path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(path + ": line 5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("checksum"), std::string::npos) << r.err;

  const RunResult skipped = run("--tle " + path + " --skip-invalid --minutes 0");
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  const auto lines = lines_of(skipped.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(split(lines[1], ',')[0], "63982");
  const auto err_lines = lines_of(skipped.err);
  ASSERT_EQ(err_lines.size(), 1u) << skipped.err;
  EXPECT_NE(err_lines[0].find("skipped"), std::string::npos);
  EXPECT_NE(err_lines[0].find(path + ": line 5"), std::string::npos);

  const RunResult missing = run("--tle " + (dir_ / "no_such.tle").string());
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no_such.tle"), std::string::npos);
}

TEST_F(PropagateCommand, DecayedSatelliteGetsOneStderrLineAndTheRunGoesOn) {
  const std::string path = write_temp("decay.tle", std::string(kDecayingSet) + kGoodSet);
  const RunResult r = run("--tle " + path + " --minutes 0,1440,4000,5000,10000");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u + 2u + 5u);
  EXPECT_EQ(split(lines[2], ',')[0], "99901");
  EXPECT_EQ(split(lines[2], ',')[2], "1440.000000000");
  EXPECT_EQ(split(lines[3], ',')[0], "63982");
  const auto err_lines = lines_of(r.err);
  ASSERT_EQ(err_lines.size(), 1u) << r.err;
  const std::string& e = err_lines[0];
  EXPECT_NE(e.find("99901 (DECAYING)"), std::string::npos) << e;
  // 2026 day 100.5 + 4000 min = 2026-04-13T06:40:00Z.
  EXPECT_NE(e.find("2026-04-13T06:40:00.000Z"), std::string::npos) << e;
  EXPECT_NE(e.find("code 6"), std::string::npos) << e;
  EXPECT_NE(e.find("decayed"), std::string::npos) << e;
  EXPECT_NE(e.find("2 later times"), std::string::npos) << e;
}

TEST_F(PropagateCommand, UsageErrorsExitTwoNamingTheOption) {
  const std::string tle = " --tle " + kThreeBody;
  const struct {
    std::string args;
    std::string names;
  } cases[] = {
      {"--minutes 0", "--tle"},
      {tle + " --omm x.xml", "--omm"},
      {tle + " --start 2026-06-27T01:00Z --end 2026-06-27T00:00Z", "--end"},
      {tle + " --start 2026-06-27T00:00Z --end 2026-06-27T01:00Z --step 0", "--step"},
      {tle + " --start 2026-06-27T00:00Z --end 2026-06-27T01:00Z --step=-5", "--step"},
      {tle + " --minutes 0 --start 2026-06-27T00:00Z", "--minutes"},
      {tle + " --end 2026-06-27T00:00Z", "--end"},
      {tle + " --step 60", "--step"},
      {tle + " --start yesterday", "--start"},
      {tle + " --frame ecef", "--frame"},
      {tle + " --format xml", "--format"},
      {tle + " --minutes 0,abc", "--minutes"},
  };
  for (const auto& c : cases) {
    const RunResult r = run(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.err;
    EXPECT_NE(r.err.find(c.names), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_EQ(r.out, "") << c.args;
  }
}

TEST_F(PropagateCommand, HelpDocumentsEveryOption) {
  const RunResult r = run("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--tle", "--omm", "--start", "--end", "--step", "--minutes", "--frame",
                             "--format", "--skip-invalid", "SECONDS", "MINUTES", "UTC"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
}

TEST_F(PropagateCommand, OutputIsDeterministic) {
  const std::string args = "--tle " + kThreeBody + " --frame geodetic --minutes 0,7,3000";
  const RunResult a = run(args);
  const RunResult b = run(args);
  ASSERT_EQ(a.exit_code, 0);
  EXPECT_EQ(a.out, b.out);
}

// FNV-1a, 64 bits: pins outputs too large to keep in the test.
uint64_t fnv1a(const std::string& bytes) {
  return fnv1a64(bytes);
}

// The bytes of stdout and stderr, pinned from the build before the fixed-point formatter and
// the parallel formatting (commit 67d2a00, which formatted every number with fmt on one
// thread). Several satellites over enough instants to be cut into many pieces, every frame
// and format, absolute and relative times, and a satellite that decays mid-run (its failures
// counted across pieces). Each is run on 1, 2 and 3 threads: the same bytes every time.
TEST_F(PropagateCommand, OutputIsByteIdenticalToTheSingleThreadedFmtFormatting) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "pinned bytes are those of the release build (-O3, FMA contraction); the "
                  "sanitizer build rounds some sums differently";
#endif
  constexpr uint64_t kNotPinned = 0;
  const std::string decaying = write_temp("decay.tle", std::string(kDecayingSet) + kGoodSet);
  const std::string day = " --start 2026-06-27T00:00:00Z --end 2026-06-27T23:59:00Z";
  const std::string decay_window = " --start 2026-04-10T12:00:00Z --end 2026-04-15T12:00:00Z";
  const struct {
    std::string args;
    uint64_t out_hash;
    uint64_t err_hash;
  } cases[] = {
      {"--tle " + kThreeBody + day, 0x60f65f0004d8ffa7ull, 0xcbf29ce484222325ull},
      {"--tle " + kThreeBody + day + " --step 600 --frame itrf --format json",
       0xd8cc52cc4f429235ull, 0xcbf29ce484222325ull},
      {"--tle " + kThreeBody + day + " --step 900 --frame geodetic --format table", kNotPinned,
       0xcbf29ce484222325ull},
      {"--tle " + kThreeBody + day + " --step 120 --frame geodetic", 0xc6c48b919d8c1a5cull,
       0xcbf29ce484222325ull},
      {"--tle " + kThreeBody + " --minutes=-30,0,45.5,1440,4000 --frame itrf",
       0xeeb0fa3c50653941ull, 0xcbf29ce484222325ull},
      {"--tle " + kThreeBody + " --minutes=-30,0,45.5,1440,4000 --format json --frame geodetic",
       0x4bdac369cadb509aull, 0xcbf29ce484222325ull},
      {"--tle " + decaying + decay_window, 0x77a86f340b4693f3ull, 0x8d8b85217a46f619ull},
      {"--tle " + decaying + decay_window + " --format json --frame geodetic",
       0xb7e25a19c5e1fdfcull, 0x8d8b85217a46f619ull},
  };
  std::string first_table;
  for (const auto& c : cases) {
    for (const char* threads : {"1", "2", "3"}) {
      ::setenv("OMP_NUM_THREADS", threads, 1);
      const RunResult r = run(c.args);
      ::unsetenv("OMP_NUM_THREADS");
      EXPECT_EQ(r.exit_code, 0) << c.args << "\n" << r.err;
      if (c.out_hash == kNotPinned) {
        // The table names the element file by the path given, so its bytes depend on where
        // the checkout is: it is held to the same bytes on every thread count instead.
        if (std::string(threads) == "1") first_table = r.out;
        EXPECT_EQ(r.out, first_table) << c.args << " on " << threads << " threads";
      } else {
        EXPECT_EQ(fnv1a(r.out), c.out_hash) << c.args << " on " << threads << " threads";
      }
      EXPECT_EQ(fnv1a(r.err), c.err_hash) << c.args << " on " << threads << " threads";
    }
  }
}

// A full device: the run stops and says so, exit 1, instead of exit 0 with the rows lost.
TEST_F(PropagateCommand, StdoutOnAFullDeviceIsAnErrorNotASilentLoss) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const fs::path err = dir_ / "err.txt";
  for (const char* format : {"csv", "json", "table"}) {
    const std::string command = "'" + bin_ + "' propagate --tle " + kThreeBody + " --format " +
                                format + " --minutes 0,90 >/dev/full 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1) << format;
    const std::string message = read_file(err);
    EXPECT_NE(message.find("could not write the output: No space left on device"),
              std::string::npos)
        << message;
  }
}

}  // namespace
}  // namespace lagrange::cli
