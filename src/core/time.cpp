#include "core/time.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace lagrange {
namespace {

constexpr int64_t kNsPerDay = 86'400LL * 1'000'000'000;

int64_t days_from_civil(int year, int month, int day) {
  using namespace std::chrono;
  const sys_days d = year_month_day{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                    std::chrono::day{unsigned(day)}};
  return d.time_since_epoch().count();
}

// Reads exactly `width` digits at `pos`; false if any is not a digit.
bool read_digits(std::string_view s, size_t pos, size_t width, int& out) {
  if (pos + width > s.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  out = value;
  return true;
}

Error bad_time(std::string_view text, std::string_view why) {
  return Error{
      fmt::format("'{}' is not an ISO 8601 UTC time ({}); expected e.g. "
                  "2026-06-26T12:00:00Z",
                  text, why)};
}

}  // namespace

// Saturating like the Instant arithmetic: far-out calendar dates give Instant::max()/min().
Instant instant_from_calendar(int year, int month, int day, int hour, int minute, double second) {
  const Instant midnight = Instant{} + Duration::days(days_from_civil(year, month, day));
  return midnight + Duration::seconds(int64_t{hour} * 3600 + int64_t{minute} * 60) +
         Duration::from_seconds(second);
}

Instant instant_from_year_day(int year, double day_of_year) {
  const Instant jan1 = Instant{} + Duration::days(days_from_civil(year, 1, 1));
  const double whole_days = std::floor(day_of_year);
  const double fraction = day_of_year - whole_days;
  if (!(std::fabs(whole_days) < 1e9)) return whole_days > 0 ? Instant::max() : Instant::min();
  const int64_t frac_ns = std::llround(fraction * static_cast<double>(kNsPerDay));
  return jan1 + Duration::days(static_cast<int64_t>(whole_days) - 1) + Duration::from_ns(frac_ns);
}

Status check_supported(Instant t, std::string_view what) {
  if (is_supported(t)) return ok_status();
  return Error{fmt::format(
      "{} {} is outside the supported instants [{}-01-01, {}-01-01) UTC (docs/LIMITS.md)", what,
      format_iso8601(t), kEarliestSupportedYear, kLatestSupportedYear + 1)};
}

Result<Instant> parse_iso8601(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, sec = 0;
  if (!read_digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !read_digits(s, 5, 2, month) ||
      s[7] != '-' || !read_digits(s, 8, 2, day)) {
    return bad_time(text, "the date must be YYYY-MM-DD");
  }
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                           std::chrono::day{unsigned(day)}};
  if (!ymd.ok()) return bad_time(text, "no such calendar date");
  if (year < kEarliestSupportedYear || year > kLatestSupportedYear) {
    return Error{fmt::format(
        "'{}' is outside the supported instants [{}-01-01, {}-01-01) UTC (docs/LIMITS.md)", text,
        kEarliestSupportedYear, kLatestSupportedYear + 1)};
  }
  size_t pos = 10;
  int64_t frac_ns = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    if (!read_digits(s, pos + 1, 2, hour) || pos + 3 >= s.size() + 0 || s[pos + 3] != ':' ||
        !read_digits(s, pos + 4, 2, minute)) {
      return bad_time(text, "the time must be hh:mm[:ss[.fff]]");
    }
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!read_digits(s, pos + 1, 2, sec)) return bad_time(text, "seconds must be two digits");
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        int64_t scale = 100'000'000;
        const size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          frac_ns += (s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return bad_time(text, "a decimal point needs digits after it");
      }
    }
    if (hour > 23 || minute > 59 || sec > 59)
      return bad_time(text, "hour, minute or second out of range");
  }
  const std::string_view zone = s.substr(pos);
  if (!(zone.empty() || zone == "Z" || zone == "z" || zone == "+00:00" || zone == "+0000" ||
        zone == "-00:00")) {
    return bad_time(text,
                    fmt::format("unexpected '{}' after the time; only UTC (Z) is accepted", zone));
  }
  const Instant whole = instant_from_calendar(year, month, day, hour, minute, 0.0);
  return whole + Duration::seconds(sec) + Duration::from_ns(frac_ns);
}

std::string format_iso8601(Instant t) {
  // Round to the nearest millisecond first so that 59.9996 s prints as the next second.
  const int64_t ms_total = static_cast<int64_t>(
      std::floor((static_cast<long double>(t.unix_ns()) + 500'000.0L) / 1'000'000.0L));
  int64_t days = ms_total / 86'400'000;
  int64_t ms_of_day = ms_total % 86'400'000;
  if (ms_of_day < 0) {
    ms_of_day += 86'400'000;
    days -= 1;
  }
  using namespace std::chrono;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  const int64_t hour = ms_of_day / 3'600'000;
  const int64_t minute = (ms_of_day / 60'000) % 60;
  const int64_t second = (ms_of_day / 1000) % 60;
  const int64_t milli = ms_of_day % 1000;
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z", int(ymd.year()),
                     unsigned(ymd.month()), unsigned(ymd.day()), hour, minute, second, milli);
}

}  // namespace lagrange
