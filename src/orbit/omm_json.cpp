// CelesTrak's OMM JSON: an array of flat objects (or one object) with the OMM keys; values
// may be numbers or strings.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "orbit/internal/element_fields.hpp"
#include "orbit/internal/omm_fields.hpp"

namespace lagrange::orbit::internal {
namespace {

using nlohmann::json;

// The value as the text the other layouts would carry; numbers print so that they parse
// back to the same double.
std::optional<std::string> value_text(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return value.get<std::string>();
    case json::value_t::number_integer:
      return fmt::format("{}", value.get<int64_t>());
    case json::value_t::number_unsigned:
      return fmt::format("{}", value.get<uint64_t>());
    case json::value_t::number_float:
      return fmt::format("{}", value.get<double>());
    case json::value_t::null:
      return std::string();
    default:
      return std::nullopt;
  }
}

Result<ElementSet> read_object(const json& object, size_t index, const std::string& source) {
  const KeyLocation location = KeyLocation::in_object(index);
  const std::string where = location.text();
  if (!object.is_object()) {
    return Error{fmt::format("{}: {}: expected a JSON object of OMM keys, found {}", source, where,
                             object.type_name())};
  }
  OmmSetBuilder builder(source, where, 0);
  for (const auto& [key, value] : object.items()) {
    const auto text = value_text(value);
    if (!text) {
      return Error{fmt::format("{}: {}: {}: expected a number or a string, found {}", source, where,
                               key, value.type_name())};
    }
    if (auto e = builder.add(key, *text, location)) return *e;
  }
  return builder.finish();
}

}  // namespace

Result<ParsedElements> parse_omm_json(std::string_view text, const std::string& source,
                                      const ParseOptions& options) {
  ParsedElements out;
  if (trim(text).empty()) return out;
  json document;
  try {
    document = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return Error{fmt::format("{}: line {}: not valid JSON: {}", source,
                             line_of_offset(text, e.byte > 0 ? e.byte - 1 : 0), e.what())};
  } catch (const json::exception& e) {  // e.g. out_of_range: a number too large for a double
    return Error{fmt::format("{}: not valid JSON: {}", source, e.what())};
  }
  if (document.is_object()) document = json::array({std::move(document)});
  if (!document.is_array()) {
    return Error{fmt::format("{}: expected a JSON array of OMM objects, found {}", source,
                             document.type_name())};
  }
  out.sets.reserve(document.size());
  for (size_t i = 0; i < document.size(); ++i) {
    if (auto e = collect(read_object(document[i], i, source), out, options)) return *e;
  }
  return finish_parse(std::move(out), text, source);
}

}  // namespace lagrange::orbit::internal
