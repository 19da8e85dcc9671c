// Earliest-arrival routing over the contact graph (contact graph routing, CCSDS 734.3-B-1).
//
// A route's quality is its arrival time at the destination; among routes arriving at the same
// instant the one with fewer hops is better; among those, at each hop from the destination
// backwards the contact with the lower index wins (each earlier part of the route being itself
// the router's best route to its node). The first two criteria are exact, not heuristic:
// a time-dependent Dijkstra finds the optimum arrival, then a round-based search (round k finds
// every node whose earliest arrival improves with k hops, as in the RAPTOR transit algorithm of
// Delling, Pajor and Werneck 2012) finds the fewest hops reaching it. A contact-Dijkstra with a
// hop-count tie-break on relaxation can miss the fewest-hop route. See docs/routing.md.
//
// Earlier arrival at a node never hurts (waiting is free and a contact's arrival time never
// decreases with the ready time), so optimal routes never revisit a node.
//
// A Router holds scratch memory reused between queries; a warm query allocates only the route
// it returns. It also remembers where each contact list was open at the last query's ready
// time, so queries asked in time order (as the engine asks) skip most binary searches; any
// order gives the same answers. It keeps a pointer to its ContactGraph, which must outlive
// it. Not thread-safe: use one Router per thread (the graph can be shared). Node indices in
// queries must be < graph.node_count() (asserted).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "network/contact_graph.hpp"
#include "network/route.hpp"

namespace lagrange::network {

// Times a given contact sequence under the transmission model, as the router would: nullopt if
// it is empty, does not chain (each contact's sender is the previous receiver; the first is
// sent by query.source), or the bundle misses a contact, overruns its end, exceeds its residual
// volume or the deadline. Contacts must be < graph.contact_count() (asserted).
std::optional<Route> evaluate_route(const ContactGraph& graph, const RouteQuery& query,
                                    std::span<const ContactIndex> contacts);

// Orders candidate routes: earlier arrival, then fewer hops, then lower contact index from the
// last hop backwards. A strict weak order; equal only for identical contact sequences. Agrees
// with the router's choice on arrival and hops; among exact ties the router's pick (defined
// above) need not be the route_less-smallest.
bool route_less(const Route& a, const Route& b);

// One of several places a bundle could leave from (Router::earliest_arrival_from_any).
struct Origin {
  NodeIndex node = 0;
  Instant ready;  // the bundle may leave `node` from this time
};

// Which origin gets the bundle to a destination first, and when.
struct OriginArrival {
  size_t origin = 0;  // index into the origins asked about
  Instant arrival;
};

class Router {
 public:
  explicit Router(const ContactGraph& graph);

  // The best route from query.source to `destination`; nullopt if none exists (no contacts,
  // bundle too big for every path, deadline too early). source == destination is nullopt too:
  // a route has at least one hop.
  std::optional<Route> earliest_route(const RouteQuery& query, NodeIndex destination);

  // The best route to whichever of `destinations` the bundle can reach first ("the first
  // ground station in view"); ties between destinations follow the route order above.
  std::optional<Route> earliest_route_to_any(const RouteQuery& query,
                                             std::span<const NodeIndex> destinations);

  // The earliest arrival at any of `destinations` of the bundle (query.bytes, deadline,
  // residual volumes and no_transit; query.source and query.ready are ignored) leaving from
  // whichever of `origins` gets it there first, each from its own ready time; ties in arrival
  // go to the origin listed first. Exactly min over i of (earliest_route_to_any from
  // origins[i].node at origins[i].ready).arrival(), then the lowest such i, in one
  // label-setting pass instead of one search per origin (an origin is not a destination for
  // itself, as source == destination has no route). Arrival only: no route is built, so
  // nothing is allocated once the scratch has grown to origins.size() labels per node.
  // nullopt if no origin reaches a destination. Origins' nodes must be < node_count().
  std::optional<OriginArrival> earliest_arrival_from_any(const RouteQuery& query,
                                                         std::span<const Origin> origins,
                                                         std::span<const NodeIndex> destinations);

  // Up to k loopless routes to `destination`, best first, by Yen's k-shortest-paths algorithm
  // on the contact graph: route 0 is earliest_route's; route i+1 is a best route by (arrival,
  // hops) among those that differ from routes 0..i in at least one contact, exact ties broken
  // deterministically (route_less among Yen's candidates). So the list is the k best by
  // (arrival, hops). Fewer than k if fewer exist. Costs up to one search per hop per route.
  std::vector<Route> k_earliest_routes(const RouteQuery& query, NodeIndex destination, size_t k);

 private:
  struct Record {
    uint32_t round;  // hops used to reach the node
    Instant arrival;
    ContactIndex via;   // kNoContact at the source
    uint32_t previous;  // the node's record from an earlier round, or kNone
  };
  struct Found {
    NodeIndex node;
    uint32_t round;
  };
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr Instant kNever = Instant::from_unix_ns(INT64_MAX);

  // Stamps mark membership without clearing arrays between searches.
  void begin_search();
  void exclude_contact(ContactIndex c) {
    contact_excluded_[c] = stamp_;
    excluding_ = true;
  }
  void exclude_node(NodeIndex v) {
    node_excluded_[v] = stamp_;
    excluding_ = true;
  }
  // Whether this search has exclusions (only Yen's spurs do): saves two random reads per
  // contact in every other search.
  bool excluded(ContactIndex c, NodeIndex to) const {
    return excluding_ && (contact_excluded_[c] == stamp_ || node_excluded_[to] == stamp_);
  }
  void mark_destination(NodeIndex v) { node_is_destination_[v] = stamp_; }
  bool is_destination(NodeIndex v) const { return node_is_destination_[v] == stamp_; }
  // A route may reach v only to end there when v is a no-transit node.
  bool may_enter(NodeIndex v, const RouteQuery& query) const {
    return query.no_transit.empty() || query.no_transit[v] == 0 || is_destination(v);
  }

  std::optional<Found> search(const RouteQuery& query);
  // earliest_arrival_from_any: a Dijkstra over (arrival, origin rank) labels, router_multi.cpp.
  struct RankedLabel {
    Instant arrival;
    uint32_t rank = 0;  // the origin's index: lower wins ties
    NodeIndex node = 0;
    bool operator>(const RankedLabel& o) const {
      return arrival != o.arrival ? arrival > o.arrival : rank > o.rank;
    }
  };
  bool ends_at(NodeIndex v, uint32_t rank) const {
    return is_destination(v) && v != ranked_origins_[rank].node;
  }
  bool may_enter_ranked(NodeIndex v, uint32_t rank, const RouteQuery& query) const {
    return query.no_transit.empty() || query.no_transit[v] == 0 || ends_at(v, rank);
  }
  Instant dominating(NodeIndex v, uint32_t rank) const;
  bool beats_bound(Instant arrival, uint32_t rank) const {
    return arrival < ranked_bound_.arrival ||
           (arrival == ranked_bound_.arrival && rank < ranked_bound_.rank);
  }
  void reach_ranked(const ContactGraph::LinkContact& lc, NodeIndex v, const RankedLabel& from,
                    const RouteQuery& query);
  void reach_link_ranked(const ContactGraph::Link& link, const RankedLabel& from,
                         const RouteQuery& query);
  void reach_merged_ranked(std::span<const ContactGraph::LinkContact> open, const RankedLabel& from,
                           const RouteQuery& query);
  void expand_ranked(const RankedLabel& label, const RouteQuery& query);
  std::optional<OriginArrival> ranked_search(const RouteQuery& query,
                                             std::span<const Origin> origins);
  std::optional<Instant> arrival_via(const ContactGraph::LinkContact& lc, NodeIndex to,
                                     Instant ready, const RouteQuery& query) const;
  std::optional<Instant> earliest_arrival(const RouteQuery& query);
  void reach(const ContactGraph::LinkContact& lc, NodeIndex v, Instant ready,
             const RouteQuery& query);
  void reach_over_link(const ContactGraph::Link& link, Instant ready, const RouteQuery& query);
  void reach_before_bound(std::span<const ContactGraph::LinkContact> open, Instant ready,
                          const RouteQuery& query);
  void reach_ground(NodeIndex u, Instant ready, const RouteQuery& query);
  void relax_from(NodeIndex u, uint32_t round, const RouteQuery& query);
  void relax_merged(std::span<const ContactGraph::LinkContact> open, Instant ready, uint32_t round,
                    const RouteQuery& query);
  void relax(const ContactGraph::LinkContact& lc, NodeIndex v, Instant ready, uint32_t round,
             const RouteQuery& query);
  Instant start_limit(NodeIndex v) const;
  void begin_cursors(Instant ready);
  std::span<const ContactGraph::LinkContact> open_after(const ContactGraph::Link& link, Instant t);
  std::span<const ContactGraph::LinkContact> ground_open_after(NodeIndex node, Instant t);
  std::span<const ContactGraph::LinkContact> uplinks_open_after(NodeIndex node, Instant t);
  std::span<const ContactGraph::LinkContact> open_from_cursor(
      uint32_t list, std::span<const ContactGraph::LinkContact> contacts, Instant t);
  void offer(NodeIndex v, uint32_t round, Instant arrival, ContactIndex via);
  const Record* record_at_or_before(NodeIndex v, uint32_t round) const;
  std::vector<ContactIndex> contacts_to(Found found) const;
  std::optional<std::vector<ContactIndex>> deviation(const RouteQuery& query, NodeIndex destination,
                                                     const std::vector<Route>& accepted, size_t j);

  const ContactGraph* graph_;
  uint32_t stamp_ = 0;
  bool excluding_ = false;
  std::vector<uint32_t> contact_excluded_;
  std::vector<uint32_t> node_excluded_;
  std::vector<uint32_t> node_is_destination_;
  uint32_t round_stamp_ = 0;
  std::vector<uint32_t> node_queued_;  // == round_stamp_ if already in next_
  std::vector<uint32_t> head_;         // latest record per node, or kNone
  std::vector<Record> records_;
  std::vector<NodeIndex> current_;
  std::vector<NodeIndex> next_;
  std::vector<Instant> earliest_;                    // Dijkstra labels
  std::vector<std::pair<Instant, NodeIndex>> heap_;  // Dijkstra queue (min-heap)
  Instant bound_;                                    // Dijkstra: best destination arrival
  // Where each contact list (the graph's links, each node's ground list, then each station's
  // uplink list) was open at
  // cursor_time_: the contacts before cursor_[list].position had all ended by then. The engine asks
  // in time order, so a list's open position rarely moves between queries and is found in
  // O(1) from its cursor instead of by binary search. A query earlier than cursor_time_
  // starts a new epoch (cursors of an older epoch count as 0).
  // Position and epoch side by side: one cache miss per list, not two.
  struct Cursor {
    uint32_t position = 0;
    uint32_t epoch = 0;
  };
  std::vector<Cursor> cursor_;
  uint32_t epoch_ = 0;
  Instant cursor_time_ = Instant::from_unix_ns(INT64_MIN);
  // earliest_arrival_from_any's scratch: per node and origin rank, the best arrival labelled
  // (node * origins + rank); per node, the lowest rank settled there (kNone: none).
  std::span<const Origin> ranked_origins_;
  std::vector<Instant> ranked_earliest_;
  std::vector<uint32_t> settled_rank_;
  std::vector<RankedLabel> ranked_heap_;
  RankedLabel ranked_bound_;  // the best label at a destination so far
  Instant target_;            // optimum the rounds aim for
  std::optional<Found> best_;
  Instant best_arrival_;
  ContactIndex best_via_ = kNoContact;
};

}  // namespace lagrange::network
