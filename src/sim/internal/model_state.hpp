// The engine's part of the state for users' models (engine_models.cpp): which versions each
// satellite holds and runs, the deployments in progress and their transfers.
//
// Invariants: active[m][s] is 0 or a version in held[m][s]; history[m][s] ends with
// active[m][s] when it is not 0; a transfer's bundles_pending counts its bundles not yet at the
// target; ledger balances (model_deployment.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "scenario/scenario.hpp"
#include "sim/model_deployment.hpp"

namespace lagrange::sim {

inline constexpr uint32_t kNoTransfer = UINT32_MAX;
// ASSUMPTION: raw imagery at 12 bits per sample (1.5 bytes per pixel), so a model's input tile
// of W x H pixels covers W x H x 1.5 bytes of the capture (catalogue and user models alike).
inline constexpr double kRawBytesPerPixel = 1.5;

// What one image tile of a version costs on one satellite, from `model check`'s estimate on
// its accelerator.
struct TileCost {
  double latency_s = 0.0;     // one inference at batch 1 (roofline)
  double operations = 0.0;    // 2 x MACs
  double result_bytes = 0.0;  // outputs at the model's precision
  double tile_bytes = 0.0;    // raw imagery one inference takes
};

// Bytes of one version on their way to one target.
struct Transfer {
  uint64_t deployment = 0;
  uint32_t slot = 0;     // index of the target in the deployment's satellites
  uint32_t target = 0;   // satellite
  bool started = false;  // bundles sent from `source`
  bool failed = false;   // a bundle was lost: the target will not get this version
  uint32_t source = 0;   // node the bundles left from
  uint32_t bundles_pending = 0;
  Instant promised;  // latest arrival its bundles' routes promised
};

struct ModelState {
  std::vector<scenario::UserModelSpec> models;           // the scenario's, then added at run time
  std::vector<std::vector<int>> active;                  // [model][satellite]
  std::vector<std::vector<std::vector<int>>> held;       // [model][satellite]: sorted versions
  std::vector<std::vector<std::vector<int>>> history;    // [model][satellite]: activations
  std::vector<std::vector<std::vector<TileCost>>> cost;  // [model][version - 1][satellite]
  std::vector<DeploymentRecord> deployments;
  std::vector<Transfer> transfers;
  std::vector<std::vector<uint32_t>> transfers_of;  // per deployment
  std::vector<ModelVersionChange> changes;
  ModelByteLedger ledger;
};

}  // namespace lagrange::sim
