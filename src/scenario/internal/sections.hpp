// The section parsers of a scenario file, shared by scenario.cpp (top level) and the files
// that parse one section each. Each appends its errors to the Reader and fills its part of
// the Scenario; later sections may rely on earlier ones (stations before tenants).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "scenario/internal/yaml_reader.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::scenario::internal {

struct ParseEnv {
  Reader& reader;
  const LoadContext& context;
  std::filesystem::path base_dir;
  bool window_valid = false;             // start and end parsed, ordered and supported
  std::set<uint32_t> skipped_norad_ids;  // left out by constellation.skip_invalid
};

// A relative path found next to the scenario file, else under the data directory.
std::filesystem::path resolve_path(const ParseEnv& env, const std::string& path);
// "in <base> (next to the scenario) and in the data directory <data>", for not-found messages.
std::string looked_in(const ParseEnv& env);

void parse_constellation(ParseEnv& env, const YAML::Node& node, Scenario& s);
void parse_classes(ParseEnv& env, const YAML::Node& node, Scenario& s);
void parse_assignment(ParseEnv& env, const YAML::Node& root, Scenario& s);
void parse_stations(ParseEnv& env, const YAML::Node& node, Scenario& s);
// Reads root's optional `ground_network` (after the stations, whose names it checks).
void parse_ground_network(ParseEnv& env, const YAML::Node& root, Scenario& s);
// Reads root's optional `models` (after the classes and assignment, whose satellites they
// name) and `deployments` (after the models); models.cpp.
void parse_models(ParseEnv& env, const YAML::Node& root, Scenario& s);
void parse_deployments(ParseEnv& env, const YAML::Node& root, Scenario& s);
void parse_tenants(ParseEnv& env, const YAML::Node& node, Scenario& s);
// Root's optional `fault_rates`, then `faults` (after the constellation and the stations).
void parse_fault_rates(ParseEnv& env, const YAML::Node& root, Scenario& s);
void parse_faults(ParseEnv& env, const YAML::Node& root, Scenario& s);
// A workload's optional checkpoint_interval_s and redundancy (single | dual).
void read_resilience(Reader& r, const YAML::Node& node, const std::string& path,
                     workload::WorkloadSpec& spec);
// One fault mapping at `path`; nullopt after reporting its errors.
std::optional<Fault> read_fault(Reader& r, const YAML::Node& node, const std::string& path,
                                const Scenario& s);

}  // namespace lagrange::scenario::internal
