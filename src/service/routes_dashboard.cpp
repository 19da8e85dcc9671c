// Read-only routes the dashboard (web/) draws from: satellite tracks from the twin's own
// tracks, links up now, one satellite's details, and for the admin the time series of the
// constellation and every tenant's use (docs/service.md, "Dashboard routes").
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "service/internal/service_impl.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;

constexpr size_t kMaxTrackValues = 2'000'000;  // 4 numbers per position: 500,000 positions
constexpr size_t kNextPasses = 3;

Problem any_key() {
  return unauthorized("give a key as 'Authorization: Bearer KEY'");
}

std::shared_ptr<const sim::EngineSnapshot> snapshot_of(const Shared& shared) {
  std::shared_lock lock(shared.mutex);
  return shared.snapshot;
}

// A satellite by name or NORAD id.
std::optional<size_t> satellite_index(const sim::World& w, std::string_view id) {
  for (size_t i = 0; i < w.satellite_count(); ++i) {
    const auto& node = w.plan.nodes[i];
    if (node.name == id || std::to_string(node.norad_id) == id) return i;
  }
  return std::nullopt;
}

std::string node_name(const sim::World& w, size_t node) {
  return node < w.plan.nodes.size() ? w.plan.nodes[node].name : std::string();
}

// The job a satellite runs: the caller's own (or any, for the admin) by id; someone else's
// or the scenario's own work as {"id": null}.
json current_job(const Shared& shared, const sim::SatelliteSnapshot& s,
                 std::optional<size_t> caller, bool admin) {
  if (!s.running_job) return nullptr;
  std::shared_lock lock(shared.mutex);
  for (const auto& [id, job] : shared.jobs) {
    if (job.view.job != s.running_job) continue;
    if (admin || (caller && job.tenant == *caller)) {
      return {{"id", format_id(id)},
              {"kind", job.kind},
              {"name", job.workload},
              {"status", std::string(sim::job_stage_name(job.view.stage))}};
    }
    break;
  }
  return {{"id", nullptr}};
}

json models_on_board(const sim::SatelliteSnapshot& s) {
  json out = json::array();
  for (const auto& m : s.models) out.push_back({{"model", m.model}, {"version", m.version}});
  return out;
}

json next_passes(const sim::World& w, size_t satellite, Instant now) {
  json out = json::array();
  for (const auto& c : w.plan.contacts) {
    if (c.kind != access::ContactKind::kSatelliteToGround || c.from != satellite) continue;
    if (c.end <= now) continue;
    out.push_back({{"station", node_name(w, c.to)},
                   {"start", format_iso8601(c.start)},
                   {"end", format_iso8601(c.end)}});
  }
  std::sort(out.begin(), out.end(), [](const json& a, const json& b) {
    return a["start"].get<std::string>() < b["start"].get<std::string>();
  });
  if (out.size() > kNextPasses) out.erase(out.begin() + kNextPasses, out.end());
  return out;
}

}  // namespace

Reply Service::tracks(const Request& r) {
  if (!impl_->is_admin(r) && !impl_->tenant_of(r)) return problem_reply(any_key());
  const sim::World& w = *impl_->world;
  auto from = time_param(r, "from", w.scenario.start);
  if (auto* p = std::get_if<Problem>(&from)) return problem_reply(*p);
  auto to = time_param(r, "to", w.scenario.end);
  if (auto* p = std::get_if<Problem>(&to)) return problem_reply(*p);
  const Instant t0 = std::max(std::get<Instant>(from), w.scenario.start);
  const Instant t1 = std::min(std::get<Instant>(to), w.scenario.end);
  if (t1 < t0) return problem_reply(invalid_field("to", "to: must not be before from"));
  const double interval_s = w.scenario.outputs.sample_interval.to_seconds();
  double step_s = interval_s;
  if (auto it = r.query.find("step_s"); it != r.query.end() && !it->second.empty()) {
    char* end = nullptr;
    step_s = std::strtod(it->second.c_str(), &end);
    if (end == it->second.c_str() || *end != '\0' || !std::isfinite(step_s) || step_s <= 0 ||
        step_s > 86400) {
      return problem_reply(invalid_field("step_s", "step_s: a number of seconds in (0, 86400]"));
    }
  }
  // Whole multiples of the twin's own sample interval: its samples, never interpolated.
  const size_t stride = std::max<size_t>(1, static_cast<size_t>(std::llround(step_s / interval_s)));
  const double span_s = (t1 - t0).to_seconds();
  const size_t per_sat =
      static_cast<size_t>(span_s / (interval_s * static_cast<double>(stride))) + 2;
  if (per_sat * 4 * w.satellite_count() > kMaxTrackValues) {
    return problem_reply(invalid_field(
        "step_s",
        fmt::format("step_s: {} positions asked for; give a shorter span or a larger step",
                    per_sat * w.satellite_count())));
  }
  json sats = json::array();
  for (size_t i = 0; i < w.satellite_count() && i < w.tracks.size(); ++i) {
    std::vector<double> flat;
    size_t n = 0;
    for (const auto& p : w.tracks[i]) {
      if (p.time < t0 || p.time > t1) continue;
      if (n++ % stride != 0) continue;
      flat.insert(flat.end(), {(p.time - t0).to_seconds(), p.longitude_deg, p.latitude_deg,
                               p.altitude_km * 1e3});
    }
    sats.push_back({{"name", w.plan.nodes[i].name},
                    {"norad_id", w.plan.nodes[i].norad_id},
                    {"positions", flat}});
  }
  json out = {{"epoch", format_iso8601(t0)},
              {"end", format_iso8601(t1)},
              {"step_s", interval_s * static_cast<double>(stride)},
              {"satellites", sats}};
  return json_reply(200, out.dump());
}

Reply Service::links(const Request& r) {
  if (!impl_->is_admin(r) && !impl_->tenant_of(r)) return problem_reply(any_key());
  const sim::World& w = *impl_->world;
  const auto snap = snapshot_of(impl_->shared);
  json lasers = json::array();
  json passes = json::array();
  if (snap) {
    for (size_t i = 0; i < snap->satellites.size(); ++i) {
      for (uint32_t other : snap->satellites[i].lasers_to) {
        if (other > i) lasers.push_back({{"a", node_name(w, i)}, {"b", node_name(w, other)}});
      }
      for (uint32_t st : snap->satellites[i].stations_in_view) {
        if (st < w.scenario.stations.size()) {
          passes.push_back(
              {{"satellite", node_name(w, i)}, {"station", w.scenario.stations[st].name}});
        }
      }
    }
  }
  json out = {{"at", snap ? json(format_iso8601(snap->now)) : json(nullptr)},
              {"lasers", lasers},
              {"passes", passes}};
  return json_reply(200, out.dump());
}

Reply Service::satellite(const Request& r, std::string_view id) {
  const bool admin = impl_->is_admin(r);
  const auto caller = admin ? std::nullopt : impl_->tenant_of(r);
  if (!admin && !caller) return problem_reply(any_key());
  const sim::World& w = *impl_->world;
  const auto index = satellite_index(w, id);
  if (!index) return problem_reply(not_found("no satellite with that name or NORAD id"));
  const auto snap = snapshot_of(impl_->shared);
  const auto& cls = w.scenario.class_of(*index);
  json out = {{"name", w.plan.nodes[*index].name},
              {"norad_id", w.plan.nodes[*index].norad_id},
              {"class", cls.name},
              {"accelerator", cls.accelerator.spec.name},
              {"at", snap ? json(format_iso8601(snap->now)) : json(nullptr)}};
  if (snap && *index < snap->satellites.size()) {
    const auto& s = snap->satellites[*index];
    json lasers = json::array();
    for (uint32_t other : s.lasers_to) lasers.push_back(node_name(w, other));
    json stations = json::array();
    for (uint32_t st : s.stations_in_view) {
      if (st < w.scenario.stations.size()) stations.push_back(w.scenario.stations[st].name);
    }
    out.update({{"latitude_deg", s.latitude_deg},
                {"longitude_deg", s.longitude_deg},
                {"altitude_km", s.altitude_km},
                {"sunlit", s.sunlit},
                {"battery", s.state_of_charge},
                {"shed", s.shed},
                {"down", s.down},
                {"models", models_on_board(s)},
                {"stored_bytes", s.stored_bytes},
                {"storage_bytes", s.storage_bytes},
                {"queue_length", s.queue_length},
                {"busy", s.running_job.has_value()},
                {"current_job", current_job(impl_->shared, s, caller, admin)},
                {"lasers_to", lasers},
                {"stations_in_view", stations},
                {"next_passes", next_passes(w, *index, snap->now)}});
  }
  return json_reply(200, out.dump());
}

Reply Service::admin_series(const Request& r) {
  if (!impl_->is_admin(r)) return problem_reply(unauthorized("this route needs the admin key"));
  const sim::World& w = *impl_->world;
  json names = json::array();
  for (size_t i = 0; i < w.satellite_count(); ++i) names.push_back(w.plan.nodes[i].name);
  json samples = json::array();
  json downlink = json::object();
  for (const auto& st : w.scenario.stations) downlink[st.name] = json::array();
  {
    std::shared_lock lock(impl_->shared.mutex);
    for (const auto& s : impl_->shared.series) {
      samples.push_back({{"at", format_iso8601(s.at)},
                         {"battery", s.battery},
                         {"stored_bytes", s.stored_bytes},
                         {"queue", s.queue},
                         {"busy", s.busy}});
      for (size_t k = 0; k < w.scenario.stations.size(); ++k) {
        const double bytes = k < s.station_downlink_bytes.size() ? s.station_downlink_bytes[k] : 0;
        downlink[w.scenario.stations[k].name].push_back(bytes);
      }
    }
  }
  json out = {{"step_s", kSeriesStep.to_seconds()},
              {"satellites", names},
              {"samples", samples},
              {"downlink_bytes", downlink}};
  return json_reply(200, out.dump());
}

Reply Service::admin_tenants(const Request& r) {
  if (!impl_->is_admin(r)) return problem_reply(unauthorized("this route needs the admin key"));
  const auto snap = snapshot_of(impl_->shared);
  json out = json::array();
  if (snap) {
    std::shared_lock lock(impl_->shared.mutex);
    std::map<uint32_t, const TenantEntry*> service_tenants;
    for (const auto& t : impl_->shared.tenants) service_tenants[t.engine_index] = &t;
    for (size_t i = 0; i < snap->tenants.size(); ++i) {
      const sim::TenantSnapshot& use = snap->tenants[i];
      const auto it = service_tenants.find(static_cast<uint32_t>(i));
      const TenantEntry* t = it == service_tenants.end() ? nullptr : it->second;
      json quotas = nullptr;
      if (t) {
        quotas = {{"ops_per_day", t->row.quotas.ops_per_day},
                  {"downlink_bytes_per_day", t->row.quotas.downlink_bytes_per_day},
                  {"requests_per_s", t->row.quotas.requests_per_s > 0
                                         ? t->row.quotas.requests_per_s
                                         : impl_->options.default_requests_per_s}};
      }
      out.push_back({{"name", use.name},
                     {"source", t ? "service" : "scenario"},
                     {"weight", use.weight},
                     {"quotas", quotas},
                     {"used",
                      {{"ops_today", use.ops_used_today},
                       {"downlink_bytes", use.downlink_bytes},
                       {"accelerator_s", use.accelerator_s}}},
                     {"jobs",
                      {{"submitted", t ? t->jobs.size() : use.jobs_submitted},
                       {"delivered", use.jobs_delivered},
                       {"dropped", use.jobs_dropped},
                       {"active", use.jobs_active}}}});
    }
  }
  json doc = {{"at", snap ? json(format_iso8601(snap->now)) : json(nullptr)}, {"tenants", out}};
  return json_reply(200, doc.dump());
}

}  // namespace lagrange::service
