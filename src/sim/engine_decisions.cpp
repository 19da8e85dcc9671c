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
  std::optional<schedule::Delivery> earliest_delivery(std::span<const size_t>) override {
    return std::nullopt;
  }
  std::optional<Instant> delivery_if_ground(std::optional<Instant>) override {
    return std::nullopt;
  }
};

// How `bytes` leaving satellite or station `from` go home: the first bundle is routed (with
// the residual volumes as they are now), the rest follows at the satellite's downlink rate.
struct HomeLeg {
  uint64_t first_bytes = 0;
  Duration rest;
  bool operator==(const HomeLeg&) const = default;
};

HomeLeg home_leg(const State& state, NodeIndex from, double bytes) {
  const uint64_t total = static_cast<uint64_t>(std::max(1.0, bytes));
  const uint64_t first = std::min(total, state.bundle_limit(from));
  const double rest_s =
      static_cast<double>(total - first) * 8.0 / state.world.satellites[from].downlink_rate_bps;
  return {first, Duration::from_seconds(rest_s)};
}

// The earliest arrival of a first bundle of `first_bytes` at one of the job's stations from
// whichever origin gets it there first (ties to the first listed), by `deadline` if set.
std::optional<network::OriginArrival> first_bundle_home(State& state, const Job& job,
                                                        std::span<const network::Origin> origins,
                                                        uint64_t first_bytes,
                                                        std::optional<Instant> deadline) {
  network::RouteQuery q{0, state.now, first_bytes, std::nullopt, state.residual, state.no_transit};
  if (job.record.deadline != workload::kNoDeadline) q.deadline = job.record.deadline;
  if (deadline) q.deadline = q.deadline ? std::min(*q.deadline, *deadline) : *deadline;
  // A route known from one of the origins that is still feasible bounds the search (the
  // earliest arrival is no later; the answer does not change).
  for (const network::Origin& o : origins) {
    network::RouteQuery from = q;
    from.ready = o.ready;
    if (const auto bound = state.known_arrival(o.node, job.destinations, from)) q.deadline = bound;
  }
  return state.router.earliest_arrival_from_any(q, origins, job.destinations);
}

// Data on a satellite: candidates costed on first use, then kept.
class SatelliteOptions final : public schedule::Options {
 public:
  SatelliteOptions(State& state, uint64_t job) : state_(state), job_(job) {}

  bool at_station() const override { return false; }

  std::span<const schedule::Candidate> candidates() override {
    if (!candidates_) candidates_ = state_.candidates(state_.jobs[job_]);
    return *candidates_;
  }

  // Candidates whose results travel alike (the same first bundle and the same rest after it;
  // on a constellation of one satellite class, all of them) share one multi-origin search,
  // each origin ready when its compute is done; a delivery is that arrival plus the rest.
  std::optional<schedule::Delivery> earliest_delivery(std::span<const size_t> among) override {
    const auto all = candidates();
    const Job& job = state_.jobs[job_];
    std::optional<schedule::Delivery> best;
    size_t best_position = 0;
    std::vector<bool> done(among.size(), false);
    for (size_t first = 0; first < among.size(); ++first) {
      if (done[first]) continue;
      const HomeLeg leg = leg_of(all[among[first]]);
      std::vector<size_t> positions;  // into `among`, in its order
      std::vector<network::Origin> origins;
      for (size_t p = first; p < among.size(); ++p) {
        const schedule::Candidate& c = all[among[p]];
        if (done[p] || !(leg_of(c) == leg)) continue;
        done[p] = true;
        positions.push_back(p);
        origins.push_back(
            {static_cast<NodeIndex>(c.satellite), std::max(c.predicted_completion, state_.now)});
      }
      const auto home = first_bundle_home(state_, job, origins, leg.first_bytes, std::nullopt);
      if (!home) continue;
      const Instant at = home->arrival + leg.rest;
      const size_t position = positions[home->origin];
      if (!best || at < best->at || (at == best->at && position < best_position)) {
        best = schedule::Delivery{among[position], at};
        best_position = position;
      }
    }
    return best;
  }

  // The raw data's route home from the holder now, then the ground GPU's compute time. With a
  // limit, routes that could not land in time are not searched for (the search's deadline).
  std::optional<Instant> delivery_if_ground(std::optional<Instant> before) override {
    const Job& job = state_.jobs[job_];
    const HomeLeg leg = home_leg(state_, job.holder, job.record.raw_bytes);
    const Duration compute =
        Duration::from_seconds(job.record.operations / state_.world.ground_ops_per_s);
    std::optional<Instant> deadline;
    if (before) {
      // landed + compute < before, landed = arrival + rest, in whole nanoseconds.
      deadline = *before - compute - leg.rest - Duration::from_ns(1);
      if (*deadline < state_.now) return std::nullopt;
    }
    const network::Origin holder{job.holder, state_.now};
    const auto home =
        first_bundle_home(state_, job, std::span(&holder, 1), leg.first_bytes, deadline);
    if (!home) return std::nullopt;
    return home->arrival + leg.rest + compute;
  }

 private:
  HomeLeg leg_of(const schedule::Candidate& c) const {
    return home_leg(state_, static_cast<NodeIndex>(c.satellite),
                    state_.jobs[job_].record.result_bytes);
  }

  State& state_;
  uint64_t job_;
  std::optional<std::vector<schedule::Candidate>> candidates_;
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

}  // namespace lagrange::sim
