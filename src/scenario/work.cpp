// The tenants of a scenario and their workloads (workload/workload.hpp specs).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "scenario/internal/sections.hpp"

namespace lagrange::scenario::internal {
namespace {

using workload::Area;
using workload::Arrivals;
using workload::Delivery;
using workload::Distribution;
using workload::GeoPoint;

constexpr std::array<std::string_view, 5> kTenantKeys = {"name", "weight", "quota_ops_per_day",
                                                         "workloads", "description"};
constexpr std::array<std::string_view, 4> kKinds = {"eo_task", "systematic_imaging", "compute_job",
                                                    "llm_query"};
constexpr std::array<std::string_view, 10> kEoKeys = {"name",
                                                      "kind",
                                                      "arrivals",
                                                      "target",
                                                      "model",
                                                      "deliver_to",
                                                      "capture_window_s",
                                                      "deadline_s",
                                                      "checkpoint_interval_s",
                                                      "redundancy"};
constexpr std::array<std::string_view, 6> kSystematicKeys = {"name",       "kind",  "region",
                                                             "duty_cycle", "model", "deliver_to"};
constexpr std::array<std::string_view, 10> kJobKeys = {
    "name",       "kind",        "arrivals",
    "operations", "input_bytes", "output_bytes",
    "from",       "deadline_s",  "checkpoint_interval_s",
    "redundancy"};
constexpr std::array<std::string_view, 8> kLlmKeys = {
    "name", "kind", "arrivals", "model", "prompt_tokens", "answer_tokens", "from", "deadline_s"};
constexpr std::array<std::string_view, 7> kArrivalKeys = {
    "process", "at", "rate_per_hour", "count", "period_s", "start", "end"};
constexpr std::array<std::string_view, 4> kProcesses = {"schedule", "poisson", "uniform",
                                                        "periodic"};
constexpr std::array<std::string_view, 6> kDistributionKeys = {"distribution", "min",    "max",
                                                               "mean",         "stddev", "value"};
constexpr std::array<std::string_view, 2> kAreaKeys = {"point", "polygon"};
constexpr std::array<std::string_view, 2> kDeliveryKeys = {"station", "region"};

// The kind-specific parsers share these.
struct WorkEnv {
  ParseEnv& env;
  const Scenario& s;
  Reader& r() { return env.reader; }
};

std::optional<GeoPoint> parse_point(Reader& r, const YAML::Node& node, const std::string& path) {
  if (!node.IsSequence() || node.size() != 2) {
    r.error(node, path, "expected [latitude_deg, longitude_deg]");
    return std::nullopt;
  }
  const auto lat = r.number_value(node[0], item(path, 0), -90.0, 90.0);
  const auto lon = r.number_value(node[1], item(path, 1), -180.0, 180.0);
  if (!lat || !lon) return std::nullopt;
  return GeoPoint{*lat, *lon};
}

std::optional<Area> parse_polygon(Reader& r, const YAML::Node& node, const std::string& path) {
  if (!r.check_list(node, path)) return std::nullopt;
  if (node.size() < 3) {
    r.error(node, path, fmt::format("a polygon needs at least 3 vertices, got {}", node.size()));
    return std::nullopt;
  }
  Area area;
  for (size_t i = 0; i < node.size(); ++i) {
    auto p = parse_point(r, node[i], item(path, i));
    if (!p) return std::nullopt;
    area.vertices.push_back(*p);
  }
  // Edges are taken the short way round; one longer than 180 deg of longitude would be read
  // as going the other way round the globe, covering the complement of what was meant.
  for (size_t i = 0; i < area.vertices.size(); ++i) {
    const GeoPoint& a = area.vertices[i];
    const GeoPoint& b = area.vertices[(i + 1) % area.vertices.size()];
    if (std::abs(b.longitude_deg - a.longitude_deg) > 180.0) {
      r.error(node[(i + 1) % node.size()], path,
              fmt::format("the edge from vertex {} (longitude {}) to vertex {} (longitude {}) "
                          "crosses the antimeridian, which polygons may not; split the polygon "
                          "into one on each side of longitude 180",
                          i, a.longitude_deg, (i + 1) % area.vertices.size(), b.longitude_deg));
      return std::nullopt;
    }
  }
  return area;
}

// {point: [lat, lon]} or {polygon: [[lat, lon], ...]}.
std::optional<Area> parse_area(Reader& r, const YAML::Node& node, const std::string& path) {
  if (!r.check_map(node, path, kAreaKeys)) return std::nullopt;
  const auto point = r.get(node, path, "point", false);
  const auto polygon = r.get(node, path, "polygon", false);
  if (point.has_value() == polygon.has_value()) {
    r.error(node, path, "give exactly one of 'point' or 'polygon'");
    return std::nullopt;
  }
  if (polygon) return parse_polygon(r, *polygon, child(path, "polygon"));
  auto p = parse_point(r, *point, child(path, "point"));
  if (!p) return std::nullopt;
  return Area{{*p}};
}

void check_station(WorkEnv& w, const YAML::Node& node, const std::string& path,
                   const std::string& name) {
  std::vector<std::string_view> names;
  for (const auto& st : w.s.stations) {
    if (st.name == name) return;
    names.push_back(st.name);
  }
  std::string what = "unknown ground station '" + name + "'";
  if (auto guess = closest(name, names); !guess.empty()) {
    what += " (did you mean '" + guess + "'?)";
  } else {
    what += "; the scenario's stations: ";
    for (size_t i = 0; i < names.size(); ++i) what += (i ? ", " : "") + std::string(names[i]);
  }
  w.r().error(node, path, what);
}

// `any`, {station: NAME} or {region: [[lat, lon], ...]}; absent gives `fallback`.
Delivery parse_delivery(WorkEnv& w, const YAML::Node& map, const std::string& path,
                        Delivery fallback) {
  Reader& r = w.r();
  const auto node = r.get(map, path, "deliver_to", false);
  if (!node) return fallback;
  const std::string p = child(path, "deliver_to");
  Delivery d;
  if (node->IsScalar()) {
    if (node->Scalar() != "any")
      r.error(*node, p, "expected 'any', {station: NAME} or {region: [...]}");
    return d;
  }
  if (!r.check_map(*node, p, kDeliveryKeys)) return d;
  if (auto station = r.text(*node, p, "station", false)) {
    d.kind = Delivery::Kind::kStation;
    d.station = *station;
    check_station(w, (*node)["station"], child(p, "station"), *station);
  } else if (auto region = r.get(*node, p, "region", false)) {
    d.kind = Delivery::Kind::kRegion;
    d.region = parse_polygon(r, *region, child(p, "region")).value_or(Area{});
  } else {
    r.error(*node, p, "give 'station' or 'region'");
  }
  return d;
}

// The largest value a quantity may take (docs/LIMITS.md): past these a job's compute time, a
// transfer's byte count or an energy would no longer be represented exactly by the engine.
// Byte counts are held in doubles: 2^53 is the last integer they hold exactly (9 PB).
constexpr double kMaxBytes = 9007199254740992.0;
// 1e24 operations take more than a century on the slowest catalogue accelerator: past it a
// job can only ever be "unfinished", and its energy would overflow any table.
constexpr double kMaxOperations = 1e24;
constexpr double kMaxTokens = 1e7;  // ten times the longest context of any catalogue model

// A number, or {distribution: uniform|normal|exponential|fixed, ...}; every value given is
// in [0, limit]. Unbounded distributions (normal, exponential) are clamped at the limit.
Distribution parse_distribution(Reader& r, const YAML::Node& map, const std::string& path,
                                std::string_view key, double limit) {
  Distribution d;
  const auto node = r.get(map, path, key, true);
  if (!node) return d;
  const std::string p = child(path, key);
  if (node->IsScalar())
    return Distribution::fixed(r.number_value(*node, p, 0.0, limit).value_or(0.0));
  if (!r.check_map(*node, p, kDistributionKeys)) return d;
  const std::string kind = r.text(*node, p, "distribution", true).value_or("");
  if (kind == "fixed") {
    return Distribution::fixed(r.number(*node, p, "value", true, 0.0, limit).value_or(0.0));
  }
  if (kind == "uniform") {
    d.kind = Distribution::Kind::kUniform;
    d.min = r.number(*node, p, "min", true, 0.0, limit).value_or(0.0);
    d.max = r.number(*node, p, "max", true, 0.0, limit).value_or(0.0);
  } else if (kind == "normal" || kind == "exponential") {
    d.kind = kind == "normal" ? Distribution::Kind::kNormal : Distribution::Kind::kExponential;
    d.mean = r.number(*node, p, "mean", true, 0.0, limit).value_or(0.0);
    if (d.kind == Distribution::Kind::kNormal) {
      d.stddev = r.number(*node, p, "stddev", true, 0.0, limit).value_or(0.0);
    }
    d.min = r.number(*node, p, "min", false, 0.0, limit).value_or(0.0);
    d.max = r.number(*node, p, "max", false, 0.0, limit).value_or(limit);
  } else if (!kind.empty()) {
    r.error((*node)["distribution"], child(p, "distribution"),
            "unknown distribution '" + kind + "'; expected fixed, uniform, normal or exponential");
    return d;
  }
  if (d.max < d.min) r.error(*node, p, fmt::format("max ({}) is below min ({})", d.max, d.min));
  return d;
}

// Guards against a typo that would expand into billions of work items.
void check_expected_count(Reader& r, const YAML::Node& node, const std::string& path,
                          const Arrivals& a) {
  constexpr double kMaxArrivals = 1e7;
  const double hours = (a.end - a.start).to_seconds() / 3600.0;
  double expected = 0.0;
  if (a.process == Arrivals::Process::kPoisson) expected = a.rate_per_hour * hours;
  if (a.process == Arrivals::Process::kPeriodic && a.period.ns() > 0) {
    expected = hours * 3600.0 / a.period.to_seconds();
  }
  if (expected > kMaxArrivals) {
    r.error(node, path,
            fmt::format("would give ~{:.3g} arrivals over its window; at most {:.0g}", expected,
                        kMaxArrivals));
  }
}

Arrivals parse_arrivals(WorkEnv& w, const YAML::Node& map, const std::string& path) {
  Reader& r = w.r();
  Arrivals a;
  a.start = w.s.start;
  a.end = w.s.end;
  const auto node = r.get(map, path, "arrivals", true);
  if (!node) return a;
  const std::string p = child(path, "arrivals");
  if (!r.check_map(*node, p, kArrivalKeys)) return a;
  const std::string process = r.text(*node, p, "process", true).value_or("");
  auto in_window = [&](Instant t, const YAML::Node& at, const std::string& field) {
    if (t < w.s.start || t > w.s.end) {
      r.error(at, field,
              fmt::format("{} is outside the scenario window [{}, {}]", format_iso8601(t),
                          format_iso8601(w.s.start), format_iso8601(w.s.end)));
    }
  };
  if (auto start = r.instant(*node, p, "start", false)) {
    in_window(*start, (*node)["start"], child(p, "start"));
    a.start = *start;
  }
  if (auto end = r.instant(*node, p, "end", false)) {
    in_window(*end, (*node)["end"], child(p, "end"));
    a.end = *end;
  }
  if (a.end < a.start) r.error(*node, p, "end is before start");
  // Each process takes its own parameter and no other.
  const std::array<std::pair<std::string_view, std::string_view>, 4> params = {
      {{"schedule", "at"},
       {"poisson", "rate_per_hour"},
       {"uniform", "count"},
       {"periodic", "period_s"}}};
  for (const auto& [proc, param] : params) {
    if (proc != process && (*node)[std::string(param)]) {
      r.error((*node)[std::string(param)], child(p, param),
              fmt::format("'{}' belongs to process '{}', not '{}'", param, proc, process));
    }
  }
  if (process == "schedule") {
    a.process = Arrivals::Process::kSchedule;
    if (auto at = r.get(*node, p, "at", true)) {
      const std::string ap = child(p, "at");
      if (r.check_list(*at, ap)) {
        for (size_t i = 0; i < at->size(); ++i) {
          if (auto t = r.instant_value((*at)[i], item(ap, i))) {
            in_window(*t, (*at)[i], item(ap, i));
            a.at.push_back(*t);
          }
        }
      }
    }
  } else if (process == "poisson") {
    a.process = Arrivals::Process::kPoisson;
    a.rate_per_hour = r.number(*node, p, "rate_per_hour", true, 0.0, 1e7).value_or(0.0);
  } else if (process == "uniform") {
    a.process = Arrivals::Process::kUniform;
    a.count = static_cast<int>(r.integer(*node, p, "count", true, 0, 10'000'000).value_or(0));
  } else if (process == "periodic") {
    a.process = Arrivals::Process::kPeriodic;
    a.period = r.seconds(*node, p, "period_s", true, 1e-3).value_or(Duration::seconds(1));
  } else if (!process.empty()) {
    std::string what = "unknown process '" + process +
                       "'; expected schedule, poisson, uniform "
                       "or periodic";
    if (auto guess = closest(process, kProcesses); !guess.empty()) {
      what += " (did you mean '" + guess + "'?)";
    }
    r.error((*node)["process"], child(p, "process"), what);
  }
  check_expected_count(r, *node, p, a);
  return a;
}

std::string check_model(WorkEnv& w, const YAML::Node& map, const std::string& path, bool vision,
                        bool required) {
  const auto id = w.r().text(map, path, "model", required);
  if (!id) return {};
  const compute::Catalog& catalog = *w.env.context.catalog;
  std::optional<Error> unknown;
  if (vision && id->starts_with(kUserModelPrefix)) {
    if (!w.s.user_model(*id)) {
      unknown = Error{"no user model '" + id->substr(kUserModelPrefix.size()) +
                      "' in the scenario's models"};
    }
  } else if (vision) {
    if (auto m = catalog.vision_model(*id); !m) unknown = m.error();
  } else {
    if (auto m = catalog.llm(*id); !m) unknown = m.error();
  }
  if (unknown) w.r().error(map["model"], child(path, "model"), unknown->message);
  return *id;
}

std::vector<std::string> parse_from(WorkEnv& w, const YAML::Node& map, const std::string& path) {
  auto names = w.r().text_list(map, path, "from", true);
  if (!names) return {};
  const YAML::Node node = map["from"];
  if (names->size() == 1 && names->front() == "any") {
    std::vector<std::string> all;
    for (const auto& st : w.s.stations) all.push_back(st.name);
    return all;
  }
  for (size_t i = 0; i < names->size(); ++i) {
    check_station(w, node.IsSequence() ? node[i] : node, item(child(path, "from"), i), (*names)[i]);
  }
  return *names;
}

Delivery back_to_sender() {
  Delivery d;
  d.kind = Delivery::Kind::kStation;  // the station is the item's from_station
  return d;
}

// Earth observation needs a satellite that images; otherwise the work could never start.
void check_some_imager(WorkEnv& w, const YAML::Node& node, const std::string& path) {
  std::vector<bool> used(w.s.classes.size(), false);
  for (const auto& sat : w.s.satellites) {
    if (sat.class_index < used.size()) used[sat.class_index] = true;
  }
  std::string classes;
  for (size_t i = 0; i < w.s.classes.size(); ++i) {
    if (!used[i]) continue;
    if (w.s.classes[i].imager) return;
    classes += (classes.empty() ? "" : ", ") + w.s.classes[i].name;
  }
  if (classes.empty()) return;  // no satellites or classes: reported elsewhere
  w.r().error(node, path,
              "needs a satellite with an imager, but no satellite's class (" + classes +
                  ") has an 'imager' section");
}

workload::EoTaskSpec parse_eo(WorkEnv& w, const YAML::Node& node, const std::string& path) {
  Reader& r = w.r();
  workload::EoTaskSpec eo;
  check_some_imager(w, node, path);
  if (auto target = r.get(node, path, "target", true)) {
    eo.target = parse_area(r, *target, child(path, "target")).value_or(Area{});
  }
  eo.model = check_model(w, node, path, true, true);
  eo.delivery = parse_delivery(w, node, path, Delivery{});
  eo.capture_window = r.seconds(node, path, "capture_window_s", false, 1.0).value_or(Duration{});
  eo.deadline = r.seconds(node, path, "deadline_s", false, 1.0).value_or(Duration{});
  return eo;
}

workload::ComputeJobSpec parse_job(WorkEnv& w, const YAML::Node& node, const std::string& path) {
  Reader& r = w.r();
  workload::ComputeJobSpec job;
  job.operations = parse_distribution(r, node, path, "operations", kMaxOperations);
  job.input_bytes = parse_distribution(r, node, path, "input_bytes", kMaxBytes);
  job.output_bytes = parse_distribution(r, node, path, "output_bytes", kMaxBytes);
  job.from_stations = parse_from(w, node, path);
  job.delivery = back_to_sender();
  job.deadline = r.seconds(node, path, "deadline_s", false, 1.0).value_or(Duration{});
  return job;
}

workload::LlmQuerySpec parse_llm(WorkEnv& w, const YAML::Node& node, const std::string& path) {
  Reader& r = w.r();
  workload::LlmQuerySpec q;
  q.model = check_model(w, node, path, false, true);
  q.prompt_tokens = parse_distribution(r, node, path, "prompt_tokens", kMaxTokens);
  q.answer_tokens = parse_distribution(r, node, path, "answer_tokens", kMaxTokens);
  q.from_stations = parse_from(w, node, path);
  q.delivery = back_to_sender();
  q.deadline = r.seconds(node, path, "deadline_s", false, 1.0).value_or(Duration{});
  return q;
}

workload::SystematicImagingSpec parse_systematic(WorkEnv& w, const YAML::Node& node,
                                                 const std::string& path) {
  Reader& r = w.r();
  workload::SystematicImagingSpec sys;
  check_some_imager(w, node, path);
  if (auto region = r.get(node, path, "region", false)) {
    sys.region = parse_polygon(r, *region, child(path, "region")).value_or(Area{});
  }
  sys.duty_cycle = r.number(node, path, "duty_cycle", false, 1e-6, 1.0).value_or(sys.duty_cycle);
  sys.model = check_model(w, node, path, true, false);
  sys.delivery = parse_delivery(w, node, path, Delivery{});
  return sys;
}

void parse_workload(WorkEnv& w, const YAML::Node& node, const std::string& path, size_t index,
                    workload::TenantSpec& tenant) {
  Reader& r = w.r();
  if (!node.IsMap()) {
    r.error(node, path, "expected a mapping of fields");
    return;
  }
  const std::string kind = r.text(node, path, "kind", true).value_or("");
  std::string name = r.text(node, path, "name", false).value_or(fmt::format("{}-{}", kind, index));
  if (kind == "systematic_imaging") {
    r.check_map(node, path, kSystematicKeys);
    auto sys = parse_systematic(w, node, path);
    sys.name = std::move(name);
    tenant.systematic_imaging.push_back(std::move(sys));
    return;
  }
  workload::WorkloadSpec spec;
  spec.name = std::move(name);
  if (kind == "eo_task") {
    r.check_map(node, path, kEoKeys);
    spec.what = parse_eo(w, node, path);
  } else if (kind == "compute_job") {
    r.check_map(node, path, kJobKeys);
    spec.what = parse_job(w, node, path);
  } else if (kind == "llm_query") {
    r.check_map(node, path, kLlmKeys);
    spec.what = parse_llm(w, node, path);
  } else {
    if (!kind.empty()) {
      std::string what = "unknown kind '" + kind +
                         "'; expected eo_task, systematic_imaging, "
                         "compute_job or llm_query";
      if (auto guess = closest(kind, kKinds); !guess.empty()) {
        what += " (did you mean '" + guess + "'?)";
      }
      r.error(node["kind"], child(path, "kind"), what);
    }
    return;
  }
  spec.arrivals = parse_arrivals(w, node, path);
  read_resilience(r, node, path, spec);
  tenant.workloads.push_back(std::move(spec));
}

}  // namespace

void parse_tenants(ParseEnv& env, const YAML::Node& node, Scenario& s) {
  Reader& r = env.reader;
  const std::string path = "tenants";
  s.work.start = s.start;
  s.work.end = s.end;
  if (!r.check_list(node, path)) return;
  WorkEnv w{env, s};
  std::set<std::string> tenant_names;
  for (size_t i = 0; i < node.size(); ++i) {
    const YAML::Node t = node[i];
    const std::string tp = item(path, i);
    if (!r.check_map(t, tp, kTenantKeys)) continue;
    workload::TenantSpec tenant;
    tenant.name = r.text(t, tp, "name", true).value_or("");
    if (!tenant.name.empty() && !tenant_names.insert(tenant.name).second) {
      r.error(t, tp, "duplicate tenant name '" + tenant.name + "'");
    }
    tenant.weight = r.number(t, tp, "weight", false, 1e-9).value_or(1.0);
    tenant.quota_ops_per_day = r.number(t, tp, "quota_ops_per_day", false).value_or(0.0);
    if (auto list = r.get(t, tp, "workloads", true)) {
      const std::string wp = child(tp, "workloads");
      if (r.check_list(*list, wp)) {
        for (size_t k = 0; k < list->size(); ++k) {
          parse_workload(w, (*list)[k], item(wp, k), k, tenant);
        }
      }
    }
    std::set<std::string> workload_names;
    for (const auto& wl : tenant.workloads) {
      if (!workload_names.insert(wl.name).second) {
        r.error(t, tp, "duplicate workload name '" + wl.name + "' (names seed the random streams)");
      }
    }
    s.work.tenants.push_back(std::move(tenant));
  }
}

}  // namespace lagrange::scenario::internal
