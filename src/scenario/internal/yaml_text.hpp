// Diagnostics about the YAML text itself, for messages a parser exception alone gives badly:
// duplicate keys (yaml-cpp keeps both and `map[key]` silently returns the first), nesting
// past the parser's depth limit, and a quote that is never closed (or closes only many lines
// later, swallowing the fields in between into one value).
#pragma once

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

#include "scenario/internal/yaml_reader.hpp"

namespace lagrange::scenario::internal {

// yaml-cpp's DepthGuard default: deeper documents throw YAML::DeepRecursion.
inline constexpr int kMaxYamlDepth = 2000;

// Reports every key that appears twice in one mapping, naming both lines.
void report_duplicate_keys(Reader& r, const YAML::Node& root);

// "line L, column C" (1-based) where the flow nesting ([ and {) first passes kMaxYamlDepth,
// or nullopt.
std::optional<std::string> where_too_deep(std::string_view text);

// "the quote opened at line L, column C is never closed" when one is: yaml-cpp then accepts
// the rest of the file as one value. nullopt when every quote closes.
std::optional<std::string> unclosed_quote(std::string_view text);

// A hint for a parse error at (line, column), 0-based: where a quote that is never closed
// opened, or where a quoted value that spans from before the error opened. Empty if none.
std::string quote_hint(std::string_view text, int error_line);

}  // namespace lagrange::scenario::internal
