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

#include <algorithm>
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

  // What a search needs of a contact, stored in link order. `max_end` is the latest end among
  // this contact and the ones before it in its list: sorted, so binary-searchable, and in the
  // record the search reads next (one cache miss instead of two).
  struct LinkContact {
    Instant max_end;
    Instant start;
    Instant end;
    double rate_bps = 0.0;
    Duration owlt;
    ContactIndex contact = kNoContact;
    NodeIndex to = 0;
  };

  // All contacts from one sender to one receiver, as a range of positions in `outgoing`.
  struct Link {
    NodeIndex to = 0;
    uint32_t begin = 0;
    uint32_t end = 0;
  };

  // Contacts sent by `node`, sorted by (receiver is a ground station, receiver, start, index).
  std::span<const ContactIndex> outgoing(NodeIndex node) const;
  // The node's links in that order: to satellites by receiver, then to ground stations.
  std::span<const Link> links(NodeIndex node) const;
  std::span<const Link> satellite_links(NodeIndex node) const;
  std::span<const Link> ground_links(NodeIndex node) const;
  // The link's contacts from the first one that may still be open after time t, in start
  // order: every contact of the link before the returned range has ended by t (end <= t).
  // Contacts in the range may have ended too (a long earlier contact keeps the range wide);
  // callers check `end` themselves.
  std::span<const LinkContact> open_after(const Link& link, Instant t) const;
  // The node's contacts to ground stations, all stations together, sorted by (start, receiver,
  // index), from the first one that may still be open after t (as open_after: earlier ones
  // have all ended by t; later ones may have ended too).
  std::span<const LinkContact> ground_contacts_open_after(NodeIndex node, Instant t) const;

  // The whole lists behind open_after and ground_contacts_open_after (for open_position).
  std::span<const LinkContact> contacts_of(const Link& link) const {
    return {link_contacts_.data() + link.begin, link.end - link.begin};
  }
  std::span<const LinkContact> ground_contacts(NodeIndex node) const {
    return {ground_contacts_.data() + ground_offset_[node],
            ground_offset_[node + 1] - ground_offset_[node]};
  }
  // For a ground station: its contacts to satellites (its uplinks), all satellites together,
  // sorted and max_end-chained like ground_contacts. Empty for satellites, whose links to
  // satellites are few and are read link by link. A station on a ground network relays, and
  // its hundreds of uplink links would otherwise be looked up one by one.
  std::span<const LinkContact> station_uplinks(NodeIndex node) const {
    return {station_uplinks_.data() + uplink_offset_[node],
            uplink_offset_[node + 1] - uplink_offset_[node]};
  }
  bool is_ground_station(NodeIndex node) const { return ground_[node] != 0; }
  // Links numbered 0..link_count() - 1 across the graph, for per-link data kept by callers.
  size_t link_count() const { return links_.size(); }
  uint32_t link_index(const Link& link) const {
    return static_cast<uint32_t>(&link - links_.data());
  }

 private:
  ContactGraph() = default;
  void arrange_outgoing(const std::vector<uint8_t>& ground);
  void merge_ground_contacts(const std::vector<uint8_t>& ground);
  void merge_station_uplinks(const std::vector<uint8_t>& ground);

  size_t node_count_ = 0;
  std::vector<access::Contact> contacts_;
  std::vector<Duration> owlt_;
  std::vector<uint64_t> volume_bytes_;
  std::vector<uint32_t> outgoing_offset_;  // node_count + 1 entries into outgoing_
  std::vector<ContactIndex> outgoing_;
  std::vector<LinkContact> link_contacts_;   // parallel to outgoing_
  std::vector<uint32_t> link_offset_;        // node_count + 1 entries into links_
  std::vector<uint32_t> ground_link_begin_;  // per node: its first link to a ground station
  std::vector<Link> links_;
  std::vector<uint32_t> ground_offset_;  // node_count + 1 entries into ground_contacts_
  std::vector<LinkContact> ground_contacts_;
  std::vector<uint32_t> uplink_offset_;  // node_count + 1 entries into station_uplinks_
  std::vector<LinkContact> station_uplinks_;
  std::vector<uint8_t> ground_;  // per node: 1 for ground stations
};

// In a list sorted by max_end (contacts_of, ground_contacts): the position of the first contact
// whose max_end is after t, searching from `from` (whose predecessors must all have
// max_end <= t): exponential then binary search, so O(1) when the answer is at or near `from`
// (a search that remembers where a list was open a moment ago).
inline size_t open_position(std::span<const ContactGraph::LinkContact> list, size_t from,
                            Instant t) {
  const auto open = [&](size_t i) { return t < list[i].max_end; };
  if (from >= list.size() || open(from)) return from;
  size_t closed = from;  // list[closed].max_end <= t
  size_t step = 1;
  while (closed + step < list.size() && !open(closed + step)) {
    closed += step;
    step *= 2;
  }
  const auto first = list.begin() + static_cast<std::ptrdiff_t>(closed + 1);
  const auto last =
      list.begin() + static_cast<std::ptrdiff_t>(std::min(closed + step, list.size()));
  const auto it = std::upper_bound(
      first, last, t,
      [](Instant time, const ContactGraph::LinkContact& lc) { return time < lc.max_end; });
  return static_cast<size_t>(it - list.begin());
}

// Inline: a route search calls these for every link of every node it settles.
inline std::span<const ContactGraph::LinkContact> ContactGraph::open_after(const Link& link,
                                                                           Instant t) const {
  const auto list = contacts_of(link);
  return list.subspan(open_position(list, 0, t));
}

inline std::span<const ContactGraph::LinkContact> ContactGraph::ground_contacts_open_after(
    NodeIndex node, Instant t) const {
  const auto list = ground_contacts(node);
  return list.subspan(open_position(list, 0, t));
}

}  // namespace lagrange::network
