// Users' models in the twin (docs/models.md, "Deployment"): which version of which model each
// satellite runs, and deployments that carry a version's bytes to satellites over the real
// contacts, as bundles through the engine's transport and routing.
//
// A satellite runs a job of `model: user/NAME` only while a version of NAME is active on it;
// the version active when the job starts computing is the one it runs to the end (a hot
// update never touches a running job). A version becomes active on a satellite the moment the
// last byte of its file arrives there; every version received stays on board (in storage) so
// that a rollback — the version active before the current one becomes active again — is a
// command, taking effect at its time without moving bytes.
//
// Plain values, filled by the engine (engine.hpp) and read by the report and the service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace lagrange::sim {

// A satellite's active version of a model changed at `at` (version 0: none active).
struct ModelVersionChange {
  Instant at;
  uint32_t satellite = 0;
  uint32_t model = 0;  // index into the run's models (scenario's, then added at run time)
  int version = 0;
  friend bool operator==(const ModelVersionChange&, const ModelVersionChange&) = default;
};

// One deployment (or rollback) and how far it got.
struct DeploymentRecord {
  uint64_t id = 0;  // position in the run's list
  uint32_t model = 0;
  int version = 0;  // what it installs; a rollback's is 0 (each target's previous version)
  bool rollback = false;
  Instant requested;
  std::vector<uint32_t> satellites;               // targets, sorted
  std::vector<std::optional<Instant>> installed;  // per target: when it took effect there
  std::vector<double> bytes_received;             // per target: of the file, so far
  // Per target: the node its copy came from (satellites 0..S-1, then stations, as in the
  // contact plan); -1 when none was sent (already on board, waiting, or a rollback).
  std::vector<int64_t> sources;
  std::optional<Instant> completed;  // every target installed
  double file_bytes = 0.0;
  double bytes_sent = 0.0;  // bytes that left a station or a satellite for it (every hop's
                            // sender counts once per bundle: the copies it made)
  friend bool operator==(const DeploymentRecord&, const DeploymentRecord&) = default;
};

// Where the model bytes of a run went: `sent = installed + dropped + in_flight`, a balance the
// tests check (bytes relayed through a satellite are not counted again).
struct ModelByteLedger {
  double sent = 0.0;       // left their source (a station, or a satellite holding the version)
  double installed = 0.0;  // arrived at their target
  double dropped = 0.0;    // no room in a store, or no route left in the window
  double in_flight = 0.0;  // at the end: still on their way
  friend bool operator==(const ModelByteLedger&, const ModelByteLedger&) = default;
};

struct ModelRunRecord {
  std::vector<std::string> names;            // by model index
  std::vector<ModelVersionChange> versions;  // in time order (the initial preloads at start)
  std::vector<DeploymentRecord> deployments;
  ModelByteLedger bytes;
  friend bool operator==(const ModelRunRecord&, const ModelRunRecord&) = default;
};

// A deployment asked at run time (Engine::deploy); the scenario's `deployments` are the same.
struct DeployRequest {
  std::string model;                 // a name of the run's models (without "user/")
  int version = 0;                   // 0: the latest
  std::vector<uint32_t> satellites;  // empty: every satellite
  Instant at;                        // taken at max(at, now)
};

}  // namespace lagrange::sim
