// Contact-graph routing speed on a synthetic constellation day: `planes` orbital planes of 20
// satellites with permanent in-plane laser links, cross-plane links open 40 of every 60
// minutes, and 20 ground stations each seeing a random satellite every 6 minutes for 5-10
// minutes. planes=12 gives 260 nodes and ~21,600 contacts. Queries route a 1 MB bundle from a
// random satellite at a random time of the first 12 hours. Times are per query.
// Arguments: planes[, days] (BM_EarliestRoute/12/7 routes on a week-long plan).
//
//   build/bin/routing_benchmark --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/random.hpp"
#include "network/contact_graph.hpp"
#include "network/router.hpp"

namespace {

using lagrange::Duration;
using lagrange::Instant;
using lagrange::Rng;
using lagrange::access::Contact;
using lagrange::access::ContactKind;
using lagrange::access::ContactPlan;
using lagrange::access::NodeIndex;
using lagrange::network::ContactGraph;
using lagrange::network::Origin;
using lagrange::network::Route;
using lagrange::network::RouteQuery;
using lagrange::network::Router;

constexpr size_t kPerPlane = 20;
constexpr size_t kStations = 20;

void add_both_ways(ContactPlan& plan, NodeIndex a, NodeIndex b, Instant start, Instant end,
                   double rate_ab_bps, double rate_ba_bps, double owlt_s, ContactKind kind_ab,
                   ContactKind kind_ba) {
  plan.contacts.push_back(Contact{a, b, start, end, rate_ab_bps, owlt_s, kind_ab});
  plan.contacts.push_back(Contact{b, a, start, end, rate_ba_bps, owlt_s, kind_ba});
}

ContactPlan constellation(size_t planes, int64_t days) {
  ContactPlan plan;
  const size_t satellites = planes * kPerPlane;
  plan.nodes.resize(satellites + kStations);
  const Instant t0 = Instant::from_unix_seconds(1.8e9);
  const Instant t1 = t0 + Duration::days(days);
  plan.window_start = t0;
  plan.window_end = t1;
  const auto sat = [](size_t p, size_t i) { return static_cast<NodeIndex>(p * kPerPlane + i); };
  const ContactKind isl = ContactKind::kInterSatellite;
  for (size_t p = 0; p < planes; ++p) {
    for (size_t i = 0; i < kPerPlane; ++i) {
      add_both_ways(plan, sat(p, i), sat(p, (i + 1) % kPerPlane), t0, t1, 1e9, 1e9, 0.01, isl, isl);
      if (planes < 2) continue;
      for (Instant s = t0; s < t1; s += Duration::hours(1)) {
        add_both_ways(plan, sat(p, i), sat((p + 1) % planes, i), s, s + Duration::minutes(40), 1e9,
                      1e9, 0.015, isl, isl);
      }
    }
  }
  Rng rng(7);
  for (size_t g = 0; g < kStations; ++g) {
    const NodeIndex station = static_cast<NodeIndex>(satellites + g);
    for (Instant s = t0 + Duration::seconds(static_cast<int64_t>(rng.below(360))); s < t1;
         s += Duration::minutes(6)) {
      const NodeIndex satellite = static_cast<NodeIndex>(rng.below(satellites));
      const Instant e = s + Duration::seconds(300 + static_cast<int64_t>(rng.below(300)));
      add_both_ways(plan, satellite, station, s, e, 1e8, 1e6, 0.004,
                    ContactKind::kSatelliteToGround, ContactKind::kGroundToSatellite);
    }
  }
  lagrange::access::canonicalize(plan);
  return plan;
}

struct Fixture {
  ContactPlan plan;
  ContactGraph graph;
  std::vector<RouteQuery> queries;
  std::vector<NodeIndex> destinations;
  std::vector<NodeIndex> stations;
};

const Fixture& fixture(size_t planes, int64_t days = 1) {
  static std::map<std::pair<size_t, int64_t>, std::unique_ptr<Fixture>> cache;
  std::unique_ptr<Fixture>& cached = cache[{planes, days}];
  if (!cached) {
    ContactPlan plan = constellation(planes, days);
    auto graph = ContactGraph::create(plan);
    if (!graph) {
      std::fprintf(stderr, "%s\n", graph.error().message.c_str());
      std::exit(1);
    }
    auto f = std::unique_ptr<Fixture>(new Fixture{std::move(plan), std::move(*graph), {}, {}, {}});
    const size_t satellites = planes * kPerPlane;
    for (size_t g = 0; g < kStations; ++g) f->stations.push_back(satellites + g);
    Rng rng(11);
    for (int q = 0; q < 256; ++q) {
      RouteQuery query;
      query.source = static_cast<NodeIndex>(rng.below(satellites));
      query.ready =
          f->plan.window_start + Duration::seconds(static_cast<int64_t>(rng.below(43200)));
      query.bytes = 1'000'000;
      f->queries.push_back(query);
      f->destinations.push_back(f->stations[rng.below(kStations)]);
    }
    cached = std::move(f);
  }
  return *cached;
}

void set_counters(benchmark::State& state, const Fixture& f) {
  state.counters["contacts"] = static_cast<double>(f.graph.contact_count());
  state.counters["nodes"] = static_cast<double>(f.graph.node_count());
  state.SetItemsProcessed(state.iterations());
}

void BM_BuildGraph(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    auto graph = ContactGraph::create(f.plan);
    benchmark::DoNotOptimize(graph);
  }
  set_counters(state, f);
}

void BM_EarliestRoute(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)), state.range(1));
  Router router(f.graph);
  size_t i = 0, found = 0;
  for (auto _ : state) {
    const size_t k = i++ % f.queries.size();
    auto route = router.earliest_route(f.queries[k], f.destinations[k]);
    found += route.has_value();
    benchmark::DoNotOptimize(route);
  }
  set_counters(state, f);
  state.counters["found"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}

void BM_EarliestRouteToAnyStation(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)));
  Router router(f.graph);
  size_t i = 0;
  for (auto _ : state) {
    auto route = router.earliest_route_to_any(f.queries[i++ % f.queries.size()], f.stations);
    benchmark::DoNotOptimize(route);
  }
  set_counters(state, f);
}

void BM_KEarliestRoutes(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)));
  Router router(f.graph);
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ % f.queries.size();
    auto routes = router.k_earliest_routes(f.queries[k], f.destinations[k],
                                           static_cast<size_t>(state.range(1)));
    benchmark::DoNotOptimize(routes);
  }
  set_counters(state, f);
}

// Adaptive's question: which of a satellite and its four laser neighbours (in-plane fore and
// aft, the next planes' satellites), each ready when its compute would be done (0-60 s
// apart), gets a 1 MB result to the job's station first. Arg 0: one earliest_route_to_any per
// origin, minimised (what adaptive did); Arg 1: one earliest_arrival_from_any (what it does).
// Times are per question of five origins.
std::vector<Origin> five_origins(const Fixture& f, size_t planes, size_t k) {
  const RouteQuery& q = f.queries[k];
  const size_t p = q.source / kPerPlane, i = q.source % kPerPlane;
  const auto sat = [](size_t plane, size_t index) {
    return static_cast<NodeIndex>(plane * kPerPlane + index);
  };
  const NodeIndex nodes[] = {q.source, sat(p, (i + 1) % kPerPlane),
                             sat(p, (i + kPerPlane - 1) % kPerPlane), sat((p + 1) % planes, i),
                             sat((p + planes - 1) % planes, i)};
  std::vector<Origin> origins;
  for (size_t n = 0; n < 5; ++n) {
    origins.push_back(
        {nodes[n], q.ready + Duration::seconds(static_cast<int64_t>((k + 13 * n) % 61))});
  }
  return origins;
}

void BM_EarliestFromFiveOrigins(benchmark::State& state) {
  const size_t planes = static_cast<size_t>(state.range(0));
  const Fixture& f = fixture(planes);
  Router router(f.graph);
  std::vector<std::vector<Origin>> origins;
  for (size_t k = 0; k < f.queries.size(); ++k) origins.push_back(five_origins(f, planes, k));
  const bool one_search = state.range(1) == 1;
  size_t i = 0, found = 0;
  for (auto _ : state) {
    const size_t k = i++ % f.queries.size();
    const std::span<const NodeIndex> destination(&f.destinations[k], 1);
    std::optional<Instant> best;
    if (one_search) {
      const auto a = router.earliest_arrival_from_any(f.queries[k], origins[k], destination);
      if (a) best = a->arrival;
    } else {
      for (const Origin& o : origins[k]) {
        RouteQuery q = f.queries[k];
        q.source = o.node;
        q.ready = o.ready;
        const auto route = router.earliest_route_to_any(q, destination);
        if (route && (!best || route->arrival() < *best)) best = route->arrival();
      }
    }
    found += best.has_value();
    benchmark::DoNotOptimize(best);
  }
  set_counters(state, f);
  state.counters["found"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}

BENCHMARK(BM_BuildGraph)->Arg(1)->Arg(12)->Arg(36)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EarliestRoute)
    ->Args({1, 1})
    ->Args({12, 1})
    ->Args({36, 1})
    ->Args({12, 7})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EarliestRouteToAnyStation)->Arg(1)->Arg(12)->Arg(36)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_KEarliestRoutes)->Args({12, 5})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EarliestFromFiveOrigins)
    ->Args({12, 0})
    ->Args({12, 1})
    ->Args({36, 0})
    ->Args({36, 1})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
