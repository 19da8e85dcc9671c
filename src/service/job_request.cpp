#include "service/job_request.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <span>

#include "core/text.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;
using workload::Area;
using workload::Delivery;
using workload::GeoPoint;

constexpr std::array<std::string_view, 3> kKinds = {"eo_task", "compute_job", "llm_query"};
constexpr std::array<std::string_view, 9> kEoKeys = {
    "kind",       "name",    "at", "target", "model", "deliver_to", "capture_window_s",
    "deadline_s", "arrivals"};
constexpr std::array<std::string_view, 9> kJobKeys = {"kind",       "name",        "at",
                                                      "operations", "input_bytes", "output_bytes",
                                                      "from",       "deadline_s",  "arrivals"};
constexpr std::array<std::string_view, 9> kLlmKeys = {"kind",  "name",          "at",
                                                      "model", "prompt_tokens", "answer_tokens",
                                                      "from",  "deadline_s",    "arrivals"};
constexpr std::array<std::string_view, 2> kAreaKeys = {"point", "polygon"};
constexpr std::array<std::string_view, 2> kDeliveryKeys = {"station", "region"};
constexpr size_t kMaxVertices = 1000;
constexpr size_t kMaxNameLength = 200;

// Thrown inside this file only, caught by parse_job_request: the first problem found.
struct Refusal {
  Problem problem;
};

[[noreturn]] void refuse(const std::string& field, const std::string& detail) {
  throw Refusal{invalid_field(field, field + ": " + detail)};
}

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string item(const std::string& path, size_t i) {
  return fmt::format("{}[{}]", path, i);
}

void check_keys(const json& object, const std::string& path,
                std::span<const std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (known) continue;
    std::string detail = "unknown field";
    if (auto guess = closest_name(key, allowed); !guess.empty()) {
      detail += " (did you mean '" + guess + "'?)";
    } else {
      std::string names;
      for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
      detail += "; known: " + names;
    }
    refuse(child(path, key), detail);
  }
}

const json* find(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

const json& required(const json& object, const std::string& path, std::string_view key) {
  const json* v = find(object, key);
  if (v == nullptr) refuse(child(path, key), "missing required field");
  return *v;
}

std::string text_value(const json& v, const std::string& field) {
  if (!v.is_string()) refuse(field, "expected a string");
  const auto& s = v.get_ref<const std::string&>();
  if (s.empty() || s.size() > kMaxNameLength) {
    refuse(field, fmt::format("expected 1 to {} characters", kMaxNameLength));
  }
  return s;
}

double number_value(const json& v, const std::string& field, double min, double max) {
  if (v.is_object() && v.contains("distribution")) {
    refuse(field, "a submission takes fixed values, not a distribution");
  }
  if (!v.is_number()) refuse(field, "expected a number");
  const double x = v.get<double>();
  if (!std::isfinite(x) || x < min || x > max) {
    refuse(field, fmt::format("must be in [{}, {}], got {}", min, max, x));
  }
  return x;
}

double number(const json& o, const std::string& path, std::string_view key, double min,
              double max) {
  return number_value(required(o, path, key), child(path, key), min, max);
}

Duration seconds(const json& o, const std::string& path, std::string_view key) {
  const json* v = find(o, key);
  if (v == nullptr) return Duration{};
  return Duration::from_seconds(number_value(*v, child(path, key), 1.0, 1e9));
}

GeoPoint point(const json& v, const std::string& field) {
  if (!v.is_array() || v.size() != 2) refuse(field, "expected [latitude_deg, longitude_deg]");
  return GeoPoint{number_value(v[0], item(field, 0), -90.0, 90.0),
                  number_value(v[1], item(field, 1), -180.0, 180.0)};
}

Area polygon(const json& v, const std::string& field) {
  if (!v.is_array()) refuse(field, "expected a list of [latitude_deg, longitude_deg]");
  if (v.size() < 3 || v.size() > kMaxVertices) {
    refuse(field, fmt::format("a polygon needs 3 to {} vertices, got {}", kMaxVertices, v.size()));
  }
  Area area;
  for (size_t i = 0; i < v.size(); ++i) area.vertices.push_back(point(v[i], item(field, i)));
  return area;
}

Area target(const json& o) {
  const json& t = required(o, "", "target");
  if (!t.is_object()) refuse("target", "expected {point: [lat, lon]} or {polygon: [...]}");
  check_keys(t, "target", kAreaKeys);
  const json* p = find(t, "point");
  const json* poly = find(t, "polygon");
  if ((p == nullptr) == (poly == nullptr)) refuse("target", "give exactly one of point or polygon");
  if (poly != nullptr) return polygon(*poly, "target.polygon");
  return Area{{point(*p, "target.point")}};
}

Delivery delivery(const json& o, Delivery fallback) {
  const json* d = find(o, "deliver_to");
  if (d == nullptr) return fallback;
  Delivery out;
  if (d->is_string()) {
    if (*d != "any") refuse("deliver_to", "expected \"any\", {station: NAME} or {region: [...]}");
    return out;
  }
  if (!d->is_object()) refuse("deliver_to", "expected \"any\", {station: NAME} or {region: [...]}");
  check_keys(*d, "deliver_to", kDeliveryKeys);
  if (const json* s = find(*d, "station")) {
    out.kind = Delivery::Kind::kStation;
    out.station = text_value(*s, "deliver_to.station");
  } else if (const json* r = find(*d, "region")) {
    out.kind = Delivery::Kind::kRegion;
    out.region = polygon(*r, "deliver_to.region");
  } else {
    refuse("deliver_to", "give station or region");
  }
  return out;
}

Delivery back_to_sender() {
  Delivery d;
  d.kind = Delivery::Kind::kStation;  // empty station: the submitting one
  return d;
}

void parse_eo(const json& o, sim::Submission& s) {
  check_keys(o, "", kEoKeys);
  workload::EoTaskSpec eo;
  eo.target = target(o);
  eo.model = text_value(required(o, "", "model"), "model");
  eo.delivery = delivery(o, Delivery{});
  eo.capture_window = seconds(o, "", "capture_window_s");
  eo.deadline = seconds(o, "", "deadline_s");
  s.what = std::move(eo);
}

void parse_compute(const json& o, sim::Submission& s) {
  check_keys(o, "", kJobKeys);
  workload::ComputeJobSpec job;
  s.operations = number(o, "", "operations", 0.0, 1e21);
  s.input_bytes = number(o, "", "input_bytes", 0.0, 1e13);
  s.output_bytes = number(o, "", "output_bytes", 0.0, 1e13);
  s.from_station = text_value(required(o, "", "from"), "from");
  job.delivery = back_to_sender();
  job.deadline = seconds(o, "", "deadline_s");
  s.what = std::move(job);
}

void parse_llm(const json& o, sim::Submission& s) {
  check_keys(o, "", kLlmKeys);
  workload::LlmQuerySpec q;
  q.model = text_value(required(o, "", "model"), "model");
  s.prompt_tokens = static_cast<int>(number(o, "", "prompt_tokens", 1.0, 1e6));
  s.answer_tokens = static_cast<int>(number(o, "", "answer_tokens", 1.0, 1e6));
  s.from_station = text_value(required(o, "", "from"), "from");
  q.delivery = back_to_sender();
  q.deadline = seconds(o, "", "deadline_s");
  s.what = std::move(q);
}

JobRequest parse_object(const json& o) {
  JobRequest r;
  r.kind = text_value(required(o, "", "kind"), "kind");
  if (find(o, "arrivals") != nullptr) {
    refuse("arrivals", "a submission arrives when it is posted (or at 'at'), no arrivals");
  }
  if (const json* name = find(o, "name")) r.submission.workload = text_value(*name, "name");
  if (const json* at = find(o, "at")) {
    auto t = parse_iso8601(text_value(*at, "at"));
    if (!t) refuse("at", t.error().message);
    r.at = *t;
  }
  if (r.kind == "eo_task") {
    parse_eo(o, r.submission);
  } else if (r.kind == "compute_job") {
    parse_compute(o, r.submission);
  } else if (r.kind == "llm_query") {
    parse_llm(o, r.submission);
  } else {
    std::string detail =
        "unknown kind '" + r.kind + "'; expected eo_task, compute_job or llm_query";
    if (auto guess = closest_name(r.kind, kKinds); !guess.empty()) {
      detail += " (did you mean '" + guess + "'?)";
    }
    refuse("kind", detail);
  }
  return r;
}

}  // namespace

bool nesting_within_limit(std::string_view body) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return false;
    }
    if (c == ']' || c == '}') --depth;
  }
  return true;
}

ParsedJobRequest parse_job_request(std::string_view body) {
  if (!nesting_within_limit(body)) {
    return malformed(fmt::format("JSON nested deeper than {} levels", kMaxJsonDepth));
  }
  const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return malformed("the body is not valid JSON");
  if (!doc.is_object()) return malformed("the body must be a JSON object");
  try {
    return parse_object(doc);
  } catch (const Refusal& r) {
    return r.problem;
  } catch (const json::exception& e) {
    return malformed(std::string("unexpected JSON value: ") + e.what());
  }
}

}  // namespace lagrange::service
