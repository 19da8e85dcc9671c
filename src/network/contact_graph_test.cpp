// ContactGraph: validation, link index, transmission time.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "core/random.hpp"
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
  const auto contacts_of = [](std::span<const ContactGraph::LinkContact> s) {
    std::vector<ContactIndex> out;
    for (const ContactGraph::LinkContact& lc : s) out.push_back(lc.contact);
    return out;
  };
  const std::span<const ContactIndex> outgoing = g.outgoing(0);
  EXPECT_EQ(std::vector<ContactIndex>(outgoing.begin(), outgoing.end()),
            (std::vector<ContactIndex>{3, 0, 1}));
  const std::span<const ContactGraph::Link> links = g.links(0);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].to, 1u);
  EXPECT_EQ(links[1].to, 2u);
  EXPECT_EQ(contacts_of(g.open_after(links[0], at(5))), (std::vector<ContactIndex>{3, 0}));
  EXPECT_EQ(contacts_of(g.open_after(links[0], at(20))),
            std::vector<ContactIndex>{0});  // end exclusive
  EXPECT_TRUE(g.open_after(links[0], at(60)).empty());
  EXPECT_EQ(contacts_of(g.open_after(links[1], at(99))), std::vector<ContactIndex>{1});
  ASSERT_EQ(g.links(1).size(), 1u);
  EXPECT_TRUE(g.open_after(g.links(1)[0], at(1)).empty());
  EXPECT_TRUE(g.links(2).empty());
  EXPECT_TRUE(g.outgoing(2).empty());
}

TEST(ContactGraph, LinkContactsCopyTheirContacts) {
  const ContactGraph g = PlanBuilder(3)
                             .add(0, 1, 50, 60, 8000, 0.5)
                             .add(0, 2, 0, 100, 16000, 0.25)
                             .add(0, 1, 10, 20, 4000)
                             .graph();
  for (const ContactGraph::Link& link : g.links(0)) {
    for (const ContactGraph::LinkContact& lc : g.open_after(link, at(0))) {
      const access::Contact& c = g.contact(lc.contact);
      EXPECT_EQ(c.to, link.to);
      EXPECT_EQ(lc.start, c.start);
      EXPECT_EQ(lc.end, c.end);
      EXPECT_EQ(lc.rate_bps, c.rate_bps);
      EXPECT_EQ(lc.owlt, g.owlt(lc.contact));
    }
  }
}

TEST(ContactGraph, OpenPositionFromAnyValidStartMatchesBinarySearch) {
  // Lists of contacts with random ends (max_end their running maximum), searched from every
  // valid start: the exponential search must land where a plain binary search does.
  Rng rng(77);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<ContactGraph::LinkContact> list(rng.below(40));
    Instant max_end = at(0);
    for (auto& lc : list) {
      lc.end = at(static_cast<double>(rng.below(1000)));
      max_end = std::max(max_end, lc.end);
      lc.max_end = max_end;
    }
    for (int q = 0; q < 20; ++q) {
      const Instant t = at(static_cast<double>(rng.below(1100)));
      const auto expected = static_cast<size_t>(
          std::upper_bound(
              list.begin(), list.end(), t,
              [](Instant time, const ContactGraph::LinkContact& lc) { return time < lc.max_end; }) -
          list.begin());
      for (size_t from = 0; from <= expected; ++from) {
        EXPECT_EQ(open_position(list, from, t), expected) << "trial " << trial << " from " << from;
      }
    }
  }
}

}  // namespace
}  // namespace lagrange::network
