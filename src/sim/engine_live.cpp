// The live side of the engine: submissions, cancellations, runtime tenants, stage transitions
// with their observer, job views and the snapshot.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "orbit/frames.hpp"
#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {
namespace {

// Bounds that keep every derived duration far inside the int64 nanosecond range (292 years):
// 100 TB over the slowest link of the catalogue (~1 Mbps) is ~25 years.
constexpr double kMaxSubmittedBytes = 1e14;
constexpr int kMaxTokens = 1'000'000;
// A job whose compute would take longer than this on the slowest satellite is refused.
constexpr double kMaxComputeSeconds = 10.0 * 365.25 * 86400.0;

Error field_error(const std::string& field, const std::string& what) {
  return Error{field + ": " + what};
}

std::string known_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < 20; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 20) out += ", ...";
  return out;
}

Status check_amount(const std::string& field, double value, double max) {
  if (!std::isfinite(value) || value < 0.0) {
    return field_error(field, "must be a finite number >= 0");
  }
  if (value > max) return field_error(field, "is larger than the limit " + std::to_string(max));
  return ok_status();
}

Status check_area(const std::string& field, const workload::Area& area) {
  if (area.vertices.empty() || area.vertices.size() == 2) {
    return field_error(field, "needs one point or at least three vertices");
  }
  for (size_t i = 0; i < area.vertices.size(); ++i) {
    const auto& v = area.vertices[i];
    const std::string at = field + "[" + std::to_string(i) + "]";
    if (!(v.latitude_deg >= -90.0 && v.latitude_deg <= 90.0)) {
      return field_error(at, "latitude must be in [-90, 90]");
    }
    if (!(v.longitude_deg > -180.0 && v.longitude_deg <= 180.0)) {
      return field_error(at, "longitude must be in (-180, 180]");
    }
  }
  return ok_status();
}

// A job ends once, and only a queued job starts computing.
bool legal_move(Stage from, Stage to) {
  if (from == Stage::kDone) return false;
  return to != Stage::kComputing || from == Stage::kQueued;
}

}  // namespace

std::string_view job_stage_name(JobStage stage) {
  switch (stage) {
    case JobStage::kAccepted:
      return "accepted";
    case JobStage::kWaitingCapture:
      return "waiting_capture";
    case JobStage::kUplinking:
      return "uplinking";
    case JobStage::kQueued:
      return "queued";
    case JobStage::kComputing:
      return "computing";
    case JobStage::kDownlinking:
      return "downlinking";
    case JobStage::kProcessingOnGround:
      return "processing_on_ground";
    case JobStage::kDelivered:
      return "delivered";
    case JobStage::kDropped:
      return "dropped";
  }
  return "unknown";
}

JobStage State::public_stage(const Job& job) const {
  switch (job.stage) {
    case Stage::kWaiting:
      return job.record.kind == JobKind::kEoTask || job.record.kind == JobKind::kSystematic
                 ? JobStage::kWaitingCapture
                 : JobStage::kAccepted;
    case Stage::kUplinking:
      return JobStage::kUplinking;
    case Stage::kQueued:
      return JobStage::kQueued;
    case Stage::kComputing:
      return JobStage::kComputing;
    case Stage::kDownlinking:
      return JobStage::kDownlinking;
    case Stage::kOnGround:
      return JobStage::kProcessingOnGround;
    case Stage::kDone:
      return job.record.is_delivered() ? JobStage::kDelivered : JobStage::kDropped;
  }
  return JobStage::kAccepted;
}

void State::set_stage(uint64_t id, Stage stage, int satellite, int station) {
  Job& job = jobs[id];
  assert(legal_move(job.stage, stage));
  (void)legal_move;
  if (stage == Stage::kDone) {
    TenantCounts& c = tenant_counts[job.record.tenant];
    --c.active;
    ++(job.record.is_delivered() ? c.delivered : c.dropped);
  }
  job.stage = stage;
  const Step step{now, public_stage(job), satellite, station};
  job.timeline.push_back(step);
  if (!observer || job.work == kNoWork) return;
  const Work& work = works[job.work];
  if (!observe_all && !work.observed) return;
  JobTransition t{step.at, step.stage, step.satellite,
                  step.station >= 0 ? world.scenario.stations[step.station].name : ""};
  observer(job.work, view(job.work), t);
}

JobView State::view_of_job(uint64_t id) const {
  const Job& job = jobs[id];
  JobView v;
  v.submission = job.work;
  v.job = id;
  v.stage = public_stage(job);
  v.record = job.record;
  for (const Step& s : job.timeline) {
    v.timeline.push_back({s.at, s.stage, s.satellite,
                          s.station >= 0 ? world.scenario.stations[s.station].name : ""});
  }
  return v;
}

JobView State::view(SubmissionId id) const {
  const Work& work = works[id];
  if (work.job) return view_of_job(*work.job);
  JobView v;
  v.submission = id;
  v.stage = JobStage::kAccepted;
  v.record.tenant = work.item.tenant;
  v.record.workload = std::string(work.workload);
  v.record.submitted = work.item.arrival;
  v.record.deadline = work.item.deadline;
  if (work.cancelled) {
    v.stage = JobStage::kDropped;
    v.record.drop = DropReason::kCancelled;
  }
  return v;
}

SubmissionId State::add_work(Work w, uint64_t order) {
  const SubmissionId id = works.size();
  const Instant arrival = w.item.arrival;
  works.push_back(std::move(w));
  push(arrival, events::ItemArrival{id, order});
  return id;
}

const std::vector<access::CaptureOpportunity>& State::opportunities_for(
    const workload::Area& target) {
  std::vector<std::pair<double, double>> key;
  for (const auto& v : target.vertices) key.emplace_back(v.latitude_deg, v.longitude_deg);
  auto it = opportunity_cache.find(key);
  if (it == opportunity_cache.end()) {
    it = opportunity_cache.emplace(std::move(key), world.capture_opportunities(target)).first;
  }
  return it->second;
}

namespace {

// Checks the parts every kind of work shares and fills the item's times.
struct SubmissionChecker {
  const World& world;
  const std::vector<workload::TenantSpec>& tenants;

  Status station(const std::string& field, const std::string& name) const {
    if (world.station_by_name(name)) return ok_status();
    std::vector<std::string> names;
    for (const auto& s : world.scenario.stations) names.push_back(s.name);
    return field_error(field, "unknown ground station '" + name + "'; known: " + known_list(names));
  }
  Status delivery(const workload::Delivery& d) const {
    if (d.kind == workload::Delivery::Kind::kStation && !d.station.empty()) {
      return station("delivery.station", d.station);
    }
    if (d.kind == workload::Delivery::Kind::kRegion) return check_area("delivery.region", d.region);
    return ok_status();
  }
  double slowest_ops_per_s() const {
    double slowest = world.ground_ops_per_s;
    for (const auto& m : world.satellites) {
      if (m.int8_ops_per_s > 0.0) slowest = std::min(slowest, m.int8_ops_per_s);
    }
    return slowest;
  }
};

}  // namespace

Result<SubmissionId> State::submit(Submission s) {
  if (s.tenant >= tenants.size()) {
    return field_error("tenant", "no tenant " + std::to_string(s.tenant) + " (there are " +
                                     std::to_string(tenants.size()) + ")");
  }
  if (s.at > world.scenario.end) {
    return field_error("at", format_iso8601(s.at) + " is after the end of the window " +
                                 format_iso8601(world.scenario.end));
  }
  const SubmissionChecker check{world, tenants};
  workload::WorkItem item;
  item.arrival = std::max(s.at, now);
  item.tenant = s.tenant;
  item.capture_by = item.arrival;
  const auto until = [&](Duration d) {
    if (d.ns() <= 0) return workload::kNoDeadline;
    if (item.arrival.unix_ns() > INT64_MAX - d.ns()) return workload::kNoDeadline;
    return item.arrival + d;
  };
  Work work;
  if (const auto* eo = std::get_if<workload::EoTaskSpec>(&s.what)) {
    if (auto st = check_area("target", eo->target); !st) return st.error();
    if (!eo->model.empty() && !world.catalog.vision_model(eo->model) &&
        !user_model_index(eo->model)) {
      return field_error("model", "unknown vision model '" + eo->model + "'");
    }
    if (eo->capture_window.ns() <= 0) return field_error("capture_window", "must be > 0");
    if (auto st = check.delivery(eo->delivery); !st) return st.error();
    item.kind = workload::WorkKind::kEoTask;
    item.capture_by = until(eo->capture_window);
    item.deadline = until(eo->deadline);
  } else {
    if (auto st = check.station("from_station", s.from_station); !st) return st.error();
    item.from_station = s.from_station;
    if (const auto* c = std::get_if<workload::ComputeJobSpec>(&s.what)) {
      if (auto st = check_amount("operations", s.operations,
                                 kMaxComputeSeconds * check.slowest_ops_per_s());
          !st) {
        return st.error();
      }
      if (auto st = check_amount("input_bytes", s.input_bytes, kMaxSubmittedBytes); !st) {
        return st.error();
      }
      if (auto st = check_amount("output_bytes", s.output_bytes, kMaxSubmittedBytes); !st) {
        return st.error();
      }
      if (auto st = check.delivery(c->delivery); !st) return st.error();
      item.kind = workload::WorkKind::kComputeJob;
      item.operations = s.operations;
      item.input_bytes = std::round(s.input_bytes);
      item.output_bytes = std::round(s.output_bytes);
      item.deadline = until(c->deadline);
    } else {
      const auto& q = std::get<workload::LlmQuerySpec>(s.what);
      if (!world.catalog.llm(q.model)) {
        return field_error("model", "unknown language model '" + q.model + "'");
      }
      if (s.prompt_tokens < 1 || s.prompt_tokens > kMaxTokens) {
        return field_error("prompt_tokens", "must be in [1, " + std::to_string(kMaxTokens) + "]");
      }
      if (s.answer_tokens < 1 || s.answer_tokens > kMaxTokens) {
        return field_error("answer_tokens", "must be in [1, " + std::to_string(kMaxTokens) + "]");
      }
      if (auto st = check.delivery(q.delivery); !st) return st.error();
      item.kind = workload::WorkKind::kLlmQuery;
      item.prompt_tokens = s.prompt_tokens;
      item.answer_tokens = s.answer_tokens;
      item.deadline = until(q.deadline);
      if (llm_server_for(q.model) < 0) add_llm_server(q.model);
    }
  }
  submitted_names.push_back(std::move(s.workload));
  submitted_specs.push_back(std::move(s.what));
  work.item = std::move(item);
  work.workload = submitted_names.back();
  work.what = &submitted_specs.back();
  if (const auto* eo = std::get_if<workload::EoTaskSpec>(work.what)) {
    work.opportunities = &opportunities_for(eo->target);
  }
  work.observed = true;
  return add_work(std::move(work), s.order);
}

bool State::cancel(SubmissionId id) {
  if (id >= works.size()) return false;
  Work& work = works[id];
  if (work.cancelled) return false;
  if (!work.job) {
    work.cancelled = true;
    return true;
  }
  if (jobs[*work.job].stage == Stage::kDone) return false;
  work.cancelled = true;
  drop(*work.job, DropReason::kCancelled);
  return true;
}

Result<uint32_t> State::add_tenant(workload::TenantSpec tenant) {
  if (tenant.name.empty()) return field_error("name", "must not be empty");
  for (const auto& t : tenants) {
    if (t.name == tenant.name) return field_error("name", "tenant '" + t.name + "' exists");
  }
  if (!(tenant.weight > 0.0) || !std::isfinite(tenant.weight)) {
    return field_error("weight", "must be a finite number > 0");
  }
  if (!(tenant.quota_ops_per_day >= 0.0) || !std::isfinite(tenant.quota_ops_per_day)) {
    return field_error("quota_ops_per_day", "must be a finite number >= 0");
  }
  tenant.workloads.clear();  // runtime tenants submit; they bring no scenario work
  tenant.systematic_imaging.clear();
  tenants.push_back(std::move(tenant));
  quota_used_ops.push_back(0.0);
  tenant_counts.emplace_back();
  for (auto& s : sats) s.served_s.push_back(0.0);
  return static_cast<uint32_t>(tenants.size() - 1);
}

EngineSnapshot State::snapshot() const {
  EngineSnapshot snap;
  snap.now = now;
  snap.events = events;
  for (uint32_t i = 0; i < sats.size(); ++i) {
    const SatState& s = sats[i];
    SatelliteSnapshot out;
    orbit::ItrfState state;
    if (world.ephemeris.interpolate_itrf(i, now, state)) {
      const orbit::Geodetic g = orbit::itrf_to_geodetic(state.r_km);
      out.latitude_deg = g.lat_deg;
      out.longitude_deg = g.lon_deg;
      out.altitude_km = g.alt_km;
    }
    out.sunlit = s.illumination >= 1.0;
    power::Battery battery = s.battery;  // advanced on a copy: the state stays untouched
    if (now > s.power_time) (void)battery.advance(now - s.power_time, s.illumination, load_w(i));
    out.state_of_charge = battery.state_of_charge();
    out.shed = s.shed;
    out.down = is_down(i);
    for (size_t m = 0; m < model_state.models.size(); ++m) {
      const int version = model_state.active[m][i];
      if (version > 0) out.models.push_back({model_state.models[m].name, version});
    }
    out.stored_bytes = s.stored_bytes;
    out.storage_bytes = world.satellites[i].storage_bytes;
    out.queue_length = s.queue.size();
    out.running_job = s.running;
    for (const network::ContactGraph::Link& link : world.graph.links(i)) {
      for (const auto& lc : world.graph.open_after(link, now)) {
        if (lc.start > now) break;
        if (lc.end <= now) continue;
        if (world.is_station(link.to)) {
          out.stations_in_view.push_back(static_cast<uint32_t>(link.to - sats.size()));
        } else {
          out.lasers_to.push_back(link.to);
        }
        break;
      }
    }
    snap.satellites.push_back(std::move(out));
  }
  for (size_t t = 0; t < tenants.size(); ++t) {
    TenantSnapshot ts;
    ts.name = tenants[t].name;
    ts.weight = tenants[t].weight;
    ts.quota_ops_per_day = tenants[t].quota_ops_per_day;
    const int64_t day = (now - world.scenario.start).ns() / Duration::hours(24).ns();
    ts.ops_used_today = day == quota_day ? quota_used_ops[t] : 0.0;
    for (const SatState& s : sats) ts.accelerator_s += s.served_s[t];
    snap.tenants.push_back(std::move(ts));
  }
  for (size_t t = 0; t < tenants.size(); ++t) {
    const TenantCounts& c = tenant_counts[t];
    TenantSnapshot& ts = snap.tenants[t];
    ts.jobs_submitted = c.submitted;
    ts.jobs_delivered = c.delivered;
    ts.jobs_dropped = c.dropped;
    ts.jobs_active = c.active;
    ts.downlink_bytes = c.downlink_bytes;
    snap.jobs_active += c.active;
  }
  snap.jobs_total = jobs.size();
  snap.station_downlink_bytes = station_downlink_bytes;
  snap.faults = faults.records;
  return snap;
}

// Bounded steps: the loop of advance_to(t), stopping after max_events. Stopping between two
// events changes nothing: the queue's order does not depend on when it is read, and now()
// only jumps to `t` once no event at or before it is left, as advance_to(t) leaves it.
bool State::advance_to(Instant t, uint64_t max_events) {
  const Instant until = std::min(t, world.scenario.end);
  const auto pending = [&] { return !queue.empty() && queue.top().time <= until; };
  for (uint64_t n = 0; n < max_events && pending(); ++n) {
    const Event e = queue.top();
    queue.pop();
    now = e.time;
    ++events;
    dispatch(e);
  }
  if (pending()) return false;
  now = std::max(now, until);
  return true;
}

bool Engine::advance_to(Instant t, uint64_t max_events) {
  return state_->advance_to(t, max_events);
}

}  // namespace lagrange::sim
