#include "schedule/policy.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace lagrange::schedule {
namespace {

class BentPipe final : public Policy {
 public:
  std::string_view name() const override { return "bent-pipe"; }
  Decision decide(Options&) const override { return Decision::ground(); }
};

class OnBoard final : public Policy {
 public:
  std::string_view name() const override { return "on-board"; }
  // The holder always processes (when its battery is low the job waits in its queue).
  Decision decide(Options& options) const override {
    return options.at_station() ? Decision::orbit() : Decision::holder();
  }
};

// Ties go to the holder (no laser transfer), then to the lower satellite index, so choices
// are deterministic.
bool earlier(Instant a, const Candidate& ca, Instant b, const Candidate& cb) {
  if (a != b) return a < b;
  if (ca.holds_data != cb.holds_data) return ca.holds_data;
  return ca.satellite < cb.satellite;
}

Decision on_candidate(const Candidate& c) {
  return c.holds_data ? Decision::holder() : Decision::on(c.satellite);
}

class Offload final : public Policy {
 public:
  std::string_view name() const override { return "offload"; }
  // Earliest predicted completion among candidates with energy and room; none: the holder.
  Decision decide(Options& options) const override {
    if (options.at_station()) return Decision::orbit();
    const auto candidates = options.candidates();
    const Candidate* best = nullptr;
    for (const Candidate& c : candidates) {
      if (!c.energy_ok || !c.storage_ok) continue;
      if (best == nullptr ||
          earlier(c.predicted_completion, c, best->predicted_completion, *best)) {
        best = &c;
      }
    }
    return best != nullptr ? on_candidate(*best) : Decision::holder();
  }
};

class Adaptive final : public Policy {
 public:
  std::string_view name() const override { return "adaptive"; }
  // Earliest predicted delivery of the result on the ground among the satellites with energy
  // and room and the ground option (which needs neither on board); none: the holder.
  Decision decide(Options& options) const override {
    if (options.at_station()) return Decision::orbit();
    const auto candidates = options.candidates();
    std::vector<size_t> eligible;
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (candidates[i].energy_ok && candidates[i].storage_ok) eligible.push_back(i);
    }
    // Listed in tie-break order (the holder, then lower indices): earliest_delivery breaks
    // ties to the first listed.
    std::sort(eligible.begin(), eligible.end(), [&](size_t a, size_t b) {
      const Candidate& ca = candidates[a];
      const Candidate& cb = candidates[b];
      if (ca.holds_data != cb.holds_data) return ca.holds_data;
      return ca.satellite < cb.satellite;
    });
    const std::optional<Delivery> best = options.earliest_delivery(eligible);
    const std::optional<Instant> before = best ? std::optional<Instant>(best->at) : std::nullopt;
    if (options.delivery_if_ground(before)) return Decision::ground();
    return best ? on_candidate(candidates[best->candidate]) : Decision::holder();
  }
};

template <typename P>
std::unique_ptr<Policy> make() {
  return std::make_unique<P>();
}

constexpr std::array<PolicyInfo, 4> kRegistry = {{
    {"bent-pipe", "nothing in orbit: raw data down, processed on the ground", &make<BentPipe>},
    {"on-board", "the satellite holding the data processes it", &make<OnBoard>},
    {"offload", "holder or a laser neighbour, earliest predicted completion", &make<Offload>},
    {"adaptive", "ground, holder or neighbour, earliest predicted delivery on the ground",
     &make<Adaptive>},
}};

}  // namespace

std::span<const PolicyInfo> policy_registry() {
  return kRegistry;
}

std::vector<std::string_view> policy_names() {
  std::vector<std::string_view> out;
  for (const auto& p : kRegistry) out.push_back(p.name);
  return out;
}

Result<std::unique_ptr<Policy>> make_policy(std::string_view name) {
  std::string known;
  for (const auto& p : kRegistry) {
    if (p.name == name) return p.make();
    known += (known.empty() ? "" : ", ") + std::string(p.name);
  }
  return Error{"unknown policy '" + std::string(name) + "'; known: " + known};
}

}  // namespace lagrange::schedule
