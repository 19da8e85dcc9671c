// The contact graph: the contact plan arranged for routing.
//
// Contacts are the vertices (as in Contact Graph Routing, CCSDS 734.3-B-1 "SABR"): a bundle
// held at node u can leave on any contact whose sender is u, so each node's outgoing contacts
// are kept together, grouped by receiver into "links" and sorted by start time within a link,
// for a binary-searchable "what is still open after time t" lookup. Per-link order lets a
// search stop scanning a link as soon as its contacts start too late to improve the receiver.
// Contact indices are the indices of `ContactPlan::contacts`, so routes speak the plan's language.
//
// Transmission model (store-and-forward, one bundle per contact): a bundle of B bytes ready at
// the sender at time r starts on contact c at s = max(c.start, r), ends at
// e = s + transmission_time(B, c.rate_bps) and must have e <= c.end; it is ready at the
// receiver at e + owlt. Times are integer nanoseconds (`Instant`).
//
// Immutable after `create`; safe to share between threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "access/contact_plan.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace lagrange::network {

using access::NodeIndex;
using ContactIndex = uint32_t;

inline constexpr ContactIndex kNoContact = UINT32_MAX;

// Time to clock B bytes out at rate_bps, rounded up to whole nanoseconds so a bundle never
// finishes earlier than physics allows. Saturates at ~292 years (never fits any contact).
// rate_bps must be positive.
Duration transmission_time(uint64_t bytes, double rate_bps);

class ContactGraph {
 public:
  // Checks every contact: sender and receiver are nodes of the plan and differ, end > start,
  // rate_bps is finite and positive, owlt_s is finite and not negative. The error names the
  // contact by index and nodes ("contact 12 (node 3 -> node 5): rate_bps is 0; must be > 0").
  static Result<ContactGraph> create(const access::ContactPlan& plan);

  size_t node_count() const { return node_count_; }
  size_t contact_count() const { return contacts_.size(); }
  const access::Contact& contact(ContactIndex c) const { return contacts_[c]; }
  Duration owlt(ContactIndex c) const { return owlt_[c]; }
  // Bytes the whole contact can carry: floor(rate_bps * (end - start) / 8).
  uint64_t volume_bytes(ContactIndex c) const { return volume_bytes_[c]; }

  // All contacts from one sender to one receiver, as a range of positions in `outgoing`.
  struct Link {
    NodeIndex to = 0;
    uint32_t begin = 0;
    uint32_t end = 0;
  };

  // Contacts sent by `node`, sorted by (receiver, start, index).
  std::span<const ContactIndex> outgoing(NodeIndex node) const;
  // The node's links, by receiver.
  std::span<const Link> links(NodeIndex node) const;
  // The link's contacts from the first one that may still be open after time t, in start
  // order: every contact of the link before the returned range has ended by t (end <= t).
  // Contacts in the range may have ended too (a long earlier contact keeps the range wide);
  // callers check `end` themselves.
  std::span<const ContactIndex> open_after(const Link& link, Instant t) const;

 private:
  ContactGraph() = default;

  size_t node_count_ = 0;
  std::vector<access::Contact> contacts_;
  std::vector<Duration> owlt_;
  std::vector<uint64_t> volume_bytes_;
  std::vector<uint32_t> outgoing_offset_;  // node_count + 1 entries into outgoing_
  std::vector<ContactIndex> outgoing_;
  std::vector<Instant> outgoing_max_end_;  // running max of end within each link
  std::vector<uint32_t> link_offset_;      // node_count + 1 entries into links_
  std::vector<Link> links_;
};

}  // namespace lagrange::network
