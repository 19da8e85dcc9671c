// Bundles: store-and-forward over the contact plan, one hop at a time.
#include <algorithm>
#include <cmath>

#include "core/hash.hpp"
#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {
namespace {
// A hop that no longer fits its contact (others took the time) is re-routed; after this many
// tries in a row the bundle is given up as unroutable.
constexpr int kRouteAttempts = 16;
}  // namespace

bool State::add_storage(NodeIndex sat, double bytes) {
  SatState& s = sats[sat];
  if (s.stored_bytes + bytes > world.satellites[sat].storage_bytes) return false;
  s.stored_bytes += bytes;
  return true;
}

void State::send_bundles(uint64_t job, NodeIndex from, double bytes) {
  const auto total = static_cast<uint64_t>(std::ceil(bytes));
  const uint64_t limit = bundle_limit(from);
  const uint64_t count = std::max<uint64_t>(1, (total + limit - 1) / limit);
  jobs[job].bundles_pending = static_cast<uint32_t>(count);
  uint64_t left = total;
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t size = std::min(left, limit);
    left -= size;
    Bundle b;
    b.job = job;
    b.bytes = std::max<uint64_t>(size, 1);
    b.node = from;
    bundles.push_back(b);
    send(bundles.size() - 1);
    if (jobs[job].stage == Stage::kDone) {
      // Dropped while sending (no route): the bundles not yet made are dropped with it.
      ledger.dropped += static_cast<double>(left);
      if (!world.is_station(from)) sats[from].stored_bytes -= static_cast<double>(left);
      return;
    }
  }
}

namespace {

// Where a job's current leg may end, as a sorted list, and a key for it.
std::vector<NodeIndex> leg_destinations(const Job& job) {
  if (job.leg == Leg::kToGround) return job.destinations;
  return {job.target};
}

// A key for `known_routes`; a collision costs only a fresh search (the entry's own list is
// compared before it is used).
uint64_t destinations_key(const std::vector<NodeIndex>& destinations) {
  return fnv1a64({reinterpret_cast<const char*>(destinations.data()),
                  destinations.size() * sizeof(NodeIndex)});
}

}  // namespace

std::optional<network::Route> State::route_for(const Bundle& b, const Job& job) {
  network::RouteQuery q;
  q.source = b.node;
  q.ready = now;
  q.bytes = b.bytes;
  if (job.record.deadline != workload::kNoDeadline) q.deadline = job.record.deadline;
  q.residual_bytes = residual;
  q.no_transit = no_transit;
  // A known route that is still feasible bounds the search (the same route comes back: only
  // arrivals after the optimum are cut).
  if (const auto bound = known_arrival(b.node, leg_destinations(job), q)) q.deadline = bound;
  if (job.leg == Leg::kToGround) return router.earliest_route_to_any(q, job.destinations);
  return router.earliest_route(q, job.target);
}

// A satellite's radio and a station's antennas serve one contact (per antenna) at a time: once
// booked until T, the downlink contacts of that satellite, and those into that station when
// all its antennas are busy, can carry at most what fits after T. Telling the residual volumes
// lets routes avoid contacts that the queues have already taken, instead of sending bundles
// towards them only to find them full on arrival.
void State::radio_or_antenna_booked(NodeIndex sat, NodeIndex station) {
  const auto& free = antenna_free[station - world.satellite_count()];
  const Instant station_free = *std::min_element(free.begin(), free.end());
  shrink_residuals(downlinks_from[sat], sats[sat].radio_free);
  shrink_residuals(downlinks_to[station - world.satellite_count()], station_free);
}

// Caps the residual volume of the contacts (sorted by start) that overlap [now, busy_until)
// at what fits after busy_until.
void State::shrink_residuals(const std::vector<network::ContactIndex>& contacts,
                             Instant busy_until) {
  constexpr Duration kLongestPass = Duration::minutes(30);
  auto it = std::lower_bound(
      contacts.begin(), contacts.end(), now - kLongestPass,
      [&](network::ContactIndex c, Instant t) { return world.graph.contact(c).start < t; });
  for (; it != contacts.end(); ++it) {
    const access::Contact& ct = world.graph.contact(*it);
    if (ct.start >= busy_until) break;
    if (ct.end <= now) continue;
    const double rate = std::min(ct.rate_bps, world.satellites[ct.from].downlink_rate_bps);
    const double left_s = std::max(0.0, (ct.end - busy_until).to_seconds());
    residual[*it] = std::min(residual[*it], static_cast<uint64_t>(rate * left_s / 8.0));
  }
}

// Puts the bundle on contact c now if it still fits there (after the bundles queued on it,
// the sender's radio and the station's antennas); false if queued traffic has taken its room.
// A ground link (station to station) books neither radio nor antenna and costs no satellite
// energy: only its own queue limits it.
bool State::try_hop(uint64_t index, network::ContactIndex c) {
  Bundle& b = bundles[index];
  const access::Contact& ct = world.graph.contact(c);
  if (ct.from != b.node || ct.end <= now) return false;
  const bool downlink = ct.kind == access::ContactKind::kSatelliteToGround;
  double rate = ct.rate_bps;
  Instant start = std::max({now, ct.start, contact_free[c]});
  size_t antenna = 0;
  if (downlink) {
    rate = std::min(rate, world.satellites[ct.from].downlink_rate_bps);
    start = std::max(start, sats[ct.from].radio_free);
    auto& free = antenna_free[ct.to - world.satellite_count()];
    antenna = static_cast<size_t>(std::min_element(free.begin(), free.end()) - free.begin());
    start = std::max(start, free[antenna]);
  }
  const Instant end = start + network::transmission_time(b.bytes, rate);
  if (end > ct.end) {
    residual[c] = std::min(residual[c], b.bytes - 1);
    return false;
  }
  contact_free[c] = end;
  residual[c] = static_cast<uint64_t>(rate * (ct.end - end).to_seconds() / 8.0);
  if (downlink) {
    sats[ct.from].radio_free = end;
    antenna_free[ct.to - world.satellite_count()][antenna] = end;
    radio_or_antenna_booked(ct.from, ct.to);
  }
  b.sender = ct.from;
  b.node = ct.to;
  b.downlink = downlink;
  b.hop = c;
  b.phase = Bundle::Phase::kBooked;
  if (downlink) push(start, events::TxStart{index, b.epoch});
  push(end, events::TxDone{index, b.epoch});
  push(end + world.graph.owlt(c), events::BundleArrival{index, b.epoch});
  if (b.transfer != kNoTransfer) return true;  // a model's bytes: no job to charge
  Job& job = jobs[b.job];
  const double seconds = (end - start).to_seconds();
  if (!world.is_station(ct.from)) {
    const SatelliteModel& m = world.satellites[ct.from];
    job.record.energy_j += (downlink ? m.transmit_w : m.laser_terminal_w) * seconds;
  }
  if (downlink) {
    job.record.downlink_bytes += static_cast<double>(b.bytes);
    tenant_counts[job.record.tenant].downlink_bytes += static_cast<double>(b.bytes);
    station_downlink_bytes[ct.to - world.satellite_count()] += static_cast<double>(b.bytes);
  }
  if (ct.kind == access::ContactKind::kInterSatellite) {
    job.record.isl_bytes += static_cast<double>(b.bytes);
  }
  if (ct.kind == access::ContactKind::kGroundLink) {
    job.record.ground_bytes += static_cast<double>(b.bytes);
  }
  return true;
}

// Follows `contacts` from the bundle's node: the first hop now, the rest kept as its plan.
bool State::take_route(uint64_t index, std::span<const network::ContactIndex> contacts) {
  const Job& job = jobs[bundles[index].job];
  const network::ContactIndex c = contacts.front();
  const bool in_time = job.record.deadline == workload::kNoDeadline ||
                       world.graph.contact(c).start <= job.record.deadline;
  if (!in_time || residual[c] < bundles[index].bytes || !try_hop(index, c)) return false;
  bundles[index].planned.assign(contacts.begin() + 1, contacts.end());
  return true;
}

// Source routing with re-routing on failure, as contact graph routing is run in practice: a
// bundle follows the route found where it started while each next contact still has room;
// bundles of one job leaving one node at one instant share one route query; when a planned
// contact no longer serves, the bundle is routed afresh from where it is.

// A route found earlier from this node to the same destinations is reused when it is still
// feasible for this bundle now and still arrives when it promised. That is exactly as good as
// routing afresh: the earliest arrival from a node never gets earlier with a later ready time,
// a larger bundle or less residual volume (contacts are only ever used up), so a route that
// still achieves the old optimum is optimal now.
std::optional<std::vector<network::ContactIndex>> State::known_route(const Bundle& b,
                                                                     const Job& job) {
  const std::vector<NodeIndex> destinations = leg_destinations(job);
  const auto it = known_routes.find({b.node, destinations_key(destinations)});
  if (it == known_routes.end() || it->second.destinations != destinations) return std::nullopt;
  network::RouteQuery q{b.node, now, b.bytes, std::nullopt, residual, no_transit};
  if (job.record.deadline != workload::kNoDeadline) q.deadline = job.record.deadline;
  const auto route = network::evaluate_route(world.graph, q, it->second.contacts);
  if (!route || route->arrival() != it->second.arrival) return std::nullopt;
  return it->second.contacts;
}

// The arrival of the route last found from `from` to `destinations`, re-timed for `query`
// (its bytes, ready time, deadline and the residual volumes now), if it is still feasible: an
// upper bound on the earliest arrival, so a valid deadline for the search.
std::optional<Instant> State::known_arrival(NodeIndex from,
                                            const std::vector<NodeIndex>& destinations,
                                            const network::RouteQuery& query) const {
  const auto it = known_routes.find({from, destinations_key(destinations)});
  if (it == known_routes.end() || it->second.destinations != destinations) return std::nullopt;
  network::RouteQuery q = query;
  q.source = from;
  const auto route = network::evaluate_route(world.graph, q, it->second.contacts);
  if (!route) return std::nullopt;
  return route->arrival();
}

void State::remember_route(const Bundle& b, const Job& job, const network::Route& route) {
  std::vector<NodeIndex> destinations = leg_destinations(job);
  const uint64_t key = destinations_key(destinations);
  known_routes[{b.node, key}] =
      KnownRoute{std::move(destinations), route.contacts(), route.arrival()};
}

// Source routing with re-routing on failure, as contact graph routing is run in practice: a
// bundle follows the route found where it started while each next contact still has room;
// when a planned contact no longer serves, the bundle is routed afresh from where it is.
void State::send(uint64_t index) {
  if (!bundles[index].planned.empty()) {
    const std::vector<network::ContactIndex> plan = std::move(bundles[index].planned);
    bundles[index].planned.clear();
    if (take_route(index, plan)) return;
  }
  if (const auto known = known_route(bundles[index], jobs[bundles[index].job])) {
    if (take_route(index, *known)) return;
  }
  for (int attempt = 0; attempt < kRouteAttempts; ++attempt) {
    const Bundle& b = bundles[index];
    const auto route = route_for(b, jobs[b.job]);
    if (!route) break;
    remember_route(b, jobs[b.job], *route);
    if (take_route(index, route->contacts())) return;
  }
  // No route within the window. If the deadline falls inside the window the job is lost;
  // otherwise the bundle stays in the store it is in (no later contact frees up: volumes only
  // shrink) and its job ends the window unfinished, its data still on board. A station keeps
  // nothing: there the job ends at once (unfinished).
  Bundle& b = bundles[index];
  b.sender = kNoNode;
  if (is_down(b.node) && world.is_station(b.node)) {
    ledger.dropped += static_cast<double>(b.bytes);
    ++faults.records[faults.downed_by[b.node]].jobs_dropped;
    return drop(b.job, DropReason::kStationUnavailable);
  }
  if (faults.active > 0 && !(b.node < faults.lost.size() && faults.lost[b.node])) {
    // Something is out: the bundle waits where it is and tries again when a fault ends
    // (retry_stranded); a station keeps it in the same custody.
    b.stranded = true;
    jobs[b.job].stranded.push_back(index);
    return;
  }
  if (world.is_station(b.node) || jobs[b.job].record.deadline <= world.scenario.end) {
    ledger.dropped += static_cast<double>(b.bytes);
    if (!world.is_station(b.node)) sats[b.node].stored_bytes -= static_cast<double>(b.bytes);
    return drop(b.job, no_route_reason(jobs[b.job]));
  }
  b.stranded = true;
  jobs[b.job].stranded.push_back(index);
}

void State::on_tx_start(uint64_t index) {
  Bundle& b = bundles[index];
  b.phase = Bundle::Phase::kTransmitting;
  update_power(b.sender);
  ++sats[b.sender].transmitting;
  power_changed(b.sender);
}

void State::on_tx_done(uint64_t index) {
  Bundle& b = bundles[index];
  b.phase = Bundle::Phase::kSent;
  if (world.is_station(b.sender)) return;
  SatState& s = sats[b.sender];
  s.stored_bytes -= static_cast<double>(b.bytes);
  if (b.downlink) {
    update_power(b.sender);
    --s.transmitting;
    s.totals.downlink_bytes += static_cast<double>(b.bytes);
    power_changed(b.sender);
  } else if (!world.is_station(b.node)) {
    s.totals.isl_bytes += static_cast<double>(b.bytes);
  }
}

void State::on_bundle_arrival(uint64_t index) {
  if (bundles[index].transfer != kNoTransfer) return on_model_bundle_arrival(index);
  Bundle& b = bundles[index];
  b.sender = kNoNode;  // arrived: no longer in flight
  Job& job = jobs[b.job];
  const auto bytes = static_cast<double>(b.bytes);
  if (job.stage == Stage::kDone) {
    ledger.dropped += bytes;
    return;
  }
  const NodeIndex node = b.node;
  if (world.is_station(node)) {
    const bool destination =
        job.leg == Leg::kToGround &&
        std::find(job.destinations.begin(), job.destinations.end(), node) != job.destinations.end();
    if (!destination) return send(index);  // a station on the ground network relays
    ledger.delivered_to_ground += bytes;
    if (--job.bundles_pending == 0) {
      job.target = node;
      leg_complete(b.job);
    }
    return;
  }
  if (!job.record.uplinked && job.record.kind != JobKind::kEoTask &&
      job.record.kind != JobKind::kSystematic) {
    job.record.uplinked = now;
  }
  if (!add_storage(node, bytes)) {
    ledger.dropped += bytes;
    return drop(b.job, DropReason::kStorageFull);
  }
  if (job.leg == Leg::kToProcessor && node == job.target) {
    job.held_bytes += bytes;
    if (--job.bundles_pending == 0) leg_complete(b.job);
    return;
  }
  send(index);  // relay onwards
}

}  // namespace lagrange::sim
