#include "orbit/internal/omm_fields.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "orbit/internal/element_fields.hpp"

namespace lagrange::orbit::internal {
namespace {

// Indexes into OmmSetBuilder::entries_, in the order of kUsedKeyNames.
enum Key : size_t {
  kObjectName,
  kObjectId,
  kEpoch,
  kMeanMotion,
  kEccentricity,
  kInclination,
  kRaan,
  kArgPericenter,
  kMeanAnomaly,
  kEphemerisType,
  kClassificationType,
  kNoradCatId,
  kElementSetNo,
  kRevAtEpoch,
  kBstar,
  kMeanMotionDot,
  kMeanMotionDdot,
  kCenterName,
  kRefFrame,
  kTimeSystem,
  kMeanElementTheory,
};

constexpr std::array<std::string_view, OmmSetBuilder::kUsedKeys> kUsedKeyNames = {
    "OBJECT_NAME",     "OBJECT_ID",           "EPOCH",
    "MEAN_MOTION",     "ECCENTRICITY",        "INCLINATION",
    "RA_OF_ASC_NODE",  "ARG_OF_PERICENTER",   "MEAN_ANOMALY",
    "EPHEMERIS_TYPE",  "CLASSIFICATION_TYPE", "NORAD_CAT_ID",
    "ELEMENT_SET_NO",  "REV_AT_EPOCH",        "BSTAR",
    "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT",    "CENTER_NAME",
    "REF_FRAME",       "TIME_SYSTEM",         "MEAN_ELEMENT_THEORY",
};

static_assert(kMeanElementTheory + 1 == OmmSetBuilder::kUsedKeys);

// Keys SGP4 cannot do without. CCSDS makes the catalogue number optional, but every set
// in Lagrange is known by it.
constexpr Key kRequired[] = {kEpoch, kMeanMotion,    kEccentricity,  kInclination,
                             kRaan,  kArgPericenter, kMeanAnomaly,   kNoradCatId,
                             kBstar, kMeanMotionDot, kMeanMotionDdot};

// CCSDS 502.0-B OMM keys (header, metadata, spacecraft parameters, covariance) accepted and
// not used, sorted for binary search.
constexpr std::string_view kIgnoredKeys[] = {
    "CCSDS_OMM_VERS",
    "CLASSIFICATION",
    "COMMENT",
    "COV_REF_FRAME",
    "CREATION_DATE",
    "CX_DOT_X",
    "CX_DOT_X_DOT",
    "CX_DOT_Y",
    "CX_DOT_Z",
    "CX_X",
    "CY_DOT_X",
    "CY_DOT_X_DOT",
    "CY_DOT_Y",
    "CY_DOT_Y_DOT",
    "CY_DOT_Z",
    "CY_X",
    "CY_Y",
    "CZ_DOT_X",
    "CZ_DOT_X_DOT",
    "CZ_DOT_Y",
    "CZ_DOT_Y_DOT",
    "CZ_DOT_Z",
    "CZ_DOT_Z_DOT",
    "CZ_X",
    "CZ_Y",
    "CZ_Z",
    "DRAG_AREA",
    "DRAG_COEFF",
    "GM",
    "MASS",
    "MESSAGE_ID",
    "ORIGINATOR",
    "REF_FRAME_EPOCH",
    "SOLAR_RAD_AREA",
    "SOLAR_RAD_COEFF",
};

static_assert(std::is_sorted(std::begin(kIgnoredKeys), std::end(kIgnoredKeys)));

std::optional<size_t> used_key_index(std::string_view key) {
  for (size_t i = 0; i < kUsedKeyNames.size(); ++i) {
    if (kUsedKeyNames[i] == key) return i;
  }
  return std::nullopt;
}

// CCSDS also allows the epoch as year and day of year ("2026-177T22:27:28.030176").
Result<Instant> parse_epoch(std::string_view text) {
  const bool day_of_year_form = text.size() >= 8 && text[4] == '-' &&
                                std::all_of(text.begin() + 5, text.begin() + 8,
                                            [](char c) { return c >= '0' && c <= '9'; }) &&
                                (text.size() == 8 || text[8] == 'T');
  if (!day_of_year_form) return parse_iso8601(text);
  const auto year = to_int(text.substr(0, 4));
  const auto day = to_int(text.substr(5, 3));
  if (!year || !day || *day < 1 || *day > 366) return parse_iso8601(text);  // its message
  using namespace std::chrono;
  const year_month_day ymd{sys_days{std::chrono::year{static_cast<int>(*year)} / January / 1} +
                           days{*day - 1}};
  if (int(ymd.year()) != *year) return parse_iso8601(text);
  return parse_iso8601(fmt::format("{:04d}-{:02d}-{:02d}{}", int(ymd.year()), unsigned(ymd.month()),
                                   unsigned(ymd.day()), text.substr(8)));
}

void set_jd_from_instant(ElementSet& set) {
  constexpr int64_t kNsPerDay = 86'400'000'000'000;
  const int64_t ns = set.epoch.unix_ns();
  int64_t day_count = ns / kNsPerDay;
  if (ns % kNsPerDay < 0) --day_count;
  const int64_t ns_of_day = ns - day_count * kNsPerDay;
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day_count}}};
  const int64_t seconds_of_day = ns_of_day / 1'000'000'000;
  const double second = static_cast<double>(seconds_of_day % 60) +
                        static_cast<double>(ns_of_day % 1'000'000'000) * 1e-9;
  set_epoch_jd(set, int(ymd.year()), static_cast<int>(unsigned(ymd.month())),
               static_cast<int>(unsigned(ymd.day())), static_cast<int>(seconds_of_day / 3600),
               static_cast<int>((seconds_of_day / 60) % 60), second);
}

std::optional<Key> key_of(ElementField field) {
  switch (field) {
    case ElementField::kMeanMotion:
      return kMeanMotion;
    case ElementField::kEccentricity:
      return kEccentricity;
    case ElementField::kInclination:
      return kInclination;
    case ElementField::kRaan:
      return kRaan;
    case ElementField::kArgPerigee:
      return kArgPericenter;
    case ElementField::kMeanAnomaly:
      return kMeanAnomaly;
    case ElementField::kBstar:
      return kBstar;
    case ElementField::kMeanMotionDot:
      return kMeanMotionDot;
    case ElementField::kMeanMotionDdot:
      return kMeanMotionDdot;
  }
  return std::nullopt;
}

}  // namespace

std::string KeyLocation::text() const {
  switch (kind) {
    case Kind::kLine:
      return fmt::format("line {}", line);
    case Kind::kLineColumn:
      return fmt::format("line {}, column {}", line, column);
    case Kind::kObject:
      return fmt::format("object {} (index {})", object + 1, object);
  }
  return {};
}

bool is_known_omm_key(std::string_view key) {
  return used_key_index(key).has_value() || is_ignored_omm_key(key);
}

bool is_ignored_omm_key(std::string_view key) {
  if (key.starts_with("USER_DEFINED_")) return true;
  return std::binary_search(std::begin(kIgnoredKeys), std::end(kIgnoredKeys), key);
}

OmmSetBuilder::OmmSetBuilder(const std::string& source, std::string set_where, int line)
    : source_(&source), set_where_(std::move(set_where)), line_(line) {}

std::optional<Error> OmmSetBuilder::add(std::string_view key, std::string_view value,
                                        KeyLocation where) {
  empty_ = false;
  const auto index = used_key_index(key);
  if (!index) {
    if (is_ignored_omm_key(key)) return std::nullopt;
    return Error{fmt::format("{}: {}: unknown key '{}'", *source_, where.text(), printable(key))};
  }
  std::optional<Entry>& entry = entries_[*index];
  if (entry) {
    return Error{fmt::format("{}: {}: key {} given twice in one OMM (first at {})", *source_,
                             where.text(), key, entry->where.text())};
  }
  const std::string_view trimmed = trim(value);
  if (trimmed.empty()) return std::nullopt;
  entry = Entry{std::string(trimmed), where};
  return std::nullopt;
}

std::string_view OmmSetBuilder::text(size_t key) const {
  return entries_[key] ? std::string_view(entries_[key]->value) : std::string_view{};
}

Error OmmSetBuilder::fail(size_t key, std::string_view what) const {
  return Error{fmt::format("{}: {}: {}: {}", *source_, entries_[key]->where.text(),
                           kUsedKeyNames[key], what)};
}

std::optional<Error> OmmSetBuilder::check_metadata() const {
  struct Rule {
    Key key;
    std::string_view allowed[2];
    std::string_view why;
  };
  static constexpr Rule kRules[] = {
      {kCenterName, {"EARTH", ""}, "is not EARTH; SGP4 elements are Earth-centred"},
      {kRefFrame, {"TEME", ""}, "is not TEME, the frame of SGP4 elements"},
      {kTimeSystem, {"UTC", ""}, "is not UTC, the time system of SGP4 elements"},
      {kMeanElementTheory,
       {"SGP4", "SGP/SGP4"},
       "is not supported; these elements must be for SGP4 (SGP4 or SGP/SGP4)"},
  };
  for (const Rule& rule : kRules) {
    const std::string_view value = text(rule.key);
    if (entries_[rule.key] && value != rule.allowed[0] && value != rule.allowed[1]) {
      return fail(rule.key, fmt::format("'{}' {}", value, rule.why));
    }
  }
  return std::nullopt;
}

std::optional<Error> OmmSetBuilder::read_numbers(ElementSet& set) const {
  const std::pair<Key, double*> reals[] = {
      {kMeanMotion, &set.mean_motion_rev_per_day},
      {kEccentricity, &set.eccentricity},
      {kInclination, &set.inclination_deg},
      {kRaan, &set.raan_deg},
      {kArgPericenter, &set.arg_perigee_deg},
      {kMeanAnomaly, &set.mean_anomaly_deg},
      {kBstar, &set.bstar_per_earth_radii},
      {kMeanMotionDot, &set.mean_motion_dot_rev_per_day2},
      {kMeanMotionDdot, &set.mean_motion_ddot_rev_per_day3},
  };
  for (const auto& [k, target] : reals) {
    const auto value = to_double(text(k));
    if (!value) {
      return Error{fmt::format("{}: {}: {} '{}' is not a number", *source_,
                               entries_[k]->where.text(), kUsedKeyNames[k], text(k))};
    }
    *target = *value;
  }
  const std::pair<Key, int*> counts[] = {
      {kEphemerisType, &set.ephemeris_type},
      {kElementSetNo, &set.element_set_number},
      {kRevAtEpoch, &set.rev_at_epoch},
  };
  for (const auto& [k, target] : counts) {
    if (!entries_[k]) continue;  // optional in CCSDS; the ElementSet default (0) stands
    const auto value = to_int(text(k));
    if (!value || *value < 0 || *value > 999'999'999) {
      return fail(k, fmt::format("'{}' is not a whole number in [0, 999999999]", text(k)));
    }
    *target = static_cast<int>(*value);
  }
  const auto norad = to_int(text(kNoradCatId));
  if (!norad || *norad < 0 || *norad > 999'999'999) {
    return fail(kNoradCatId,
                fmt::format("'{}' is not a catalogue number in [0, 999999999]", text(kNoradCatId)));
  }
  set.norad_id = static_cast<uint32_t>(*norad);
  return std::nullopt;
}

Result<ElementSet> OmmSetBuilder::finish() const {
  for (const Key k : kRequired) {
    if (!entries_[k]) {
      return Error{fmt::format("{}: {}: required key {} is missing", *source_, set_where_,
                               kUsedKeyNames[k])};
    }
  }
  if (auto e = check_metadata()) return *e;
  ElementSet set;
  set.name = std::string(text(kObjectName));
  set.object_id = std::string(text(kObjectId));
  set.source = {*source_, line_};
  const Result<Instant> epoch = parse_epoch(text(kEpoch));
  if (!epoch.ok()) return fail(kEpoch, epoch.error().message);
  set.epoch = *epoch;
  set_jd_from_instant(set);
  if (auto e = read_numbers(set)) return *e;
  if (entries_[kClassificationType]) {
    if (text(kClassificationType).size() != 1) {
      return fail(kClassificationType,
                  fmt::format("'{}' is not one letter (U, C or S)", text(kClassificationType)));
    }
    set.classification = text(kClassificationType)[0];
  }
  if (const auto problem = check_ranges(set)) {
    if (const auto k = key_of(problem->field)) return fail(*k, problem->message);
  }
  return set;
}

std::optional<Error> collect(Result<ElementSet> set, ParsedElements& out,
                             const ParseOptions& options) {
  if (set.ok()) {
    out.sets.push_back(std::move(set).value());
    return std::nullopt;
  }
  return collect(set.error(), out, options);
}

std::optional<Error> collect(Error error, ParsedElements& out, const ParseOptions& options) {
  if (!options.skip_invalid) return error;
  out.skipped.push_back(std::move(error.message));
  return std::nullopt;
}

Result<ParsedElements> finish_parse(ParsedElements out, std::string_view text,
                                    const std::string& source) {
  if (out.sets.empty() && !trim(text).empty()) {
    return Error{fmt::format("{}: no element sets found{}", source,
                             out.skipped.empty() ? "" : "; first problem: " + out.skipped[0])};
  }
  return out;
}

int line_of_offset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(),
                                         text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace lagrange::orbit::internal
