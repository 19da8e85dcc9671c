// The ground stations of a scenario: a stations file read by the access layer's loader
// (optionally narrowed to some names), plus stations written inline.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "scenario/internal/sections.hpp"

namespace lagrange::scenario::internal {
namespace {

constexpr std::array<std::string_view, 3> kStationsKeys = {"file", "only", "stations"};
// The fields of access/stations.hpp, same names and units as in a stations file.
constexpr std::array<std::string_view, 9> kStationKeys = {
    "name",     "latitude_deg",      "longitude_deg",   "height_m", "elevation_mask_deg",
    "antennas", "downlink_rate_bps", "uplink_rate_bps", "source"};

std::optional<access::GroundStation> parse_inline_station(Reader& r, const YAML::Node& node,
                                                          const std::string& path) {
  if (!r.check_map(node, path, kStationKeys)) return std::nullopt;
  access::GroundStation st;
  const auto name = r.text(node, path, "name", true);
  const auto lat = r.number(node, path, "latitude_deg", true, -90.0, 90.0);
  const auto lon = r.number(node, path, "longitude_deg", true, -180.0, 360.0);
  const auto height = r.number(node, path, "height_m", false, -500.0, 9000.0);
  const auto mask = r.number(node, path, "elevation_mask_deg", false, 0.0, 89.999);
  const auto antennas = r.integer(node, path, "antennas", false, 1, 1000);
  const auto down = r.number(node, path, "downlink_rate_bps", false, 1.0);
  const auto up = r.number(node, path, "uplink_rate_bps", false, 1.0);
  const auto source = r.text(node, path, "source", false);
  if (!name || !lat || !lon) return std::nullopt;
  st.name = *name;
  st.latitude_deg = *lat;
  st.longitude_deg = *lon > 180.0 ? *lon - 360.0 : *lon;
  st.height_m = height.value_or(0.0);
  st.elevation_mask_deg = mask.value_or(st.elevation_mask_deg);
  st.antennas = static_cast<int>(antennas.value_or(1));
  st.downlink_rate_bps = down.value_or(st.downlink_rate_bps);
  st.uplink_rate_bps = up.value_or(st.uplink_rate_bps);
  st.source = source.value_or("scenario file");
  // The access layer's own checks, so inline stations obey the same rules as station files.
  if (Status ok = access::validate_station(st, path); !ok) {
    r.error(node, "", ok.error().message);
    return std::nullopt;
  }
  return st;
}

void read_station_file(ParseEnv& env, const YAML::Node& node, Scenario& s) {
  Reader& r = env.reader;
  const std::string path = "ground_stations";
  const auto file = r.get(node, path, "file", false);
  if (!file) return;
  if (!file->IsScalar()) {
    r.error(*file, child(path, "file"), "expected the path of a stations file");
    return;
  }
  const std::filesystem::path resolved = resolve_path(env, file->Scalar());
  auto loaded = access::load_stations_file(resolved.string());
  if (!loaded) {
    r.error(*file, child(path, "file"), loaded.error().message);
    return;
  }
  const auto only = r.text_list(node, path, "only", false);
  if (!only) {
    s.stations = std::move(*loaded);
    return;
  }
  // Keep the file's order (deterministic) and report names the file lacks.
  const std::set<std::string> wanted(only->begin(), only->end());
  std::vector<std::string_view> known;
  for (const auto& st : *loaded) {
    known.push_back(st.name);
    if (wanted.contains(st.name)) s.stations.push_back(st);
  }
  const YAML::Node only_node = node["only"];
  for (size_t i = 0; i < only->size(); ++i) {
    const std::string& name = (*only)[i];
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string what = fmt::format("no station '{}' in {}", name, resolved.string());
    if (auto guess = closest(name, known); !guess.empty())
      what += " (did you mean '" + guess + "'?)";
    r.error(only_node.IsSequence() ? only_node[i] : only_node, item(child(path, "only"), i), what);
  }
}

}  // namespace

void parse_stations(ParseEnv& env, const YAML::Node& node, Scenario& s) {
  Reader& r = env.reader;
  const std::string path = "ground_stations";
  if (!r.check_map(node, path, kStationsKeys)) return;
  read_station_file(env, node, s);
  if (auto list = r.get(node, path, "stations", false)) {
    const std::string p = child(path, "stations");
    if (r.check_list(*list, p)) {
      for (size_t i = 0; i < list->size(); ++i) {
        auto st = parse_inline_station(r, (*list)[i], item(p, i));
        if (!st) continue;
        for (const auto& other : s.stations) {
          if (other.name == st->name) {
            r.error((*list)[i], item(p, i), "duplicate station name '" + st->name + "'");
          }
        }
        s.stations.push_back(std::move(*st));
      }
    }
  }
  if (s.stations.empty() && !r.failed()) {
    r.error(node, path, "no ground stations: give a 'file' or inline 'stations'");
  }
}

}  // namespace lagrange::scenario::internal
