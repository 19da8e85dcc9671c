#include "access/stations.hpp"

#include "core/text.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace lagrange::access {
namespace {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

Result<double> parse_number(std::string_view text) {
  const std::string t = trim(text);
  double value = 0.0;
  const char* begin = t.data();
  const char* end = t.data() + t.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (t.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value)) {
    return Error{"'" + t + "' is not a number"};
  }
  return value;
}

Error field_error(const std::string& where, std::string_view field, const std::string& what) {
  return Error{where + ": field " + std::string(field) + ": " + what};
}

Result<double> parse_in_range(std::string_view text, double low, double high, bool high_inclusive,
                              const std::string& where, std::string_view field) {
  auto value = parse_number(text);
  if (!value) return field_error(where, field, value.error().message);
  const bool above = high_inclusive ? *value > high : *value >= high;
  if (*value < low || above) {
    std::ostringstream os;
    os << trim(text) << " is outside [" << low << ", " << high << (high_inclusive ? "]" : ")");
    return field_error(where, field, os.str());
  }
  return *value;
}

// "5:150e6;20:300e6" (CSV form of the rate table).
Result<std::vector<RateStep>> parse_rate_table_text(std::string_view text,
                                                    const std::string& where) {
  std::vector<RateStep> table;
  const std::string all = trim(text);
  if (all.empty()) return table;
  std::stringstream ss(all);
  std::string item;
  while (std::getline(ss, item, ';')) {
    const auto colon = item.find(':');
    if (colon == std::string::npos) {
      return field_error(where, "downlink_rate_table",
                         "'" + trim(item) + "' is not ELEVATION_DEG:RATE_BPS");
    }
    auto e = parse_number(std::string_view(item).substr(0, colon));
    auto r = parse_number(std::string_view(item).substr(colon + 1));
    if (!e) return field_error(where, "downlink_rate_table", e.error().message);
    if (!r) return field_error(where, "downlink_rate_table", r.error().message);
    table.push_back({*e, *r});
  }
  return table;
}

Status set_scalar_field(GroundStation& st, std::string_view key, std::string_view value,
                        const std::string& where) {
  if (key == "name") {
    st.name = trim(value);
    if (st.name.empty()) return field_error(where, key, "is empty");
  } else if (key == "latitude_deg") {
    auto v = parse_in_range(value, -90.0, 90.0, true, where, key);
    if (!v) return v.error();
    st.latitude_deg = *v;
  } else if (key == "longitude_deg") {
    auto v = parse_in_range(value, -180.0, 360.0, false, where, key);
    if (!v) return v.error();
    st.longitude_deg = *v > 180.0 ? *v - 360.0 : *v;
  } else if (key == "height_m") {
    auto v = parse_in_range(value, -500.0, 9000.0, true, where, key);
    if (!v) return v.error();
    st.height_m = *v;
  } else if (key == "elevation_mask_deg") {
    auto v = parse_in_range(value, 0.0, 90.0, false, where, key);
    if (!v) return v.error();
    st.elevation_mask_deg = *v;
  } else if (key == "antennas") {
    auto v = parse_in_range(value, 1.0, 1000.0, true, where, key);
    if (!v) return v.error();
    if (*v != std::floor(*v)) return field_error(where, key, trim(value) + " is not an integer");
    st.antennas = static_cast<int>(*v);
  } else if (key == "downlink_rate_bps" || key == "uplink_rate_bps") {
    auto v = parse_in_range(value, 0.0, 1e15, true, where, key);
    if (!v) return v.error();
    (key == "downlink_rate_bps" ? st.downlink_rate_bps : st.uplink_rate_bps) = *v;
  } else if (key == "downlink_rate_table") {
    auto table = parse_rate_table_text(value, where);
    if (!table) return table.error();
    st.downlink_rate_table = std::move(*table);
  } else if (key == "source") {
    st.source = trim(value);
  } else {
    return Error{where + ": unknown field '" + std::string(key) + "'"};
  }
  return ok_status();
}

constexpr std::string_view kRequiredFields[] = {"name", "latitude_deg", "longitude_deg",
                                                "height_m"};

Status check_unique_names(const std::vector<GroundStation>& stations,
                          const std::vector<std::string>& wheres) {
  std::set<std::string> seen;
  for (size_t i = 0; i < stations.size(); ++i) {
    if (!seen.insert(stations[i].name).second) {
      return Error{wheres[i] + ": field name: duplicate station name '" + stations[i].name + "'"};
    }
  }
  return ok_status();
}

std::string yaml_where(const std::string& source_name, const YAML::Node& node) {
  return source_name + ":" + std::to_string(node.Mark().line + 1);
}

Result<std::vector<RateStep>> parse_rate_table_yaml(const YAML::Node& node,
                                                    const std::string& source_name) {
  const std::string where = yaml_where(source_name, node);
  if (!node.IsSequence()) {
    return field_error(where, "downlink_rate_table",
                       "expected a list of {elevation_deg, rate_bps}");
  }
  std::vector<RateStep> table;
  for (const auto& row : node) {
    const std::string row_where = yaml_where(source_name, row);
    if (!row.IsMap() || !row["elevation_deg"] || !row["rate_bps"] || row.size() != 2) {
      return field_error(row_where, "downlink_rate_table",
                         "each step needs exactly elevation_deg and rate_bps");
    }
    auto e = parse_number(row["elevation_deg"].Scalar());
    auto r = parse_number(row["rate_bps"].Scalar());
    if (!e) return field_error(row_where, "downlink_rate_table", e.error().message);
    if (!r) return field_error(row_where, "downlink_rate_table", r.error().message);
    table.push_back({*e, *r});
  }
  return table;
}

Result<GroundStation> parse_yaml_station(const YAML::Node& node, const std::string& source_name) {
  const std::string where = yaml_where(source_name, node);
  if (!node.IsMap()) return Error{where + ": a station must be a map of fields"};
  GroundStation st;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const std::string field_where = yaml_where(source_name, kv.first);
    if (key == "downlink_rate_table") {
      auto table = parse_rate_table_yaml(kv.second, source_name);
      if (!table) return table.error();
      st.downlink_rate_table = std::move(*table);
      continue;
    }
    if (!kv.second.IsScalar()) return field_error(field_where, key, "expected a single value");
    if (Status s = set_scalar_field(st, key, kv.second.Scalar(), field_where); !s) {
      return s.error();
    }
  }
  for (std::string_view required : kRequiredFields) {
    if (!node[std::string(required)]) return field_error(where, required, "is missing");
  }
  if (Status s = validate_station(st, where); !s) return s.error();
  return st;
}

// Splits one CSV line; fields may be double-quoted ("" is a literal quote).
Result<std::vector<std::string>> split_csv_line(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted) return Error{"unterminated quoted field"};
  for (auto& f : fields) f = trim(f);
  return fields;
}

}  // namespace

double GroundStation::downlink_rate_bps_at(double elevation_deg) const {
  if (downlink_rate_table.empty()) return downlink_rate_bps;
  double rate = 0.0;
  for (const RateStep& step : downlink_rate_table) {
    if (elevation_deg >= step.elevation_deg) rate = step.rate_bps;
  }
  return rate;
}

Status validate_station(const GroundStation& st, const std::string& where) {
  if (st.name.empty()) return field_error(where, "name", "is empty");
  for (size_t i = 0; i < st.downlink_rate_table.size(); ++i) {
    const RateStep& step = st.downlink_rate_table[i];
    if (step.elevation_deg < -90.0 || step.elevation_deg > 90.0 || step.rate_bps < 0.0) {
      return field_error(
          where, "downlink_rate_table",
          "step " + std::to_string(i + 1) + ": elevation must be in [-90, 90] and rate >= 0");
    }
    if (i > 0 && step.elevation_deg <= st.downlink_rate_table[i - 1].elevation_deg) {
      return field_error(where, "downlink_rate_table",
                         "step " + std::to_string(i + 1) + ": elevations must increase");
    }
  }
  return ok_status();
}

Result<std::vector<GroundStation>> parse_stations_yaml(std::string_view text,
                                                       const std::string& source_name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Error{source_name + ":" + std::to_string(e.mark.line + 1) + ": column " +
                 std::to_string(e.mark.column + 1) + ": " + e.msg};
  }
  if (!root.IsMap() || !root["stations"]) {
    return Error{source_name + ": expected a top-level map with a 'stations' list"};
  }
  for (const auto& kv : root) {
    if (kv.first.Scalar() != "stations") {
      return Error{yaml_where(source_name, kv.first) + ": unknown key '" + kv.first.Scalar() + "'"};
    }
  }
  const YAML::Node list = root["stations"];
  if (!list.IsSequence()) {
    return Error{yaml_where(source_name, list) + ": 'stations' must be a list"};
  }
  std::vector<GroundStation> stations;
  std::vector<std::string> wheres;
  for (const auto& node : list) {
    auto st = parse_yaml_station(node, source_name);
    if (!st) return st.error();
    stations.push_back(std::move(*st));
    wheres.push_back(yaml_where(source_name, node));
  }
  if (Status s = check_unique_names(stations, wheres); !s) return s.error();
  return stations;
}

Result<std::vector<GroundStation>> parse_stations_csv(std::string_view text,
                                                      const std::string& source_name) {
  std::vector<std::string> header;
  std::vector<GroundStation> stations;
  std::vector<std::string> wheres;
  std::istringstream in{std::string(text)};
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    const std::string where = source_name + ":" + std::to_string(line_number);
    const std::string content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    auto fields = split_csv_line(content);
    if (!fields) return Error{where + ": " + fields.error().message};
    if (header.empty()) {
      header = std::move(*fields);
      for (std::string_view required : kRequiredFields) {
        if (std::find(header.begin(), header.end(), required) == header.end()) {
          return Error{where + ": header lacks the column '" + std::string(required) + "'"};
        }
      }
      continue;
    }
    if (fields->size() != header.size()) {
      return Error{where + ": " + std::to_string(fields->size()) + " fields, the header has " +
                   std::to_string(header.size())};
    }
    GroundStation st;
    for (size_t i = 0; i < header.size(); ++i) {
      if (Status s = set_scalar_field(st, header[i], (*fields)[i], where); !s) return s.error();
    }
    if (Status s = validate_station(st, where); !s) return s.error();
    stations.push_back(std::move(st));
    wheres.push_back(where);
  }
  if (header.empty()) return Error{source_name + ": no header row"};
  if (Status s = check_unique_names(stations, wheres); !s) return s.error();
  return stations;
}

Result<std::vector<GroundStation>> load_stations_file(const std::string& path) {
  const auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext != "yaml" && ext != "yml" && ext != "csv") {
    return Error{path + ": station files must end in .yaml, .yml or .csv"};
  }
  // Bounded: a device or a huge file is refused, a directory named as one.
  auto text = read_text_file(path);
  if (!text) return text.error();
  if (ext == "csv") return parse_stations_csv(*text, path);
  return parse_stations_yaml(*text, path);
}

Result<GroundStation> parse_station_spec(std::string_view spec) {
  const std::string where = "--station '" + std::string(spec) + "'";
  std::vector<std::string_view> parts;
  std::string_view rest = spec;
  for (int i = 0; i < 3; ++i) {
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) {
      return Error{where + ": expected NAME:LAT_DEG:LON_DEG:HEIGHT_M"};
    }
    parts.push_back(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  GroundStation st;
  const std::pair<std::string_view, std::string_view> fields[] = {{"name", rest},
                                                                  {"latitude_deg", parts[2]},
                                                                  {"longitude_deg", parts[1]},
                                                                  {"height_m", parts[0]}};
  for (const auto& [key, value] : fields) {
    if (Status s = set_scalar_field(st, key, value, where); !s) return s.error();
  }
  st.source = "command line";
  return st;
}

}  // namespace lagrange::access
