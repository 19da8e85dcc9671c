// Hand-built plans with arrival times worked out on paper.
#include "network/router.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/random.hpp"
#include "network/internal/test_plans.hpp"

namespace lagrange::network {
namespace {

using test_plans::at;
using test_plans::PlanBuilder;
using test_plans::query;

TEST(Router, ChainArrivalWorkedByHand) {
  // 1000 B at 8000 bit/s = 1 s per hop. Hop 0: 10 -> 11, +1 s light = 12 at B.
  // Hop 1 opens at 50: 50 -> 51, +2 s light = 53 at C.
  const ContactGraph g =
      PlanBuilder(3).add(0, 1, 0, 100, 8000, 1.0).add(1, 2, 50, 200, 8000, 2.0).graph();
  Router router(g);
  const std::optional<Route> r = router.earliest_route(query(0, 10, 1000), 2);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->contacts(), (std::vector<ContactIndex>{0, 1}));
  EXPECT_EQ(r->hop_count(), 2u);
  EXPECT_EQ(r->departure(), at(10));
  EXPECT_EQ(r->hops[0].tx_end, at(11));
  EXPECT_EQ(r->hops[0].arrival, at(12));
  EXPECT_EQ(r->hops[1].tx_start, at(50));
  EXPECT_EQ(r->arrival(), at(53));
  // Full volume of the smaller contact: 100 s * 8000 bit/s / 8 = 100,000 B.
  EXPECT_EQ(r->bottleneck_bytes, 100'000u);
}

TEST(Router, WaitsAtNodeForLaterContact) {
  // B -> C is open early (0..5) but the bundle reaches B at 21; it waits for 300..400.
  const ContactGraph g = PlanBuilder(3)
                             .add(0, 1, 20, 30, 8000)
                             .add(1, 2, 0, 5, 8000)
                             .add(1, 2, 300, 400, 8000)
                             .graph();
  Router router(g);
  const std::optional<Route> r = router.earliest_route(query(0, 0, 1000), 2);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->hops[0].tx_start, at(20));
  EXPECT_EQ(r->contacts().back(), 2u);
  EXPECT_EQ(r->hops[1].tx_start, at(300));
  EXPECT_EQ(r->arrival(), at(301));
}

TEST(Router, ContactTooShortForBundleIsSkipped) {
  // 10,000 B at 8000 bit/s = 10 s. Contact 0 lasts 5 s; contact 1 is open 5 s after the bundle
  // is ready (15..20 with the bundle ready at 15); contact 2 fits.
  const ContactGraph g = PlanBuilder(2)
                             .add(0, 1, 0, 5, 8000)
                             .add(0, 1, 10, 20, 8000)
                             .add(0, 1, 100, 200, 8000)
                             .graph();
  Router router(g);
  std::optional<Route> r = router.earliest_route(query(0, 0, 10'000), 1);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->contacts(), std::vector<ContactIndex>{1});  // 10 -> 20 exactly fits
  EXPECT_EQ(r->arrival(), at(20));
  r = router.earliest_route(query(0, 15, 10'000), 1);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->contacts(), std::vector<ContactIndex>{2});
  EXPECT_EQ(r->arrival(), at(110));
  // Bigger than any contact: unreachable, not a garbage route.
  EXPECT_FALSE(router.earliest_route(query(0, 0, 1'000'000), 1).has_value());
}

TEST(Router, LightTimesAddUp) {
  // Three hops, 0 B bundle (no transmission time), contacts open throughout.
  const ContactGraph g = PlanBuilder(4)
                             .add(0, 1, 0, 1000, 1e6, 0.125)
                             .add(1, 2, 0, 1000, 1e6, 1.25)
                             .add(2, 3, 0, 1000, 1e6, 2.5)
                             .graph();
  Router router(g);
  const std::optional<Route> r = router.earliest_route(query(0, 7, 0), 3);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->arrival(), at(7 + 0.125 + 1.25 + 2.5));
  EXPECT_EQ(r->hop_count(), 3u);
}

TEST(Router, LightTimeCanMakeLaterContactBetter) {
  // Two contacts to the same node: the earlier one has a long light time.
  const ContactGraph g =
      PlanBuilder(2).add(0, 1, 0, 100, 8000, 50).add(0, 1, 10, 100, 8000, 1).graph();
  Router router(g);
  const std::optional<Route> r = router.earliest_route(query(0, 0, 1000), 1);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->contacts(), std::vector<ContactIndex>{1});
  EXPECT_EQ(r->arrival(), at(12));
}

TEST(Router, EqualArrivalPrefersFewerHops) {
  // Node 2 is reached at t=2 over two hops (contacts 0, 1) or at t=5 in one hop (contact 2);
  // both then wait for contact 3 (opens at 100), so the arrivals at 3 tie: fewest hops wins.
  // A contact-Dijkstra that keeps only the earliest label per node would return 3 hops.
  const ContactGraph g = PlanBuilder(4)
                             .add(0, 1, 0, 10, 8000)
                             .add(1, 2, 0, 10, 8000)
                             .add(0, 2, 4, 10, 8000)
                             .add(2, 3, 100, 200, 8000)
                             .graph();
  Router router(g);
  const std::optional<Route> r = router.earliest_route(query(0, 0, 1000), 3);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->arrival(), at(101));
  EXPECT_EQ(r->contacts(), (std::vector<ContactIndex>{2, 3}));
}

TEST(Router, EqualRoutesPreferLowerContactIndex) {
  const ContactGraph g =
      PlanBuilder(3).add(0, 1, 0, 10, 8000).add(0, 2, 0, 10, 8000).add(0, 1, 0, 10, 8000).graph();
  Router router(g);
  const std::optional<Route> r = router.earliest_route(query(0, 0, 1000), 1);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->contacts(), std::vector<ContactIndex>{0});
}

TEST(Router, UnreachableAndSelf) {
  const ContactGraph g = PlanBuilder(4).add(0, 1, 0, 10, 8000).add(2, 3, 0, 10, 8000).graph();
  Router router(g);
  EXPECT_FALSE(router.earliest_route(query(0, 0, 10), 3).has_value());
  EXPECT_FALSE(router.earliest_route(query(0, 0, 10), 0).has_value());
  EXPECT_FALSE(router.earliest_route(query(0, 20, 10), 1).has_value());  // contact over
  EXPECT_FALSE(router.earliest_route(query(3, 0, 10), 2).has_value());   // one-way contact
}

TEST(Router, DeadlineExcludesLateRoutes) {
  const ContactGraph g = PlanBuilder(2).add(0, 1, 100, 200, 8000).graph();
  Router router(g);
  RouteQuery q = query(0, 0, 1000);
  q.deadline = at(100.5);
  EXPECT_FALSE(router.earliest_route(q, 1).has_value());
  q.deadline = at(101);
  EXPECT_TRUE(router.earliest_route(q, 1).has_value());
}

TEST(Router, AnyDestinationTakesFirstReachable) {
  // Station 2 is in view at 50, station 3 at 30: "any station" is 3, then 2 once 3 is gone.
  const ContactGraph g = PlanBuilder(4)
                             .add(0, 2, 50, 100, 8000)
                             .add(0, 3, 30, 40, 8000)
                             .add(0, 1, 0, 100, 8000)
                             .graph();
  Router router(g);
  const std::vector<NodeIndex> stations = {2, 3, 0};  // the source itself is ignored
  std::optional<Route> r = router.earliest_route_to_any(query(0, 0, 1000), stations);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->contacts(), std::vector<ContactIndex>{1});
  r = router.earliest_route_to_any(query(0, 45, 1000), stations);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->contacts(), std::vector<ContactIndex>{0});
  EXPECT_FALSE(router.earliest_route_to_any(query(0, 45, 1000), std::vector<NodeIndex>{0, 3}));
}

TEST(Router, AnyDestinationTiePrefersFewerHops) {
  // Station 3 via node 1 (contacts 1, 0) and station 2 directly (contact 2) both at t=101.
  const ContactGraph g = PlanBuilder(4)
                             .add(1, 3, 100, 200, 8000)
                             .add(0, 1, 0, 10, 8000)
                             .add(0, 2, 100, 200, 8000)
                             .graph();
  Router router(g);
  const std::optional<Route> r =
      router.earliest_route_to_any(query(0, 0, 1000), std::vector<NodeIndex>{3, 2});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->arrival(), at(101));
  EXPECT_EQ(r->contacts(), std::vector<ContactIndex>{2});
}

TEST(Router, ResidualVolumeSteersLaterBundles) {
  // Each contact carries 10 s * 8000 bit/s = 10,000 B: one 6,000 B bundle fits, two do not.
  const ContactGraph g = PlanBuilder(2).add(0, 1, 0, 10, 8000).add(0, 1, 20, 30, 8000).graph();
  Router router(g);
  std::vector<uint64_t> residual = {g.volume_bytes(0), g.volume_bytes(1)};
  RouteQuery q = query(0, 0, 6000);
  q.residual_bytes = residual;
  const std::optional<Route> first = router.earliest_route(q, 1);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->contacts(), std::vector<ContactIndex>{0});
  residual[0] -= 6000;  // as the engine books a bundle on contact 0
  const std::optional<Route> second = router.earliest_route(q, 1);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->contacts(), std::vector<ContactIndex>{1});
  EXPECT_EQ(second->bottleneck_bytes, 10'000u);
  residual[1] -= 6000;
  EXPECT_FALSE(router.earliest_route(q, 1).has_value());
  residual[0] += 6000;  // and frees it again
  EXPECT_EQ(router.earliest_route(q, 1)->contacts(), std::vector<ContactIndex>{0});
}

TEST(Router, NoTransitNodesEndRoutesButDoNotRelay) {
  // 0 -> 1 -> 3 arrives at 12; 0 -> 2 -> 3 at 52. Node 1 may not relay (a ground station).
  const ContactGraph g = PlanBuilder(4)
                             .add(0, 1, 0, 100, 8000)
                             .add(1, 3, 10, 100, 8000)
                             .add(0, 2, 0, 100, 8000)
                             .add(2, 3, 50, 100, 8000)
                             .graph();
  Router router(g);
  const std::vector<uint8_t> no_transit = {0, 1, 0, 0};
  RouteQuery q = query(0, 0, 1000);
  EXPECT_EQ(router.earliest_route(q, 3)->arrival(), at(11));
  q.no_transit = no_transit;
  const std::optional<Route> r = router.earliest_route(q, 3);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->contacts(), (std::vector<ContactIndex>{2, 3}));
  EXPECT_EQ(r->arrival(), at(51));
  // It may still be the destination, and the source.
  EXPECT_EQ(router.earliest_route(q, 1)->arrival(), at(1));
  q.source = 1;
  EXPECT_TRUE(router.earliest_route(q, 3).has_value());
  // evaluate_route agrees: the route through node 1 is not allowed.
  q.source = 0;
  const std::vector<ContactIndex> through_1 = {0, 1};
  EXPECT_FALSE(evaluate_route(g, q, through_1).has_value());
}

TEST(Router, KRoutesInOrder) {
  // Three ways from 0 to 2: direct at 100, via 1 arriving at 21, direct at 50.
  const ContactGraph g = PlanBuilder(3)
                             .add(0, 2, 100, 110, 8000)
                             .add(0, 1, 0, 10, 8000)
                             .add(1, 2, 20, 30, 8000)
                             .add(0, 2, 50, 60, 8000)
                             .graph();
  Router router(g);
  const std::vector<Route> routes = router.k_earliest_routes(query(0, 0, 1000), 2, 5);
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[0].contacts(), (std::vector<ContactIndex>{1, 2}));
  EXPECT_EQ(routes[1].contacts(), std::vector<ContactIndex>{3});
  EXPECT_EQ(routes[2].contacts(), std::vector<ContactIndex>{0});
  EXPECT_EQ(routes[2].arrival(), at(101));
  EXPECT_TRUE(router.k_earliest_routes(query(0, 0, 1000), 2, 0).empty());
}

TEST(Router, SamePlanSameRoutes) {
  Rng rng(2026);
  PlanBuilder b(30);
  for (int i = 0; i < 600; ++i) {
    const NodeIndex from = static_cast<NodeIndex>(rng.below(30));
    const NodeIndex to = static_cast<NodeIndex>((from + 1 + rng.below(29)) % 30);
    const double start = static_cast<double>(rng.below(3000));
    b.add(from, to, start, start + 1 + static_cast<double>(rng.below(300)),
          8000 * (1 + rng.below(4)), 0.01 * static_cast<double>(rng.below(300)));
  }
  const ContactGraph g1 = b.graph();
  const ContactGraph g2 = b.graph();
  Router r1(g1), r2(g2);
  for (NodeIndex s = 0; s < 30; ++s) {
    for (NodeIndex d = 0; d < 30; ++d) {
      const RouteQuery q = query(s, 100.0 * s, 2000);
      EXPECT_EQ(r1.earliest_route(q, d), r2.earliest_route(q, d));
      EXPECT_EQ(r1.earliest_route(q, d), r1.earliest_route(q, d));
    }
  }
  EXPECT_EQ(r1.k_earliest_routes(query(0, 0, 2000), 7, 4),
            r2.k_earliest_routes(query(0, 0, 2000), 7, 4));
}

}  // namespace
}  // namespace lagrange::network
