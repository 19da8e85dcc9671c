#include "report/czml.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "report/internal/captures.hpp"
#include "report/internal/test_run_result.hpp"

namespace lagrange::report {
namespace {

using nlohmann::json;

TEST(Czml, DocumentPacketComesFirstWithTheClock) {
  const sim::RunResult r = test::make_run_result();
  const json doc = json::parse(czml_text(r));
  ASSERT_TRUE(doc.is_array());
  ASSERT_FALSE(doc.empty());
  const json& d = doc[0];
  EXPECT_EQ(d["id"], "document");
  EXPECT_EQ(d["version"], "1.0");
  EXPECT_EQ(d["clock"]["interval"], "2026-06-27T00:00:00.000Z/2026-06-27T02:00:00.000Z");
  EXPECT_EQ(d["clock"]["currentTime"], "2026-06-27T00:00:00.000Z");
  EXPECT_GT(d["clock"]["multiplier"].get<double>(), 0.0);
}

TEST(Czml, SatellitesHaveSampledPositions) {
  const sim::RunResult r = test::make_run_result();
  const json doc = json::parse(czml_text(r));
  const json& sat = doc[1];
  EXPECT_EQ(sat["id"], "sat-0");
  EXPECT_EQ(sat["name"], "SAT-A");
  const json& pos = sat["position"];
  EXPECT_EQ(pos["epoch"], "2026-06-27T00:00:00.000Z");
  EXPECT_EQ(pos["interpolationAlgorithm"], "LAGRANGE");
  EXPECT_EQ(pos["interpolationDegree"], 5);
  const json& samples = pos["cartographicDegrees"];
  ASSERT_EQ(samples.size(), 4 * r.tracks[0].size());
  // (seconds, lon, lat, height m) quadruples.
  EXPECT_EQ(samples[4].get<double>(), 60.0);
  EXPECT_NEAR(samples[5].get<double>(), r.tracks[0][1].longitude_deg, 1e-6);
  EXPECT_NEAR(samples[6].get<double>(), r.tracks[0][1].latitude_deg, 1e-6);
  EXPECT_EQ(samples[7].get<double>(), 500000.0);
  EXPECT_EQ(sat["label"]["text"], "SAT-A");
  EXPECT_TRUE(sat.contains("path"));
}

TEST(Czml, CoordinatesAreWrittenWithNoMoreDigitsThanTheirResolution) {
  // Micro-degrees and milliseconds: a number never needs more than 6 decimals in the text
  // (round-trip noise such as "83.42018499999999" would double the file).
  sim::RunResult r = test::make_run_result();
  r.tracks[0][1].longitude_deg = 83.4201849999;
  r.tracks[0][1].latitude_deg = -12.0000004;
  const std::string text = czml_text(r);
  EXPECT_NE(text.find("83.420185"), std::string::npos);
  EXPECT_NE(text.find("-12.0,"), std::string::npos);
  size_t longest = 0;
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '.') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])) != 0) ++j;
    if (j > i + 1 && std::isdigit(static_cast<unsigned char>(text[i - 1])) != 0) {
      longest = std::max(longest, j - i - 1);
    }
    i = j;
  }
  EXPECT_LE(longest, 6u);
}

TEST(Czml, ContactsReferenceExistingEntitiesAndMergeDirections) {
  const sim::RunResult r = test::make_run_result();
  const json doc = json::parse(czml_text(r));
  std::set<std::string> ids;
  size_t contacts = 0;
  for (const auto& p : doc) {
    ASSERT_TRUE(p.contains("id"));
    EXPECT_TRUE(ids.insert(p["id"].get<std::string>()).second) << "duplicate id " << p["id"];
    if (!p.contains("polyline")) continue;
    ++contacts;
    const auto& refs = p["polyline"]["positions"]["references"];
    ASSERT_EQ(refs.size(), 2u);
    for (const auto& ref : refs) {
      const std::string id = ref.get<std::string>();
      ASSERT_EQ(id.substr(id.size() - 9), "#position");
      EXPECT_TRUE(ids.count(id.substr(0, id.size() - 9))) << id;
    }
    EXPECT_TRUE(p["availability"].is_array());
    EXPECT_EQ(p["availability"].size(), p["polyline"]["show"].size());
  }
  // 3 satellites x 2 passes, each pass one line for both directions; plus 2 laser links.
  size_t pairs = 0;
  for (const auto& p : doc) {
    if (p.contains("polyline")) pairs += p["availability"].size();
  }
  EXPECT_EQ(pairs, 3u * 2u + 2u);
  EXPECT_GT(contacts, 0u);
}

TEST(Czml, CapturesAreShownFromTheirTime) {
  const sim::RunResult r = test::make_run_result();
  const json doc = json::parse(czml_text(r));
  size_t captures = 0;
  for (const auto& p : doc) {
    if (p["id"].get<std::string>().rfind("capture-", 0) != 0) continue;
    const std::string availability = p["availability"];
    EXPECT_EQ(availability,
              format_iso8601(r.runs[0].captures[captures].time) + "/" + format_iso8601(r.end));
    ++captures;
  }
  EXPECT_EQ(captures, r.runs[0].captures.size());
}

TEST(Czml, LaserLinksAreLimited) {
  sim::RunResult r = test::make_run_result();
  const Instant t0 = r.start;
  for (size_t k = 0; k < kMaxIslIntervals + 10; ++k) {
    const Instant a = t0 + Duration::seconds(static_cast<int64_t>(10 * k));
    r.contacts.push_back(
        {0, 2, a, a + Duration::seconds(5), 1e9, 0.01, access::ContactKind::kInterSatellite});
  }
  const json doc = json::parse(czml_text(r));
  size_t laser = 0;
  for (const auto& p : doc) {
    if (p.contains("polyline") && p["id"].get<std::string>().find("station") == std::string::npos) {
      laser += p["availability"].size();
    }
  }
  EXPECT_EQ(laser, kMaxIslIntervals);
  EXPECT_NE(doc[0]["description"].get<std::string>().find("first 2000 of"), std::string::npos);
}

TEST(CapturesToDraw, KeepsEveryTaskAndThinsSystematicScenesEvenly) {
  std::vector<sim::CaptureRecord> captures(1000);
  for (size_t i = 0; i < captures.size(); ++i) captures[i].systematic = i % 100 != 0;
  const auto chosen = internal::captures_to_draw(captures, 110);
  ASSERT_EQ(chosen.size(), 110u);
  EXPECT_TRUE(std::is_sorted(chosen.begin(), chosen.end()));
  size_t tasks = 0;
  for (size_t i : chosen) tasks += captures[i].systematic ? 0 : 1;
  EXPECT_EQ(tasks, 10u);
  // 100 of 990 systematic scenes: about one in ten, spread to the end of the list.
  EXPECT_GT(chosen.back(), 980u);
  EXPECT_EQ(internal::captures_to_draw(captures, 5000).size(), 1000u);
}

TEST(Czml, IsDeterministic) {
  EXPECT_EQ(czml_text(test::make_run_result()), czml_text(test::make_run_result()));
}

}  // namespace
}  // namespace lagrange::report
