// The `models` and `deployments` sections: users' ONNX models, checked at load with the static
// analysis of `lagrange model check` (docs/models.md), and when which version goes to which
// satellites. A model that cannot be read, is not sound ONNX, or is rejected on the
// accelerator of a class it may run on is an error at its `file` line with every reason.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "scenario/internal/sections.hpp"

namespace lagrange::scenario {
namespace internal {
namespace {

constexpr std::array<std::string_view, 5> kModelKeys = {"name", "file", "precision", "preloaded",
                                                        "updates"};
constexpr std::array<std::string_view, 5> kDeploymentKeys = {"model", "version", "rollback", "at",
                                                             "to"};
constexpr int kMaxVersions = 100;

// A satellite's name as outputs show it: the element set's name, else its NORAD id.
std::string satellite_name(const SatelliteEntry& e) {
  return e.elements.name.empty() ? std::to_string(e.elements.norad_id) : e.elements.name;
}

// `all`, `{class: NAME}` or a list of satellite names (or NORAD ids); sorted indices.
std::vector<uint32_t> parse_selection(Reader& r, const YAML::Node& node, const std::string& path,
                                      const Scenario& s) {
  std::set<uint32_t> out;
  if (node.IsScalar() && node.Scalar() == "all") {
    for (uint32_t i = 0; i < s.satellites.size(); ++i) out.insert(i);
  } else if (node.IsMap()) {
    constexpr std::array<std::string_view, 1> kKeys = {"class"};
    if (!r.check_map(node, path, kKeys)) return {};
    const auto name = r.text(node, path, "class", true);
    if (!name) return {};
    std::vector<std::string_view> names;
    for (const auto& c : s.classes) names.push_back(c.name);
    const auto it = std::find(names.begin(), names.end(), *name);
    if (it == names.end()) {
      std::string what = "unknown satellite class '" + *name + "'";
      if (auto guess = closest(*name, names); !guess.empty())
        what += " (did you mean '" + guess + "'?)";
      r.error(node["class"], child(path, "class"), what);
      return {};
    }
    const auto index = static_cast<uint32_t>(it - names.begin());
    for (uint32_t i = 0; i < s.satellites.size(); ++i) {
      if (s.satellites[i].class_index == index) out.insert(i);
    }
  } else if (node.IsSequence()) {
    std::map<std::string, uint32_t> by_name;
    for (uint32_t i = 0; i < s.satellites.size(); ++i) {
      by_name.emplace(satellite_name(s.satellites[i]), i);
      by_name.emplace(std::to_string(s.satellites[i].elements.norad_id), i);
    }
    for (size_t k = 0; k < node.size(); ++k) {
      const YAML::Node v = node[k];
      const auto it = v.IsScalar() ? by_name.find(v.Scalar()) : by_name.end();
      if (it == by_name.end()) {
        r.error(v, item(path, k),
                v.IsScalar() ? "no satellite '" + v.Scalar() + "' in this scenario"
                             : std::string("expected a satellite name or NORAD id"));
        continue;
      }
      out.insert(it->second);
    }
  } else {
    r.error(node, path, "expected 'all', {class: NAME} or a list of satellite names");
  }
  return {out.begin(), out.end()};
}

// One image tile is the first input's last two dimensions (N x C x H x W).
void tile_of(Reader& r, const YAML::Node& at, const std::string& path, ModelVersionSpec& v) {
  const auto& inputs = v.figures.inputs;
  if (inputs.empty() || inputs.front().dims.size() < 2 || inputs.front().dims.back() <= 0 ||
      inputs.front().dims[inputs.front().dims.size() - 2] <= 0) {
    r.error(at, path,
            fmt::format("{}: cannot tell the image tile the model takes: its first input needs "
                        "known height and width as its last two dimensions",
                        v.file.string()));
    return;
  }
  const auto& dims = inputs.front().dims;
  v.tile_width_px = dims.back();
  v.tile_height_px = dims[dims.size() - 2];
  for (const auto& out : v.figures.outputs) {
    double n = 1.0;
    for (const int64_t d : out.dims) n *= static_cast<double>(std::max<int64_t>(d, 1));
    v.output_values += n;
  }
}

std::optional<ModelVersionSpec> read_version(ParseEnv& env, const YAML::Node& node,
                                             const std::string& path, int version) {
  Reader& r = env.reader;
  if (!node.IsScalar()) {
    r.error(node, path, "expected the path of an ONNX file");
    return std::nullopt;
  }
  ModelVersionSpec v;
  v.version = version;
  v.file = resolve_path(env, node.Scalar());
  const model::LoadLimits limits;
  auto bytes = model::read_bounded(v.file, limits.max_file_bytes);
  if (!bytes) {
    r.error(node, path, fmt::format("{} (looked {})", bytes.error().message, looked_in(env)));
    return std::nullopt;
  }
  model::AnalyzeOptions options;
  options.source_name = v.file.string();
  auto figures = model::analyze_model(*bytes, options);
  if (!figures) {
    r.error(node, path, figures.error().message);
    return std::nullopt;
  }
  v.file_bytes = static_cast<double>(bytes->size());
  v.figures = std::move(*figures);
  tile_of(r, node, path, v);
  return v;
}

UserModelSpec parse_model(ParseEnv& env, const YAML::Node& node, const std::string& path,
                          const Scenario& s) {
  Reader& r = env.reader;
  UserModelSpec m;
  if (!r.check_map(node, path, kModelKeys)) return m;
  m.name = r.text(node, path, "name", true).value_or("");
  if (auto p = r.text(node, path, "precision", false)) {
    auto precision = model::parse_precision(*p);
    if (precision) {
      m.precision = *precision;
    } else {
      r.error(node["precision"], child(path, "precision"), precision.error().message);
    }
  }
  if (auto file = r.get(node, path, "file", true)) {
    if (auto v = read_version(env, *file, child(path, "file"), 1)) m.versions.push_back(*v);
  }
  if (auto updates = r.get(node, path, "updates", false)) {
    const std::string p = child(path, "updates");
    if (r.check_list(*updates, p)) {
      if (updates->size() + 1 > kMaxVersions) {
        r.error(*updates, p, fmt::format("at most {} versions of a model", kMaxVersions));
      }
      for (size_t i = 0; i < updates->size() && i + 1 < kMaxVersions; ++i) {
        const auto v = read_version(env, (*updates)[i], item(p, i), static_cast<int>(i) + 2);
        if (v) m.versions.push_back(*v);
      }
    }
  }
  if (auto pre = r.get(node, path, "preloaded", false)) {
    m.preloaded = parse_selection(r, *pre, child(path, "preloaded"), s);
  }
  return m;
}

std::optional<DeploymentSpec> parse_deployment(ParseEnv& env, const YAML::Node& node,
                                               const std::string& path, const Scenario& s) {
  Reader& r = env.reader;
  if (!r.check_map(node, path, kDeploymentKeys)) return std::nullopt;
  DeploymentSpec d;
  const auto name = r.text(node, path, "model", true);
  const auto at = r.instant(node, path, "at", true);
  const auto to = r.get(node, path, "to", true);
  d.rollback = false;
  if (auto rb = r.get(node, path, "rollback", false)) {
    if (!rb->IsScalar() || !YAML::convert<bool>::decode(*rb, d.rollback)) {
      r.error(*rb, child(path, "rollback"), "expected true or false");
    }
  }
  const auto version = r.integer(node, path, "version", false, 1, kMaxVersions);
  if (d.rollback && version) {
    r.error(node["version"], child(path, "version"),
            "a rollback names no version: it returns to the one before the active one");
  }
  if (!name || !at || !to) return std::nullopt;
  std::vector<std::string_view> names;
  for (const auto& m : s.models) names.push_back(m.name);
  const auto it = std::find(names.begin(), names.end(), *name);
  if (it == names.end()) {
    std::string what = "no model '" + *name + "' in the scenario's models";
    if (auto guess = closest(*name, names); !guess.empty())
      what += " (did you mean '" + guess + "'?)";
    r.error(node["model"], child(path, "model"), what);
    return std::nullopt;
  }
  d.model = static_cast<uint32_t>(it - names.begin());
  const UserModelSpec& m = s.models[d.model];
  d.version = d.rollback ? 0 : static_cast<int>(version.value_or(1));
  if (!d.rollback && d.version > static_cast<int>(m.versions.size())) {
    r.error(
        node["version"], child(path, "version"),
        fmt::format("model '{}' has {} version(s) (file and updates)", m.name, m.versions.size()));
  }
  if (*at < s.start || *at >= s.end) {
    r.error(node["at"], child(path, "at"), "must be inside the scenario window [start, end)");
  }
  d.at = *at;
  d.satellites = parse_selection(r, *to, child(path, "to"), s);
  return d;
}

// The classes a model may run on: those of the satellites it is preloaded on or deployed to.
std::set<uint32_t> classes_of(const Scenario& s, uint32_t model) {
  std::set<uint32_t> out;
  for (const uint32_t sat : s.models[model].preloaded) out.insert(s.satellites[sat].class_index);
  for (const auto& d : s.deployments) {
    if (d.model != model) continue;
    for (const uint32_t sat : d.satellites) out.insert(s.satellites[sat].class_index);
  }
  return out;
}

// Every version on the accelerator of every class it may run on, as `model check` judges it.
void check_fit(ParseEnv& env, const YAML::Node& node, const std::string& path, const Scenario& s,
               uint32_t index) {
  const UserModelSpec& m = s.models[index];
  std::vector<std::string> reasons;
  for (const uint32_t c : classes_of(s, index)) {
    const SatelliteClass& cls = s.classes[c];
    auto family = env.context.catalog->family(cls.accelerator.spec.family);
    if (!family) continue;  // the class's own error
    const model::Target target{compute::Device{cls.accelerator.spec, *family},
                               cls.accelerator.busy_w};
    for (const auto& v : m.versions) {
      const auto e = model::estimate_on(v.figures, m.precision, target);
      if (e.fits) continue;
      reasons.push_back(fmt::format(
          "version {} ({}) does not fit class {}'s {}: weights {:.2f} GiB + activations {:.2f} "
          "GiB + runtime reserve {:.2f} GiB > memory {:.2f} GiB",
          v.version, v.file.filename().string(), cls.name, e.id, e.weight_bytes / 1073741824.0,
          e.activation_bytes / 1073741824.0, e.reserved_bytes / 1073741824.0,
          e.capacity_bytes / 1073741824.0));
    }
  }
  if (reasons.empty()) return;
  std::string what = fmt::format("model '{}' is rejected:", m.name);
  for (const auto& reason : reasons) what += "\n  - " + reason;
  env.reader.error(node, path, what);
}

}  // namespace

void parse_models(ParseEnv& env, const YAML::Node& root, Scenario& s) {
  Reader& r = env.reader;
  const auto node = r.get(root, "", "models", false);
  if (!node || !r.check_list(*node, "models")) return;
  std::set<std::string> seen;
  for (size_t i = 0; i < node->size(); ++i) {
    UserModelSpec m = parse_model(env, (*node)[i], item("models", i), s);
    if (!m.name.empty() && !seen.insert(m.name).second) {
      r.error((*node)[i], item("models", i), "duplicate model name '" + m.name + "'");
    }
    s.models.push_back(std::move(m));
  }
}

void parse_deployments(ParseEnv& env, const YAML::Node& root, Scenario& s) {
  Reader& r = env.reader;
  if (const auto node = r.get(root, "", "deployments", false); node) {
    if (r.check_list(*node, "deployments")) {
      for (size_t i = 0; i < node->size(); ++i) {
        if (auto d = parse_deployment(env, (*node)[i], item("deployments", i), s)) {
          s.deployments.push_back(std::move(*d));
        }
      }
    }
  }
  std::stable_sort(s.deployments.begin(), s.deployments.end(),
                   [](const DeploymentSpec& a, const DeploymentSpec& b) { return a.at < b.at; });
  const auto models = r.get(root, "", "models", false);
  for (uint32_t m = 0; models && m < s.models.size() && m < models->size(); ++m) {
    const YAML::Node at = (*models)[m];
    if (at.IsMap() && at["file"]) check_fit(env, at["file"], item("models", m) + ".file", s, m);
  }
}

}  // namespace internal

std::optional<uint32_t> Scenario::user_model(std::string_view model_id) const {
  if (!model_id.starts_with(kUserModelPrefix)) return std::nullopt;
  const std::string_view wanted = model_id.substr(kUserModelPrefix.size());
  for (uint32_t i = 0; i < models.size(); ++i) {
    if (models[i].name == wanted) return i;
  }
  return std::nullopt;
}

}  // namespace lagrange::scenario
