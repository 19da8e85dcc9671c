// The service's state, shared by its .cpp files (service.hpp describes the threads).
//
// `Shared` is what API threads read: guarded by `mutex` (readers shared, the engine thread
// exclusive). `Queue` carries commands to the engine thread. Everything else belongs to the
// engine thread alone once the service is open.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "schedule/policy.hpp"
#include "service/job_request.hpp"
#include "service/service.hpp"
#include "service/store.hpp"
#include "sim/engine.hpp"

namespace lagrange::service {

struct TenantEntry {
  TenantRow row;
  uint32_t engine_index = 0;
  std::vector<sim::SubmissionId> jobs;  // ascending
  struct Event {
    uint64_t id = 0;  // 1, 2, ... per tenant
    sim::SubmissionId submission = 0;
    sim::JobTransition step;
  };
  std::vector<Event> events;
  // Downlink of its jobs at the start of the current quota day (days from the window start,
  // as the engine's), for the daily downlink quota.
  int64_t downlink_day = -1;
  double downlink_at_day_start = 0.0;
};

struct JobEntry {
  size_t tenant = 0;  // into Shared::tenants
  sim::JobView view;
  std::string kind;
  std::string workload;
  Instant submitted_at;
  size_t steps_emitted = 0;  // timeline steps already given as events
};

inline constexpr Duration kSeriesStep = Duration::seconds(300);
inline constexpr size_t kMaxSeriesSamples = 4096;  // ~14 days at kSeriesStep

// One sample of the constellation for the operator's time series (GET /v1/admin/series),
// taken by the engine thread every kSeriesStep of sim time (series.cpp).
struct SeriesSample {
  Instant at;
  std::vector<float> battery;                  // per satellite, state of charge 0..1
  std::vector<float> stored_bytes;             // per satellite
  std::vector<uint32_t> queue;                 // per satellite, jobs waiting for the accelerator
  std::vector<uint8_t> busy;                   // per satellite, 1 when its accelerator runs a job
  std::vector<double> station_downlink_bytes;  // per station, cumulative (EngineSnapshot's)
};

// A tenant's uploaded model version (routes_models.cpp); its id is "model-N", N = index + 1.
struct ModelEntry {
  size_t tenant = 0;
  std::string name;         // as the tenant named it
  std::string engine_name;  // "TENANT/NAME": names are per tenant
  int version = 0;
  std::string precision;
  nlohmann::json check;  // `lagrange model check --format json`
  Instant uploaded_at;
  uint64_t file_bytes = 0;  // counted against ServiceOptions::model_bytes_per_tenant
};

struct Shared {
  mutable std::shared_mutex mutex;
  std::deque<SeriesSample> series;               // oldest first, at most kMaxSeriesSamples
  std::vector<TenantEntry> tenants;              // service tenants, in creation order
  std::map<std::string, size_t> tenant_by_hash;  // key hash -> index
  std::map<std::string, size_t> tenant_by_name;
  std::map<sim::SubmissionId, JobEntry> jobs;
  // (tenant, idempotency key) -> (body hash, submission)
  std::map<std::pair<size_t, std::string>, std::pair<std::string, sim::SubmissionId>> idempotency;
  std::shared_ptr<const sim::EngineSnapshot> snapshot;
  std::vector<ModelEntry> models;                           // uploads, in order
  std::shared_ptr<const sim::ModelRunRecord> model_record;  // published with the snapshot
  std::string admin_hash;
  std::condition_variable_any events_changed;  // notified with events appended
  bool stopping = false;
};

// Commands for the engine thread; each answers through its promise.
struct SubmitCommand {
  size_t tenant = 0;
  JobRequest request;
  std::string body;
  std::string body_hash;
  std::string idempotency_key;
};
struct CancelCommand {
  size_t tenant = 0;
  sim::SubmissionId submission = 0;
};
struct TenantCommand {
  TenantRow row;
  std::string api_key;  // shown once in the answer
};
struct ClockCommand {
  Instant target;
};
struct FaultCommand {
  scenario::Fault fault;
  std::string body;  // journalled: replay parses it again
};
struct ModelCommand {
  size_t tenant = 0;
  std::string name;
  std::string precision;
  std::filesystem::path file;
  nlohmann::json check;
};
struct DeployCommand {
  size_t tenant = 0;
  size_t model = 0;  // into Shared::models
  bool rollback = false;
  std::vector<uint32_t> satellites;  // empty: every satellite
};
struct Command {
  std::variant<SubmitCommand, CancelCommand, TenantCommand, ClockCommand, FaultCommand,
               ModelCommand, DeployCommand>
      what;
  std::promise<Reply> answer;
};

struct Queue {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Command> commands;
  bool stop = false;
};

// Per-tenant token buckets on the wall clock.
class RateLimiter {
 public:
  // 0 when allowed, else the whole seconds to wait.
  int take(size_t tenant, double rate_per_s);

 private:
  struct Bucket {
    double tokens = 0.0;
    std::chrono::steady_clock::time_point last;
    bool started = false;
  };
  std::mutex mutex_;
  std::map<size_t, Bucket> buckets_;
};

struct Metrics {
  std::mutex mutex;
  std::map<int, uint64_t> replies_by_status;
  std::atomic<uint64_t> submissions{0};
  std::atomic<uint64_t> commit_batches{0};
  std::atomic<uint64_t> committed_rows{0};
  std::atomic<size_t> event_streams{0};
  std::atomic<int64_t> sim_now_ns{0};
  std::atomic<uint64_t> engine_events{0};
  std::atomic<size_t> queue_length{0};
  // Wall time the engine thread spent, by what it did (to see what limits throughput).
  std::atomic<uint64_t> advance_ns{0};
  std::atomic<uint64_t> apply_ns{0};
  std::atomic<uint64_t> commit_ns{0};
};

struct Service::Impl {
  std::shared_ptr<const sim::World> world;
  ServiceOptions options;
  std::unique_ptr<Store> store;
  std::unique_ptr<schedule::Policy> policy;
  std::unique_ptr<sim::Engine> engine;
  uint32_t scenario_tenants = 0;  // engine tenants before the service's own
  uint64_t next_seq = 1;          // engine thread
  bool journal_broken = false;    // engine thread: a commit failed
  // Real clock: sim time = origin_sim + speed x (wall - origin_wall).
  Instant origin_sim;
  int64_t origin_wall_ns = 0;
  Shared shared;
  Queue queue;
  RateLimiter limiter;
  Metrics metrics;
  std::thread engine_thread;
  std::atomic<int> model_checks{0};  // helpers running now (routes_models.cpp bounds them)
  std::chrono::steady_clock::time_point last_snapshot;

  // service.cpp
  Status load_and_replay();
  Status replay_row(const JournalRow& row);
  Status replay_model_row(const JournalRow& row, size_t tenant);
  void observe(sim::SubmissionId id, const sim::JobView& view, const sim::JobTransition& step);
  void publish_snapshot();
  void emit_steps(sim::SubmissionId id, JobEntry& job);  // under shared.mutex
  Instant clock_target() const;                          // real clock: where sim time is now
  std::optional<size_t> tenant_of(const Request& r) const;
  bool is_admin(const Request& r) const;
  // series.cpp: advances the engine to `t`, stopping at each kSeriesStep of sim time on the
  // way to record a SeriesSample (so a long virtual-clock jump still gives a series). With
  // `max_events`, each engine step processes at most that many events and false means the
  // budget ran out before `t` (call again to go on; Engine::advance_to(t, max_events)).
  bool advance_recording(Instant t, uint64_t max_events = UINT64_MAX);
  Instant next_sample;  // engine thread
  // engine_loop.cpp
  void run_engine();
  void catch_up(Instant target);
  void refresh_view(sim::SubmissionId id);  // from the engine, after a cancel
  Reply enqueue(Command command);
  void apply(Command& command, std::vector<JournalRow>& rows, std::vector<TenantRow>& tenants,
             std::vector<std::pair<std::promise<Reply>, Reply>>& answers);
  std::variant<sim::SubmissionId, Problem> submit_to_engine(size_t tenant, const JobRequest& r,
                                                            Instant at, uint64_t order);
  uint32_t add_tenant_to_engine(const TenantRow& row);
  // routes_models.cpp, engine thread: a checked upload into the engine, and a deployment or
  // rollback of one; the reply's body, or the problem.
  std::variant<nlohmann::json, Problem> add_model(const ModelCommand& m);
  // 403 when the tenant's kept model files and this upload would pass the storage cap.
  std::optional<Problem> model_storage_problem(size_t tenant, uint64_t upload_bytes) const;
  std::variant<nlohmann::json, Problem> deploy_model(const DeployCommand& d);
};

// Helpers shared by the route files (routes_*.cpp).
Reply json_reply(int status, const std::string& body);
nlohmann::json job_json(const JobEntry& job, sim::SubmissionId id, const sim::World& world);
std::optional<sim::SubmissionId> parse_job_id(std::string_view id);
std::string format_id(sim::SubmissionId id);
// Query parameter `name` as an ISO 8601 instant, `fallback` when absent; 422 naming it if bad.
std::variant<Instant, Problem> time_param(const Request& r, const std::string& name,
                                          Instant fallback);

}  // namespace lagrange::service
