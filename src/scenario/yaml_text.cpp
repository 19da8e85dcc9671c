#include "scenario/internal/yaml_text.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <vector>

namespace lagrange::scenario::internal {
namespace {

void duplicates_in(Reader& r, const YAML::Node& node, const std::string& path) {
  if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i) duplicates_in(r, node[i], item(path, i));
    return;
  }
  if (!node.IsMap()) return;
  std::map<std::string, YAML::Mark> seen;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) continue;
    const std::string key = kv.first.Scalar();
    const auto [it, fresh] = seen.emplace(key, kv.first.Mark());
    if (!fresh) {
      r.error(kv.first, child(path, key),
              fmt::format("duplicate key '{}' (first at line {}, again at line {}); give it once",
                          key, it->second.line + 1, kv.first.Mark().line + 1));
      continue;
    }
    duplicates_in(r, kv.second, child(path, key));
  }
}

struct QuotedSpan {
  int open_line = 0;
  int open_column = 0;
  int close_line = -1;  // -1: never closed
};

bool starts_scalar(std::string_view line, size_t pos) {
  size_t k = pos;
  while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t')) --k;
  if (k == 0) return true;
  const char before = line[k - 1];
  return before == ':' || before == '-' || before == '[' || before == '{' || before == ',' ||
         before == '?';
}

bool is_block_indicator(std::string_view line) {
  size_t end = line.find(" #");
  std::string_view s = line.substr(0, end);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  while (!s.empty() && (s.back() == '-' || s.back() == '+' || (s.back() >= '1' && s.back() <= '9'))) {
    s.remove_suffix(1);
  }
  if (s.empty() || (s.back() != '|' && s.back() != '>')) return false;
  s.remove_suffix(1);
  return !s.empty() && (s.back() == ' ' || s.back() == ':' || s.back() == '-');
}

size_t indent_of(std::string_view line) {
  size_t k = 0;
  while (k < line.size() && line[k] == ' ') ++k;
  return k;
}

// The quoted scalars of the text that span several lines (or never close). A light scan:
// comments, block scalars (| and >) and quotes inside plain words are skipped.
std::vector<QuotedSpan> multi_line_quotes(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t b = 0; b <= text.size();) {
    const size_t e = std::min(text.find('\n', b), text.size());
    lines.push_back(text.substr(b, e - b));
    b = e + 1;
  }
  std::vector<QuotedSpan> spans;
  std::optional<QuotedSpan> open;
  char quote = 0;
  constexpr size_t kNoBlock = SIZE_MAX;
  size_t block_parent = kNoBlock;  // indent of the line that started a block scalar
  for (size_t ln = 0; ln < lines.size(); ++ln) {
    const std::string_view line = lines[ln];
    if (!open && block_parent != kNoBlock) {
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      if (indent_of(line) > block_parent) continue;
      block_parent = kNoBlock;
    }
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (open) {
        if (quote == '"' && c == '\\') {
          ++i;
        } else if (quote == '\'' && c == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;
        } else if (c == quote) {
          open->close_line = static_cast<int>(ln);
          if (open->close_line > open->open_line) spans.push_back(*open);
          open.reset();
        }
        continue;
      }
      if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) break;
      if ((c == '"' || c == '\'') && starts_scalar(line, i)) {
        open = QuotedSpan{static_cast<int>(ln), static_cast<int>(i), -1};
        quote = c;
      }
    }
    if (!open && is_block_indicator(line)) block_parent = indent_of(line);
  }
  if (open) spans.push_back(*open);
  return spans;
}

}  // namespace

void report_duplicate_keys(Reader& r, const YAML::Node& root) {
  duplicates_in(r, root, "");
}

std::optional<std::string> where_too_deep(std::string_view text) {
  int depth = 0;
  int line = 0;
  int column = 0;
  for (const char c : text) {
    if (c == '\n') {
      ++line;
      column = 0;
      continue;
    }
    if (c == '[' || c == '{') {
      if (++depth > kMaxYamlDepth) return fmt::format("line {}, column {}", line + 1, column + 1);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    ++column;
  }
  return std::nullopt;
}

std::optional<std::string> unclosed_quote(std::string_view text) {
  const auto spans = multi_line_quotes(text);
  if (spans.empty() || spans.back().close_line >= 0) return std::nullopt;
  return fmt::format("the quote opened at line {}, column {} is never closed",
                     spans.back().open_line + 1, spans.back().open_column + 1);
}

std::string quote_hint(std::string_view text, int error_line) {
  std::string hint;
  for (const QuotedSpan& q : multi_line_quotes(text)) {
    if (q.open_line > error_line) break;
    if (q.close_line < 0) {
      return fmt::format("the quote opened at line {}, column {} is never closed", q.open_line + 1,
                         q.open_column + 1);
    }
    if (q.close_line >= error_line - 1) {
      hint = fmt::format(
          "the quoted value opened at line {}, column {} runs to line {}: is its closing quote "
          "missing?",
          q.open_line + 1, q.open_column + 1, q.close_line + 1);
    }
  }
  return hint;
}

}  // namespace lagrange::scenario::internal
