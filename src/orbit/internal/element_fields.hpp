// Helpers shared by the TLE and OMM parsers: strict number conversion, the two-part Julian
// date of an epoch, range checks on a parsed set, and reading a whole file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "orbit/elements.hpp"

namespace lagrange::orbit::internal {

std::string_view trim(std::string_view text);

// At most 80 characters of `text` with control characters and bytes outside ASCII shown as
// '?', so that messages about binary input stay readable.
std::string printable(std::string_view text);

// The whole (space-trimmed) text must be a finite number; a leading '+' is allowed.
std::optional<double> to_double(std::string_view text);
std::optional<int64_t> to_int(std::string_view text);

// Sets epoch_jd_whole/epoch_jd_fraction from a UTC calendar epoch the way Vallado's `jday`
// does: the whole part is the Julian date of 0h (ends in .5), the fraction the part of the
// day elapsed.
void set_epoch_jd(ElementSet& set, int year, int month, int day, int hour, int minute,
                  double second);

// Vallado's `days2mdhms`: a fractional day of year (1.0 = Jan 1 0h) as a calendar epoch.
struct CalendarEpoch {
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  double second = 0.0;
};
CalendarEpoch days_to_calendar(int year, double day_of_year);

// Which element a range problem is about, so each format can point at its own column/key.
enum class ElementField {
  kMeanMotion,
  kEccentricity,
  kInclination,
  kRaan,
  kArgPerigee,
  kMeanAnomaly,
  kBstar,
  kMeanMotionDot,
  kMeanMotionDdot,
};
struct RangeProblem {
  ElementField field;
  std::string message;  // "eccentricity 1.2 >= 1"
};
// Physical checks common to every format: eccentricity in [0, 1), mean motion > 0,
// inclination in [0, 180], every number finite.
std::optional<RangeProblem> check_ranges(const ElementSet& set);

// Reads a file whole; the error names the path and the system's reason.
Result<std::string> read_text_file(const std::string& path);

}  // namespace lagrange::orbit::internal
