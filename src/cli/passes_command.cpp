// `lagrange passes`: ground-station passes (AOS, culmination, LOS, maximum elevation) of the
// satellites of a TLE/OMM file or a Walker constellation over a window, as CSV or JSON.
//
// Rows are sorted by AOS, then NORAD id, then station name (then input order), so the same
// inputs give byte-identical output. The work is done by access::find_passes.
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "access/passes.hpp"
#include "access/stations.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "cli/constellation_input.hpp"
#include "core/time.hpp"
#include "orbit/elements.hpp"

namespace lagrange::cli {
namespace {

// Passes scan the satellites in chunks: the ephemeris does not grow with the constellation.
constexpr double kBytesPerSample = 0.0;

struct PassesOptions {
  ConstellationOptions constellation;
  std::string stations_path;
  std::vector<std::string> station_specs;
  std::optional<double> min_elevation_deg;
  std::string format = "csv";
  int threads = 0;
};

void print_error(const std::string& message) {
  cli::print_error("passes", message);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

void write_csv(const std::vector<access::Pass>& passes,
               const std::vector<access::GroundStation>& stations) {
  // Written in blocks: millions of passes must not become one string in memory.
  constexpr size_t kBlockBytes = size_t{1} << 20;
  std::string out = "norad_id,station,aos_utc,tca_utc,los_utc,max_elevation_deg\n";
  for (const access::Pass& p : passes) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{:.3f}\n", p.norad_id,
                   csv_field(stations[p.station].name), format_iso8601(p.aos),
                   format_iso8601(p.tca), format_iso8601(p.los), p.max_elevation_deg);
    if (out.size() >= kBlockBytes) {
      // A refused write (full disk) is reported at exit (app.cpp); stop formatting now.
      if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) return;
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void write_json(const std::vector<access::Pass>& passes, const Constellation& c,
                const std::vector<access::GroundStation>& stations) {
  nlohmann::ordered_json root;
  root["window"] = {{"start_utc", format_iso8601(c.start)}, {"end_utc", format_iso8601(c.end)}};
  root["passes"] = nlohmann::ordered_json::array();
  for (const access::Pass& p : passes) {
    const auto& set = c.satellites[p.satellite].elements();
    // Rounded like the CSV (ms, mdeg) plus a little, so the text is stable across builds.
    root["passes"].push_back({{"norad_id", p.norad_id},
                              {"name", set.name},
                              {"station", stations[p.station].name},
                              {"aos_utc", format_iso8601(p.aos)},
                              {"tca_utc", format_iso8601(p.tca)},
                              {"los_utc", format_iso8601(p.los)},
                              {"max_elevation_deg", std::round(p.max_elevation_deg * 1e6) / 1e6},
                              {"aos_clipped", p.aos_clipped},
                              {"los_clipped", p.los_clipped}});
  }
  const std::string out = root.dump(2) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

int run_passes(const PassesOptions& o) {
  if (o.stations_path.empty() && o.station_specs.empty()) {
    print_error(
        "give --stations FILE or --station NAME:LAT:LON:HEIGHT_M (the default set is "
        "data/stations/default.yaml; see `lagrange passes --help`)");
    return kExitUsage;
  }
  if (o.min_elevation_deg && !(*o.min_elevation_deg >= 0.0 && *o.min_elevation_deg < 90.0)) {
    print_error(
        fmt::format("--min-elevation must be in [0, 90) degrees (got {})", *o.min_elevation_deg));
    return kExitUsage;
  }
  int station_failure = kExitInput;
  auto stations = load_stations(o.stations_path, o.station_specs, station_failure);
  if (!stations) {
    print_error(stations.error().message);
    return station_failure;
  }
  int failure = kExitInput;
  auto constellation = load_constellation(o.constellation, kBytesPerSample, failure);
  if (!constellation) {
    print_error(constellation.error().message);
    return failure;
  }
  for (const auto& w : constellation->warnings) print_error(w);

  access::PassOptions options;
  options.min_elevation_deg = o.min_elevation_deg;
  options.step = constellation->step;
  options.threads = o.threads;
  auto report = access::find_passes(constellation->satellites, *stations, constellation->start,
                                    constellation->end, options);
  if (!report) {
    print_error(report.error().message);
    return kExitInput;
  }
  for (const auto& f : report->propagation_failures) {
    print_error(fmt::format("{}: SGP4 failed from {} on ({}); no passes after that",
                            orbit::describe(constellation->satellites[f.satellite].elements()),
                            format_iso8601(f.first_failure), orbit::describe(f.error)));
  }
  if (o.format == "json") {
    write_json(report->passes, *constellation, *stations);
  } else {
    write_csv(report->passes, *stations);
  }
  return 0;
}

const char* kDescription = R"(Ground-station passes over a window.

For every satellite and station: acquisition (AOS), culmination (TCA) and loss (LOS) times
and the maximum elevation above the mask, found by root-finding to ~1 ms (validated against
skyfield). Elevation is geometric: no atmospheric refraction. UT1 is taken equal to UTC.
A pass already in progress at --start gets AOS = --start (and one still in progress at --end
gets LOS = --end); JSON marks them with aos_clipped / los_clipped.

Stations: --stations FILE (.yaml/.yml/.csv; fields name, latitude_deg, longitude_deg,
height_m, elevation_mask_deg, antennas, downlink_rate_bps, uplink_rate_bps,
downlink_rate_table, source) and/or --station NAME:LAT:LON:HEIGHT_M (repeatable; mask 5 deg).
One of them is required; the shipped default set is data/stations/default.yaml.
--min-elevation overrides every station's own mask.

CSV columns: norad_id,station,aos_utc,tca_utc,los_utc,max_elevation_deg, sorted by AOS, then
NORAD id, then station. --step is the coarse scan step (default 60 s); passes shorter than
the step are still found.

Exit codes: 0 done, 1 invalid input (message names the file, line and field), 2 usage.)";

}  // namespace

void add_passes_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<PassesOptions>();
  CLI::App* cmd =
      app.add_subcommand("passes", "Ground-station passes (AOS, TCA, LOS, max elevation)");
  cmd->description(kDescription);
  add_constellation_options(cmd, o->constellation);
  cmd->add_option("--stations", o->stations_path, "Ground stations file (.yaml/.yml/.csv)");
  cmd->add_option("--station", o->station_specs, "A station NAME:LAT:LON:HEIGHT_M (repeatable)");
  cmd->add_option("--min-elevation", o->min_elevation_deg,
                  "Elevation mask for every station, deg (default: each station's own)");
  cmd->add_option("--format", o->format, "csv | json (default csv)")
      ->check(CLI::IsMember({"csv", "json"}));
  add_threads_option(cmd, o->threads);
  cmd->callback([o, &exit_code] { exit_code = run_passes(*o); });
}

}  // namespace lagrange::cli
