// Scheduling policies: where a job's data is processed.
//
// The engine (src/sim) owns the state. At each point where a job's processing must be placed
// it asks the policy for one `Decision`, handing it an `Options` object through which the
// policy asks the engine to cost what it wants to compare (each costing may run route queries,
// so a policy asks only for what it uses). Two points:
//  - work submitted at a station (compute jobs, LLM queries): process it on the ground (the
//    ground data centre at the submitting station) or send it up to the constellation;
//  - data on a satellite (captured there, or uplinked to it): process it on the ground after
//    downlink, on the satellite holding it, or on another satellite (a laser neighbour).
// The policy only decides; the engine carries the decision out. The registry is the one list
// of policies: names, one-line descriptions and factories (scenarios and the CLI validate
// names against it).
//
//  - bent-pipe: nothing is processed in orbit; raw data goes to the ground (the baseline).
//  - on-board:  the satellite holding the data processes it; results go down.
//  - offload:   the holder or a laser neighbour with energy and room, whichever has the
//               earliest predicted completion of the processing.
//  - adaptive:  every option costed to the predicted delivery of the result on the ground
//               (ground after downlink, holder, laser neighbours, each with its result's
//               route home); the earliest among those that keep energy and storage margins;
//               ties to the holder, then the lower satellite index, then (only when strictly
//               earlier) the ground.
//
// Policies are stateless values: thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace lagrange::schedule {

// A satellite that could process a job's data, costed by the engine from its state.
struct Candidate {
  int satellite = 0;        // index of the satellite in the run
  bool holds_data = false;  // the data is already there (no laser transfer needed)
  // Predicted instant the processing would be done here: input across the laser link (none for
  // the holder), then the accelerator's queue, then the compute time.
  Instant predicted_completion;
  bool energy_ok = false;   // the battery can run the job now without going below its minimum
  bool storage_ok = false;  // room for the data there
};

// When a candidate's result would be on the ground (Options::earliest_delivery).
struct Delivery {
  size_t candidate = 0;  // index into Options::candidates()
  Instant at;
};

// The one value a policy returns.
struct Decision {
  enum class Where : uint8_t {
    kGround,     // at a station: the ground data centre; on a satellite: raw data down first
    kOrbit,      // at a station: send the work up (the receiving satellite is asked again)
    kHolder,     // on a satellite: process where the data is
    kSatellite,  // on a satellite: move the data to `satellite` and process it there
  };
  Where where = Where::kGround;
  int satellite = -1;  // kSatellite only

  static Decision ground() { return {Where::kGround, -1}; }
  static Decision orbit() { return {Where::kOrbit, -1}; }
  static Decision holder() { return {Where::kHolder, -1}; }
  static Decision on(int sat) { return {Where::kSatellite, sat}; }
  friend bool operator==(const Decision&, const Decision&) = default;
};

// What the engine offers a policy about one job. Costing is lazy and cached per decision.
class Options {
 public:
  virtual ~Options() = default;
  // True: the work is at the station it was submitted from (answer kGround or kOrbit);
  // false: its data is on a satellite (answer kGround, kHolder or kSatellite).
  virtual bool at_station() const = 0;
  // On a satellite: the holder (first) and its laser neighbours whose link is up now or soon,
  // costed to completion of the processing.
  virtual std::span<const Candidate> candidates() = 0;
  // On a satellite: among candidates()[i] for the i in `among`, the one whose result would be
  // on the ground first if it processed it (its completion, then the result's route home) and
  // when; ties go to the one listed first; nullopt if none has a route home (or `among` is
  // empty). A delivery is never earlier than that candidate's predicted_completion. The engine
  // answers with one route search for all of them.
  virtual std::optional<Delivery> earliest_delivery(std::span<const size_t> among) = 0;
  // On a satellite: when the result would be on the ground if the raw data went down and
  // were processed there, if that is strictly before `before` (nullopt: no limit); nullopt if
  // it is not or no route is found. The limit lets the engine cut its route search short.
  virtual std::optional<Instant> delivery_if_ground(std::optional<Instant> before) = 0;
};

class Policy {
 public:
  virtual ~Policy() = default;
  virtual std::string_view name() const = 0;
  virtual Decision decide(Options& options) const = 0;
};

struct PolicyInfo {
  std::string_view name;
  std::string_view description;  // one line, for --help and docs
  std::unique_ptr<Policy> (*make)();
};

// Every policy, in the order the comparison shows them (the baseline first).
std::span<const PolicyInfo> policy_registry();
std::vector<std::string_view> policy_names();
// The policy of that name; the error lists the known names and suggests the closest.
Result<std::unique_ptr<Policy>> make_policy(std::string_view name);

}  // namespace lagrange::schedule
