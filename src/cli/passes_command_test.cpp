// End-to-end tests of `lagrange passes`: they run the built binary (env LAGRANGE_BIN) and
// check stdout, stderr and the exit code against the library (access::find_passes).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli/internal/command_test_fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "access/passes.hpp"
#include "access/stations.hpp"
#include "core/time.hpp"
#include "orbit/sgp4.hpp"
#include "orbit/tle.hpp"

namespace lagrange::cli {
namespace {

namespace fs = std::filesystem;
using test::lines_of;
using test::read_file;
using test::RunResult;

const std::string& kThreeBody = test::kThreeBodyTle;
const std::string kDefaultStations = std::string(LAGRANGE_DATA_DIR) + "/stations/default.yaml";
const std::string kHeader = "norad_id,station,aos_utc,tca_utc,los_utc,max_elevation_deg";

class PassesCommand : public test::CommandTest {
 protected:
  PassesCommand() : CommandTest("passes") {}
};

TEST_F(PassesCommand, CsvMatchesTheLibraryRowForRowAndIsDeterministic) {
  const std::string args = "--tle " + kThreeBody + " --stations " + kDefaultStations +
                           " --start 2026-06-26T00:00:00Z --end 2026-06-26T12:00:00Z";
  const RunResult r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto lines = lines_of(r.out);
  ASSERT_GT(lines.size(), 100u);
  EXPECT_EQ(lines[0], kHeader);

  auto parsed = orbit::load_tle_file(kThreeBody);
  ASSERT_TRUE(parsed.ok());
  std::vector<orbit::Satellite> sats;
  for (const auto& set : parsed->sets) sats.push_back(*orbit::Satellite::create(set));
  auto stations = access::load_stations_file(kDefaultStations);
  ASSERT_TRUE(stations.ok());
  auto report = access::find_passes(sats, *stations, *parse_iso8601("2026-06-26T00:00:00Z"),
                                    *parse_iso8601("2026-06-26T12:00:00Z"));
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(lines.size(), report->passes.size() + 1);
  for (size_t i = 0; i < report->passes.size(); ++i) {
    const access::Pass& p = report->passes[i];
    std::ostringstream expected;
    char elevation[32];
    std::snprintf(elevation, sizeof elevation, "%.3f", p.max_elevation_deg);
    expected << p.norad_id << ',' << (*stations)[p.station].name << ',' << format_iso8601(p.aos)
             << ',' << format_iso8601(p.tca) << ',' << format_iso8601(p.los) << ',' << elevation;
    EXPECT_EQ(lines[i + 1], expected.str());
  }
  EXPECT_EQ(run(args).out, r.out);  // byte-identical on a second run
}

TEST_F(PassesCommand, JsonFlagsPassesCutByTheWindow) {
  const RunResult r = run("--tle " + kThreeBody +
                          " --station Svalbard:78.2298:15.4078:480 --station Troll:-72.01:2.53:1270"
                          " --start 2026-06-26T00:10:00Z --end 2026-06-26T06:00:00Z"
                          " --min-elevation 0 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto root = nlohmann::json::parse(r.out);
  EXPECT_EQ(root["window"]["start_utc"], "2026-06-26T00:10:00.000Z");
  size_t clipped = 0;
  for (const auto& p : root["passes"]) {
    EXPECT_GE(double(p["max_elevation_deg"]), 0.0);
    if (p["aos_clipped"]) {
      EXPECT_EQ(p["aos_utc"], "2026-06-26T00:10:00.000Z");
      ++clipped;
    }
    if (p["los_clipped"]) {
      EXPECT_EQ(p["los_utc"], "2026-06-26T06:00:00.000Z");
      ++clipped;
    }
  }
  EXPECT_GT(root["passes"].size(), 20u);
  EXPECT_GE(clipped, 1u);
}

TEST_F(PassesCommand, BadInputsGiveClearMessagesAndExitCodes) {
  const std::string window = " --start 2026-06-26T00:00:00Z --end 2026-06-26T06:00:00Z";
  RunResult r = run("--tle " + kThreeBody + window);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("give --stations FILE or --station"), std::string::npos) << r.err;

  r = run("--tle " + kThreeBody + " --station X:91:0:0" + window);
  EXPECT_EQ(r.exit_code, 2);  // a bad option value is a usage error (README exit codes)
  EXPECT_NE(r.err.find("field latitude_deg: 91 is outside [-90, 90]"), std::string::npos) << r.err;

  const std::string bad_csv =
      write_temp("st.csv", "name,latitude_deg,longitude_deg,height_m\nA,10,20,0\nB,10,east,0\n");
  r = run("--tle " + kThreeBody + " --stations " + bad_csv + window);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("st.csv:3: field longitude_deg: 'east' is not a number"), std::string::npos)
      << r.err;

  r = run("--tle " + kThreeBody +
          " --station A:1:2:3 --start 2026-06-27T00:00:00Z"
          " --end 2026-06-26T00:00:00Z");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--end must be after --start"), std::string::npos) << r.err;

  r = run("--tle " + kThreeBody + " --station A:1:2:3 --min-elevation 95" + window);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--min-elevation must be in [0, 90)"), std::string::npos) << r.err;

  r = run("--tle " + kThreeBody + " --station A:1:2:3 --station A:4:5:6" + window);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("station name 'A' is given twice"), std::string::npos) << r.err;

  r = run("--tle " + kThreeBody + " --station A:1:2:3 --format xml" + window);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace lagrange::cli
