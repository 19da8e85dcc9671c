#include "access/ground_network.hpp"

#include <algorithm>
#include <cassert>
#include <vector>

namespace lagrange::access {

const GroundAccess& GroundNetwork::access_of(const std::string& station) const {
  const auto it = stations.find(station);
  return it == stations.end() ? defaults : it->second;
}

GroundAccess ground_link(const GroundAccess& a, const GroundAccess& b) {
  return {a.joined && b.joined, std::max(a.latency_s, b.latency_s),
          std::min(a.rate_bps, b.rate_bps)};
}

void add_ground_links(const GroundNetwork& network, ContactPlan& plan) {
  if (!network.enabled) return;
  assert(plan.window_end > plan.window_start);
  std::vector<NodeIndex> joined;
  for (NodeIndex n = 0; n < plan.nodes.size(); ++n) {
    const Node& node = plan.nodes[n];
    if (node.kind == NodeKind::kGroundStation && network.access_of(node.name).joined) {
      joined.push_back(n);
    }
  }
  for (const NodeIndex a : joined) {
    for (const NodeIndex b : joined) {
      if (a == b) continue;
      const GroundAccess link =
          ground_link(network.access_of(plan.nodes[a].name), network.access_of(plan.nodes[b].name));
      plan.contacts.push_back({a, b, plan.window_start, plan.window_end, link.rate_bps,
                               link.latency_s, ContactKind::kGroundLink});
    }
  }
  canonicalize(plan);
}

}  // namespace lagrange::access
