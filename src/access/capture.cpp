// Capture opportunities: point targets here, polygons in capture_polygon.cpp (model and
// error budget in docs/capture.md). Everything between grid samples comes from the
// ephemeris' cubic Hermite interpolation; SGP4 is never called here.
#include "access/capture.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "access/internal/brent.hpp"
#include "access/internal/capture_search.hpp"
#include "core/units.hpp"

namespace lagrange::access {
namespace {

using internal::grid_range;
using internal::GridRange;
using internal::GroundPolygon;
using internal::kPolarRadius_km;
using internal::kPrefilterSlackRad;
using internal::min_angle_over_interval;
using internal::track_point;

constexpr double kRootToleranceS = 1e-3;

Instant after(Instant t, double seconds) {
  return t + Duration::from_seconds(seconds);
}

struct PointTarget {
  LatLon where;
  Vec3 ground_itrf_km;
  Vec3 up;
  Vec3 unit;
};

class PointSearch {
 public:
  PointSearch(const Ephemeris& eph, size_t sat, const ImagerGeometry& imager,
              const PointTarget& target, Instant from, Instant to)
      : eph_(eph), sat_(sat), imager_(imager), target_(target), from_(from), to_(to) {}

  void run(std::vector<CaptureOpportunity>& out) const {
    const GridRange range = grid_range(eph_.grid(), from_, to_);
    const double half_angle = 0.5 * imager_.swath_km / kPolarRadius_km + kPrefilterSlackRad;
    for (size_t i = range.first; i < range.end; ++i) {
      if (!eph_.valid(sat_, i) || !eph_.valid(sat_, i + 1)) continue;
      // Range to the target has a minimum in the interval: d|P - r|^2/dt goes + to -.
      const double s0 =
          dot(target_.ground_itrf_km - eph_.r_itrf_km(sat_, i), eph_.v_itrf_km_s(sat_, i));
      const double s1 =
          dot(target_.ground_itrf_km - eph_.r_itrf_km(sat_, i + 1), eph_.v_itrf_km_s(sat_, i + 1));
      if (!(s0 > 0.0 && s1 <= 0.0)) continue;
      if (min_angle_over_interval(eph_, sat_, i, target_.unit) > half_angle) continue;
      if (auto opportunity = refine(i)) out.push_back(*opportunity);
    }
  }

 private:
  // Along-track distance of the target ahead of the nadir (km); decreases through a pass.
  std::optional<double> along_km(Instant t) const {
    const auto p = track_point(eph_, sat_, t);
    if (!p) return std::nullopt;
    return dot(target_.ground_itrf_km - p->nadir.foot_itrf_km, p->along);
  }

  // The closest approach: where the along-track distance crosses zero, near interval i.
  std::optional<Instant> closest_approach(size_t i) const {
    const TimeGrid& grid = eph_.grid();
    Instant a = grid.time(i);
    Instant b = grid.time(i + 1);
    auto fa = along_km(a);
    auto fb = along_km(b);
    // The range minimum and the along-track zero differ by a fraction of a second; widen
    // the bracket by a step when they fall on different sides of a sample.
    if (fa && *fa <= 0.0 && i > 0) {
      a = grid.time(i - 1);
      fa = along_km(a);
    }
    if (fb && *fb >= 0.0 && i + 2 < grid.count) {
      b = grid.time(i + 2);
      fb = along_km(b);
    }
    if (!fa || !fb || *fa < 0.0 || *fb > 0.0) return std::nullopt;
    auto f = [&](double s) { return along_km(after(a, s)).value_or(0.0); };
    const double root_s =
        internal::brent_root(f, 0.0, (b - a).to_seconds(), *fa, *fb, kRootToleranceS);
    return after(a, root_s);
  }

  // Where the along-track distance reaches `level_km`, searching from t_ca towards `limit`;
  // `limit` when it never does before it (the window clips the coverage).
  Instant edge(Instant t_ca, double level_km, Instant limit, double speed_km_s) const {
    const double direction = limit >= t_ca ? 1.0 : -1.0;
    double reach_s = 1.0 + 1.5 * std::abs(level_km) / std::max(speed_km_s, 0.1);
    for (int attempt = 0; attempt < 8; ++attempt, reach_s *= 2.0) {
      Instant probe = after(t_ca, direction * reach_s);
      const bool clipped = direction > 0 ? probe >= limit : probe <= limit;
      if (clipped) probe = limit;
      const auto f_probe = along_km(probe);
      if (!f_probe) return limit;
      const bool crossed = direction > 0 ? *f_probe <= level_km : *f_probe >= level_km;
      if (crossed) {
        auto f = [&](double s) { return along_km(after(t_ca, s)).value_or(level_km) - level_km; };
        const double span_s = (probe - t_ca).to_seconds();
        const double root_s =
            internal::brent_root(f, 0.0, span_s, f(0.0), *f_probe - level_km, kRootToleranceS);
        return after(t_ca, root_s);
      }
      if (clipped) return limit;
    }
    return limit;
  }

  std::optional<CaptureOpportunity> refine(size_t i) const {
    const auto t_ca = closest_approach(i);
    if (!t_ca) return std::nullopt;
    const auto p = track_point(eph_, sat_, *t_ca);
    if (!p) return std::nullopt;
    const double half = 0.5 * imager_.swath_km;
    const double cross_km =
        internal::geodesic_distance_km(p->nadir.lat_deg, p->nadir.lon_deg,
                                       target_.where.latitude_deg, target_.where.longitude_deg);
    if (cross_km > half) return std::nullopt;

    const TimeGrid& grid = eph_.grid();
    const Instant lo = std::max(from_, grid.start);
    const Instant hi = std::min(to_, grid.last());
    CaptureOpportunity o;
    o.satellite = static_cast<uint32_t>(sat_);
    o.start = *t_ca < lo ? lo : edge(*t_ca, half, lo, p->speed_km_s);
    o.end = *t_ca > hi ? hi : edge(*t_ca, -half, hi, p->speed_km_s);
    if (o.start >= o.end) return std::nullopt;  // the window clips it away
    o.time = std::clamp(*t_ca, o.start, o.end);
    const Vec3 sun = internal::sun_itrf_km(o.time, eph_.options().eop);
    const double sin_el = internal::sun_sin_elevation(target_.ground_itrf_km, target_.up, sun);
    o.sun_elevation_deg = rad_to_deg(std::asin(std::clamp(sin_el, -1.0, 1.0)));
    if (o.sun_elevation_deg < imager_.min_sun_elevation_deg) return std::nullopt;
    o.area_km2 = imager_.swath_km * imager_.swath_km;
    o.centre = target_.where;
    return o;
  }

  const Ephemeris& eph_;
  size_t sat_;
  const ImagerGeometry& imager_;
  const PointTarget& target_;
  Instant from_;
  Instant to_;
};

bool by_start_then_satellite(const CaptureOpportunity& a, const CaptureOpportunity& b) {
  if (a.start != b.start) return a.start < b.start;
  if (a.satellite != b.satellite) return a.satellite < b.satellite;
  return a.end < b.end;
}

}  // namespace

std::vector<CaptureOpportunity> find_capture_opportunities(const Ephemeris& ephemeris,
                                                           std::span<const ImagerGeometry> imagers,
                                                           const CaptureTarget& target,
                                                           Instant from, Instant to) {
  std::vector<CaptureOpportunity> out;
  const size_t n = target.vertices.size();
  if (n != 1 && n < 3) return out;
  if (!ephemeris.has_itrf_velocity()) return out;
  const size_t sats = std::min(ephemeris.satellite_count(), imagers.size());

  if (n == 1) {
    const LatLon& where = target.vertices.front();
    PointTarget point;
    point.where = where;
    point.ground_itrf_km = orbit::geodetic_to_itrf({where.latitude_deg, where.longitude_deg, 0.0});
    point.up = internal::ellipsoid_up(where.latitude_deg, where.longitude_deg);
    point.unit = normalized(point.ground_itrf_km);
    for (size_t sat = 0; sat < sats; ++sat) {
      if (imagers[sat].swath_km <= 0.0) continue;
      PointSearch(ephemeris, sat, imagers[sat], point, from, to).run(out);
    }
  } else {
    const GroundPolygon polygon(target.vertices);
    for (size_t sat = 0; sat < sats; ++sat) {
      if (imagers[sat].swath_km <= 0.0) continue;
      internal::find_polygon_opportunities(ephemeris, sat, imagers[sat], polygon, from, to, out);
    }
  }
  std::sort(out.begin(), out.end(), by_start_then_satellite);
  return out;
}

}  // namespace lagrange::access
