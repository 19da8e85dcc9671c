// `lagrange contacts`: the contact plan of a constellation (TLE/OMM or a synthetic Walker),
// ground stations and laser links over a window, as CSV, HDTN JSON or ION commands.
// Formats: docs/contact-plan.md.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "access/contact_plan_builder.hpp"
#include "access/contact_plan_io.hpp"
#include "access/stations.hpp"
#include "access/topology.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "cli/constellation_input.hpp"
#include "core/output_file.hpp"

namespace lagrange::cli {
namespace {

// Ephemeris ITRF position and velocity, TEME position (eclipses) and the link scan's state.
constexpr double kBytesPerSample = 96.0;

struct ContactsOptions {
  ConstellationOptions constellation;
  std::string stations_path;
  std::vector<std::string> station_specs;
  double min_elevation_deg = -1.0;  // < 0: each station's own mask
  std::string isl = "grid";
  int terminals = 4;
  double isl_range_km = 5400.0;
  double isl_rate_gbps = 100.0;
  double acquisition_s = 15.0;
  double derate_reference_km = 0.0;
  double isl_min_altitude_km = 80.0;
  double cross_plane_max_lat_deg = 75.0;
  bool no_eclipses = false;
  bool spherical_earth = false;
  std::string format = "csv";
  std::string output;
  int threads = 0;
};

void print_error(const std::string& message) {
  cli::print_error("contacts", message);
}

Result<access::ContactPlanOptions> plan_options(const ContactsOptions& o, Duration step) {
  access::ContactPlanOptions p;
  p.step = step;
  p.threads = o.threads;
  if (o.min_elevation_deg >= 0.0) p.passes.min_elevation_deg = o.min_elevation_deg;
  auto policy = access::parse_isl_policy(o.isl);
  if (!policy) return Error{"--isl: " + policy.error().message};
  p.isl.policy = *policy;
  p.isl.terminal.count = o.terminals;
  p.isl.terminal.max_range_km = o.isl_range_km;
  p.isl.terminal.rate_bps = o.isl_rate_gbps * 1e9;
  if (!(o.acquisition_s >= 0.0) || o.acquisition_s > 3600.0) {
    return Error{fmt::format("--acquisition-s must be in [0, 3600] (got {})", o.acquisition_s)};
  }
  p.isl.terminal.acquisition = Duration::from_seconds(o.acquisition_s);
  p.isl.terminal.derate_reference_range_km = o.derate_reference_km;
  if (auto st = access::validate_terminal(p.isl.terminal); !st) return st.error();
  p.isl.geometry.min_altitude_km = o.isl_min_altitude_km;
  p.isl.geometry.oblate = !o.spherical_earth;
  p.isl.cross_plane_max_abs_latitude_deg = o.cross_plane_max_lat_deg;
  p.eclipses = !o.no_eclipses;
  p.eclipse.model.oblate = !o.spherical_earth;
  return p;
}

Status write_output(const access::ContactPlan& plan, const ContactsOptions& o) {
  const bool to_directory =
      !o.output.empty() && (o.output.back() == '/' || std::filesystem::is_directory(o.output));
  if (to_directory) return access::write_plan_directory(plan, o.output);
  auto format = access::parse_plan_format(o.format);
  if (!format) return Error{"--format: " + format.error().message};
  if (o.output.empty()) {
    access::write_plan(plan, *format, std::cout);
    std::cout.flush();
    return ok_status();
  }
  return write_output_file(o.output,
                           [&](std::ostream& out) { access::write_plan(plan, *format, out); });
}

int run_contacts(const ContactsOptions& o) {
  int failure = kExitInput;
  auto constellation = load_constellation(o.constellation, kBytesPerSample, failure);
  if (!constellation) {
    print_error(constellation.error().message);
    return failure;
  }
  for (const auto& w : constellation->warnings) print_error(w);
  int station_failure = kExitInput;
  auto stations = load_stations(o.stations_path, o.station_specs, station_failure);
  if (!stations) {
    print_error(stations.error().message);
    return station_failure;
  }
  auto options = plan_options(o, constellation->step);
  if (!options) {
    print_error(options.error().message);
    return kExitUsage;
  }
  auto plan =
      access::build_contact_plan(std::move(constellation->satellites), constellation->slots,
                                 *stations, constellation->start, constellation->end, *options);
  if (!plan) {
    print_error(plan.error().message);
    return kExitInput;
  }
  if (auto st = write_output(*plan, o); !st) {
    print_error(st.error().message);
    return kExitInput;
  }
  return 0;
}

constexpr const char* kDescription =
    R"(Computes the contact plan of a constellation over a window: satellite-ground
contacts from ground-station passes (downlink at the station's rate or rate-vs-elevation table,
uplink at its uplink rate), satellite-satellite laser contacts under an ISL policy, and
eclipse intervals per satellite. Each contact is directional: from, to, start, end, rate,
one-way light time.

ISL policies: grid (+Grid of Walker shells: 2 in-plane and 2 cross-plane neighbours; planes
from the Walker generator or derived from RAAN for TLE/OMM sets), nearest (dynamic greedy
nearest neighbours limited by --terminals), all (every feasible pair; small sets), none.

Output: --format csv (contacts), hdtn-json (HDTN contact plan), ion (ionadmin commands);
to stdout, to --output FILE, or, when --output is a directory (existing or ending in '/'),
every format plus eclipses.csv and nodes.csv. See docs/contact-plan.md.

Exit codes: 0 done, 1 invalid input (message names the file, line and field), 2 usage.)";

}  // namespace

void add_contacts_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ContactsOptions>();
  CLI::App* cmd =
      app.add_subcommand("contacts", "Contact plan: ground passes, laser links, eclipses");
  cmd->description(kDescription);
  add_constellation_options(cmd, o->constellation);
  cmd->add_option("--stations", o->stations_path, "Ground stations file (.yaml/.yml/.csv)");
  cmd->add_option("--station", o->station_specs, "A station NAME:LAT:LON:HEIGHT_M (repeatable)");
  cmd->add_option("--min-elevation", o->min_elevation_deg,
                  "Elevation mask for every station, deg (default: each station's own)");
  cmd->add_option("--isl", o->isl, "ISL policy: grid | nearest | all | none (default grid)")
      ->check(CLI::IsMember({"grid", "+grid", "nearest", "all", "none"}));
  cmd->add_option("--terminals", o->terminals, "Laser terminals per satellite (default 4)")
      ->check(CLI::Range(0, 16));
  cmd->add_option("--isl-range-km", o->isl_range_km, "Maximum laser range, km (default 5400)")
      ->check(finite_range(1.0, 1e6));
  cmd->add_option("--isl-rate-gbps", o->isl_rate_gbps, "Nominal laser rate, Gbps (default 100)")
      ->check(finite_range(1e-9, 1e6));
  cmd->add_option("--acquisition-s", o->acquisition_s,
                  "Seconds to acquire a new link, nothing flows meanwhile (default 15)");
  cmd->add_option("--isl-derate-reference-km", o->derate_reference_km,
                  "Derate rate by (d0/range)^2 above this range, km (default 0: off)");
  cmd->add_option("--isl-min-altitude-km", o->isl_min_altitude_km,
                  "Lowest altitude a laser path may graze, km (default 80)");
  cmd->add_option("--cross-plane-max-lat", o->cross_plane_max_lat_deg,
                  "+Grid: drop cross-plane links above this |latitude|, deg (default 75)");
  cmd->add_flag("--no-eclipses", o->no_eclipses, "Skip the eclipse intervals");
  cmd->add_flag("--spherical-earth", o->spherical_earth,
                "Sphere of the equatorial radius instead of the WGS-84 ellipsoid");
  cmd->add_option("--format", o->format, "csv | hdtn-json | ion (default csv)")
      ->check(CLI::IsMember({"csv", "hdtn-json", "ion"}));
  cmd->add_option("--output", o->output, "Output file, or a directory for every format");
  add_threads_option(cmd, o->threads);
  cmd->callback([o, &exit_code] { exit_code = run_contacts(*o); });
}

}  // namespace lagrange::cli
