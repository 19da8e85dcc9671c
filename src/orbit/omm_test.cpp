#include "orbit/omm.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "orbit/tle.hpp"

namespace lagrange::orbit {
namespace {

const std::string kThreeBodyTle =
    std::string(LAGRANGE_DATA_DIR) + "/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle";
const std::string kTestData = std::string(LAGRANGE_SOURCE_DIR) + "/src/orbit/testdata";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The fixture sets (see testdata/README.md) are SCS-01 A, B and M: sets 0, 1 and 11.
std::vector<ElementSet> three_body_tle_sets() {
  const auto parsed = load_tle_file(kThreeBodyTle);
  EXPECT_TRUE(parsed.ok());
  if (!parsed.ok()) return {};
  return {parsed->sets[0], parsed->sets[1], parsed->sets[11]};
}

void expect_near_relative(double actual, double expected, const char* what) {
  EXPECT_NEAR(actual, expected, 1e-13 * std::fabs(expected) + 1e-300) << what;
}

// The OMM numbers went through python-sgp4's unit conversions (97.36760000000001), so reals
// agree to rounding, not bit for bit.
void expect_same_set(const ElementSet& omm, const ElementSet& tle) {
  SCOPED_TRACE(describe(tle));
  EXPECT_EQ(omm.name, tle.name);
  EXPECT_EQ(omm.object_id, tle.object_id);
  EXPECT_EQ(omm.norad_id, tle.norad_id);
  EXPECT_EQ(omm.classification, tle.classification);
  // python-sgp4's exporter truncates the epoch to whole microseconds (SCS-01 M's
  // 26177.96994513 = 23:16:43.2592320 is written 23:16:43.259231).
  EXPECT_LE(std::llabs((omm.epoch - tle.epoch).ns()), 1000 + 1) << format_iso8601(omm.epoch);
  EXPECT_EQ(omm.epoch_jd_whole, tle.epoch_jd_whole);
  EXPECT_NEAR(omm.epoch_jd_fraction, tle.epoch_jd_fraction, 1.2e-11);
  expect_near_relative(omm.mean_motion_rev_per_day, tle.mean_motion_rev_per_day, "n");
  expect_near_relative(omm.eccentricity, tle.eccentricity, "e");
  expect_near_relative(omm.inclination_deg, tle.inclination_deg, "i");
  expect_near_relative(omm.raan_deg, tle.raan_deg, "raan");
  expect_near_relative(omm.arg_perigee_deg, tle.arg_perigee_deg, "argp");
  expect_near_relative(omm.mean_anomaly_deg, tle.mean_anomaly_deg, "M");
  expect_near_relative(omm.bstar_per_earth_radii, tle.bstar_per_earth_radii, "bstar");
  expect_near_relative(omm.mean_motion_dot_rev_per_day2, tle.mean_motion_dot_rev_per_day2, "ndot");
  expect_near_relative(omm.mean_motion_ddot_rev_per_day3, tle.mean_motion_ddot_rev_per_day3,
                       "nddot");
  EXPECT_EQ(omm.ephemeris_type, tle.ephemeris_type);
  EXPECT_EQ(omm.element_set_number, tle.element_set_number);
  EXPECT_EQ(omm.rev_at_epoch, tle.rev_at_epoch);
}

class OmmFixtureTest : public testing::TestWithParam<std::string> {};

TEST_P(OmmFixtureTest, GivesTheSameSetsAsTheTle) {
  const std::string path = kTestData + "/three_body_omm." + GetParam();
  const auto parsed = load_omm_file(path);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty());
  const std::vector<ElementSet> tle = three_body_tle_sets();
  ASSERT_EQ(parsed->sets.size(), tle.size());
  for (size_t i = 0; i < tle.size(); ++i) {
    expect_same_set(parsed->sets[i], tle[i]);
    EXPECT_EQ(parsed->sets[i].source.file, path);
  }
}

TEST_P(OmmFixtureTest, SurvivesRandomDamage) {
  const std::string original = read_file(kTestData + "/three_body_omm." + GetParam());
  ASSERT_FALSE(original.empty());
  const OmmFormat format = GetParam() == "xml"    ? OmmFormat::kXml
                           : GetParam() == "kvn"  ? OmmFormat::kKvn
                           : GetParam() == "json" ? OmmFormat::kJson
                                                  : OmmFormat::kCsv;
  Rng rng(7 + GetParam().size());
  for (int round = 0; round < 300; ++round) {
    std::string text = original;
    const int edits = 1 + static_cast<int>(rng.below(6));
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const size_t at = rng.below(text.size());
      switch (rng.below(3)) {
        case 0:
          text[at] = static_cast<char>(rng.below(256));
          break;
        case 1:
          text.erase(at, rng.below(40));
          break;
        default:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), rng.below(4),
                      static_cast<char>(rng.below(256)));
      }
    }
    const auto result = parse_omm(text, format, "fuzz", {.skip_invalid = round % 2 == 1});
    if (result.ok()) {
      for (const ElementSet& s : result->sets) {
        EXPECT_GE(s.eccentricity, 0.0);
        EXPECT_LT(s.eccentricity, 1.0);
        EXPECT_GT(s.mean_motion_rev_per_day, 0.0);
      }
    } else {
      EXPECT_EQ(result.error().message.rfind("fuzz: ", 0), 0u) << result.error().message;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, OmmFixtureTest, testing::Values("xml", "kvn", "json", "csv"));

TEST(OmmTest, CelesTrakSamplesOfVanguard1) {
  for (const std::string name : {"vanguard1_omm.xml", "vanguard1_omm.csv"}) {
    const auto parsed = load_omm_file(kTestData + "/" + name);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    ASSERT_EQ(parsed->sets.size(), 1u) << name;
    const ElementSet& s = parsed->sets[0];
    EXPECT_EQ(s.name, "VANGUARD 1");
    EXPECT_EQ(s.object_id, "1958-002B");
    EXPECT_EQ(s.norad_id, 5u);
    EXPECT_EQ(format_iso8601(s.epoch), "2020-10-13T04:52:48.472Z");
    EXPECT_EQ(s.epoch.unix_ns() % 1'000'000'000, 472'320'000);
    // 2020-10-13 0h UTC is JD 2459135.5; 04:52:48.47232 is 17568.47232 s into the day.
    EXPECT_EQ(s.epoch_jd_whole, 2459135.5);
    EXPECT_NEAR(s.epoch_jd_fraction, 17568.47232 / 86400.0, 1e-15);
    EXPECT_EQ(s.mean_motion_rev_per_day, 10.84869164);
    EXPECT_EQ(s.eccentricity, 0.1845686);
    EXPECT_EQ(s.inclination_deg, 34.2443);
    EXPECT_EQ(s.raan_deg, 225.5254);
    EXPECT_EQ(s.arg_perigee_deg, 162.2516);
    EXPECT_EQ(s.mean_anomaly_deg, 205.2356);
    EXPECT_EQ(s.bstar_per_earth_radii, -0.22483e-4);
    EXPECT_EQ(s.mean_motion_dot_rev_per_day2, -1.6e-7);
    EXPECT_EQ(s.mean_motion_ddot_rev_per_day3, 0.0);
    EXPECT_EQ(s.element_set_number, 999);
    EXPECT_EQ(s.rev_at_epoch, 21814);
  }
}

// One KVN message for SCS-01 A; tests change single lines of it.
const std::string kKvn = R"(CCSDS_OMM_VERS = 2.0
CREATION_DATE = 2026-06-27T00:00:00
ORIGINATOR = TEST
COMMENT a comment line
OBJECT_NAME = SCS-01 A
OBJECT_ID = 2025-100A
CENTER_NAME = EARTH
REF_FRAME = TEME
TIME_SYSTEM = UTC
MEAN_ELEMENT_THEORY = SGP4
EPOCH = 2026-06-26T22:27:28.030176
MEAN_MOTION = 15.20497803 [rev/day]
ECCENTRICITY = .0027079
INCLINATION = 97.3676 [deg]
RA_OF_ASC_NODE = 250.4982 [deg]
ARG_OF_PERICENTER = 332.5156 [deg]
MEAN_ANOMALY = 27.4646 [deg]
EPHEMERIS_TYPE = 0
CLASSIFICATION_TYPE = U
NORAD_CAT_ID = 63982
ELEMENT_SET_NO = 999
REV_AT_EPOCH = 6212
BSTAR = .41333E-3 [1/ER]
MEAN_MOTION_DOT = .00009055 [rev/day**2]
MEAN_MOTION_DDOT = 0 [rev/day**3]
)";

std::string kvn_with(const std::string& key, const std::string& line) {
  std::string text = kKvn;
  const size_t at = text.find(key + " = ");
  const size_t end = text.find('\n', at);
  text.replace(at, end - at, line);
  return text;
}

std::string kvn_error(const std::string& text) {
  const auto result = parse_omm(text, OmmFormat::kKvn, "sat.kvn");
  EXPECT_FALSE(result.ok());
  return result.ok() ? std::string() : result.error().message;
}

TEST(OmmTest, KvnMatchesTheTleAndAcceptsDayOfYearEpochs) {
  const auto parsed = parse_omm(kKvn, OmmFormat::kKvn, "sat.kvn");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->sets.size(), 1u);
  EXPECT_EQ(parsed->sets[0].source.line, 1);
  expect_same_set(parsed->sets[0], three_body_tle_sets()[0]);
  // The TLE's fields are the OMM's text here, so the reals are equal bit for bit.
  EXPECT_EQ(parsed->sets[0].inclination_deg, three_body_tle_sets()[0].inclination_deg);
  EXPECT_EQ(parsed->sets[0].bstar_per_earth_radii, 0.41333e-3);

  const auto doy =
      parse_omm(kvn_with("EPOCH", "EPOCH = 2026-177T22:27:28.030176Z"), OmmFormat::kKvn, "sat.kvn");
  ASSERT_TRUE(doy.ok()) << doy.error().message;
  EXPECT_EQ(doy->sets[0].epoch, parsed->sets[0].epoch);
}

TEST(OmmTest, KvnErrorsNameLineAndKey) {
  EXPECT_EQ(kvn_error(kvn_with("ECCENTRICITY", "ECCENTRICITY = 1.2")),
            "sat.kvn: line 13: ECCENTRICITY: eccentricity 1.2 >= 1");
  EXPECT_EQ(kvn_error(kvn_with("MEAN_MOTION", "MEAN_MOTION = 15.2x [rev/day]")),
            "sat.kvn: line 12: MEAN_MOTION '15.2x' is not a number");
  EXPECT_EQ(kvn_error(kvn_with("MEAN_MOTION", "MEAN_MOTION = -1")),
            "sat.kvn: line 12: MEAN_MOTION: mean motion -1 rev/day is not > 0");
  EXPECT_EQ(kvn_error(kvn_with("MEAN_ANOMALY", "MEAN_ANOMALY = nan")),
            "sat.kvn: line 17: MEAN_ANOMALY 'nan' is not a number");
  EXPECT_EQ(kvn_error(kvn_with("ORIGINATOR", "ORIGINATR = TEST")),
            "sat.kvn: line 3: unknown key 'ORIGINATR'");
  EXPECT_EQ(kvn_error(kvn_with("ORIGINATOR", "BSTAR = 0.1")),
            "sat.kvn: line 23: key BSTAR given twice in one OMM (first at line 3)");
  EXPECT_EQ(kvn_error(kvn_with("ORIGINATOR", "ORIGINATOR: TEST")),
            "sat.kvn: line 3: expected 'KEY = value', found 'ORIGINATOR: TEST'");
  EXPECT_EQ(kvn_error(kvn_with("BSTAR", "COMMENT no bstar")),
            "sat.kvn: OMM starting on line 1: required key BSTAR is missing");
  EXPECT_EQ(kvn_error(kvn_with("REF_FRAME", "REF_FRAME = GCRF")),
            "sat.kvn: line 8: REF_FRAME: 'GCRF' is not TEME, the frame of SGP4 elements");
  EXPECT_EQ(kvn_error(kvn_with("TIME_SYSTEM", "TIME_SYSTEM = TAI")),
            "sat.kvn: line 9: TIME_SYSTEM: 'TAI' is not UTC, the time system of SGP4 elements");
  EXPECT_EQ(kvn_error(kvn_with("MEAN_ELEMENT_THEORY", "MEAN_ELEMENT_THEORY = SGP4-XP")),
            "sat.kvn: line 10: MEAN_ELEMENT_THEORY: 'SGP4-XP' is not supported; these elements "
            "must be for SGP4 (SGP4 or SGP/SGP4)");
  EXPECT_EQ(kvn_error(kvn_with("CENTER_NAME", "CENTER_NAME = MOON")),
            "sat.kvn: line 7: CENTER_NAME: 'MOON' is not EARTH; SGP4 elements are Earth-centred");
  EXPECT_EQ(
      kvn_error(kvn_with("EPOCH", "EPOCH = 2026-02-30T00:00:00"))
          .rfind("sat.kvn: line 11: EPOCH: '2026-02-30T00:00:00' is not an ISO 8601 UTC time", 0),
      0u);
  EXPECT_EQ(kvn_error(kvn_with("NORAD_CAT_ID", "NORAD_CAT_ID = 63982.5")),
            "sat.kvn: line 20: NORAD_CAT_ID: '63982.5' is not a catalogue number in "
            "[0, 999999999]");
  // Standard keys Lagrange does not use are accepted.
  const auto extra = parse_omm(kvn_with("ORIGINATOR",
                                        "MASS = 1200 [kg]\nUSER_DEFINED_X = 1\n"
                                        "CX_X = 1.0e-3 [km**2]"),
                               OmmFormat::kKvn, "sat.kvn");
  EXPECT_TRUE(extra.ok()) << extra.error().message;
}

TEST(OmmTest, KvnSkipsBadMessagesWhenAsked) {
  const std::string bad = kvn_with("ECCENTRICITY", "ECCENTRICITY = 1.5");
  const std::string text = kKvn + "\n" + bad + "\n" + kKvn;
  const auto parsed = parse_omm(text, OmmFormat::kKvn, "three.kvn", {.skip_invalid = true});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->sets.size(), 2u);
  ASSERT_EQ(parsed->skipped.size(), 1u);
  EXPECT_EQ(parsed->skipped[0], "three.kvn: line 39: ECCENTRICITY: eccentricity 1.5 >= 1");
  EXPECT_EQ(parsed->sets[1].source.line, 53);
  // A malformed line spoils only its own message.
  const std::string junk_line = kvn_with("ORIGINATOR", "\x01\x02 junk");
  const auto lenient =
      parse_omm(kKvn + junk_line + kKvn, OmmFormat::kKvn, "j.kvn", {.skip_invalid = true});
  ASSERT_TRUE(lenient.ok()) << lenient.error().message;
  EXPECT_EQ(lenient->sets.size(), 2u);
  EXPECT_EQ(lenient->skipped.size(), 1u);
  const auto strict = parse_omm(text, OmmFormat::kKvn, "three.kvn");
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().message, parsed->skipped[0]);
}

TEST(OmmTest, JsonErrorsNameObjectAndKey) {
  const std::string good = read_file(kTestData + "/three_body_omm.json");
  const auto error = [](const std::string& text) {
    const auto result = parse_omm(text, OmmFormat::kJson, "sats.json");
    EXPECT_FALSE(result.ok()) << text;
    return result.ok() ? std::string() : result.error().message;
  };
  std::string unknown = good;
  unknown.replace(unknown.find("\"OBJECT_ID\": \"2025-100B\""), 11, "\"OBJECT_IX\"");
  EXPECT_EQ(error(unknown), "sats.json: object 2 (index 1): unknown key 'OBJECT_IX'");
  std::string ecc = good;
  ecc.replace(ecc.find("0.0008187"), 9, "1.2000000");
  EXPECT_EQ(error(ecc), "sats.json: object 2 (index 1): ECCENTRICITY: eccentricity 1.2 >= 1");
  EXPECT_EQ(error(R"([{"OBJECT_NAME": true}])"),
            "sats.json: object 1 (index 0): OBJECT_NAME: expected a number or a string, found "
            "boolean");
  EXPECT_EQ(error("[1, 2]"),
            "sats.json: object 1 (index 0): expected a JSON object of OMM keys, found number");
  EXPECT_EQ(error("\"text\""), "sats.json: expected a JSON array of OMM objects, found string");
  EXPECT_EQ(error("[\n{\"OBJECT_NAME\": \"X\",\n").rfind("sats.json: line 3: not valid JSON", 0),
            0u)
      << error("[\n{\"OBJECT_NAME\": \"X\",\n");
  EXPECT_EQ(error("[]"), "sats.json: no element sets found");
}

// Found by fuzzing (fuzz/corpus/omm_json/number_1e400.json): a number too large for a double
// made nlohmann-json throw out_of_range, which escaped the parser and aborted the program.
TEST(OmmTest, JsonNumberTooLargeForADoubleIsAnError) {
  const auto result = parse_omm(R"([{"MEAN_MOTION": 1e400}])", OmmFormat::kJson, "sats.json");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message.rfind("sats.json: not valid JSON:", 0), 0u)
      << result.error().message;
}

// Found by fuzzing (fuzz/corpus/omm_xml/epoch_year_4052.xml): an epoch in 4052 wrapped to
// another date (signed overflow) instead of being refused.
TEST(OmmTest, EpochOutsideTheInstantRangeIsAnError) {
  std::string xml = read_file(kTestData + "/three_body_omm.xml");
  xml.replace(xml.find("<EPOCH>2026"), 11, "<EPOCH>4052");
  const auto result = parse_omm(xml, OmmFormat::kXml, "sats.xml");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("EPOCH"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("outside the supported instants"), std::string::npos)
      << result.error().message;
}

TEST(OmmTest, CsvErrorsNameLineAndColumn) {
  const std::string good = read_file(kTestData + "/three_body_omm.csv");
  const auto error = [](const std::string& text) {
    const auto result = parse_omm(text, OmmFormat::kCsv, "sats.csv");
    EXPECT_FALSE(result.ok()) << text;
    return result.ok() ? std::string() : result.error().message;
  };
  std::string bad_number = good;
  bad_number.replace(bad_number.find("15.39262267"), 11, "15.39262X67");
  EXPECT_EQ(error(bad_number),
            "sats.csv: line 3, column 4: MEAN_MOTION '15.39262X67' is not a number");
  std::string unknown = good;
  unknown.replace(0, 11, "OBJECT_NAMF");
  EXPECT_EQ(error(unknown), "sats.csv: line 1, column 1: unknown column 'OBJECT_NAMF'");
  std::string short_row = good;
  short_row.replace(short_row.find(",0,U,63983"), 10, ",0,U");
  EXPECT_EQ(error(short_row), "sats.csv: line 3: 16 cells but the header (line 1) has 17");
  const auto skipping = parse_omm(short_row, OmmFormat::kCsv, "sats.csv", {.skip_invalid = true});
  ASSERT_TRUE(skipping.ok());
  EXPECT_EQ(skipping->sets.size(), 2u);
  EXPECT_EQ(skipping->sets[1].source.line, 4);
  // Quoted names with commas, as CSV writers produce them.
  std::string quoted = good;
  quoted.replace(quoted.find("SCS-01 A,"), 9, "\"SCS-01 A, \"\"alpha\"\"\",");
  const auto parsed = parse_omm(quoted, OmmFormat::kCsv, "sats.csv");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->sets[0].name, "SCS-01 A, \"alpha\"");
}

TEST(OmmTest, XmlErrorsNameLines) {
  const std::string good = read_file(kTestData + "/three_body_omm.xml");
  const auto error = [](const std::string& text) {
    const auto result = parse_omm(text, OmmFormat::kXml, "sats.xml");
    EXPECT_FALSE(result.ok()) << text;
    return result.ok() ? std::string() : result.error().message;
  };
  std::string ecc = good;
  ecc.replace(ecc.find("0.0027079"), 9, "1.2000000");
  EXPECT_EQ(error(ecc), "sats.xml: line 22: ECCENTRICITY: eccentricity 1.2 >= 1");
  std::string unknown = good;
  unknown.replace(unknown.find("<ORIGINATOR>"), 12, "<ORIGINATER>");
  unknown.replace(unknown.find("</ORIGINATOR>"), 13, "</ORIGINATER>");
  EXPECT_EQ(error(unknown), "sats.xml: line 6: unknown key 'ORIGINATER'");
  std::string element = good;
  element.replace(element.find("<meanElements>"), 14, "<meanElementz>");
  element.replace(element.find("</meanElements>"), 15, "</meanElementz>");
  EXPECT_EQ(error(element), "sats.xml: line 19: unexpected element <meanElementz> in <data>");
  EXPECT_EQ(error(good.substr(0, 900)).rfind("sats.xml: line ", 0), 0u);
  EXPECT_EQ(error("<opm/>"), "sats.xml: line 1: the root element <opm> is neither <ndm> nor <omm>");
  EXPECT_EQ(error("<ndm></ndm>"), "sats.xml: no element sets found");
}

TEST(OmmTest, XmlAcceptsTheOptionalCcsdsBlocks) {
  std::string xml = read_file(kTestData + "/three_body_omm.xml");
  const std::string extras =
      "<COMMENT>optional blocks</COMMENT>\n"
      "<spacecraftParameters><MASS units=\"kg\">1200</MASS><DRAG_COEFF>2.2</DRAG_COEFF>"
      "</spacecraftParameters>\n"
      "<userDefinedParameters><USER_DEFINED parameter=\"OPERATOR\">ADA</USER_DEFINED>"
      "</userDefinedParameters>\n";
  xml.insert(xml.find("</data>"), extras);
  const auto parsed = parse_omm(xml, OmmFormat::kXml, "extras.xml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->sets.size(), 3u);
  expect_same_set(parsed->sets[0], three_body_tle_sets()[0]);
  EXPECT_EQ(parsed->sets[0].source.line, 3);
}

TEST(OmmTest, KvnWithoutHeadersSplitsAtObjectName) {
  const std::string body = kKvn.substr(kKvn.find("OBJECT_NAME"));
  const auto parsed = parse_omm(body + body, OmmFormat::kKvn, "bare.kvn");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->sets.size(), 2u);
  EXPECT_EQ(parsed->sets[1].source.line, 22);
}

TEST(OmmTest, EmptyInputGivesNoSetsAndJunkAnError) {
  for (const OmmFormat format :
       {OmmFormat::kXml, OmmFormat::kKvn, OmmFormat::kJson, OmmFormat::kCsv}) {
    const auto empty = parse_omm("", format, "empty");
    ASSERT_TRUE(empty.ok()) << empty.error().message;
    EXPECT_TRUE(empty->sets.empty());
    const auto blank = parse_omm(" \r\n\n", format, "blank");
    ASSERT_TRUE(blank.ok()) << blank.error().message;
    const std::string junk("\x01\xff\xfe junk \x00\x7f\n,=,\n", 16);
    const auto bad = parse_omm(junk, format, "junk", {.skip_invalid = true});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message.rfind("junk: ", 0), 0u) << bad.error().message;
  }
}

TEST(OmmTest, LoadPicksTheLayoutFromExtensionOrContent) {
  const std::filesystem::path dir = std::filesystem::path(LAGRANGE_BINARY_DIR) / "omm_test_sniff";
  std::filesystem::create_directories(dir);
  for (const std::string ext : {"xml", "kvn", "json", "csv"}) {
    const std::filesystem::path copy = dir / ("sats_" + ext + ".dat");
    std::filesystem::copy_file(kTestData + "/three_body_omm." + ext, copy,
                               std::filesystem::copy_options::overwrite_existing);
    const auto parsed = load_omm_file(copy.string());
    ASSERT_TRUE(parsed.ok()) << ext << ": " << parsed.error().message;
    EXPECT_EQ(parsed->sets.size(), 3u) << ext;
  }
  const auto missing = load_omm_file("/nonexistent/sats.xml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message.rfind("/nonexistent/sats.xml: cannot open file", 0), 0u);
}

}  // namespace
}  // namespace lagrange::orbit
