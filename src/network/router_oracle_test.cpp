// The router against exhaustive search on hundreds of random seeded plans.
//
// Oracle 1 walks the time-expanded graph breadth-first, one level per hop: from every reached
// (node, time) state every contact of the plan is tried (no per-node sorting, no pruning by
// bound, no tie rules), and a state is dropped only when the node was already reached no later
// with no more hops (the waiting edges of the time-expanded graph make it reachable). The
// earliest arrival at the destination and the level that first reaches it are the optimum.
// Oracle 2 enumerates every loopless contact sequence from source to destination and sorts
// them by (arrival, hops): the k best must match Yen's k routes.
// Both share with the router only the per-hop arithmetic (`transmission_time`, tested by hand).
// Some nodes are ground stations, in some cases not allowed to relay (`no_transit`); in others
// some stations are joined by ground links (a terrestrial network: contacts spanning the whole
// window, with a latency) and those stations relay while the others may not.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/random.hpp"
#include "network/router.hpp"

namespace lagrange::network {
namespace {

struct RandomCase {
  access::ContactPlan plan;
  RouteQuery query;
  std::vector<uint64_t> residual;   // empty or one per contact
  std::vector<uint8_t> no_transit;  // empty or one per node
  std::vector<NodeIndex> destinations;
};

// About a third of the nodes are ground stations (the graph keeps their contacts apart for
// faster searches); in half the cases they may not relay, as in the engine.
void add_ground_stations(uint64_t seed, RandomCase& rc) {
  Rng rng(seed ^ 0x9e3779b97f4a7c15ull);
  std::vector<uint8_t> ground;
  for (access::Node& node : rc.plan.nodes) {
    node.kind = rng.below(3) == 0 ? access::NodeKind::kGroundStation : access::NodeKind::kSatellite;
    ground.push_back(node.kind == access::NodeKind::kGroundStation ? 1 : 0);
  }
  if (rng.below(2) == 0) rc.no_transit = std::move(ground);
}

// A ground network, as access::add_ground_links makes it: every two joined stations linked
// both ways for the whole window, the link as slow as its slower end; only joined stations
// relay. Each station joins with probability 3/4.
void add_ground_network(uint64_t seed, uint64_t window_s, RandomCase& rc) {
  Rng rng(seed ^ 0x5851f42d4c957f2dull);
  const double latencies_s[] = {0.0, 0.02, 0.05, 3.0};
  const double rates_bps[] = {8000.0, 1e6, 1e9};
  std::vector<NodeIndex> joined;
  std::vector<std::pair<double, double>> access;  // per node: latency, rate
  rc.no_transit.assign(rc.plan.nodes.size(), 0);
  for (NodeIndex n = 0; n < rc.plan.nodes.size(); ++n) {
    access.emplace_back(latencies_s[rng.below(4)], rates_bps[rng.below(3)]);
    if (rc.plan.nodes[n].kind != access::NodeKind::kGroundStation) continue;
    if (rng.below(4) == 0) {
      rc.no_transit[n] = 1;
    } else {
      joined.push_back(n);
    }
  }
  const Instant start = Instant::from_unix_ns(0);
  for (const NodeIndex a : joined) {
    for (const NodeIndex b : joined) {
      if (a == b) continue;
      rc.plan.contacts.push_back(
          {a, b, start, start + Duration::seconds(static_cast<int64_t>(window_s)),
           std::min(access[a].second, access[b].second), std::max(access[a].first, access[b].first),
           access::ContactKind::kGroundLink});
    }
  }
  access::canonicalize(rc.plan);
  // The residual view is random per contact index; the new contacts get full volume.
  if (!rc.residual.empty()) rc.residual.resize(rc.plan.contacts.size(), UINT64_MAX);
}

// Contacts start at a whole second in [0, window_s) and last 1 to 120 s.
RandomCase make_case(uint64_t seed, size_t min_nodes, size_t max_nodes, size_t min_contacts,
                     size_t max_contacts, uint64_t window_s = 600, bool ground_network = false) {
  Rng rng(seed);
  RandomCase rc;
  const size_t nodes = min_nodes + rng.below(max_nodes - min_nodes + 1);
  const size_t contacts = min_contacts + rng.below(max_contacts - min_contacts + 1);
  for (size_t i = 0; i < nodes; ++i) rc.plan.nodes.push_back(access::Node{});
  const double rates_bps[] = {800.0, 8000.0, 80000.0, 1e6};
  const double owlts_s[] = {0.0, 0.0, 0.004, 0.5, 1.0, 2.5, 7.0};
  for (size_t i = 0; i < contacts; ++i) {
    access::Contact c;
    c.from = static_cast<NodeIndex>(rng.below(nodes));
    c.to = static_cast<NodeIndex>((c.from + 1 + rng.below(nodes - 1)) % nodes);
    const int64_t start_s = static_cast<int64_t>(rng.below(window_s));
    c.start = Instant::from_unix_ns(0) + Duration::seconds(start_s);
    c.end = c.start + Duration::seconds(1 + static_cast<int64_t>(rng.below(120)));
    c.rate_bps = rates_bps[rng.below(4)];
    c.owlt_s = owlts_s[rng.below(7)];
    rc.plan.contacts.push_back(c);
  }
  access::canonicalize(rc.plan);
  const uint64_t sizes[] = {0, 100, 1000, 5000, 20000};
  rc.query.source = static_cast<NodeIndex>(rng.below(nodes));
  rc.query.ready =
      Instant::from_unix_ns(0) + Duration::seconds(static_cast<int64_t>(rng.below(window_s / 2)));
  rc.query.bytes = sizes[rng.below(5)];
  if (rng.below(4) == 0) {
    rc.query.deadline = rc.query.ready + Duration::seconds(static_cast<int64_t>(rng.below(400)));
  }
  if (rng.below(3) == 0) {  // a residual view with some contacts (nearly) used up
    for (size_t i = 0; i < contacts; ++i) {
      rc.residual.push_back(rng.below(3) == 0 ? rc.query.bytes / 2 : UINT64_MAX);
    }
  }
  const size_t destination_count = 1 + rng.below(3);
  for (size_t i = 0; i < destination_count; ++i) {
    rc.destinations.push_back(static_cast<NodeIndex>(rng.below(nodes)));
  }
  add_ground_stations(seed, rc);
  if (ground_network) add_ground_network(seed, window_s, rc);
  return rc;
}

// The transmission model written out again, independently of the router's code.
std::optional<Instant> hop_arrival(const access::Contact& c, size_t index, Instant ready,
                                   const RandomCase& rc) {
  if (!rc.residual.empty() && rc.residual[index] < rc.query.bytes) return std::nullopt;
  const double volume_bytes = c.rate_bps * (c.end - c.start).to_seconds() / 8.0;
  if (rc.residual.empty() && volume_bytes < static_cast<double>(rc.query.bytes)) {
    return std::nullopt;
  }
  const Instant begin = ready > c.start ? ready : c.start;
  if (begin >= c.end) return std::nullopt;
  const Instant finish = begin + transmission_time(rc.query.bytes, c.rate_bps);
  if (finish > c.end) return std::nullopt;
  const Instant arrival = finish + Duration::from_seconds(c.owlt_s);
  if (rc.query.deadline && arrival > *rc.query.deadline) return std::nullopt;
  return arrival;
}

struct Optimum {
  Instant arrival;
  size_t hops;
};

// Oracle 1: breadth-first over (node, time) states of the time-expanded graph, one level per
// hop. Waiting edges join (v, t) to (v, t') for every t' > t at no hop cost, so a state is new
// only if its node was not already reached at the same or an earlier time with no more hops.
std::optional<Optimum> brute_force_earliest(const RandomCase& rc,
                                            const std::set<NodeIndex>& dests) {
  std::vector<std::optional<Instant>> earliest(rc.plan.nodes.size());  // over levels so far
  std::vector<std::pair<NodeIndex, Instant>> frontier = {{rc.query.source, rc.query.ready}};
  earliest[rc.query.source] = rc.query.ready;
  std::optional<Optimum> best;
  for (size_t level = 1; !frontier.empty(); ++level) {
    std::vector<std::pair<NodeIndex, Instant>> next;
    for (const auto& [node, ready] : frontier) {
      const bool relays = rc.no_transit.empty() || rc.no_transit[node] == 0;
      if (!relays && node != rc.query.source) continue;  // reached only to end there
      for (size_t i = 0; i < rc.plan.contacts.size(); ++i) {
        const access::Contact& c = rc.plan.contacts[i];
        if (c.from != node) continue;
        const std::optional<Instant> arrival = hop_arrival(c, i, ready, rc);
        if (!arrival) continue;
        const bool destination = dests.count(c.to) != 0 && c.to != rc.query.source;
        if (!rc.no_transit.empty() && rc.no_transit[c.to] != 0 && !destination) continue;
        if (earliest[c.to] && *earliest[c.to] <= *arrival) continue;
        earliest[c.to] = *arrival;
        next.emplace_back(c.to, *arrival);
        if (destination && (!best || *arrival < best->arrival)) {
          best = Optimum{*arrival, level};
        }
      }
    }
    frontier = std::move(next);
  }
  return best;
}

// Oracle 2: every loopless contact sequence, as (arrival, hops), sorted.
void enumerate(const RandomCase& rc, NodeIndex node, Instant ready, NodeIndex destination,
               std::vector<bool>& visited, size_t hops,
               std::vector<std::pair<Instant, size_t>>& out) {
  for (size_t i = 0; i < rc.plan.contacts.size(); ++i) {
    const access::Contact& c = rc.plan.contacts[i];
    if (c.from != node || visited[c.to]) continue;
    const std::optional<Instant> arrival = hop_arrival(c, i, ready, rc);
    if (!arrival) continue;
    if (c.to == destination) {
      out.emplace_back(*arrival, hops + 1);
      continue;
    }
    if (!rc.no_transit.empty() && rc.no_transit[c.to] != 0) continue;
    visited[c.to] = true;
    enumerate(rc, c.to, *arrival, destination, visited, hops + 1, out);
    visited[c.to] = false;
  }
}

RouteQuery query_of(const RandomCase& rc) {
  RouteQuery q = rc.query;
  q.residual_bytes = rc.residual;
  q.no_transit = rc.no_transit;
  return q;
}

void expect_consistent(const ContactGraph& graph, const RouteQuery& q, const Route& route) {
  // The route's own times are what the transmission model gives for its contact sequence.
  const std::optional<Route> replay = evaluate_route(graph, q, route.contacts());
  ASSERT_TRUE(replay.has_value());
  EXPECT_EQ(*replay, route);
  std::set<NodeIndex> visited = {q.source};
  for (const Hop& h : route.hops) EXPECT_TRUE(visited.insert(graph.contact(h.contact).to).second);
}

TEST(RouterOracle, EarliestArrivalAndFewestHopsMatchTimeExpandedSearch) {
  size_t reachable = 0, unreachable = 0;
  for (uint64_t seed = 1; seed <= 600; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    const RandomCase rc = make_case(seed, 6, 10, 20, 60);
    Result<ContactGraph> graph = ContactGraph::create(rc.plan);
    ASSERT_TRUE(graph.ok());
    Router router(*graph);
    const RouteQuery q = query_of(rc);
    const NodeIndex destination = rc.destinations.front();
    const std::optional<Optimum> expected = brute_force_earliest(rc, {destination});
    const std::optional<Route> route = router.earliest_route(q, destination);
    ASSERT_EQ(route.has_value(), expected.has_value());
    if (!route) {
      ++unreachable;
      continue;
    }
    ++reachable;
    EXPECT_EQ(route->arrival(), expected->arrival);
    EXPECT_EQ(route->hop_count(), expected->hops);
    EXPECT_EQ(graph->contact(route->hops.back().contact).to, destination);
    expect_consistent(*graph, q, *route);
  }
  // The generator must exercise both outcomes substantially.
  EXPECT_GT(reachable, 150u);
  EXPECT_GT(unreachable, 50u);
}

TEST(RouterOracle, AnyDestinationMatchesTimeExpandedSearch) {
  size_t reachable = 0;
  for (uint64_t seed = 1001; seed <= 1400; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    const RandomCase rc = make_case(seed, 6, 10, 20, 60);
    Result<ContactGraph> graph = ContactGraph::create(rc.plan);
    ASSERT_TRUE(graph.ok());
    Router router(*graph);
    const RouteQuery q = query_of(rc);
    const std::set<NodeIndex> dests(rc.destinations.begin(), rc.destinations.end());
    const std::optional<Optimum> expected = brute_force_earliest(rc, dests);
    const std::optional<Route> route = router.earliest_route_to_any(q, rc.destinations);
    ASSERT_EQ(route.has_value(), expected.has_value());
    if (!route) continue;
    ++reachable;
    EXPECT_EQ(route->arrival(), expected->arrival);
    EXPECT_EQ(route->hop_count(), expected->hops);
    EXPECT_EQ(dests.count(graph->contact(route->hops.back().contact).to), 1u);
    expect_consistent(*graph, q, *route);
  }
  EXPECT_GT(reachable, 150u);
}

TEST(RouterOracle, GroundNetworkRoutesMatchTimeExpandedSearch) {
  // Stations joined by ground links relay (down at one station, on to another, up again);
  // stations off the network do not. One destination and destination sets.
  size_t reachable = 0, through_ground = 0;
  for (uint64_t seed = 4001; seed <= 4500; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    const RandomCase rc = make_case(seed, 6, 10, 15, 50, 600, true);
    Result<ContactGraph> graph = ContactGraph::create(rc.plan);
    ASSERT_TRUE(graph.ok()) << graph.error().message;
    Router router(*graph);
    const RouteQuery q = query_of(rc);
    const bool single = seed % 2 == 0;
    const std::set<NodeIndex> dests =
        single ? std::set<NodeIndex>{rc.destinations.front()}
               : std::set<NodeIndex>(rc.destinations.begin(), rc.destinations.end());
    const std::optional<Optimum> expected = brute_force_earliest(rc, dests);
    const std::optional<Route> route = single ? router.earliest_route(q, rc.destinations.front())
                                              : router.earliest_route_to_any(q, rc.destinations);
    ASSERT_EQ(route.has_value(), expected.has_value());
    if (!route) continue;
    ++reachable;
    EXPECT_EQ(route->arrival(), expected->arrival);
    EXPECT_EQ(route->hop_count(), expected->hops);
    EXPECT_EQ(dests.count(graph->contact(route->hops.back().contact).to), 1u);
    expect_consistent(*graph, q, *route);
    for (size_t i = 0; i + 1 < route->hops.size(); ++i) {
      const access::Contact& c = graph->contact(route->hops[i].contact);
      through_ground += c.kind == access::ContactKind::kGroundLink ? 1 : 0;
    }
  }
  EXPECT_GT(reachable, 250u);
  EXPECT_GT(through_ground, 25u);  // routes do relay over the ground network (40 of them)
}

TEST(RouterOracle, YenRoutesWithAGroundNetworkAreTheKBestLooplessSequences) {
  constexpr size_t kRoutes = 5;
  size_t compared = 0;
  for (uint64_t seed = 5001; seed <= 5200; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    const RandomCase rc = make_case(seed, 5, 7, 15, 35, 200, true);
    Result<ContactGraph> graph = ContactGraph::create(rc.plan);
    ASSERT_TRUE(graph.ok()) << graph.error().message;
    Router router(*graph);
    const RouteQuery q = query_of(rc);
    const NodeIndex destination = rc.destinations.front();
    std::vector<std::pair<Instant, size_t>> all;
    if (destination != rc.query.source) {
      std::vector<bool> visited(rc.plan.nodes.size(), false);
      visited[rc.query.source] = true;
      enumerate(rc, rc.query.source, rc.query.ready, destination, visited, 0, all);
    }
    std::sort(all.begin(), all.end());
    const std::vector<Route> routes = router.k_earliest_routes(q, destination, kRoutes);
    ASSERT_EQ(routes.size(), std::min(all.size(), kRoutes));
    for (size_t i = 0; i < routes.size(); ++i) {
      EXPECT_EQ(routes[i].arrival(), all[i].first) << "route " << i;
      EXPECT_EQ(routes[i].hop_count(), all[i].second) << "route " << i;
      expect_consistent(*graph, q, routes[i]);
    }
    if (routes.size() > 1) ++compared;
  }
  EXPECT_GT(compared, 60u);
}

TEST(RouterOracle, AReusedRouterAnswersAsAFreshOneInAnyTimeOrder) {
  // A router remembers where each contact list was open (cursors) for queries in time order,
  // as the engine asks; runs of rising ready times, with jumps back, must not change any route.
  size_t found = 0;
  for (uint64_t seed = 3001; seed <= 3100; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    const RandomCase rc = make_case(seed, 6, 10, 40, 80, 600, seed % 2 == 0);
    Result<ContactGraph> graph = ContactGraph::create(rc.plan);
    ASSERT_TRUE(graph.ok());
    Router reused(*graph);
    Rng rng(seed);
    double ready_s = 0.0;
    for (int q = 0; q < 30; ++q) {
      ready_s = rng.below(5) == 0 ? static_cast<double>(rng.below(300))
                                  : ready_s + static_cast<double>(rng.below(40));
      RouteQuery query = query_of(rc);
      query.source = static_cast<NodeIndex>(rng.below(rc.plan.nodes.size()));
      query.ready = Instant::from_unix_ns(0) + Duration::from_seconds(ready_s);
      const std::optional<Route> expected =
          Router(*graph).earliest_route_to_any(query, rc.destinations);
      const std::optional<Route> route = reused.earliest_route_to_any(query, rc.destinations);
      ASSERT_EQ(route.has_value(), expected.has_value()) << "query " << q;
      if (route) {
        ++found;
        EXPECT_EQ(*route, *expected) << "query " << q;
      }
    }
  }
  EXPECT_GT(found, 300u);
}

TEST(RouterOracle, YenRoutesAreTheKBestLooplessSequences) {
  constexpr size_t kRoutes = 6;
  size_t compared = 0;
  for (uint64_t seed = 2001; seed <= 2300; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    const RandomCase rc = make_case(seed, 5, 7, 25, 45, 200);
    Result<ContactGraph> graph = ContactGraph::create(rc.plan);
    ASSERT_TRUE(graph.ok());
    Router router(*graph);
    const RouteQuery q = query_of(rc);
    const NodeIndex destination = rc.destinations.front();
    std::vector<std::pair<Instant, size_t>> all;
    if (destination != rc.query.source) {
      std::vector<bool> visited(rc.plan.nodes.size(), false);
      visited[rc.query.source] = true;
      enumerate(rc, rc.query.source, rc.query.ready, destination, visited, 0, all);
    }
    std::sort(all.begin(), all.end());
    const std::vector<Route> routes = router.k_earliest_routes(q, destination, kRoutes);
    ASSERT_EQ(routes.size(), std::min(all.size(), kRoutes));
    std::set<std::vector<ContactIndex>> distinct;
    for (size_t i = 0; i < routes.size(); ++i) {
      EXPECT_EQ(routes[i].arrival(), all[i].first) << "route " << i;
      EXPECT_EQ(routes[i].hop_count(), all[i].second) << "route " << i;
      expect_consistent(*graph, q, routes[i]);
      distinct.insert(routes[i].contacts());
      if (i > 0) {
        // Ties in (arrival, hops) may come in either order: the first route is the router's
        // choice, later ones follow route_less.
        EXPECT_LE(std::pair(routes[i - 1].arrival(), routes[i - 1].hop_count()),
                  std::pair(routes[i].arrival(), routes[i].hop_count()));
      }
    }
    EXPECT_EQ(distinct.size(), routes.size());
    if (routes.size() > 1) ++compared;
  }
  EXPECT_GT(compared, 80u);
}

// Several origins with their own ready times, drawn for a case: 1-5 of them, some sharing a
// node, some at a destination (then the router answers origin by origin).
std::vector<Origin> random_origins(uint64_t seed, const RandomCase& rc) {
  Rng rng(seed ^ 0x2545f4914f6cdd1dull);
  std::vector<Origin> origins(1 + rng.below(5));
  for (Origin& o : origins) {
    o.node = static_cast<NodeIndex>(rng.below(rc.plan.nodes.size()));
    o.ready = Instant::from_unix_ns(0) + Duration::seconds(static_cast<int64_t>(rng.below(300)));
  }
  return origins;
}

// What earliest_arrival_from_any promises, from one search per origin: the lowest arrival,
// then the first origin listed.
std::optional<OriginArrival> per_origin_best(Router& router, const RouteQuery& q,
                                             std::span<const Origin> origins,
                                             std::span<const NodeIndex> destinations) {
  std::optional<OriginArrival> best;
  for (size_t i = 0; i < origins.size(); ++i) {
    RouteQuery one = q;
    one.source = origins[i].node;
    one.ready = origins[i].ready;
    const std::optional<Route> route = router.earliest_route_to_any(one, destinations);
    if (route && (!best || route->arrival() < best->arrival)) {
      best = OriginArrival{i, route->arrival()};
    }
  }
  return best;
}

TEST(RouterOracle, SeveralOriginsGiveTheBestOfThePerOriginRoutes) {
  size_t reachable = 0, not_first = 0, shared = 0;
  for (uint64_t seed = 6001; seed <= 6800; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    const RandomCase rc = make_case(seed, 6, 10, 20, 70, 600, seed % 3 == 0);
    Result<ContactGraph> graph = ContactGraph::create(rc.plan);
    ASSERT_TRUE(graph.ok());
    const RouteQuery q = query_of(rc);
    const std::vector<Origin> origins = random_origins(seed, rc);
    const std::set<NodeIndex> dests(rc.destinations.begin(), rc.destinations.end());
    // The oracle: breadth-first over the time-expanded graph from each origin.
    std::optional<OriginArrival> expected;
    for (size_t i = 0; i < origins.size(); ++i) {
      RandomCase one = rc;
      one.query.source = origins[i].node;
      one.query.ready = origins[i].ready;
      const std::optional<Optimum> o = brute_force_earliest(one, dests);
      if (o && (!expected || o->arrival < expected->arrival)) {
        expected = OriginArrival{i, o->arrival};
      }
    }
    Router router(*graph);
    const std::optional<OriginArrival> got =
        router.earliest_arrival_from_any(q, origins, rc.destinations);
    const std::optional<OriginArrival> single =
        per_origin_best(router, q, origins, rc.destinations);
    ASSERT_EQ(got.has_value(), expected.has_value());
    ASSERT_EQ(single.has_value(), expected.has_value());
    if (!got) continue;
    ++reachable;
    EXPECT_EQ(got->arrival, expected->arrival);
    EXPECT_EQ(got->origin, expected->origin);
    EXPECT_EQ(got->arrival, single->arrival);
    EXPECT_EQ(got->origin, single->origin);
    not_first += got->origin > 0 ? 1 : 0;
    for (size_t i = 0; i < origins.size(); ++i) {
      for (size_t j = 0; j < i; ++j) shared += origins[i].node == origins[j].node ? 1 : 0;
    }
  }
  EXPECT_GT(reachable, 300u);
  EXPECT_GT(not_first, 100u);  // later origins do win, and on ties the first listed does
  EXPECT_GT(shared, 20u);
}

TEST(RouterOracle, SeveralOriginsTieToTheFirstListed) {
  // Every origin at the same node and time: the same arrival from each, so the first wins;
  // and an origin listed twice answers as itself.
  for (uint64_t seed = 6801; seed <= 7000; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    const RandomCase rc = make_case(seed, 6, 10, 20, 70, 600, seed % 2 == 0);
    Result<ContactGraph> graph = ContactGraph::create(rc.plan);
    ASSERT_TRUE(graph.ok());
    Router router(*graph);
    const RouteQuery q = query_of(rc);
    const std::vector<Origin> same(3, Origin{rc.query.source, rc.query.ready});
    const std::optional<OriginArrival> got =
        router.earliest_arrival_from_any(q, same, rc.destinations);
    const std::optional<Route> route = router.earliest_route_to_any(q, rc.destinations);
    ASSERT_EQ(got.has_value(), route.has_value());
    if (!got) continue;
    EXPECT_EQ(got->origin, 0u);
    EXPECT_EQ(got->arrival, route->arrival());
  }
}

TEST(RouterOracle, SeveralOriginsFromAReusedRouterAnswerAsFromAFreshOne) {
  // Cursors and scratch carried across queries of different origin counts, times rising with
  // jumps back, and single-route queries in between.
  size_t found = 0;
  for (uint64_t seed = 7001; seed <= 7100; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    const RandomCase rc = make_case(seed, 6, 10, 40, 80, 600, seed % 2 == 0);
    Result<ContactGraph> graph = ContactGraph::create(rc.plan);
    ASSERT_TRUE(graph.ok());
    Router reused(*graph);
    Rng rng(seed);
    double base_s = 0.0;
    for (int n = 0; n < 30; ++n) {
      base_s = rng.below(5) == 0 ? static_cast<double>(rng.below(300))
                                 : base_s + static_cast<double>(rng.below(40));
      std::vector<Origin> origins(1 + rng.below(5));
      for (Origin& o : origins) {
        o.node = static_cast<NodeIndex>(rng.below(rc.plan.nodes.size()));
        o.ready = Instant::from_unix_ns(0) +
                  Duration::from_seconds(base_s + static_cast<double>(rng.below(30)));
      }
      const RouteQuery q = query_of(rc);
      const std::optional<OriginArrival> expected =
          Router(*graph).earliest_arrival_from_any(q, origins, rc.destinations);
      const std::optional<OriginArrival> got =
          reused.earliest_arrival_from_any(q, origins, rc.destinations);
      ASSERT_EQ(got.has_value(), expected.has_value()) << "query " << n;
      if (got) {
        ++found;
        EXPECT_EQ(got->origin, expected->origin) << "query " << n;
        EXPECT_EQ(got->arrival, expected->arrival) << "query " << n;
      }
      if (n % 3 == 0) (void)reused.earliest_route_to_any(q, rc.destinations);
    }
  }
  EXPECT_GT(found, 300u);
}

}  // namespace
}  // namespace lagrange::network
