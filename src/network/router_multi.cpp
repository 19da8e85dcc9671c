// Router::earliest_arrival_from_any: one time-dependent Dijkstra from several origins, each
// with its own ready time, for the earliest arrival and the first-listed origin reaching it.
//
// Labels are (arrival, rank), rank being the origin's index. A label (a', r') at a node
// dominates (a, r) there when a' <= a and r' <= r: arrival is a non-decreasing function of the
// ready time along any route (FIFO), so whatever (a, r) reaches, (a', r') reaches no later and
// with a rank no worse. Each node keeps only labels no other dominates (at most one per rank,
// in practice one or two: an origin that is ready later than a lower-ranked one a laser hop
// away is dominated everywhere), and labels are settled in (arrival, rank) order, so the first
// destination settled is the lexicographic minimum over the origins of (earliest arrival,
// rank). One label per node and rank would be the per-origin searches run side by side;
// dominance is what shares them. It holds only while what a label may do at a node does not
// depend on its rank, which fails at a node that is some origin's own and a destination (a
// route may end there, but not the one that starts there): such queries are answered origin
// by origin.
#include <algorithm>
#include <cassert>

#include "network/router.hpp"

namespace lagrange::network {

Instant Router::dominating(NodeIndex v, uint32_t rank) const {
  const Instant* labels = ranked_earliest_.data() + static_cast<size_t>(v) * ranked_origins_.size();
  Instant best = labels[0];
  for (uint32_t r = 1; r <= rank; ++r) best = std::min(best, labels[r]);
  return best;
}

void Router::reach_ranked(const ContactGraph::LinkContact& lc, NodeIndex v, const RankedLabel& from,
                          const RouteQuery& query) {
  const std::optional<Instant> arrival = arrival_via(lc, v, from.arrival, query);
  if (!arrival || *arrival >= dominating(v, from.rank) || !beats_bound(*arrival, from.rank)) {
    return;
  }
  ranked_earliest_[static_cast<size_t>(v) * ranked_origins_.size() + from.rank] = *arrival;
  const RankedLabel label{*arrival, from.rank, v};
  if (ends_at(v, from.rank)) ranked_bound_ = label;
  ranked_heap_.push_back(label);
  std::push_heap(ranked_heap_.begin(), ranked_heap_.end(), std::greater<>());
}

void Router::reach_link_ranked(const ContactGraph::Link& link, const RankedLabel& from,
                               const RouteQuery& query) {
  const NodeIndex v = link.to;
  // Arrivals are never before from.arrival (see reach_over_link).
  if (dominating(v, from.rank) <= from.arrival || !may_enter_ranked(v, from.rank, query)) return;
  for (const ContactGraph::LinkContact& lc : open_after(link, from.arrival)) {
    // arrival >= start: later contacts of the link cannot improve v or beat the bound.
    if (lc.start >= dominating(v, from.rank) || lc.start > ranked_bound_.arrival) break;
    reach_ranked(lc, v, from, query);
  }
}

// With a bound: one start-ordered pass over a merged list, as reach_before_bound.
void Router::reach_merged_ranked(std::span<const ContactGraph::LinkContact> open,
                                 const RankedLabel& from, const RouteQuery& query) {
  for (const ContactGraph::LinkContact& lc : open) {
    if (lc.start > ranked_bound_.arrival) break;
    const Instant limit = dominating(lc.to, from.rank);
    if (lc.start >= limit || limit <= from.arrival || !may_enter_ranked(lc.to, from.rank, query)) {
      continue;
    }
    reach_ranked(lc, lc.to, from, query);
  }
}

// The node's contacts, in the order earliest_arrival reads them (a relaying station's ground
// links first, since they set the bound soonest).
void Router::expand_ranked(const RankedLabel& label, const RouteQuery& query) {
  const ContactGraph& g = *graph_;
  const NodeIndex u = label.node;
  const auto ground = [&] {
    if (ranked_bound_.arrival != kNever) {
      return reach_merged_ranked(ground_open_after(u, label.arrival), label, query);
    }
    for (const ContactGraph::Link& link : g.ground_links(u)) reach_link_ranked(link, label, query);
  };
  if (g.is_ground_station(u)) {
    ground();
    if (ranked_bound_.arrival != kNever) {
      reach_merged_ranked(uplinks_open_after(u, label.arrival), label, query);
    } else {
      for (const ContactGraph::Link& link : g.satellite_links(u)) {
        reach_link_ranked(link, label, query);
      }
    }
  } else {
    for (const ContactGraph::Link& link : g.satellite_links(u)) {
      reach_link_ranked(link, label, query);
    }
    ground();
  }
}

std::optional<OriginArrival> Router::ranked_search(const RouteQuery& query,
                                                   std::span<const Origin> origins) {
  const size_t k = origins.size();
  ranked_origins_ = origins;
  ranked_earliest_.assign(graph_->node_count() * k, kNever);
  settled_rank_.assign(graph_->node_count(), kNone);
  ranked_heap_.clear();
  // A deadline is a bound from the start: nothing after it can be used, and a bound lets the
  // search read merged lists cut at it (a label at the deadline itself still counts).
  ranked_bound_ = RankedLabel{query.deadline.value_or(kNever), kNone, 0};
  Instant earliest_ready = kNever;
  for (const Origin& o : origins) earliest_ready = std::min(earliest_ready, o.ready);
  begin_cursors(earliest_ready);
  for (uint32_t r = 0; r < k; ++r) {
    const Origin& o = origins[r];
    assert(o.node < graph_->node_count());
    if (o.ready >= dominating(o.node, r)) continue;  // the same node, ready no earlier
    ranked_earliest_[static_cast<size_t>(o.node) * k + r] = o.ready;
    ranked_heap_.push_back(RankedLabel{o.ready, r, o.node});
    std::push_heap(ranked_heap_.begin(), ranked_heap_.end(), std::greater<>());
  }
  while (!ranked_heap_.empty()) {
    std::pop_heap(ranked_heap_.begin(), ranked_heap_.end(), std::greater<>());
    const RankedLabel label = ranked_heap_.back();
    ranked_heap_.pop_back();
    // Settled in (arrival, rank) order: a rank no lower than one settled here is dominated
    // (or a stale copy of a label improved since).
    if (label.rank >= settled_rank_[label.node]) continue;
    settled_rank_[label.node] = label.rank;
    if (ends_at(label.node, label.rank)) return OriginArrival{label.rank, label.arrival};
    expand_ranked(label, query);
  }
  return std::nullopt;
}

std::optional<OriginArrival> Router::earliest_arrival_from_any(
    const RouteQuery& query, std::span<const Origin> origins,
    std::span<const NodeIndex> destinations) {
  begin_search();
  for (NodeIndex d : destinations) {
    assert(d < graph_->node_count());
    mark_destination(d);
  }
  const bool origin_is_destination = std::any_of(
      origins.begin(), origins.end(), [&](const Origin& o) { return is_destination(o.node); });
  if (!origin_is_destination) return ranked_search(query, origins);
  // Dominance across ranks does not hold here (see the top of this file): one search each.
  std::optional<OriginArrival> best;
  for (size_t i = 0; i < origins.size(); ++i) {
    const std::optional<OriginArrival> one = ranked_search(query, origins.subspan(i, 1));
    if (one && (!best || one->arrival < best->arrival)) best = OriginArrival{i, one->arrival};
  }
  return best;
}

}  // namespace lagrange::network
