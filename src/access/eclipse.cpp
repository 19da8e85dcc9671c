#include "access/eclipse.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "access/sun.hpp"

namespace lagrange::access {
namespace {

// Local minima of a margin below this get a closer look for a grazing eclipse between two
// lit samples. LEO geometry changes by ~ 0.07 rad per minute, so this is generous.
constexpr double kGrazingLookRad = 0.15;

Vec3 to_sphere_space(const Vec3& r, bool oblate) {
  return oblate ? Vec3{r.x, r.y, r.z / (1.0 - kWgs84Flattening)} : r;
}

double angle_between(const Vec3& a, const Vec3& b) {
  return std::atan2(norm(cross(a, b)), dot(a, b));
}

enum class Shadow { kLit, kPenumbra, kUmbra };

Shadow classify(const ShadowGeometry& g) {
  if (g.umbra_margin_rad() < 0.0) return Shadow::kUmbra;
  if (g.penumbra_margin_rad() < 0.0) return Shadow::kPenumbra;
  return Shadow::kLit;
}

using Margin = double (ShadowGeometry::*)() const;

class ShadowEvaluator {
 public:
  ShadowEvaluator(const PositionAt& position_at, const SunTable& sun, const ShadowModel& model)
      : position_at_(position_at), sun_(sun), model_(model) {}
  ShadowGeometry at(Instant t) const {
    return shadow_geometry(position_at_(t), sun_.position_km(t), model_);
  }
  double margin(Margin m, Instant t) const { return (at(t).*m)(); }

 private:
  const PositionAt& position_at_;
  const SunTable& sun_;
  const ShadowModel& model_;
};

// A root of the margin in [a, b] where the signs at a and b differ.
Instant bisect(const ShadowEvaluator& eval, Margin m, Instant a, Instant b, Duration tol) {
  const bool a_negative = eval.margin(m, a) < 0.0;
  while (b - a > tol) {
    const Instant mid = a + (b - a) / 2;
    if ((eval.margin(m, mid) < 0.0) == a_negative) {
      a = mid;
    } else {
      b = mid;
    }
  }
  return a + (b - a) / 2;
}

// The instant of the margin's minimum in [a, b] (golden section; unimodal near a grazing).
Instant golden_minimum(const ShadowEvaluator& eval, Margin m, Instant a, Instant b, Duration tol) {
  constexpr double kInvPhi = 0.6180339887498949;
  auto inner = [&](Instant lo, Instant hi, double frac) {
    return lo + Duration::from_seconds((hi - lo).to_seconds() * frac);
  };
  Instant c = inner(a, b, 1.0 - kInvPhi);
  Instant d = inner(a, b, kInvPhi);
  double fc = eval.margin(m, c);
  double fd = eval.margin(m, d);
  while (b - a > tol) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = inner(a, b, 1.0 - kInvPhi);
      fc = eval.margin(m, c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = inner(a, b, kInvPhi);
      fd = eval.margin(m, d);
    }
  }
  return fc < fd ? c : d;
}

void find_crossings(const ShadowEvaluator& eval, Margin m, std::span<const Instant> grid,
                    const std::vector<double>& f, Duration tol, std::vector<Instant>& out) {
  const size_t n = grid.size();
  for (size_t i = 0; i + 1 < n; ++i) {
    if ((f[i] < 0.0) != (f[i + 1] < 0.0)) {
      out.push_back(bisect(eval, m, grid[i], grid[i + 1], tol));
    }
  }
  for (size_t i = 1; i + 1 < n; ++i) {
    const bool all_outside = f[i - 1] >= 0.0 && f[i] >= 0.0 && f[i + 1] >= 0.0;
    if (!all_outside || f[i] > kGrazingLookRad || f[i] > f[i - 1] || f[i] > f[i + 1]) continue;
    const Instant t_min = golden_minimum(eval, m, grid[i - 1], grid[i + 1], tol);
    if (eval.margin(m, t_min) < 0.0) {
      out.push_back(bisect(eval, m, grid[i - 1], t_min, tol));
      out.push_back(bisect(eval, m, t_min, grid[i + 1], tol));
    }
  }
}

double min_fraction(const ShadowEvaluator& eval, Instant a, Instant b, Duration tol) {
  // The fraction falls monotonically with the penumbra margin, so minimise the margin.
  const Margin m = &ShadowGeometry::penumbra_margin_rad;
  const Instant t = golden_minimum(eval, m, a, b, tol);
  return std::min({illuminated_fraction(eval.at(t)), illuminated_fraction(eval.at(a)),
                   illuminated_fraction(eval.at(b))});
}

}  // namespace

ShadowGeometry shadow_geometry(const Vec3& r_sat_km, const Vec3& r_sun_km,
                               const ShadowModel& model) {
  const Vec3 r = to_sphere_space(r_sat_km, model.oblate);
  const Vec3 s = to_sphere_space(r_sun_km, model.oblate);
  const Vec3 to_sun = s - r;
  ShadowGeometry g;
  g.separation_rad = angle_between(to_sun, -r);
  g.sun_radius_rad = std::asin(std::min(1.0, model.sun_radius_km / norm(to_sun)));
  g.earth_radius_rad = std::asin(std::min(1.0, model.earth_radius_km / norm(r)));
  return g;
}

double illuminated_fraction(const ShadowGeometry& g) {
  const double a = g.sun_radius_rad;
  const double b = g.earth_radius_rad;
  const double c = g.separation_rad;
  if (c >= a + b) return 1.0;
  if (c <= b - a) return 0.0;
  if (c <= a - b) return 1.0 - (b * b) / (a * a);  // Earth's disc inside the Sun's
  const double x = (c * c + a * a - b * b) / (2.0 * c);
  const double y = std::sqrt(std::max(0.0, a * a - x * x));
  const double overlap = a * a * std::acos(std::clamp(x / a, -1.0, 1.0)) +
                         b * b * std::acos(std::clamp((c - x) / b, -1.0, 1.0)) - c * y;
  return std::clamp(1.0 - overlap / (kPi * a * a), 0.0, 1.0);
}

double illuminated_fraction(const Vec3& r_sat_km, const Vec3& r_sun_km, const ShadowModel& model) {
  return illuminated_fraction(shadow_geometry(r_sat_km, r_sun_km, model));
}

SunTable::SunTable(Instant start, Instant end, Duration step, SunFrame frame,
                   const orbit::EarthOrientation& eop)
    : start_(start), step_(step) {
  assert(step.ns() > 0 && end >= start);
  const int64_t n = (end - start).ns() / step.ns() + 2;
  samples_km_.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const Instant t = start + step * i;
    const Vec3 teme = sun_position_teme_km(t);
    samples_km_.push_back(
        frame == SunFrame::kTeme ? teme : apply(orbit::teme_to_itrf_rotation(t, eop), teme));
  }
}

Vec3 SunTable::position_km(Instant t) const {
  const double u = static_cast<double>((t - start_).ns()) / static_cast<double>(step_.ns());
  const double last = static_cast<double>(samples_km_.size() - 2);
  const double clamped = std::clamp(u, 0.0, last);
  const auto i = static_cast<size_t>(std::floor(clamped));
  const size_t j = std::min(i, samples_km_.size() - 2);
  const double w = u - static_cast<double>(j);  // may extrapolate slightly outside the table
  return samples_km_[j] * (1.0 - w) + samples_km_[j + 1] * w;
}

std::vector<EclipseInterval> find_eclipses(NodeIndex satellite, std::span<const Instant> grid,
                                           std::span<const Vec3> r_grid_km,
                                           const PositionAt& position_at, const SunTable& sun,
                                           const EclipseSearchOptions& options) {
  assert(grid.size() == r_grid_km.size());
  std::vector<EclipseInterval> out;
  if (grid.size() < 2) return out;
  const ShadowEvaluator eval(position_at, sun, options.model);
  std::vector<double> pen(grid.size());
  std::vector<double> umb(grid.size());
  for (size_t i = 0; i < grid.size(); ++i) {
    const ShadowGeometry g = shadow_geometry(r_grid_km[i], sun.position_km(grid[i]), options.model);
    pen[i] = g.penumbra_margin_rad();
    umb[i] = g.umbra_margin_rad();
  }
  if (*std::min_element(pen.begin(), pen.end()) > kGrazingLookRad) return out;

  std::vector<Instant> cuts{grid.front(), grid.back()};
  find_crossings(eval, &ShadowGeometry::penumbra_margin_rad, grid, pen, options.tolerance, cuts);
  find_crossings(eval, &ShadowGeometry::umbra_margin_rad, grid, umb, options.tolerance, cuts);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    const Instant a = cuts[k];
    const Instant b = cuts[k + 1];
    const Shadow state = classify(eval.at(a + (b - a) / 2));
    if (state == Shadow::kLit) continue;
    const ShadowKind kind = state == Shadow::kUmbra ? ShadowKind::kUmbra : ShadowKind::kPenumbra;
    if (!out.empty() && out.back().kind == kind && out.back().end == a) {
      out.back().end = b;
    } else {
      out.push_back({satellite, a, b, kind, 0.0});
    }
  }
  for (auto& e : out) {
    e.min_illuminated_fraction =
        e.kind == ShadowKind::kUmbra ? 0.0 : min_fraction(eval, e.start, e.end, options.tolerance);
  }
  return out;
}

}  // namespace lagrange::access
