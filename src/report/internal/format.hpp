// Text helpers shared by the report writers: reproducible numbers, escaping for CSV and
// HTML/XML, human units for the tables. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace lagrange::report::internal {

// The shortest text that reads back as the same double ("0.1", "1e+20", "3"); "nan"/"inf"
// never occur in outputs: non-finite values are written as "" (CSV) by the callers.
std::string shortest(double value);
// The same appended to `out` (no temporary string: for files of millions of numbers).
void append_shortest(std::string& out, double value);

// ISO 8601 UTC with milliseconds, or "" when unset.
std::string iso_or_empty(const std::optional<Instant>& t);

// RFC 4180: quoted (with doubled quotes) only when the field holds , " CR or LF.
std::string csv_field(std::string_view text);

// Escapes & < > " ' for text and attribute values in HTML and SVG.
std::string html_escape(std::string_view text);

// "42.0 s", "12.5 min", "3.2 h", "1.5 d"; "-" for a negative value (no data).
std::string human_duration(double seconds);

// "12.3" with `decimals` digits; "-" when not finite.
std::string fixed(double value, int decimals);

}  // namespace lagrange::report::internal
