#include "schedule/policy.hpp"

#include <string>

namespace lagrange::schedule {
namespace {

class BentPipe final : public Policy {
 public:
  std::string_view name() const override { return "bent-pipe"; }
  bool processes_in_orbit() const override { return false; }
  bool considers_neighbours() const override { return false; }
  std::optional<size_t> choose(std::span<const Candidate>) const override { return std::nullopt; }
};

class OnBoard final : public Policy {
 public:
  std::string_view name() const override { return "on-board"; }
  bool processes_in_orbit() const override { return true; }
  bool considers_neighbours() const override { return false; }
  // The holder always processes; when its battery is low the job waits on it.
  std::optional<size_t> choose(std::span<const Candidate> candidates) const override {
    if (candidates.empty() || !candidates[0].energy_ok) return std::nullopt;
    return 0;
  }
};

class Offload final : public Policy {
 public:
  std::string_view name() const override { return "offload"; }
  bool processes_in_orbit() const override { return true; }
  bool considers_neighbours() const override { return true; }
  // Earliest predicted completion among candidates with energy and room; ties go to the
  // holder (no laser transfer), then to the lower satellite index, so choices are
  // deterministic.
  std::optional<size_t> choose(std::span<const Candidate> candidates) const override {
    std::optional<size_t> best;
    for (size_t i = 0; i < candidates.size(); ++i) {
      const Candidate& c = candidates[i];
      if (!c.energy_ok || !c.storage_ok) continue;
      if (!best || better(c, candidates[*best])) best = i;
    }
    return best;
  }

 private:
  static bool better(const Candidate& a, const Candidate& b) {
    if (a.predicted_completion != b.predicted_completion) {
      return a.predicted_completion < b.predicted_completion;
    }
    if (a.holds_data != b.holds_data) return a.holds_data;
    return a.satellite < b.satellite;
  }
};

}  // namespace

std::vector<std::string_view> policy_names() {
  return {"bent-pipe", "on-board", "offload"};
}

Result<std::unique_ptr<Policy>> make_policy(std::string_view name) {
  if (name == "bent-pipe") return std::unique_ptr<Policy>(new BentPipe);
  if (name == "on-board") return std::unique_ptr<Policy>(new OnBoard);
  if (name == "offload") return std::unique_ptr<Policy>(new Offload);
  return Error{"unknown policy '" + std::string(name) + "'; known: bent-pipe, on-board, offload"};
}

}  // namespace lagrange::schedule
