#include "sim/engine.hpp"

#include <algorithm>
#include <limits>
#include <variant>

#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {

State::State(const World& w, const schedule::Policy& p, EngineOptions options)
    : world(w),
      policy(p),
      router(w.graph),
      now(w.scenario.start),
      tenants(w.scenario.work.tenants) {
  for (const auto& model : w.satellites) {
    sats.emplace_back(model.power);
    sats.back().power_time = now;
    sats.back().radio_free = now;
    sats.back().energy.initial_j = sats.back().battery.charge_j();
    sats.back().served_s.assign(tenants.size(), 0.0);
  }
  quota_used_ops.assign(tenants.size(), 0.0);
  tenant_counts.resize(tenants.size());
  const size_t contacts = w.graph.contact_count();
  residual.resize(contacts);
  for (size_t c = 0; c < contacts; ++c) {
    residual[c] = w.graph.volume_bytes(static_cast<network::ContactIndex>(c));
  }
  contact_free.assign(contacts, now);
  no_transit = w.no_transit_nodes();
  for (const auto& station : w.scenario.stations) {
    antenna_free.emplace_back(static_cast<size_t>(std::max(1, station.antennas)), now);
    station_downlink_bytes.push_back(0.0);
  }
  downlinks_from.resize(w.satellite_count());
  downlinks_to.resize(w.station_count());
  for (network::ContactIndex c = 0; c < contacts; ++c) {  // the plan is sorted by start
    const access::Contact& ct = w.graph.contact(c);
    if (ct.kind != access::ContactKind::kSatelliteToGround) continue;
    downlinks_from[ct.from].push_back(c);
    downlinks_to[ct.to - w.satellite_count()].push_back(c);
  }

  // Everything the world already knows about is scheduled up front; the rest follows from it.
  if (options.scenario_items) {
    for (const workload::WorkItem& item : w.items) {
      const auto& spec = w.scenario.work.tenants[item.tenant].workloads[item.workload];
      Work work;
      work.item = item;
      work.workload = spec.name;
      work.what = &spec.what;
      if (std::holds_alternative<workload::EoTaskSpec>(spec.what)) {
        work.opportunities = &w.opportunities[w.eo_workload_index(item.tenant, item.workload)];
      }
      add_work(std::move(work), item.id);
    }
  }
  for (size_t i = 0; i < w.scenes.size(); ++i) push(w.scenes[i].end, events::Scene{i});
  for (uint32_t s = 0; s < sats.size(); ++s) {
    const auto& timeline = w.illumination[s];
    for (size_t k = 0; k < timeline.size(); ++k) {
      push(timeline[k].start, events::Illumination{s, k});
    }
  }
  for (const auto& c : w.plan.contacts) {
    if (c.kind != access::ContactKind::kInterSatellite) continue;
    push(c.start, events::LaserUp{c.from});
    push(c.end, events::LaserDown{c.from});
  }
  for (Instant t = w.scenario.start; t <= w.scenario.end; t += w.scenario.outputs.sample_interval) {
    push(t, events::Sample{});
  }
  init_llm_servers();
  if (options.scenario_faults)
    init_faults();
  else
    init_fault_state();
  init_models();
}

void State::push(Instant t, events::Payload what) {
  queue.push(Event{std::max(t, now), sequence++, what});
}

void State::advance_to(Instant t) {
  advance_to(t, std::numeric_limits<uint64_t>::max());  // engine_live.cpp: the one loop
}

namespace {
template <class... Handler>
struct Handlers : Handler... {
  using Handler::operator()...;
};
template <class... Handler>
Handlers(Handler...) -> Handlers<Handler...>;  // clang 14 does not deduce aggregates (P1816)
}  // namespace

void State::dispatch(const Event& e) {
  using namespace events;
  std::visit(Handlers{
                 [&](const ItemArrival& x) { on_item_arrival(x.work); },
                 [&](const Capture& x) { on_capture(x.job); },
                 [&](const CaptureMissed& x) {
                   // A capture window reaching past the scenario's end leaves the request pending.
                   if (jobs[x.job].stage != Stage::kWaiting) return;
                   drop(x.job, works[jobs[x.job].work].item.capture_by > world.scenario.end
                                   ? DropReason::kUnfinished
                                   : DropReason::kNoCapture);
                 },
                 [&](const Scene& x) { on_scene(x.scene); },
                 // A bundle's events are dropped when a fault has cut its hop since (epoch moved).
                 [&](const BundleArrival& x) {
                   if (bundles[x.bundle].epoch == x.epoch) on_bundle_arrival(x.bundle);
                 },
                 [&](const TxStart& x) {
                   if (bundles[x.bundle].epoch == x.epoch) on_tx_start(x.bundle);
                 },
                 [&](const TxDone& x) {
                   if (bundles[x.bundle].epoch == x.epoch) on_tx_done(x.bundle);
                 },
                 [&](const ComputeDone& x) { on_compute_done(x.satellite, x.epoch); },
                 [&](const BatteryLow& x) { on_battery_low(x.satellite, x.epoch); },
                 [&](const BatteryRecovered& x) { on_battery_recovered(x.satellite, x.epoch); },
                 [&](const Illumination& x) { on_illumination(x.satellite, x.index); },
                 [&](const LaserUp& x) {
                   update_power(x.satellite);
                   ++sats[x.satellite].lasers_up;
                   power_changed(x.satellite);
                 },
                 [&](const LaserDown& x) {
                   update_power(x.satellite);
                   --sats[x.satellite].lasers_up;
                   power_changed(x.satellite);
                 },
                 [&](const GroundDone& x) {
                   if (jobs[x.job].stage == Stage::kOnGround) deliver(x.job, jobs[x.job].target);
                 },
                 [&](const Sample&) { sample(); },
                 [&](const LlmReplace& x) { on_llm_replace(x.server, x.epoch); },
                 [&](const FaultStart& x) { on_fault_start(x.fault); },
                 [&](const FaultEnd& x) { on_fault_end(x.fault); },
                 [&](const ModelDeploy& x) { on_model_deploy(x.deployment); },
             },
             e.what);
}

void State::sample() {
  for (uint32_t s = 0; s < sats.size(); ++s) {
    update_power(s);
    const SatState& st = sats[s];
    samples.push_back(SatelliteSample{now, s, st.battery.state_of_charge(), st.stored_bytes,
                                      st.running.has_value(), st.illumination < 1.0,
                                      st.totals.downlink_bytes});
  }
}

Engine::Engine(const World& world, const schedule::Policy& policy, EngineOptions options)
    : state_(std::make_unique<State>(world, policy, options)) {}
Engine::~Engine() = default;

void Engine::advance_to(Instant t) {
  state_->advance_to(t);
}
Instant Engine::now() const {
  return state_->now;
}
uint64_t Engine::events_processed() const {
  return state_->events;
}
const ByteLedger& Engine::bytes() const {
  return state_->ledger;
}
const std::vector<EnergyLedger>& Engine::energy() const {
  return state_->energy;
}

void Engine::run_to_end(const ProgressFn& progress) {
  const Instant start = state_->world.scenario.start;
  const Instant end = state_->world.scenario.end;
  const Duration span = end - start;
  constexpr int kSteps = 100;
  for (int i = 1; i <= kSteps; ++i) {
    advance_to(start + Duration::from_ns(span.ns() / kSteps * i));
    if (progress) progress(state_->policy.name(), static_cast<double>(i) / kSteps);
  }
  advance_to(end);
}

PolicyRun Engine::finish() {
  return state_->finish();
}

Result<SubmissionId> Engine::submit(Submission work) {
  return state_->submit(std::move(work));
}
bool Engine::cancel(SubmissionId id) {
  return state_->cancel(id);
}
std::optional<JobView> Engine::job(SubmissionId id) const {
  if (id >= state_->works.size()) return std::nullopt;
  return state_->view(id);
}
Result<uint32_t> Engine::add_tenant(workload::TenantSpec tenant) {
  return state_->add_tenant(std::move(tenant));
}
void Engine::set_observer(JobObserver observer, bool all_jobs) {
  state_->observer = std::move(observer);
  state_->observe_all = all_jobs;
}
EngineSnapshot Engine::snapshot() const {
  return state_->snapshot();
}

}  // namespace lagrange::sim
