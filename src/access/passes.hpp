// Ground-station passes: when each satellite is above each station's elevation mask.
//
// For every satellite-station pair the elevation is sampled on the ephemeris grid (default
// 60 s) together with its time derivative (from the Earth-relative velocity). Then:
//  - a rise or set lies between two samples of opposite sign of (elevation - mask); it is
//    found by Brent's root finder to `time_tolerance` (default 1 ms), not taken as a step;
//  - a pass that rises and sets between two samples (a short grazing pass) shows as a local
//    maximum of elevation (derivative + then -) between two samples below the mask; when the
//    tangent-line bound on that maximum comes within `grazing_margin_deg` of the mask, the
//    maximum is located (Brent on the derivative) and, if above the mask, both crossings are
//    solved for. The symmetric case (a dip below the mask between two samples above it) splits
//    a pass in two. Assumes at most one extremum of elevation per grid step, true for every
//    Earth orbit at steps of a minute (LEO elevation extrema are > 5 min apart);
//  - culmination (TCA) is the root of d(elevation)/dt inside the pass (Brent), or the
//    highest end of a clipped pass when elevation is monotonic inside the window.
// Between grid samples the state comes from the ephemeris' cubic Hermite interpolation
// (sub-metre for LEO at 60 s; see ephemeris.hpp) or, with `exact_refinement`, from the
// scalar SGP4 propagator; the two agree to well under a millisecond in rise/set times.
//
// Elevation is geometric (no refraction), ITRF from TEME with UT1 = UTC + eop.dut1_s.
// A window that cuts a pass: when the satellite is already above the mask at the window
// start, AOS = window start and aos_clipped = true; likewise LOS = window end with
// los_clipped. Satellites whose SGP4 propagation fails inside the window are treated as
// invisible at the failed samples and listed in PassReport::propagation_failures.
//
// Output order is deterministic: by AOS, then NORAD id, then station name, then input order.
// Thread safety: find_passes uses OpenMP internally and is safe to call from one thread at a
// time per set of inputs; the result does not depend on the thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "access/ephemeris.hpp"
#include "access/stations.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "orbit/sgp4.hpp"

namespace lagrange::access {

struct Pass {
  size_t satellite = 0;  // index into the satellites given
  size_t station = 0;    // index into the stations given
  uint32_t norad_id = 0;
  Instant aos;                     // acquisition of signal: elevation rises through the mask
  Instant tca;                     // culmination: maximum elevation
  Instant los;                     // loss of signal: elevation sets through the mask
  double max_elevation_deg = 0.0;  // geometric elevation at tca
  bool aos_clipped = false;        // already above the mask at the window start: aos = start
  bool los_clipped = false;        // still above the mask at the window end: los = end
};

struct PassOptions {
  // Overrides every station's own elevation_mask_deg when set.
  std::optional<double> min_elevation_deg;
  Duration step = Duration::seconds(60);
  Duration time_tolerance = Duration::from_ns(1'000'000);
  double grazing_margin_deg = 2.0;
  bool exact_refinement = false;
  orbit::EarthOrientation eop;
  int threads = 0;  // 0: all cores
  // Satellites propagated together; bounds the ephemeris memory (~48 bytes per satellite
  // per grid sample). 0 picks a chunk of about 64 MB.
  size_t satellites_per_chunk = 0;
};

struct PropagationFailure {
  size_t satellite = 0;
  Instant first_failure;
  orbit::Sgp4Error error = orbit::Sgp4Error::kNone;
};

struct PassReport {
  std::vector<Pass> passes;
  std::vector<PropagationFailure> propagation_failures;  // by satellite index
};

// Validates the window (end after start) and options; errors name what is wrong.
Status validate_pass_window(Instant start, Instant end, const PassOptions& options);

// Propagates the satellites in chunks (batch SGP4, once per satellite) and finds all passes
// over all stations inside [start, end].
Result<PassReport> find_passes(std::span<const orbit::Satellite> satellites,
                               std::span<const GroundStation> stations, Instant start, Instant end,
                               const PassOptions& options = {});

// The same on an ephemeris computed by the caller; its grid must cover [start, end] and
// store ITRF velocities. `satellite_offset` is added to Pass::satellite.
Result<PassReport> find_passes(const Ephemeris& ephemeris, std::span<const GroundStation> stations,
                               Instant start, Instant end, const PassOptions& options = {},
                               size_t satellite_offset = 0);

// Canonical order (see above); `stations` gives the names.
void sort_passes(std::vector<Pass>& passes, std::span<const GroundStation> stations);

}  // namespace lagrange::access
