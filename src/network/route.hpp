// What a routing query asks and what it answers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/time.hpp"
#include "network/contact_graph.hpp"

namespace lagrange::network {

struct RouteQuery {
  NodeIndex source = 0;
  Instant ready;                    // the bundle is at `source` and may leave from this time
  uint64_t bytes = 0;               // bundle size; the whole bundle crosses each hop in one go
  std::optional<Instant> deadline;  // if set, arrival must be <= deadline (bundle lifetime)
  // Residual bytes per contact (indexed like the plan), as the engine keeps them: a contact
  // with fewer than `bytes` left is not used. Empty: every contact at full volume.
  std::span<const uint64_t> residual_bytes;
  // Nodes a route may start or end at but not pass through (indexed by node, nonzero: no
  // transit), e.g. ground stations off the terrestrial network (stations on it relay).
  // Empty: every node may relay.
  std::span<const uint8_t> no_transit;
};

// One contact of a route with the times the transmission model gives it.
struct Hop {
  ContactIndex contact = kNoContact;
  Instant tx_start;  // max(contact start, time the bundle is ready at the sender)
  Instant tx_end;    // tx_start + transmission time; <= contact end
  Instant arrival;   // tx_end + one-way light time: ready at the receiver

  bool operator==(const Hop&) const = default;
};

struct Route {
  std::vector<Hop> hops;  // in travel order; hops[i].contact's receiver sends hops[i + 1]
  // Smallest residual (or, without a residual view, full) volume among the route's contacts:
  // the most a bundle following this route could carry on every hop.
  uint64_t bottleneck_bytes = 0;

  size_t hop_count() const { return hops.size(); }
  Instant departure() const { return hops.front().tx_start; }
  Instant arrival() const { return hops.back().arrival; }
  std::vector<ContactIndex> contacts() const;

  bool operator==(const Route&) const = default;
};

}  // namespace lagrange::network
