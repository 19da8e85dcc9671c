#include "network/contact_graph.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

#include <fmt/format.h>

namespace lagrange::network {
namespace {

// Beyond this many nanoseconds (~292 years) a transmission never fits a contact.
constexpr double kMaxNs = 9.0e18;

std::string contact_name(size_t index, const access::Contact& c) {
  return fmt::format("contact {} (node {} -> node {})", index, c.from, c.to);
}

Status check_contact(size_t index, const access::Contact& c, size_t node_count) {
  const auto fail = [&](const std::string& what) {
    return Status(Error{contact_name(index, c) + ": " + what});
  };
  if (c.from >= node_count || c.to >= node_count) {
    return fail(fmt::format("node index out of range; the plan has {} nodes", node_count));
  }
  if (c.from == c.to) return fail("sender and receiver are the same node");
  if (c.end <= c.start) return fail("end is not after start");
  if (!std::isfinite(c.rate_bps) || c.rate_bps <= 0.0) {
    return fail(fmt::format("rate_bps is {}; must be > 0", c.rate_bps));
  }
  if (!std::isfinite(c.owlt_s) || c.owlt_s < 0.0) {
    return fail(fmt::format("owlt_s is {}; must be >= 0", c.owlt_s));
  }
  return ok_status();
}

uint64_t contact_volume_bytes(const access::Contact& c) {
  const double bytes = std::floor(c.rate_bps * (c.end - c.start).to_seconds() / 8.0);
  return bytes >= 1.8e19 ? UINT64_MAX : static_cast<uint64_t>(bytes);
}

}  // namespace

Duration transmission_time(uint64_t bytes, double rate_bps) {
  const double ns = std::ceil(static_cast<double>(bytes) * 8.0e9 / rate_bps);
  return Duration::from_ns(ns >= kMaxNs ? static_cast<int64_t>(kMaxNs) : static_cast<int64_t>(ns));
}

Result<ContactGraph> ContactGraph::create(const access::ContactPlan& plan) {
  ContactGraph g;
  g.node_count_ = plan.nodes.size();
  const size_t n = plan.contacts.size();
  if (n >= kNoContact) return Error{fmt::format("contact plan has {} contacts; too many", n)};
  for (size_t i = 0; i < n; ++i) {
    if (Status s = check_contact(i, plan.contacts[i], g.node_count_); !s) return s.error();
  }
  g.contacts_ = plan.contacts;
  g.owlt_.reserve(n);
  g.volume_bytes_.reserve(n);
  for (const access::Contact& c : g.contacts_) {
    g.owlt_.push_back(Duration::from_seconds(c.owlt_s));
    g.volume_bytes_.push_back(contact_volume_bytes(c));
  }

  std::vector<uint8_t> ground(g.node_count_, 0);
  for (size_t v = 0; v < g.node_count_; ++v) {
    ground[v] = plan.nodes[v].kind == access::NodeKind::kGroundStation ? 1 : 0;
  }
  g.arrange_outgoing(ground);
  g.merge_ground_contacts(ground);
  g.merge_station_uplinks(ground);
  g.ground_ = std::move(ground);
  return g;
}

// Compressed rows: outgoing contacts grouped by sender, each group sorted by (receiver is a
// ground station, receiver, start, index) and cut into links.
void ContactGraph::arrange_outgoing(const std::vector<uint8_t>& ground) {
  const size_t n = contacts_.size();
  outgoing_offset_.assign(node_count_ + 1, 0);
  for (const access::Contact& c : contacts_) ++outgoing_offset_[c.from + 1];
  for (size_t v = 0; v < node_count_; ++v) outgoing_offset_[v + 1] += outgoing_offset_[v];
  outgoing_.resize(n);
  std::vector<uint32_t> fill(outgoing_offset_.begin(), outgoing_offset_.end() - 1);
  for (ContactIndex i = 0; i < n; ++i) outgoing_[fill[contacts_[i].from]++] = i;
  link_contacts_.reserve(n);
  link_offset_.assign(node_count_ + 1, 0);
  ground_link_begin_.assign(node_count_, 0);
  for (size_t v = 0; v < node_count_; ++v) {
    const auto first = outgoing_.begin() + outgoing_offset_[v];
    const auto last = outgoing_.begin() + outgoing_offset_[v + 1];
    std::sort(first, last, [&](ContactIndex a, ContactIndex b) {
      const access::Contact& ca = contacts_[a];
      const access::Contact& cb = contacts_[b];
      return std::tie(ground[ca.to], ca.to, ca.start, a) <
             std::tie(ground[cb.to], cb.to, cb.start, b);
    });
    ground_link_begin_[v] = link_offset_[v];
    for (uint32_t k = outgoing_offset_[v]; k < outgoing_offset_[v + 1]; ++k) {
      const ContactIndex index = outgoing_[k];
      const access::Contact& c = contacts_[index];
      const bool new_link = links_.size() == link_offset_[v] || links_.back().to != c.to;
      if (new_link) links_.push_back(Link{c.to, k, k});
      if (new_link && ground[c.to] == 0)
        ground_link_begin_[v] = static_cast<uint32_t>(links_.size());
      const Instant max_end = new_link ? c.end : std::max(c.end, link_contacts_.back().max_end);
      link_contacts_.push_back(
          LinkContact{max_end, c.start, c.end, c.rate_bps, owlt_[index], index, c.to});
      links_.back().end = k + 1;
    }
    link_offset_[v + 1] = static_cast<uint32_t>(links_.size());
  }
}

namespace {

// Appends [first, last) to `list` sorted by (start, receiver, index), max_end chained.
template <typename It>
void append_merged(It first, It last, std::vector<ContactGraph::LinkContact>& list) {
  const size_t from = list.size();
  list.insert(list.end(), first, last);
  std::sort(list.begin() + static_cast<std::ptrdiff_t>(from), list.end(),
            [](const ContactGraph::LinkContact& a, const ContactGraph::LinkContact& b) {
              return std::tie(a.start, a.to, a.contact) < std::tie(b.start, b.to, b.contact);
            });
  for (size_t k = from; k < list.size(); ++k) {
    const Instant end = list[k].end;
    list[k].max_end = k == from ? end : std::max(end, list[k - 1].max_end);
  }
}

}  // namespace

// Each node's contacts to ground stations again, merged across stations in start order.
void ContactGraph::merge_ground_contacts(const std::vector<uint8_t>& ground) {
  ground_offset_.assign(node_count_ + 1, 0);
  for (size_t v = 0; v < node_count_; ++v) {
    const auto first = link_contacts_.begin() + outgoing_offset_[v];
    const auto last = link_contacts_.begin() + outgoing_offset_[v + 1];
    const auto to_ground = [&](const LinkContact& lc) { return ground[lc.to] != 0; };
    const auto begin = std::find_if(first, last, to_ground);  // ground receivers sort last
    append_merged(begin, last, ground_contacts_);
    ground_offset_[v + 1] = static_cast<uint32_t>(ground_contacts_.size());
  }
}

// Each station's contacts to satellites again, merged across satellites in start order.
void ContactGraph::merge_station_uplinks(const std::vector<uint8_t>& ground) {
  uplink_offset_.assign(node_count_ + 1, 0);
  for (size_t v = 0; v < node_count_; ++v) {
    if (ground[v] != 0) {
      const auto first = link_contacts_.begin() + outgoing_offset_[v];
      const auto last = link_contacts_.begin() + outgoing_offset_[v + 1];
      const auto to_ground = [&](const LinkContact& lc) { return ground[lc.to] != 0; };
      append_merged(first, std::find_if(first, last, to_ground), station_uplinks_);
    }
    uplink_offset_[v + 1] = static_cast<uint32_t>(station_uplinks_.size());
  }
}

std::span<const ContactIndex> ContactGraph::outgoing(NodeIndex node) const {
  return {outgoing_.data() + outgoing_offset_[node],
          outgoing_offset_[node + 1] - outgoing_offset_[node]};
}

std::span<const ContactGraph::Link> ContactGraph::links(NodeIndex node) const {
  return {links_.data() + link_offset_[node], link_offset_[node + 1] - link_offset_[node]};
}

std::span<const ContactGraph::Link> ContactGraph::satellite_links(NodeIndex node) const {
  return {links_.data() + link_offset_[node], ground_link_begin_[node] - link_offset_[node]};
}

std::span<const ContactGraph::Link> ContactGraph::ground_links(NodeIndex node) const {
  return {links_.data() + ground_link_begin_[node],
          link_offset_[node + 1] - ground_link_begin_[node]};
}

}  // namespace lagrange::network
