// Ground stations: where they are, what they see and how fast they talk.
//
// Files: YAML (.yaml/.yml) or CSV (.csv), chosen by extension. Fields (units in the names):
//   name                    unique, non-empty
//   latitude_deg            geodetic WGS-84, [-90, 90]
//   longitude_deg           [-180, 360), stored in (-180, 180]
//   height_m                above the WGS-84 ellipsoid, [-500, 9000]
//   elevation_mask_deg      optional, [0, 90), default 5 (geometric elevation, no refraction)
//   antennas                optional, integer >= 1, default 1 (simultaneous passes)
//   downlink_rate_bps       optional, default 300e6 (X-band EO, see below)
//   uplink_rate_bps         optional, default 2e6 (S-band telecommand, see below)
//   downlink_rate_table     optional rate-vs-elevation steps, ascending elevation; when present
//                           it overrides downlink_rate_bps: YAML a list of
//                           {elevation_deg, rate_bps}, CSV "elev:rate;elev:rate"
//   source                  optional free text: where the coordinates come from
// YAML: a top-level map with key `stations:` holding a list of maps. CSV: a header row naming
// the columns (any order, the four position columns required), '#' comment lines, fields
// may be double-quoted. Unknown keys/columns are errors.
//
// Default rates are assumptions drawn from the product brief's figures: X-band EO downlinks
// run ~150-500 Mbps (Planet Dove 160-220 Mbps, Landsat 8 384 Mbps), so 300 Mbps; uplinks are
// S-band telecommand, ~2 Mbps. Real stations differ; give per-station values when known.
//
// Errors name the file, the line and the field ("st.csv:4: field latitude_deg: 91 is outside
// [-90, 90]").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "orbit/frames.hpp"

namespace lagrange::access {

inline constexpr double kDefaultElevationMaskDeg = 5.0;
inline constexpr double kDefaultDownlinkRateBps = 300e6;
inline constexpr double kDefaultUplinkRateBps = 2e6;

struct RateStep {
  double elevation_deg = 0.0;  // the rate applies from this elevation upwards
  double rate_bps = 0.0;
};

struct GroundStation {
  std::string name;
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  double height_m = 0.0;
  double elevation_mask_deg = kDefaultElevationMaskDeg;
  int antennas = 1;
  double downlink_rate_bps = kDefaultDownlinkRateBps;
  double uplink_rate_bps = kDefaultUplinkRateBps;
  std::vector<RateStep> downlink_rate_table;  // ascending elevation_deg; may be empty
  std::string source;

  orbit::Geodetic geodetic() const { return {latitude_deg, longitude_deg, height_m / 1000.0}; }

  // The downlink rate at an elevation: the table's step at or below it (0 below the first
  // step), or downlink_rate_bps without a table.
  double downlink_rate_bps_at(double elevation_deg) const;
};

Result<std::vector<GroundStation>> parse_stations_yaml(std::string_view text,
                                                       const std::string& source_name);
Result<std::vector<GroundStation>> parse_stations_csv(std::string_view text,
                                                      const std::string& source_name);
// By extension: .yaml/.yml or .csv (anything else is an error naming the path).
Result<std::vector<GroundStation>> load_stations_file(const std::string& path);

// "NAME:LAT:LON:HEIGHT_M" from the command line (the name may itself contain ':'; the last
// three fields are numbers). Other fields take their defaults.
Result<GroundStation> parse_station_spec(std::string_view spec);

// Checks one station's values; `where` prefixes messages ("st.csv:4").
Status validate_station(const GroundStation& station, const std::string& where);

}  // namespace lagrange::access
