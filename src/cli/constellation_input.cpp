#include "cli/constellation_input.hpp"

#include <fmt/format.h>

#include <cmath>

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

}  // namespace

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

Result<Constellation> load_constellation(const ConstellationOptions& o) {
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
    for (auto& w : orbit::generate_walker(*shells, c.start)) {
      const auto& shell = (*shells)[static_cast<size_t>(w.shell)];
      const double u = std::fmod(w.elements.arg_perigee_deg + w.elements.mean_anomaly_deg, 360.0);
      c.slots.push_back({w.shell, w.plane, u, shell.pattern == orbit::WalkerPattern::kStar});
      sets.push_back(std::move(w.elements));
    }
  } else {
    auto loaded = load_sets(o, c.warnings);
    if (!loaded) return loaded.error();
    sets = std::move(*loaded);
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

}  // namespace lagrange::cli
