// End-to-end tests of `lagrange contacts` and `lagrange eclipses`: they run the built binary
// (env LAGRANGE_BIN) and check outputs and exit codes.
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

namespace lagrange::cli {
namespace {

namespace fs = std::filesystem;
using test::lines_of;
using test::read_file;
using test::RunResult;

const std::string& kThreeBody = test::kThreeBodyTle;
const std::string kWindow = " --start 2026-06-27T00:00:00Z --end 2026-06-27T03:00:00Z";

class AccessCommands : public test::CommandTest {
 protected:
  AccessCommands() : CommandTest("") {}
};

TEST_F(AccessCommands, EclipsesCsvForThreeBody) {
  const RunResult r = run("eclipses --tle " + kThreeBody + kWindow);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_GT(lines.size(), 12u * 3u);
  EXPECT_EQ(lines[0], "norad_id,start_utc,end_utc,kind,min_illuminated_fraction");
  int umbra = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    umbra += lines[i].find(",umbra,") != std::string::npos;
    EXPECT_TRUE(lines[i].starts_with("639")) << lines[i];
  }
  EXPECT_GE(umbra, 12 * 2);  // ~ 1.9 orbits of a 97.4 deg, 95 min orbit in 3 h
}

TEST_F(AccessCommands, ContactsAllFormatsIntoDirectory) {
  const RunResult r =
      run("contacts --walker 53:96/8/1@700km --isl-range-km 6000 --station "
          "Kashgar:39.5:76.0:1300" +
          kWindow + " --output " + (dir_ / "plan/").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f :
       {"contacts.csv", "eclipses.csv", "nodes.csv", "contact_plan.json", "contact_plan.ionrc"}) {
    EXPECT_TRUE(fs::exists(dir_ / "plan" / f)) << f;
  }
  const auto hdtn = nlohmann::json::parse(read_file(dir_ / "plan" / "contact_plan.json"));
  EXPECT_GT(hdtn.at("contacts").size(), 2u * 96u);
  const auto nodes = lines_of(read_file(dir_ / "plan" / "nodes.csv"));
  ASSERT_EQ(nodes.size(), 1u + 97u);
  EXPECT_EQ(nodes.back(), "96,97,ground_station,Kashgar,");
  const std::string csv = read_file(dir_ / "plan" / "contacts.csv");
  EXPECT_NE(csv.find(",downlink,"), std::string::npos);
  EXPECT_NE(csv.find(",uplink,"), std::string::npos);
  EXPECT_NE(csv.find(",isl,"), std::string::npos);
}

TEST_F(AccessCommands, ContactsIonToStdoutIsDeterministic) {
  const std::string args =
      "contacts --tle " + kThreeBody + kWindow +
      " --isl nearest --terminals 2 --format ion --station Sanya:18.3:109.3:20";
  const RunResult a = run(args);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.out.find("## node 13 ground_station Sanya"), std::string::npos);
  EXPECT_NE(a.out.find("a contact +"), std::string::npos);
  EXPECT_NE(a.out.find("a range +"), std::string::npos);
  const RunResult b = run(args + " --threads 1");
  EXPECT_EQ(a.out, b.out);
}

TEST_F(AccessCommands, ContactsRefusesAStationNamedTwice) {
  // Contacts are keyed by station name; two stations of one name would be one node.
  const RunResult r = run("contacts --tle " + kThreeBody + kWindow +
                          " --station Sanya:18.3:109.3:20 --station Sanya:18.4:109.4:20");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("station name 'Sanya' is given twice"), std::string::npos) << r.err;
}

TEST_F(AccessCommands, BadInputsExitWithMessages) {
  // Exit codes (README): 2 for what is wrong on the command line, 1 for files.
  RunResult r = run("contacts --walker 53:1584/71/17@550km" + kWindow);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("divisible"), std::string::npos) << r.err;
  r = run("contacts --tle " + kThreeBody +
          " --start 2026-06-27T03:00:00Z --end 2026-06-27T00:00:00Z");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--end must be after --start"), std::string::npos) << r.err;
  r = run("contacts --tle " + kThreeBody + kWindow + " --isl mesh");
  EXPECT_EQ(r.exit_code, 2);
  r = run("eclipses --tle /no/such/file.tle" + kWindow);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/no/such/file.tle"), std::string::npos) << r.err;
  r = run("contacts --tle " + kThreeBody + kWindow + " --acquisition-s -3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--acquisition-s"), std::string::npos) << r.err;
  r = run("contacts --tle " + kThreeBody + kWindow + " --station Bad:95:0:0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

}  // namespace
}  // namespace lagrange::cli
