#include "network/contact_volumes.hpp"

#include <algorithm>
#include <cassert>

namespace lagrange::network {

ContactVolumes::ContactVolumes(const ContactGraph& graph) {
  full_.reserve(graph.contact_count());
  for (ContactIndex c = 0; c < graph.contact_count(); ++c) full_.push_back(graph.volume_bytes(c));
  residual_ = full_;
}

bool ContactVolumes::reserve(const Route& route, uint64_t bytes) {
  // A route never repeats a contact, but a hand-made one might: count each use.
  const bool fits = std::all_of(route.hops.begin(), route.hops.end(), [&](const Hop& h) {
    const auto uses = std::count_if(route.hops.begin(), route.hops.end(),
                                    [&](const Hop& o) { return o.contact == h.contact; });
    return bytes == 0 || residual_[h.contact] / static_cast<uint64_t>(uses) >= bytes;
  });
  if (!fits) return false;
  for (const Hop& h : route.hops) residual_[h.contact] -= bytes;
  return true;
}

void ContactVolumes::release(const Route& route, uint64_t bytes) {
  for (const Hop& h : route.hops) {
    assert(full_[h.contact] - residual_[h.contact] >= bytes);
    residual_[h.contact] += bytes;
  }
}

}  // namespace lagrange::network
