// The engine thread: commands in batches, one commit per batch, then the clock.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "service/internal/service_impl.hpp"
#include "service/keys.hpp"

namespace lagrange::service {
namespace {

using Clock = std::chrono::steady_clock;
// How long the engine advances before it looks at the queue again (real clock), and how
// often it publishes a snapshot.
constexpr auto kTick = std::chrono::milliseconds(10);
constexpr auto kSnapshotEvery = std::chrono::milliseconds(200);
constexpr double kMaxAdvance_s = 0.005;  // one slice of advance: this many wall seconds at speed
// ...and at most this many events, so a dense stretch of the run (a burst of arrivals, many
// bundles at one instant) does not hold the queue back either.
constexpr uint64_t kMaxSliceEvents = 256;
constexpr auto kAnswerTimeout = std::chrono::seconds(30);

// "from_station: unknown station 'X'" -> the request's field name ("from").
std::string field_of(const std::string& message) {
  const size_t colon = message.find(':');
  if (colon == std::string::npos || colon > 40) return {};
  std::string field = message.substr(0, colon);
  if (field.find(' ') != std::string::npos) return {};
  // The engine names Submission fields; the request names some of them differently.
  if (field == "from_station") return "from";
  if (field == "capture_window") return "capture_window_s";
  if (field.rfind("delivery.", 0) == 0) return "deliver_to." + field.substr(9);
  return field;
}

std::string submitted_json(sim::SubmissionId id, const JobEntry& job) {
  return nlohmann::json{{"id", format_id(id)},
                        {"status", std::string(sim::job_stage_name(job.view.stage))},
                        {"submitted_at", format_iso8601(job.submitted_at)}}
      .dump();
}

uint64_t elapsed_ns(Clock::time_point since) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - since).count());
}

}  // namespace

Reply Service::Impl::enqueue(Command command) {
  auto answer = command.answer.get_future();
  {
    std::lock_guard lock(queue.mutex);
    if (queue.stop) return problem_reply(unavailable("the service is shutting down"));
    if (queue.commands.size() >= options.max_pending_commands) {
      return problem_reply(too_many("the engine's queue is full", 1));
    }
    queue.commands.push_back(std::move(command));
    metrics.queue_length = queue.commands.size();
  }
  queue.changed.notify_one();
  if (answer.wait_for(kAnswerTimeout) != std::future_status::ready) {
    return problem_reply(unavailable("the engine did not answer in time"));
  }
  return answer.get();
}

std::variant<sim::SubmissionId, Problem> Service::Impl::submit_to_engine(size_t tenant,
                                                                         const JobRequest& r,
                                                                         Instant at,
                                                                         uint64_t order) {
  sim::Submission s = r.submission;
  s.tenant = shared.tenants[tenant].engine_index;
  s.at = at;
  s.order = order;
  if (auto* eo = std::get_if<workload::EoTaskSpec>(&s.what)) {
    // `user/NAME` is the tenant's own model NAME (routes_models.cpp names it TENANT/NAME);
    // another tenant's is out of reach, as `user/OTHER/NAME` is refused below.
    const auto prefix = scenario::kUserModelPrefix;
    if (eo->model.starts_with(prefix)) {
      const std::string name = eo->model.substr(prefix.size());
      if (name.find('/') != std::string::npos) {
        return invalid_field("model", "model: name your own model as user/NAME");
      }
      std::shared_lock lock(shared.mutex);
      for (const auto& m : shared.models) {
        if (m.tenant == tenant && m.name == name) {
          eo->model = std::string(prefix) + m.engine_name;
          break;
        }
      }
    }
  }
  if (auto* eo = std::get_if<workload::EoTaskSpec>(&s.what); eo && eo->capture_window.ns() <= 0) {
    // As in a scenario file: no capture_window_s means until the end of the window.
    eo->capture_window = std::max(world->scenario.end - at, Duration::seconds(1));
  }
  auto id = engine->submit(std::move(s));
  if (!id) return invalid_field(field_of(id.error().message), id.error().message);
  auto view = engine->job(*id);
  std::unique_lock lock(shared.mutex);
  JobEntry& job = shared.jobs[*id];
  job.tenant = tenant;
  job.kind = r.kind;
  job.workload = r.submission.workload;
  job.submitted_at = at;
  if (view) {
    job.view = *view;
    emit_steps(*id, job);
  }
  shared.tenants[tenant].jobs.push_back(*id);
  return *id;
}

void Service::Impl::apply(Command& command, std::vector<JournalRow>& rows,
                          std::vector<TenantRow>& new_tenants,
                          std::vector<std::pair<std::promise<Reply>, Reply>>& answers) {
  JournalRow row;
  row.seq = next_seq;
  row.engine_now = engine->now();
  Reply reply;
  bool journalled = false;
  if (journal_broken && !std::holds_alternative<ClockCommand>(command.what)) {
    answers.emplace_back(std::move(command.answer),
                         problem_reply(unavailable("the journal could not be written; restart")));
    return;
  }
  if (auto* sub = std::get_if<SubmitCommand>(&command.what)) {
    const std::string& tenant_name = shared.tenants[sub->tenant].row.name;
    auto known = shared.idempotency.find({sub->tenant, sub->idempotency_key});
    if (!sub->idempotency_key.empty() && known != shared.idempotency.end()) {
      // A twin of an earlier request that raced it here.
      if (known->second.first != sub->body_hash) {
        reply = problem_reply(conflict("Idempotency-Key was used with another body"));
      } else {
        std::shared_lock lock(shared.mutex);
        reply = json_reply(
            200, submitted_json(known->second.second, shared.jobs.at(known->second.second)));
      }
    } else {
      const Instant at = std::max(sub->request.at.value_or(row.engine_now), row.engine_now);
      auto id = submit_to_engine(sub->tenant, sub->request, at, row.seq);
      if (auto* p = std::get_if<Problem>(&id)) {
        reply = problem_reply(*p);
      } else {
        const auto sid = std::get<sim::SubmissionId>(id);
        row.kind = JournalKind::kSubmit;
        row.tenant = tenant_name;
        row.at = at;
        row.submission = sid;
        row.idempotency_key = sub->idempotency_key;
        row.body_hash = sub->body_hash;
        row.request = sub->body;
        journalled = true;
        std::unique_lock lock(shared.mutex);
        if (!sub->idempotency_key.empty()) {
          shared.idempotency[{sub->tenant, sub->idempotency_key}] = {sub->body_hash, sid};
        }
        reply = json_reply(201, submitted_json(sid, shared.jobs.at(sid)));
        ++metrics.submissions;
      }
    }
  } else if (auto* cancel = std::get_if<CancelCommand>(&command.what)) {
    const bool cancelled = engine->cancel(cancel->submission);
    refresh_view(cancel->submission);  // a job not yet arrived ends without a transition
    if (!cancelled) {
      reply = problem_reply(conflict(format_id(cancel->submission) + " has already ended"));
    } else {
      row.kind = JournalKind::kCancel;
      row.tenant = shared.tenants[cancel->tenant].row.name;
      row.submission = cancel->submission;
      journalled = true;
      std::shared_lock lock(shared.mutex);
      reply = json_reply(
          200, job_json(shared.jobs.at(cancel->submission), cancel->submission, *world).dump());
    }
  } else if (auto* tenant = std::get_if<TenantCommand>(&command.what)) {
    bool taken = shared.tenant_by_name.count(tenant->row.name) > 0;
    for (const auto& t : world->scenario.work.tenants) taken = taken || t.name == tenant->row.name;
    if (taken) {
      reply = problem_reply(conflict("a tenant named '" + tenant->row.name + "' exists"));
    } else {
      add_tenant_to_engine(tenant->row);
      new_tenants.push_back(tenant->row);
      row.kind = JournalKind::kTenant;
      row.tenant = tenant->row.name;
      journalled = true;
      reply = json_reply(
          201, nlohmann::json{{"name", tenant->row.name}, {"api_key", tenant->api_key}}.dump());
    }
  } else if (auto* fault = std::get_if<FaultCommand>(&command.what)) {
    if (Status s = engine->inject(fault->fault); !s) {
      reply = problem_reply(invalid_field("at", s.error().message));
    } else {
      row.kind = JournalKind::kFault;
      row.at = fault->fault.start;
      row.request = fault->body;
      journalled = true;
      reply = json_reply(
          201, nlohmann::json{{"fault", scenario::describe_fault(fault->fault, world->scenario)}}
                   .dump());
    }
  } else if (auto* model = std::get_if<ModelCommand>(&command.what)) {
    auto added = add_model(*model);
    if (auto* p = std::get_if<Problem>(&added)) {
      reply = problem_reply(*p);
    } else {
      row.kind = JournalKind::kModel;
      row.tenant = shared.tenants[model->tenant].row.name;
      row.request = nlohmann::json{{"name", model->name},
                                   {"precision", model->precision},
                                   {"file", model->file.filename().string()},
                                   {"check", model->check}}
                        .dump();
      journalled = true;
      reply = json_reply(201, std::get<nlohmann::json>(added).dump());
    }
  } else if (auto* deploy = std::get_if<DeployCommand>(&command.what)) {
    auto done = deploy_model(*deploy);
    if (auto* p = std::get_if<Problem>(&done)) {
      reply = problem_reply(*p);
    } else {
      row.kind = JournalKind::kDeploy;
      row.tenant = shared.tenants[deploy->tenant].row.name;
      row.submission = deploy->model;
      row.request =
          nlohmann::json{{"rollback", deploy->rollback}, {"satellites", deploy->satellites}}.dump();
      journalled = true;
      reply = json_reply(202, std::get<nlohmann::json>(done).dump());
    }
  } else if (auto* clock = std::get_if<ClockCommand>(&command.what)) {
    advance_recording(clock->target);
    row.kind = JournalKind::kClock;
    row.at = clock->target;
    journalled = true;
    publish_snapshot();
    reply = json_reply(200, nlohmann::json{{"now", format_iso8601(engine->now())}}.dump());
  }
  if (journalled) {
    rows.push_back(std::move(row));
    ++next_seq;
  }
  answers.emplace_back(std::move(command.answer), std::move(reply));
}

void Service::Impl::refresh_view(sim::SubmissionId id) {
  auto view = engine->job(id);
  std::unique_lock lock(shared.mutex);
  auto it = shared.jobs.find(id);
  if (!view || it == shared.jobs.end()) return;
  it->second.view = std::move(*view);
  emit_steps(id, it->second);
  lock.unlock();
  shared.events_changed.notify_all();
}

// Advances towards `target` in slices (of sim time and of events), giving way to commands
// between them, so a long catch-up (after a restart, or a slow stretch of the run) never holds
// a request back long. Bounded steps give exactly the run of one advance (Engine::advance_to).
void Service::Impl::catch_up(Instant target) {
  const Duration slice = Duration::from_seconds(options.speed * kMaxAdvance_s);
  while (engine->now() < target && metrics.queue_length == 0) {
    const Instant before = engine->now();
    const auto started = Clock::now();
    const bool reached = advance_recording(std::min(target, before + slice), kMaxSliceEvents);
    metrics.advance_ns += elapsed_ns(started);
    if (reached && engine->now() == before) break;  // clamped at the window end
    if (Clock::now() - last_snapshot >= kSnapshotEvery) publish_snapshot();
  }
}

void Service::Impl::run_engine() {
  const bool real = options.clock == ClockMode::kReal;
  for (;;) {
    std::deque<Command> batch;
    {
      std::unique_lock lock(queue.mutex);
      if (real) {
        queue.changed.wait_for(lock, kTick, [&] { return queue.stop || !queue.commands.empty(); });
      } else {
        queue.changed.wait_for(lock, kSnapshotEvery,
                               [&] { return queue.stop || !queue.commands.empty(); });
      }
      if (queue.stop && queue.commands.empty()) break;
      batch.swap(queue.commands);
      metrics.queue_length = 0;
    }
    std::vector<JournalRow> rows;
    std::vector<TenantRow> new_tenants;
    std::vector<std::pair<std::promise<Reply>, Reply>> answers;
    const auto applying = Clock::now();
    for (auto& command : batch) apply(command, rows, new_tenants, answers);
    const auto committing = Clock::now();
    const Status committed = store->commit(new_tenants, rows);
    metrics.apply_ns +=
        std::chrono::duration_cast<std::chrono::nanoseconds>(committing - applying).count();
    metrics.commit_ns += elapsed_ns(committing);
    if (committed) {
      ++metrics.commit_batches;
      metrics.committed_rows += rows.size();
    } else {
      // The engine holds what the journal lacks: no more writes until a restart replays it.
      journal_broken = true;
    }
    for (auto& [promise, reply] : answers) {
      // The engine already holds what failed to commit; the caller must not be told 201.
      if (!committed && reply.status < 300) {
        reply = problem_reply(
            unavailable("the journal could not be written: " + committed.error().message));
      }
      promise.set_value(std::move(reply));
    }
    if (real) catch_up(clock_target());
    if (Clock::now() - last_snapshot >= kSnapshotEvery) publish_snapshot();
  }
}

}  // namespace lagrange::service
