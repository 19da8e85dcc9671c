// The small text forms the command line and scenarios take: ISO 8601 instants, Walker shell
// specs and presets, "NAME:LAT:LON:HEIGHT_M" stations, ISL policy and contact-plan format
// names. Each reader gets the whole input.
#include "access/contact_plan_io.hpp"
#include "access/stations.hpp"
#include "access/topology.hpp"
#include "core/time.hpp"
#include "fuzz_common.hpp"
#include "orbit/walker.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lagrange;
  const std::string_view text = fuzz::as_text(data, size);
  if (auto instant = parse_iso8601(text)) (void)format_iso8601(*instant);
  if (auto shells = orbit::parse_walker_spec(text)) {
    for (const orbit::WalkerShell& shell : *shells) (void)shell.per_plane();
  }
  (void)orbit::walker_preset(text);
  if (auto station = access::parse_station_spec(text)) {
    (void)access::validate_station(*station, "fuzz");
  }
  (void)access::parse_isl_policy(text);
  (void)access::parse_plan_format(text);
  return 0;
}
