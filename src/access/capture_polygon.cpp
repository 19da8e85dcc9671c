// Capture opportunities of polygon targets (model and error budget in docs/capture.md).
#include <algorithm>
#include <cmath>
#include <optional>

#include "access/internal/capture_search.hpp"
#include "core/units.hpp"

namespace lagrange::access::internal {
namespace {

constexpr Duration kBoundaryTolerance = Duration::from_ns(10'000'000);  // 10 ms
constexpr Duration kMinPolygonStep = Duration::from_ns(500'000'000);    // 0.5 s
constexpr Duration kMaxPolygonStep = Duration::seconds(60);
constexpr Duration kAreaSubStep = Duration::seconds(1);
constexpr int64_t kAreaRefinement = 20;
// Steps are cut to this fraction of the distance the nadir can cover, since the projected
// polygon distance is a few % off (capture_geometry.hpp).
constexpr double kStepSafety = 0.8;

struct Coverage {
  bool covered = false;
  double margin_km = 0.0;  // |distance to polygon - swath/2|: how far the state is from flipping
  double speed_km_s = 0.0;
};

class PolygonSearch {
 public:
  PolygonSearch(const Ephemeris& eph, size_t sat, const ImagerGeometry& imager,
                const GroundPolygon& polygon, Instant from, Instant to)
      : eph_(eph), sat_(sat), imager_(imager), polygon_(polygon), from_(from), to_(to) {}

  void run(std::vector<CaptureOpportunity>& out) const {
    const GridRange range = grid_range(eph_.grid(), from_, to_);
    const double reach_rad =
        polygon_.cap_radius_rad() + 0.5 * imager_.swath_km / kPolarRadius_km + kPrefilterSlackRad;
    const TimeGrid& grid = eph_.grid();
    const Instant lo = std::max(from_, grid.start);
    const Instant hi = std::min(to_, grid.last());
    // Runs of consecutive candidate intervals are scanned finely as one stretch.
    size_t i = range.first;
    while (i < range.end) {
      if (!candidate(i, reach_rad)) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < range.end && candidate(j, reach_rad)) ++j;
      scan(std::max(lo, grid.time(i)), std::min(hi, grid.time(j)), out);
      i = j;
    }
  }

 private:
  bool candidate(size_t i, double reach_rad) const {
    return eph_.valid(sat_, i) && eph_.valid(sat_, i + 1) &&
           min_angle_over_interval(eph_, sat_, i, polygon_.cap_centre()) <= reach_rad;
  }

  std::optional<Coverage> coverage(Instant t) const {
    const auto p = track_point(eph_, sat_, t);
    if (!p) return std::nullopt;
    const double half = 0.5 * imager_.swath_km;
    double d = polygon_.signed_distance_km(p->nadir.lat_deg, p->nadir.lon_deg, false);
    // Near the threshold the projected distance is measured again along a geodesic.
    if (d > 0.0 && std::abs(d - half) < 0.1 * half + 5.0) {
      d = polygon_.signed_distance_km(p->nadir.lat_deg, p->nadir.lon_deg, true);
    }
    return Coverage{d <= half, std::abs(d - half), p->speed_km_s};
  }

  bool covered(Instant t) const {
    const auto c = coverage(t);
    return c && c->covered;
  }

  // [a, b] with covered(a) != covered(b): the last instant (to 10 ms) in a's state.
  Instant boundary(Instant a, Instant b) const {
    const bool state_a = covered(a);
    while (b - a > kBoundaryTolerance) {
      const Instant mid = a + (b - a) / 2;
      if (covered(mid) == state_a) {
        a = mid;
      } else {
        b = mid;
      }
    }
    return state_a ? a : b;
  }

  void scan(Instant begin, Instant end, std::vector<CaptureOpportunity>& out) const {
    if (begin >= end) return;  // a margin interval wholly outside [from, to]
    Instant t = begin;
    auto c = coverage(t);
    // An open coverage interval and its start (a plain pair: GCC 12 misreads an optional here).
    bool is_open = c && c->covered;
    Instant open_start = t;
    while (t < end) {
      Duration step = kMaxPolygonStep;
      if (c && c->speed_km_s > 0.0) {
        step = std::clamp(Duration::from_seconds(kStepSafety * c->margin_km / c->speed_km_s),
                          kMinPolygonStep, kMaxPolygonStep);
      } else {
        step = kMinPolygonStep;
      }
      const Instant next = std::min(end, t + step);
      const auto c_next = coverage(next);
      const bool was = c && c->covered;
      const bool is = c_next && c_next->covered;
      if (was != is) {
        const Instant edge = boundary(t, next);
        if (is) {
          is_open = true;
          open_start = edge;
        } else if (is_open) {
          emit(open_start, edge, out);
          is_open = false;
        }
      }
      t = next;
      c = c_next;
    }
    if (is_open) emit(open_start, end, out);
  }

  void emit(Instant start, Instant end, std::vector<CaptureOpportunity>& out) const {
    CaptureOpportunity o;
    o.satellite = static_cast<uint32_t>(sat_);
    o.start = start;
    o.end = end;
    o.time = start + (end - start) / 2;
    const auto mid = track_point(eph_, sat_, o.time);
    if (!mid) return;
    o.centre = {mid->nadir.lat_deg, mid->nadir.lon_deg};
    const Vec3 sun = sun_itrf_km(o.time, eph_.options().eop);
    const double sin_el = sun_sin_elevation(mid->nadir.foot_itrf_km, mid->nadir.up, sun);
    o.sun_elevation_deg = rad_to_deg(std::asin(std::clamp(sin_el, -1.0, 1.0)));
    if (o.sun_elevation_deg < imager_.min_sun_elevation_deg) return;
    o.area_km2 = std::min(strip_area_km2(start, end), polygon_.area_km2());
    out.push_back(o);
  }

  // A line across the track at t: where the nadir is and how much of the line is inside.
  struct Across {
    Vec3 foot_itrf_km;
    double width_km = 0.0;
  };
  std::optional<Across> across(Instant t) const {
    const auto p = track_point(eph_, sat_, t);
    if (!p) return std::nullopt;
    return Across{
        p->nadir.foot_itrf_km,
        polygon_.inside_length_km(p->nadir, cross(p->nadir.up, p->along), 0.5 * imager_.swath_km)};
  }

  // Trapezoids between consecutive lines (chord and arc agree to 1e-8 over a second).
  static double trapezoid_km2(const Across& a, const Across& b) {
    return 0.5 * (a.width_km + b.width_km) * norm(b.foot_itrf_km - a.foot_itrf_km);
  }

  // The strip's area inside the polygon: the inside width of the line across the track,
  // integrated over the nadir's path. Seconds where the width changes (the strip crossing an
  // edge: a kink the trapezoid would cut) are integrated again at 20 sub-steps (350 m).
  double strip_area_km2(Instant start, Instant end) const {
    const int64_t pieces =
        std::max<int64_t>(1, ((end - start).ns() + kAreaSubStep.ns() - 1) / kAreaSubStep.ns());
    double area_km2 = 0.0;
    // The previous line (a plain pair: GCC 12 misreads an optional here).
    bool has_last = false;
    Across last;
    Instant last_t = start;
    for (int64_t k = 0; k <= pieces; ++k) {
      const Instant t = start + (end - start) * k / pieces;
      const auto line = across(t);
      if (!line) {
        has_last = false;
        continue;
      }
      if (has_last) {
        const bool full = last.width_km >= imager_.swath_km && line->width_km >= imager_.swath_km;
        const bool constant = last.width_km == line->width_km && (full || line->width_km == 0.0);
        area_km2 += constant ? trapezoid_km2(last, *line) : refined_km2(last, last_t, t);
      }
      has_last = true;
      last = *line;
      last_t = t;
    }
    return area_km2;
  }

  double refined_km2(Across a, Instant t0, Instant t1) const {
    double area_km2 = 0.0;
    for (int64_t k = 1; k <= kAreaRefinement; ++k) {
      const auto b = across(t0 + (t1 - t0) * k / kAreaRefinement);
      if (!b) return area_km2;
      area_km2 += trapezoid_km2(a, *b);
      a = *b;
    }
    return area_km2;
  }

  const Ephemeris& eph_;
  size_t sat_;
  const ImagerGeometry& imager_;
  const GroundPolygon& polygon_;
  Instant from_;
  Instant to_;
};

}  // namespace

void find_polygon_opportunities(const Ephemeris& eph, size_t sat, const ImagerGeometry& imager,
                                const GroundPolygon& polygon, Instant from, Instant to,
                                std::vector<CaptureOpportunity>& out) {
  PolygonSearch(eph, sat, imager, polygon, from, to).run(out);
}

}  // namespace lagrange::access::internal
