// The capture map: an equirectangular (plate carrée) projection, which is all a flat map of
// points needs and keeps longitude and latitude readable straight off the graticule.
#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "report/internal/captures.hpp"
#include "report/internal/format.hpp"
#include "report/internal/html_charts.hpp"
#include "report/internal/names.hpp"
#include "report/internal/palette.hpp"
#include "report/internal/svg.hpp"

namespace lagrange::report::internal {
namespace {

constexpr double kLeft = 56;
constexpr double kTop = 40;
constexpr double kWidth = 1080;
constexpr double kHeight = 540;
constexpr int kSvgWidth = 1160;
constexpr int kSvgHeight = 636;
constexpr size_t kMaxTrackSatellites = 24;
constexpr double kTrackMinutes = 100;  // about one orbit in low Earth orbit
constexpr size_t kMaxCaptures = 4000;
constexpr std::string_view kTaskColour = "#d95f02";
constexpr std::string_view kSystematicColour = "#1b9e77";
constexpr std::string_view kTrackColour = "#9ecae1";
constexpr std::string_view kStationColour = "#222222";

double map_x(double lon_deg) {
  return kLeft + (lon_deg + 180.0) / 360.0 * kWidth;
}
double map_y(double lat_deg) {
  return kTop + (90.0 - lat_deg) / 180.0 * kHeight;
}

template <typename... Args>
void appendf(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

std::string lon_label(int lon) {
  if (lon == 0 || std::abs(lon) == 180) return fmt::format("{}°", std::abs(lon));
  return fmt::format("{}° {}", std::abs(lon), lon < 0 ? "W" : "E");
}
std::string lat_label(int lat) {
  if (lat == 0) return "0°";
  return fmt::format("{}° {}", std::abs(lat), lat < 0 ? "S" : "N");
}

void graticule(std::string& out) {
  appendf(out,
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f4f8fb\" stroke=\"#888\"/>\n",
          px(kLeft), px(kTop), px(kWidth), px(kHeight));
  for (int lon = -180; lon <= 180; lon += 30) {
    const double x = map_x(lon);
    appendf(out, "<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", px(x),
            px(kTop), px(kTop + kHeight));
    appendf(out, "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", px(x),
            px(kTop + kHeight + 18), lon_label(lon));
  }
  for (int lat = -90; lat <= 90; lat += 30) {
    const double y = map_y(lat);
    appendf(out, "<line class=\"grid\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>\n", px(kLeft),
            px(kLeft + kWidth), px(y));
    appendf(out, "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            px(kLeft - 6), px(y + 4), lat_label(lat));
  }
  appendf(out,
          "<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">longitude "
          "(degrees), latitude (degrees); equirectangular</text>\n",
          px(kLeft + kWidth / 2), kSvgHeight - 8);
}

// A track is cut where it crosses the antimeridian, so no line spans the whole map.
void tracks(std::string& out, const sim::RunResult& result) {
  if (result.tracks.size() > kMaxTrackSatellites) return;
  for (const auto& track : result.tracks) {
    std::string points;
    double previous_lon = NAN;
    auto flush = [&] {
      if (!points.empty()) {
        appendf(out,
                "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1\" stroke-opacity=\"0.8\" "
                "points=\"{}\"/>\n",
                kTrackColour, points);
      }
      points.clear();
    };
    for (const auto& p : track) {
      if ((p.time - result.start).to_minutes() > kTrackMinutes) break;
      if (std::isfinite(previous_lon) && std::fabs(p.longitude_deg - previous_lon) > 180.0) flush();
      if (!points.empty()) points += ' ';
      points += px(map_x(p.longitude_deg)) + "," + px(map_y(p.latitude_deg));
      previous_lon = p.longitude_deg;
    }
    flush();
  }
}

size_t capture_marks(std::string& out, const std::vector<sim::CaptureRecord>& captures) {
  const std::vector<size_t> chosen = captures_to_draw(captures, kMaxCaptures);
  // Systematic scenes first, so the (fewer) task captures are drawn on top.
  for (bool systematic : {true, false}) {
    for (size_t i : chosen) {
      const auto& c = captures[i];
      if (c.systematic != systematic) continue;
      appendf(out, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" fill-opacity=\"0.75\"/>\n",
              px(map_x(c.longitude_deg)), px(map_y(c.latitude_deg)), systematic ? "2.5" : "3.5",
              systematic ? kSystematicColour : kTaskColour);
    }
  }
  return chosen.size();
}

void stations(std::string& out, const sim::RunResult& result) {
  for (const auto& s : result.stations) {
    const double x = map_x(s.longitude_deg);
    const double y = map_y(s.latitude_deg);
    appendf(out,
            "<path d=\"M{} {} l6 10 h-12 z\" fill=\"{}\" stroke=\"#fff\" "
            "stroke-width=\"0.8\"><title>{}</title></path>\n",
            px(x), px(y - 6), kStationColour, html_escape(s.name));
    appendf(out, "<text class=\"map-label\" x=\"{}\" y=\"{}\">{}</text>\n", px(x + 7), px(y - 5),
            html_escape(s.name));
  }
}

}  // namespace

std::string capture_map_figure(const sim::RunResult& result) {
  std::string svg = fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\">\n",
      kSvgWidth, kSvgHeight);
  graticule(svg);
  tracks(svg, result);
  const std::vector<sim::CaptureRecord> none;
  const auto& captures = result.runs.empty() ? none : result.runs.front().captures;
  const size_t drawn = capture_marks(svg, captures);
  stations(svg, result);
  std::vector<LegendEntry> entries = {
      {"ground station", std::string(kStationColour), LegendEntry::Mark::kTriangle},
      {"EO task capture", std::string(kTaskColour), LegendEntry::Mark::kDot},
      {"systematic capture", std::string(kSystematicColour), LegendEntry::Mark::kDot}};
  if (!result.tracks.empty() && result.tracks.size() <= kMaxTrackSatellites) {
    entries.push_back({fmt::format("ground tracks, first {} min", kTrackMinutes),
                       std::string(kTrackColour), LegendEntry::Mark::kLine});
  }
  svg += legend(entries, kLeft, 20);
  svg += "</svg>\n";

  std::string caption;
  if (result.runs.empty()) {
    caption = "No policy was run.";
  } else {
    caption =
        fmt::format("{} captures under policy {}", captures.size(), result.runs.front().policy);
    if (drawn < captures.size())
      caption += fmt::format(" ({} drawn: every EO task capture, systematic scenes evenly thinned)",
                             drawn);
    caption += "; the other policies see the same scenes unless storage or energy ran out.";
  }
  return fmt::format(
      "<figure id=\"map\">\n<h2>Captures and ground stations</h2>\n{}<figcaption>{}</figcaption>\n"
      "</figure>\n",
      svg, html_escape(caption));
}

}  // namespace lagrange::report::internal
