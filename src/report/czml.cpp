#include "report/czml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

#include "report/internal/captures.hpp"
#include "report/internal/names.hpp"

namespace lagrange::report {
namespace {

using nlohmann::ordered_json;

constexpr double kClockMultiplier = 60.0;
constexpr double kTrailTimeS = 5400.0;  // about one low orbit
constexpr int kInterpolationDegree = 5;

using Rgba = std::array<int, 4>;
constexpr Rgba kSatelliteColour = {255, 230, 80, 255};
constexpr Rgba kStationColour = {255, 255, 255, 255};
constexpr Rgba kGroundLinkColour = {80, 220, 120, 220};
constexpr Rgba kLaserLinkColour = {255, 120, 40, 200};
constexpr Rgba kTaskCaptureColour = {217, 95, 2, 255};
constexpr Rgba kSystematicCaptureColour = {27, 158, 119, 255};

// v to `per_unit` steps (1e6: micro-degrees). Dividing the whole number of steps by per_unit
// gives the double nearest the decimal, which JSON then prints with only those digits
// ("83.420185", not "83.42018499999999" as multiplying by 1e-6 would): a third smaller file.
double rounded(double v, double per_unit) {
  return std::round(v * per_unit) / per_unit;
}

ordered_json colour(const Rgba& c) {
  return {{"rgba", c}};
}

std::string interval(Instant a, Instant b) {
  return format_iso8601(a) + "/" + format_iso8601(b);
}

ordered_json label(const std::string& text) {
  return {{"text", text},
          {"font", "12pt sans-serif"},
          {"style", "FILL_AND_OUTLINE"},
          {"outlineWidth", 2},
          {"horizontalOrigin", "LEFT"},
          {"pixelOffset", {{"cartesian2", {10, 0}}}},
          {"fillColor", colour({255, 255, 255, 255})}};
}

ordered_json document(const sim::RunResult& result, const std::string& description) {
  return {{"id", "document"},
          {"name", result.scenario},
          {"version", "1.0"},
          {"description", description},
          {"clock",
           {{"interval", interval(result.start, result.end)},
            {"currentTime", format_iso8601(result.start)},
            {"multiplier", kClockMultiplier},
            {"range", "LOOP_STOP"},
            {"step", "SYSTEM_CLOCK_MULTIPLIER"}}}};
}

ordered_json satellite(const sim::RunResult& result, size_t i) {
  ordered_json p = {{"id", fmt::format("sat-{}", i)},
                    {"name", result.satellites[i]},
                    {"availability", interval(result.start, result.end)}};
  if (i < result.satellite_classes.size())
    p["description"] = "class " + result.satellite_classes[i];
  const std::vector<sim::TrackPoint> none;
  const auto& track = i < result.tracks.size() ? result.tracks[i] : none;
  if (track.empty()) return p;
  ordered_json samples = ordered_json::array();
  for (const auto& t : track) {
    samples.push_back(rounded((t.time - result.start).to_seconds(), 1e3));
    samples.push_back(rounded(t.longitude_deg, 1e6));
    samples.push_back(rounded(t.latitude_deg, 1e6));
    samples.push_back(std::round(t.altitude_km * 1000.0));
  }
  p["position"] = {{"epoch", format_iso8601(result.start)},
                   {"interpolationAlgorithm", "LAGRANGE"},
                   {"interpolationDegree", kInterpolationDegree},
                   {"referenceFrame", "FIXED"},
                   {"cartographicDegrees", std::move(samples)}};
  p["point"] = {{"pixelSize", 7},
                {"color", colour(kSatelliteColour)},
                {"outlineColor", colour({0, 0, 0, 255})},
                {"outlineWidth", 1}};
  p["label"] = label(result.satellites[i]);
  p["path"] = {{"leadTime", 0},
               {"trailTime", kTrailTimeS},
               {"resolution", 60},
               {"width", 1},
               {"material", {{"solidColor", {{"color", colour({255, 230, 80, 120})}}}}}};
  return p;
}

ordered_json station(const sim::StationInfo& s, size_t j) {
  return {
      {"id", fmt::format("station-{}", j)},
      {"name", s.name},
      {"position",
       {{"cartographicDegrees",
         {rounded(s.longitude_deg, 1e6), rounded(s.latitude_deg, 1e6), std::round(s.height_m)}}}},
      {"point",
       {{"pixelSize", 9},
        {"color", colour(kStationColour)},
        {"outlineColor", colour({0, 0, 0, 255})},
        {"outlineWidth", 2}}},
      {"label", label(s.name)}};
}

// The entity id of a contact-plan node (satellites first, then stations), or "" when the
// index is outside the result's lists.
std::string node_id(const sim::RunResult& result, access::NodeIndex node) {
  const size_t n = result.satellites.size();
  if (node < n) return fmt::format("sat-{}", node);
  if (node - n < result.stations.size()) return fmt::format("station-{}", node - n);
  return "";
}

std::string node_name(const sim::RunResult& result, access::NodeIndex node) {
  const size_t n = result.satellites.size();
  return node < n ? result.satellites[node] : result.stations[node - n].name;
}

struct Link {
  access::NodeIndex a = 0;  // a < b: both directions of a pass or laser link are one line
  access::NodeIndex b = 0;
  bool laser = false;
  auto operator<=>(const Link&) const = default;
};
using Intervals = std::vector<std::pair<Instant, Instant>>;

// Contacts by undirected node pair, overlapping or touching intervals merged.
std::map<Link, Intervals> merged_links(const sim::RunResult& result) {
  std::map<Link, Intervals> links;
  for (const auto& c : result.contacts) {
    if (node_id(result, c.from).empty() || node_id(result, c.to).empty()) continue;
    if (c.kind == access::ContactKind::kGroundLink) continue;  // not drawn: up all day
    const Link link{std::min(c.from, c.to), std::max(c.from, c.to),
                    c.kind == access::ContactKind::kInterSatellite};
    links[link].emplace_back(c.start, c.end);
  }
  for (auto& [link, intervals] : links) {
    std::sort(intervals.begin(), intervals.end());
    Intervals merged;
    for (const auto& iv : intervals) {
      if (!merged.empty() && iv.first <= merged.back().second) {
        merged.back().second = std::max(merged.back().second, iv.second);
      } else {
        merged.push_back(iv);
      }
    }
    intervals = std::move(merged);
  }
  return links;
}

// Keeps the first `limit` laser-link intervals by (start, pair); returns how many there were.
size_t limit_laser_links(std::map<Link, Intervals>& links, size_t limit) {
  std::vector<std::tuple<Instant, Link, Instant>> all;
  for (const auto& [link, intervals] : links) {
    if (!link.laser) continue;
    for (const auto& [start, end] : intervals) all.emplace_back(start, link, end);
  }
  if (all.size() <= limit) return all.size();
  std::sort(all.begin(), all.end());
  for (auto it = links.begin(); it != links.end();) {
    it = it->first.laser ? links.erase(it) : std::next(it);
  }
  for (size_t k = 0; k < limit; ++k) {
    const auto& [start, link, end] = all[k];
    links[link].emplace_back(start, end);
  }
  return all.size();
}

ordered_json contact_packet(const sim::RunResult& result, const Link& link,
                            const Intervals& intervals) {
  const std::string a = node_id(result, link.a);
  const std::string b = node_id(result, link.b);
  ordered_json availability = ordered_json::array();
  ordered_json show = ordered_json::array();
  for (const auto& [start, end] : intervals) {
    availability.push_back(interval(start, end));
    show.push_back({{"interval", interval(start, end)}, {"boolean", true}});
  }
  return {{"id", fmt::format("contact-{}-{}", a, b)},
          {"name", node_name(result, link.a) + " - " + node_name(result, link.b)},
          {"availability", std::move(availability)},
          {"polyline",
           {{"show", std::move(show)},
            {"positions", {{"references", {a + "#position", b + "#position"}}}},
            {"width", link.laser ? 1.5 : 2.0},
            {"arcType", "NONE"},
            {"material",
             {{"solidColor",
               {{"color", colour(link.laser ? kLaserLinkColour : kGroundLinkColour)}}}}}}}};
}

ordered_json capture_packet(const sim::RunResult& result, const sim::CaptureRecord& c, size_t k) {
  return {{"id", fmt::format("capture-{}", k)},
          {"name", fmt::format("{} capture by {}", c.systematic ? "systematic" : "task",
                               internal::satellite_name(result, static_cast<int>(c.satellite)))},
          {"availability", interval(c.time, std::max(c.time, result.end))},
          {"position",
           {{"cartographicDegrees",
             {rounded(c.longitude_deg, 1e6), rounded(c.latitude_deg, 1e6), 0.0}}}},
          {"point",
           {{"pixelSize", c.systematic ? 4 : 6},
            {"color", colour(c.systematic ? kSystematicCaptureColour : kTaskCaptureColour)}}}};
}

}  // namespace

ordered_json czml(const sim::RunResult& result) {
  auto links = merged_links(result);
  const size_t laser_total = limit_laser_links(links, kMaxIslIntervals);
  const std::vector<sim::CaptureRecord> no_captures;
  const auto& captures = result.runs.empty() ? no_captures : result.runs.front().captures;

  std::string description =
      fmt::format("Lagrange run of scenario '{}', seed {}.", result.scenario, result.seed);
  if (laser_total > kMaxIslIntervals) {
    description += fmt::format(" Laser links: the first {} of {} contact intervals are shown.",
                               kMaxIslIntervals, laser_total);
  }
  if (!result.runs.empty()) {
    description += fmt::format(" Captures of policy '{}'", result.runs.front().policy);
    description += captures.size() > kMaxCaptures
                       ? fmt::format(
                             ": {} of {} (every EO task capture, systematic scenes "
                             "evenly thinned).",
                             kMaxCaptures, captures.size())
                       : ".";
  }

  ordered_json packets = ordered_json::array();
  packets.push_back(document(result, description));
  for (size_t i = 0; i < result.satellites.size(); ++i) packets.push_back(satellite(result, i));
  for (size_t j = 0; j < result.stations.size(); ++j) {
    packets.push_back(station(result.stations[j], j));
  }
  for (const auto& [link, intervals] : links) {
    packets.push_back(contact_packet(result, link, intervals));
  }
  for (size_t k : internal::captures_to_draw(captures, kMaxCaptures)) {
    packets.push_back(capture_packet(result, captures[k], k));
  }
  return packets;
}

std::string czml_text(const sim::RunResult& result) {
  const ordered_json packets = czml(result);
  std::string out = "[\n";
  for (size_t i = 0; i < packets.size(); ++i) {
    out += packets[i].dump(-1, ' ', false, ordered_json::error_handler_t::replace);
    out += i + 1 < packets.size() ? ",\n" : "\n";
  }
  out += "]\n";
  return out;
}

}  // namespace lagrange::report
