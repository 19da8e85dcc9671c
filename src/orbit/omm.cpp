#include "orbit/omm.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "orbit/internal/element_fields.hpp"
#include "orbit/internal/omm_fields.hpp"

namespace lagrange::orbit {
namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

OmmFormat sniff(std::string_view text) {
  const std::string_view start = internal::trim(text);
  if (start.starts_with('<')) return OmmFormat::kXml;
  if (start.starts_with('[') || start.starts_with('{')) return OmmFormat::kJson;
  const std::string_view first_line = start.substr(0, start.find('\n'));
  if (first_line.find("OBJECT_NAME") != std::string_view::npos &&
      first_line.find(',') != std::string_view::npos &&
      first_line.find('=') == std::string_view::npos) {
    return OmmFormat::kCsv;
  }
  return OmmFormat::kKvn;
}

OmmFormat format_of(const std::string& path, std::string_view text) {
  const std::string ext = lower_extension(path);
  if (ext == ".xml") return OmmFormat::kXml;
  if (ext == ".kvn" || ext == ".txt" || ext == ".omm") return OmmFormat::kKvn;
  if (ext == ".json") return OmmFormat::kJson;
  if (ext == ".csv") return OmmFormat::kCsv;
  return sniff(text);
}

}  // namespace

Result<ParsedElements> parse_omm(std::string_view text, OmmFormat format,
                                 const std::string& source_name, const ParseOptions& options) {
  switch (format) {
    case OmmFormat::kXml:
      return internal::parse_omm_xml(text, source_name, options);
    case OmmFormat::kKvn:
      return internal::parse_omm_kvn(text, source_name, options);
    case OmmFormat::kJson:
      return internal::parse_omm_json(text, source_name, options);
    case OmmFormat::kCsv:
      return internal::parse_omm_csv(text, source_name, options);
  }
  return Error{source_name + ": unknown OMM format"};
}

Result<ParsedElements> load_omm_file(const std::string& path, const ParseOptions& options) {
  Result<std::string> text = internal::read_text_file(path);
  if (!text.ok()) return text.error();
  return parse_omm(*text, format_of(path, *text), path, options);
}

}  // namespace lagrange::orbit
