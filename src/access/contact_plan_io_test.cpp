#include "access/contact_plan_io.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

namespace lagrange::access {
namespace {

const Instant kStart = Instant::from_unix_seconds(1782518400.0);  // 2026-06-27T00:00:00Z

Instant at(double seconds) {
  return kStart + Duration::from_seconds(seconds);
}

ContactPlan sample_plan() {
  ContactPlan p;
  p.window_start = kStart;
  p.window_end = at(3600);
  p.nodes = {{"SAT-A", NodeKind::kSatellite, 900000},
             {"SAT,B", NodeKind::kSatellite, 900001},
             {"Kashgar", NodeKind::kGroundStation, 0}};
  p.contacts = {
      {0, 1, at(15.2), at(600.9), 100e9, 0.0042, ContactKind::kInterSatellite},
      {1, 0, at(15.2), at(600.9), 100e9, 0.0042, ContactKind::kInterSatellite},
      {0, 2, at(100.0), at(500.0), 300e6, 0.0081, ContactKind::kSatelliteToGround},
      {2, 0, at(100.0), at(500.0), 2e6, 0.0081, ContactKind::kGroundToSatellite},
      {0, 2, at(700.3), at(700.8), 300e6, 0.0081, ContactKind::kSatelliteToGround},  // < 1 s
  };
  p.eclipses = {{1, at(1000.0), at(1008.5), ShadowKind::kPenumbra, 0.0},
                {1, at(1008.5), at(3100.0), ShadowKind::kUmbra, 0.0}};
  canonicalize(p);
  return p;
}

TEST(ContactPlanIoTest, HdtnJsonHasHdtnFieldsAsIntegers) {
  std::ostringstream out;
  write_hdtn_json(sample_plan(), out);
  const auto j = nlohmann::json::parse(out.str());
  const auto& contacts = j.at("contacts");
  ASSERT_EQ(contacts.size(), 4u);  // the sub-second contact vanishes
  for (size_t i = 0; i < contacts.size(); ++i) {
    const auto& c = contacts[i];
    EXPECT_EQ(c.size(), 7u);
    for (const char* key :
         {"contact", "source", "dest", "startTime", "endTime", "rateBitsPerSec", "owlt"}) {
      ASSERT_TRUE(c.at(key).is_number_unsigned()) << key;
    }
    EXPECT_EQ(c["contact"].get<uint64_t>(), i);
    EXPECT_LT(c["startTime"].get<uint64_t>(), c["endTime"].get<uint64_t>());
  }
  // First contact 0 -> 1 from 15.2 s to 600.9 s: rounded inwards to [16, 600]; nodes + 1.
  EXPECT_EQ(contacts[0]["source"], 1);
  EXPECT_EQ(contacts[0]["dest"], 2);
  EXPECT_EQ(contacts[0]["startTime"], 16);
  EXPECT_EQ(contacts[0]["endTime"], 600);
  EXPECT_EQ(contacts[0]["rateBitsPerSec"], 100000000000ull);
  EXPECT_EQ(contacts[0]["owlt"], 1);
}

TEST(ContactPlanIoTest, IonHasContactAndRangeCommandsWithStopTimes) {
  std::ostringstream out;
  write_ion(sample_plan(), out);
  const std::string text = out.str();
  std::istringstream lines(text);
  std::string line;
  int contacts = 0;
  int ranges = 0;
  const std::regex command(R"(^a (contact|range) \+(\d+) \+(\d+) (\d+) (\d+) (\d+)$)");
  while (std::getline(lines, line)) {
    if (line.starts_with("#")) continue;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, command)) << line;
    EXPECT_LT(std::stoull(m[2]), std::stoull(m[3]));  // a stop time, not a duration
    (m[1] == "contact" ? contacts : ranges)++;
  }
  EXPECT_EQ(contacts, 4);
  EXPECT_EQ(ranges, 4);
  EXPECT_NE(text.find("a contact +16 +600 1 2 12500000000\n"), std::string::npos);
  EXPECT_NE(text.find("a contact +100 +500 3 1 250000\n"), std::string::npos);
  EXPECT_NE(text.find("a range +16 +600 1 2 1\n"), std::string::npos);
  EXPECT_NE(text.find("## node 3 ground_station Kashgar\n"), std::string::npos);
  EXPECT_NE(text.find("## plan start (time +0): 2026-06-27T00:00:00.000Z"), std::string::npos);
}

TEST(ContactPlanIoTest, CsvQuotesNamesAndKeepsMilliseconds) {
  std::ostringstream out;
  write_contacts_csv(sample_plan(), out);
  std::istringstream lines(out.str());
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  EXPECT_EQ(header,
            "from,to,from_name,to_name,kind,start_utc,end_utc,start_s,end_s,rate_bps,owlt_s");
  EXPECT_EQ(first,
            "0,1,SAT-A,\"SAT,B\",isl,2026-06-27T00:00:15.200Z,2026-06-27T00:10:00.900Z,15.200,"
            "600.900,100000000000,0.004200");
  std::ostringstream ecl;
  write_eclipses_csv(sample_plan(), ecl);
  EXPECT_EQ(ecl.str(),
            "norad_id,start_utc,end_utc,kind,min_illuminated_fraction\n"
            "900001,2026-06-27T00:16:40.000Z,2026-06-27T00:16:48.500Z,penumbra,0.0000\n"
            "900001,2026-06-27T00:16:48.500Z,2026-06-27T00:51:40.000Z,umbra,0.0000\n");
}

TEST(ContactPlanIoTest, GroundLinksAreWrittenLikeAnyContact) {
  ContactPlan p;
  p.window_start = kStart;
  p.window_end = at(3600);
  p.nodes = {{"Kashgar", NodeKind::kGroundStation, 0}, {"Sanya", NodeKind::kGroundStation, 0}};
  p.contacts = {{0, 1, kStart, at(3600), 1e9, 0.05, ContactKind::kGroundLink}};
  std::ostringstream csv, hdtn, ion;
  write_contacts_csv(p, csv);
  write_hdtn_json(p, hdtn);
  write_ion(p, ion);
  EXPECT_NE(csv.str().find("0,1,Kashgar,Sanya,ground,2026-06-27T00:00:00.000Z,"
                           "2026-06-27T01:00:00.000Z,0.000,3600.000,1000000000,0.050000"),
            std::string::npos)
      << csv.str();
  // The latency rounds up to a whole second, like a light time.
  EXPECT_NE(hdtn.str().find("\"source\": 1, \"dest\": 2, \"startTime\": 0, \"endTime\": 3600, "
                            "\"rateBitsPerSec\": 1000000000, \"owlt\": 1"),
            std::string::npos)
      << hdtn.str();
  EXPECT_NE(ion.str().find("a contact +0 +3600 1 2 125000000\na range +0 +3600 1 2 1\n"),
            std::string::npos)
      << ion.str();
}

TEST(ContactPlanIoTest, DirectoryGetsEveryFormat) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("lagrange_plan_io_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  ASSERT_TRUE(write_plan_directory(sample_plan(), dir.string()).ok());
  for (const char* f :
       {"contacts.csv", "eclipses.csv", "nodes.csv", "contact_plan.json", "contact_plan.ionrc"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  }
  std::ifstream nodes(dir / "nodes.csv");
  std::stringstream ss;
  ss << nodes.rdbuf();
  EXPECT_EQ(ss.str(),
            "node,ipn_node,kind,name,norad_id\n0,1,satellite,SAT-A,900000\n"
            "1,2,satellite,\"SAT,B\",900001\n2,3,ground_station,Kashgar,\n");
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(write_plan_directory(sample_plan(), "/proc/no/such/dir").ok());
  EXPECT_FALSE(parse_plan_format("xml").ok());
}

// A full disk (/dev/full behind one file's name) is an error naming that file and the reason.
TEST(ContactPlanIoTest, DirectoryOnAFullDiskNamesTheFileAndTheReason) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const auto dir = std::filesystem::temp_directory_path() /
                   ("lagrange_plan_io_full_" +
                    std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::create_symlink("/dev/full", dir / "nodes.csv");
  const Status s = write_plan_directory(sample_plan(), dir.string());
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            (dir / "nodes.csv").string() + ": write failed: No space left on device");
}

}  // namespace
}  // namespace lagrange::access
