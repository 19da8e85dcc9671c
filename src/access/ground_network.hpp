// The terrestrial network between ground stations, as contacts of the plan.
//
// Stations on the network are joined pairwise: for every two joined stations A and B the plan
// gets a contact A -> B and one B -> A (ContactKind::kGroundLink) spanning the plan's whole
// window, at a rate and with a one-way latency (carried as the contact's OWLT). Each station
// reaches the network through its own access, so a link is as slow as its slower end: latency
// max(latency A, latency B), rate min(rate A, rate B). A station left off the network (`joined`
// false) gets no ground links. Like every contact, a ground link carries one bundle at a time
// (the engine queues bundles on it, so concurrent transfers share its rate).
//
// Why contacts: the router then finds routes that go down at one station and up (or on to the
// destination) at another by the same earliest-arrival search, with the same exactness.
#pragma once

#include <map>
#include <string>

#include "access/contact_plan.hpp"

namespace lagrange::access {

// How one station reaches the terrestrial network.
struct GroundAccess {
  bool joined = true;
  double latency_s = 0.050;  // one-way, seconds; >= 0, finite
  double rate_bps = 1e9;     // > 0, finite
};

struct GroundNetwork {
  bool enabled = false;  // false: no ground links at all (stations are unconnected)
  GroundAccess defaults;
  std::map<std::string, GroundAccess> stations;  // by station name: replaces the defaults

  const GroundAccess& access_of(const std::string& station) const;
};

// The link from station a to station b, given both are joined.
GroundAccess ground_link(const GroundAccess& a, const GroundAccess& b);

// Appends the ground links between the plan's ground-station nodes (names looked up in
// network.stations; unknown names take the defaults) and re-canonicalizes the plan. Nothing
// when the network is disabled or fewer than two stations are joined. The plan's window must
// be non-empty (asserted).
void add_ground_links(const GroundNetwork& network, ContactPlan& plan);

}  // namespace lagrange::access
