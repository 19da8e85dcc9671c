// The engine's events: one type per kind, each carrying what its handler needs, so a handler
// cannot read a field another kind filled in. Indices are into State's vectors; an `epoch`
// is the value of the counter it names when the event was pushed, and the handler ignores the
// event if that counter has moved on since (the state it was planned for is gone).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <variant>

#include "core/time.hpp"

namespace lagrange::sim::events {

// Work reaches the engine: submission `work`, ordered at its instant by `order`.
struct ItemArrival {
  uint64_t work = 0;
  uint64_t order = 0;
};
struct Capture {  // the job's capture opportunity begins
  uint64_t job = 0;
};
struct CaptureMissed {  // the job's capture window ended without a capture
  uint64_t job = 0;
};
struct Scene {  // a systematic scene's capture ends
  uint64_t scene = 0;
};
struct BundleArrival {  // a bundle's hop delivers its last byte; epoch: Bundle::epoch
  uint64_t bundle = 0;
  uint32_t epoch = 0;
};
struct TxStart {  // a downlink's radio comes on
  uint64_t bundle = 0;
  uint32_t epoch = 0;
};
struct TxDone {  // last byte sent: the sender's store is freed
  uint64_t bundle = 0;
  uint32_t epoch = 0;
};
struct ComputeDone {  // epoch: SatState::compute_epoch
  uint32_t satellite = 0;
  uint64_t epoch = 0;
};
struct BatteryLow {  // epoch: SatState::power_epoch
  uint32_t satellite = 0;
  uint64_t epoch = 0;
};
struct BatteryRecovered {
  uint32_t satellite = 0;
  uint64_t epoch = 0;
};
struct Illumination {  // the satellite enters step `index` of its illumination timeline
  uint32_t satellite = 0;
  size_t index = 0;
};
struct LaserUp {
  uint32_t satellite = 0;
};
struct LaserDown {
  uint32_t satellite = 0;
};
struct GroundDone {  // ground processing of the job finished
  uint64_t job = 0;
};
struct Sample {};    // satellites.csv sampling
struct LlmReplace {  // the server's placement must be planned again; epoch: LlmServer::epoch
  size_t server = 0;
  uint64_t epoch = 0;
};
struct FaultStart {  // index into FaultState::faults
  size_t fault = 0;
};
struct FaultEnd {
  size_t fault = 0;
};
struct ModelDeploy {  // a model deployment starts (or a rollback takes effect)
  uint64_t deployment = 0;
};

using Payload =
    std::variant<ItemArrival, Capture, CaptureMissed, Scene, BundleArrival, TxStart, TxDone,
                 ComputeDone, BatteryLow, BatteryRecovered, Illumination, LaserUp, LaserDown,
                 GroundDone, Sample, LlmReplace, FaultStart, FaultEnd, ModelDeploy>;

}  // namespace lagrange::sim::events

namespace lagrange::sim {

struct Event {
  Instant time;
  uint64_t sequence = 0;  // insertion order: the deterministic tie-break
  events::Payload what;

  const events::ItemArrival* arrival() const { return std::get_if<events::ItemArrival>(&what); }
  // Arrivals come first at their instant, by (order, submission), whenever they were pushed: a
  // live run that submits work in another call order, or later, processes it exactly as the
  // batch run does. Every other event keeps insertion order.
  bool operator>(const Event& o) const {
    if (time != o.time) return time > o.time;
    const events::ItemArrival* mine = arrival();
    const events::ItemArrival* theirs = o.arrival();
    if ((mine != nullptr) != (theirs != nullptr)) return theirs != nullptr;
    if (mine != nullptr) {
      return mine->order != theirs->order ? mine->order > theirs->order : mine->work > theirs->work;
    }
    return sequence > o.sequence;
  }
};

}  // namespace lagrange::sim
