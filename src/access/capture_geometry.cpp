#include "access/internal/capture_geometry.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <algorithm>
#include <cmath>
#include <limits>

#include "access/eclipse.hpp"
#include "access/sun.hpp"
#include "core/units.hpp"
#include "orbit/frames.hpp"

namespace lagrange::access::internal {
namespace {

constexpr double kMetresPerKm = 1000.0;
// Edges are densified to this step (deg) for the area, so geodesic and lat/lon-straight
// edges part by < 1e-6 of the edge length.
constexpr double kDensifyStepDeg = 0.05;
constexpr double kE2 = kWgs84Flattening * (2.0 - kWgs84Flattening);
constexpr Duration kSunItrfStep = Duration::seconds(60);
constexpr Duration kSunTemeStep = Duration::minutes(10);

struct PlanePoint {
  double x = 0.0;
  double y = 0.0;
};

// Parameter in [0, 1] of the point of segment a-b nearest to the origin, and its distance.
double nearest_on_segment(PlanePoint a, PlanePoint b, double& s) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  s = len2 > 0.0 ? std::clamp(-(a.x * dx + a.y * dy) / len2, 0.0, 1.0) : 0.0;
  return std::hypot(a.x + s * dx, a.y + s * dy);
}

// The affine map of latitude/longitude to local east/north kilometres at a point, with the
// WGS-84 radii of curvature there: lat/lon-straight edges stay straight.
struct LocalProjection {
  double lat0_deg;
  double lon0_deg;
  double kx_km_per_deg;
  double ky_km_per_deg;

  LocalProjection(double lat_deg, double lon_deg) : lat0_deg(lat_deg), lon0_deg(lon_deg) {
    const double sin_lat = std::sin(deg_to_rad(lat_deg));
    const double w = std::sqrt(1.0 - kE2 * sin_lat * sin_lat);
    const double n_km = kWgs84EquatorialRadius_km / w;
    const double m_km = kWgs84EquatorialRadius_km * (1.0 - kE2) / (w * w * w);
    kx_km_per_deg = n_km * std::cos(deg_to_rad(lat_deg)) * kRadPerDeg;
    ky_km_per_deg = m_km * kRadPerDeg;
  }
  PlanePoint operator()(const LatLon& v) const {
    return {(v.longitude_deg - lon0_deg) * kx_km_per_deg,
            (v.latitude_deg - lat0_deg) * ky_km_per_deg};
  }
};

bool plane_contains(const std::vector<PlanePoint>& ring, PlanePoint q) {
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const PlanePoint& a = ring[i];
    const PlanePoint& b = ring[j];
    if ((a.y > q.y) != (b.y > q.y)) {
      const double x_cross = a.x + (q.y - a.y) / (b.y - a.y) * (b.x - a.x);
      if (q.x < x_cross) inside = !inside;
    }
  }
  return inside;
}

}  // namespace

Vec3 ellipsoid_up(double lat_deg, double lon_deg) {
  const double lat = deg_to_rad(lat_deg);
  const double lon = deg_to_rad(lon_deg);
  return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

Nadir nadir_of(const Vec3& r_itrf_km) {
  const orbit::Geodetic g = orbit::itrf_to_geodetic(r_itrf_km);
  Nadir n;
  n.lat_deg = g.lat_deg;
  n.lon_deg = g.lon_deg;
  n.up = ellipsoid_up(g.lat_deg, g.lon_deg);
  n.foot_itrf_km = r_itrf_km - n.up * g.alt_km;
  return n;
}

Vec3 sun_itrf_km(Instant t, const orbit::EarthOrientation& eop) {
  return apply(orbit::teme_to_itrf_rotation(t, eop), sun_position_teme_km(t));
}

SunItrfTable::SunItrfTable(Instant start, Instant end, const orbit::EarthOrientation& eop)
    : start_(start) {
  const SunTable teme(start, end + kSunItrfStep, kSunTemeStep, SunFrame::kTeme);
  const int64_t n = (end - start).ns() / kSunItrfStep.ns() + 2;
  samples_km_.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const Instant t = start + kSunItrfStep * i;
    samples_km_.push_back(apply(orbit::teme_to_itrf_rotation(t, eop), teme.position_km(t)));
  }
}

Vec3 SunItrfTable::position_km(Instant t) const {
  const double u = static_cast<double>((t - start_).ns()) / static_cast<double>(kSunItrfStep.ns());
  const double last = static_cast<double>(samples_km_.size() - 2);
  const double clamped = std::clamp(u, 0.0, last);
  const auto i = static_cast<size_t>(clamped);
  const double w = clamped - static_cast<double>(i);
  return samples_km_[i] * (1.0 - w) + samples_km_[i + 1] * w;
}

double sun_sin_elevation(const Vec3& ground_itrf_km, const Vec3& up, const Vec3& sun_itrf_km) {
  return dot(up, normalized(sun_itrf_km - ground_itrf_km));
}

double geodesic_distance_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  double s12_m = 0.0;
  GeographicLib::Geodesic::WGS84().Inverse(lat1_deg, lon1_deg, lat2_deg, lon2_deg, s12_m);
  return s12_m / kMetresPerKm;
}

GroundPolygon::GroundPolygon(std::vector<LatLon> vertices) : vertices_(std::move(vertices)) {
  double lon_min = std::numeric_limits<double>::infinity();
  double lon_max = -lon_min;
  Vec3 sum;
  for (const LatLon& v : vertices_) {
    lon_min = std::min(lon_min, v.longitude_deg);
    lon_max = std::max(lon_max, v.longitude_deg);
    sum += ellipsoid_up(v.latitude_deg, v.longitude_deg);
  }
  lon_mid_deg_ = 0.5 * (lon_min + lon_max);
  cap_centre_ = norm(sum) > 0.0 ? normalized(sum) : Vec3{0, 0, 1};
  for (const LatLon& v : vertices_) {
    const Vec3 u = ellipsoid_up(v.latitude_deg, v.longitude_deg);
    cap_radius_rad_ =
        std::max(cap_radius_rad_, std::atan2(norm(cross(u, cap_centre_)), dot(u, cap_centre_)));
  }

  GeographicLib::PolygonArea area(GeographicLib::Geodesic::WGS84());
  const size_t n = vertices_.size();
  for (size_t i = 0; i < n; ++i) {
    const LatLon& a = vertices_[i];
    const LatLon& b = vertices_[(i + 1) % n];
    const double span = std::max(std::abs(b.latitude_deg - a.latitude_deg),
                                 std::abs(b.longitude_deg - a.longitude_deg));
    const int pieces = std::max(1, static_cast<int>(std::ceil(span / kDensifyStepDeg)));
    for (int k = 0; k < pieces; ++k) {
      const double s = static_cast<double>(k) / pieces;
      area.AddPoint(a.latitude_deg + s * (b.latitude_deg - a.latitude_deg),
                    a.longitude_deg + s * (b.longitude_deg - a.longitude_deg));
    }
  }
  double perimeter_m = 0.0;
  double area_m2 = 0.0;
  // sign = true: a clockwise ring gives minus its area (not the rest of the Earth's).
  area.Compute(false, true, perimeter_m, area_m2);
  area_km2_ = std::abs(area_m2) / (kMetresPerKm * kMetresPerKm);
}

double GroundPolygon::unwrap_lon(double lon_deg) const {
  // The polygon does not cross the antimeridian; bring the query within 180 deg of it.
  while (lon_deg - lon_mid_deg_ > 180.0) lon_deg -= 360.0;
  while (lon_deg - lon_mid_deg_ < -180.0) lon_deg += 360.0;
  return lon_deg;
}

bool GroundPolygon::contains(double lat_deg, double lon_deg) const {
  const double lon = unwrap_lon(lon_deg);
  bool inside = false;
  const size_t n = vertices_.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const LatLon& a = vertices_[i];
    const LatLon& b = vertices_[j];
    if ((a.latitude_deg > lat_deg) != (b.latitude_deg > lat_deg)) {
      const double lon_cross = a.longitude_deg + (lat_deg - a.latitude_deg) /
                                                     (b.latitude_deg - a.latitude_deg) *
                                                     (b.longitude_deg - a.longitude_deg);
      if (lon < lon_cross) inside = !inside;
    }
  }
  return inside;
}

double GroundPolygon::signed_distance_km(double lat_deg, double lon_deg, bool precise) const {
  const double lon = unwrap_lon(lon_deg);
  const LocalProjection project(lat_deg, lon);
  double best_km = std::numeric_limits<double>::infinity();
  size_t best_edge = 0;
  double best_s = 0.0;
  const size_t n = vertices_.size();
  for (size_t i = 0; i < n; ++i) {
    double s = 0.0;
    const double d = nearest_on_segment(project(vertices_[i]), project(vertices_[(i + 1) % n]), s);
    if (d < best_km) {
      best_km = d;
      best_edge = i;
      best_s = s;
    }
  }
  if (precise) {
    const LatLon& a = vertices_[best_edge];
    const LatLon& b = vertices_[(best_edge + 1) % n];
    best_km = geodesic_distance_km(lat_deg, lon,
                                   a.latitude_deg + best_s * (b.latitude_deg - a.latitude_deg),
                                   a.longitude_deg + best_s * (b.longitude_deg - a.longitude_deg));
  }
  return contains(lat_deg, lon) ? -best_km : best_km;
}

double GroundPolygon::inside_length_km(const Nadir& nadir, const Vec3& across_itrf,
                                       double half_km) const {
  const LocalProjection project(nadir.lat_deg, unwrap_lon(nadir.lon_deg));
  std::vector<PlanePoint> ring;
  ring.reserve(vertices_.size());
  for (const LatLon& v : vertices_) ring.push_back(project(v));
  // The segment's direction in east/north components.
  const double lat = deg_to_rad(nadir.lat_deg);
  const double lon = deg_to_rad(nadir.lon_deg);
  const Vec3 east{-std::sin(lon), std::cos(lon), 0.0};
  const Vec3 north{-std::sin(lat) * std::cos(lon), -std::sin(lat) * std::sin(lon), std::cos(lat)};
  double ux = dot(across_itrf, east);
  double uy = dot(across_itrf, north);
  const double len = std::hypot(ux, uy);
  if (len == 0.0) return 0.0;
  ux /= len;
  uy /= len;
  // Parameters (km from the nadir) where the segment crosses an edge, then the pieces
  // between them whose middles are inside.
  std::vector<double> cuts{-half_km, half_km};
  const size_t n = ring.size();
  for (size_t i = 0; i < n; ++i) {
    const PlanePoint a = ring[i];
    const PlanePoint b = ring[(i + 1) % n];
    const double ex = b.x - a.x;
    const double ey = b.y - a.y;
    const double denom = ux * ey - uy * ex;
    if (denom == 0.0) continue;                      // parallel: no single crossing
    const double s = (a.x * ey - a.y * ex) / denom;  // along the segment
    const double e = (a.x * uy - a.y * ux) / denom;  // along the edge, in [0, 1]
    if (e >= 0.0 && e <= 1.0 && s > -half_km && s < half_km) cuts.push_back(s);
  }
  std::sort(cuts.begin(), cuts.end());
  double inside_km = 0.0;
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    const double mid = 0.5 * (cuts[k] + cuts[k + 1]);
    if (plane_contains(ring, {mid * ux, mid * uy})) inside_km += cuts[k + 1] - cuts[k];
  }
  return inside_km;
}

}  // namespace lagrange::access::internal
