#include "access/contact_plan_io.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "core/output_file.hpp"

namespace lagrange::access {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;

int64_t ceil_seconds(Duration d) {
  const int64_t ns = d.ns();
  return ns >= 0 ? (ns + kNsPerSecond - 1) / kNsPerSecond : -((-ns) / kNsPerSecond);
}
int64_t floor_seconds(Duration d) {
  const int64_t ns = d.ns();
  return ns >= 0 ? ns / kNsPerSecond : -((-ns + kNsPerSecond - 1) / kNsPerSecond);
}

struct WholeSecondContact {
  uint64_t start_s, end_s, owlt_s;
};

// The contact in whole seconds from the plan start (rounded inwards), if any is left.
bool whole_seconds(const ContactPlan& plan, const Contact& c, WholeSecondContact& out) {
  const int64_t s = ceil_seconds(c.start - plan.window_start);
  const int64_t e = floor_seconds(c.end - plan.window_start);
  if (e <= s || s < 0) return false;
  out.start_s = static_cast<uint64_t>(s);
  out.end_s = static_cast<uint64_t>(e);
  out.owlt_s =
      static_cast<uint64_t>(std::max<int64_t>(1, ceil_seconds(Duration::from_seconds(c.owlt_s))));
  return true;
}

uint32_t ipn_node(NodeIndex i) {
  return i + 1;
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

const char* kind_name(ContactKind k) {
  switch (k) {
    case ContactKind::kSatelliteToGround:
      return "downlink";
    case ContactKind::kGroundToSatellite:
      return "uplink";
    case ContactKind::kInterSatellite:
      return "isl";
    case ContactKind::kGroundLink:
      return "ground";
  }
  return "isl";
}

const char* node_kind_name(NodeKind k) {
  return k == NodeKind::kSatellite ? "satellite" : "ground_station";
}

}  // namespace

Result<PlanFormat> parse_plan_format(std::string_view text) {
  if (text == "csv") return PlanFormat::kCsv;
  if (text == "hdtn-json") return PlanFormat::kHdtnJson;
  if (text == "ion") return PlanFormat::kIon;
  return Error{fmt::format("format '{}' is not one of csv, hdtn-json, ion", text)};
}

void write_contacts_csv(const ContactPlan& plan, std::ostream& out) {
  out << "from,to,from_name,to_name,kind,start_utc,end_utc,start_s,end_s,rate_bps,owlt_s\n";
  for (const Contact& c : plan.contacts) {
    if (!out) return;  // disk full: the caller reports it
    out << fmt::format("{},{},{},{},{},{},{},{:.3f},{:.3f},{:.0f},{:.6f}\n", c.from, c.to,
                       csv_field(plan.nodes[c.from].name), csv_field(plan.nodes[c.to].name),
                       kind_name(c.kind), format_iso8601(c.start), format_iso8601(c.end),
                       (c.start - plan.window_start).to_seconds(),
                       (c.end - plan.window_start).to_seconds(), c.rate_bps, c.owlt_s);
  }
}

void write_eclipses_csv(const ContactPlan& plan, std::ostream& out) {
  out << "norad_id,start_utc,end_utc,kind,min_illuminated_fraction\n";
  for (const EclipseInterval& e : plan.eclipses) {
    if (!out) return;
    out << fmt::format("{},{},{},{},{:.4f}\n", plan.nodes[e.satellite].norad_id,
                       format_iso8601(e.start), format_iso8601(e.end),
                       e.kind == ShadowKind::kUmbra ? "umbra" : "penumbra",
                       e.min_illuminated_fraction);
  }
}

void write_node_map_csv(const ContactPlan& plan, std::ostream& out) {
  out << "node,ipn_node,kind,name,norad_id\n";
  for (NodeIndex i = 0; i < plan.nodes.size(); ++i) {
    const Node& n = plan.nodes[i];
    out << fmt::format("{},{},{},{},{}\n", i, ipn_node(i), node_kind_name(n.kind),
                       csv_field(n.name),
                       n.kind == NodeKind::kSatellite ? std::to_string(n.norad_id) : "");
  }
}

void write_hdtn_json(const ContactPlan& plan, std::ostream& out) {
  out << "{\n  \"contacts\": [";
  uint64_t number = 0;
  for (const Contact& c : plan.contacts) {
    if (!out) return;
    WholeSecondContact w;
    if (!whole_seconds(plan, c, w)) continue;
    out << (number == 0 ? "\n" : ",\n");
    out << fmt::format(
        "    {{\"contact\": {}, \"source\": {}, \"dest\": {}, \"startTime\": {}, \"endTime\": {}, "
        "\"rateBitsPerSec\": {}, \"owlt\": {}}}",
        number++, ipn_node(c.from), ipn_node(c.to), w.start_s, w.end_s,
        static_cast<uint64_t>(c.rate_bps), w.owlt_s);
  }
  out << (number == 0 ? "]\n}\n" : "\n  ]\n}\n");
}

void write_ion(const ContactPlan& plan, std::ostream& out) {
  out << "## Lagrange contact plan for ionadmin\n";
  out << fmt::format("## plan start (time +0): {}\n", format_iso8601(plan.window_start));
  out << fmt::format("## plan end: {}\n", format_iso8601(plan.window_end));
  out << "## node map: ipn_node kind name [norad_id]\n";
  for (NodeIndex i = 0; i < plan.nodes.size(); ++i) {
    const Node& n = plan.nodes[i];
    out << fmt::format("## node {} {} {}{}\n", ipn_node(i), node_kind_name(n.kind), n.name,
                       n.kind == NodeKind::kSatellite ? fmt::format(" {}", n.norad_id) : "");
  }
  for (const Contact& c : plan.contacts) {
    if (!out) return;
    WholeSecondContact w;
    if (!whole_seconds(plan, c, w)) continue;
    out << fmt::format("a contact +{} +{} {} {} {}\n", w.start_s, w.end_s, ipn_node(c.from),
                       ipn_node(c.to), static_cast<uint64_t>(c.rate_bps / 8.0));
    out << fmt::format("a range +{} +{} {} {} {}\n", w.start_s, w.end_s, ipn_node(c.from),
                       ipn_node(c.to), w.owlt_s);
  }
}

void write_plan(const ContactPlan& plan, PlanFormat format, std::ostream& out) {
  switch (format) {
    case PlanFormat::kCsv:
      write_contacts_csv(plan, out);
      break;
    case PlanFormat::kHdtnJson:
      write_hdtn_json(plan, out);
      break;
    case PlanFormat::kIon:
      write_ion(plan, out);
      break;
  }
}

Status write_plan_directory(const ContactPlan& plan, const std::string& directory) {
  if (auto ready = prepare_output_directory(directory); !ready) return ready.error();
  using Writer = void (*)(const ContactPlan&, std::ostream&);
  const std::pair<const char*, Writer> files[] = {{"contacts.csv", write_contacts_csv},
                                                  {"eclipses.csv", write_eclipses_csv},
                                                  {"nodes.csv", write_node_map_csv},
                                                  {"contact_plan.json", write_hdtn_json},
                                                  {"contact_plan.ionrc", write_ion}};
  for (const auto& [name, writer] : files) {
    const auto path = std::filesystem::path(directory) / name;
    const Writer write = writer;  // a copy: clang 14 cannot capture a structured binding
    auto written = write_output_file(path, [&](std::ostream& out) { write(plan, out); });
    if (!written) return written.error();
  }
  return ok_status();
}

}  // namespace lagrange::access
