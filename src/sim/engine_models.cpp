// Users' models (model_deployment.hpp, docs/models.md "Deployment"): the cost of a job on a
// user model, which version each satellite runs, and deployments that move a version's bytes
// as bundles over the contact plan with the engine's own transport (try_hop books contacts,
// radios and antennas exactly as for jobs' bundles).
//
// Where a target's copy comes from: every ground station has every model; a satellite that
// holds the version is a source too. A target takes its bundles from the source whose first
// bundle the router says would arrive first. A target that a satellite already receiving the
// version could serve sooner (its promised completion, then its best route on) waits for that
// satellite to complete and is planned again then: so the bytes spread over laser links once
// the first satellites have them, instead of all coming up from the ground.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {
namespace {

constexpr int kRouteAttempts = 16;  // as for jobs' bundles (engine_transfer.cpp)

TileCost tile_cost(const scenario::UserModelSpec& m, const scenario::ModelVersionSpec& v,
                   const SatelliteModel& sat) {
  const model::Target target{sat.device, sat.busy_w};
  const model::AcceleratorEstimate e = model::estimate_on(v.figures, m.precision, target);
  TileCost c;
  c.latency_s = e.latency_s;
  c.operations = 2.0 * v.figures.macs;
  c.result_bytes = v.output_values * model::bytes_per_value(m.precision);
  c.tile_bytes = static_cast<double>(v.tile_width_px * v.tile_height_px) * kRawBytesPerPixel;
  return c;
}

}  // namespace

std::optional<uint32_t> State::user_model_index(std::string_view model_id) const {
  if (!model_id.starts_with(scenario::kUserModelPrefix)) return std::nullopt;
  const std::string_view name = model_id.substr(scenario::kUserModelPrefix.size());
  const auto& models = model_state.models;
  for (uint32_t i = 0; i < models.size(); ++i) {
    if (models[i].name == name) return i;
  }
  return std::nullopt;
}

void State::init_models() {
  ModelState& ms = model_state;
  for (const auto& m : world.scenario.models) {
    if (auto added = add_model_version(m.name, m.precision, m.versions.front()); !added) continue;
    for (size_t v = 1; v < m.versions.size(); ++v) {
      (void)add_model_version(m.name, m.precision, m.versions[v]);
    }
  }
  for (uint32_t m = 0; m < world.scenario.models.size(); ++m) {
    const double bytes = world.scenario.models[m].versions.front().file_bytes;
    for (const uint32_t sat : world.scenario.models[m].preloaded) {
      ms.held[m][sat].push_back(1);
      sats[sat].stored_bytes += bytes;  // on board before the window starts
      activate(m, sat, 1);
    }
  }
  for (const auto& d : world.scenario.deployments) {
    (void)request_deployment(d.model, d.version, d.rollback, d.satellites, d.at);
  }
}

Result<int> State::add_model_version(const std::string& name, model::Precision precision,
                                     const scenario::ModelVersionSpec& version) {
  ModelState& ms = model_state;
  auto it = std::find_if(ms.models.begin(), ms.models.end(),
                         [&](const scenario::UserModelSpec& m) { return m.name == name; });
  if (it == ms.models.end()) {
    scenario::UserModelSpec m;
    m.name = name;
    m.precision = precision;
    ms.models.push_back(std::move(m));
    const size_t n = world.satellite_count();
    ms.active.emplace_back(n, 0);
    ms.held.emplace_back(n);
    ms.history.emplace_back(n);
    ms.cost.emplace_back();
    it = std::prev(ms.models.end());
  } else if (it->precision != precision) {
    return Error{fmt::format("model '{}' runs at {}; a new version must too", name,
                             model::precision_name(it->precision))};
  }
  const auto m = static_cast<size_t>(it - ms.models.begin());
  scenario::ModelVersionSpec v = version;
  v.version = static_cast<int>(it->versions.size()) + 1;
  std::vector<TileCost> costs;
  for (const SatelliteModel& sat : world.satellites) costs.push_back(tile_cost(*it, v, sat));
  ms.cost[m].push_back(std::move(costs));
  it->versions.push_back(std::move(v));
  return it->versions.back().version;
}

Result<uint64_t> State::request_deployment(uint32_t model, int version, bool rollback,
                                           std::vector<uint32_t> satellites, Instant at) {
  ModelState& ms = model_state;
  if (model >= ms.models.size()) return Error{"no such model"};
  const auto& spec = ms.models[model];
  if (!rollback && version == 0) version = static_cast<int>(spec.versions.size());
  if (!rollback && (version < 1 || version > static_cast<int>(spec.versions.size()))) {
    return Error{fmt::format("model '{}' has versions 1 to {}, not {}", spec.name,
                             spec.versions.size(), version)};
  }
  if (satellites.empty()) {
    for (uint32_t s = 0; s < world.satellite_count(); ++s) satellites.push_back(s);
  }
  if (satellites.empty()) return Error{"the run has no satellites"};
  std::sort(satellites.begin(), satellites.end());
  satellites.erase(std::unique(satellites.begin(), satellites.end()), satellites.end());
  if (satellites.back() >= world.satellite_count()) {
    return Error{fmt::format("no satellite {} (the run has {})", satellites.back(),
                             world.satellite_count())};
  }
  DeploymentRecord r;
  r.id = ms.deployments.size();
  r.model = model;
  r.version = rollback ? 0 : version;
  r.rollback = rollback;
  r.requested = std::max(at, now);
  r.satellites = std::move(satellites);
  r.installed.resize(r.satellites.size());
  r.bytes_received.assign(r.satellites.size(), 0.0);
  r.sources.assign(r.satellites.size(), -1);
  r.file_bytes = rollback ? 0.0 : spec.versions[static_cast<size_t>(version) - 1].file_bytes;
  ms.deployments.push_back(std::move(r));
  ms.transfers_of.emplace_back();
  push(ms.deployments.back().requested, events::ModelDeploy{ms.deployments.back().id});
  return ms.deployments.back().id;
}

void State::on_model_deploy(uint64_t id) {
  ModelState& ms = model_state;
  DeploymentRecord& r = ms.deployments[id];
  const uint32_t m = r.model;
  for (uint32_t slot = 0; slot < r.satellites.size(); ++slot) {
    const uint32_t sat = r.satellites[slot];
    if (r.rollback) {
      auto& history = ms.history[m][sat];
      if (!history.empty()) history.pop_back();
      const int previous = history.empty() ? 0 : history.back();
      if (ms.active[m][sat] != previous) {
        ms.active[m][sat] = previous;
        ms.changes.push_back({now, sat, m, previous});
        try_start_compute(sat);
      }
      r.installed[slot] = now;
      continue;
    }
    const auto& held = ms.held[m][sat];
    if (std::binary_search(held.begin(), held.end(), r.version)) {
      activate(m, sat, r.version);
      r.installed[slot] = now;
      r.bytes_received[slot] = r.file_bytes;
      continue;
    }
    Transfer t;
    t.deployment = id;
    t.slot = slot;
    t.target = sat;
    ms.transfers_of[id].push_back(static_cast<uint32_t>(ms.transfers.size()));
    ms.transfers.push_back(t);
  }
  if (ms.transfers_of[id].empty()) {
    r.completed = now;
    return;
  }
  plan_transfers(m, r.version);
}

void State::plan_transfers(uint32_t model, int version) {
  ModelState& ms = model_state;
  const auto of_version = [&](const Transfer& t) {
    const DeploymentRecord& r = ms.deployments[t.deployment];
    return r.model == model && r.version == version && !t.failed;
  };
  const double file_bytes = ms.models[model].versions[static_cast<size_t>(version) - 1].file_bytes;
  const auto first_bundle = [&](NodeIndex source) {
    return std::max<uint64_t>(
        1, std::min(bundle_limit(source), static_cast<uint64_t>(std::ceil(file_bytes))));
  };
  // When the whole file would be there: the first bundle's arrival, then the rest back to back
  // at the first hop's rate (an estimate: later bundles may take later contacts).
  const auto whole_file = [&](const network::Route& route, NodeIndex source) {
    const uint64_t bundle = first_bundle(source);
    const auto rest = static_cast<uint64_t>(std::ceil(file_bytes)) -
                      std::min<uint64_t>(bundle, static_cast<uint64_t>(std::ceil(file_bytes)));
    const double rate = world.graph.contact(route.hops.front().contact).rate_bps;
    return route.arrival() + network::transmission_time(rest, rate);
  };
  // Sources that hold the version now, and satellites that will once their transfer is done.
  std::vector<NodeIndex> holders;
  for (uint32_t s = 0; s < world.satellite_count(); ++s) {
    const auto& held = ms.held[model][s];
    if (std::binary_search(held.begin(), held.end(), version)) holders.push_back(s);
  }
  for (size_t st = 0; st < world.station_count(); ++st) holders.push_back(world.station_node(st));
  std::vector<std::pair<NodeIndex, Instant>> receiving;
  for (const Transfer& t : ms.transfers) {
    if (of_version(t) && t.started && t.bundles_pending > 0) {
      receiving.emplace_back(t.target, t.promised);
    }
  }
  for (uint32_t index = 0; index < ms.transfers.size(); ++index) {
    const Transfer& t = ms.transfers[index];
    if (!of_version(t) || t.started) continue;
    const auto& held = ms.held[model][t.target];
    if (std::binary_search(held.begin(), held.end(), version)) continue;
    const bool already_coming = std::any_of(receiving.begin(), receiving.end(),
                                            [&](const auto& r) { return r.first == t.target; });
    if (already_coming) continue;  // install() marks this one too
    std::optional<std::pair<Instant, NodeIndex>> direct;
    for (const NodeIndex source : holders) {
      network::RouteQuery q{source, now, first_bundle(source), std::nullopt, residual, no_transit};
      const auto route = router.earliest_route(q, t.target);
      if (!route) continue;
      const Instant done = whole_file(*route, source);
      if (!direct || done < direct->first) direct = std::pair{done, source};
    }
    bool wait = false;
    for (const auto& [relay, ready] : receiving) {
      network::RouteQuery q{
          relay, std::max(now, ready), first_bundle(relay), std::nullopt, residual, no_transit};
      const auto route = router.earliest_route(q, t.target);
      if (route && (!direct || whole_file(*route, relay) < direct->first)) wait = true;
    }
    if (wait || !direct) continue;  // planned again when a satellite completes
    start_transfer(index, direct->second);
    ms.deployments[t.deployment].sources[t.slot] = static_cast<int64_t>(direct->second);
    receiving.emplace_back(t.target, ms.transfers[index].promised);
  }
}

void State::start_transfer(uint32_t index, NodeIndex source) {
  ModelState& ms = model_state;
  Transfer& t = ms.transfers[index];
  DeploymentRecord& r = ms.deployments[t.deployment];
  t.started = true;
  t.source = source;
  t.promised = now;
  const auto total = static_cast<uint64_t>(std::ceil(r.file_bytes));
  const uint64_t limit = bundle_limit(source);
  const uint64_t count = std::max<uint64_t>(1, (total + limit - 1) / limit);
  t.bundles_pending = static_cast<uint32_t>(count);
  uint64_t left = total;
  for (uint64_t i = 0; i < count && !ms.transfers[index].failed; ++i) {
    const uint64_t size = std::max<uint64_t>(1, std::min(left, limit));
    left -= std::min(left, limit);
    Bundle b;
    b.bytes = size;
    b.node = source;
    b.transfer = index;
    // A satellite sends a copy of what it holds: the copy is in its store until sent.
    if (!world.is_station(source)) sats[source].stored_bytes += static_cast<double>(size);
    ms.ledger.sent += static_cast<double>(size);
    r.bytes_sent += static_cast<double>(size);
    bundles.push_back(std::move(b));
    send_model_bundle(bundles.size() - 1);
  }
}

void State::send_model_bundle(uint64_t index) {
  Transfer& t = model_state.transfers[bundles[index].transfer];
  if (!bundles[index].planned.empty()) {
    const std::vector<network::ContactIndex> plan = std::move(bundles[index].planned);
    bundles[index].planned.clear();
    if (residual[plan.front()] >= bundles[index].bytes && try_hop(index, plan.front())) {
      bundles[index].planned.assign(plan.begin() + 1, plan.end());
      return;
    }
  }
  for (int attempt = 0; attempt < kRouteAttempts; ++attempt) {
    const Bundle& b = bundles[index];
    network::RouteQuery q{b.node, now, b.bytes, std::nullopt, residual, no_transit};
    const auto route = router.earliest_route(q, t.target);
    if (!route) break;
    const network::ContactIndex first = route->hops.front().contact;
    if (residual[first] < b.bytes || !try_hop(index, first)) continue;
    const auto contacts = route->contacts();
    bundles[index].planned.assign(contacts.begin() + 1, contacts.end());
    t.promised = std::max(t.promised, route->arrival());
    return;
  }
  model_bundle_lost(index);
}

// No route left in the window, or no room in a store: the bundle is gone and its target will
// not get the version from this transfer.
void State::model_bundle_lost(uint64_t index) {
  Bundle& b = bundles[index];
  b.sender = kNoNode;
  Transfer& t = model_state.transfers[b.transfer];
  if (!world.is_station(b.node)) sats[b.node].stored_bytes -= static_cast<double>(b.bytes);
  model_state.ledger.dropped += static_cast<double>(b.bytes);
  if (t.failed) return;
  t.failed = true;
  const DeploymentRecord& r = model_state.deployments[t.deployment];
  plan_transfers(r.model, r.version);
}

void State::on_model_bundle_arrival(uint64_t index) {
  Bundle& b = bundles[index];
  b.sender = kNoNode;
  const uint32_t transfer = b.transfer;
  Transfer& t = model_state.transfers[transfer];
  if (world.is_station(b.node)) return send_model_bundle(index);  // the ground network relays
  const auto bytes = static_cast<double>(b.bytes);
  if (t.failed) {
    model_state.ledger.dropped += bytes;
    return;
  }
  if (!add_storage(b.node, bytes)) {
    model_state.ledger.dropped += bytes;
    t.failed = true;
    const DeploymentRecord& r = model_state.deployments[t.deployment];
    return plan_transfers(r.model, r.version);
  }
  if (b.node != t.target) return send_model_bundle(index);
  model_state.ledger.installed += bytes;
  model_state.deployments[t.deployment].bytes_received[t.slot] += bytes;
  if (--t.bundles_pending == 0) install(transfer);
}

void State::install(uint32_t index) {
  ModelState& ms = model_state;
  const Transfer& done = ms.transfers[index];
  const uint32_t m = ms.deployments[done.deployment].model;
  const int version = ms.deployments[done.deployment].version;
  const uint32_t sat = done.target;
  auto& held = ms.held[m][sat];
  held.insert(std::upper_bound(held.begin(), held.end(), version), version);
  activate(m, sat, version);
  // Every deployment of this version to this satellite is now done there.
  for (const Transfer& t : ms.transfers) {
    DeploymentRecord& r = ms.deployments[t.deployment];
    if (t.target != sat || r.model != m || r.version != version || t.failed) continue;
    if (r.installed[t.slot]) continue;
    r.installed[t.slot] = now;
    r.bytes_received[t.slot] = r.file_bytes;
    const bool all = std::all_of(r.installed.begin(), r.installed.end(),
                                 [](const auto& at) { return at.has_value(); });
    if (all) r.completed = now;
  }
  plan_transfers(m, version);
}

void State::activate(uint32_t model, uint32_t sat, int version) {
  ModelState& ms = model_state;
  if (ms.active[model][sat] == version) return;
  ms.active[model][sat] = version;
  ms.history[model][sat].push_back(version);
  ms.changes.push_back({now, sat, model, version});
  try_start_compute(sat);  // jobs waiting for the model may run now
}

// The version a job's figures are taken from before it runs: the one active on `sat`, else
// the latest (what a deployment would bring).
namespace {
int planning_version(const ModelState& ms, uint32_t model, uint32_t sat) {
  const int active = ms.active[model][sat];
  return active > 0 ? active : static_cast<int>(ms.models[model].versions.size());
}
}  // namespace

void State::set_user_model_cost(Job& job, const std::string& model_id) {
  const auto m = user_model_index(model_id);
  if (!m || job.holder == kNoNode) return;
  job.user_model = static_cast<int>(*m);
  const int version = planning_version(model_state, *m, job.holder);
  const TileCost& c = model_state.cost[*m][static_cast<size_t>(version) - 1][job.holder];
  job.tiles = std::ceil(job.record.raw_bytes / c.tile_bytes);
  job.record.operations = job.tiles * c.operations;
  job.record.result_bytes = job.tiles * c.result_bytes;
}

bool State::runnable_on(uint32_t sat, const Job& job) const {
  if (job.user_model < 0 || job.record.model_version > 0) return true;
  return model_state.active[static_cast<size_t>(job.user_model)][sat] > 0;
}

// The version active as the job first starts is the one it runs to the end.
void State::start_model_version(uint32_t sat, uint64_t id) {
  Job& job = jobs[id];
  if (job.user_model < 0 || job.record.model_version > 0) return;
  const auto m = static_cast<size_t>(job.user_model);
  const int version = model_state.active[m][sat];
  const TileCost& c = model_state.cost[m][static_cast<size_t>(version) - 1][sat];
  job.record.model_version = version;
  job.tiles = std::ceil(job.record.raw_bytes / c.tile_bytes);  // versions may take other tiles
  job.compute_s = job.remaining_s = job.tiles * c.latency_s;
  job.record.operations = job.tiles * c.operations;
  job.record.result_bytes = job.tiles * c.result_bytes;
}

double State::job_seconds_on(uint32_t sat, const Job& job) const {
  if (job.user_model < 0) return seconds_on(sat, job.record.operations);
  const auto m = static_cast<uint32_t>(job.user_model);
  const int version = job.record.model_version > 0 ? job.record.model_version
                                                   : planning_version(model_state, m, sat);
  const TileCost& c = model_state.cost[m][static_cast<size_t>(version) - 1][sat];
  return std::ceil(job.record.raw_bytes / c.tile_bytes) * c.latency_s;
}

ModelRunRecord State::model_results() const {
  ModelRunRecord r;
  for (const auto& m : model_state.models) r.names.push_back(m.name);
  r.versions = model_state.changes;
  r.deployments = model_state.deployments;
  r.bytes = model_state.ledger;
  for (const Bundle& b : bundles) {
    if (b.transfer != kNoTransfer && b.sender != kNoNode) {
      r.bytes.in_flight += static_cast<double>(b.bytes);
    }
  }
  return r;
}

// Engine's public calls.

Result<uint64_t> Engine::deploy(DeployRequest request) {
  const auto m = state_->user_model_index(std::string(scenario::kUserModelPrefix) + request.model);
  if (!m) return Error{"no model '" + request.model + "' in this run"};
  return state_->request_deployment(*m, request.version, false, std::move(request.satellites),
                                    request.at);
}

Result<uint64_t> Engine::rollback(const std::string& model, std::vector<uint32_t> satellites,
                                  Instant at) {
  const auto m = state_->user_model_index(std::string(scenario::kUserModelPrefix) + model);
  if (!m) return Error{"no model '" + model + "' in this run"};
  return state_->request_deployment(*m, 0, true, std::move(satellites), at);
}

Result<int> Engine::add_model_version(const std::string& name, model::Precision precision,
                                      const scenario::ModelVersionSpec& version) {
  return state_->add_model_version(name, precision, version);
}

ModelRunRecord Engine::models() const {
  return state_->model_results();
}

}  // namespace lagrange::sim
