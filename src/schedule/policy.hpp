// Scheduling policies: where a job's data is processed.
//
// The engine (src/sim) owns the state; when a job's input is on a satellite (captured there or
// uplinked to it) it asks the policy where to process it, offering candidates it has costed
// from that state: the satellite holding the data first, then (for policies that consider
// neighbours) satellites its data can reach over laser links. The policy only chooses; the
// engine carries the choice out. One interface, several policies, compared on the same world:
//
//  - bent-pipe: nothing is processed in orbit; raw data goes to the ground (the baseline).
//  - on-board:  the satellite holding the data processes it; results go down.
//  - offload:   the holding satellite or a laser neighbour with free compute and energy,
//               whichever has the earliest predicted completion of the processing.
//
// Policies are stateless values: thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace lagrange::schedule {

struct Candidate {
  int satellite = 0;        // index of the satellite in the run
  bool holds_data = false;  // the data is already there (no laser transfer needed)
  // Predicted instant the processing would be done here: input across the laser link (none for
  // the holder), then the accelerator's queue, then the compute time.
  Instant predicted_completion;
  bool energy_ok = false;   // the battery can run the job now without going below its minimum
  bool storage_ok = false;  // room for the data there
};

class Policy {
 public:
  virtual ~Policy() = default;
  virtual std::string_view name() const = 0;
  // False: raw data goes to the ground and is processed there (bent-pipe).
  virtual bool processes_in_orbit() const = 0;
  // True: the engine also offers satellites reachable over laser links.
  virtual bool considers_neighbours() const = 0;
  // Index into `candidates` (candidates[0] holds the data), or nullopt when none will do and
  // the job is to wait for the holder (the engine retries when the holder's state changes).
  virtual std::optional<size_t> choose(std::span<const Candidate> candidates) const = 0;
};

// "bent-pipe", "on-board", "offload"; the error lists them.
Result<std::unique_ptr<Policy>> make_policy(std::string_view name);
std::vector<std::string_view> policy_names();

}  // namespace lagrange::schedule
