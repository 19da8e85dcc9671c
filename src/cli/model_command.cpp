// `lagrange model check FILE.onnx`: the ground twin's check of a user's model before upload
// (docs/models.md). Static figures, fit and speed on the catalogue's accelerators (or those
// named), optionally the load of a scenario class, execution on the CPU on test vectors, and
// a verdict. Exit codes: 0 accept, 3 reject, 1 unreadable or malformed file (or test data),
// 2 usage. This file is the only place of the check that reads a clock (CPU time).
#include <fmt/format.h>

#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/model_command.hpp"
#include "compute/catalog.hpp"
#include "model/model_json.hpp"

namespace lagrange::cli {
namespace {

constexpr int kExitInput = 1;
constexpr int kExitUsage = 2;
constexpr int kExitReject = 3;

struct CheckOptions {
  std::string file;
  std::vector<std::string> accelerators;
  std::string scenario;
  std::string class_name;
  std::string precision = "int8";
  std::string input_shape;
  std::string test_data;
  std::string format = "text";
};

int fail(int code, const std::string& message) {
  std::cerr << "lagrange model check: " << message << "\n";
  return code;
}

std::optional<std::vector<int64_t>> parse_shape(const std::string& text) {
  std::vector<int64_t> dims;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t x = std::min(text.find('x', pos), text.size());
    const std::string part = text.substr(pos, x - pos);
    if (part.empty() || part.size() > 9 ||
        part.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    dims.push_back(std::stoll(part));
    pos = x + 1;
  }
  return dims;
}

double process_cpu_s() {
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

// The accelerators named, or every one of the catalogue, at its highest power mode.
Result<std::vector<model::Target>> targets(const compute::Catalog& catalog,
                                           const std::vector<std::string>& ids) {
  std::vector<model::Target> out;
  std::vector<std::string> wanted = ids;
  if (wanted.empty()) {
    for (const auto& a : catalog.accelerators()) wanted.push_back(a.id);
  }
  for (const auto& id : wanted) {
    auto device = compute::make_device(catalog, id);
    if (!device) return device.error();
    double watts = 0.0;
    for (const auto& m : device->accelerator.power_modes) watts = std::max(watts, m.watts);
    out.push_back({*device, watts});
  }
  return out;
}

int run_check(const CheckOptions& o) {
  if (o.scenario.empty() != o.class_name.empty()) {
    return fail(kExitUsage, "--scenario and --class go together");
  }
  auto precision = model::parse_precision(o.precision);
  if (!precision) return fail(kExitUsage, precision.error().message);
  model::CheckRequest request;
  request.precision = *precision;
  request.analyze.source_name = o.file;
  if (!o.input_shape.empty()) {
    request.analyze.input_shape = parse_shape(o.input_shape);
    if (!request.analyze.input_shape) {
      return fail(kExitUsage,
                  "--input-shape: expected dims like 1x3x224x224, got '" + o.input_shape + "'");
    }
  }
  auto catalog = compute::Catalog::load(compute::default_data_dir());
  if (!catalog) return fail(kExitInput, catalog.error().message);
  // With --scenario the class's accelerator is checked, plus any named with --accelerator.
  if (o.scenario.empty() || !o.accelerators.empty()) {
    auto devices = targets(*catalog, o.accelerators);
    if (!devices) return fail(kExitUsage, devices.error().message);
    request.targets = std::move(*devices);
  }

  auto bytes = model::read_bounded(o.file, request.analyze.limits.max_file_bytes);
  if (!bytes) return fail(kExitInput, bytes.error().message);
  if (!o.test_data.empty()) {
    auto data = model::read_test_data(o.test_data, request.analyze.limits);
    if (!data) return fail(kExitInput, data.error().message);
    request.test_data = std::move(*data);
  }
  if (!o.scenario.empty()) {
    // The budget needs the model's input size: analyse first (cheap next to execution).
    auto figures = model::analyze_model(*bytes, request.analyze);
    if (!figures) return fail(kExitInput, figures.error().message);
    const auto data_dir = compute::default_data_dir();
    auto path = scenario::resolve_scenario(o.scenario, data_dir);
    if (!path) return fail(kExitInput, path.error().message);
    auto s = scenario::load_scenario(*path, {data_dir, &*catalog});
    if (!s) return fail(kExitInput, s.error().message);
    std::string error;
    auto load = class_load(*s, o.class_name, *figures, *catalog, error);
    if (!load) return fail(kExitUsage, error);
    request.targets.push_back(load->target);
    request.budget = load->budget;
    request.budget->target = request.targets.size() - 1;
  }
  request.clock = process_cpu_s;
  auto check = model::check_model(*bytes, request);
  if (!check) return fail(kExitInput, check.error().message);
  if (o.format == "json") {
    std::cout << model::to_json(*check).dump(2) << "\n";
  } else {
    std::cout << render_text(o.file, *check);
  }
  return check->verdict == model::Verdict::kAccept ? 0 : kExitReject;
}

}  // namespace

void add_model_command(CLI::App& app, int& exit_code) {
  auto* model = app.add_subcommand("model", "Check a user's ONNX model before it goes to orbit");
  model->require_subcommand(1);
  auto opts = std::make_shared<CheckOptions>();
  auto* check = model->add_subcommand(
      "check",
      "Static figures, fit and speed per accelerator, execution on the CPU on test vectors, "
      "and a verdict (exit 0 accept, 3 reject, 1 unreadable or malformed file, 2 usage)");
  check->add_option("file", opts->file, "The model (.onnx)")->required();
  check->add_option("--accelerator", opts->accelerators,
                    "Accelerator id of the catalogue (repeatable; default: all)");
  check->add_option("--scenario", opts->scenario, "Scenario (file or built-in name) for --class");
  check->add_option("--class", opts->class_name,
                    "Satellite class of --scenario whose workload and power budget to check");
  check->add_option("--precision", opts->precision, "fp32, fp16 or int8 (default int8)")
      ->check(CLI::IsMember({"fp32", "fp16", "int8"}));
  check->add_option("--input-shape", opts->input_shape,
                    "Shape of the first input, e.g. 1x3x224x224 (default: the file's, symbolic "
                    "dims taken as 1)");
  check->add_option("--test-data", opts->test_data,
                    "Directory of test_data_set_N/input_K.pb and output_K.pb (ONNX layout)");
  check->add_option("--format", opts->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  check->callback([opts, &exit_code] { exit_code = run_check(*opts); });
}

}  // namespace lagrange::cli
