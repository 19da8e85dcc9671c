// Routes of a tenant's own jobs: submit, read, list, cancel, events, usage.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "service/internal/service_impl.hpp"
#include "service/keys.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;

constexpr size_t kDefaultPage = 50;
constexpr size_t kMaxPage = 1000;
constexpr size_t kMaxIdempotencyKey = 200;
constexpr size_t kMaxEventsPerBatch = 500;
constexpr const char* kNoSuchJob = "no job with that id";

json optional_time(const std::optional<Instant>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

std::string satellite_name(const sim::World& world, int satellite) {
  if (satellite < 0 || static_cast<size_t>(satellite) >= world.satellite_count()) return {};
  return world.plan.nodes[static_cast<size_t>(satellite)].name;
}

json timeline_json(const std::vector<sim::JobTransition>& timeline, const sim::World& world) {
  json out = json::array();
  for (const auto& step : timeline) {
    const std::string sat = satellite_name(world, step.satellite);
    out.push_back({{"stage", std::string(sim::job_stage_name(step.stage))},
                   {"at", format_iso8601(step.at)},
                   {"satellite", sat.empty() ? json(nullptr) : json(sat)},
                   {"station", step.station.empty() ? json(nullptr) : json(step.station)}});
  }
  return out;
}

Problem no_key() {
  return unauthorized("give a tenant's key as 'Authorization: Bearer KEY'");
}

// Whole wall seconds until sim time reaches the next quota day (days count from the window
// start, as the engine's), at least 1; a virtual clock gives no wall time: 60.
int seconds_to_next_day(Instant now, Instant start, const ServiceOptions& o) {
  const int64_t day_ns = Duration::days(1).ns();
  const int64_t next = ((now - start).ns() / day_ns + 1) * day_ns;
  const double sim_s = static_cast<double>(next - (now - start).ns()) * 1e-9;
  if (o.clock == ClockMode::kVirtual) return 60;
  return std::max(1, static_cast<int>(std::ceil(sim_s / std::max(o.speed, 1e-9))));
}

}  // namespace

json job_json(const JobEntry& job, sim::SubmissionId id, const sim::World& world) {
  const sim::JobRecord& r = job.view.record;
  const bool dropped = job.view.stage == sim::JobStage::kDropped;
  json j = {
      {"id", format_id(id)},
      {"kind", job.kind},
      {"name", job.workload},
      {"status", std::string(sim::job_stage_name(job.view.stage))},
      {"drop_reason", dropped ? json(std::string(sim::drop_reason_name(r.drop))) : json(nullptr)},
      {"submitted_at", format_iso8601(job.submitted_at)},
      {"delivered_at", optional_time(r.delivered)},
      {"delivered_to", r.delivered_to.empty() ? json(nullptr) : json(r.delivered_to)},
      {"timeline", timeline_json(job.view.timeline, world)},
      {"raw_bytes", r.raw_bytes},
      {"result_bytes", r.result_bytes},
      {"downlink_bytes", r.downlink_bytes},
      {"isl_bytes", r.isl_bytes},
      {"energy_j", r.energy_j},
      {"operations", r.operations},
      {"prompt_tokens", r.prompt_tokens},
      {"answer_tokens", r.answer_tokens}};
  return j;
}

namespace {

// The caller's job of that id, or nullptr: another tenant's job answers exactly as a missing
// one. The caller holds the shared lock.
const JobEntry* own_job(const Shared& shared, size_t tenant, std::string_view id) {
  const auto sid = parse_job_id(id);
  const auto it = sid ? shared.jobs.find(*sid) : shared.jobs.end();
  if (it == shared.jobs.end() || it->second.tenant != tenant) return nullptr;
  return &it->second;
}

}  // namespace

Reply Service::submit_job(const Request& r) {
  Impl& s = *impl_;
  const auto tenant = s.tenant_of(r);
  if (!tenant) return problem_reply(no_key());
  TenantEntry copy_head;
  std::shared_ptr<const sim::EngineSnapshot> snap;
  {
    std::shared_lock lock(s.shared.mutex);
    const TenantEntry& t = s.shared.tenants[*tenant];
    copy_head.row = t.row;
    copy_head.engine_index = t.engine_index;
    copy_head.downlink_at_day_start = t.downlink_at_day_start;
    snap = s.shared.snapshot;
  }
  const TenantQuotas& q = copy_head.row.quotas;
  const double rate = q.requests_per_s > 0 ? q.requests_per_s : s.options.default_requests_per_s;
  if (int wait = s.limiter.take(*tenant, rate); wait > 0) {
    return problem_reply(too_many(fmt::format("over {} requests per second", rate), wait));
  }
  auto parsed = parse_job_request(r.body);
  if (auto* p = std::get_if<Problem>(&parsed)) return problem_reply(*p);
  if (r.idempotency_key.size() > kMaxIdempotencyKey) {
    return problem_reply(
        invalid_field("Idempotency-Key",
                      fmt::format("Idempotency-Key: at most {} characters", kMaxIdempotencyKey)));
  }
  if (snap && copy_head.engine_index < snap->tenants.size()) {
    const sim::TenantSnapshot& use = snap->tenants[copy_head.engine_index];
    if (q.ops_per_day > 0 && use.ops_used_today >= q.ops_per_day) {
      return problem_reply(
          too_many("the tenant's operations quota for today is used up",
                   seconds_to_next_day(snap->now, s.world->scenario.start, s.options)));
    }
    if (q.downlink_bytes_per_day > 0 &&
        use.downlink_bytes - copy_head.downlink_at_day_start >= q.downlink_bytes_per_day) {
      return problem_reply(
          too_many("the tenant's downlink quota for today is used up",
                   seconds_to_next_day(snap->now, s.world->scenario.start, s.options)));
    }
  }
  const std::string body_hash = sha256_hex(r.body);
  if (!r.idempotency_key.empty()) {
    std::shared_lock lock(s.shared.mutex);
    auto it = s.shared.idempotency.find({*tenant, r.idempotency_key});
    if (it != s.shared.idempotency.end()) {
      if (it->second.first != body_hash) {
        return problem_reply(conflict("Idempotency-Key was used with another body"));
      }
      const JobEntry& job = s.shared.jobs.at(it->second.second);
      return json_reply(200, json{{"id", format_id(it->second.second)},
                                  {"status", std::string(sim::job_stage_name(job.view.stage))},
                                  {"submitted_at", format_iso8601(job.submitted_at)}}
                                 .dump());
    }
  }
  Command c;
  c.what = SubmitCommand{*tenant, std::move(std::get<JobRequest>(parsed)), r.body, body_hash,
                         r.idempotency_key};
  return s.enqueue(std::move(c));
}

Reply Service::get_job(const Request& r, std::string_view id) {
  const auto tenant = impl_->tenant_of(r);
  if (!tenant) return problem_reply(no_key());
  std::shared_lock lock(impl_->shared.mutex);
  const JobEntry* job = own_job(impl_->shared, *tenant, id);
  if (job == nullptr) return problem_reply(not_found(kNoSuchJob));
  return json_reply(200, job_json(*job, *parse_job_id(id), *impl_->world).dump());
}

Reply Service::list_jobs(const Request& r) {
  const auto tenant = impl_->tenant_of(r);
  if (!tenant) return problem_reply(no_key());
  size_t limit = kDefaultPage;
  if (auto it = r.query.find("limit"); it != r.query.end()) {
    char* end = nullptr;
    const long v = std::strtol(it->second.c_str(), &end, 10);
    if (end == it->second.c_str() || *end != '\0' || v < 1 || v > static_cast<long>(kMaxPage)) {
      return problem_reply(
          invalid_field("limit", fmt::format("limit: an integer in [1, {}]", kMaxPage)));
    }
    limit = static_cast<size_t>(v);
  }
  std::optional<sim::SubmissionId> after;
  if (auto it = r.query.find("cursor"); it != r.query.end() && !it->second.empty()) {
    after = parse_job_id(it->second);
    if (!after)
      return problem_reply(
          invalid_field("cursor", "cursor: give next_cursor of the previous page"));
  }
  std::optional<std::string> status;
  if (auto it = r.query.find("status"); it != r.query.end() && !it->second.empty()) {
    bool known = false;
    std::string names;
    for (int k = 0; k <= static_cast<int>(sim::JobStage::kDropped); ++k) {
      const auto name = sim::job_stage_name(static_cast<sim::JobStage>(k));
      known = known || name == it->second;
      names += (names.empty() ? "" : ", ") + std::string(name);
    }
    if (!known) return problem_reply(invalid_field("status", "status: unknown; known: " + names));
    status = it->second;
  }
  json jobs = json::array();
  std::optional<sim::SubmissionId> next;
  std::shared_lock lock(impl_->shared.mutex);
  const auto& ids = impl_->shared.tenants[*tenant].jobs;
  auto from = after ? std::upper_bound(ids.begin(), ids.end(), *after) : ids.begin();
  for (auto it = from; it != ids.end(); ++it) {
    const JobEntry& job = impl_->shared.jobs.at(*it);
    if (status && sim::job_stage_name(job.view.stage) != *status) continue;
    if (jobs.size() == limit) {
      next = jobs.empty() ? *it : *(it - 1);
      break;
    }
    jobs.push_back(job_json(job, *it, *impl_->world));
  }
  json out = {{"jobs", jobs}, {"next_cursor", next ? json(format_id(*next)) : json(nullptr)}};
  return json_reply(200, out.dump());
}

Reply Service::cancel_job(const Request& r, std::string_view id) {
  const auto tenant = impl_->tenant_of(r);
  if (!tenant) return problem_reply(no_key());
  {
    std::shared_lock lock(impl_->shared.mutex);
    if (own_job(impl_->shared, *tenant, id) == nullptr) return problem_reply(not_found(kNoSuchJob));
  }
  Command c;
  c.what = CancelCommand{*tenant, *parse_job_id(id)};
  return impl_->enqueue(std::move(c));
}

Reply Service::usage(const Request& r) {
  const auto tenant = impl_->tenant_of(r);
  if (!tenant) return problem_reply(no_key());
  std::shared_lock lock(impl_->shared.mutex);
  const TenantEntry& t = impl_->shared.tenants[*tenant];
  const auto& snap = impl_->shared.snapshot;
  sim::TenantSnapshot use;
  if (snap && t.engine_index < snap->tenants.size()) use = snap->tenants[t.engine_index];
  const TenantQuotas& q = t.row.quotas;
  json out = {{"tenant", t.row.name},
              {"weight", t.row.weight},
              {"at", snap ? json(format_iso8601(snap->now)) : json(nullptr)},
              {"quotas",
               {{"ops_per_day", q.ops_per_day},
                {"downlink_bytes_per_day", q.downlink_bytes_per_day},
                {"requests_per_s",
                 q.requests_per_s > 0 ? q.requests_per_s : impl_->options.default_requests_per_s}}},
              {"used",
               {{"ops_today", use.ops_used_today},
                {"downlink_bytes_today", use.downlink_bytes - t.downlink_at_day_start},
                {"downlink_bytes", use.downlink_bytes},
                {"accelerator_s", use.accelerator_s}}},
              {"jobs",
               {{"submitted", t.jobs.size()},
                {"delivered", use.jobs_delivered},
                {"dropped", use.jobs_dropped},
                {"active", use.jobs_active}}}};
  return json_reply(200, out.dump());
}

std::optional<Reply> Service::open_events(const Request& r, uint32_t& tenant) {
  const auto t = impl_->tenant_of(r);
  if (!t) return problem_reply(no_key());
  if (impl_->metrics.event_streams.fetch_add(1) >= impl_->options.max_event_streams) {
    --impl_->metrics.event_streams;
    return problem_reply(too_many("too many event streams are open", 5));
  }
  tenant = static_cast<uint32_t>(*t);
  return std::nullopt;
}

void Service::close_events() {
  --impl_->metrics.event_streams;
}

EventBatch Service::next_events(uint32_t tenant, uint64_t after_id, int wait_ms) {
  Shared& sh = impl_->shared;
  std::shared_lock lock(sh.mutex);
  const auto& events = sh.tenants[tenant].events;
  sh.events_changed.wait_for(lock, std::chrono::milliseconds(wait_ms),
                             [&] { return sh.stopping || events.size() > after_id; });
  EventBatch batch;
  batch.last_id = after_id;
  batch.open = !sh.stopping;
  if (events.size() <= after_id) {
    batch.text = ": waiting\n\n";
    return batch;
  }
  const size_t end = std::min(events.size(), static_cast<size_t>(after_id) + kMaxEventsPerBatch);
  for (size_t i = after_id; i < end; ++i) {
    const auto& e = events[i];
    json data = {
        {"job", format_id(e.submission)},
        {"stage", std::string(sim::job_stage_name(e.step.stage))},
        {"at", format_iso8601(e.step.at)},
        {"satellite", e.step.satellite >= 0 ? json(satellite_name(*impl_->world, e.step.satellite))
                                            : json(nullptr)},
        {"station", e.step.station.empty() ? json(nullptr) : json(e.step.station)}};
    batch.text += fmt::format("id: {}\nevent: transition\ndata: {}\n\n", e.id, data.dump());
    batch.last_id = e.id;
  }
  return batch;
}

int RateLimiter::take(size_t tenant, double rate_per_s) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  Bucket& b = buckets_[tenant];
  const double capacity = std::max(1.0, rate_per_s);
  if (!b.started) {
    b.tokens = capacity;
    b.started = true;
  } else {
    const double dt = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(capacity, b.tokens + dt * rate_per_s);
  }
  b.last = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_per_s)));
}

}  // namespace lagrange::service
