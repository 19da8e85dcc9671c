#include <fmt/format.h>

#include "report/internal/format.hpp"
#include "report/internal/html_models.hpp"
#include "report/internal/names.hpp"

namespace lagrange::report::internal {
namespace {

// A constellation-wide deployment changes every satellite's version: the table stops here.
constexpr size_t kMaxVersionRows = 200;

std::string deployments_table(const sim::ModelRunRecord& m) {
  std::string out =
      "<table>\n<tr><th>Deployment</th><th>Model</th><th>Version</th><th>Asked</th>"
      "<th>Installed on</th><th>Completed</th></tr>\n";
  for (const auto& d : m.deployments) {
    size_t installed = 0;
    for (const auto& at : d.installed) installed += at.has_value() ? 1 : 0;
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} of {}</td><td>{}</td></tr>\n", d.id,
        html_escape(m.names[d.model]),
        d.rollback ? std::string("rollback") : std::to_string(d.version),
        format_iso8601(d.requested), installed, d.satellites.size(),
        d.completed ? format_iso8601(*d.completed) : std::string("not completed"));
  }
  return out + "</table>\n";
}

std::string versions_table(const sim::RunResult& result, const sim::ModelRunRecord& m) {
  std::string out =
      "<table>\n<tr><th>Time</th><th>Satellite</th><th>Model</th><th>Active version</th></tr>\n";
  for (size_t i = 0; i < m.versions.size() && i < kMaxVersionRows; ++i) {
    const auto& v = m.versions[i];
    out +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", format_iso8601(v.at),
                    html_escape(satellite_name(result, static_cast<int>(v.satellite))),
                    html_escape(m.names[v.model]),
                    v.version == 0 ? std::string("none") : std::to_string(v.version));
  }
  out += "</table>\n";
  if (m.versions.size() > kMaxVersionRows) {
    out += fmt::format("<p>... and {} more changes (all are in summary.json).</p>\n",
                       m.versions.size() - kMaxVersionRows);
  }
  return out;
}

}  // namespace

std::string models_section(const sim::RunResult& result) {
  std::string out;
  for (const auto& run : result.runs) {
    const sim::ModelRunRecord& m = run.models;
    if (m.names.empty()) continue;
    out += fmt::format("<h2>Users' models ({})</h2>\n", html_escape(run.policy));
    out += deployments_table(m);
    out += versions_table(result, m);
  }
  return out;
}

}  // namespace lagrange::report::internal
