// Faults of a scenario (`faults:` and `fault_rates:`, docs/scenario.md): satellites lost or
// rebooting, failed accelerators and laser terminals, link and station outages, and the rates
// of random faults that the engine draws from the scenario's seed.
//
// A Fault is a plain value naming its element by index (satellites in Scenario::satellites
// order, stations in Scenario::stations order) with a time interval [start, end); `end`
// absent means permanent. The same value is injected into a running engine
// (sim::Engine::inject).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"

namespace lagrange::scenario {

struct Scenario;

enum class FaultKind : uint8_t {
  kSatelliteLoss,         // the satellite is gone: its store and work are lost
  kSatelliteReboot,       // down for a while: no payload power, its accelerator's work lost
  kAcceleratorFailure,    // its accelerator cannot compute
  kLaserTerminalFailure,  // its laser terminals carry nothing
  kLinkOutage,            // the laser link between two satellites carries nothing
  kStationOutage,         // the ground station neither sends nor receives
};
inline constexpr std::array<std::string_view, 6> kFaultKindNames = {
    "satellite_loss",         "satellite_reboot", "accelerator_failure",
    "laser_terminal_failure", "link_outage",      "station_outage"};
std::string_view fault_kind_name(FaultKind kind);

struct Fault {
  FaultKind kind = FaultKind::kSatelliteLoss;
  uint32_t satellite = 0;        // satellite kinds; link_outage: one end
  uint32_t other_satellite = 0;  // link_outage: the other end
  uint32_t station = 0;          // station_outage
  Instant start;
  std::optional<Instant> end;  // absent: permanent (a loss is always permanent)
  bool keeps_store = true;     // satellite_reboot: the store survives (`keep_store`)
  bool random = false;         // drawn from fault_rates, not written in the scenario

  bool permanent() const { return !end.has_value(); }
  bool active_at(Instant t) const { return t >= start && (!end || t < *end); }
  bool involves_satellite(uint32_t sat) const {
    return kind != FaultKind::kStationOutage &&
           (satellite == sat || (kind == FaultKind::kLinkOutage && other_satellite == sat));
  }
  friend bool operator==(const Fault&, const Fault&) = default;
};

// Random faults, per the scenario's seed (drawn when the world is built, sim/faults.hpp).
struct FaultRates {
  double satellite_reboot_per_day = 0.0;  // per satellite
  Duration reboot_duration = Duration::seconds(600);
  double seu_per_accelerator_hour = 0.0;  // upsets corrupting the running job's result
  double link_outage_per_link_day = 0.0;  // per laser link (pair of satellites)
  Duration link_outage_duration = Duration::seconds(300);
  bool any() const {
    return satellite_reboot_per_day > 0.0 || seu_per_accelerator_hour > 0.0 ||
           link_outage_per_link_day > 0.0;
  }
};

// One fault in the scenario syntax, as YAML or JSON text (a flow mapping such as
// `{kind: satellite_reboot, satellite: 63985, at: 2026-06-27T09:00:00Z, duration_s: 900}`),
// resolved against `s` (satellite names or NORAD ids, station names, the window). Errors name
// the field and suggest the nearest name; `source` labels them.
Result<Fault> parse_fault(std::string_view text, const Scenario& s, const std::string& source);

// "satellite_reboot of SCS-01 A at 2026-06-27T09:00:00Z for 900 s", for reports and logs.
std::string describe_fault(const Fault& f, const Scenario& s);

}  // namespace lagrange::scenario
