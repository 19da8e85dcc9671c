// CCSDS OMM in Keyword = Value Notation: one "KEY = value [unit]" per line, COMMENT lines,
// one message per object; messages may be concatenated, each starting at CCSDS_OMM_VERS.
#include <optional>

#include <fmt/format.h>

#include "orbit/internal/element_fields.hpp"
#include "orbit/internal/omm_fields.hpp"

namespace lagrange::orbit::internal {
namespace {

bool is_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// "15.2 [rev/day]" -> "15.2": CCSDS allows the unit after the value.
std::string_view without_unit(std::string_view value) {
  if (value.empty() || value.back() != ']') return value;
  const size_t open = value.rfind('[');
  return open == std::string_view::npos ? value : trim(value.substr(0, open));
}

class KvnReader {
 public:
  KvnReader(const std::string& source, const ParseOptions& options)
      : source_(source), options_(options) {}

  Result<ParsedElements> read(std::string_view text) {
    int number = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = trim(text.substr(pos, end - pos));
      pos = end + 1;
      ++number;
      if (auto e = take_line(line, number)) return *e;
    }
    if (auto e = close_set()) return *e;
    return finish_parse(std::move(out_), text, source_);
  }

 private:
  std::optional<Error> take_line(std::string_view line, int number) {
    if (line.empty() || line == "COMMENT" || line.starts_with("COMMENT ") ||
        line.starts_with("COMMENT\t")) {
      return std::nullopt;
    }
    const size_t equals = line.find('=');
    const std::string_view key =
        equals == std::string_view::npos ? std::string_view{} : trim(line.substr(0, equals));
    if (!is_key(key)) {
      if (set_ && set_failed_) return std::nullopt;  // one message per bad set is enough
      return fail(Error{fmt::format("{}: line {}: expected 'KEY = value', found '{}'", source_,
                                    number, printable(line))},
                  number);
    }
    const std::string_view value = without_unit(trim(line.substr(equals + 1)));
    // A new message starts at its header, or (for files without headers) at a second
    // OBJECT_NAME.
    const bool starts_set =
        key == "CCSDS_OMM_VERS" || (key == "OBJECT_NAME" && set_seen_name_ && !set_has_header_);
    if (starts_set || !set_) {
      if (auto e = close_set()) return e;
      set_.emplace(source_, fmt::format("OMM starting on line {}", number), number);
      set_has_header_ = key == "CCSDS_OMM_VERS";
      set_failed_ = false;
      set_seen_name_ = false;
    }
    if (key == "OBJECT_NAME") set_seen_name_ = true;
    if (set_failed_) return std::nullopt;  // skipping the rest of a bad set
    if (auto e = set_->add(key, value, KeyLocation::at_line(number))) return fail(*e, number);
    return std::nullopt;
  }

  // A bad line spoils its set: stop, or (skipping) record it and drop the set's other lines.
  std::optional<Error> fail(Error error, int number) {
    if (!options_.skip_invalid) return error;
    out_.skipped.push_back(std::move(error.message));
    if (!set_) set_.emplace(source_, fmt::format("OMM starting on line {}", number), number);
    set_failed_ = true;
    return std::nullopt;
  }

  std::optional<Error> close_set() {
    if (!set_ || set_failed_ || set_->empty()) return std::nullopt;
    return collect(set_->finish(), out_, options_);
  }

  const std::string& source_;
  const ParseOptions& options_;
  ParsedElements out_;
  std::optional<OmmSetBuilder> set_;
  bool set_has_header_ = false;
  bool set_failed_ = false;
  bool set_seen_name_ = false;
};

}  // namespace

Result<ParsedElements> parse_omm_kvn(std::string_view text, const std::string& source,
                                     const ParseOptions& options) {
  return KvnReader(source, options).read(text);
}

}  // namespace lagrange::orbit::internal
