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

  // Compressed rows: outgoing contacts grouped by sender, each group sorted by (start, index).
  g.outgoing_offset_.assign(g.node_count_ + 1, 0);
  for (const access::Contact& c : g.contacts_) ++g.outgoing_offset_[c.from + 1];
  for (size_t v = 0; v < g.node_count_; ++v) g.outgoing_offset_[v + 1] += g.outgoing_offset_[v];
  g.outgoing_.resize(n);
  std::vector<uint32_t> fill(g.outgoing_offset_.begin(), g.outgoing_offset_.end() - 1);
  for (ContactIndex i = 0; i < n; ++i) g.outgoing_[fill[g.contacts_[i].from]++] = i;
  g.outgoing_max_end_.resize(n);
  g.link_offset_.assign(g.node_count_ + 1, 0);
  for (size_t v = 0; v < g.node_count_; ++v) {
    const auto first = g.outgoing_.begin() + g.outgoing_offset_[v];
    const auto last = g.outgoing_.begin() + g.outgoing_offset_[v + 1];
    std::sort(first, last, [&](ContactIndex a, ContactIndex b) {
      const access::Contact& ca = g.contacts_[a];
      const access::Contact& cb = g.contacts_[b];
      return std::tie(ca.to, ca.start, a) < std::tie(cb.to, cb.start, b);
    });
    for (uint32_t k = g.outgoing_offset_[v]; k < g.outgoing_offset_[v + 1]; ++k) {
      const access::Contact& c = g.contacts_[g.outgoing_[k]];
      const bool new_link = g.links_.size() == g.link_offset_[v] || g.links_.back().to != c.to;
      if (new_link) g.links_.push_back(Link{c.to, k, k});
      Link& link = g.links_.back();
      g.outgoing_max_end_[k] = new_link ? c.end : std::max(c.end, g.outgoing_max_end_[k - 1]);
      link.end = k + 1;
    }
    g.link_offset_[v + 1] = static_cast<uint32_t>(g.links_.size());
  }
  return g;
}

std::span<const ContactIndex> ContactGraph::outgoing(NodeIndex node) const {
  return {outgoing_.data() + outgoing_offset_[node],
          outgoing_offset_[node + 1] - outgoing_offset_[node]};
}

std::span<const ContactGraph::Link> ContactGraph::links(NodeIndex node) const {
  return {links_.data() + link_offset_[node], link_offset_[node + 1] - link_offset_[node]};
}

std::span<const ContactIndex> ContactGraph::open_after(const Link& link, Instant t) const {
  const auto first = outgoing_max_end_.begin() + link.begin;
  const auto last = outgoing_max_end_.begin() + link.end;
  const auto open = static_cast<uint32_t>(std::upper_bound(first, last, t) - first);
  return {outgoing_.data() + link.begin + open, link.end - link.begin - open};
}

}  // namespace lagrange::network
