// Time in Lagrange is an integer count of nanoseconds, wrapped in two strong types.
//
// `Instant` counts nanoseconds since 1970-01-01T00:00:00 UTC without leap seconds (POSIX
// time), the same convention SGP4 uses when it differences UTC epochs. `Duration` is a signed
// span of nanoseconds. int64 nanoseconds reach ±292 years, far beyond any scenario. Conversion
// to the astronomical time scales (TT, UT1) goes through ERFA in `time_scales.hpp`.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lagrange {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration from_ns(int64_t ns) { return Duration(ns); }
  static constexpr Duration from_seconds(double s) {
    return Duration(static_cast<int64_t>(s * 1e9 + (s >= 0 ? 0.5 : -0.5)));
  }
  static constexpr Duration from_minutes(double m) { return from_seconds(m * 60.0); }
  static constexpr Duration seconds(int64_t s) { return Duration(s * 1'000'000'000); }
  static constexpr Duration minutes(int64_t m) { return seconds(m * 60); }
  static constexpr Duration hours(int64_t h) { return seconds(h * 3600); }
  static constexpr Duration days(int64_t d) { return seconds(d * 86400); }

  constexpr int64_t ns() const { return ns_; }
  constexpr double to_seconds() const { return static_cast<double>(ns_) * 1e-9; }
  constexpr double to_minutes() const { return to_seconds() / 60.0; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration operator-() const { return Duration(-ns_); }
  constexpr Duration operator*(int64_t k) const { return Duration(ns_ * k); }
  constexpr Duration operator/(int64_t k) const { return Duration(ns_ / k); }
  constexpr Duration& operator+=(Duration o) {
    ns_ += o.ns_;
    return *this;
  }
  constexpr Duration& operator-=(Duration o) {
    ns_ -= o.ns_;
    return *this;
  }

 private:
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

class Instant {
 public:
  constexpr Instant() = default;
  static constexpr Instant from_unix_ns(int64_t ns) { return Instant(ns); }
  static constexpr Instant from_unix_seconds(double s) {
    return Instant(Duration::from_seconds(s).ns());
  }

  constexpr int64_t unix_ns() const { return ns_; }
  constexpr double unix_seconds() const { return static_cast<double>(ns_) * 1e-9; }

  constexpr auto operator<=>(const Instant&) const = default;
  constexpr Instant operator+(Duration d) const { return Instant(ns_ + d.ns()); }
  constexpr Instant operator-(Duration d) const { return Instant(ns_ - d.ns()); }
  constexpr Duration operator-(Instant o) const { return Duration::from_ns(ns_ - o.ns_); }
  constexpr Instant& operator+=(Duration d) {
    ns_ += d.ns();
    return *this;
  }

 private:
  constexpr explicit Instant(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// Parses ISO 8601 UTC: "2026-06-26", "2026-06-26T12:00", "2026-06-26T12:00:00",
// "2026-06-26T12:00:00.123456Z", "2026-06-26 12:00:00+00:00". Other offsets than UTC are
// rejected (the project works in UTC), and so are years outside 1678-2261 (an Instant's
// range). The error names the text and what is wrong.
Result<Instant> parse_iso8601(std::string_view text);

// Formats as "2026-06-26T12:00:00.123Z" (milliseconds, rounded to nearest).
std::string format_iso8601(Instant t);

// Calendar helpers (proleptic Gregorian, UTC).
Instant instant_from_calendar(int year, int month, int day, int hour, int minute, double second);

// The instant of a TLE/OMM-style epoch: a year and a fractional day of year (1.0 = Jan 1 0h).
Instant instant_from_year_day(int year, double day_of_year);

}  // namespace lagrange
