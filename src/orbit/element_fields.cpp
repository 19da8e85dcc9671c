#include "orbit/internal/element_fields.hpp"

#include "core/text.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace lagrange::orbit::internal {

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string printable(std::string_view text) {
  std::string out(text.substr(0, 80));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
  }
  return out;
}

std::optional<double> to_double(std::string_view text) {
  std::string_view s = trim(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> to_int(std::string_view text) {
  std::string_view s = trim(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return value;
}

void set_epoch_jd(ElementSet& set, int year, int month, int day, int hour, int minute,
                  double second) {
  // Vallado's jday (2015 form, split into whole and fraction).
  const double y = year;
  const double m = month;
  double jd = 367.0 * y - std::floor((7.0 * (y + std::floor((m + 9.0) / 12.0))) * 0.25) +
              std::floor(275.0 * m / 9.0) + day + 1721013.5;
  double fraction = (second + minute * 60.0 + hour * 3600.0) / 86400.0;
  if (std::fabs(fraction) > 1.0) {
    const double whole_days = std::floor(fraction);
    jd += whole_days;
    fraction -= whole_days;
  }
  set.epoch_jd_whole = jd;
  set.epoch_jd_fraction = fraction;
}

CalendarEpoch days_to_calendar(int year, double day_of_year) {
  // Vallado's days2mdhms, including its leap-year rule (year % 4), valid 1901-2099.
  int month_length[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year % 4 == 0) month_length[1] = 29;
  const int whole_day = static_cast<int>(std::floor(day_of_year));
  int month = 1;
  int days_before = 0;
  while (whole_day > days_before + month_length[month - 1] && month < 12) {
    days_before += month_length[month - 1];
    ++month;
  }
  CalendarEpoch out;
  out.month = month;
  out.day = whole_day - days_before;
  double temp = (day_of_year - whole_day) * 24.0;
  out.hour = static_cast<int>(std::floor(temp));
  temp = (temp - out.hour) * 60.0;
  out.minute = static_cast<int>(std::floor(temp));
  out.second = (temp - out.minute) * 60.0;
  return out;
}

std::optional<RangeProblem> check_ranges(const ElementSet& set) {
  const auto problem = [](ElementField field, std::string message) {
    return std::optional<RangeProblem>(RangeProblem{field, std::move(message)});
  };
  if (!(set.eccentricity >= 0.0)) {
    return problem(ElementField::kEccentricity,
                   fmt::format("eccentricity {} < 0", set.eccentricity));
  }
  if (!(set.eccentricity < 1.0)) {
    return problem(ElementField::kEccentricity,
                   fmt::format("eccentricity {} >= 1", set.eccentricity));
  }
  if (!(set.mean_motion_rev_per_day > 0.0)) {
    return problem(ElementField::kMeanMotion,
                   fmt::format("mean motion {} rev/day is not > 0", set.mean_motion_rev_per_day));
  }
  if (!(set.inclination_deg >= 0.0 && set.inclination_deg <= 180.0)) {
    return problem(ElementField::kInclination,
                   fmt::format("inclination {} deg is outside [0, 180]", set.inclination_deg));
  }
  const std::pair<ElementField, double> finite_checks[] = {
      {ElementField::kRaan, set.raan_deg},
      {ElementField::kArgPerigee, set.arg_perigee_deg},
      {ElementField::kMeanAnomaly, set.mean_anomaly_deg},
      {ElementField::kBstar, set.bstar_per_earth_radii},
      {ElementField::kMeanMotionDot, set.mean_motion_dot_rev_per_day2},
      {ElementField::kMeanMotionDdot, set.mean_motion_ddot_rev_per_day3},
  };
  for (const auto& [field, value] : finite_checks) {
    if (!std::isfinite(value)) return problem(field, "value is not finite");
  }
  return std::nullopt;
}

Result<std::string> read_text_file(const std::string& path) {
  return lagrange::read_text_file(path);
}

}  // namespace lagrange::orbit::internal
