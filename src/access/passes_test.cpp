// Passes against skyfield's EarthSatellite.find_events (run at test time through
// scripts/reference/passes_skyfield.py with Debian's /usr/bin/python3), and structural
// properties: independence from the scan step, exact vs interpolated refinement, clipping.
#include "access/passes.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "orbit/tle.hpp"

namespace lagrange::access {
namespace {

namespace fs = std::filesystem;

const std::string kThreeBody =
    std::string(LAGRANGE_DATA_DIR) + "/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle";
const std::string kStarlink = std::string(LAGRANGE_DATA_DIR) + "/tle/starlink_supgp_2026-05-12.tle";

Instant at(const char* iso) {
  return *parse_iso8601(iso);
}

std::vector<orbit::Satellite> load_satellites(const std::string& path) {
  std::vector<orbit::Satellite> sats;
  auto parsed = orbit::load_tle_file(path);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  if (!parsed.ok()) return sats;
  for (const auto& set : parsed->sets) sats.push_back(*orbit::Satellite::create(set));
  return sats;
}

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("lagrange_passes_" + std::to_string(::getpid()) + "_" + name);
}

// The first `count` element sets of the Starlink file, as a small TLE file for both sides.
std::string starlink_subset(size_t count) {
  std::ifstream in(kStarlink);
  std::string line;
  std::ostringstream out;
  for (size_t i = 0; i < 3 * count && std::getline(in, line); ++i) out << line << '\n';
  const fs::path path = temp_path("starlink.tle");
  std::ofstream(path) << out.str();
  return path.string();
}

GroundStation station(const char* name, double lat, double lon, double height_m, double mask_deg) {
  GroundStation st;
  st.name = name;
  st.latitude_deg = lat;
  st.longitude_deg = lon;
  st.height_m = height_m;
  st.elevation_mask_deg = mask_deg;
  return st;
}

struct ReferencePass {
  uint32_t norad_id = 0;
  std::string station;
  // Unix seconds: rise/set polished on skyfield's altitude, and find_events' own instants.
  std::optional<double> rise_s, culmination_s, set_s;
  std::optional<double> raw_rise_s, raw_set_s;
  double max_elevation_deg = -90.0;
};

struct Reference {
  double dut1_s = 0.0;
  std::vector<ReferencePass> passes;
};

// Runs skyfield on the same inputs and groups its rise/culminate/set events into passes.
Reference run_skyfield(const std::string& tle, Instant start, Instant end,
                       const std::vector<GroundStation>& stations) {
  nlohmann::json request;
  request["tle"] = tle;
  request["start_unix_s"] = start.unix_seconds();
  request["end_unix_s"] = end.unix_seconds();
  for (const auto& st : stations) {
    request["stations"].push_back({{"name", st.name},
                                   {"latitude_deg", st.latitude_deg},
                                   {"longitude_deg", st.longitude_deg},
                                   {"height_m", st.height_m},
                                   {"elevation_mask_deg", st.elevation_mask_deg}});
  }
  const fs::path request_path = temp_path("request.json");
  const fs::path out_path = temp_path("skyfield.json");
  std::ofstream(request_path) << request.dump();
  const std::string command = "/usr/bin/python3 " + std::string(LAGRANGE_SOURCE_DIR) +
                              "/scripts/reference/passes_skyfield.py " + request_path.string() +
                              " " + out_path.string();
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(out_path);
  const nlohmann::json out = nlohmann::json::parse(in);
  fs::remove(request_path);
  fs::remove(out_path);

  Reference ref;
  ref.dut1_s = out["dut1_s"];
  std::map<std::pair<uint32_t, std::string>, std::vector<nlohmann::json>> by_pair;
  for (const auto& e : out["events"]) by_pair[{e["norad_id"], e["station"]}].push_back(e);
  for (const auto& [key, events] : by_pair) {
    ReferencePass current;
    bool open = false;
    for (const auto& e : events) {
      const int kind = e["kind"];
      const double t = e["unix_s"];
      if (!open) {
        current = ReferencePass{};
        current.norad_id = key.first;
        current.station = key.second;
        open = true;
      }
      const double raw_t = e["find_events_unix_s"];
      if (kind == 0) {
        current.rise_s = t;
        current.raw_rise_s = raw_t;
      }
      if (kind == 1 && double(e["elevation_deg"]) > current.max_elevation_deg) {
        current.culmination_s = t;
        current.max_elevation_deg = e["elevation_deg"];
      }
      if (kind == 2) {
        current.set_s = t;
        current.raw_set_s = raw_t;
        ref.passes.push_back(current);
        open = false;
      }
    }
    if (open) ref.passes.push_back(current);  // still up at the window end
  }
  return ref;
}

struct Comparison {
  size_t compared = 0;
  size_t grazing = 0;  // passes peaking less than 0.5 deg above the mask
  double worst_rise_set_s = 0.0;
  double worst_raw_rise_set_s = 0.0;  // against find_events' unpolished instants
  double worst_culmination_s = 0.0;
  double worst_elevation_deg = 0.0;
};

// Every Lagrange pass must match one skyfield pass of the same pair and vice versa.
Comparison compare(const std::vector<Pass>& ours, const Reference& ref,
                   const std::vector<orbit::Satellite>& sats,
                   const std::vector<GroundStation>& stations) {
  Comparison c;
  EXPECT_EQ(ours.size(), ref.passes.size());
  std::vector<bool> used(ref.passes.size(), false);
  for (const Pass& p : ours) {
    const std::string& name = stations[p.station].name;
    const uint32_t norad = sats[p.satellite].elements().norad_id;
    const double aos = p.aos.unix_seconds();
    const double los = p.los.unix_seconds();
    const ReferencePass* match = nullptr;
    for (size_t k = 0; k < ref.passes.size(); ++k) {
      const ReferencePass& r = ref.passes[k];
      if (used[k] || r.norad_id != norad || r.station != name) continue;
      const double r_start = r.rise_s.value_or(-1e300);
      const double r_end = r.set_s.value_or(1e300);
      if (r_start < los + 2.0 && aos - 2.0 < r_end) {
        match = &r;
        used[k] = true;
        break;
      }
    }
    if (match == nullptr) {
      ADD_FAILURE() << "no skyfield pass for " << norad << " over " << name << " at "
                    << format_iso8601(p.aos) << " max " << p.max_elevation_deg;
      continue;
    }
    ++c.compared;
    EXPECT_EQ(p.aos_clipped, !match->rise_s.has_value()) << format_iso8601(p.aos);
    EXPECT_EQ(p.los_clipped, !match->set_s.has_value()) << format_iso8601(p.los);
    if (match->rise_s) {
      EXPECT_NEAR(aos, *match->rise_s, 1.0) << norad << " " << name;
      c.worst_rise_set_s = std::max(c.worst_rise_set_s, std::abs(aos - *match->rise_s));
      c.worst_raw_rise_set_s = std::max(c.worst_raw_rise_set_s, std::abs(aos - *match->raw_rise_s));
    }
    if (match->set_s) {
      EXPECT_NEAR(los, *match->set_s, 1.0) << norad << " " << name;
      c.worst_rise_set_s = std::max(c.worst_rise_set_s, std::abs(los - *match->set_s));
      c.worst_raw_rise_set_s = std::max(c.worst_raw_rise_set_s, std::abs(los - *match->raw_set_s));
    }
    if (match->culmination_s) {
      EXPECT_NEAR(p.tca.unix_seconds(), *match->culmination_s, 2.0) << norad << " " << name;
      EXPECT_NEAR(p.max_elevation_deg, match->max_elevation_deg, 0.05) << norad << " " << name;
      c.worst_culmination_s =
          std::max(c.worst_culmination_s, std::abs(p.tca.unix_seconds() - *match->culmination_s));
      c.worst_elevation_deg =
          std::max(c.worst_elevation_deg, std::abs(p.max_elevation_deg - match->max_elevation_deg));
    }
    if (p.max_elevation_deg - stations[p.station].elevation_mask_deg < 0.5) ++c.grazing;
  }
  return c;
}

void report(const char* scenario, const Comparison& c) {
  std::cout << scenario << ": " << c.compared << " passes (" << c.grazing
            << " grazing < 0.5 deg above the mask); worst |rise/set - skyfield| "
            << c.worst_rise_set_s << " s (find_events unpolished: " << c.worst_raw_rise_set_s
            << " s), culmination " << c.worst_culmination_s << " s, max elevation "
            << c.worst_elevation_deg << " deg\n";
}

std::vector<GroundStation> polar_and_chinese_stations() {
  return {station("Svalbard", 78.2298, 15.4078, 480, 5.0),
          station("Kashgar", 39.50, 76.00, 1300, 10.0), station("Hangzhou", 30.27, 120.15, 10, 5.0),
          station("Troll", -72.01, 2.53, 1270, 5.0), station("Sanya", 18.30, 109.30, 20, 0.0)};
}

TEST(PassesVsSkyfield, ThreeBodyConstellationOverPolarAndChineseStationsForADay) {
  const auto sats = load_satellites(kThreeBody);
  const auto stations = polar_and_chinese_stations();
  const Instant start = at("2026-06-26T00:00:00Z");
  const Instant end = at("2026-06-27T00:00:00Z");
  const Reference ref = run_skyfield(kThreeBody, start, end, stations);
  PassOptions options;
  options.eop.dut1_s = ref.dut1_s;  // the same Earth rotation as skyfield
  auto found = find_passes(sats, stations, start, end, options);
  ASSERT_TRUE(found.ok()) << found.error().message;
  const Comparison c = compare(found->passes, ref, sats, stations);
  report("three-body", c);
  EXPECT_GT(c.compared, 300u);

  // Without Earth-orientation data Lagrange takes UT1 = UTC. Skyfield's DUT1 here is ~0.39 s,
  // 180 m of Earth rotation at the equator; it moves pass times by a fraction of DUT1 (the
  // station's speed over the ground track's, more for low passes whose elevation changes
  // slowly at the mask): measured 0.15 s at most on this day.
  auto without_dut1 = find_passes(sats, stations, start, end);
  ASSERT_TRUE(without_dut1.ok());
  ASSERT_EQ(without_dut1->passes.size(), found->passes.size());
  double worst_s = 0.0;
  for (size_t i = 0; i < found->passes.size(); ++i) {
    worst_s = std::max(worst_s,
                       std::abs((found->passes[i].aos - without_dut1->passes[i].aos).to_seconds()));
    worst_s = std::max(worst_s,
                       std::abs((found->passes[i].los - without_dut1->passes[i].los).to_seconds()));
  }
  std::cout << "three-body: DUT1 " << ref.dut1_s << " s vs 0 moves AOS/LOS by at most " << worst_s
            << " s\n";
  EXPECT_LT(worst_s, std::abs(ref.dut1_s));
}

// 53 deg Starlink shells seen from 68-78 N peak just above the mask: grazing passes.
TEST(PassesVsSkyfield, StarlinkGrazingPassesAtHighLatitude) {
  const std::string tle = starlink_subset(8);
  const auto sats = load_satellites(tle);
  const std::vector<GroundStation> stations = {
      station("Kiruna", 67.89, 21.07, 330, 5.0), station("Svalbard", 78.2298, 15.4078, 480, 0.0),
      station("Fairbanks", 64.86, -147.85, 180, 10.0),
      station("Hartebeesthoek", -25.89, 27.69, 1415, 10.0)};
  const Instant start = at("2026-05-12T12:00:00Z");
  const Instant end = at("2026-05-13T12:00:00Z");
  const Reference ref = run_skyfield(tle, start, end, stations);
  PassOptions options;
  options.eop.dut1_s = ref.dut1_s;
  auto found = find_passes(sats, stations, start, end, options);
  ASSERT_TRUE(found.ok()) << found.error().message;
  const Comparison c = compare(found->passes, ref, sats, stations);
  report("starlink", c);
  EXPECT_GT(c.compared, 30u);
  EXPECT_GT(c.grazing, 0u);
  fs::remove(tle);
}

// A window whose start and end both fall inside passes.
TEST(PassesVsSkyfield, WindowCuttingPassesAtBothEnds) {
  const auto sats = load_satellites(kThreeBody);
  const std::vector<GroundStation> stations = {station("Svalbard", 78.2298, 15.4078, 480, 5.0)};
  auto day = find_passes(sats, stations, at("2026-06-26T00:00:00Z"), at("2026-06-27T00:00:00Z"));
  ASSERT_TRUE(day.ok());
  ASSERT_GT(day->passes.size(), 40u);
  const Pass& first = day->passes[10];
  const Pass& last = day->passes[30];
  const Instant start = first.aos + (first.los - first.aos) / 3;
  const Instant end = last.aos + (last.los - last.aos) / 2;
  const Reference ref = run_skyfield(kThreeBody, start, end, stations);
  PassOptions options;
  options.eop.dut1_s = ref.dut1_s;
  auto found = find_passes(sats, stations, start, end, options);
  ASSERT_TRUE(found.ok());
  size_t clipped_start = 0;
  size_t clipped_end = 0;
  for (const Pass& p : found->passes) {
    if (p.aos_clipped) {
      EXPECT_EQ(p.aos, start);
      ++clipped_start;
    }
    if (p.los_clipped) {
      EXPECT_EQ(p.los, end);
      ++clipped_end;
    }
  }
  EXPECT_GE(clipped_start, 1u);
  EXPECT_GE(clipped_end, 1u);
  report("clipped window", compare(found->passes, ref, sats, stations));
}

// Short grazing passes fit between coarse samples; the result must not depend on the step.
TEST(Passes, ResultDoesNotDependOnTheScanStep) {
  const std::string tle = starlink_subset(20);
  const auto sats = load_satellites(tle);
  const std::vector<GroundStation> stations = {station("Kiruna", 67.89, 21.07, 330, 5.0),
                                               station("Svalbard", 78.2298, 15.4078, 480, 0.0),
                                               station("Equator", 0.0, -60.0, 0, 30.0)};
  const Instant start = at("2026-05-12T12:00:00Z");
  const Instant end = at("2026-05-13T12:00:00Z");
  // Exact refinement, so only the scan differs (Hermite interpolation error grows as step^4).
  PassOptions fine;
  fine.step = Duration::seconds(10);
  fine.exact_refinement = true;
  PassOptions coarse = fine;
  coarse.step = Duration::seconds(120);
  auto a = find_passes(sats, stations, start, end, fine);
  auto b = find_passes(sats, stations, start, end, coarse);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->passes.size(), b->passes.size());
  size_t shorter_than_coarse_step = 0;
  for (size_t i = 0; i < a->passes.size(); ++i) {
    const Pass& p = a->passes[i];
    const Pass& q = b->passes[i];
    EXPECT_EQ(p.satellite, q.satellite);
    EXPECT_EQ(p.station, q.station);
    EXPECT_NEAR((p.aos - q.aos).to_seconds(), 0.0, 0.005);
    EXPECT_NEAR((p.los - q.los).to_seconds(), 0.0, 0.005);
    EXPECT_NEAR((p.tca - q.tca).to_seconds(), 0.0, 0.05);
    EXPECT_NEAR(p.max_elevation_deg, q.max_elevation_deg, 1e-6);
    if (p.los - p.aos < coarse.step) ++shorter_than_coarse_step;
  }
  EXPECT_GT(shorter_than_coarse_step, 0u) << "no pass exercised the grazing search";
  fs::remove(tle);
}

TEST(Passes, InterpolatedRefinementAgreesWithExactPropagation) {
  const auto sats = load_satellites(kThreeBody);
  const auto stations = polar_and_chinese_stations();
  const Instant start = at("2026-06-26T00:00:00Z");
  const Instant end = at("2026-06-26T12:00:00Z");
  PassOptions exact;
  exact.exact_refinement = true;
  auto a = find_passes(sats, stations, start, end, exact);
  auto b = find_passes(sats, stations, start, end);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->passes.size(), b->passes.size());
  ASSERT_GT(a->passes.size(), 50u);
  for (size_t i = 0; i < a->passes.size(); ++i) {
    EXPECT_NEAR((a->passes[i].aos - b->passes[i].aos).to_seconds(), 0.0, 0.002);
    EXPECT_NEAR((a->passes[i].los - b->passes[i].los).to_seconds(), 0.0, 0.002);
    EXPECT_NEAR(a->passes[i].max_elevation_deg, b->passes[i].max_elevation_deg, 1e-4);
  }
}

TEST(Passes, SortedDeterministicallyAndIndependentOfThreads) {
  const auto sats = load_satellites(kThreeBody);
  const auto stations = polar_and_chinese_stations();
  const Instant start = at("2026-06-26T00:00:00Z");
  const Instant end = at("2026-06-26T06:00:00Z");
  PassOptions one;
  one.threads = 1;
  one.satellites_per_chunk = 5;
  auto a = find_passes(sats, stations, start, end, one);
  auto b = find_passes(sats, stations, start, end);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->passes.size(), b->passes.size());
  for (size_t i = 0; i < a->passes.size(); ++i) {
    EXPECT_EQ(a->passes[i].aos, b->passes[i].aos);
    EXPECT_EQ(a->passes[i].los, b->passes[i].los);
    EXPECT_EQ(a->passes[i].satellite, b->passes[i].satellite);
    EXPECT_EQ(a->passes[i].station, b->passes[i].station);
    if (i > 0) {
      EXPECT_LE(a->passes[i - 1].aos, a->passes[i].aos);
    }
  }
}

TEST(Passes, MinElevationOverridesStationMasks) {
  const auto sats = load_satellites(kThreeBody);
  const std::vector<GroundStation> stations = {station("Svalbard", 78.2298, 15.4078, 480, 5.0)};
  PassOptions high;
  high.min_elevation_deg = 30.0;
  auto found =
      find_passes(sats, stations, at("2026-06-26T00:00:00Z"), at("2026-06-26T12:00:00Z"), high);
  ASSERT_TRUE(found.ok());
  ASSERT_FALSE(found->passes.empty());
  for (const Pass& p : found->passes) EXPECT_GT(p.max_elevation_deg, 30.0);
}

TEST(Passes, RejectsBadWindows) {
  const auto sats = load_satellites(kThreeBody);
  const auto stations = polar_and_chinese_stations();
  auto reversed =
      find_passes(sats, stations, at("2026-06-27T00:00:00Z"), at("2026-06-26T00:00:00Z"));
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.error().message,
            "window end 2026-06-26T00:00:00.000Z is not after its start 2026-06-27T00:00:00.000Z");
  auto empty = find_passes(sats, stations, at("2026-06-26T00:00:00Z"), at("2026-06-26T00:00:00Z"));
  EXPECT_FALSE(empty.ok());
  PassOptions bad_mask;
  bad_mask.min_elevation_deg = 95.0;
  EXPECT_FALSE(
      find_passes(sats, stations, at("2026-06-26T00:00:00Z"), at("2026-06-26T01:00:00Z"), bad_mask)
          .ok());
}

}  // namespace
}  // namespace lagrange::access
