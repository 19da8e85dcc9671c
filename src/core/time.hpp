// Time in Lagrange is an integer count of nanoseconds, wrapped in two strong types.
//
// `Instant` counts nanoseconds since 1970-01-01T00:00:00 UTC without leap seconds (POSIX
// time), the same convention SGP4 uses when it differences UTC epochs. `Duration` is a signed
// span of nanoseconds. Conversion to the astronomical time scales (TT, UT1) goes through ERFA
// in `time_scales.hpp`.
//
// Range: int64 nanoseconds reach 1677-09-21 to 2262-04-11. The supported instants are
// [kEarliestSupported, kLatestSupported) = [1950-01-01, 2200-01-01) UTC (docs/LIMITS.md):
// every TLE epoch (1957-2056) fits, the difference of two supported instants (< 250 years)
// is exact, and 62 years of headroom remain on either side. Text and user input outside it
// are rejected (`parse_iso8601`, `check_supported`).
//
// Arithmetic saturates instead of wrapping: a sum or product past the int64 range gives
// `Duration::max()/min()` or `Instant::max()/min()`, and `from_seconds` of a value past the
// range (or NaN) gives `Duration::max()` (or `min()` for large negatives). So a job that
// would take 10^16 years ends at `Instant::max()` ("never"), which is a correct answer,
// instead of a wrapped instant in the past.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lagrange {

namespace time_internal {
inline constexpr int64_t kMaxNs = std::numeric_limits<int64_t>::max();
inline constexpr int64_t kMinNs = std::numeric_limits<int64_t>::min();
constexpr int64_t saturating_add(int64_t a, int64_t b) {
  int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) return b > 0 ? kMaxNs : kMinNs;
  return out;
}
constexpr int64_t saturating_sub(int64_t a, int64_t b) {
  int64_t out = 0;
  if (__builtin_sub_overflow(a, b, &out)) return b < 0 ? kMaxNs : kMinNs;
  return out;
}
constexpr int64_t saturating_mul(int64_t a, int64_t b) {
  int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return (a < 0) == (b < 0) ? kMaxNs : kMinNs;
  return out;
}
// Seconds (double) to ns, rounded to nearest; saturating; NaN gives kMaxNs.
constexpr int64_t seconds_to_ns(double s) {
  constexpr double kTwoTo63 = 9223372036854775808.0;
  const double ns = s * 1e9;
  if (!(ns < kTwoTo63)) return kMaxNs;  // also NaN
  if (ns <= -kTwoTo63) return kMinNs;
  const double rounded = ns + (ns >= 0 ? 0.5 : -0.5);
  if (!(rounded < kTwoTo63)) return kMaxNs;
  return static_cast<int64_t>(rounded);
}
}  // namespace time_internal

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration from_ns(int64_t ns) { return Duration(ns); }
  // Saturating (see the file comment): past +-292 years, or NaN, gives max()/min().
  static constexpr Duration from_seconds(double s) {
    return Duration(time_internal::seconds_to_ns(s));
  }
  static constexpr Duration from_minutes(double m) { return from_seconds(m * 60.0); }
  static constexpr Duration seconds(int64_t s) {
    return Duration(time_internal::saturating_mul(s, 1'000'000'000));
  }
  static constexpr Duration minutes(int64_t m) {
    return seconds(time_internal::saturating_mul(m, 60));
  }
  static constexpr Duration hours(int64_t h) {
    return seconds(time_internal::saturating_mul(h, 3600));
  }
  static constexpr Duration days(int64_t d) {
    return seconds(time_internal::saturating_mul(d, 86400));
  }
  static constexpr Duration max() { return Duration(time_internal::kMaxNs); }
  static constexpr Duration min() { return Duration(time_internal::kMinNs); }

  constexpr int64_t ns() const { return ns_; }
  constexpr double to_seconds() const { return static_cast<double>(ns_) * 1e-9; }
  constexpr double to_minutes() const { return to_seconds() / 60.0; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const {
    return Duration(time_internal::saturating_add(ns_, o.ns_));
  }
  constexpr Duration operator-(Duration o) const {
    return Duration(time_internal::saturating_sub(ns_, o.ns_));
  }
  constexpr Duration operator-() const {
    return ns_ == time_internal::kMinNs ? max() : Duration(-ns_);
  }
  constexpr Duration operator*(int64_t k) const {
    return Duration(time_internal::saturating_mul(ns_, k));
  }
  constexpr Duration operator/(int64_t k) const { return Duration(ns_ / k); }
  constexpr Duration& operator+=(Duration o) { return *this = *this + o; }
  constexpr Duration& operator-=(Duration o) { return *this = *this - o; }

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
  // The ends of the int64 range: "never" and "since ever". Not supported instants (they
  // print as years 2262 and 1677); use them only as sentinels.
  static constexpr Instant max() { return Instant(time_internal::kMaxNs); }
  static constexpr Instant min() { return Instant(time_internal::kMinNs); }

  constexpr int64_t unix_ns() const { return ns_; }
  constexpr double unix_seconds() const { return static_cast<double>(ns_) * 1e-9; }

  constexpr auto operator<=>(const Instant&) const = default;
  constexpr Instant operator+(Duration d) const {
    return Instant(time_internal::saturating_add(ns_, d.ns()));
  }
  constexpr Instant operator-(Duration d) const {
    return Instant(time_internal::saturating_sub(ns_, d.ns()));
  }
  constexpr Duration operator-(Instant o) const {
    return Duration::from_ns(time_internal::saturating_sub(ns_, o.ns_));
  }
  constexpr Instant& operator+=(Duration d) { return *this = *this + d; }

 private:
  constexpr explicit Instant(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// The supported instants, [1950-01-01T00:00:00Z, 2200-01-01T00:00:00Z) (see the file comment).
inline constexpr Instant kEarliestSupported = Instant::from_unix_ns(-631'152'000LL * 1'000'000'000);
inline constexpr Instant kLatestSupported = Instant::from_unix_ns(7'258'118'400LL * 1'000'000'000);
inline constexpr int kEarliestSupportedYear = 1950;
inline constexpr int kLatestSupportedYear = 2199;  // the last year wholly inside
constexpr bool is_supported(Instant t) {
  return t >= kEarliestSupported && t < kLatestSupported;
}
// Ok, or an error "<what> <time> is outside the supported instants [1950-01-01, 2200-01-01)
// (docs/LIMITS.md)". `what` names the field, e.g. "--start" or "the epoch".
Status check_supported(Instant t, std::string_view what);

// Parses ISO 8601 UTC: "2026-06-26", "2026-06-26T12:00", "2026-06-26T12:00:00",
// "2026-06-26T12:00:00.123456Z", "2026-06-26 12:00:00+00:00". Other offsets than UTC are
// rejected (the project works in UTC), and so are instants outside the supported range.
// The error names the text and what is wrong.
Result<Instant> parse_iso8601(std::string_view text);

// Formats as "2026-06-26T12:00:00.123Z" (milliseconds, rounded to nearest).
std::string format_iso8601(Instant t);

// Calendar helpers (proleptic Gregorian, UTC).
Instant instant_from_calendar(int year, int month, int day, int hour, int minute, double second);

// The instant of a TLE/OMM-style epoch: a year and a fractional day of year (1.0 = Jan 1 0h).
Instant instant_from_year_day(int year, double day_of_year);

}  // namespace lagrange
