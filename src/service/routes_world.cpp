// Routes about the constellation and the service itself: tenants (admin), constellation,
// passes, availability, clock (admin), health and metrics.
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "service/internal/service_impl.hpp"
#include "service/keys.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;

constexpr size_t kMaxResults = 10'000;
constexpr std::array<std::string_view, 3> kTenantKeys = {"name", "weight", "quotas"};
constexpr std::array<std::string_view, 3> kQuotaKeys = {"ops_per_day", "downlink_bytes_per_day",
                                                        "requests_per_s"};

Problem any_key() {
  return unauthorized("give a key as 'Authorization: Bearer KEY'");
}

Problem unknown_field(const std::string& field, std::string_view key,
                      std::span<const std::string_view> allowed) {
  std::string detail = field + ": unknown field";
  if (auto guess = closest_name(key, allowed); !guess.empty()) {
    detail += " (did you mean '" + guess + "'?)";
  }
  return invalid_field(field, detail);
}

// A number field of a JSON object in [min, max]; absent gives `fallback`.
std::variant<double, Problem> number_field(const json& o, const std::string& path,
                                           std::string_view key, double fallback, double min,
                                           double max) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return fallback;
  const std::string field = path.empty() ? std::string(key) : path + "." + std::string(key);
  if (!it->is_number()) return invalid_field(field, field + ": expected a number");
  const double v = it->get<double>();
  if (!std::isfinite(v) || v < min || v > max) {
    return invalid_field(field, fmt::format("{}: must be in [{}, {}], got {}", field, min, max, v));
  }
  return v;
}

bool valid_tenant_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  }
  return true;
}

std::variant<TenantRow, Problem> parse_tenant(const std::string& body) {
  if (!nesting_within_limit(body)) return malformed("JSON nested too deep");
  const json o = json::parse(body, nullptr, false);
  if (o.is_discarded() || !o.is_object()) return malformed("the body must be a JSON object");
  for (const auto& [key, value] : o.items()) {
    if (std::find(kTenantKeys.begin(), kTenantKeys.end(), key) == kTenantKeys.end()) {
      return unknown_field(key, key, kTenantKeys);
    }
  }
  TenantRow row;
  auto name = o.find("name");
  if (name == o.end() || !name->is_string() || !valid_tenant_name(name->get<std::string>())) {
    return invalid_field("name", "name: 1 to 64 letters, digits, '-', '_' or '.'");
  }
  row.name = name->get<std::string>();
  auto weight = number_field(o, "", "weight", 1.0, 1e-9, 1e9);
  if (auto* p = std::get_if<Problem>(&weight)) return *p;
  row.weight = std::get<double>(weight);
  if (auto q = o.find("quotas"); q != o.end() && !q->is_null()) {
    if (!q->is_object()) return invalid_field("quotas", "quotas: expected an object");
    for (const auto& [key, value] : q->items()) {
      if (std::find(kQuotaKeys.begin(), kQuotaKeys.end(), key) == kQuotaKeys.end()) {
        return unknown_field("quotas." + key, key, kQuotaKeys);
      }
    }
    std::array<double*, 3> out = {&row.quotas.ops_per_day, &row.quotas.downlink_bytes_per_day,
                                  &row.quotas.requests_per_s};
    for (size_t i = 0; i < kQuotaKeys.size(); ++i) {
      auto v = number_field(*q, "quotas", kQuotaKeys[i], 0.0, 0.0, 1e21);
      if (auto* p = std::get_if<Problem>(&v)) return *p;
      *out[i] = std::get<double>(v);
    }
  }
  return row;
}

std::variant<double, Problem> number_param(const Request& r, const std::string& name, double min,
                                           double max) {
  auto it = r.query.find(name);
  if (it == r.query.end() || it->second.empty()) {
    return invalid_field(name, name + ": missing required parameter");
  }
  char* end = nullptr;
  const double v = std::strtod(it->second.c_str(), &end);
  if (end == it->second.c_str() || *end != '\0' || !std::isfinite(v) || v < min || v > max) {
    return invalid_field(name, fmt::format("{}: a number in [{}, {}]", name, min, max));
  }
  return v;
}

}  // namespace

Reply Service::create_tenant(const Request& r) {
  if (!impl_->is_admin(r)) return problem_reply(unauthorized("this route needs the admin key"));
  auto parsed = parse_tenant(r.body);
  if (auto* p = std::get_if<Problem>(&parsed)) return problem_reply(*p);
  auto key = new_api_key();
  if (!key) return problem_reply(unavailable(key.error().message));
  TenantCommand t{std::get<TenantRow>(parsed), *key};
  t.row.key_hash = sha256_hex(*key);
  Command c;
  c.what = std::move(t);
  return impl_->enqueue(std::move(c));
}

Reply Service::constellation(const Request& r) {
  if (!impl_->is_admin(r) && !impl_->tenant_of(r)) return problem_reply(any_key());
  const sim::World& w = *impl_->world;
  std::shared_ptr<const sim::EngineSnapshot> snap;
  {
    std::shared_lock lock(impl_->shared.mutex);
    snap = impl_->shared.snapshot;
  }
  json sats = json::array();
  for (size_t i = 0; i < w.satellite_count(); ++i) {
    const auto& node = w.plan.nodes[i];
    json s = {
        {"name", node.name}, {"norad_id", node.norad_id}, {"class", w.scenario.class_of(i).name}};
    if (snap && i < snap->satellites.size()) {
      const auto& v = snap->satellites[i];
      s["latitude_deg"] = v.latitude_deg;
      s["longitude_deg"] = v.longitude_deg;
      s["altitude_km"] = v.altitude_km;
      s["sunlit"] = v.sunlit;
      s["battery"] = v.state_of_charge;
      s["busy"] = v.running_job.has_value();
      s["shed"] = v.shed;
      s["down"] = v.down;
      s["queue_length"] = v.queue_length;
      s["stored_bytes"] = v.stored_bytes;
    }
    sats.push_back(std::move(s));
  }
  json stations = json::array();
  for (const auto& st : w.scenario.stations) {
    stations.push_back({{"name", st.name},
                        {"latitude_deg", st.latitude_deg},
                        {"longitude_deg", st.longitude_deg},
                        {"height_m", st.height_m}});
  }
  json out = {
      {"scenario", w.scenario.name},
      {"at", snap ? json(format_iso8601(snap->now)) : json(nullptr)},
      {"window",
       {{"start", format_iso8601(w.scenario.start)}, {"end", format_iso8601(w.scenario.end)}}},
      {"satellites", sats},
      {"stations", stations}};
  return json_reply(200, out.dump());
}

Reply Service::passes(const Request& r) {
  if (!impl_->is_admin(r) && !impl_->tenant_of(r)) return problem_reply(any_key());
  const sim::World& w = *impl_->world;
  auto station = r.query.find("station");
  if (station == r.query.end() || station->second.empty()) {
    return problem_reply(invalid_field("station", "station: missing required parameter"));
  }
  auto node = w.station_by_name(station->second);
  if (!node) {
    std::vector<std::string_view> names;
    for (const auto& st : w.scenario.stations) names.push_back(st.name);
    std::string detail = "station: unknown ground station '" + station->second + "'";
    if (auto guess = closest_name(station->second, names); !guess.empty()) {
      detail += " (did you mean '" + guess + "'?)";
    }
    return problem_reply(invalid_field("station", detail));
  }
  auto from = time_param(r, "from", w.scenario.start);
  if (auto* p = std::get_if<Problem>(&from)) return problem_reply(*p);
  auto to = time_param(r, "to", w.scenario.end);
  if (auto* p = std::get_if<Problem>(&to)) return problem_reply(*p);
  json out = json::array();
  for (const auto& c : w.plan.contacts) {
    if (c.kind != access::ContactKind::kSatelliteToGround || c.to != *node) continue;
    if (c.end <= std::get<Instant>(from) || c.start >= std::get<Instant>(to)) continue;
    if (out.size() == kMaxResults) break;
    out.push_back({{"satellite", w.plan.nodes[c.from].name},
                   {"norad_id", w.plan.nodes[c.from].norad_id},
                   {"start", format_iso8601(c.start)},
                   {"end", format_iso8601(c.end)},
                   {"downlink_rate_bps", c.rate_bps}});
  }
  return json_reply(200, json{{"station", station->second}, {"passes", out}}.dump());
}

Reply Service::availability(const Request& r) {
  if (!impl_->is_admin(r) && !impl_->tenant_of(r)) return problem_reply(any_key());
  const sim::World& w = *impl_->world;
  auto lat = number_param(r, "lat", -90.0, 90.0);
  if (auto* p = std::get_if<Problem>(&lat)) return problem_reply(*p);
  auto lon = number_param(r, "lon", -180.0, 180.0);
  if (auto* p = std::get_if<Problem>(&lon)) return problem_reply(*p);
  auto from = time_param(r, "from", w.scenario.start);
  if (auto* p = std::get_if<Problem>(&from)) return problem_reply(*p);
  auto to = time_param(r, "to", w.scenario.end);
  if (auto* p = std::get_if<Problem>(&to)) return problem_reply(*p);
  const Instant t0 = std::max(std::get<Instant>(from), w.scenario.start);
  const Instant t1 = std::min(std::get<Instant>(to), w.scenario.end);
  json out = json::array();
  if (t0 < t1) {
    const workload::Area point{{{std::get<double>(lat), std::get<double>(lon)}}};
    for (const auto& o : w.capture_opportunities(point)) {
      if (o.end < t0 || o.start >= t1) continue;
      if (out.size() == kMaxResults) break;
      out.push_back({{"satellite", w.plan.nodes[o.satellite].name},
                     {"start", format_iso8601(o.start)},
                     {"end", format_iso8601(o.end)},
                     {"closest", format_iso8601(o.time)},
                     {"sun_elevation_deg", o.sun_elevation_deg}});
    }
  }
  return json_reply(200, json{{"latitude_deg", std::get<double>(lat)},
                              {"longitude_deg", std::get<double>(lon)},
                              {"opportunities", out}}
                             .dump());
}

Reply Service::get_clock(const Request& r) {
  if (!impl_->is_admin(r)) return problem_reply(unauthorized("this route needs the admin key"));
  const bool real = impl_->options.clock == ClockMode::kReal;
  json out = {{"now", format_iso8601(Instant::from_unix_ns(impl_->metrics.sim_now_ns))},
              {"clock", real ? "real" : "virtual"},
              {"speed", impl_->options.speed},
              {"window",
               {{"start", format_iso8601(impl_->world->scenario.start)},
                {"end", format_iso8601(impl_->world->scenario.end)}}}};
  return json_reply(200, out.dump());
}

Reply Service::set_clock(const Request& r) {
  if (!impl_->is_admin(r)) return problem_reply(unauthorized("this route needs the admin key"));
  if (impl_->options.clock != ClockMode::kVirtual) {
    return problem_reply(conflict("the clock is real; start with --clock virtual to move it"));
  }
  if (!nesting_within_limit(r.body)) return problem_reply(malformed("JSON nested too deep"));
  const json o = json::parse(r.body, nullptr, false);
  if (o.is_discarded() || !o.is_object())
    return problem_reply(malformed("the body must be a JSON object"));
  for (const auto& [key, value] : o.items()) {
    if (key != "advance_to") {
      constexpr std::array<std::string_view, 1> kKeys = {"advance_to"};
      return problem_reply(unknown_field(key, key, kKeys));
    }
  }
  auto it = o.find("advance_to");
  if (it == o.end() || !it->is_string()) {
    return problem_reply(invalid_field("advance_to", "advance_to: an ISO 8601 UTC time"));
  }
  auto t = parse_iso8601(it->get<std::string>());
  if (!t) return problem_reply(invalid_field("advance_to", "advance_to: " + t.error().message));
  const auto& sc = impl_->world->scenario;
  if (*t < Instant::from_unix_ns(impl_->metrics.sim_now_ns) || *t > sc.end) {
    return problem_reply(invalid_field(
        "advance_to", fmt::format("advance_to: must be between now ({}) and the window end ({})",
                                  format_iso8601(Instant::from_unix_ns(impl_->metrics.sim_now_ns)),
                                  format_iso8601(sc.end))));
  }
  Command c;
  c.what = ClockCommand{*t};
  return impl_->enqueue(std::move(c));
}

Reply Service::healthz() {
  return json_reply(200,
                    json{{"status", "ok"},
                         {"now", format_iso8601(Instant::from_unix_ns(impl_->metrics.sim_now_ns))}}
                        .dump());
}

Reply Service::metrics() {
  Metrics& m = impl_->metrics;
  std::string out;
  out += "# HELP lagrange_http_responses_total Responses by status code.\n";
  out += "# TYPE lagrange_http_responses_total counter\n";
  {
    std::lock_guard lock(m.mutex);
    for (const auto& [status, n] : m.replies_by_status) {
      out += fmt::format("lagrange_http_responses_total{{code=\"{}\"}} {}\n", status, n);
    }
  }
  auto gauge = [&out](std::string_view name, std::string_view type, std::string_view help,
                      double v) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, v);
  };
  gauge("lagrange_submissions_total", "counter", "Submissions accepted (201).",
        static_cast<double>(m.submissions));
  gauge("lagrange_journal_commits_total", "counter", "Journal transactions committed.",
        static_cast<double>(m.commit_batches));
  gauge("lagrange_journal_rows_total", "counter", "Journal rows committed.",
        static_cast<double>(m.committed_rows));
  gauge("lagrange_engine_events_total", "counter", "Engine events processed.",
        static_cast<double>(m.engine_events));
  gauge("lagrange_engine_sim_time_seconds", "gauge", "Engine sim time, Unix seconds.",
        static_cast<double>(m.sim_now_ns) * 1e-9);
  gauge("lagrange_engine_queue_length", "gauge", "Commands waiting for the engine thread.",
        static_cast<double>(m.queue_length));
  gauge("lagrange_event_streams", "gauge", "Open Server-Sent Event streams.",
        static_cast<double>(m.event_streams));
  out +=
      "# HELP lagrange_engine_thread_seconds_total Wall time of the engine thread by activity.\n";
  out += "# TYPE lagrange_engine_thread_seconds_total counter\n";
  const std::pair<const char*, uint64_t> activities[] = {
      {"advance", m.advance_ns}, {"apply", m.apply_ns}, {"commit", m.commit_ns}};
  for (const auto& [what, ns] : activities) {
    out += fmt::format("lagrange_engine_thread_seconds_total{{activity=\"{}\"}} {}\n", what,
                       static_cast<double>(ns) * 1e-9);
  }
  Reply r = json_reply(200, out);
  r.content_type = "text/plain; version=0.0.4";
  return r;
}

}  // namespace lagrange::service
