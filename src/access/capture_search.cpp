#include "access/internal/capture_search.hpp"

#include <algorithm>
#include <cmath>

namespace lagrange::access::internal {
namespace {

double angle_between(const Vec3& a, const Vec3& b) {
  return std::atan2(norm(cross(a, b)), dot(a, b));
}

}  // namespace

GridRange grid_range(const TimeGrid& grid, Instant from, Instant to) {
  GridRange range;
  if (grid.count < 2 || to <= grid.start || from >= grid.last()) return range;
  const int64_t step = grid.step.ns();
  range.first = from <= grid.start ? 0 : static_cast<size_t>((from - grid.start).ns() / step);
  const int64_t to_offset = (to - grid.start).ns();
  range.end = std::min(grid.count - 1, static_cast<size_t>((to_offset + step - 1) / step) + 1);
  range.first = range.first > 0 ? range.first - 1 : 0;
  return range;
}

double min_angle_over_interval(const Ephemeris& eph, size_t sat, size_t i, const Vec3& unit) {
  const Vec3& r0 = eph.r_itrf_km(sat, i);
  const Vec3& r1 = eph.r_itrf_km(sat, i + 1);
  const double rate = std::max(norm(eph.v_itrf_km_s(sat, i)) / norm(r0),
                               norm(eph.v_itrf_km_s(sat, i + 1)) / norm(r1));
  const double a0 = angle_between(r0, unit);
  const double a1 = angle_between(r1, unit);
  return 0.5 * (a0 + a1 - rate * eph.grid().step.to_seconds());
}

std::optional<TrackPoint> track_point(const Ephemeris& eph, size_t sat, Instant t) {
  orbit::ItrfState s;
  if (!eph.interpolate_itrf(sat, t, s)) return std::nullopt;
  TrackPoint p;
  p.nadir = nadir_of(s.r_km);
  const Vec3 v_h = s.v_km_s - p.nadir.up * dot(s.v_km_s, p.nadir.up);
  p.along = normalized(v_h);
  p.speed_km_s = norm(s.v_km_s);
  return p;
}

}  // namespace lagrange::access::internal
