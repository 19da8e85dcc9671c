// Synthetic constellations: Walker delta and star shells as SGP4 mean elements.
//
// Spec syntax (one shell): `[delta:|star:]I:T/P/F@Hkm`
//   I inclination in degrees, T total satellites, P planes (T divisible by P), F phasing
//   (0 <= F < P), H altitude above the WGS-72 equatorial radius in km. Example (Starlink's
//   first shell): `53:1584/72/17@550km`. `delta` (the default) spreads the planes' RAAN over
//   360 deg, `star` over 180 deg (polar "streets of coverage"). Several shells are joined
//   with `,`: `53:1584/72/17@550km,70:720/36/11@570km`. Named presets (see walker_presets):
//   `starlink` (5 shells, 4,408 satellites) and `star-compute` (2,800 satellites).
//
// Elements: plane j (0..P-1) has RAAN = j * span/P; slot k (0..S-1, S = T/P) has argument of
// latitude u = k * 360/S + j * F * 360/T (Walker's phasing). Orbits are circular
// (eccentricity 0, argument of perigee 0, mean anomaly = u), without drag (B* = 0). The mean
// motion comes from Kepler's third law with WGS-72 constants, n = sqrt(mu/a^3),
// a = 6378.135 km + H, mu = 398600.8 km^3/s^2. SGP4 reads n as a Kozai mean motion and
// recovers its own (Brouwer) mean motion from it, so the SGP4 mean semi-major axis differs
// from `a` by the J2 un-Kozai correction (a few km at LEO); the shell's satellites all share
// it, so spacing and geometry are unaffected.
//
// Synthetic catalogue numbers are first_norad_id + index (default 900000, outside the real
// catalogue); names are "<shell>-P<plane>-S<slot>".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "orbit/elements.hpp"

namespace lagrange::orbit {

enum class WalkerPattern { kDelta, kStar };

struct WalkerShell {
  WalkerPattern pattern = WalkerPattern::kDelta;
  double inclination_deg = 0.0;
  int total = 0;
  int planes = 0;
  int phasing = 0;
  double altitude_km = 0.0;
  int per_plane() const { return total / planes; }
};

// A generated satellite with its place in the shell (used by +Grid ISL topologies).
struct WalkerSatellite {
  ElementSet elements;
  int shell = 0;  // index into the shells it was generated from
  int plane = 0;  // 0..P-1
  int slot = 0;   // 0..S-1 along the plane, in the direction of motion
};

inline constexpr uint32_t kFirstSyntheticNoradId = 900000;
inline constexpr double kWgs72Mu_km3_s2 = 398600.8;
inline constexpr double kWgs72EquatorialRadius_km = 6378.135;

// The most satellites one spec may generate (all shells together): a million SGP4 records are
// ~0.5 GB before any ephemeris, and more than any filed constellation (docs/LIMITS.md).
inline constexpr int64_t kMaxWalkerSatellites = 1'000'000;

// Parses a spec or preset name. Errors name the shell text and what is wrong, and specs of
// more than kMaxWalkerSatellites satellites.
Result<std::vector<WalkerShell>> parse_walker_spec(std::string_view spec);

// The named presets, with their documented assumptions: "starlink", "star-compute".
Result<std::vector<WalkerShell>> walker_preset(std::string_view name);

// "53:1584/72/17@550km" (delta) or "star:97.6:348/6/1@560km".
std::string format_walker_shell(const WalkerShell& shell);

// Kepler mean motion of a circular orbit at altitude_km (WGS-72), rev/day.
double circular_mean_motion_rev_per_day(double altitude_km);

// All satellites of the shells, shell by shell, plane by plane, slot by slot, with epoch
// `epoch` (the elements are exact at that instant).
std::vector<WalkerSatellite> generate_walker(const std::vector<WalkerShell>& shells, Instant epoch,
                                             uint32_t first_norad_id = kFirstSyntheticNoradId);

}  // namespace lagrange::orbit
