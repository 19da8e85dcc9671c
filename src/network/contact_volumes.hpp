// Residual volume per contact: the bytes still unclaimed on each contact of a plan.
//
// The engine reserves a route's volume when it commits a bundle to it and releases it when the
// bundle is dropped or re-routed, so later routing queries (through `residual()` in a
// RouteQuery) only use contacts with room left. This is volume bookkeeping, not scheduling:
// when within a contact the bytes flow, and how concurrent transfers share the rate, is the
// engine's business.
//
// Mutable state, owned by the engine; not thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "network/contact_graph.hpp"
#include "network/route.hpp"

namespace lagrange::network {

class ContactVolumes {
 public:
  // Every contact starts at its full volume (`ContactGraph::volume_bytes`).
  explicit ContactVolumes(const ContactGraph& graph);

  uint64_t residual_bytes(ContactIndex c) const { return residual_[c]; }
  uint64_t reserved_bytes(ContactIndex c) const { return full_[c] - residual_[c]; }
  // Indexed by contact; valid until this object is destroyed.
  std::span<const uint64_t> residual() const { return residual_; }

  // Claims `bytes` on every contact of the route, all or nothing: false (and no change) if
  // any contact has less than `bytes` left.
  [[nodiscard]] bool reserve(const Route& route, uint64_t bytes);
  // Gives back a reservation made with reserve(route, bytes). Releasing more than was
  // reserved on a contact is a programmer error (asserted).
  void release(const Route& route, uint64_t bytes);

 private:
  std::vector<uint64_t> full_;
  std::vector<uint64_t> residual_;
};

}  // namespace lagrange::network
