// The `ground_network` section: the terrestrial network joining the ground stations
// (access/ground_network.hpp). Absent: every station joined at the defaults; `none`: no
// network (stations unconnected, as before the network was modelled).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "scenario/internal/sections.hpp"

namespace lagrange::scenario::internal {
namespace {

constexpr std::array<std::string_view, 3> kNetworkKeys = {"latency_ms", "rate_bps", "stations"};
constexpr std::array<std::string_view, 2> kAccessKeys = {"latency_ms", "rate_bps"};
constexpr double kMaxLatencyMs = 3.6e6;  // an hour: anything longer is a typo
constexpr double kMaxRateBps = 1e15;

bool is_none(const YAML::Node& node) {
  return node.IsScalar() && node.Scalar() == "none";
}

// latency_ms and rate_bps of `node` over `access` (fields not given keep its values).
void read_access(Reader& r, const YAML::Node& node, const std::string& path,
                 access::GroundAccess& access) {
  if (auto ms = r.number(node, path, "latency_ms", false, 0.0, kMaxLatencyMs)) {
    access.latency_s = *ms / 1000.0;
  }
  if (auto rate = r.number(node, path, "rate_bps", false, 1.0, kMaxRateBps)) {
    access.rate_bps = *rate;
  }
}

void read_station_overrides(Reader& r, const YAML::Node& node, const std::string& path,
                            const Scenario& s, access::GroundNetwork& network) {
  if (!node.IsMap()) {
    r.error(node, path, "expected a mapping of station names to {latency_ms, rate_bps} or none");
    return;
  }
  std::vector<std::string_view> known;
  for (const auto& st : s.stations) known.push_back(st.name);
  for (const auto& kv : node) {
    const std::string name = kv.first.Scalar();
    const std::string at = child(path, name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string what = "no ground station '" + name + "' in this scenario";
      if (auto guess = closest(name, known); !guess.empty()) {
        what += " (did you mean '" + guess + "'?)";
      }
      r.error(kv.first, path, what);
      continue;
    }
    access::GroundAccess access = network.defaults;
    if (is_none(kv.second)) {
      access.joined = false;
    } else if (r.check_map(kv.second, at, kAccessKeys)) {
      read_access(r, kv.second, at, access);
    }
    network.stations[name] = access;
  }
}

}  // namespace

void parse_ground_network(ParseEnv& env, const YAML::Node& root, Scenario& s) {
  Reader& r = env.reader;
  const std::string path = "ground_network";
  s.ground_network = access::GroundNetwork{};
  s.ground_network.enabled = true;
  const auto node = r.get(root, "", path, false);
  if (!node) return;
  if (is_none(*node)) {
    s.ground_network.enabled = false;
    return;
  }
  if (node->IsScalar()) {
    r.error(*node, path,
            "expected 'none' or a mapping with latency_ms, rate_bps and stations, got '" +
                node->Scalar() + "'");
    return;
  }
  if (!r.check_map(*node, path, kNetworkKeys)) return;
  read_access(r, *node, path, s.ground_network.defaults);
  if (auto stations = r.get(*node, path, "stations", false)) {
    read_station_overrides(r, *stations, child(path, "stations"), s, s.ground_network);
  }
}

}  // namespace lagrange::scenario::internal
