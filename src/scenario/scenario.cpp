#include "scenario/scenario.hpp"

#include "schedule/policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sstream>

#include "core/text.hpp"
#include "scenario/internal/sections.hpp"
#include "scenario/internal/yaml_text.hpp"
#include "schedule/policy.hpp"

namespace lagrange::scenario {
namespace {

using internal::child;
using internal::item;
using internal::ParseEnv;
using internal::Reader;

constexpr std::array<std::string_view, 19> kTopKeys = {"name",           "description",
                                                       "start",          "end",
                                                       "step_s",         "seed",
                                                       "constellation",  "satellite_classes",
                                                       "assignment",     "ground_stations",
                                                       "ground_network", "isl",
                                                       "tenants",        "policies",
                                                       "outputs",        "faults",
                                                       "fault_rates",    "models",
                                                       "deployments"};
constexpr std::array<std::string_view, 3> kIslKeys = {"policy", "cross_plane_max_abs_latitude_deg",
                                                      "nearest_candidates"};
constexpr std::array<std::string_view, 3> kOutputKeys = {"directory", "files", "sample_interval_s"};
constexpr size_t kMaxReportedErrors = 25;
constexpr size_t kMaxNameLength = 64;

// The name becomes a directory (lagrange-out/<name>), so it may not climb out of it.
void parse_name(Reader& r, const YAML::Node& root, Scenario& s) {
  s.name = r.text(root, "", "name", true).value_or("");
  if (s.name.empty()) return;
  const bool safe_chars = std::all_of(s.name.begin(), s.name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
  if (!safe_chars || s.name.front() == '.' || s.name.size() > kMaxNameLength) {
    r.error(root["name"], "name",
            fmt::format("'{}' is not a safe name: use up to {} letters, digits, '-', '_' and '.', "
                        "not starting with '.' (it names the output directory "
                        "lagrange-out/<name>)",
                        s.name, kMaxNameLength));
    s.name.clear();
  }
}

void check_in_range(Reader& r, const YAML::Node& root, std::string_view key, Instant t) {
  if (Status st = check_supported(t, key); !st)
    r.error(root[std::string(key)], "", st.error().message);
}

void parse_window(ParseEnv& env, const YAML::Node& root, Scenario& s) {
  Reader& r = env.reader;
  const auto start = r.instant(root, "", "start", true);
  const auto end = r.instant(root, "", "end", true);
  if (start && end && *end <= *start) {
    r.error(root["end"], "end",
            fmt::format("{} is not after start {}", format_iso8601(*end), format_iso8601(*start)));
  }
  if (start) check_in_range(r, root, "start", *start);
  if (end) check_in_range(r, root, "end", *end);
  env.window_valid = start && end && *end > *start && is_supported(*start) && is_supported(*end);
  s.start = start.value_or(Instant{});
  s.end = end && *end > s.start ? *end : s.start + Duration::days(1);
  s.step = r.seconds(root, "", "step_s", false, 1.0).value_or(s.step);
  if (s.step > Duration::seconds(3600)) {
    r.error(root["step_s"], "step_s", "must be at most 3600 s (the ephemeris grid)");
  }
  const auto seed = r.integer(root, "", "seed", false, 0, INT64_MAX);
  s.seed = static_cast<uint64_t>(seed.value_or(0));
}

void parse_isl(Reader& r, const YAML::Node& root, Scenario& s) {
  const auto node = r.get(root, "", "isl", false);
  if (!node || !r.check_map(*node, "isl", kIslKeys)) return;
  if (auto text = r.text(*node, "isl", "policy", false)) {
    auto policy = access::parse_isl_policy(*text);
    if (policy) {
      s.isl.policy = *policy;
    } else {
      r.error((*node)["policy"], "isl.policy", policy.error().message);
    }
  }
  s.isl.cross_plane_max_abs_latitude_deg =
      r.number(*node, "isl", "cross_plane_max_abs_latitude_deg", false, 0.0, 90.0)
          .value_or(s.isl.cross_plane_max_abs_latitude_deg);
  s.isl.nearest_candidates =
      static_cast<int>(r.integer(*node, "isl", "nearest_candidates", false, 0, 1000).value_or(0));
}

void parse_policies(Reader& r, const YAML::Node& root, Scenario& s) {
  const auto names = r.text_list(root, "", "policies", false);
  const std::vector<std::string_view> known = schedule::policy_names();
  if (!names) {
    s.policies.assign(known.begin(), known.end());
    return;
  }
  const YAML::Node node = root["policies"];
  for (size_t i = 0; i < names->size(); ++i) {
    const std::string& name = (*names)[i];
    const YAML::Node at = node.IsSequence() ? node[i] : node;
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string what = "unknown policy '" + name + "'; expected ";
      for (size_t k = 0; k < known.size(); ++k) {
        what += std::string(k == 0                  ? ""
                            : k + 1 == known.size() ? " or "
                                                    : ", ") +
                std::string(known[k]);
      }
      if (auto guess = internal::closest(name, known); !guess.empty()) {
        what += " (did you mean '" + guess + "'?)";
      }
      r.error(at, item("policies", i), what);
      continue;
    }
    if (std::find(s.policies.begin(), s.policies.end(), name) != s.policies.end()) {
      r.error(at, item("policies", i), "policy '" + name + "' is listed twice");
      continue;
    }
    s.policies.push_back(name);
  }
  if (names->empty()) r.error(node, "policies", "needs at least one policy");
}

void parse_outputs(Reader& r, const YAML::Node& root, Scenario& s) {
  s.outputs.directory = "lagrange-out/" + (s.name.empty() ? "scenario" : s.name);
  s.outputs.files.assign(std::begin(kOutputFiles), std::end(kOutputFiles));
  const auto node = r.get(root, "", "outputs", false);
  if (!node || !r.check_map(*node, "outputs", kOutputKeys)) return;
  if (auto dir = r.text(*node, "outputs", "directory", false)) s.outputs.directory = *dir;
  s.outputs.sample_interval = r.seconds(*node, "outputs", "sample_interval_s", false, 1.0)
                                  .value_or(s.outputs.sample_interval);
  const auto files = r.text_list(*node, "outputs", "files", false);
  if (!files) return;
  const YAML::Node list = (*node)["files"];
  std::vector<std::string> chosen;
  for (size_t i = 0; i < files->size(); ++i) {
    const std::string& f = (*files)[i];
    if (std::find(std::begin(kOutputFiles), std::end(kOutputFiles), f) == std::end(kOutputFiles)) {
      std::string what = "unknown output '" + f +
                         "'; expected summary.json, jobs.csv, "
                         "satellites.csv, report.html or scenario.czml";
      if (auto guess = internal::closest(f, kOutputFiles); !guess.empty()) {
        what += " (did you mean '" + guess + "'?)";
      }
      r.error(list.IsSequence() ? list[i] : list, item("outputs.files", i), what);
    }
  }
  // Canonical order, so the same set of files gives the same scenario.
  s.outputs.files.clear();
  for (std::string_view f : kOutputFiles) {
    if (std::find(files->begin(), files->end(), f) != files->end()) {
      s.outputs.files.emplace_back(f);
    }
  }
}

void parse_document(ParseEnv& env, const YAML::Node& root, Scenario& s) {
  Reader& r = env.reader;
  if (!r.check_map(root, "", kTopKeys)) return;
  internal::report_duplicate_keys(r, root);
  parse_name(r, root, s);
  s.description = r.text(root, "", "description", false).value_or("");
  parse_window(env, root, s);
  if (auto c = r.get(root, "", "constellation", true)) internal::parse_constellation(env, *c, s);
  if (auto c = r.get(root, "", "satellite_classes", true)) internal::parse_classes(env, *c, s);
  if (!s.classes.empty()) internal::parse_assignment(env, root, s);
  if (auto g = r.get(root, "", "ground_stations", true)) internal::parse_stations(env, *g, s);
  internal::parse_ground_network(env, root, s);
  parse_isl(r, root, s);
  internal::parse_models(env, root, s);
  if (auto t = r.get(root, "", "tenants", false)) internal::parse_tenants(env, *t, s);
  s.work.start = s.start;
  s.work.end = s.end;
  internal::parse_deployments(env, root, s);
  parse_policies(r, root, s);
  parse_outputs(r, root, s);
  internal::parse_fault_rates(env, root, s);
  if (!s.satellites.empty()) internal::parse_faults(env, root, s);
}

Error joined(const std::vector<std::string>& errors) {
  std::string message;
  for (size_t i = 0; i < errors.size() && i < kMaxReportedErrors; ++i) {
    message += (i ? "\n" : "") + errors[i];
  }
  if (errors.size() > kMaxReportedErrors) {
    message += fmt::format("\n... and {} more errors", errors.size() - kMaxReportedErrors);
  }
  return Error{message};
}

}  // namespace

namespace internal {

std::filesystem::path resolve_path(const ParseEnv& env, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return p;
  if (!env.base_dir.empty() && std::filesystem::exists(env.base_dir / p)) return env.base_dir / p;
  return env.context.data_dir / p;
}

std::string looked_in(const ParseEnv& env) {
  if (env.base_dir.empty()) return "in the data directory " + env.context.data_dir.string();
  return fmt::format("in {} (next to the scenario) and in the data directory {}",
                     env.base_dir.string(), env.context.data_dir.string());
}

}  // namespace internal

Result<Scenario> parse_scenario(std::string_view yaml_text, const std::string& source_name,
                                const std::filesystem::path& base_dir, const LoadContext& context) {
  assert(context.catalog != nullptr);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::DeepRecursion& e) {
    const std::string at =
        e.mark.is_null() || (e.mark.line == 0 && e.mark.column == 0)
            ? internal::where_too_deep(yaml_text).value_or("")
            : fmt::format("line {}, column {}", e.mark.line + 1, e.mark.column + 1);
    return Error{fmt::format("{}: not valid YAML: nested more than {} levels deep{}{}", source_name,
                             internal::kMaxYamlDepth, at.empty() ? "" : " at ", at)};
  } catch (const YAML::Exception& e) {
    const std::string hint = internal::quote_hint(yaml_text, e.mark.line);
    return Error{fmt::format("{}:{}:{}: not valid YAML: {}{}", source_name, e.mark.line + 1,
                             e.mark.column + 1, e.msg, hint.empty() ? "" : " (" + hint + ")")};
  }
  if (auto quote = internal::unclosed_quote(yaml_text)) {
    return Error{fmt::format("{}: not valid YAML: {} (the rest of the file would be one value)",
                             source_name, *quote)};
  }
  Reader reader(source_name);
  ParseEnv env{reader, context, base_dir, false, {}};
  Scenario s;
  parse_document(env, root, s);
  if (reader.failed()) return joined(reader.errors());
  return s;
}

Result<Scenario> load_scenario(const std::filesystem::path& path, const LoadContext& context) {
  auto text = read_text_file(path.string());
  if (!text) return text.error();
  // A bare file name ("my.yaml") has an empty parent: its neighbours are in ".".
  const std::filesystem::path base = path.has_parent_path() ? path.parent_path() : ".";
  auto s = parse_scenario(*text, path.string(), base, context);
  if (!s) return s;
  s->source_file = path;
  return s;
}

std::vector<std::filesystem::path> builtin_scenario_files(const std::filesystem::path& data_dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir / "scenarios", ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::filesystem::path> resolve_scenario(std::string_view name_or_path,
                                               const std::filesystem::path& data_dir) {
  const std::filesystem::path as_path(name_or_path);
  std::error_code ec;
  if (std::filesystem::is_directory(as_path, ec)) {
    return Error{fmt::format("'{}' is a directory, not a scenario file", name_or_path)};
  }
  if (std::filesystem::exists(as_path, ec)) return as_path;  // files, pipes, devices
  std::string known;
  for (const auto& file : builtin_scenario_files(data_dir)) {
    if (file.stem() == as_path) return file;
    known += (known.empty() ? "" : ", ") + file.stem().string();
  }
  return Error{fmt::format("'{}' is neither a file nor a built-in scenario (built-ins: {})",
                           name_or_path,
                           known.empty() ? "none found in " + data_dir.string() : known)};
}

std::string summarize(const Scenario& s) {
  std::map<uint32_t, size_t> per_class;
  for (const auto& sat : s.satellites) ++per_class[sat.class_index];
  std::string classes;
  for (const auto& [index, count] : per_class) {
    const SatelliteClass& c = s.classes[index];
    classes += fmt::format("{}{} x {} ({}, {:.0f} TOPS INT8, {:.0f} GB)",
                           classes.empty() ? "" : ", ", count, c.name, c.accelerator.spec.id,
                           c.accelerator.spec.int8_sparse_tops, c.storage_bytes / 1e9);
  }
  size_t workloads = 0;
  size_t systematic = 0;
  for (const auto& t : s.work.tenants) {
    workloads += t.workloads.size();
    systematic += t.systematic_imaging.size();
  }
  std::string policies;
  for (const std::string& p : s.policies) policies += (policies.empty() ? "" : ", ") + p;
  return fmt::format(
      "Scenario '{}': {} to {} ({:.1f} h, step {:g} s, seed {}). {} satellites ({}) from {}. "
      "{} ground stations. {} tenants with {} workloads and {} systematic-imaging "
      "campaign(s). "
      "Policies: {}. Outputs to {}.",
      s.name, format_iso8601(s.start), format_iso8601(s.end),
      (s.end - s.start).to_seconds() / 3600.0, s.step.to_seconds(), s.seed, s.satellites.size(),
      classes,
      s.constellation.source == ConstellationSpec::Source::kWalker
          ? std::string("Walker shells")
          : s.constellation.elements_path.filename().string(),
      s.stations.size(), s.work.tenants.size(), workloads, systematic, policies,
      s.outputs.directory.string());
}

}  // namespace lagrange::scenario
