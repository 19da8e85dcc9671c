// Faults in the engine: the scenario's value type, and the random faults a scenario's
// `fault_rates` stand for, drawn deterministically from its seed.
#pragma once

#include <vector>

#include "scenario/faults.hpp"
#include "sim/world.hpp"

namespace lagrange::sim {

using Fault = scenario::Fault;
using FaultKind = scenario::FaultKind;

// Reboots of every satellite and outages of every laser link (a pair of satellites with an
// inter-satellite contact in the plan), as Poisson processes at the scenario's rates, each
// element on its own stream forked from the seed (label "faults"), so adding a satellite or
// a link does not change the draws of the others. Sorted by (start, kind, satellite, other).
// Single-event upsets are drawn by the engine while accelerators run.
std::vector<Fault> random_faults(const World& world);

}  // namespace lagrange::sim
