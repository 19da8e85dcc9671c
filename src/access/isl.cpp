#include "access/isl.hpp"

#include <algorithm>

#include "access/terminals.hpp"
#include "core/units.hpp"

namespace lagrange::access {

double segment_min_altitude_km(const Vec3& a_km, const Vec3& b_km, bool oblate) {
  const double z_scale = oblate ? 1.0 / (1.0 - kWgs84Flattening) : 1.0;
  const Vec3 a{a_km.x, a_km.y, a_km.z * z_scale};
  const Vec3 b{b_km.x, b_km.y, b_km.z * z_scale};
  const Vec3 ab = b - a;
  const double len2 = dot(ab, ab);
  const double u = len2 > 0.0 ? std::clamp(-dot(a, ab) / len2, 0.0, 1.0) : 0.0;
  return norm(a + ab * u) - kWgs84EquatorialRadius_km;
}

double one_way_light_time_s(double range_km) {
  return range_km / kSpeedOfLight_km_s;
}

Status validate_terminal(const TerminalType& t) {
  auto bad = [](const std::string& field, const std::string& rule, double value) {
    return Error{"terminal: " + field + " must be " + rule + ", got " + std::to_string(value)};
  };
  if (t.count < 0) return bad("count", ">= 0", t.count);
  if (!(t.max_range_km > 0.0)) return bad("max_range_km", "> 0", t.max_range_km);
  if (!(t.rate_bps > 0.0)) return bad("rate_bps", "> 0", t.rate_bps);
  if (t.acquisition < Duration{}) {
    return bad("acquisition_s", ">= 0", t.acquisition.to_seconds());
  }
  if (t.derate_reference_range_km < 0.0) {
    return bad("derate_reference_range_km", ">= 0", t.derate_reference_range_km);
  }
  return ok_status();
}

}  // namespace lagrange::access
