// Where and when a satellite's imager can capture a target on the ground.
//
// Imaging model (nadir-pointing push-broom): the imager sees a strip of width `swath_km`
// centred on the ground track (the sub-satellite point on the WGS-84 ellipsoid). A point is
// covered while its cross-track distance from the ground track is at most swath/2; a polygon
// while the strip overlaps it. A capture needs daylight at the target: the Sun's elevation
// there at least `min_sun_elevation_deg` (ERFA Sun, see sun.hpp).
//
// Targets are given in geodetic degrees; polygons are simple, implicitly closed, with edges
// straight in latitude/longitude and not crossing the antimeridian (as workload::Area).
//
// Pure functions of an immutable Ephemeris: thread-safe (find_imaging_segments spreads the
// satellites over OpenMP threads; its output does not depend on their number). A target with
// two vertices, a region with one or two, or an ephemeris without ITRF velocities give no
// results; satellites beyond `imagers.size()` count as having no imager. Model, error budget
// and tests: docs/capture.md.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "access/ephemeris.hpp"
#include "core/time.hpp"

namespace lagrange::access {

struct LatLon {
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
};

// One vertex: a point target. Three or more: a polygon.
struct CaptureTarget {
  std::vector<LatLon> vertices;
};

// What a satellite's imager needs; swath_km <= 0 means the satellite has no imager.
struct ImagerGeometry {
  double swath_km = 0.0;
  double min_sun_elevation_deg = 10.0;
};

// One overflight of the target with the target in daylight.
struct CaptureOpportunity {
  uint32_t satellite = 0;
  Instant start;  // first instant the strip covers the target (in daylight)
  Instant end;    // last such instant
  Instant time;   // closest approach to a point target; middle of [start, end] for a polygon
  // Imaged area of the target: a point gives one square scene of swath x swath; a polygon the
  // part of the strip inside it (the strip's width inside the polygon integrated along the
  // track, clipped to the polygon's area).
  double area_km2 = 0.0;
  LatLon centre;                   // centre of what was imaged (for maps)
  double sun_elevation_deg = 0.0;  // at `time`, at the centre
};

// Every opportunity of the satellites with an imager within [from, to), sorted by
// (start, satellite). `imagers` has one entry per satellite of the ephemeris.
std::vector<CaptureOpportunity> find_capture_opportunities(const Ephemeris& ephemeris,
                                                           std::span<const ImagerGeometry> imagers,
                                                           const CaptureTarget& target,
                                                           Instant from, Instant to);

// A stretch of ground track in daylight (and inside the region), for systematic imaging.
struct ImagingSegment {
  uint32_t satellite = 0;
  Instant start;
  Instant end;
  double ground_track_km = 0.0;  // length of the sub-satellite track over [start, end]
  LatLon centre;                 // sub-satellite point at the middle
};

// The satellites' daylit ground track within [from, to), inside `region` (no vertices: the
// whole Earth), where the Sun at the sub-satellite point is at least the imager's minimum
// elevation, cut into segments no longer than `max_segment`. Sorted by (start, satellite).
std::vector<ImagingSegment> find_imaging_segments(const Ephemeris& ephemeris,
                                                  std::span<const ImagerGeometry> imagers,
                                                  const CaptureTarget& region, Instant from,
                                                  Instant to, Duration max_segment);

}  // namespace lagrange::access
