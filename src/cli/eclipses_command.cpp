// `lagrange eclipses`: umbra and penumbra intervals per satellite over a window, as CSV
// norad_id,start_utc,end_utc,kind,min_illuminated_fraction (sorted by satellite, start).
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <ostream>
#include <string>

#include "access/contact_plan_builder.hpp"
#include "access/contact_plan_io.hpp"
#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "cli/constellation_input.hpp"
#include "core/output_file.hpp"

namespace lagrange::cli {
namespace {

// Ephemeris ITRF position and velocity plus the TEME position the Sun is compared with.
constexpr double kBytesPerSample = 72.0;

struct EclipsesOptions {
  ConstellationOptions constellation;
  bool spherical_earth = false;
  std::string output;
  int threads = 0;
};

void print_error(const std::string& message) {
  cli::print_error("eclipses", message);
}

int run_eclipses(const EclipsesOptions& o) {
  int failure = kExitInput;
  auto constellation = load_constellation(o.constellation, kBytesPerSample, failure);
  if (!constellation) {
    print_error(constellation.error().message);
    return failure;
  }
  for (const auto& w : constellation->warnings) print_error(w);
  access::ContactPlanOptions options;
  options.step = constellation->step;
  options.threads = o.threads;
  options.ground = false;
  options.isl.policy = access::IslPolicy::kNone;
  options.eclipse.model.oblate = !o.spherical_earth;
  auto plan = access::build_contact_plan(std::move(constellation->satellites), {}, {},
                                         constellation->start, constellation->end, options);
  if (!plan) {
    print_error(plan.error().message);
    return kExitInput;
  }
  if (o.output.empty()) {
    access::write_eclipses_csv(*plan, std::cout);
    std::cout.flush();
    return 0;
  }
  const Status written = write_output_file(
      o.output, [&](std::ostream& out) { access::write_eclipses_csv(*plan, out); });
  if (!written) {
    print_error(written.error().message);
    return kExitInput;
  }
  return 0;
}

constexpr const char* kDescription =
    R"(Eclipse intervals of each satellite over a window: Earth's conical shadow
(umbra and penumbra, WGS-84 ellipsoid unless --spherical-earth) against the apparent Sun
from ERFA, rotated into TEME of date. Boundaries are solved to 1 ms. A typical eclipse is
three rows: penumbra, umbra, penumbra. min_illuminated_fraction is the smallest visible
fraction of the solar disc within the row (0 in umbra).

Output CSV: norad_id,start_utc,end_utc,kind,min_illuminated_fraction.
Exit codes: 0 done, 1 invalid input, 2 usage.)";

}  // namespace

void add_eclipses_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<EclipsesOptions>();
  CLI::App* cmd = app.add_subcommand("eclipses", "Umbra and penumbra intervals per satellite");
  cmd->description(kDescription);
  add_constellation_options(cmd, o->constellation);
  cmd->add_flag("--spherical-earth", o->spherical_earth,
                "Sphere of the equatorial radius instead of the WGS-84 ellipsoid");
  cmd->add_option("--output", o->output, "Output CSV file (default stdout)");
  add_threads_option(cmd, o->threads);
  cmd->callback([o, &exit_code] { exit_code = run_eclipses(*o); });
}

}  // namespace lagrange::cli
