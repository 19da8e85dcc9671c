// The engine's fault state (engine_faults.cpp): which satellites, accelerators, terminals,
// stations and contacts are out, and what each fault cost.
//
// Invariants: a counter is the number of faults active on that element now (faults may
// overlap); a contact whose `blocked` count is non-zero has residual volume 0, and gets a
// residual again when its last fault ends. A lost satellite stays down.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/random.hpp"
#include "network/contact_graph.hpp"
#include "scenario/faults.hpp"
#include "sim/run_result.hpp"

namespace lagrange::sim {

struct FaultState {
  std::vector<FaultRecord> records;                     // every scheduled fault, by index
  std::vector<std::vector<network::ContactIndex>> hit;  // per fault: contacts it blocks
  std::vector<uint32_t> down;                // per node: satellite or station faults active
  std::vector<uint8_t> lost;                 // per satellite
  std::vector<uint32_t> accelerator_failed;  // per satellite
  std::vector<uint32_t> blocked;             // per contact
  std::vector<size_t> downed_by;             // per node: the last fault that took it down
  size_t active = 0;                         // faults active now that end inside the window
  std::optional<size_t> current;             // the fault being handled: drops are its cost
  double seu_per_s = 0.0;                    // upsets per accelerator-second
  std::optional<Rng> seu_rng;                // its own stream of the seed ("seu")
  std::optional<size_t> seu_record;          // the record that counts upsets

  bool is_down(uint32_t node) const { return !down.empty() && down[node] > 0; }
  bool can_compute(uint32_t sat) const {
    return down.empty() || (down[sat] == 0 && accelerator_failed[sat] == 0);
  }
};

}  // namespace lagrange::sim
