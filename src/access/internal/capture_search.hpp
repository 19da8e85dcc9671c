// Pieces shared by the capture searches (capture.cpp: point targets, capture_polygon.cpp:
// polygons): which grid intervals to look at, a cheap geocentric pre-filter, and the nadir
// with its direction of motion from the ephemeris' interpolation. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "access/capture.hpp"
#include "access/ephemeris.hpp"
#include "access/internal/capture_geometry.hpp"

namespace lagrange::access::internal {

// Earth's polar radius bounds ground distance per geocentric angle from below.
inline constexpr double kPolarRadius_km = 6356.752;
// Geocentric pre-filter slack: geodetic and geocentric nadirs differ by < 3e-4 rad in LEO;
// this covers that and the satellite's small altitude changes with a wide margin.
inline constexpr double kPrefilterSlackRad = 0.01;

// The sampled intervals [t_i, t_i+1] a search looks at: those meeting [from, to], and one
// more on each side for a pass whose closest approach lies just outside the window.
struct GridRange {
  size_t first = 0;
  size_t end = 0;  // one past the last interval's first sample
};
GridRange grid_range(const TimeGrid& grid, Instant from, Instant to);

// A lower bound of the geocentric angle between a unit vector and the satellite over the
// sampled interval i, from the angles at its ends and the angular rate |v|/|r| (rad).
double min_angle_over_interval(const Ephemeris& eph, size_t sat, size_t i, const Vec3& unit);

// The nadir at t and the unit direction the nadir moves in (horizontal part of v).
struct TrackPoint {
  Nadir nadir;
  Vec3 along;
  double speed_km_s = 0.0;  // Earth-relative speed of the satellite: bounds the nadir's
};
// Empty where the ephemeris cannot interpolate (outside the grid, failed samples).
std::optional<TrackPoint> track_point(const Ephemeris& eph, size_t sat, Instant t);

// Appends the opportunities of one satellite over a polygon (capture_polygon.cpp).
void find_polygon_opportunities(const Ephemeris& eph, size_t sat, const ImagerGeometry& imager,
                                const GroundPolygon& polygon, Instant from, Instant to,
                                std::vector<CaptureOpportunity>& out);

}  // namespace lagrange::access::internal
