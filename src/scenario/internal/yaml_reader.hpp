// Reads typed fields out of a YAML document while collecting errors, each naming the file,
// line:column and the field's path ("s.yaml:12:5: satellite_classes[0].storage_gb: must be
// >= 0, got -1"). Unknown keys are errors with a "did you mean" suggestion.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "core/time.hpp"

namespace lagrange::scenario::internal {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// Keys of the mapping at `path` ("" for the document) joined to a child path.
std::string child(std::string_view path, std::string_view key);
std::string item(std::string_view path, size_t index);

// The loader's "did you mean" suggestion: core's closest_name (core/text.hpp).
inline std::string closest(std::string_view word, std::span<const std::string_view> candidates) {
  return closest_name(word, candidates);
}

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  const std::vector<std::string>& errors() const { return errors_; }
  bool failed() const { return !errors_.empty(); }

  std::string where(const YAML::Node& node) const;
  void error(const YAML::Node& node, std::string_view path, std::string_view what);

  // True when `node` is a mapping (else an error); reports keys not in `allowed`.
  bool check_map(const YAML::Node& node, std::string_view path,
                 std::span<const std::string_view> allowed);
  bool check_list(const YAML::Node& node, std::string_view path);

  // The child if present and not null; an error "missing required field" when `required`.
  std::optional<YAML::Node> get(const YAML::Node& map, std::string_view path, std::string_view key,
                                bool required);

  std::optional<std::string> text(const YAML::Node& map, std::string_view path,
                                  std::string_view key, bool required);
  // A number in [min, max] (inclusive), else an error naming the range.
  std::optional<double> number(const YAML::Node& map, std::string_view path, std::string_view key,
                               bool required, double min = 0.0, double max = kInf);
  std::optional<double> number_value(const YAML::Node& node, std::string_view path,
                                     double min = 0.0, double max = kInf);
  std::optional<int64_t> integer(const YAML::Node& map, std::string_view path, std::string_view key,
                                 bool required, int64_t min, int64_t max);
  std::optional<Instant> instant(const YAML::Node& map, std::string_view path, std::string_view key,
                                 bool required);
  std::optional<Instant> instant_value(const YAML::Node& node, std::string_view path);
  // A duration given in seconds by a `_s` field.
  std::optional<Duration> seconds(const YAML::Node& map, std::string_view path,
                                  std::string_view key, bool required, double min_s = 0.0);
  // A scalar or a list of scalars.
  std::optional<std::vector<std::string>> text_list(const YAML::Node& map, std::string_view path,
                                                    std::string_view key, bool required);

 private:
  std::string file_;
  std::vector<std::string> errors_;
};

}  // namespace lagrange::scenario::internal
