// The open constellation service: the live twin of one scenario shared by tenants over HTTP
// (docs/service.md). This is its transport-free core; http_server.hpp binds it to sockets.
//
// Threads. One engine thread owns the sim::Engine and the Store: it takes commands
// (submissions, cancellations, new tenants, virtual-clock moves) from a queue in batches,
// applies them, commits their journal rows in one transaction and only then answers; between
// batches it advances the engine to the clock (real clock: sim time = origin + speed x wall
// time since the first start). Every other method is called from any number of API threads:
// reads are answered from state the engine thread publishes (job views kept current by the
// engine's observer, the latest snapshot), so a read never waits for the engine and the
// engine never waits for a reader; a write waits for its batch's commit only.
//
// Durability and replay. A job answered 201 is in the journal (store.hpp). `open` on an
// existing data directory rebuilds the engine by replaying the journal: each row applied at
// its recorded engine time, submissions with `Submission::order` = their journal sequence
// number, so the rebuilt run is the run that was (same ids, timelines and events).
//
// Limits: the engine's window is the scenario's window (no rolling horizon yet): once the
// clock reaches the window end, time stops there and new work is refused.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "service/problem.hpp"
#include "sim/world.hpp"

namespace lagrange::service {

enum class ClockMode { kReal, kVirtual };

struct ServiceOptions {
  std::filesystem::path data_dir;
  std::string policy;  // empty: the scenario's first
  ClockMode clock = ClockMode::kReal;
  double speed = 1.0;                     // real clock: sim seconds per wall second
  bool durable_fsync = false;             // Store::Options
  double default_requests_per_s = 200.0;  // per tenant, unless its quota says otherwise
  size_t max_pending_commands = 10'000;   // engine queue bound: beyond it, 429
  size_t max_event_streams = 16;          // open SSE streams, all tenants
  // Model uploads (POST /v1/models): the `lagrange` binary that checks them in a helper
  // process (`lagrange serve` names itself; empty: uploads are refused 503, as a program
  // embedding the service is not `lagrange` and must not be run as it), and how long the
  // check may take before it is killed.
  std::filesystem::path model_checker;
  std::chrono::milliseconds model_check_limit{120'000};
  // What one tenant's uploaded model files may take in all (every version kept counts): an
  // upload past it is refused 403, so no tenant can fill the data directory's disk.
  uint64_t model_bytes_per_tenant = uint64_t{1} << 30;
};

// An answer, independent of the transport.
struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};
Reply problem_reply(const Problem& problem);

// What a request carries that the service needs: the bearer key and the headers it reads.
struct Request {
  std::string bearer;  // the key from "Authorization: Bearer KEY", or empty
  std::string body;
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string idempotency_key;               // Idempotency-Key header
};

// An SSE stream's next events: text to send, and whether the stream should go on.
struct EventBatch {
  std::string text;
  uint64_t last_id = 0;
  bool open = true;
};

class Service {
 public:
  // Loads or creates DIR/lagrange.db and DIR/admin.key, checks the store belongs to this
  // scenario, replays the journal and starts the engine thread.
  static Result<std::unique_ptr<Service>> open(std::shared_ptr<const sim::World> world,
                                               ServiceOptions options);
  ~Service();  // stops the engine thread
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Routes (docs/service.md); `id` is the path's job id.
  Reply create_tenant(const Request& r);
  Reply constellation(const Request& r);
  Reply passes(const Request& r);
  Reply availability(const Request& r);
  Reply submit_job(const Request& r);
  Reply get_job(const Request& r, std::string_view id);
  Reply list_jobs(const Request& r);
  Reply cancel_job(const Request& r, std::string_view id);
  Reply usage(const Request& r);
  Reply get_clock(const Request& r);
  Reply set_clock(const Request& r);
  // Dashboard routes (routes_dashboard.cpp): tracks, links up now, one satellite (by name or
  // NORAD id), and for the admin the constellation's time series and every tenant's use.
  Reply tracks(const Request& r);
  Reply links(const Request& r);
  Reply satellite(const Request& r, std::string_view id);
  Reply admin_series(const Request& r);
  Reply admin_tenants(const Request& r);
  Reply inject_fault(const Request& r);  // routes_faults.cpp
  Reply faults(const Request& r);        // every fault so far and its cost (routes_faults.cpp)
  // Users' models (routes_models.cpp): upload (checked on arrival), list, one, deploy, rollback.
  Reply upload_model(const Request& r);
  Reply list_models(const Request& r);
  Reply get_model(const Request& r, std::string_view id);
  Reply deploy_model(const Request& r, std::string_view id, bool rollback);
  Reply healthz();
  Reply metrics();
  static Reply openapi();

  // Server-Sent Events of the caller's jobs. `open_events` checks the key and reserves a
  // stream (401, 429 when too many are open); `next_events` waits up to `wait_ms` for events
  // after `after_id` (a comment line when none came); `close_events` releases the stream.
  std::optional<Reply> open_events(const Request& r, uint32_t& tenant);
  EventBatch next_events(uint32_t tenant, uint64_t after_id, int wait_ms);
  void close_events();

  // Counts an answer for /metrics (the HTTP layer calls it once per request).
  void count_reply(int status);
  // Ends SSE streams and refuses new commands (before the HTTP server stops).
  void begin_shutdown();

  struct Impl;

 private:
  explicit Service(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lagrange::service
