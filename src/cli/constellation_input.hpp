// Shared command-line inputs of the access commands (`contacts`, `eclipses`, `passes`): which
// satellites (--tle, --omm or --walker), which window (--start, --end, --step), as SGP4
// satellites plus the +Grid slots of each; which ground stations (--stations, --station).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "access/stations.hpp"
#include "access/topology.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "orbit/sgp4.hpp"

namespace lagrange::cli {

struct ConstellationOptions {
  std::string tle_path;
  std::string omm_path;
  std::string walker_spec;
  bool skip_invalid = false;
  std::string start;
  std::string end;
  double step_s = 60.0;
};

// Adds --tle, --omm, --walker, --skip-invalid, --start, --end, --step to `cmd`.
void add_constellation_options(CLI::App* cmd, ConstellationOptions& o);

// Adds --threads (0: all cores, at most kMaxThreads).
void add_threads_option(CLI::App* cmd, int& threads);

struct Constellation {
  std::vector<orbit::Satellite> satellites;
  std::vector<access::GridSlot> slots;  // one per satellite
  Instant start;
  Instant end;
  Duration step;
  std::vector<std::string> warnings;  // skipped sets, one line each
};

// Loads and initialises the satellites. Walker sets get their epoch at --start and their
// generator's planes; TLE/OMM sets get planes derived from their elements. Before anything
// large is built, the memory the command will need (`bytes_per_sample` per satellite and
// grid sample, plus the satellites themselves) is checked against the machine's budget.
// On error, `exit_code` says whose fault it is: kExitUsage for the options (--start,
// --step, --walker), kExitInput for the files and for memory.
Result<Constellation> load_constellation(const ConstellationOptions& o, double bytes_per_sample,
                                         int& exit_code);

// The stations of --stations FILE (if given) followed by each --station NAME:LAT:LON:HEIGHT_M;
// a name given twice is an error (passes and contacts are keyed by it). On error
// `exit_code` is kExitInput for the file, kExitUsage for the --station values.
Result<std::vector<access::GroundStation>> load_stations(const std::string& stations_path,
                                                         const std::vector<std::string>& specs,
                                                         int& exit_code);

}  // namespace lagrange::cli
