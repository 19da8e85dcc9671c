// Fixed-column TLE parsing. Column numbers in this file are the 1-based, inclusive ones of
// the format's documentation (CelesTrak "NORAD Two-Line Element Set Format"), so messages
// can quote them as they are.
#include "orbit/tle.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "orbit/internal/element_fields.hpp"

namespace lagrange::orbit {
namespace {

using internal::ElementField;
using internal::printable;
using internal::to_double;
using internal::to_int;
using internal::trim;

constexpr size_t kLineColumns = 69;

struct Columns {
  int first;
  int last;
};

struct TextLine {
  std::string_view text;  // without the line break and trailing whitespace
  int number;             // 1-based
};

std::string_view field(std::string_view line, Columns c) {
  return line.substr(static_cast<size_t>(c.first - 1), static_cast<size_t>(c.last - c.first + 1));
}

std::string columns_text(Columns c) {
  if (c.first == c.last) return fmt::format("column {}", c.first);
  return fmt::format("column {}-{}", c.first, c.last);
}

// The implied-decimal exponent fields (" 41333-3" = 0.41333e-3). Computed as mantissa times
// a power of ten, the way Vallado's and python-sgp4's parsers do, so the doubles agree.
std::optional<double> implied_decimal(std::string_view text) {
  std::string_view s = trim(text);
  if (s.empty()) return 0.0;  // some producers leave an unused field blank
  double sign = 1.0;
  if (s.front() == '-' || s.front() == '+') {
    if (s.front() == '-') sign = -1.0;
    s.remove_prefix(1);
  }
  const size_t exponent_at = s.find_last_of("+-");
  if (exponent_at == std::string_view::npos || exponent_at == 0) return std::nullopt;
  const std::string_view digits = s.substr(0, exponent_at);
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const std::string_view exponent_text = s.substr(exponent_at);
  if (exponent_text.size() < 2) return std::nullopt;
  const auto exponent = to_int(exponent_text);
  if (!exponent || *exponent < -30 || *exponent > 30) return std::nullopt;
  const auto mantissa = to_double(fmt::format("0.{}", digits));
  if (!mantissa) return std::nullopt;
  return sign * *mantissa * std::pow(10.0, static_cast<double>(*exponent));
}

int four_digit_year(int two_digit_year) {
  return two_digit_year < 57 ? 2000 + two_digit_year : 1900 + two_digit_year;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Parses one set; every error message is complete (source, line, column, what).
class SetParser {
 public:
  SetParser(const std::string& source, TextLine line1, TextLine line2)
      : source_(source), line1_(line1), line2_(line2) {}

  Result<ElementSet> parse(std::string_view name) {
    if (auto e = check_shape(line1_)) return *e;
    if (auto e = check_shape(line2_)) return *e;
    set_.name = std::string(trim(name));
    set_.source = {source_, line1_.number};
    if (auto e = parse_line1()) return *e;
    if (auto e = parse_line2()) return *e;
    if (auto problem = internal::check_ranges(set_)) {
      const auto [line, columns] = location_of(problem->field);
      return Error{fmt::format("{}: {}", where(line, columns), problem->message)};
    }
    return std::move(set_);
  }

 private:
  std::string where(const TextLine& line, Columns c) const {
    return fmt::format("{}: line {}, {}", source_, line.number, columns_text(c));
  }

  Error not_a_number(const TextLine& line, Columns c, std::string_view what) const {
    return Error{fmt::format("{}: {} '{}' is not a number", where(line, c), what,
                             printable(field(line.text, c)))};
  }

  std::optional<Error> check_shape(const TextLine& line) const {
    if (line.text.size() < kLineColumns) {
      return Error{fmt::format("{}: line {}: a TLE line needs {} columns but this one has {}",
                               source_, line.number, kLineColumns, line.text.size())};
    }
    int sum = 0;
    for (size_t i = 0; i + 1 < kLineColumns; ++i) {
      const char c = line.text[i];
      if (c >= '0' && c <= '9') sum += c - '0';
      if (c == '-') sum += 1;
    }
    const char check = line.text[kLineColumns - 1];
    if (check < '0' || check > '9') {
      return Error{fmt::format("{}: checksum '{}' is not a digit", where(line, {69, 69}),
                               printable(std::string_view(&check, 1)))};
    }
    if (check - '0' != sum % 10) {
      return Error{fmt::format("{}: checksum is {} but columns 1-68 give {}", where(line, {69, 69}),
                               check, sum % 10)};
    }
    return std::nullopt;
  }

  std::optional<Error> read_double(const TextLine& line, Columns c, std::string_view what,
                                   double& out) const {
    const auto value = to_double(field(line.text, c));
    if (!value) return not_a_number(line, c, what);
    out = *value;
    return std::nullopt;
  }

  std::optional<Error> read_implied(const TextLine& line, Columns c, std::string_view what,
                                    double& out) const {
    const auto value = implied_decimal(field(line.text, c));
    if (!value) return not_a_number(line, c, what);
    out = *value;
    return std::nullopt;
  }

  // Blank counts as zero: old and analyst sets leave these fields empty.
  template <typename Int>
  std::optional<Error> read_count(const TextLine& line, Columns c, std::string_view what,
                                  Int& out) const {
    const std::string_view text = trim(field(line.text, c));
    if (text.empty()) {
      out = 0;
      return std::nullopt;
    }
    const auto value = to_int(text);
    if (!value || *value < 0) return not_a_number(line, c, what);
    out = static_cast<Int>(*value);
    return std::nullopt;
  }

  std::optional<Error> read_catalogue(const TextLine& line, uint32_t& out) const {
    const auto number = decode_alpha5(field(line.text, {3, 7}));
    if (!number.ok()) {
      return Error{fmt::format("{}: {}", where(line, {3, 7}), number.error().message)};
    }
    out = *number;
    return std::nullopt;
  }

  std::optional<Error> parse_object_id() {
    const std::string_view text = trim(field(line1_.text, {10, 17}));
    if (text.empty()) return std::nullopt;  // analyst objects have no designator
    const std::string_view year = text.substr(0, 2);
    const std::string_view launch = text.size() >= 5 ? text.substr(2, 3) : std::string_view{};
    const std::string_view piece = text.size() > 5 ? text.substr(5) : std::string_view{};
    if (!all_digits(year) || !all_digits(launch)) {
      return Error{fmt::format("{}: international designator '{}' is not YYNNNP[PP]",
                               where(line1_, {10, 17}), printable(text))};
    }
    const int two_digit_year = (year[0] - '0') * 10 + (year[1] - '0');
    set_.object_id = fmt::format("{}-{}{}", four_digit_year(two_digit_year), launch, piece);
    return std::nullopt;
  }

  std::optional<Error> parse_epoch() {
    const Columns year_columns{19, 20};
    const std::string_view year_text = field(line1_.text, year_columns);
    if (!all_digits(trim(year_text))) return not_a_number(line1_, year_columns, "epoch year");
    const int year = four_digit_year(static_cast<int>(*to_int(year_text)));
    double day = 0.0;
    const Columns day_columns{21, 32};
    if (auto e = read_double(line1_, day_columns, "epoch day of year", day)) return e;
    if (day < 1.0 || day >= 367.0) {
      return Error{fmt::format("{}: epoch day of year {} is outside [1, 367)",
                               where(line1_, day_columns), day)};
    }
    set_.epoch = instant_from_year_day(year, day);
    const internal::CalendarEpoch cal = internal::days_to_calendar(year, day);
    internal::set_epoch_jd(set_, year, cal.month, cal.day, cal.hour, cal.minute, cal.second);
    return std::nullopt;
  }

  std::optional<Error> parse_line1() {
    const std::string_view line = line1_.text;
    if (auto e = read_catalogue(line1_, set_.norad_id)) return e;
    set_.classification = line[7] == ' ' ? 'U' : line[7];
    if (auto e = parse_object_id()) return e;
    if (auto e = parse_epoch()) return e;
    if (auto e = read_double(line1_, {34, 43}, "mean motion first derivative",
                             set_.mean_motion_dot_rev_per_day2)) {
      return e;
    }
    if (auto e = read_implied(line1_, {45, 52}, "mean motion second derivative",
                              set_.mean_motion_ddot_rev_per_day3)) {
      return e;
    }
    if (auto e = read_implied(line1_, {54, 61}, "BSTAR", set_.bstar_per_earth_radii)) return e;
    if (auto e = read_count(line1_, {63, 63}, "ephemeris type", set_.ephemeris_type)) return e;
    return read_count(line1_, {65, 68}, "element set number", set_.element_set_number);
  }

  std::optional<Error> parse_line2() {
    uint32_t norad_line2 = 0;
    if (auto e = read_catalogue(line2_, norad_line2)) return e;
    if (norad_line2 != set_.norad_id) {
      return Error{fmt::format("{}: catalogue number {} differs from {} on line {}",
                               where(line2_, {3, 7}), norad_line2, set_.norad_id, line1_.number)};
    }
    if (auto e = read_double(line2_, {9, 16}, "inclination", set_.inclination_deg)) return e;
    if (auto e =
            read_double(line2_, {18, 25}, "right ascension of the ascending node", set_.raan_deg)) {
      return e;
    }
    const Columns ecc_columns{27, 33};
    const std::string_view ecc_digits = trim(field(line2_.text, ecc_columns));
    const auto ecc =
        all_digits(ecc_digits) ? to_double(fmt::format("0.{}", ecc_digits)) : std::nullopt;
    if (!ecc) return not_a_number(line2_, ecc_columns, "eccentricity");
    set_.eccentricity = *ecc;
    if (auto e = read_double(line2_, {35, 42}, "argument of perigee", set_.arg_perigee_deg)) {
      return e;
    }
    if (auto e = read_double(line2_, {44, 51}, "mean anomaly", set_.mean_anomaly_deg)) return e;
    if (auto e = read_double(line2_, {53, 63}, "mean motion", set_.mean_motion_rev_per_day)) {
      return e;
    }
    return read_count(line2_, {64, 68}, "revolution number at epoch", set_.rev_at_epoch);
  }

  std::pair<TextLine, Columns> location_of(ElementField f) const {
    switch (f) {
      case ElementField::kMeanMotion:
        return {line2_, {53, 63}};
      case ElementField::kEccentricity:
        return {line2_, {27, 33}};
      case ElementField::kInclination:
        return {line2_, {9, 16}};
      case ElementField::kRaan:
        return {line2_, {18, 25}};
      case ElementField::kArgPerigee:
        return {line2_, {35, 42}};
      case ElementField::kMeanAnomaly:
        return {line2_, {44, 51}};
      case ElementField::kBstar:
        return {line1_, {54, 61}};
      case ElementField::kMeanMotionDot:
        return {line1_, {34, 43}};
      case ElementField::kMeanMotionDdot:
        return {line1_, {45, 52}};
    }
    return {line1_, {1, 69}};
  }

  const std::string& source_;
  TextLine line1_;
  TextLine line2_;
  ElementSet set_;
};

// Lines that carry data: without line breaks and trailing whitespace, blank lines and
// '#' comments dropped.
std::vector<TextLine> content_lines(std::string_view text) {
  std::vector<TextLine> lines;
  lines.reserve(text.size() / 60 + 1);
  int number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    const size_t last = line.find_last_not_of(" \t\r");
    line = last == std::string_view::npos ? std::string_view{} : line.substr(0, last + 1);
    if (line.empty() || line.front() == '#') continue;
    lines.push_back({line, number});
  }
  return lines;
}

bool starts_with_line_number(std::string_view line, char digit) {
  return line.size() >= 2 && line[0] == digit && line[1] == ' ';
}

std::string_view strip_name_prefix(std::string_view name) {
  if (name.size() >= 2 && name[0] == '0' && name[1] == ' ') name.remove_prefix(2);
  return name;
}

// A set is an optional name line, then a line starting "1 ", then one starting "2 ".
// `first` is the index of the expected line 1 (`name_at + 1` when there is a name line).
std::optional<Error> check_structure(const std::vector<TextLine>& lines, size_t name_at,
                                     size_t first, const std::string& source) {
  const auto found = [&](size_t index) {
    return index < lines.size() ? fmt::format("'{}'", printable(lines[index].text))
                                : std::string("the end of the file");
  };
  if (first >= lines.size() || !starts_with_line_number(lines[first].text, '1')) {
    const int at = lines[std::min(first, lines.size() - 1)].number;
    const std::string after_name =
        first > name_at ? fmt::format(" after the name on line {}", lines[name_at].number) : "";
    return Error{
        fmt::format("{}: line {}: expected line 1 of an element set (starting '1 '){}, "
                    "found {}",
                    source, at, after_name, found(first))};
  }
  if (first + 1 >= lines.size() || !starts_with_line_number(lines[first + 1].text, '2')) {
    const int at = lines[std::min(first + 1, lines.size() - 1)].number;
    return Error{
        fmt::format("{}: line {}: expected line 2 of the element set that starts on "
                    "line {} (starting '2 '), found {}",
                    source, at, lines[first].number, found(first + 1))};
  }
  return std::nullopt;
}

}  // namespace

Result<uint32_t> decode_alpha5(std::string_view text) {
  const auto bad = [&] {
    return Error{
        fmt::format("catalogue number '{}' is neither 5 digits nor Alpha-5 "
                    "(a letter A-Z without I and O, then 4 digits)",
                    printable(text))};
  };
  if (text.size() != 5 || trim(text).empty()) return bad();
  // Old sets pad small numbers with leading blanks ("    5").
  std::string padded(text);
  for (char& c : padded) {
    if (c != ' ') break;
    c = '0';
  }
  const char first = padded[0];
  const std::string_view rest = std::string_view(padded).substr(1);
  if (!all_digits(rest)) return bad();
  const auto low = static_cast<uint32_t>(*to_int(rest));
  if (first >= '0' && first <= '9') return static_cast<uint32_t>(first - '0') * 10000 + low;
  if (first < 'A' || first > 'Z' || first == 'I' || first == 'O') return bad();
  // A=10 ... H=17, J=18 ... N=22, P=23 ... Z=33 (I and O are skipped).
  int value = 10 + (first - 'A');
  if (first > 'I') --value;
  if (first > 'O') --value;
  return static_cast<uint32_t>(value) * 10000 + low;
}

Result<ParsedElements> parse_tle(std::string_view text, const std::string& source_name,
                                 const ParseOptions& options) {
  const std::vector<TextLine> lines = content_lines(text);
  ParsedElements out;
  out.sets.reserve(lines.size() / 3 + 1);
  size_t i = 0;
  while (i < lines.size()) {
    std::string_view name;
    size_t first = i;
    if (!starts_with_line_number(lines[i].text, '1') &&
        !starts_with_line_number(lines[i].text, '2')) {
      name = strip_name_prefix(lines[i].text);
      first = i + 1;
    }
    const std::optional<Error> structure_error = check_structure(lines, i, first, source_name);
    if (structure_error) {
      if (!options.skip_invalid) return *structure_error;
      out.skipped.push_back(structure_error->message);
      // Resynchronise after the bad line: past a line 1 that lacks its line 2, else past
      // the unexpected line.
      const bool had_line1 =
          first < lines.size() && starts_with_line_number(lines[first].text, '1');
      i = had_line1 ? first + 1 : i + 1;
      continue;
    }
    Result<ElementSet> set = SetParser(source_name, lines[first], lines[first + 1]).parse(name);
    i = first + 2;
    if (set.ok()) {
      out.sets.push_back(std::move(set).value());
    } else if (options.skip_invalid) {
      out.skipped.push_back(set.error().message);
    } else {
      return set.error();
    }
  }
  if (out.sets.empty() && !lines.empty()) {
    return Error{fmt::format("{}: no element sets found{}", source_name,
                             out.skipped.empty() ? "" : "; first problem: " + out.skipped[0])};
  }
  return out;
}

Result<ParsedElements> load_tle_file(const std::string& path, const ParseOptions& options) {
  Result<std::string> text = internal::read_text_file(path);
  if (!text.ok()) return text.error();
  return parse_tle(*text, path, options);
}

}  // namespace lagrange::orbit
