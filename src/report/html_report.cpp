#include "report/html_report.hpp"

#include <fmt/format.h>

#include <iterator>
#include <map>

#include "report/internal/comparison.hpp"
#include "report/internal/format.hpp"
#include "report/internal/html_charts.hpp"
#include "report/internal/html_faults.hpp"
#include "report/internal/html_models.hpp"
#include "report/internal/palette.hpp"

namespace lagrange::report {
namespace {

using internal::html_escape;

constexpr std::string_view kStyle = R"(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 14px;
       color: #222; background: #fff; margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 20px 40px; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 0 0 6px; }
p.description { color: #444; max-width: 900px; line-height: 1.4; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 10px 0; }
dl.facts dt { font-weight: bold; color: #555; }
dl.facts dd { margin: 0; }
table.comparison { border-collapse: collapse; margin: 8px 0 20px; min-width: 560px; }
table.comparison th, table.comparison td { padding: 4px 14px; border-bottom: 1px solid #e3e3e3; }
table.comparison th { text-align: right; border-bottom: 2px solid #999; }
table.comparison th:first-child, table.comparison td:first-child { text-align: left; }
table.comparison td { text-align: right; font-variant-numeric: tabular-nums; }
table.comparison td.sub { padding-left: 30px; color: #444; }
table.comparison tr.section td { font-weight: bold; background: #f5f5f5; }
span.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px;
              border-radius: 2px; }
figure { margin: 24px 0; padding: 12px 12px 8px; border: 1px solid #e3e3e3; border-radius: 6px; }
figcaption { color: #555; font-size: 13px; margin-top: 4px; line-height: 1.4; }
svg.chart { display: block; width: 100%; height: auto; max-width: 1160px; }
svg.chart text { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; fill: #333; }
svg.chart .tick { font-size: 12px; }
svg.chart .axis-title { font-size: 13px; fill: #222; }
svg.chart .legend { font-size: 12px; }
svg.chart .map-label { font-size: 11px; fill: #111; paint-order: stroke; stroke: #fff;
                       stroke-width: 3px; }
svg.chart .grid { stroke: #e4e4e4; stroke-width: 1; }
svg.chart .axis { stroke: #555; stroke-width: 1; }
p.no-data { color: #777; font-style: italic; }
footer { color: #777; font-size: 12px; margin-top: 30px; }
)";

// "2026-06-27 00:00:00 to 2026-06-28 00:00:00 (24.0 h)"; milliseconds only when not zero.
std::string window_text(const sim::RunResult& result) {
  auto readable = [](Instant t) {
    std::string iso = format_iso8601(t);
    if (iso.size() > 5 && iso.compare(iso.size() - 5, 5, ".000Z") == 0) {
      iso.erase(iso.size() - 5);
    } else {
      iso.pop_back();  // the Z: the heading says UTC
    }
    iso[10] = ' ';
    return iso;
  };
  return fmt::format("{} to {} ({})", readable(result.start), readable(result.end),
                     internal::human_duration((result.end - result.start).to_seconds()));
}

// "12 (flagship 1, standard 11)"
std::string satellites_text(const sim::RunResult& result) {
  std::map<std::string, size_t> per_class;
  for (const auto& c : result.satellite_classes) ++per_class[c];
  std::string text = std::to_string(result.satellites.size());
  if (!per_class.empty()) {
    std::string classes;
    for (const auto& [name, count] : per_class) {
      classes += (classes.empty() ? "" : ", ") + fmt::format("{} {}", name, count);
    }
    text += " (" + classes + ")";
  }
  return text;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
  return text.empty() ? "none" : text;
}

std::string header(const sim::RunResult& result) {
  std::vector<std::string> stations;
  for (const auto& s : result.stations) stations.push_back(s.name);
  std::vector<std::string> policies;
  for (const auto& r : result.runs) policies.push_back(r.policy);
  std::string out = fmt::format("<h1>Lagrange run: {}</h1>\n", html_escape(result.scenario));
  if (!result.description.empty()) {
    out += fmt::format("<p class=\"description\">{}</p>\n", html_escape(result.description));
  }
  out += "<dl class=\"facts\">\n";
  const std::pair<std::string, std::string> facts[] = {
      {"Window (UTC)", window_text(result)},
      {"Satellites", satellites_text(result)},
      {"Ground stations", fmt::format("{}: {}", stations.size(), joined(stations))},
      {"Tenants", joined(result.tenants)},
      {"Policies", joined(policies)},
      {"Seed", std::to_string(result.seed)}};
  for (const auto& [term, value] : facts) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", html_escape(term), html_escape(value));
  }
  out += "</dl>\n";
  return out;
}

std::string comparison_table(const sim::RunResult& result) {
  const internal::Comparison table = internal::compare_policies(result);
  std::string out = "<h2>Policies compared</h2>\n<table class=\"comparison\">\n<tr><th>Metric</th>";
  for (size_t p = 0; p < table.policies.size(); ++p) {
    out +=
        fmt::format("<th><span class=\"swatch\" style=\"background:{}\"></span>{}</th>",
                    internal::policy_colour(table.policies[p], p), html_escape(table.policies[p]));
  }
  out += "</tr>\n";
  for (const auto& row : table.rows) {
    const bool sub = row.label.rfind("  ", 0) == 0;
    const std::string label = sub ? row.label.substr(2) : row.label;
    if (row.section) {
      out += fmt::format("<tr class=\"section\"><td colspan=\"{}\">{}</td></tr>\n",
                         table.policies.size() + 1, html_escape(label));
      continue;
    }
    out += fmt::format("<tr><td{}>{}</td>", sub ? " class=\"sub\"" : "", html_escape(label));
    for (const auto& v : row.values) out += "<td>" + html_escape(v) + "</td>";
    out += "</tr>\n";
  }
  out += "</table>\n";
  return out;
}

}  // namespace

std::string html_report(const sim::RunResult& result) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format("<title>Lagrange: {}</title>\n", html_escape(result.scenario));
  out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<main>\n";
  out += header(result);
  out += comparison_table(result);
  out += internal::latency_cdf_figure(result);
  out += internal::downlink_figure(result);
  out += internal::battery_figure(result);
  out += internal::utilisation_figure(result);
  out += internal::capture_map_figure(result);
  out += internal::llm_figure(result);
  out += internal::models_section(result);
  out += internal::faults_section(result);
  out +=
      "<footer>Written by Lagrange 0.1.0. The same scenario and seed give the same report. "
      "Figures and columns are described in docs/outputs.md.</footer>\n";
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace lagrange::report
