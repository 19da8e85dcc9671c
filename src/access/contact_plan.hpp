// The contact plan: when each node can send to each other node, at what rate, with what
// light time. Every later layer (routing, scheduling, power) runs on it.
//
// Nodes are satellites and ground stations, numbered densely from 0 in a stable order
// (satellites first in input order, then stations in input order), which is also the
// node-number map written next to ION and HDTN plans (ION numbers = node index + 1).
// Contacts are directional (from -> to), as in ION and HDTN: a pass or a laser link gives
// one contact each way, possibly at different rates (downlink vs uplink); so does a ground
// link between two stations joined by the terrestrial network.
// Eclipse intervals per satellite travel with the plan for the power model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace lagrange::access {

using NodeIndex = uint32_t;

enum class NodeKind : uint8_t { kSatellite, kGroundStation };

struct Node {
  std::string name;  // "SCS-01 A" or "Kashgar"
  NodeKind kind = NodeKind::kSatellite;
  uint32_t norad_id = 0;  // satellites only
};

// kGroundLink: station -> station over the terrestrial network (ground_network.hpp), spanning
// the window; its OWLT is the network's one-way latency.
enum class ContactKind : uint8_t {
  kSatelliteToGround,
  kGroundToSatellite,
  kInterSatellite,
  kGroundLink
};

struct Contact {
  NodeIndex from = 0;
  NodeIndex to = 0;
  Instant start;
  Instant end;            // exclusive; end > start
  double rate_bps = 0.0;  // usable rate (after any acquisition time, nothing flows before)
  double owlt_s = 0.0;    // one-way light time, representative for the contact
  ContactKind kind = ContactKind::kInterSatellite;
};

// Shadow state of one satellite over an interval.
enum class ShadowKind : uint8_t { kPenumbra, kUmbra };

struct EclipseInterval {
  NodeIndex satellite = 0;
  Instant start;
  Instant end;
  ShadowKind kind = ShadowKind::kUmbra;
  // For penumbra: the smallest illuminated fraction of the solar disc within the interval.
  double min_illuminated_fraction = 0.0;
};

struct ContactPlan {
  Instant window_start;
  Instant window_end;
  std::vector<Node> nodes;
  // Sorted by (start, from, to, end) so the plan is byte-identical for the same inputs.
  std::vector<Contact> contacts;
  std::vector<EclipseInterval> eclipses;  // sorted by (satellite, start)
};

// Sorts contacts and eclipses into the canonical order above.
void canonicalize(ContactPlan& plan);

}  // namespace lagrange::access
