#include <fmt/format.h>

#include <cmath>

#include "report/internal/format.hpp"

namespace lagrange::report::internal {

void append_shortest(std::string& out, double value) {
  if (!std::isfinite(value)) return;
  if (value == 0.0) {
    out += '0';  // no "-0"
    return;
  }
  fmt::format_to(std::back_inserter(out), "{}", value);
}

std::string shortest(double value) {
  std::string out;
  append_shortest(out, value);
  return out;
}

std::string iso_or_empty(const std::optional<Instant>& t) {
  return t ? format_iso8601(*t) : std::string();
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string human_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0.0) return "-";
  if (seconds < 90.0) return fmt::format("{:.1f} s", seconds);
  if (seconds < 90.0 * 60.0) return fmt::format("{:.1f} min", seconds / 60.0);
  if (seconds < 48.0 * 3600.0) return fmt::format("{:.1f} h", seconds / 3600.0);
  return fmt::format("{:.1f} d", seconds / 86400.0);
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  std::string text = fmt::format("{:.{}f}", value, decimals);
  // "-0.0" reads as a sign where there is none.
  if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-') text.erase(0, 1);
  return text;
}

}  // namespace lagrange::report::internal
