// The satellites of a scenario: the constellation, the satellite classes and which satellite
// has which class.
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <map>

#include "orbit/omm.hpp"
#include "orbit/sgp4.hpp"
#include "orbit/tle.hpp"
#include "scenario/internal/sections.hpp"

namespace lagrange::scenario::internal {
namespace {

constexpr std::array<std::string_view, 4> kConstellationKeys = {"elements", "walker",
                                                                "first_norad_id", "skip_invalid"};
// Decay is looked for on this grid over the window (and at its end); SGP4 errors persist
// once an orbit has decayed, so a coarse grid finds every set that fails before the end.
constexpr Duration kDecayCheckStep = Duration::minutes(10);
// Upper bounds on a class's figures: far beyond any spacecraft (the ISS's arrays give ~120 kW),
// low enough that sums of energies, bytes and times over a run stay finite and exact enough;
// a value past them is a typo or a probe, and is refused with the range (docs/LIMITS.md).
constexpr double kMaxPowerW = 1e6;
constexpr double kMaxBatteryWh = 1e7;
constexpr double kMaxStorageGb = 1e9;    // an exabyte
constexpr double kMaxComputeTops = 1e6;  // TOPS or TFLOPS
constexpr double kMaxMemoryGib = 1e6;    // GiB, and GB/s of bandwidth
constexpr double kMaxRangeKm = 1e5;      // beyond the Moon's distance / 4
constexpr double kMaxLaserRateGbps = 1e4;
constexpr double kMaxDownlinkRateMbps = 1e6;
constexpr double kMaxBytesPerKm2 = 1e12;
constexpr double kMaxBytesPerScene = 1e15;
constexpr double kMaxSceneLengthKm = 1e4;
constexpr std::array<std::string_view, 6> kShellKeys = {
    "pattern", "inclination_deg", "total", "planes", "phasing", "altitude_km"};
constexpr std::array<std::string_view, 8> kClassKeys = {
    "name", "accelerator", "storage_gb", "power", "lasers", "radio", "imager", "description"};
constexpr std::array<std::string_view, 9> kAcceleratorKeys = {"id",
                                                              "int8_sparse_tops",
                                                              "int8_dense_tops",
                                                              "fp16_sparse_tflops",
                                                              "fp16_dense_tflops",
                                                              "memory_gib",
                                                              "memory_bandwidth_gb_s",
                                                              "idle_w",
                                                              "busy_w"};
constexpr std::array<std::string_view, 6> kPowerKeys = {
    "solar_array_w",           "battery_wh",        "min_state_of_charge",
    "initial_state_of_charge", "charge_efficiency", "bus_w"};
constexpr std::array<std::string_view, 6> kLaserKeys = {
    "count", "range_km", "rate_gbps", "acquisition_s", "derate_reference_range_km", "power_w"};
constexpr std::array<std::string_view, 2> kRadioKeys = {"downlink_rate_mbps", "transmit_w"};
constexpr std::array<std::string_view, 5> kImagerKeys = {
    "swath_km", "bytes_per_km2", "bytes_per_scene", "scene_length_km", "min_sun_elevation_deg"};
constexpr std::array<std::string_view, 2> kAssignmentKeys = {"default_class", "by_norad"};

// Assumed when a class does not say (docs/scenario.md): idle draw a tenth of the busiest
// catalogue power mode; platform bus 20 W; 20 W per laser terminal in use.
constexpr double kIdleFractionOfBusy = 0.1;
constexpr double kDefaultBusW = 20.0;
constexpr double kDefaultLaserTerminalW = 20.0;

bool is_tle_path(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".tle" || ext == ".3le" || ext == ".2le";
}

// The first instant of the window where SGP4 cannot propagate the set, with the reason.
std::optional<std::string> first_failure(const orbit::ElementSet& set, Instant start, Instant end) {
  auto sat = orbit::Satellite::create(set);
  if (!sat) return sat.error().message;
  orbit::TemeState state;
  for (Instant t = start;; t = std::min(t + kDecayCheckStep, end)) {
    if (const orbit::Sgp4Error e = sat->propagate(t, state); e != orbit::Sgp4Error::kNone) {
      return fmt::format("SGP4 fails from {} ({})", format_iso8601(t), orbit::describe(e));
    }
    if (t == end) return std::nullopt;
  }
}

// Sets SGP4 cannot follow over the whole window (decayed, bad elements) are errors, or with
// `skip_invalid: true` are left out with a warning, as `propagate --skip-invalid` does.
void drop_or_report_invalid(ParseEnv& env, const YAML::Node& node, const std::string& path,
                            bool skip, std::vector<orbit::ElementSet>& sets, Scenario& s) {
  std::vector<orbit::ElementSet> kept;
  for (auto& set : sets) {
    const auto failure = first_failure(set, s.start, s.end);
    if (!failure) {
      kept.push_back(std::move(set));
    } else if (skip) {
      env.skipped_norad_ids.insert(set.norad_id);
      s.warnings.push_back(fmt::format("{}: {}: skipped {}: {}", env.reader.where(node), path,
                                       orbit::describe(set), *failure));
    } else {
      env.reader.error(node, path,
                       fmt::format("{}: {} in the window; remove it or set "
                                   "constellation.skip_invalid: true to leave such sets out",
                                   orbit::describe(set), *failure));
    }
  }
  sets = std::move(kept);
}

void load_elements(ParseEnv& env, const YAML::Node& node, const std::string& path, bool skip,
                   Scenario& s) {
  Reader& r = env.reader;
  if (!node.IsScalar()) {
    r.error(node, path, "expected the path of a TLE or OMM file");
    return;
  }
  const std::filesystem::path file = resolve_path(env, node.Scalar());
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    r.error(node, path, fmt::format("'{}' is a directory, not an element file", file.string()));
    return;
  }
  if (!std::filesystem::exists(file, ec)) {
    r.error(node, path,
            fmt::format("file '{}' not found (looked {})", node.Scalar(), looked_in(env)));
    return;
  }
  const orbit::ParseOptions parse{.skip_invalid = skip};
  auto parsed = is_tle_path(file) ? orbit::load_tle_file(file.string(), parse)
                                  : orbit::load_omm_file(file.string(), parse);
  if (!parsed) {
    r.error(node, path, parsed.error().message);
    return;
  }
  for (const auto& skipped : parsed->skipped) {
    s.warnings.push_back(fmt::format("{}: {}: skipped: {}", r.where(node), path, skipped));
  }
  if (env.window_valid) drop_or_report_invalid(env, node, path, skip, parsed->sets, s);
  if (parsed->sets.empty()) {
    r.error(node, path,
            fmt::format("'{}' holds no element sets{}", file.string(),
                        skip ? " that SGP4 can follow over the window" : ""));
    return;
  }
  s.constellation.source = ConstellationSpec::Source::kElementFile;
  s.constellation.elements_path = file;
  for (auto& set : parsed->sets) s.satellites.push_back({std::move(set), 0, std::nullopt});
}

std::optional<orbit::WalkerShell> parse_shell(Reader& r, const YAML::Node& node,
                                              const std::string& path) {
  if (!r.check_map(node, path, kShellKeys)) return std::nullopt;
  orbit::WalkerShell shell;
  const auto pattern = r.text(node, path, "pattern", false);
  if (pattern && *pattern == "star") {
    shell.pattern = orbit::WalkerPattern::kStar;
  } else if (pattern && *pattern != "delta") {
    r.error(node["pattern"], child(path, "pattern"),
            "expected 'delta' or 'star', got '" + *pattern + "'");
  }
  const auto inc = r.number(node, path, "inclination_deg", true, 0.0, 180.0);
  const auto total = r.integer(node, path, "total", true, 1, 100000);
  const auto planes = r.integer(node, path, "planes", true, 1, 10000);
  const auto phasing = r.integer(node, path, "phasing", false, 0, 10000);
  const auto alt = r.number(node, path, "altitude_km", true, 150.0, 40000.0);
  if (!inc || !total || !planes || !alt) return std::nullopt;
  shell.inclination_deg = *inc;
  shell.total = static_cast<int>(*total);
  shell.planes = static_cast<int>(*planes);
  shell.phasing = static_cast<int>(phasing.value_or(0));
  shell.altitude_km = *alt;
  if (shell.total % shell.planes != 0) {
    r.error(node, path,
            fmt::format("total {} is not divisible by planes {}", shell.total, shell.planes));
    return std::nullopt;
  }
  if (shell.phasing >= shell.planes) {
    r.error(node["phasing"], child(path, "phasing"),
            fmt::format("must be < planes ({}), got {}", shell.planes, shell.phasing));
    return std::nullopt;
  }
  return shell;
}

void load_walker(ParseEnv& env, const YAML::Node& node, const YAML::Node& parent,
                 const std::string& path, Scenario& s) {
  Reader& r = env.reader;
  std::vector<orbit::WalkerShell> shells;
  if (node.IsScalar()) {
    auto parsed = orbit::parse_walker_spec(node.Scalar());
    if (!parsed) {
      r.error(node, path, parsed.error().message);
      return;
    }
    shells = std::move(*parsed);
  } else if (r.check_list(node, path)) {
    for (size_t i = 0; i < node.size(); ++i) {
      auto shell = parse_shell(r, node[i], item(path, i));
      if (shell) shells.push_back(*shell);
    }
  }
  if (node.IsSequence() && node.size() == 0) {
    r.error(node, path, "needs at least one shell");
    return;
  }
  if (shells.empty()) return;
  int64_t total = 0;
  for (const auto& shell : shells) total += shell.total;
  if (total > orbit::kMaxWalkerSatellites) {
    r.error(node, path,
            fmt::format("{} satellites is more than the {} a constellation may have "
                        "(docs/LIMITS.md)",
                        total, orbit::kMaxWalkerSatellites));
    return;
  }
  const auto first = r.integer(parent, "constellation", "first_norad_id", false, 1, 339999999);
  const auto first_id = static_cast<uint32_t>(first.value_or(orbit::kFirstSyntheticNoradId));
  s.constellation.source = ConstellationSpec::Source::kWalker;
  s.constellation.walker_shells = shells;
  for (auto& w : orbit::generate_walker(shells, s.start, first_id)) {
    const auto& shell = shells[static_cast<size_t>(w.shell)];
    const double u = std::fmod(w.elements.arg_perigee_deg + w.elements.mean_anomaly_deg, 360.0);
    access::GridSlot slot{w.shell, w.plane, u, shell.pattern == orbit::WalkerPattern::kStar};
    s.satellites.push_back({std::move(w.elements), 0, slot});
  }
}

void parse_accelerator(ParseEnv& env, const YAML::Node& node, const std::string& path,
                       SatelliteClass& c) {
  Reader& r = env.reader;
  if (!r.check_map(node, path, kAcceleratorKeys)) return;
  const auto id = r.text(node, path, "id", true);
  if (!id) return;
  auto spec = env.context.catalog->accelerator(*id);
  if (!spec) {
    r.error(node["id"], child(path, "id"), spec.error().message);
    return;
  }
  compute::AcceleratorSpec& a = c.accelerator.spec;
  a = *spec;
  // Overriding the INT8 peak scales every throughput figure not given (the same chip with
  // fewer or more units), keeping the catalogue's sparse/dense and INT8/FP16 ratios.
  const auto int8_sparse = r.number(node, path, "int8_sparse_tops", false, 1e-6, kMaxComputeTops);
  const double scale =
      int8_sparse && a.int8_sparse_tops > 0 ? *int8_sparse / a.int8_sparse_tops : 1.0;
  a.int8_sparse_tops *= scale;
  a.int8_dense_tops = r.number(node, path, "int8_dense_tops", false, 1e-6, kMaxComputeTops)
                          .value_or(a.int8_dense_tops * scale);
  a.fp16_sparse_tflops = r.number(node, path, "fp16_sparse_tflops", false, 1e-6, kMaxComputeTops)
                             .value_or(a.fp16_sparse_tflops * scale);
  a.fp16_dense_tflops = r.number(node, path, "fp16_dense_tflops", false, 1e-6, kMaxComputeTops)
                            .value_or(a.fp16_dense_tflops * scale);
  a.memory_gib =
      r.number(node, path, "memory_gib", false, 1e-3, kMaxMemoryGib).value_or(a.memory_gib);
  a.memory_bandwidth_gb_s =
      r.number(node, path, "memory_bandwidth_gb_s", false, 1e-3, kMaxMemoryGib)
          .value_or(a.memory_bandwidth_gb_s);
  double max_mode_w = 0.0;
  for (const auto& mode : a.power_modes) max_mode_w = std::max(max_mode_w, mode.watts);
  c.accelerator.busy_w =
      r.number(node, path, "busy_w", false, 0.0, kMaxPowerW).value_or(max_mode_w);
  c.accelerator.idle_w = r.number(node, path, "idle_w", false, 0.0, kMaxPowerW)
                             .value_or(kIdleFractionOfBusy * c.accelerator.busy_w);
  if (c.accelerator.idle_w > c.accelerator.busy_w) {
    r.error(
        node, path,
        fmt::format("idle_w ({}) exceeds busy_w ({})", c.accelerator.idle_w, c.accelerator.busy_w));
  }
}

void parse_power(Reader& r, const YAML::Node& node, const std::string& path, SatelliteClass& c) {
  if (!r.check_map(node, path, kPowerKeys)) return;
  power::PowerSpec& p = c.power;
  p.solar_array_w = r.number(node, path, "solar_array_w", true, 0.0, kMaxPowerW).value_or(0.0);
  p.battery_capacity_wh =
      r.number(node, path, "battery_wh", true, 1e-3, kMaxBatteryWh).value_or(1.0);
  p.min_state_of_charge =
      r.number(node, path, "min_state_of_charge", false, 0.0, 1.0).value_or(p.min_state_of_charge);
  p.initial_state_of_charge = r.number(node, path, "initial_state_of_charge", false, 0.0, 1.0)
                                  .value_or(p.initial_state_of_charge);
  p.charge_efficiency =
      r.number(node, path, "charge_efficiency", false, 1e-3, 1.0).value_or(p.charge_efficiency);
  c.bus_w = r.number(node, path, "bus_w", false, 0.0, kMaxPowerW).value_or(kDefaultBusW);
  if (p.initial_state_of_charge < p.min_state_of_charge) {
    r.error(node, path,
            fmt::format("initial_state_of_charge ({}) is below min_state_of_charge ({})",
                        p.initial_state_of_charge, p.min_state_of_charge));
  }
}

void parse_lasers(Reader& r, const YAML::Node* node, const std::string& path, SatelliteClass& c) {
  c.laser_terminal_w = kDefaultLaserTerminalW;
  if (node == nullptr) {
    c.lasers.count = 0;  // no `lasers:` section: no terminals
    return;
  }
  if (!r.check_map(*node, path, kLaserKeys)) return;
  access::TerminalType& t = c.lasers;
  t.count = static_cast<int>(r.integer(*node, path, "count", false, 0, 16).value_or(t.count));
  t.max_range_km =
      r.number(*node, path, "range_km", false, 1.0, kMaxRangeKm).value_or(t.max_range_km);
  t.rate_bps = r.number(*node, path, "rate_gbps", false, 1e-6, kMaxLaserRateGbps)
                   .value_or(t.rate_bps / 1e9) *
               1e9;
  t.acquisition = r.seconds(*node, path, "acquisition_s", false).value_or(t.acquisition);
  t.derate_reference_range_km =
      r.number(*node, path, "derate_reference_range_km", false, 0.0, kMaxRangeKm).value_or(0.0);
  c.laser_terminal_w =
      r.number(*node, path, "power_w", false, 0.0, kMaxPowerW).value_or(kDefaultLaserTerminalW);
  if (Status st = access::validate_terminal(t); !st) r.error(*node, path, st.error().message);
}

void parse_imager(Reader& r, const YAML::Node& node, const std::string& path, SatelliteClass& c) {
  if (!r.check_map(node, path, kImagerKeys)) return;
  ImagerConfig im;
  im.swath_km = r.number(node, path, "swath_km", true, 1e-3, 5000.0).value_or(1.0);
  im.min_sun_elevation_deg = r.number(node, path, "min_sun_elevation_deg", false, -90.0, 90.0)
                                 .value_or(im.min_sun_elevation_deg);
  const auto per_km2 = r.number(node, path, "bytes_per_km2", false, 0.0, kMaxBytesPerKm2);
  const auto per_scene = r.number(node, path, "bytes_per_scene", false, 0.0, kMaxBytesPerScene);
  const auto scene_len = r.number(node, path, "scene_length_km", false, 1e-3, kMaxSceneLengthKm);
  if (per_km2.has_value() == per_scene.has_value()) {
    r.error(node, path, "give exactly one of 'bytes_per_km2' or 'bytes_per_scene'");
  } else if (per_km2) {
    im.bytes_per_km2 = *per_km2;
  } else {
    // A scene is swath x scene_length_km (square by default).
    im.bytes_per_km2 = *per_scene / (im.swath_km * scene_len.value_or(im.swath_km));
  }
  c.imager = im;
}

SatelliteClass parse_class(ParseEnv& env, const YAML::Node& node, const std::string& path) {
  Reader& r = env.reader;
  SatelliteClass c;
  if (!r.check_map(node, path, kClassKeys)) return c;
  c.name = r.text(node, path, "name", true).value_or("");
  if (auto acc = r.get(node, path, "accelerator", true)) {
    parse_accelerator(env, *acc, child(path, "accelerator"), c);
  }
  c.storage_bytes =
      r.number(node, path, "storage_gb", true, 0.0, kMaxStorageGb).value_or(0.0) * 1e9;
  if (auto pw = r.get(node, path, "power", true)) parse_power(r, *pw, child(path, "power"), c);
  const auto lasers = r.get(node, path, "lasers", false);
  parse_lasers(r, lasers ? &*lasers : nullptr, child(path, "lasers"), c);
  if (auto radio = r.get(node, path, "radio", false)) {
    const std::string p = child(path, "radio");
    if (r.check_map(*radio, p, kRadioKeys)) {
      c.radio.downlink_rate_bps =
          r.number(*radio, p, "downlink_rate_mbps", false, 1e-6, kMaxDownlinkRateMbps)
              .value_or(300.0) *
          1e6;
      c.radio.transmit_w =
          r.number(*radio, p, "transmit_w", false, 0.0, kMaxPowerW).value_or(c.radio.transmit_w);
    }
  }
  if (auto imager = r.get(node, path, "imager", false)) {
    parse_imager(r, *imager, child(path, "imager"), c);
  }
  return c;
}

}  // namespace

void parse_constellation(ParseEnv& env, const YAML::Node& node, Scenario& s) {
  Reader& r = env.reader;
  const std::string path = "constellation";
  if (!r.check_map(node, path, kConstellationKeys)) return;
  const auto elements = r.get(node, path, "elements", false);
  const auto walker = r.get(node, path, "walker", false);
  if (elements.has_value() == walker.has_value()) {
    r.error(node, path, "give exactly one of 'elements' (a TLE/OMM file) or 'walker' (shells)");
    return;
  }
  bool skip = false;
  if (auto flag = r.get(node, path, "skip_invalid", false);
      flag && !(flag->IsScalar() && YAML::convert<bool>::decode(*flag, skip))) {
    r.error(*flag, child(path, "skip_invalid"), "expected true or false");
  }
  if (elements) {
    load_elements(env, *elements, child(path, "elements"), skip, s);
  } else {
    load_walker(env, *walker, node, child(path, "walker"), s);
  }
}

void parse_classes(ParseEnv& env, const YAML::Node& node, Scenario& s) {
  Reader& r = env.reader;
  const std::string path = "satellite_classes";
  if (!r.check_list(node, path)) return;
  if (node.size() == 0) r.error(node, path, "needs at least one class");
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < node.size(); ++i) {
    SatelliteClass c = parse_class(env, node[i], item(path, i));
    if (!c.name.empty() && !seen.emplace(c.name, i).second) {
      r.error(node[i], item(path, i), "duplicate class name '" + c.name + "'");
    }
    s.classes.push_back(std::move(c));
  }
}

void parse_assignment(ParseEnv& env, const YAML::Node& root, Scenario& s) {
  Reader& r = env.reader;
  const std::string path = "assignment";
  const auto present = r.get(root, "", "assignment", false);
  const YAML::Node* node = present ? &*present : nullptr;
  std::vector<std::string_view> names;
  for (const auto& c : s.classes) names.push_back(c.name);
  auto class_index = [&](const YAML::Node& at, const std::string& p,
                         const std::string& name) -> std::optional<uint32_t> {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return static_cast<uint32_t>(i);
    }
    std::string what = "unknown satellite class '" + name + "'";
    if (auto guess = closest(name, names); !guess.empty())
      what += " (did you mean '" + guess + "'?)";
    r.error(at, p, what);
    return std::nullopt;
  };
  if (node == nullptr) {
    if (s.classes.size() > 1) {
      r.error(root, path,
              "missing: with several satellite classes, say which satellites have which "
              "(assignment.default_class)");
    }
    return;  // every satellite has class 0
  }
  if (!r.check_map(*node, path, kAssignmentKeys)) return;
  uint32_t default_class = 0;
  if (auto name = r.text(*node, path, "default_class", s.classes.size() > 1)) {
    default_class =
        class_index((*node)["default_class"], child(path, "default_class"), *name).value_or(0);
  }
  for (auto& sat : s.satellites) sat.class_index = default_class;
  const auto by_norad = r.get(*node, path, "by_norad", false);
  if (!by_norad) return;
  const std::string p = child(path, "by_norad");
  if (!by_norad->IsMap()) {
    r.error(*by_norad, p, "expected a mapping of NORAD id: class name");
    return;
  }
  for (const auto& kv : *by_norad) {
    uint32_t norad = 0;
    if (!YAML::convert<uint32_t>::decode(kv.first, norad)) {
      r.error(kv.first, p, "expected a NORAD catalogue number, got '" + kv.first.Scalar() + "'");
      continue;
    }
    const std::string entry = p + "." + kv.first.Scalar();
    if (!kv.second.IsScalar()) {
      r.error(kv.second, entry, "expected a class name");
      continue;
    }
    const auto cls = class_index(kv.second, entry, kv.second.Scalar());
    if (!cls) continue;
    bool found = false;
    for (auto& sat : s.satellites) {
      if (sat.elements.norad_id == norad) {
        sat.class_index = *cls;
        found = true;
      }
    }
    if (!found && !env.skipped_norad_ids.contains(norad)) {
      r.error(kv.first, entry,
              fmt::format("no satellite with NORAD id {} in the constellation", norad));
    }
  }
}

}  // namespace lagrange::scenario::internal
