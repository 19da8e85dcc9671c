// What the engine offers a policy to decide on (schedule::Options), costed from its state.
#include <algorithm>

#include "sim/internal/engine_state.hpp"

namespace lagrange::sim {
namespace {

// Work submitted at a station: the choice is ground or orbit, nothing to cost.
class StationOptions final : public schedule::Options {
 public:
  bool at_station() const override { return true; }
  std::span<const schedule::Candidate> candidates() override { return {}; }
  std::optional<Instant> delivery_if_on(size_t) override { return std::nullopt; }
  std::optional<Instant> delivery_if_ground() override { return std::nullopt; }
};

// Data on a satellite: candidates and deliveries costed on first use, then kept.
class SatelliteOptions final : public schedule::Options {
 public:
  SatelliteOptions(State& state, uint64_t job) : state_(state), job_(job) {}

  bool at_station() const override { return false; }

  std::span<const schedule::Candidate> candidates() override {
    if (!candidates_) {
      candidates_ = state_.candidates(state_.jobs[job_]);
      deliveries_.assign(candidates_->size(), std::nullopt);
      costed_.assign(candidates_->size(), false);
    }
    return *candidates_;
  }

  std::optional<Instant> delivery_if_on(size_t i) override {
    const auto all = candidates();
    if (!costed_[i]) {
      const auto& c = all[i];
      deliveries_[i] =
          state_.predicted_delivery(state_.jobs[job_], static_cast<NodeIndex>(c.satellite),
                                    c.predicted_completion, state_.jobs[job_].record.result_bytes);
      costed_[i] = true;
    }
    return deliveries_[i];
  }

  std::optional<Instant> delivery_if_ground() override {
    const Job& job = state_.jobs[job_];
    const auto landed = state_.predicted_delivery(job, job.holder, state_.now, job.record.raw_bytes);
    if (!landed) return std::nullopt;
    return *landed + Duration::from_seconds(job.record.operations / state_.world.ground_ops_per_s);
  }

 private:
  State& state_;
  uint64_t job_;
  std::optional<std::vector<schedule::Candidate>> candidates_;
  std::vector<std::optional<Instant>> deliveries_;
  std::vector<bool> costed_;
};

}  // namespace

schedule::Decision State::decide_at_station() const {
  StationOptions options;
  return policy.decide(options);
}

schedule::Decision State::decide_on_satellite(uint64_t job) {
  SatelliteOptions options(*this, job);
  return policy.decide(options);
}

// When `bytes` leaving `from` at `ready` would be on the ground at one of the job's stations:
// the first bundle's earliest route (with the residual volumes as they are now), then the rest
// of the bytes at the satellite's downlink rate.
std::optional<Instant> State::predicted_delivery(const Job& job, NodeIndex from, Instant ready,
                                                 double bytes) {
  const uint64_t total = static_cast<uint64_t>(std::max(1.0, bytes));
  const uint64_t first = std::min(total, bundle_limit(from));
  network::RouteQuery q{from, std::max(ready, now), first, std::nullopt, residual, no_transit};
  if (job.record.deadline != workload::kNoDeadline) q.deadline = job.record.deadline;
  const auto route = router.earliest_route_to_any(q, job.destinations);
  if (!route) return std::nullopt;
  const double rest_s =
      static_cast<double>(total - first) * 8.0 / world.satellites[from].downlink_rate_bps;
  return route->arrival() + Duration::from_seconds(rest_s);
}

}  // namespace lagrange::sim
