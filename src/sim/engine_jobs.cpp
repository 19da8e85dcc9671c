// Job life cycles: arrival, capture, the policy's choice, legs, compute, delivery, drops.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {
namespace {

constexpr double kBytesPerPixel = kRawBytesPerPixel;  // the assumption is in model_state.hpp
// Offload looks at laser neighbours whose link is up now or comes up within this horizon.
constexpr Duration kNeighbourHorizon = Duration::minutes(10);
constexpr size_t kMaxNeighbours = 4;

struct VisionWork {
  double operations = 0.0;
  double result_bytes = 0.0;
};

VisionWork vision_work(const compute::Catalog& catalog, const std::string& model, double bytes) {
  auto spec = catalog.vision_model(model);
  if (!spec || model.empty()) return {};
  const double tile_bytes = spec->input_width_px * spec->input_height_px * kBytesPerPixel;
  const double tiles = std::ceil(bytes / tile_bytes);
  return {tiles * 2.0 * spec->gmacs_per_image * 1e9, tiles * spec->output_bytes};
}

bool inside(const workload::Area& area, double lat, double lon) {
  // Ray casting in latitude/longitude (areas do not cross the antimeridian).
  bool in = false;
  const auto& v = area.vertices;
  for (size_t i = 0, j = v.size() - 1; i < v.size(); j = i++) {
    const bool crosses = (v[i].latitude_deg > lat) != (v[j].latitude_deg > lat);
    if (!crosses) continue;
    const double x = v[j].longitude_deg + (lat - v[j].latitude_deg) *
                                              (v[i].longitude_deg - v[j].longitude_deg) /
                                              (v[i].latitude_deg - v[j].latitude_deg);
    if (lon < x) in = !in;
  }
  return in;
}

}  // namespace

std::vector<NodeIndex> State::delivery_stations(const workload::Delivery& d,
                                                const std::string& from_station) const {
  std::vector<NodeIndex> out;
  const auto& stations = world.scenario.stations;
  for (size_t i = 0; i < stations.size(); ++i) {
    bool ok = true;
    if (d.kind == workload::Delivery::Kind::kStation) {
      ok = stations[i].name == (d.station.empty() ? from_station : d.station);
    } else if (d.kind == workload::Delivery::Kind::kRegion) {
      ok = inside(d.region, stations[i].latitude_deg, stations[i].longitude_deg);
    }
    if (ok) out.push_back(world.station_node(i));
  }
  return out;
}

uint64_t State::new_job(JobRecord record) {
  record.id = jobs.size();
  ++tenant_counts[record.tenant].submitted;
  ++tenant_counts[record.tenant].active;
  jobs.push_back(Job{});
  jobs.back().record = std::move(record);
  return jobs.size() - 1;
}

void State::on_item_arrival(uint64_t index) {
  Work& work = works[index];
  const workload::WorkItem& item = work.item;
  JobRecord r;
  r.tenant = item.tenant;
  r.workload = std::string(work.workload);
  r.submitted = item.arrival;
  r.deadline = item.deadline;
  const uint64_t id = new_job(std::move(r));
  work.job = id;
  Job& job = jobs[id];
  job.work = index;
  job.timeline.push_back(Step{now, JobStage::kAccepted});
  if (work.cancelled) return drop(id, DropReason::kCancelled);

  if (const auto* eo = std::get_if<workload::EoTaskSpec>(work.what)) {
    job.record.kind = JobKind::kEoTask;
    job.destinations = delivery_stations(eo->delivery, "");
    set_stage(id, Stage::kWaiting);
    if (schedule_capture(id, item.arrival)) return;
    return push(std::min(item.capture_by, world.scenario.end), events::CaptureMissed{id});
  }

  const bool llm = std::holds_alternative<workload::LlmQuerySpec>(*work.what);
  job.record.kind = llm ? JobKind::kLlmQuery : JobKind::kComputeJob;
  const auto from = world.station_by_name(item.from_station);
  if (llm) {
    const auto& q = std::get<workload::LlmQuerySpec>(*work.what);
    job.destinations = delivery_stations(q.delivery, item.from_station);
    job.record.prompt_tokens = item.prompt_tokens;
    job.record.answer_tokens = item.answer_tokens;
    job.llm_server = llm_server_for(q.model);
  } else {
    const auto& c = std::get<workload::ComputeJobSpec>(*work.what);
    job.destinations = delivery_stations(c.delivery, item.from_station);
    job.record.operations = item.operations;
    job.record.raw_bytes = item.input_bytes;
    job.record.result_bytes = item.output_bytes;
  }
  if (!from || job.destinations.empty()) return drop(id, DropReason::kNoRoute);
  if (is_down(*from)) {  // its station is out: nobody takes the work
    ++faults.records[faults.downed_by[*from]].jobs_dropped;
    return drop(id, DropReason::kStationUnavailable);
  }
  if (llm) return start_llm_query(id, *from);
  if (decide_at_station().where == schedule::Decision::Where::kGround) {
    // The ground data centre at the submitting station runs it.
    job.processed_on_ground = true;
    job.target = *from;
    set_stage(id, Stage::kOnGround, kGround, static_cast<int>(*from - world.satellite_count()));
    job.record.compute_start = now;
    job.record.compute_end =
        now + Duration::from_seconds(job.record.operations / world.ground_ops_per_s);
    return push(*job.record.compute_end, events::GroundDone{id});
  }
  ledger.created += job.record.raw_bytes;
  start_leg(id, Leg::kToProcessor, *from, kNoNode);
}

// Books the EO task's first capture opportunity at or after `after` (within its capture
// window, on a satellite not lost); false if there is none.
bool State::schedule_capture(uint64_t id, Instant after) {
  Job& job = jobs[id];
  const Work& work = works[job.work];
  const auto& eo = std::get<workload::EoTaskSpec>(*work.what);
  for (const auto& o : *work.opportunities) {
    if (o.time < after || o.time >= work.item.capture_by) continue;
    if (o.satellite < faults.lost.size() && faults.lost[o.satellite]) continue;
    const auto& imager = *world.satellites[o.satellite].imager;
    job.holder = o.satellite;
    job.record.raw_bytes = o.area_km2 * imager.bytes_per_km2;
    const VisionWork vision = vision_work(world.catalog, eo.model, job.record.raw_bytes);
    job.record.operations = vision.operations;
    job.record.result_bytes = vision.result_bytes;
    set_user_model_cost(job, eo.model);
    job.capture_centre = o.centre;
    push(o.time, events::Capture{id});
    return true;
  }
  return false;
}

void State::on_capture(uint64_t id) {
  Job& job = jobs[id];
  if (job.stage != Stage::kWaiting) return;
  const uint32_t sat = job.holder;
  if (is_down(sat)) return capture_missed_by_fault(id);
  job.record.captured = now;
  job.record.capture_satellite = static_cast<int>(sat);
  if (!add_storage(sat, job.record.raw_bytes)) {
    ++sats[sat].totals.dropped_captures;
    return drop(id, DropReason::kStorageFull);
  }
  ++sats[sat].totals.captures;
  ledger.created += job.record.raw_bytes;
  captures.push_back(CaptureRecord{now, sat, job.capture_centre.latitude_deg,
                                   job.capture_centre.longitude_deg, job.record.raw_bytes, id,
                                   job.record.kind == JobKind::kSystematic});
  decide_processing(id);
}

void State::on_scene(uint64_t index) {
  const SystematicScene& scene = world.scenes[index];
  const auto& spec = world.scenario.work.tenants[scene.tenant].systematic_imaging[scene.spec];
  JobRecord r;
  r.kind = JobKind::kSystematic;
  r.tenant = scene.tenant;
  r.workload = spec.name;
  r.submitted = now;
  r.raw_bytes = scene.bytes;
  const VisionWork work = vision_work(world.catalog, spec.model, scene.bytes);
  r.operations = work.operations;
  r.result_bytes = spec.model.empty() ? scene.bytes : work.result_bytes;
  const uint64_t id = new_job(std::move(r));
  jobs[id].timeline.push_back(Step{now, JobStage::kAccepted});
  jobs[id].holder = scene.satellite;
  jobs[id].destinations = delivery_stations(spec.delivery, "");
  jobs[id].capture_centre = scene.centre;
  set_user_model_cost(jobs[id], spec.model);
  on_capture(id);
}

void State::decide_processing(uint64_t id) {
  Job& job = jobs[id];
  const NodeIndex holder = job.holder;
  using Where = schedule::Decision::Where;
  const schedule::Decision decision =
      job.record.operations > 0.0 ? decide_on_satellite(id) : schedule::Decision::ground();
  assert(decision.where != Where::kOrbit);  // data already in orbit
  if (decision.where == Where::kGround) {
    // Nothing to run, or processed on the ground: the raw data goes down first.
    job.processed_on_ground = job.record.operations > 0.0;
    return start_leg(id, Leg::kToGround, holder, kNoNode);
  }
  const NodeIndex target =
      decision.where == Where::kSatellite ? static_cast<NodeIndex>(decision.satellite) : holder;
  assert(target < world.satellite_count());
  if (target != holder) {
    job.held_bytes = 0.0;  // the input leaves the holder bundle by bundle
    return start_leg(id, Leg::kToProcessor, holder, target);
  }
  job.target = holder;
  job.held_bytes = job.record.raw_bytes;
  job.record.at_processor = now;
  job.compute_s = job.remaining_s = job_seconds_on(holder, job);
  enqueue_compute(holder, id);
}

// When the whole input would be at neighbour n if sent now over their direct laser link: the
// first contact of the link that can carry it after the traffic already queued on it, plus
// light time; nullopt if none can within the window.
std::optional<Instant> State::laser_transfer(NodeIndex holder, NodeIndex n, double bytes) const {
  for (const network::ContactGraph::Link& link : world.graph.links(holder)) {
    if (link.to != n) continue;
    for (const network::ContactGraph::LinkContact& lc : world.graph.open_after(link, now)) {
      if (faults.blocked[lc.contact] > 0) continue;
      const Instant start = std::max({now, lc.start, contact_free[lc.contact]});
      const Instant end =
          start + network::transmission_time(static_cast<uint64_t>(bytes), lc.rate_bps);
      if (end <= lc.end) return end + lc.owlt;
    }
  }
  return std::nullopt;
}

// The holder and its laser neighbours (links up now or within the horizon, the lowest
// indices first), each with the predicted completion of the processing there: input across
// the direct link, the accelerator's queue, the compute time.
std::vector<schedule::Candidate> State::candidates(const Job& job) {
  const NodeIndex holder = job.holder;
  std::vector<NodeIndex> neighbours;
  for (const network::ContactIndex c : world.graph.outgoing(holder)) {
    const access::Contact& ct = world.graph.contact(c);
    if (ct.kind != access::ContactKind::kInterSatellite) continue;
    if (ct.end <= now || ct.start > now + kNeighbourHorizon) continue;
    if (std::find(neighbours.begin(), neighbours.end(), ct.to) == neighbours.end()) {
      neighbours.push_back(ct.to);
    }
  }
  std::sort(neighbours.begin(), neighbours.end());
  if (neighbours.size() > kMaxNeighbours) neighbours.resize(kMaxNeighbours);
  neighbours.insert(neighbours.begin(), holder);

  std::vector<schedule::Candidate> out;
  for (const NodeIndex n : neighbours) {
    if (n != holder && !can_compute(n)) continue;
    schedule::Candidate c;
    c.satellite = static_cast<int>(n);
    c.holds_data = n == holder;
    const std::optional<Instant> ready =
        n == holder ? std::optional<Instant>(now) : laser_transfer(holder, n, job.record.raw_bytes);
    if (!ready) continue;
    const double compute_s = job_seconds_on(n, job);
    c.predicted_completion =
        std::max(*ready, predicted_free(n)) + Duration::from_seconds(compute_s);
    update_power(n);
    c.energy_ok = energy_allows(n, compute_s);
    c.storage_ok = n == holder ||
                   sats[n].stored_bytes + job.record.raw_bytes <= world.satellites[n].storage_bytes;
    out.push_back(c);
  }
  return out;
}

void State::start_leg(uint64_t id, Leg leg, NodeIndex from, NodeIndex target) {
  Job& job = jobs[id];
  job.leg = leg;
  const bool from_station = world.is_station(from);
  const int station = from_station ? static_cast<int>(from - world.satellite_count()) : -1;
  set_stage(id, leg == Leg::kToGround ? Stage::kDownlinking : Stage::kUplinking,
            from_station ? kGround : static_cast<int>(from), station);
  // Results go down once computed in orbit; otherwise the raw data travels.
  const double bytes = leg == Leg::kToGround && job.computed_in_orbit ? job.record.result_bytes
                                                                      : job.record.raw_bytes;
  if (leg == Leg::kToProcessor && target == kNoNode) {
    // To whichever eligible satellite the first bundle reaches first.
    network::RouteQuery q{from,
                          now,
                          std::min<uint64_t>(bundle_limit(from), static_cast<uint64_t>(bytes) + 1),
                          std::nullopt,
                          residual,
                          no_transit};
    const auto route = router.earliest_route_to_any(q, any_target(job));
    if (!route) {
      ledger.dropped += bytes;
      return drop(id, no_route_reason(job));
    }
    target = world.graph.contact(route->hops.back().contact).to;
  }
  job.target = target;
  send_bundles(id, from, bytes);
}

// Where a leg "to any satellite" may end: an LLM query's serving-group entries, otherwise any
// satellite (the uplink of a compute job).
std::vector<NodeIndex> State::any_target(const Job& job) const {
  if (job.llm_server >= 0) return llm_servers[static_cast<size_t>(job.llm_server)].entries();
  std::vector<NodeIndex> all(world.satellite_count());
  for (NodeIndex s = 0; s < all.size(); ++s) all[s] = s;
  return all;
}

void State::leg_complete(uint64_t id) {
  Job& job = jobs[id];
  if (job.leg == Leg::kToGround) {
    if (!job.processed_on_ground) return deliver(id, job.target);
    set_stage(id, Stage::kOnGround, kGround,
              static_cast<int>(job.target - world.satellite_count()));
    job.record.processor = kGround;
    job.record.compute_start = now;
    job.record.compute_end =
        now + Duration::from_seconds(job.record.operations / world.ground_ops_per_s);
    return push(*job.record.compute_end, events::GroundDone{id});
  }
  job.record.at_processor = now;
  if (job.record.kind == JobKind::kLlmQuery) return llm_query_arrived(id);
  if (job.holder == kNoNode) {
    // Uplinked: the satellite that received the input now holds it; the policy decides.
    job.holder = job.target;
    return decide_processing(id);
  }
  job.compute_s = job.remaining_s = job_seconds_on(job.target, job);
  enqueue_compute(job.target, id);
}

void State::computed(uint64_t id) {
  Job& job = jobs[id];
  const NodeIndex sat = job.target;
  if (!keep_input_for_check(id, sat)) {
    sats[sat].stored_bytes -= job.held_bytes;
    ledger.consumed += job.held_bytes;
  }
  job.held_bytes = 0.0;
  job.computed_in_orbit = true;
  if (!add_storage(sat, job.record.result_bytes)) return drop(id, DropReason::kStorageFull);
  ledger.created += job.record.result_bytes;
  start_leg(id, Leg::kToGround, sat, kNoNode);
}

void State::deliver(uint64_t id, NodeIndex station) {
  Job& job = jobs[id];
  if (!verify_on_delivery(id)) return;  // the checksum failed: recomputed, or lost
  job.record.delivered = now;
  job.record.delivered_to = world.scenario.stations[station - world.satellite_count()].name;
  if (now > job.record.deadline) job.record.drop = DropReason::kDeadlineMissed;
  set_stage(id, Stage::kDone, kGround, static_cast<int>(station - world.satellite_count()));
}

// Why a job that no contact can carry any further is given up: its deadline falls inside the
// window (it cannot be met), or the window ends first (it is unfinished, not lost).
DropReason State::no_route_reason(const Job& job) const {
  return job.record.deadline <= world.scenario.end ? DropReason::kDeadlineMissed
                                                   : DropReason::kUnfinished;
}

void State::drop(uint64_t id, DropReason reason) {
  Job& job = jobs[id];
  if (job.stage == Stage::kDone) return;
  if (job.stage == Stage::kQueued || job.stage == Stage::kComputing) {
    SatState& s = sats[job.target];
    if (s.running == id) {
      stop_accelerator(job.target);
      power_changed(job.target);
    } else if (const auto it = std::find(s.queue.begin(), s.queue.end(), id); it != s.queue.end()) {
      // (Neither running nor queued: it has just finished computing and its result had no
      // room in the store.)
      s.queue.erase(it);
      s.queued_s = std::max(0.0, s.queued_s - job.remaining_s);
    }
  }
  if (job.held_bytes > 0.0) {
    sats[job.target].stored_bytes -= job.held_bytes;
    ledger.dropped += job.held_bytes;
    job.held_bytes = 0.0;
  }
  for (const uint64_t index : job.stranded) {
    Bundle& b = bundles[index];
    if (!world.is_station(b.node)) sats[b.node].stored_bytes -= static_cast<double>(b.bytes);
    ledger.dropped += static_cast<double>(b.bytes);
    b.stranded = false;
  }
  job.stranded.clear();
  free_kept_input(job, false);
  job.record.drop = reason;
  set_stage(id, Stage::kDone);
}

}  // namespace lagrange::sim
