// ContactGraph: validation, link index, transmission time.
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "network/contact_graph.hpp"
#include "network/internal/test_plans.hpp"

namespace lagrange::network {
namespace {

using test_plans::at;
using test_plans::PlanBuilder;
using test_plans::query;

TEST(TransmissionTime, WholeAndRoundedUp) {
  EXPECT_EQ(transmission_time(1000, 8000.0), Duration::seconds(1));
  EXPECT_EQ(transmission_time(0, 8000.0), Duration());
  // 8 bits at 3 bit/s = 2.666... s, rounded up to the next nanosecond.
  EXPECT_EQ(transmission_time(1, 3.0), Duration::from_ns(2'666'666'667));
  // Absurd sizes saturate instead of overflowing.
  EXPECT_GT(transmission_time(UINT64_MAX, 1e-3), Duration::days(365) * 200);
}

TEST(ContactGraph, RejectsBadContactsWithContext) {
  const auto error_of = [](PlanBuilder b) {
    Result<ContactGraph> g = ContactGraph::create(b.plan);
    return g.ok() ? std::string("ok") : g.error().message;
  };
  EXPECT_EQ(error_of(PlanBuilder(2).add(0, 2, 0, 1, 8000)),
            "contact 0 (node 0 -> node 2): node index out of range; the plan has 2 nodes");
  EXPECT_EQ(error_of(PlanBuilder(2).add(0, 1, 0, 1, 8000).add(1, 1, 0, 1, 8000)),
            "contact 1 (node 1 -> node 1): sender and receiver are the same node");
  EXPECT_EQ(error_of(PlanBuilder(2).add(0, 1, 5, 5, 8000)),
            "contact 0 (node 0 -> node 1): end is not after start");
  EXPECT_EQ(error_of(PlanBuilder(2).add(0, 1, 0, 1, 0)),
            "contact 0 (node 0 -> node 1): rate_bps is 0; must be > 0");
  EXPECT_EQ(error_of(PlanBuilder(2).add(0, 1, 0, 1, 8000, -1)),
            "contact 0 (node 0 -> node 1): owlt_s is -1; must be >= 0");
  EXPECT_EQ(error_of(PlanBuilder(2).add(0, 1, 0, 1, std::nan(""))),
            "contact 0 (node 0 -> node 1): rate_bps is nan; must be > 0");
  EXPECT_EQ(error_of(PlanBuilder(2)), "ok");
}

TEST(ContactGraph, LinksSortedAndOpenAfter) {
  const ContactGraph g = PlanBuilder(3)
                             .add(0, 1, 50, 60, 8000)
                             .add(0, 2, 0, 100, 8000)
                             .add(1, 2, 0, 1, 8000)
                             .add(0, 1, 10, 20, 8000)
                             .graph();
  const auto as_vector = [](std::span<const ContactIndex> s) {
    return std::vector<ContactIndex>(s.begin(), s.end());
  };
  EXPECT_EQ(as_vector(g.outgoing(0)), (std::vector<ContactIndex>{3, 0, 1}));
  const std::span<const ContactGraph::Link> links = g.links(0);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].to, 1u);
  EXPECT_EQ(links[1].to, 2u);
  EXPECT_EQ(as_vector(g.open_after(links[0], at(5))), (std::vector<ContactIndex>{3, 0}));
  EXPECT_EQ(as_vector(g.open_after(links[0], at(20))),
            std::vector<ContactIndex>{0});  // end exclusive
  EXPECT_TRUE(g.open_after(links[0], at(60)).empty());
  EXPECT_EQ(as_vector(g.open_after(links[1], at(99))), std::vector<ContactIndex>{1});
  ASSERT_EQ(g.links(1).size(), 1u);
  EXPECT_TRUE(g.open_after(g.links(1)[0], at(1)).empty());
  EXPECT_TRUE(g.links(2).empty());
  EXPECT_TRUE(g.outgoing(2).empty());
}

}  // namespace
}  // namespace lagrange::network
