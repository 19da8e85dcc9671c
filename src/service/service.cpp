// Opening the service: the store, the admin key, the engine rebuilt from the journal.
#include "service/service.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "service/internal/service_impl.hpp"
#include "service/keys.hpp"

namespace lagrange::service {
namespace {

constexpr const char* kAdminKeyFile = "admin.key";

int64_t wall_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The admin key's hash: DIR/admin.key is read, or written (mode 0600) when missing.
Result<std::string> admin_key_hash(const std::filesystem::path& dir) {
  const auto path = dir / kAdminKeyFile;
  std::ifstream in(path);
  std::string key;
  if (in && std::getline(in, key) && !key.empty()) return sha256_hex(key);
  auto fresh = new_api_key();
  if (!fresh) return fresh.error();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Error{path.string() + ": cannot create the admin key file"};
  const std::string line = *fresh + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::fchmod(fd, 0600);
  ::close(fd);
  if (!written) return Error{path.string() + ": cannot write the admin key"};
  return sha256_hex(*fresh);
}

std::string policy_name_for(const sim::World& world, const ServiceOptions& o) {
  if (!o.policy.empty()) return o.policy;
  if (world.scenario.policies.empty()) return "on-board";
  return world.scenario.policies.front();
}

Status check_setting(Store& store, const std::string& key, const std::string& value) {
  if (auto stored = store.setting(key)) {
    if (*stored != value) {
      return Error{
          fmt::format("lagrange.db was made for {} '{}', not '{}': use another --data directory",
                      key, *stored, value)};
    }
    return ok_status();
  }
  return store.set_setting(key, value);
}

}  // namespace

Reply problem_reply(const Problem& problem) {
  Reply r;
  r.status = problem.status;
  r.content_type = kProblemType;
  r.body = problem_json(problem);
  if (problem.retry_after_s)
    r.headers.emplace_back("Retry-After", std::to_string(*problem.retry_after_s));
  return r;
}

Service::Service(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Service::~Service() {
  begin_shutdown();
  {
    std::lock_guard lock(impl_->queue.mutex);
    impl_->queue.stop = true;
  }
  impl_->queue.changed.notify_all();
  if (impl_->engine_thread.joinable()) impl_->engine_thread.join();
}

void Service::begin_shutdown() {
  {
    std::unique_lock lock(impl_->shared.mutex);
    impl_->shared.stopping = true;
  }
  impl_->shared.events_changed.notify_all();
}

Result<std::unique_ptr<Service>> Service::open(std::shared_ptr<const sim::World> world,
                                               ServiceOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->world = std::move(world);
  impl->options = std::move(options);
  const sim::World& w = *impl->world;
  auto policy = schedule::make_policy(policy_name_for(w, impl->options));
  if (!policy) return policy.error();
  impl->policy = std::move(*policy);
  auto store = Store::open(impl->options.data_dir, {impl->options.durable_fsync});
  if (!store) return store.error();
  impl->store = std::move(*store);
  Store& st = *impl->store;
  if (auto s = check_setting(st, "scenario", w.scenario.name); !s) return s.error();
  if (auto s = check_setting(st, "policy", std::string(impl->policy->name())); !s) return s.error();
  if (auto s =
          check_setting(st, "clock", impl->options.clock == ClockMode::kReal ? "real" : "virtual");
      !s) {
    return s.error();
  }
  auto admin = admin_key_hash(impl->options.data_dir);
  if (!admin) return admin.error();
  impl->shared.admin_hash = *admin;
  if (!st.setting("origin_wall_ns")) {
    if (auto s = st.set_setting("origin_wall_ns", std::to_string(wall_now_ns())); !s)
      return s.error();
  }
  impl->origin_wall_ns = std::stoll(*st.setting("origin_wall_ns"));
  impl->origin_sim = w.scenario.start;
  impl->next_sample = w.scenario.start;

  impl->engine = std::make_unique<sim::Engine>(w, *impl->policy, sim::EngineOptions{});
  impl->scenario_tenants = static_cast<uint32_t>(w.scenario.work.tenants.size());
  Impl* raw = impl.get();
  impl->engine->set_observer(
      [raw](sim::SubmissionId id, const sim::JobView& view, const sim::JobTransition& step) {
        raw->observe(id, view, step);
      });
  if (auto s = impl->load_and_replay(); !s) return s.error();
  impl->publish_snapshot();
  impl->engine_thread = std::thread([raw] { raw->run_engine(); });
  return std::unique_ptr<Service>(new Service(std::move(impl)));
}

Status Service::Impl::load_and_replay() {
  auto rows = store->tenants();
  if (!rows) return rows.error();
  std::map<std::string, TenantRow> stored;
  for (auto& t : *rows) stored[t.name] = std::move(t);
  auto journal = store->journal();
  if (!journal) return journal.error();
  for (const auto& row : *journal) {
    if (row.seq != next_seq) {
      return Error{fmt::format("lagrange.db: journal row {} follows {}: the journal has a gap",
                               row.seq, next_seq - 1)};
    }
    if (row.engine_now > engine->now()) advance_recording(row.engine_now);
    if (row.kind == JournalKind::kTenant) {
      auto it = stored.find(row.tenant);
      if (it == stored.end())
        return Error{"lagrange.db: tenant '" + row.tenant + "' is journalled but not stored"};
      add_tenant_to_engine(it->second);
    } else if (auto s = replay_row(row); !s) {
      return s;
    }
    ++next_seq;
  }
  return ok_status();
}

Status Service::Impl::replay_row(const JournalRow& row) {
  if (row.kind == JournalKind::kClock) {
    advance_recording(row.at);
    return ok_status();
  }
  if (row.kind == JournalKind::kFault) {
    auto fault = scenario::parse_fault(row.request, world->scenario, "journal");
    Status injected = fault ? engine->inject(*fault) : Status(fault.error());
    if (!injected) {
      return Error{fmt::format("lagrange.db: journal row {}: the fault no longer applies: {}",
                               row.seq, injected.error().message)};
    }
    return ok_status();
  }
  auto t = shared.tenant_by_name.find(row.tenant);
  if (t == shared.tenant_by_name.end()) {
    return Error{
        fmt::format("lagrange.db: journal row {}: unknown tenant '{}'", row.seq, row.tenant)};
  }
  const size_t tenant = t->second;
  if (row.kind == JournalKind::kModel || row.kind == JournalKind::kDeploy) {
    return replay_model_row(row, tenant);
  }
  if (row.kind == JournalKind::kCancel) {
    (void)engine->cancel(row.submission);
    refresh_view(row.submission);
    return ok_status();
  }
  auto parsed = parse_job_request(row.request);
  if (auto* p = std::get_if<Problem>(&parsed)) {
    return Error{
        fmt::format("lagrange.db: journal row {} no longer parses: {}", row.seq, p->detail)};
  }
  auto id = submit_to_engine(tenant, std::get<JobRequest>(parsed), row.at, row.seq);
  if (auto* p = std::get_if<Problem>(&id)) {
    return Error{
        fmt::format("lagrange.db: journal row {} is refused on replay: {}", row.seq, p->detail)};
  }
  const auto sid = std::get<sim::SubmissionId>(id);
  if (sid != row.submission) {
    return Error{fmt::format("lagrange.db: journal row {} replays as job {}, not {}", row.seq, sid,
                             row.submission)};
  }
  if (!row.idempotency_key.empty()) {
    shared.idempotency[{tenant, row.idempotency_key}] = {row.body_hash, sid};
  }
  return ok_status();
}

Status Service::Impl::replay_model_row(const JournalRow& row, size_t tenant) {
  const nlohmann::json o = nlohmann::json::parse(row.request, nullptr, false);
  if (o.is_discarded() || !o.is_object()) {
    return Error{fmt::format("lagrange.db: journal row {} is not JSON", row.seq)};
  }
  std::variant<nlohmann::json, Problem> done;
  try {
    if (row.kind == JournalKind::kModel) {
      done =
          add_model({tenant, o.at("name").get<std::string>(), o.at("precision").get<std::string>(),
                     options.data_dir / "models" / o.at("file").get<std::string>(), o.at("check")});
    } else {
      if (row.submission >= shared.models.size()) {
        return Error{
            fmt::format("lagrange.db: journal row {}: no model {}", row.seq, row.submission + 1)};
      }
      done =
          deploy_model({tenant, static_cast<size_t>(row.submission), o.at("rollback").get<bool>(),
                        o.at("satellites").get<std::vector<uint32_t>>()});
    }
  } catch (const nlohmann::json::exception& e) {
    return Error{fmt::format("lagrange.db: journal row {}: {}", row.seq, e.what())};
  }
  if (auto* p = std::get_if<Problem>(&done)) {
    return Error{
        fmt::format("lagrange.db: journal row {} is refused on replay: {}", row.seq, p->detail)};
  }
  return ok_status();
}

uint32_t Service::Impl::add_tenant_to_engine(const TenantRow& row) {
  workload::TenantSpec spec;
  spec.name = row.name;
  spec.weight = row.weight;
  spec.quota_ops_per_day = row.quotas.ops_per_day;
  auto index = engine->add_tenant(spec);
  assert(index.ok());  // names and weights were checked before they were journalled
  std::unique_lock lock(shared.mutex);
  TenantEntry entry;
  entry.row = row;
  entry.engine_index = *index;
  // A new tenant has sent nothing yet: its quota day starts from zero now.
  entry.downlink_day = (engine->now() - world->scenario.start).ns() / Duration::days(1).ns();
  shared.tenant_by_hash[row.key_hash] = shared.tenants.size();
  shared.tenant_by_name[row.name] = shared.tenants.size();
  shared.tenants.push_back(std::move(entry));
  return *index;
}

void Service::Impl::observe(sim::SubmissionId id, const sim::JobView& view,
                            const sim::JobTransition&) {
  std::unique_lock lock(shared.mutex);
  auto it = shared.jobs.find(id);
  if (it == shared.jobs.end()) return;  // filled in by submit_to_engine right after
  it->second.view = view;
  emit_steps(it->first, it->second);
  lock.unlock();
  shared.events_changed.notify_all();
}

// One event per timeline step not yet given: the timeline, not the observer's calls, is the
// source (the engine records some steps, such as the arrival, without a call).
void Service::Impl::emit_steps(sim::SubmissionId id, JobEntry& job) {
  auto& events = shared.tenants[job.tenant].events;
  const auto& timeline = job.view.timeline;
  for (; job.steps_emitted < timeline.size(); ++job.steps_emitted) {
    events.push_back({events.size() + 1, id, timeline[job.steps_emitted]});
  }
}

void Service::Impl::publish_snapshot() {
  auto snap = std::make_shared<const sim::EngineSnapshot>(engine->snapshot());
  // Quota days count from the window start, as the engine's operations quota does.
  const int64_t day = (snap->now - world->scenario.start).ns() / Duration::days(1).ns();
  std::unique_lock lock(shared.mutex);
  for (auto& t : shared.tenants) {
    if (t.engine_index >= snap->tenants.size()) continue;
    if (t.downlink_day != day) {
      t.downlink_day = day;
      t.downlink_at_day_start = snap->tenants[t.engine_index].downlink_bytes;
    }
  }
  shared.snapshot = std::move(snap);
  shared.model_record = std::make_shared<const sim::ModelRunRecord>(engine->models());
  metrics.sim_now_ns = engine->now().unix_ns();
  metrics.engine_events = engine->events_processed();
  last_snapshot = std::chrono::steady_clock::now();
}

Instant Service::Impl::clock_target() const {
  const double wall_s = static_cast<double>(wall_now_ns() - origin_wall_ns) * 1e-9;
  Instant t = origin_sim + Duration::from_seconds(wall_s * options.speed);
  return std::min(t, world->scenario.end);
}

std::optional<size_t> Service::Impl::tenant_of(const Request& r) const {
  if (r.bearer.empty()) return std::nullopt;
  const std::string hash = sha256_hex(r.bearer);
  std::shared_lock lock(shared.mutex);
  auto it = shared.tenant_by_hash.find(hash);
  if (it == shared.tenant_by_hash.end()) return std::nullopt;
  if (!constant_time_equal(shared.tenants[it->second].row.key_hash, hash)) return std::nullopt;
  return it->second;
}

bool Service::Impl::is_admin(const Request& r) const {
  return !r.bearer.empty() && constant_time_equal(sha256_hex(r.bearer), shared.admin_hash);
}

void Service::count_reply(int status) {
  std::lock_guard lock(impl_->metrics.mutex);
  ++impl_->metrics.replies_by_status[status];
}

std::variant<Instant, Problem> time_param(const Request& r, const std::string& name,
                                          Instant fallback) {
  auto it = r.query.find(name);
  if (it == r.query.end() || it->second.empty()) return fallback;
  auto t = parse_iso8601(it->second);
  if (!t) return invalid_field(name, name + ": " + t.error().message);
  return *t;
}

Reply json_reply(int status, const std::string& body) {
  Reply r;
  r.status = status;
  r.body = body;
  return r;
}

std::string format_id(sim::SubmissionId id) {
  return fmt::format("job-{}", id);
}

std::optional<sim::SubmissionId> parse_job_id(std::string_view id) {
  constexpr std::string_view kPrefix = "job-";
  if (id.size() <= kPrefix.size() || id.size() > kPrefix.size() + 19 ||
      id.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  sim::SubmissionId value = 0;
  for (char c : id.substr(kPrefix.size())) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<sim::SubmissionId>(c - '0');
  }
  return value;
}

}  // namespace lagrange::service
