// What the four OMM layouts share: the CCSDS keys, their conversion to an ElementSet and
// how each set's outcome is collected. Each layout only finds keys and values and says
// where it found them ("line 14", "object 2 (index 1)", "line 3, column BSTAR").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "orbit/elements.hpp"
#include "orbit/tle.hpp"

namespace lagrange::orbit::internal {

// Where a key was found, in each layout's terms; formatted only when a message needs it.
struct KeyLocation {
  enum class Kind : uint8_t { kLine, kLineColumn, kObject };
  Kind kind = Kind::kLine;
  int line = 0;       // 1-based (kLine, kLineColumn)
  int column = 0;     // 1-based (kLineColumn)
  size_t object = 0;  // 0-based index in the JSON array (kObject)

  static KeyLocation at_line(int line) { return {Kind::kLine, line, 0, 0}; }
  static KeyLocation at_cell(int line, int column) { return {Kind::kLineColumn, line, column, 0}; }
  static KeyLocation in_object(size_t index) { return {Kind::kObject, 0, 0, index}; }
  // "line 14", "line 3, column 4", "object 2 (index 1)"
  std::string text() const;
};

// Accumulates the keys of one OMM and converts them into an ElementSet.
class OmmSetBuilder {
 public:
  // `source` names the file in messages; `set_where` names the set ("OMM on line 3");
  // `line` is stored as the set's SourceLocation line (0 when unknown).
  OmmSetBuilder(const std::string& source, std::string set_where, int line);

  // Records one key. Empty values count as absent. Errors (complete messages): unknown
  // key, a key given twice.
  std::optional<Error> add(std::string_view key, std::string_view value, KeyLocation where);

  bool empty() const { return empty_; }

  // Converts and checks every value: numbers, epoch, REF_FRAME TEME, TIME_SYSTEM UTC,
  // MEAN_ELEMENT_THEORY SGP4, CENTER_NAME EARTH, required keys, physical ranges.
  Result<ElementSet> finish() const;

  // The number of keys the builder interprets (the rest are accepted and ignored).
  static constexpr size_t kUsedKeys = 21;

 private:
  std::string_view text(size_t key) const;              // "" when absent
  Error fail(size_t key, std::string_view what) const;  // "file: line 9: KEY: what"
  std::optional<Error> check_metadata() const;          // frame, time system, theory
  std::optional<Error> read_numbers(ElementSet& set) const;

  struct Entry {
    std::string value;
    KeyLocation where;
  };
  const std::string* source_;
  std::string set_where_;
  int line_;
  bool empty_ = true;
  std::array<std::optional<Entry>, kUsedKeys> entries_;
};

// True for every key OmmSetBuilder::add accepts.
bool is_known_omm_key(std::string_view key);

// True for keys of the CCSDS OMM standard that Lagrange accepts but does not use (header,
// spacecraft and covariance parameters, USER_DEFINED_*).
bool is_ignored_omm_key(std::string_view key);

// Adds one set's outcome to `out`. Returns the error to stop on when not skipping.
std::optional<Error> collect(Result<ElementSet> set, ParsedElements& out,
                             const ParseOptions& options);
std::optional<Error> collect(Error error, ParsedElements& out, const ParseOptions& options);

// "no element sets found" for non-blank input with no set; otherwise `out`.
Result<ParsedElements> finish_parse(ParsedElements out, std::string_view text,
                                    const std::string& source);

// The layouts; see omm.hpp.
Result<ParsedElements> parse_omm_xml(std::string_view text, const std::string& source,
                                     const ParseOptions& options);
Result<ParsedElements> parse_omm_kvn(std::string_view text, const std::string& source,
                                     const ParseOptions& options);
Result<ParsedElements> parse_omm_json(std::string_view text, const std::string& source,
                                      const ParseOptions& options);
Result<ParsedElements> parse_omm_csv(std::string_view text, const std::string& source,
                                     const ParseOptions& options);

// Line (1-based) of a byte offset, for parsers that report offsets.
int line_of_offset(std::string_view text, size_t offset);

}  // namespace lagrange::orbit::internal
