// CelesTrak's OMM CSV: a header row of OMM keys, then one row per object. Fields may be
// quoted ("..." with "" for a quote); a row is one line.
#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "orbit/internal/element_fields.hpp"
#include "orbit/internal/omm_fields.hpp"

namespace lagrange::orbit::internal {
namespace {

// Splits one CSV line; false when a quoted field is not closed.
bool split_cells(std::string_view line, std::vector<std::string>& cells) {
  cells.clear();
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(std::move(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells.push_back(std::move(cell));
  return !quoted;
}

// The header row: every column an OMM key, none twice.
Result<std::vector<std::string>> read_header(const std::vector<std::string>& cells, int number,
                                             const std::string& source) {
  std::vector<std::string> header;
  for (size_t c = 0; c < cells.size(); ++c) {
    const std::string key(trim(cells[c]));
    if (!is_known_omm_key(key)) {
      return Error{fmt::format("{}: line {}, column {}: unknown column '{}'", source, number, c + 1,
                               printable(key))};
    }
    if (std::find(header.begin(), header.end(), key) != header.end()) {
      return Error{fmt::format("{}: line {}, column {}: column '{}' appears twice", source, number,
                               c + 1, key)};
    }
    header.push_back(key);
  }
  return header;
}

}  // namespace

Result<ParsedElements> parse_omm_csv(std::string_view text, const std::string& source,
                                     const ParseOptions& options) {
  ParsedElements out;
  std::vector<std::string> header;
  int header_line = 0;
  std::vector<std::string> cells;
  int number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    const bool closed = split_cells(line, cells);
    if (header.empty()) {
      if (!closed) return Error{fmt::format("{}: line {}: unclosed quote", source, number)};
      auto columns = read_header(cells, number, source);
      if (!columns.ok()) return columns.error();
      header = std::move(columns).value();
      header_line = number;
      continue;
    }
    const std::string row_where = fmt::format("row on line {}", number);
    if (!closed || cells.size() != header.size()) {
      const std::string why = !closed ? "unclosed quote"
                                      : fmt::format("{} cells but the header (line {}) has {}",
                                                    cells.size(), header_line, header.size());
      if (auto e =
              collect(Error{fmt::format("{}: line {}: {}", source, number, why)}, out, options)) {
        return *e;
      }
      continue;
    }
    OmmSetBuilder builder(source, row_where, number);
    std::optional<Error> error;
    for (size_t c = 0; c < cells.size() && !error; ++c) {
      error =
          builder.add(header[c], cells[c], KeyLocation::at_cell(number, static_cast<int>(c + 1)));
    }
    if (auto e = error ? collect(*error, out, options) : collect(builder.finish(), out, options)) {
      return *e;
    }
  }
  return finish_parse(std::move(out), text, source);
}

}  // namespace lagrange::orbit::internal
