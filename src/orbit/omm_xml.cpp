// CCSDS OMM XML (NDM/XML): <ndm> holding <omm> messages, or one <omm>; each has <header>
// and <body><segment><metadata/><data><meanElements/><tleParameters/>...</data></segment>.
#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include <pugixml.hpp>

#include "orbit/internal/omm_fields.hpp"

namespace lagrange::orbit::internal {
namespace {

constexpr std::string_view kContainers[] = {"header",
                                            "body",
                                            "segment",
                                            "metadata",
                                            "data",
                                            "meanElements",
                                            "tleParameters",
                                            "spacecraftParameters",
                                            "covarianceMatrix",
                                            "userDefinedParameters"};

bool is_container(std::string_view name) {
  return std::find(std::begin(kContainers), std::end(kContainers), name) != std::end(kContainers);
}

// Byte offsets of line starts, so that lines are found in O(log n) per element.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }
  int line_of(ptrdiff_t offset) const {
    const auto it = std::upper_bound(starts_.begin(), starts_.end(),
                                     static_cast<size_t>(std::max<ptrdiff_t>(offset, 0)));
    return static_cast<int>(it - starts_.begin());
  }

 private:
  std::vector<size_t> starts_;
};

class XmlReader {
 public:
  XmlReader(const std::string& source, const LineIndex& lines) : source_(source), lines_(lines) {}

  Result<ElementSet> read_omm(const pugi::xml_node& omm) const {
    const int line = lines_.line_of(omm.offset_debug());
    OmmSetBuilder builder(source_, fmt::format("OMM starting on line {}", line), line);
    if (auto e = visit(omm, builder)) return *e;
    return builder.finish();
  }

  int line_of(const pugi::xml_node& node) const { return lines_.line_of(node.offset_debug()); }

 private:
  std::optional<Error> visit(const pugi::xml_node& parent, OmmSetBuilder& builder) const {
    for (const pugi::xml_node& child : parent.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view name = child.name();
      const bool has_elements = static_cast<bool>(
          child.find_child([](const pugi::xml_node& n) { return n.type() == pugi::node_element; }));
      if (has_elements || is_container(name)) {
        if (!is_container(name)) {
          return Error{fmt::format("{}: line {}: unexpected element <{}> in <{}>", source_,
                                   line_of(child), name, parent.name())};
        }
        if (auto e = visit(child, builder)) return e;
        continue;
      }
      std::string key(name);
      if (key == "USER_DEFINED") key += std::string("_") + child.attribute("parameter").value();
      if (auto e = builder.add(key, child.child_value(), KeyLocation::at_line(line_of(child)))) {
        return e;
      }
    }
    return std::nullopt;
  }

  const std::string& source_;
  const LineIndex& lines_;
};

}  // namespace

Result<ParsedElements> parse_omm_xml(std::string_view text, const std::string& source,
                                     const ParseOptions& options) {
  ParsedElements out;
  pugi::xml_document document;
  const pugi::xml_parse_result parsed =
      document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
    return Error{fmt::format("{}: line {}: not valid XML: {}", source,
                             line_of_offset(text, static_cast<size_t>(parsed.offset)),
                             parsed.description())};
  }
  const LineIndex lines(text);
  const XmlReader reader(source, lines);
  const pugi::xml_node root = document.document_element();
  std::vector<pugi::xml_node> messages;
  if (std::string_view(root.name()) == "omm") {
    messages.push_back(root);
  } else if (std::string_view(root.name()) == "ndm") {
    for (const pugi::xml_node& child : root.children()) {
      if (child.type() != pugi::node_element) continue;
      if (std::string_view(child.name()) != "omm") {
        return Error{fmt::format("{}: line {}: <{}> is not an OMM; only <omm> messages are read",
                                 source, reader.line_of(child), child.name())};
      }
      messages.push_back(child);
    }
  } else {
    return Error{fmt::format("{}: line {}: the root element <{}> is neither <ndm> nor <omm>",
                             source, reader.line_of(root), root.name())};
  }
  out.sets.reserve(messages.size());
  for (const pugi::xml_node& omm : messages) {
    if (auto e = collect(reader.read_omm(omm), out, options)) return *e;
  }
  return finish_parse(std::move(out), text, source);
}

}  // namespace lagrange::orbit::internal
