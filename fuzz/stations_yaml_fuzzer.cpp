// Ground-station files in YAML (access/stations.hpp); stations that load are validated
// again and asked their downlink rate across elevations.
#include "access/stations.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lagrange;
  auto stations = access::parse_stations_yaml(fuzz::as_text(data, size), "fuzz.yaml");
  if (!stations) return 0;
  for (const access::GroundStation& station : *stations) {
    (void)access::validate_station(station, "fuzz.yaml");
    for (const double elevation_deg : {-90.0, 0.0, 5.0, 45.0, 90.0}) {
      (void)station.downlink_rate_bps_at(elevation_deg);
    }
  }
  return 0;
}
