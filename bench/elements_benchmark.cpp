// Element-set parsing speed: the shipped Starlink catalogue (10,361 sets) as TLE text, and
// the same sets written out here as OMM XML, KVN, JSON and CSV, each parsed from memory
// (file reading is not timed). items_per_second counts element sets.
//
//   build/bin/elements_benchmark --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "orbit/omm.hpp"
#include "orbit/tle.hpp"

namespace {

using lagrange::orbit::ElementSet;
using lagrange::orbit::OmmFormat;

const char* const kStarlink = LAGRANGE_DATA_DIR "/tle/starlink_supgp_2026-05-12.tle";

const std::string& tle_text() {
  static const std::string text = [] {
    std::ifstream in(kStarlink, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }();
  return text;
}

const std::vector<ElementSet>& sets() {
  static const std::vector<ElementSet> parsed = [] {
    auto result = lagrange::orbit::parse_tle(tle_text(), kStarlink);
    if (!result) {
      std::fprintf(stderr, "%s\n", result.error().message.c_str());
      std::exit(1);
    }
    return result->sets;
  }();
  return parsed;
}

// The CelesTrak field order, as (key, value text) pairs.
std::vector<std::pair<const char*, std::string>> fields(const ElementSet& s) {
  return {{"OBJECT_NAME", s.name},
          {"OBJECT_ID", s.object_id},
          {"EPOCH", lagrange::format_iso8601(s.epoch)},
          {"MEAN_MOTION", fmt::format("{}", s.mean_motion_rev_per_day)},
          {"ECCENTRICITY", fmt::format("{}", s.eccentricity)},
          {"INCLINATION", fmt::format("{}", s.inclination_deg)},
          {"RA_OF_ASC_NODE", fmt::format("{}", s.raan_deg)},
          {"ARG_OF_PERICENTER", fmt::format("{}", s.arg_perigee_deg)},
          {"MEAN_ANOMALY", fmt::format("{}", s.mean_anomaly_deg)},
          {"EPHEMERIS_TYPE", fmt::format("{}", s.ephemeris_type)},
          {"CLASSIFICATION_TYPE", std::string(1, s.classification)},
          {"NORAD_CAT_ID", fmt::format("{}", s.norad_id)},
          {"ELEMENT_SET_NO", fmt::format("{}", s.element_set_number)},
          {"REV_AT_EPOCH", fmt::format("{}", s.rev_at_epoch)},
          {"BSTAR", fmt::format("{}", s.bstar_per_earth_radii)},
          {"MEAN_MOTION_DOT", fmt::format("{}", s.mean_motion_dot_rev_per_day2)},
          {"MEAN_MOTION_DDOT", fmt::format("{}", s.mean_motion_ddot_rev_per_day3)}};
}

std::string omm_text(OmmFormat format) {
  std::string out;
  if (format == OmmFormat::kXml) out += "<ndm>\n";
  if (format == OmmFormat::kJson) out += "[\n";
  bool first = true;
  for (const ElementSet& s : sets()) {
    const auto kv = fields(s);
    switch (format) {
      case OmmFormat::kCsv:
        if (first) {
          for (size_t i = 0; i < kv.size(); ++i)
            out += fmt::format("{}{}", i ? "," : "", kv[i].first);
          out += "\n";
        }
        for (size_t i = 0; i < kv.size(); ++i)
          out += fmt::format("{}{}", i ? "," : "", kv[i].second);
        out += "\n";
        break;
      case OmmFormat::kKvn:
        out += "CCSDS_OMM_VERS = 2.0\n";
        for (const auto& [k, v] : kv) out += fmt::format("{} = {}\n", k, v);
        break;
      case OmmFormat::kJson:
        out += first ? "{" : ",{";
        for (size_t i = 0; i < kv.size(); ++i) {
          out += fmt::format("{}\"{}\":\"{}\"", i ? "," : "", kv[i].first, kv[i].second);
        }
        out += "}\n";
        break;
      case OmmFormat::kXml:
        out += "<omm><header/><body><segment><metadata>";
        for (size_t i = 0; i < 2; ++i)
          out += fmt::format("<{0}>{1}</{0}>", kv[i].first, kv[i].second);
        out += "</metadata><data><meanElements>";
        for (size_t i = 2; i < 9; ++i)
          out += fmt::format("<{0}>{1}</{0}>", kv[i].first, kv[i].second);
        out += "</meanElements><tleParameters>";
        for (size_t i = 9; i < kv.size(); ++i) {
          out += fmt::format("<{0}>{1}</{0}>", kv[i].first, kv[i].second);
        }
        out += "</tleParameters></data></segment></body></omm>\n";
        break;
    }
    first = false;
  }
  if (format == OmmFormat::kXml) out += "</ndm>\n";
  if (format == OmmFormat::kJson) out += "]\n";
  return out;
}

void BM_ParseTle(benchmark::State& state) {
  const std::string& text = tle_text();
  size_t count = 0;
  for (auto _ : state) {
    auto parsed = lagrange::orbit::parse_tle(text, "starlink.tle");
    count = parsed ? parsed->sets.size() : 0;
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * count));
}
BENCHMARK(BM_ParseTle)->Unit(benchmark::kMillisecond);

void BM_ParseOmm(benchmark::State& state) {
  const auto format = static_cast<OmmFormat>(state.range(0));
  const std::string text = omm_text(format);
  size_t count = 0;
  for (auto _ : state) {
    auto parsed = lagrange::orbit::parse_omm(text, format, "starlink");
    if (!parsed) {
      state.SkipWithError(parsed.error().message.c_str());
      return;
    }
    count = parsed->sets.size();
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * count));
  state.SetLabel(fmt::format("{} sets, {} bytes", count, text.size()));
}
BENCHMARK(BM_ParseOmm)
    ->ArgName("format")
    ->Arg(static_cast<int>(OmmFormat::kXml))
    ->Arg(static_cast<int>(OmmFormat::kKvn))
    ->Arg(static_cast<int>(OmmFormat::kJson))
    ->Arg(static_cast<int>(OmmFormat::kCsv))
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
