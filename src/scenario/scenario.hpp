// A scenario: everything a run of the digital twin needs to know before it starts — the time
// window and seed, the constellation and what each satellite carries, the ground stations,
// the laser-link policy, the tenants and their work, the scheduling policies to compare and
// the outputs. Loaded from YAML (docs/scenario.md documents every field) and immutable
// afterwards: the engine reads it, never changes it, so it may be shared between threads.
//
// Loading resolves everything that can be resolved without simulating: element files are
// read (or Walker shells generated), catalogue ids are looked up and overrides applied,
// station files are read, every satellite gets its class. Errors name the file, the line
// and column and the field path ("three-body.yaml:42:7: tenants[1].workloads[0].model:
// unknown vision model 'yolo'; known: resnet-50, vit-b-16, yolov8s"); several errors are
// reported together, one per line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/ground_network.hpp"
#include "access/stations.hpp"
#include "access/terminals.hpp"
#include "access/topology.hpp"
#include "compute/catalog.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "model/model_check.hpp"
#include "orbit/elements.hpp"
#include "orbit/walker.hpp"
#include "power/battery.hpp"
#include "scenario/faults.hpp"
#include "workload/workload.hpp"

namespace lagrange::scenario {

// The accelerator of a class: the catalogue entry with the scenario's overrides applied.
struct AcceleratorConfig {
  compute::AcceleratorSpec spec;  // throughput and memory figures after overrides
  double idle_w = 0.0;            // powered, not computing
  double busy_w = 0.0;            // computing at full throughput
};

struct ImagerConfig {
  double swath_km = 0.0;
  double bytes_per_km2 = 0.0;         // raw data per imaged area
  double min_sun_elevation_deg = 10;  // capture only when the Sun is this high at the target
};

struct RadioConfig {
  double downlink_rate_bps = 300e6;  // the satellite's transmitter; min with the station's
  double transmit_w = 30.0;          // while downlinking
};

struct SatelliteClass {
  std::string name;
  AcceleratorConfig accelerator;
  double storage_bytes = 0.0;
  power::PowerSpec power;
  double bus_w = 0.0;             // always-on platform load
  access::TerminalType lasers;    // count 0: no laser terminals
  double laser_terminal_w = 0.0;  // per terminal with a link up
  RadioConfig radio;
  std::optional<ImagerConfig> imager;  // absent: the class does not image
};

struct ConstellationSpec {
  enum class Source { kElementFile, kWalker };
  Source source = Source::kElementFile;
  std::filesystem::path elements_path;            // resolved (kElementFile)
  std::vector<orbit::WalkerShell> walker_shells;  // (kWalker), epoch = scenario start
};

// One satellite of the run, in constellation order.
struct SatelliteEntry {
  orbit::ElementSet elements;
  uint32_t class_index = 0;              // into Scenario::classes
  std::optional<access::GridSlot> slot;  // Walker satellites know their plane and slot
};

struct IslConfig {
  access::IslPolicy policy = access::IslPolicy::kPlusGrid;
  double cross_plane_max_abs_latitude_deg = 75.0;
  int nearest_candidates = 0;  // 0: 2 x terminals
};

struct OutputConfig {
  std::filesystem::path directory;  // as written (relative to the working directory)
  std::vector<std::string> files;   // subset of kOutputFiles, in that order
  Duration sample_interval = Duration::seconds(60);  // satellites.csv time series
};
inline constexpr std::string_view kOutputFiles[] = {"summary.json", "jobs.csv", "satellites.csv",
                                                    "report.html", "scenario.czml"};

// A user's ONNX model (`models:`, docs/models.md), checked at load with the static analysis of
// `lagrange model check` against the accelerators of the classes it may run on. Version 1 is
// `file`; `updates` are versions 2, 3, ... in order.
struct ModelVersionSpec {
  int version = 1;
  std::filesystem::path file;  // resolved
  double file_bytes = 0.0;     // what a deployment of this version sends
  model::StaticFigures figures;
  int64_t tile_width_px = 0;  // the first input's last two dimensions: one image tile
  int64_t tile_height_px = 0;
  double output_values = 0.0;  // elements of every output, per tile
};

struct UserModelSpec {
  std::string name;  // workloads say `model: user/<name>`
  model::Precision precision = model::Precision::kInt8;
  std::vector<ModelVersionSpec> versions;  // versions[i].version == i + 1
  std::vector<uint32_t> preloaded;         // satellites with version 1 on board at the start
};
inline constexpr std::string_view kUserModelPrefix = "user/";

// A deployment (`deployments:`): at `at`, send `version` of `model` to `satellites`, or with
// `rollback`, make the version before the active one active again on them.
struct DeploymentSpec {
  uint32_t model = 0;  // into Scenario::models
  int version = 1;     // 0 with rollback
  bool rollback = false;
  Instant at;
  std::vector<uint32_t> satellites;  // sorted, no repeats
};

struct Scenario {
  std::string name;
  std::string description;
  std::filesystem::path source_file;  // empty for scenarios parsed from text
  Instant start;
  Instant end;
  Duration step = Duration::seconds(60);  // ephemeris grid
  uint64_t seed = 0;
  ConstellationSpec constellation;
  std::vector<SatelliteClass> classes;
  std::vector<SatelliteEntry> satellites;
  std::vector<access::GroundStation> stations;
  // The terrestrial network between the stations (`ground_network`; absent in the file: all
  // stations joined at the defaults; `none`: disabled).
  access::GroundNetwork ground_network{true, {}, {}};
  IslConfig isl;
  workload::WorkSpec work;            // tenants; window = [start, end)
  std::vector<std::string> policies;  // names from schedule::policy_registry(), no repeats
  OutputConfig outputs;
  // Faults written in the scenario (`faults`, sorted by start) and the rates of random ones
  // (`fault_rates`, drawn by the engine from the seed; scenario/faults.hpp).
  std::vector<Fault> faults;
  FaultRates fault_rates;
  std::vector<UserModelSpec> models;
  std::vector<DeploymentSpec> deployments;  // sorted by time, then file order
  // Things the loader left out on request (constellation.skip_invalid), one line each, with
  // file:line; the CLI prints them on stderr.
  std::vector<std::string> warnings;

  const SatelliteClass& class_of(size_t satellite) const {
    return classes[satellites[satellite].class_index];
  }
  // The user model a workload's `model` names ("user/<name>"), or nullopt.
  std::optional<uint32_t> user_model(std::string_view model_id) const;
};

// Where relative paths in a scenario are looked up: first the scenario file's directory, then
// the data directory (so built-ins can say `tle/three_body_...tle`).
struct LoadContext {
  std::filesystem::path data_dir;
  const compute::Catalog* catalog = nullptr;  // required
};

Result<Scenario> load_scenario(const std::filesystem::path& path, const LoadContext& context);

// `source_name` labels messages; `base_dir` resolves relative paths before the data dir.
Result<Scenario> parse_scenario(std::string_view yaml_text, const std::string& source_name,
                                const std::filesystem::path& base_dir, const LoadContext& context);

// Built-in scenarios: the *.yaml files of `<data_dir>/scenarios`, sorted by file name.
std::vector<std::filesystem::path> builtin_scenario_files(const std::filesystem::path& data_dir);
inline constexpr std::string_view kDefaultScenario = "three-body";

// A path to an existing file, or the name of a built-in ("three-body"); the error lists the
// built-ins.
Result<std::filesystem::path> resolve_scenario(std::string_view name_or_path,
                                               const std::filesystem::path& data_dir);

// A rough estimate of the memory `lagrange run` needs for the scenario (the coefficients are
// measured, docs/LIMITS.md), so that a scenario too large for the machine is refused before
// anything is built rather than dying of bad_alloc hours later. The world is built once; each
// engine holds its own jobs, events and bundles: one engine per policy run, two when the
// scenario has faults and the fault-free baseline is run beside it.
struct RunShape {
  size_t policies = 0;  // 0: the scenario's list
  bool fault_free_baseline = true;
};
struct MemoryEstimate {
  double bytes = 0.0;
  double satellite_samples = 0.0;  // satellites x ephemeris grid samples
  double work_items = 0.0;         // expected over the window
  size_t engines = 0;
};
MemoryEstimate estimate_run_memory(const Scenario& scenario, RunShape shape = {});

// One paragraph: window, satellites per class, stations, tenants and work, policies.
std::string summarize(const Scenario& scenario);

}  // namespace lagrange::scenario
