// Small hand-written plans for the network tests (test-only; not part of the library).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "access/contact_plan.hpp"
#include "network/contact_graph.hpp"
#include "network/route.hpp"

namespace lagrange::network::test_plans {

inline Instant at(double seconds) {
  return Instant::from_unix_seconds(seconds);
}

// Nodes 0..n-1; contacts given in seconds.
struct PlanBuilder {
  access::ContactPlan plan;
  explicit PlanBuilder(size_t nodes) {
    for (size_t i = 0; i < nodes; ++i) {
      access::Node node;
      node.name = std::to_string(i);  // "n" + to_string trips GCC 12's -Wrestrict
      plan.nodes.push_back(node);
    }
  }
  PlanBuilder& add(NodeIndex from, NodeIndex to, double start_s, double end_s, double rate_bps,
                   double owlt_s = 0.0) {
    access::Contact c;
    c.from = from;
    c.to = to;
    c.start = at(start_s);
    c.end = at(end_s);
    c.rate_bps = rate_bps;
    c.owlt_s = owlt_s;
    plan.contacts.push_back(c);
    return *this;
  }
  ContactGraph graph() const {
    Result<ContactGraph> g = ContactGraph::create(plan);
    EXPECT_TRUE(g.ok()) << (g.ok() ? "" : g.error().message);
    return std::move(g).value();
  }
};

inline RouteQuery query(NodeIndex source, double ready_s, uint64_t bytes) {
  RouteQuery q;
  q.source = source;
  q.ready = at(ready_s);
  q.bytes = bytes;
  return q;
}

}  // namespace lagrange::network::test_plans
