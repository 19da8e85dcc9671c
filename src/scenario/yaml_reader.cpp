#include "scenario/internal/yaml_reader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace lagrange::scenario::internal {
namespace {

std::string describe(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "nothing";
}

}  // namespace

std::string child(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

std::string item(std::string_view path, size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string Reader::where(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return file_;
  return fmt::format("{}:{}:{}", file_, mark.line + 1, mark.column + 1);
}

void Reader::error(const YAML::Node& node, std::string_view path, std::string_view what) {
  if (path.empty()) {
    errors_.push_back(fmt::format("{}: {}", where(node), what));
  } else {
    errors_.push_back(fmt::format("{}: {}: {}", where(node), path, what));
  }
}

bool Reader::check_map(const YAML::Node& node, std::string_view path,
                       std::span<const std::string_view> allowed) {
  if (!node.IsMap()) {
    error(node, path, "expected a mapping of fields, got " + describe(node));
    return false;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string what = "unknown field '" + key + "'";
    if (const std::string guess = closest(key, allowed); !guess.empty()) {
      what += " (did you mean '" + guess + "'?)";
    } else {
      what += "; expected one of: ";
      for (size_t i = 0; i < allowed.size(); ++i) {
        what += (i ? ", " : "") + std::string(allowed[i]);
      }
    }
    error(kv.first, path, what);
  }
  return true;
}

bool Reader::check_list(const YAML::Node& node, std::string_view path) {
  if (node.IsSequence()) return true;
  error(node, path, "expected a list, got " + describe(node));
  return false;
}

std::optional<YAML::Node> Reader::get(const YAML::Node& map, std::string_view path,
                                      std::string_view key, bool required) {
  if (!map.IsMap()) return std::nullopt;
  const YAML::Node value = map[std::string(key)];
  if (!value.IsDefined() || value.IsNull()) {
    if (required) error(map, path, "missing required field '" + std::string(key) + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> Reader::text(const YAML::Node& map, std::string_view path,
                                        std::string_view key, bool required) {
  const auto value = get(map, path, key, required);
  if (!value) return std::nullopt;
  if (!value->IsScalar()) {
    error(*value, child(path, key), "expected text, got " + describe(*value));
    return std::nullopt;
  }
  return value->Scalar();
}

std::optional<double> Reader::number_value(const YAML::Node& node, std::string_view path,
                                           double min, double max) {
  double x = 0.0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, x) || !std::isfinite(x)) {
    error(node, path, "expected a number, got " + describe(node));
    return std::nullopt;
  }
  if (x < min || x > max) {
    std::string range =
        max == kInf ? fmt::format(">= {}", min) : fmt::format("in [{}, {}]", min, max);
    error(node, path, fmt::format("must be {}, got {}", range, node.Scalar()));
    return std::nullopt;
  }
  return x;
}

std::optional<double> Reader::number(const YAML::Node& map, std::string_view path,
                                     std::string_view key, bool required, double min, double max) {
  const auto value = get(map, path, key, required);
  if (!value) return std::nullopt;
  return number_value(*value, child(path, key), min, max);
}

std::optional<int64_t> Reader::integer(const YAML::Node& map, std::string_view path,
                                       std::string_view key, bool required, int64_t min,
                                       int64_t max) {
  const auto value = get(map, path, key, required);
  if (!value) return std::nullopt;
  int64_t x = 0;
  if (!value->IsScalar() || !YAML::convert<int64_t>::decode(*value, x)) {
    error(*value, child(path, key), "expected an integer, got " + describe(*value));
    return std::nullopt;
  }
  if (x < min || x > max) {
    error(*value, child(path, key), fmt::format("must be in [{}, {}], got {}", min, max, x));
    return std::nullopt;
  }
  return x;
}

std::optional<Instant> Reader::instant_value(const YAML::Node& node, std::string_view path) {
  if (!node.IsScalar()) {
    error(node, path, "expected an ISO 8601 UTC time, got " + describe(node));
    return std::nullopt;
  }
  auto t = parse_iso8601(node.Scalar());
  if (!t) {
    error(node, path, t.error().message);
    return std::nullopt;
  }
  return *t;
}

std::optional<Instant> Reader::instant(const YAML::Node& map, std::string_view path,
                                       std::string_view key, bool required) {
  const auto value = get(map, path, key, required);
  if (!value) return std::nullopt;
  return instant_value(*value, child(path, key));
}

std::optional<Duration> Reader::seconds(const YAML::Node& map, std::string_view path,
                                        std::string_view key, bool required, double min_s) {
  // Up to ~100 years, so the conversion to int64 ns cannot overflow.
  const auto s = number(map, path, key, required, min_s, 3.0e9);
  if (!s) return std::nullopt;
  return Duration::from_seconds(*s);
}

std::optional<std::vector<std::string>> Reader::text_list(const YAML::Node& map,
                                                          std::string_view path,
                                                          std::string_view key, bool required) {
  const auto value = get(map, path, key, required);
  if (!value) return std::nullopt;
  const std::string p = child(path, key);
  if (value->IsScalar()) return std::vector<std::string>{value->Scalar()};
  if (!check_list(*value, p)) return std::nullopt;
  std::vector<std::string> out;
  for (size_t i = 0; i < value->size(); ++i) {
    const YAML::Node v = (*value)[i];
    if (!v.IsScalar()) {
      error(v, item(p, i), "expected text, got " + describe(v));
      return std::nullopt;
    }
    out.push_back(v.Scalar());
  }
  return out;
}

}  // namespace lagrange::scenario::internal
