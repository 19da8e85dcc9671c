// Builds the contact plan: one time-varying graph of satellite<->ground and
// satellite<->satellite contacts, plus eclipse intervals, over a window.
//
// Steps (all on one shared ephemeris, so each satellite is propagated once):
//  1. Ephemeris on a grid of `step` (default 60 s) covering [start, end]: ITRF position and
//     velocity, TEME position (batch SGP4; see ephemeris.hpp).
//  2. Ground passes (passes.hpp). Each pass gives a downlink contact satellite -> station at
//     the station's downlink rate, split where the elevation crosses a step of its
//     rate-vs-elevation table (steps at 0 bps are left out), and an uplink contact
//     station -> satellite at its uplink rate over the whole pass. OWLT is the largest slant
//     range of the (sub-)contact over c, at its ends (range is largest at low elevation).
//     Antenna counts are not enforced here: the plan lists every pass; choosing which to
//     use is the scheduler's job.
//  3. Laser links (topology.hpp) under the chosen policy. Each link window gives one contact
//     each way at the terminal's rate (derated at the window's largest range when derating
//     is on) with OWLT = largest range / c.
//  4. Eclipse intervals per satellite (eclipse.hpp), on the TEME track and a Sun table.
// Satellites whose SGP4 propagation fails in the window have no eclipse intervals and no
// contacts after the failure (passes and links treat failed samples as invisible).
//
// Output: canonicalized (contact_plan.hpp), identical for identical inputs at any thread
// count. Thread safety: uses OpenMP inside; call from one thread per inputs.
#pragma once

#include <span>
#include <vector>

#include "access/contact_plan.hpp"
#include "access/eclipse.hpp"
#include "access/ephemeris.hpp"
#include "access/passes.hpp"
#include "access/stations.hpp"
#include "access/topology.hpp"
#include "core/result.hpp"
#include "orbit/sgp4.hpp"

namespace lagrange::access {

struct ContactPlanOptions {
  Duration step = Duration::seconds(60);
  bool ground = true;
  PassOptions passes;  // its step, eop and threads are overridden by the fields below
  IslOptions isl;
  bool eclipses = true;
  EclipseSearchOptions eclipse;
  orbit::EarthOrientation eop;
  int threads = 0;  // 0: all cores
};

// `slots` (one per satellite) is needed only for the +Grid policy; may be empty otherwise.
Result<ContactPlan> build_contact_plan(std::vector<orbit::Satellite> satellites,
                                       std::span<const GridSlot> slots,
                                       std::span<const GroundStation> stations, Instant start,
                                       Instant end, const ContactPlanOptions& options = {});

// The same on an ephemeris the caller has already computed (and keeps, e.g. with TEME positions
// for other uses), so the constellation is propagated once. The ephemeris must store ITRF
// velocity, be computed with options.eop on a grid of options.step covering [start, end]
// (asserted where checkable); its satellites are the plan's satellite nodes.
Result<ContactPlan> build_contact_plan(const Ephemeris& ephemeris, std::span<const GridSlot> slots,
                                       std::span<const GroundStation> stations, Instant start,
                                       Instant end, const ContactPlanOptions& options = {});

}  // namespace lagrange::access
