// Two-line and three-line element sets (NORAD TLE format), many per file.
//
// Every set's checksums are verified; catalogue numbers may be Alpha-5 (A0000-Z9999, the
// letters I and O skipped). A bad set is an error naming the file, the line, the column and
// what is wrong; with `skip_invalid` the parser records that message in `skipped` and goes
// on with the next set instead. Blank lines and lines starting with '#' are skipped; input
// holding only such lines gives zero sets, any other input without a set is an error ("no
// element sets found").
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "orbit/elements.hpp"

namespace lagrange::orbit {

struct ParseOptions {
  bool skip_invalid = false;
};

// `source_name` is used in messages (usually the file path).
Result<ParsedElements> parse_tle(std::string_view text, const std::string& source_name,
                                 const ParseOptions& options = {});
Result<ParsedElements> load_tle_file(const std::string& path, const ParseOptions& options = {});

// Decodes a 5-character catalogue field ("25544", "A0000" = 100000, "Z9999" = 339999).
Result<uint32_t> decode_alpha5(std::string_view field);

}  // namespace lagrange::orbit
