// The `faults` and `fault_rates` sections (scenario/faults.hpp), and single faults given at
// run time in the same syntax.
#include "scenario/faults.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "scenario/internal/sections.hpp"

namespace lagrange::scenario {
namespace internal {
namespace {

constexpr std::array<std::string_view, 9> kFaultKeys = {
    "kind", "satellite", "between", "station", "at", "duration_s", "from", "to", "keep_store"};
constexpr std::array<std::string_view, 5> kRateKeys = {
    "satellite_reboot_per_day", "reboot_duration_s", "seu_per_accelerator_hour",
    "link_outage_per_link_day", "link_outage_duration_s"};
constexpr double kMaxRate = 1e4;  // per day or hour: anything more is a typo

bool all_digits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A satellite named as in the element file, or by NORAD id.
std::optional<uint32_t> satellite_ref(Reader& r, const YAML::Node& node, const std::string& path,
                                      const Scenario& s) {
  if (!node.IsScalar()) {
    r.error(node, path, "expected a satellite name or NORAD id");
    return std::nullopt;
  }
  const std::string ref = node.Scalar();
  std::vector<std::string_view> names;
  for (uint32_t i = 0; i < s.satellites.size(); ++i) {
    const orbit::ElementSet& e = s.satellites[i].elements;
    if (e.name == ref || (all_digits(ref) && std::to_string(e.norad_id) == ref)) return i;
    if (!e.name.empty()) names.push_back(e.name);
  }
  std::string what = "no satellite '" + ref +
                     "' in this scenario (name as in the element file, "
                     "or NORAD id)";
  if (auto guess = closest(ref, names); !guess.empty()) what += " (did you mean '" + guess + "'?)";
  r.error(node, path, what);
  return std::nullopt;
}

std::optional<uint32_t> station_ref(Reader& r, const YAML::Node& node, const std::string& path,
                                    const Scenario& s) {
  const std::string ref = node.IsScalar() ? node.Scalar() : "";
  std::vector<std::string_view> names;
  for (uint32_t i = 0; i < s.stations.size(); ++i) {
    if (s.stations[i].name == ref) return i;
    names.push_back(s.stations[i].name);
  }
  std::string what = "no ground station '" + ref + "' in this scenario";
  if (auto guess = closest(ref, names); !guess.empty()) what += " (did you mean '" + guess + "'?)";
  r.error(node, path, what);
  return std::nullopt;
}

std::optional<FaultKind> fault_kind(Reader& r, const YAML::Node& node, const std::string& path) {
  const auto text = r.text(node, path, "kind", true);
  if (!text) return std::nullopt;
  for (size_t k = 0; k < kFaultKindNames.size(); ++k) {
    if (kFaultKindNames[k] == *text) return static_cast<FaultKind>(k);
  }
  std::string what = "unknown fault kind '" + *text + "'; expected one of: ";
  for (size_t k = 0; k < kFaultKindNames.size(); ++k) {
    what += (k ? ", " : "") + std::string(kFaultKindNames[k]);
  }
  if (auto guess = closest(*text, kFaultKindNames); !guess.empty()) {
    what += " (did you mean '" + guess + "'?)";
  }
  r.error(node["kind"], child(path, "kind"), what);
  return std::nullopt;
}

// The element the fault hits: `satellite`, `between` or `station` by kind (no other).
bool read_element(Reader& r, const YAML::Node& node, const std::string& path, const Scenario& s,
                  Fault& f) {
  const bool link = f.kind == FaultKind::kLinkOutage;
  const bool station = f.kind == FaultKind::kStationOutage;
  const std::string_view wanted = link ? "between" : station ? "station" : "satellite";
  for (const std::string_view key : {"satellite", "between", "station"}) {
    if (key != wanted && node[std::string(key)].IsDefined()) {
      r.error(node[std::string(key)], child(path, key),
              fmt::format("a {} names its element with '{}', not '{}'", fault_kind_name(f.kind),
                          wanted, key));
      return false;
    }
  }
  const auto value = r.get(node, path, wanted, true);
  if (!value) return false;
  const std::string at = child(path, wanted);
  if (station) {
    const auto index = station_ref(r, *value, at, s);
    if (index) f.station = *index;
    return index.has_value();
  }
  if (!link) {
    const auto index = satellite_ref(r, *value, at, s);
    if (index) f.satellite = *index;
    return index.has_value();
  }
  if (!value->IsSequence() || value->size() != 2) {
    r.error(*value, at, "expected two satellites, [a, b]");
    return false;
  }
  const auto a = satellite_ref(r, (*value)[0], item(at, 0), s);
  const auto b = satellite_ref(r, (*value)[1], item(at, 1), s);
  if (!a || !b) return false;
  if (*a == *b) {
    r.error(*value, at, "a link joins two different satellites");
    return false;
  }
  f.satellite = std::min(*a, *b);
  f.other_satellite = std::max(*a, *b);
  return true;
}

// `at` (+ `duration_s`) or `from` (+ `to`); no end: permanent. Inside the window.
bool read_interval(Reader& r, const YAML::Node& node, const std::string& path, const Scenario& s,
                   Fault& f) {
  const bool has_at = node["at"].IsDefined();
  const bool has_from = node["from"].IsDefined();
  if (has_at == has_from) {
    r.error(node, path,
            has_at ? "give either 'at' (with duration_s) or 'from' (with to), not both"
                   : "missing required field 'at' (or 'from')");
    return false;
  }
  if (has_at && node["to"].IsDefined()) {
    r.error(node["to"], child(path, "to"), "'to' goes with 'from'; with 'at' use duration_s");
    return false;
  }
  if (has_from && node["duration_s"].IsDefined()) {
    r.error(node["duration_s"], child(path, "duration_s"),
            "duration_s goes with 'at'; with 'from' use 'to'");
    return false;
  }
  const auto start = r.instant(node, path, has_at ? "at" : "from", true);
  if (!start) return false;
  f.start = *start;
  const std::string start_key = has_at ? "at" : "from";
  if (f.start < s.start || f.start >= s.end) {
    r.error(node[start_key], child(path, start_key),
            fmt::format("{} is outside the scenario window [{}, {})", format_iso8601(f.start),
                        format_iso8601(s.start), format_iso8601(s.end)));
    return false;
  }
  if (has_at) {
    if (auto d = r.seconds(node, path, "duration_s", false, 1.0)) f.end = f.start + *d;
  } else if (auto to = r.instant(node, path, "to", false)) {
    if (*to <= f.start) {
      r.error(node["to"], child(path, "to"),
              fmt::format("{} is not after from {}", format_iso8601(*to), format_iso8601(f.start)));
      return false;
    }
    f.end = *to;
  }
  if (f.kind == FaultKind::kSatelliteLoss && f.end) {
    r.error(node, path, "a satellite_loss is permanent: leave out duration_s and to");
    return false;
  }
  if (f.kind == FaultKind::kSatelliteReboot && !f.end) {
    f.end = f.start + s.fault_rates.reboot_duration;  // a reboot ends
  }
  return true;
}

}  // namespace

std::optional<Fault> read_fault(Reader& r, const YAML::Node& node, const std::string& path,
                                const Scenario& s) {
  if (!r.check_map(node, path, kFaultKeys)) return std::nullopt;
  Fault f;
  const auto kind = fault_kind(r, node, path);
  if (!kind) return std::nullopt;
  f.kind = *kind;
  if (!read_element(r, node, path, s, f) || !read_interval(r, node, path, s, f)) {
    return std::nullopt;
  }
  if (const auto keep = r.get(node, path, "keep_store", false)) {
    bool value = true;
    if (f.kind != FaultKind::kSatelliteReboot) {
      r.error(*keep, child(path, "keep_store"), "only a satellite_reboot has keep_store");
      return std::nullopt;
    }
    if (!keep->IsScalar() || !YAML::convert<bool>::decode(*keep, value)) {
      r.error(*keep, child(path, "keep_store"), "expected true or false");
      return std::nullopt;
    }
    f.keeps_store = value;
  }
  return f;
}

void read_resilience(Reader& r, const YAML::Node& node, const std::string& path,
                     workload::WorkloadSpec& spec) {
  spec.checkpoint_interval =
      r.seconds(node, path, "checkpoint_interval_s", false, 1.0).value_or(spec.checkpoint_interval);
  const auto redundancy = r.text(node, path, "redundancy", false);
  if (!redundancy) return;
  if (*redundancy == "single" || *redundancy == "dual") {
    spec.redundancy = *redundancy == "dual" ? 2 : 1;
    return;
  }
  std::string what = "unknown redundancy '" + *redundancy + "'; expected single or dual";
  constexpr std::array<std::string_view, 2> kNames = {"single", "dual"};
  if (auto guess = closest(*redundancy, kNames); !guess.empty()) {
    what += " (did you mean '" + guess + "'?)";
  }
  r.error(node["redundancy"], child(path, "redundancy"), what);
}

void parse_fault_rates(ParseEnv& env, const YAML::Node& root, Scenario& s) {
  Reader& r = env.reader;
  const auto node = r.get(root, "", "fault_rates", false);
  if (!node || !r.check_map(*node, "fault_rates", kRateKeys)) return;
  FaultRates& rates = s.fault_rates;
  const std::string p = "fault_rates";
  rates.satellite_reboot_per_day =
      r.number(*node, p, "satellite_reboot_per_day", false, 0, kMaxRate)
          .value_or(rates.satellite_reboot_per_day);
  rates.reboot_duration =
      r.seconds(*node, p, "reboot_duration_s", false, 1.0).value_or(rates.reboot_duration);
  rates.seu_per_accelerator_hour =
      r.number(*node, p, "seu_per_accelerator_hour", false, 0, kMaxRate)
          .value_or(rates.seu_per_accelerator_hour);
  rates.link_outage_per_link_day =
      r.number(*node, p, "link_outage_per_link_day", false, 0, kMaxRate)
          .value_or(rates.link_outage_per_link_day);
  rates.link_outage_duration = r.seconds(*node, p, "link_outage_duration_s", false, 1.0)
                                   .value_or(rates.link_outage_duration);
}

// After the constellation, the stations and fault_rates (a reboot's default duration).
void parse_faults(ParseEnv& env, const YAML::Node& root, Scenario& s) {
  Reader& r = env.reader;
  const auto node = r.get(root, "", "faults", false);
  if (!node || !r.check_list(*node, "faults") || !env.window_valid) return;
  for (size_t i = 0; i < node->size(); ++i) {
    if (auto f = read_fault(r, (*node)[i], item("faults", i), s)) s.faults.push_back(*f);
  }
  // Sorted by start (then as written), so the engine's and the reports' order is the time order.
  std::stable_sort(s.faults.begin(), s.faults.end(),
                   [](const Fault& a, const Fault& b) { return a.start < b.start; });
}

}  // namespace internal

std::string_view fault_kind_name(FaultKind kind) {
  return kFaultKindNames[static_cast<size_t>(kind)];
}

Result<Fault> parse_fault(std::string_view text, const Scenario& s, const std::string& source) {
  YAML::Node node;
  try {
    node = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Error{fmt::format("{}:{}:{}: not valid YAML or JSON: {}", source, e.mark.line + 1,
                             e.mark.column + 1, e.msg)};
  }
  internal::Reader r(source);
  const auto f = internal::read_fault(r, node, "fault", s);
  if (!f || r.failed()) {
    std::string message;
    for (const auto& e : r.errors()) message += (message.empty() ? "" : "\n") + e;
    return Error{message};
  }
  return *f;
}

std::string describe_fault(const Fault& f, const Scenario& s) {
  const auto sat = [&](uint32_t i) {
    const orbit::ElementSet& e = s.satellites[i].elements;
    return e.name.empty() ? std::to_string(e.norad_id) : e.name;
  };
  std::string element;
  if (f.kind == FaultKind::kStationOutage) {
    element = s.stations[f.station].name;
  } else if (f.kind == FaultKind::kLinkOutage) {
    element = sat(f.satellite) + " - " + sat(f.other_satellite);
  } else {
    element = sat(f.satellite);
  }
  std::string out =
      fmt::format("{} of {} at {}", fault_kind_name(f.kind), element, format_iso8601(f.start));
  out += f.end ? fmt::format(" for {:g} s", (*f.end - f.start).to_seconds()) : " (permanent)";
  return out;
}

}  // namespace lagrange::scenario
