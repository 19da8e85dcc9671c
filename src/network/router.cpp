#include "network/router.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace lagrange::network {

std::vector<ContactIndex> Route::contacts() const {
  std::vector<ContactIndex> out;
  out.reserve(hops.size());
  for (const Hop& h : hops) out.push_back(h.contact);
  return out;
}

std::optional<Route> evaluate_route(const ContactGraph& graph, const RouteQuery& query,
                                    std::span<const ContactIndex> contacts) {
  if (contacts.empty()) return std::nullopt;
  Route route;
  route.hops.reserve(contacts.size());
  route.bottleneck_bytes = UINT64_MAX;
  NodeIndex at = query.source;
  Instant ready = query.ready;
  for (ContactIndex c : contacts) {
    assert(c < graph.contact_count());
    const access::Contact& ct = graph.contact(c);
    if (ct.from != at) return std::nullopt;
    const uint64_t available =
        query.residual_bytes.empty() ? graph.volume_bytes(c) : query.residual_bytes[c];
    if (available < query.bytes) return std::nullopt;
    Hop hop;
    hop.contact = c;
    hop.tx_start = std::max(ct.start, ready);
    hop.tx_end = hop.tx_start + transmission_time(query.bytes, ct.rate_bps);
    if (hop.tx_start >= ct.end || hop.tx_end > ct.end) return std::nullopt;
    hop.arrival = hop.tx_end + graph.owlt(c);
    if (query.deadline && hop.arrival > *query.deadline) return std::nullopt;
    route.hops.push_back(hop);
    route.bottleneck_bytes = std::min(route.bottleneck_bytes, available);
    const bool last = route.hops.size() == contacts.size();
    if (!last && !query.no_transit.empty() && query.no_transit[ct.to] != 0) return std::nullopt;
    at = ct.to;
    ready = hop.arrival;
  }
  return route;
}

bool route_less(const Route& a, const Route& b) {
  if (a.arrival() != b.arrival()) return a.arrival() < b.arrival();
  if (a.hop_count() != b.hop_count()) return a.hop_count() < b.hop_count();
  return std::lexicographical_compare(
      a.hops.rbegin(), a.hops.rend(), b.hops.rbegin(), b.hops.rend(),
      [](const Hop& x, const Hop& y) { return x.contact < y.contact; });
}

Router::Router(const ContactGraph& graph)
    : graph_(&graph),
      contact_excluded_(graph.contact_count(), 0),
      node_excluded_(graph.node_count(), 0),
      node_is_destination_(graph.node_count(), 0),
      node_queued_(graph.node_count(), 0),
      head_(graph.node_count(), kNone),
      earliest_(graph.node_count(), kNever),
      cursor_(graph.link_count() + 2 * graph.node_count(), Cursor{}) {}

void Router::begin_search() {
  excluding_ = false;
  if (++stamp_ == 0) {  // wrapped: old stamps could alias the new one
    std::fill(contact_excluded_.begin(), contact_excluded_.end(), 0);
    std::fill(node_excluded_.begin(), node_excluded_.end(), 0);
    std::fill(node_is_destination_.begin(), node_is_destination_.end(), 0);
    stamp_ = 1;
  }
}

const Router::Record* Router::record_at_or_before(NodeIndex v, uint32_t round) const {
  uint32_t h = head_[v];
  while (h != kNone && records_[h].round > round) h = records_[h].previous;
  return h == kNone ? nullptr : &records_[h];
}

void Router::offer(NodeIndex v, uint32_t round, Instant arrival, ContactIndex via) {
  const uint32_t h = head_[v];
  if (h != kNone) {
    Record& current = records_[h];
    const bool better = arrival < current.arrival ||
                        (arrival == current.arrival && current.round == round && via < current.via);
    if (!better) return;
    if (current.round == round) {
      current.arrival = arrival;
      current.via = via;
    } else {
      records_.push_back(Record{round, arrival, via, h});
      head_[v] = static_cast<uint32_t>(records_.size() - 1);
    }
  } else {
    records_.push_back(Record{round, arrival, via, kNone});
    head_[v] = static_cast<uint32_t>(records_.size() - 1);
  }
  if (node_queued_[v] != round_stamp_) {
    node_queued_[v] = round_stamp_;
    next_.push_back(v);
  }
  if (is_destination(v)) {
    const bool better_destination =
        !best_ || arrival < best_arrival_ ||
        (arrival == best_arrival_ &&
         (round < best_->round || (round == best_->round && via < best_via_)));
    if (better_destination) {
      best_ = Found{v, round};
      best_arrival_ = arrival;
      best_via_ = via;
    }
  }
}

std::optional<Instant> Router::arrival_via(const ContactGraph::LinkContact& lc, NodeIndex to,
                                           Instant ready, const RouteQuery& query) const {
  if (lc.end <= ready) return std::nullopt;
  if (excluded(lc.contact, to)) return std::nullopt;
  const uint64_t available = query.residual_bytes.empty() ? graph_->volume_bytes(lc.contact)
                                                          : query.residual_bytes[lc.contact];
  if (available < query.bytes) return std::nullopt;
  const Instant tx_start = std::max(lc.start, ready);
  const Instant tx_end = tx_start + transmission_time(query.bytes, lc.rate_bps);
  if (tx_end > lc.end) return std::nullopt;
  const Instant arrival = tx_end + lc.owlt;
  if (query.deadline && arrival > *query.deadline) return std::nullopt;
  return arrival;
}

void Router::begin_cursors(Instant ready) {
  if (ready < cursor_time_ || epoch_ == 0) {
    if (++epoch_ == 0) {  // wrapped: old epochs could alias the new one
      std::fill(cursor_.begin(), cursor_.end(), Cursor{});
      epoch_ = 1;
    }
  }
  cursor_time_ = ready;
}

// Every search time t is >= cursor_time_ (labels never precede the query's ready time), so
// the cursor, advanced to cursor_time_, is a valid place to start looking for t.
std::span<const ContactGraph::LinkContact> Router::open_from_cursor(
    uint32_t list, std::span<const ContactGraph::LinkContact> contacts, Instant t) {
  assert(t >= cursor_time_);
  Cursor& at = cursor_[list];
  uint32_t& cursor = at.position;
  if (at.epoch != epoch_) {
    at.epoch = epoch_;
    cursor = 0;
  }
  cursor = static_cast<uint32_t>(open_position(contacts, cursor, cursor_time_));
  return contacts.subspan(open_position(contacts, cursor, t));
}

std::span<const ContactGraph::LinkContact> Router::open_after(const ContactGraph::Link& link,
                                                              Instant t) {
  return open_from_cursor(graph_->link_index(link), graph_->contacts_of(link), t);
}

std::span<const ContactGraph::LinkContact> Router::ground_open_after(NodeIndex node, Instant t) {
  return open_from_cursor(static_cast<uint32_t>(graph_->link_count() + node),
                          graph_->ground_contacts(node), t);
}

std::span<const ContactGraph::LinkContact> Router::uplinks_open_after(NodeIndex node, Instant t) {
  return open_from_cursor(static_cast<uint32_t>(graph_->link_count() + graph_->node_count() + node),
                          graph_->station_uplinks(node), t);
}

// Dijkstra relaxation of v through contact lc from a node settled at `ready`.
void Router::reach(const ContactGraph::LinkContact& lc, NodeIndex v, Instant ready,
                   const RouteQuery& query) {
  const std::optional<Instant> arrival = arrival_via(lc, v, ready, query);
  if (!arrival || *arrival >= earliest_[v] || *arrival > bound_) return;
  earliest_[v] = *arrival;
  if (is_destination(v)) bound_ = *arrival;
  heap_.emplace_back(*arrival, v);
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
}

void Router::reach_over_link(const ContactGraph::Link& link, Instant ready,
                             const RouteQuery& query) {
  const NodeIndex v = link.to;
  // Arrivals are never before `ready`: a receiver already reached by then cannot improve (most
  // laser neighbours of a settled node are), so skip the link's lookup.
  if (earliest_[v] <= ready || !may_enter(v, query)) return;
  for (const ContactGraph::LinkContact& lc : open_after(link, ready)) {
    // arrival >= start: later contacts of the link cannot improve v or beat the bound.
    if (lc.start >= earliest_[v] || lc.start > bound_) break;
    reach(lc, v, ready, query);
  }
}

// With a bound, one start-ordered pass over a merged list (all the node's contacts to ground
// stations, or a station's to satellites) ends at the first that starts after the bound,
// instead of one lookup per receiver.
void Router::reach_before_bound(std::span<const ContactGraph::LinkContact> open, Instant ready,
                                const RouteQuery& query) {
  for (const ContactGraph::LinkContact& lc : open) {
    if (lc.start > bound_) break;
    if (lc.start >= earliest_[lc.to] || earliest_[lc.to] <= ready || !may_enter(lc.to, query)) {
      continue;
    }
    reach(lc, lc.to, ready, query);
  }
}

std::optional<Instant> Router::earliest_arrival(const RouteQuery& query) {
  // Time-dependent Dijkstra on nodes: exact for arrival times because arriving earlier at a
  // node never makes any later contact unusable or slower.
  const ContactGraph& g = *graph_;
  std::fill(earliest_.begin(), earliest_.end(), kNever);
  heap_.clear();
  earliest_[query.source] = query.ready;
  heap_.emplace_back(query.ready, query.source);
  begin_cursors(query.ready);
  // Best arrival at a destination so far; a deadline bounds it from the start (arrivals after
  // it are unusable anyway), which lets the search read merged lists cut at it.
  bound_ = query.deadline.value_or(kNever);
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    const auto [ready, u] = heap_.back();
    heap_.pop_back();
    if (ready > earliest_[u]) continue;  // stale entry
    if (is_destination(u)) return ready;
    if (g.is_ground_station(u)) {
      // A relaying station: its ground links first, since they often reach the destination
      // (setting the bound) within milliseconds, which then cuts its uplinks short.
      reach_ground(u, ready, query);
      if (bound_ != kNever) {
        reach_before_bound(uplinks_open_after(u, ready), ready, query);
      } else {
        for (const ContactGraph::Link& link : g.satellite_links(u)) {
          reach_over_link(link, ready, query);
        }
      }
    } else {
      for (const ContactGraph::Link& link : g.satellite_links(u)) {
        reach_over_link(link, ready, query);
      }
      reach_ground(u, ready, query);
    }
  }
  return std::nullopt;
}

void Router::reach_ground(NodeIndex u, Instant ready, const RouteQuery& query) {
  if (bound_ != kNever) return reach_before_bound(ground_open_after(u, ready), ready, query);
  for (const ContactGraph::Link& link : graph_->ground_links(u)) {
    reach_over_link(link, ready, query);
  }
}

// Offers v, reached through lc from a node labelled `ready`, for this round when it can still
// arrive by the optimum and no later than v's label.
void Router::relax(const ContactGraph::LinkContact& lc, NodeIndex v, Instant ready, uint32_t round,
                   const RouteQuery& query) {
  const std::optional<Instant> arrival = arrival_via(lc, v, ready, query);
  if (!arrival || *arrival > target_) return;
  offer(v, round, *arrival, lc.contact);
}

// The latest contact start that could still matter for v: only routes arriving exactly at the
// optimum count (zero-time hops, 0 B bundles over zero light time, can still reach it from a
// node reached at the optimum), and since arrival >= start a contact starting after v's label
// can neither improve nor tie it.
Instant Router::start_limit(NodeIndex v) const {
  const uint32_t h = head_[v];
  return h == kNone ? target_ : std::min(target_, records_[h].arrival);
}

void Router::relax_from(NodeIndex u, uint32_t round, const RouteQuery& query) {
  // The label this round extends is u's best with at most round - 1 hops; copied because
  // offer() may grow records_.
  const Instant ready = record_at_or_before(u, round - 1)->arrival;
  const ContactGraph& g = *graph_;
  if (g.is_ground_station(u)) {
    relax_merged(uplinks_open_after(u, ready), ready, round, query);
  } else {
    for (const ContactGraph::Link& link : g.satellite_links(u)) {
      const Instant limit = start_limit(link.to);
      if (limit < ready || !may_enter(link.to, query)) continue;  // arrival >= ready > limit
      for (const ContactGraph::LinkContact& lc : open_after(link, ready)) {
        if (lc.start > limit) break;
        relax(lc, link.to, ready, round, query);
      }
    }
  }
  relax_merged(ground_open_after(u, ready), ready, round, query);
}

// The contacts of a merged list that start by their receiver's limit (start_limit), up to the
// first that starts after the optimum.
void Router::relax_merged(std::span<const ContactGraph::LinkContact> open, Instant ready,
                          uint32_t round, const RouteQuery& query) {
  for (const ContactGraph::LinkContact& lc : open) {
    if (lc.start > target_) break;
    if (!may_enter(lc.to, query) || lc.start > start_limit(lc.to)) continue;
    relax(lc, lc.to, ready, round, query);
  }
}

std::optional<Router::Found> Router::search(const RouteQuery& query) {
  assert(query.source < graph_->node_count());
  best_.reset();
  const std::optional<Instant> optimum = earliest_arrival(query);
  if (!optimum) return std::nullopt;
  // Rounds find the fewest hops (and the tie-break) among routes arriving at the optimum.
  target_ = *optimum;
  std::fill(head_.begin(), head_.end(), kNone);
  records_.clear();
  records_.push_back(Record{0, query.ready, kNoContact, kNone});
  head_[query.source] = 0;
  current_.assign(1, query.source);
  for (uint32_t round = 1; !current_.empty() && !best_; ++round) {
    if (++round_stamp_ == 0) {
      std::fill(node_queued_.begin(), node_queued_.end(), 0);
      round_stamp_ = 1;
    }
    next_.clear();
    for (NodeIndex u : current_) relax_from(u, round, query);
    std::swap(current_, next_);
  }
  assert(best_ && best_arrival_ == target_);
  return best_;
}

std::vector<ContactIndex> Router::contacts_to(Found found) const {
  std::vector<ContactIndex> path;
  NodeIndex v = found.node;
  uint32_t round = found.round;
  for (;;) {
    const Record* r = record_at_or_before(v, round);
    assert(r != nullptr);
    if (r->via == kNoContact) break;
    path.push_back(r->via);
    v = graph_->contact(r->via).from;
    round = r->round - 1;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::optional<Route> Router::earliest_route(const RouteQuery& query, NodeIndex destination) {
  return earliest_route_to_any(query, std::span<const NodeIndex>(&destination, 1));
}

std::optional<Route> Router::earliest_route_to_any(const RouteQuery& query,
                                                   std::span<const NodeIndex> destinations) {
  begin_search();
  for (NodeIndex d : destinations) {
    assert(d < graph_->node_count());
    if (d != query.source) mark_destination(d);
  }
  const std::optional<Found> found = search(query);
  if (!found) return std::nullopt;
  std::optional<Route> route = evaluate_route(*graph_, query, contacts_to(*found));
  assert(route.has_value());
  return route;
}

std::optional<std::vector<ContactIndex>> Router::deviation(const RouteQuery& query,
                                                           NodeIndex destination,
                                                           const std::vector<Route>& accepted,
                                                           size_t j) {
  // Yen's spur step: keep the last accepted route's first j contacts (the "root") and find
  // the best continuation that no accepted route with the same root takes next.
  const std::vector<Hop>& last = accepted.back().hops;
  begin_search();
  mark_destination(destination);
  for (const Route& r : accepted) {
    if (r.hops.size() > j &&
        std::equal(last.begin(), last.begin() + j, r.hops.begin(),
                   [](const Hop& a, const Hop& b) { return a.contact == b.contact; })) {
      exclude_contact(r.hops[j].contact);
    }
  }
  // Loopless: the spur may not return to a node the root already visited.
  RouteQuery spur_query = query;
  if (j > 0) {
    exclude_node(query.source);
    for (size_t i = 0; i + 1 < j; ++i) exclude_node(graph_->contact(last[i].contact).to);
    spur_query.source = graph_->contact(last[j - 1].contact).to;
    spur_query.ready = last[j - 1].arrival;
  }
  const std::optional<Found> found = search(spur_query);
  if (!found) return std::nullopt;
  std::vector<ContactIndex> contacts;
  for (size_t i = 0; i < j; ++i) contacts.push_back(last[i].contact);
  const std::vector<ContactIndex> spur = contacts_to(*found);
  contacts.insert(contacts.end(), spur.begin(), spur.end());
  return contacts;
}

std::vector<Route> Router::k_earliest_routes(const RouteQuery& query, NodeIndex destination,
                                             size_t k) {
  std::vector<Route> accepted;
  if (k == 0) return accepted;
  std::optional<Route> first = earliest_route(query, destination);
  if (!first) return accepted;
  accepted.push_back(std::move(*first));
  std::vector<Route> candidates;
  const auto known = [&](const std::vector<ContactIndex>& contacts) {
    const auto same = [&](const Route& r) { return r.contacts() == contacts; };
    return std::any_of(accepted.begin(), accepted.end(), same) ||
           std::any_of(candidates.begin(), candidates.end(), same);
  };
  while (accepted.size() < k) {
    for (size_t j = 0; j < accepted.back().hop_count(); ++j) {
      const std::optional<std::vector<ContactIndex>> contacts =
          deviation(query, destination, accepted, j);
      if (!contacts || known(*contacts)) continue;
      std::optional<Route> route = evaluate_route(*graph_, query, *contacts);
      assert(route.has_value());
      candidates.push_back(std::move(*route));
    }
    if (candidates.empty()) break;
    const auto best = std::min_element(candidates.begin(), candidates.end(), route_less);
    accepted.push_back(std::move(*best));
    candidates.erase(best);
  }
  return accepted;
}

}  // namespace lagrange::network
