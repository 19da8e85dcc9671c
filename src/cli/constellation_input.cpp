#include "cli/constellation_input.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "cli/cli_support.hpp"
#include "orbit/omm.hpp"
#include "orbit/tle.hpp"
#include "orbit/walker.hpp"

namespace lagrange::cli {
namespace {

Result<std::vector<orbit::ElementSet>> load_sets(const ConstellationOptions& o,
                                                 std::vector<std::string>& warnings) {
  const orbit::ParseOptions parse{.skip_invalid = o.skip_invalid};
  auto parsed = o.tle_path.empty() ? orbit::load_omm_file(o.omm_path, parse)
                                   : orbit::load_tle_file(o.tle_path, parse);
  if (!parsed) return parsed.error();
  for (const auto& s : parsed->skipped) warnings.push_back("skipped: " + s);
  if (parsed->sets.empty()) {
    return Error{fmt::format("{}: no element sets", o.tle_path.empty() ? o.omm_path : o.tle_path)};
  }
  return std::move(parsed->sets);
}

// An SGP4 record, its elements and its grid slot.
constexpr double kBytesPerSatellite = 2048.0;

Status check_constellation_memory(double satellites, const Constellation& c,
                                  double bytes_per_sample) {
  const double samples = std::ceil((c.end - c.start).to_seconds() / c.step.to_seconds()) + 1.0;
  const double bytes = satellites * (kBytesPerSatellite + samples * bytes_per_sample);
  return check_memory(bytes, fmt::format("{:.0f} satellites x {:.0f} samples", satellites, samples),
                      "use a shorter window (--start/--end), a coarser --step or fewer satellites");
}

}  // namespace

void add_threads_option(CLI::App* cmd, int& threads) {
  cmd->add_option("--threads", threads, "Threads (default 0: all cores)")
      ->check(CLI::Range(0, kMaxThreads));
}

void add_constellation_options(CLI::App* cmd, ConstellationOptions& o) {
  auto* tle = cmd->add_option("--tle", o.tle_path, "Two- or three-line element file");
  auto* omm = cmd->add_option("--omm", o.omm_path, "CCSDS OMM file (XML, KVN, JSON, CSV)");
  auto* walker = cmd->add_option(
      "--walker", o.walker_spec,
      "Synthetic Walker shells '[delta:|star:]I:T/P/F@Hkm[,...]' or a preset: starlink, "
      "star-compute");
  tle->excludes(omm)->excludes(walker);
  omm->excludes(walker);
  cmd->add_flag("--skip-invalid", o.skip_invalid, "Skip element sets that fail to parse");
  cmd->add_option("--start", o.start, "Window start, ISO 8601 UTC")->required();
  cmd->add_option("--end", o.end, "Window end, ISO 8601 UTC")->required();
  cmd->add_option("--step", o.step_s, "Ephemeris grid step in seconds (default 60)");
}

Result<Constellation> load_constellation(const ConstellationOptions& o, double bytes_per_sample,
                                         int& exit_code) {
  exit_code = kExitUsage;
  Constellation c;
  const int sources = !o.tle_path.empty() + !o.omm_path.empty() + !o.walker_spec.empty();
  if (sources != 1) return Error{"give exactly one of --tle, --omm, --walker"};
  auto start = parse_iso8601(o.start);
  if (!start) return Error{"--start: " + start.error().message};
  auto end = parse_iso8601(o.end);
  if (!end) return Error{"--end: " + end.error().message};
  if (*end <= *start) return Error{"--end must be after --start"};
  if (!(o.step_s > 0.0) || !std::isfinite(o.step_s) || o.step_s > 3600.0) {
    return Error{fmt::format("--step must be in (0, 3600] seconds (got {})", o.step_s)};
  }
  c.start = *start;
  c.end = *end;
  c.step = Duration::from_seconds(o.step_s);

  std::vector<orbit::ElementSet> sets;
  if (!o.walker_spec.empty()) {
    auto shells = orbit::parse_walker_spec(o.walker_spec);
    if (!shells) return Error{"--walker: " + shells.error().message};
    exit_code = kExitInput;
    double total = 0.0;
    for (const auto& shell : *shells) total += shell.total;
    if (Status st = check_constellation_memory(total, c, bytes_per_sample); !st) return st.error();
    for (auto& w : orbit::generate_walker(*shells, c.start)) {
      const auto& shell = (*shells)[static_cast<size_t>(w.shell)];
      const double u = std::fmod(w.elements.arg_perigee_deg + w.elements.mean_anomaly_deg, 360.0);
      c.slots.push_back({w.shell, w.plane, u, shell.pattern == orbit::WalkerPattern::kStar});
      sets.push_back(std::move(w.elements));
    }
  } else {
    exit_code = kExitInput;
    auto loaded = load_sets(o, c.warnings);
    if (!loaded) return loaded.error();
    sets = std::move(*loaded);
    const auto count = static_cast<double>(sets.size());
    if (Status st = check_constellation_memory(count, c, bytes_per_sample); !st) return st.error();
    c.slots = access::grid_slots_from_elements(sets);
  }
  c.satellites.reserve(sets.size());
  for (const auto& set : sets) {
    auto sat = orbit::Satellite::create(set);
    if (!sat) return sat.error();
    c.satellites.push_back(std::move(*sat));
  }
  return c;
}

Result<std::vector<access::GroundStation>> load_stations(const std::string& stations_path,
                                                         const std::vector<std::string>& specs,
                                                         int& exit_code) {
  std::vector<access::GroundStation> stations;
  exit_code = kExitInput;
  if (!stations_path.empty()) {
    auto loaded = access::load_stations_file(stations_path);
    if (!loaded) return loaded.error();
    stations = std::move(*loaded);
  }
  exit_code = kExitUsage;
  for (const auto& spec : specs) {
    auto station = access::parse_station_spec(spec);
    if (!station) return Error{"--station: " + station.error().message};
    stations.push_back(std::move(*station));
  }
  std::set<std::string> names;
  for (const auto& station : stations) {
    if (!names.insert(station.name).second) {
      return Error{fmt::format("station name '{}' is given twice", station.name)};
    }
  }
  return stations;
}

}  // namespace lagrange::cli
