// `lagrange llm`: plan an LLM onto satellites (`plan`) and list the catalogues (`models`,
// `accelerators`). The model is docs/llm-model.md; the catalogue is data/catalog/*.yaml, found
// through $LAGRANGE_DATA or the source tree's data/ compiled in.
//
// `plan` models --satellites N as a chain of in-plane neighbours --spacing-km apart with
// --isl-gbps laser links; scenarios (real, moving geometry) will feed the planner a link matrix.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "compute/catalog.hpp"
#include "compute/llm_performance.hpp"
#include "compute/pipeline.hpp"

namespace lagrange::cli {
namespace {

using compute::Catalog;

constexpr int kExitInput = 1;
constexpr int kExitUsage = 2;
constexpr int kMaxSatellites = 64;
constexpr double kBytesPerGib = 1024.0 * 1024.0 * 1024.0;

struct PlanOptions {
  std::string model;
  std::string precision = "int4";
  std::string kv_precision = "fp16";
  std::string accelerator;
  int satellites = 1;
  std::string scenario;
  double spacing_km = 1000.0;
  double isl_gbps = 100.0;
  int context_tokens = 0;
  bool context_given = false;  // else min(4096, the model's maximum)
  int prompt_tokens = 512;
  int max_stages = 8;
  std::string format = "text";
};

int fail(std::ostream& err, int code, const std::string& message) {
  err << "lagrange llm: " << message << "\n";
  return code;
}

std::optional<Catalog> load_catalog(std::ostream& err) {
  auto catalog = Catalog::load(compute::default_data_dir());
  if (!catalog) {
    err << "lagrange llm: " << catalog.error().message << " (set LAGRANGE_DATA to the data dir)\n";
    return std::nullopt;
  }
  return std::move(*catalog);
}

double gib(double bytes) {
  return bytes / kBytesPerGib;
}

std::string layer_span(const compute::StagePlacement& p) {
  return fmt::format("{}-{}", p.first_layer, p.end_layer - 1);
}

// Everything `plan` reports, computed once and printed as text or JSON.
struct PlanReport {
  PlanOptions options;
  compute::LlmWorkload workload;
  compute::Device device;
  compute::ParameterCounts parameters;
  double kv_bytes_per_token = 0.0;
  compute::StageEstimate single;  // the whole model on one satellite
  compute::PlanResult result;
  double decode_token_s_full_context = 0.0;
};

nlohmann::json number_or_null(bool valid, double value) {
  return valid ? nlohmann::json(value) : nlohmann::json(nullptr);
}

void print_json(const PlanReport& r, std::ostream& out) {
  const compute::PipelinePlan& plan = r.result.plan;
  const bool ok = plan.feasible;
  nlohmann::json stages = nlohmann::json::array();
  for (const compute::PipelineStage& s : plan.stages) {
    stages.push_back({{"satellite", s.placement.satellite},
                      {"first_layer", s.placement.first_layer},
                      {"last_layer", s.placement.end_layer - 1},
                      {"memory_bytes", s.estimate.total_bytes},
                      {"capacity_bytes", s.estimate.capacity_bytes},
                      {"decode_s", s.estimate.decode_s},
                      {"prefill_s", s.estimate.prefill_s}});
  }
  const double split_cost = plan.decode_token_s - r.result.single_satellite_decode_token_s;
  const nlohmann::json j = {
      {"model", r.workload.model.id},
      {"precision", r.workload.weights.id},
      {"kv_precision", r.workload.kv.id},
      {"accelerator", r.device.accelerator.id},
      {"satellites", r.options.satellites},
      {"spacing_km", r.options.spacing_km},
      {"isl_rate_bps", r.options.isl_gbps * 1e9},
      {"context_tokens", r.workload.context_tokens},
      {"prompt_tokens", r.workload.prompt_tokens},
      {"parameters", r.parameters.total},
      {"kv_bytes_per_token", r.kv_bytes_per_token},
      {"single_satellite_memory",
       {{"weights_bytes", r.single.weight_bytes},
        {"kv_cache_bytes", r.single.kv_cache_bytes},
        {"activation_bytes", r.single.activation_bytes},
        {"reserved_bytes", r.single.reserved_bytes},
        {"total_bytes", r.single.total_bytes},
        {"capacity_bytes", r.single.capacity_bytes},
        {"fits", r.single.fits}}},
      {"fits", ok},
      {"split_needed", r.result.split_needed},
      {"stages", stages},
      {"time_to_first_token_s", number_or_null(ok, plan.time_to_first_token_s)},
      {"prefill_tokens_per_s", number_or_null(ok, r.workload.prompt_tokens / plan.prefill_s)},
      {"decode_token_latency_s", number_or_null(ok, plan.decode_token_s)},
      {"decode_tokens_per_s", number_or_null(ok, 1.0 / plan.decode_token_s)},
      {"decode_link_s", number_or_null(ok, plan.decode_link_s)},
      {"decode_tokens_per_s_at_full_context",
       number_or_null(ok, 1.0 / r.decode_token_s_full_context)},
      {"single_satellite_decode_token_s", r.result.single_satellite_decode_token_s},
      {"split_cost_s", number_or_null(ok, split_cost)},
  };
  out << j.dump(2) << "\n";
}

void print_memory(const PlanReport& r, std::ostream& out) {
  const compute::StageEstimate& m = r.single;
  out << fmt::format("Memory for the whole model on one satellite ({} tokens of context):\n",
                     r.workload.context_tokens);
  out << fmt::format("  weights      {:8.2f} GiB\n", gib(m.weight_bytes));
  out << fmt::format("  KV cache     {:8.2f} GiB  ({:.1f} KiB per token)\n", gib(m.kv_cache_bytes),
                     r.kv_bytes_per_token / 1024.0);
  out << fmt::format("  activations  {:8.2f} GiB\n", gib(m.activation_bytes));
  out << fmt::format("  runtime      {:8.2f} GiB  (reserved: OS, runtime, allocator)\n",
                     gib(m.reserved_bytes));
  out << fmt::format("  total        {:8.2f} GiB  of {:.2f} GiB -> {}\n\n", gib(m.total_bytes),
                     gib(m.capacity_bytes), m.fits ? "fits" : "does not fit");
}

void print_text(const PlanReport& r, std::ostream& out) {
  const compute::PipelinePlan& plan = r.result.plan;
  out << fmt::format(
      "{} ({}): {:.2f} B parameters, {} layers; {} weights ({:g} bits), {} KV cache\n",
      r.workload.model.id, r.workload.model.name, r.parameters.total / 1e9, r.workload.model.layers,
      r.workload.weights.id, r.workload.weights.bits_per_weight, r.workload.kv.id);
  out << fmt::format(
      "{} x {}: chain of in-plane neighbours {:g} km apart, {:g} Gbps laser links\n\n",
      r.device.accelerator.id, r.options.satellites, r.options.spacing_km, r.options.isl_gbps);
  print_memory(r, out);

  if (!plan.feasible) {
    out << fmt::format(
        "Does not fit on {} satellite(s) in at most {} stages. Try more satellites, a smaller "
        "precision or a shorter --context.\n",
        r.options.satellites, r.options.max_stages);
    return;
  }
  out << fmt::format("Placement ({} stage{}):\n", plan.stages.size(),
                     plan.stages.size() == 1 ? "" : "s");
  out << "  stage  satellite  layers   memory GiB       decode ms  prefill ms\n";
  for (size_t s = 0; s < plan.stages.size(); ++s) {
    const compute::PipelineStage& st = plan.stages[s];
    out << fmt::format("  {:<5}  sat-{:<5}  {:<7}  {:6.2f} / {:<6.2f}  {:9.2f}  {:10.1f}\n", s + 1,
                       st.placement.satellite, layer_span(st.placement),
                       gib(st.estimate.total_bytes), gib(st.estimate.capacity_bytes),
                       st.estimate.decode_s * 1e3, st.estimate.prefill_s * 1e3);
  }
  out << "\n";
  out << fmt::format(
      "Time to first token: {:.3f} s for a {}-token prompt ({:.0f} tokens/s prefill)\n",
      plan.time_to_first_token_s, r.workload.prompt_tokens,
      r.workload.prompt_tokens / plan.prefill_s);
  out << fmt::format(
      "Decode: {:.1f} tokens/s, {:.2f} ms per token with {} tokens in the KV cache "
      "({:.1f} tokens/s at the full {} tokens)\n",
      1.0 / plan.decode_token_s, plan.decode_token_s * 1e3, r.workload.decode_kv_tokens,
      1.0 / r.decode_token_s_full_context, r.workload.context_tokens);
  if (!r.result.split_needed) {
    out << "Split: not needed, the model fits on one satellite.\n";
    return;
  }
  const double single_s = r.result.single_satellite_decode_token_s;
  const double cost_s = plan.decode_token_s - single_s;
  out << fmt::format(
      "Split: needed, one satellite would need {:.2f} GiB. It costs {:+.2f} ms per token "
      "({:+.1f} %) against one satellite with enough memory ({:.2f} ms); the laser links "
      "take {:.2f} ms of each token.\n",
      gib(r.result.single_satellite_required_bytes), cost_s * 1e3, 100.0 * cost_s / single_s,
      single_s * 1e3, plan.decode_link_s * 1e3);
}

Status check_plan_options(const PlanOptions& o, const compute::LlmSpec& model) {
  if (o.satellites < 1 || o.satellites > kMaxSatellites) {
    return Error{fmt::format("--satellites {}: expected 1 to {}", o.satellites, kMaxSatellites)};
  }
  if (o.context_tokens < 1 || o.context_tokens > model.max_context_tokens) {
    return Error{fmt::format("--context {}: expected 1 to {} (the maximum context of {})",
                             o.context_tokens, model.max_context_tokens, model.id)};
  }
  if (o.prompt_tokens < 1 || o.prompt_tokens > o.context_tokens) {
    return Error{fmt::format("--prompt-tokens {}: expected 1 to the context, {}", o.prompt_tokens,
                             o.context_tokens)};
  }
  if (!(o.spacing_km > 0.0) || !(o.isl_gbps > 0.0)) {
    return Error{"--spacing-km and --isl-gbps must be positive"};
  }
  if (o.max_stages < 1) return Error{"--max-stages must be at least 1"};
  return ok_status();
}

int run_plan(PlanOptions o, std::ostream& out, std::ostream& err) {
  if (!o.scenario.empty()) {
    return fail(err, kExitUsage,
                "--scenario is not supported until scenarios exist; use --satellites N");
  }
  const auto catalog = load_catalog(err);
  if (!catalog) return kExitInput;
  auto model = catalog->llm(o.model);
  if (!model) return fail(err, kExitInput, "--model: " + model.error().message);
  auto weights = catalog->weight_precision(o.precision);
  if (!weights) return fail(err, kExitInput, "--precision: " + weights.error().message);
  auto kv = catalog->kv_precision(o.kv_precision);
  if (!kv) return fail(err, kExitInput, "--kv-precision: " + kv.error().message);
  auto device = compute::make_device(*catalog, o.accelerator);
  if (!device) return fail(err, kExitInput, "--accelerator: " + device.error().message);
  if (!o.context_given) o.context_tokens = std::min(4096, model->max_context_tokens);
  if (Status s = check_plan_options(o, *model); !s) return fail(err, kExitInput, s.error().message);

  PlanReport r;
  r.options = o;
  r.device = *device;
  r.workload = compute::LlmWorkload{
      *model,          *weights,       *kv, catalog->activation_bytes(), o.context_tokens,
      o.prompt_tokens, o.prompt_tokens};
  r.parameters = compute::count_parameters(*model);
  r.kv_bytes_per_token = compute::kv_bytes_per_token(*model, *kv);
  r.single = compute::estimate_single_device(r.workload, r.device);

  compute::PipelineRequest request;
  request.workload = r.workload;
  request.satellites.assign(static_cast<size_t>(o.satellites), r.device);
  request.links = compute::chain_links(request.satellites.size(), o.spacing_km, o.isl_gbps * 1e9);
  request.max_stages = o.max_stages;
  auto result = compute::plan_pipeline(request);
  if (!result) return fail(err, kExitInput, result.error().message);
  r.result = std::move(*result);
  if (r.result.plan.feasible) {
    // The same placement with the KV cache full.
    compute::PipelineRequest full = request;
    full.workload.decode_kv_tokens = o.context_tokens;
    std::vector<compute::StagePlacement> placements;
    for (const compute::PipelineStage& s : r.result.plan.stages) placements.push_back(s.placement);
    auto full_plan = compute::evaluate_placement(full, placements);
    if (!full_plan) return fail(err, kExitInput, full_plan.error().message);
    r.decode_token_s_full_context = full_plan->decode_token_s;
  }
  if (o.format == "json") {
    print_json(r, out);
  } else {
    print_text(r, out);
  }
  return 0;
}

std::string assumed_mark(const compute::AcceleratorSpec& a, const char* field) {
  return a.is_assumed(field) ? "*" : "";
}

int run_models(std::ostream& out, std::ostream& err) {
  const auto catalog = load_catalog(err);
  if (!catalog) return kExitInput;
  out << "Language models (data/catalog/llm_models.yaml; values from each config.json)\n";
  out << fmt::format("  {:<13} {:>7} {:>6} {:>6} {:>8} {:>8} {:>6} {:>7} {:>5} {:>8}\n", "id",
                     "params", "layers", "hidden", "heads/kv", "head_dim", "ffn", "vocab", "tied",
                     "context");
  for (const compute::LlmSpec& m : catalog->llms()) {
    out << fmt::format("  {:<13} {:>6.2f}B {:>6} {:>6} {:>8} {:>8} {:>6} {:>7} {:>5} {:>8}\n", m.id,
                       compute::count_parameters(m).total / 1e9, m.layers, m.hidden_size,
                       fmt::format("{}/{}", m.attention_heads, m.kv_heads), m.head_dim,
                       m.intermediate_size, m.vocab_size, m.tied_embeddings ? "yes" : "no",
                       m.max_context_tokens);
  }
  out << "\nVision models (data/catalog/vision_models.yaml)\n";
  out << fmt::format("  {:<10} {:<15} {:>9} {:>7} {:>9} {:>12}\n", "id", "task", "input", "GMACs",
                     "params M", "output bytes");
  for (const compute::VisionModelSpec& v : catalog->vision_models()) {
    out << fmt::format("  {:<10} {:<15} {:>9} {:>7g} {:>9g} {:>12g}\n", v.id, v.task,
                       fmt::format("{}x{}", v.input_width_px, v.input_height_px), v.gmacs_per_image,
                       v.params_m, v.output_bytes);
  }
  return 0;
}

int run_accelerators(std::ostream& out, std::ostream& err) {
  const auto catalog = load_catalog(err);
  if (!catalog) return kExitInput;
  out << "Accelerators (data/catalog/accelerators.yaml; * = assumption, not published)\n";
  out << fmt::format("  {:<23} {:<14} {:>17} {:>17} {:>8} {:>8} {:>9}\n", "id", "family",
                     "INT8 TOPS d/s", "FP16 TFLOPS d/s", "mem GiB", "GB/s", "power W");
  for (const compute::AcceleratorSpec& a : catalog->accelerators()) {
    double min_w = a.power_modes.front().watts;
    double max_w = min_w;
    for (const compute::PowerMode& m : a.power_modes) {
      min_w = std::min(min_w, m.watts);
      max_w = std::max(max_w, m.watts);
    }
    const std::string power =
        min_w == max_w ? fmt::format("{:g}", max_w) : fmt::format("{:g}-{:g}", min_w, max_w);
    out << fmt::format(
        "  {:<23} {:<14} {:>17} {:>17} {:>8} {:>8} {:>9}\n", a.id, a.family,
        fmt::format("{:g}{}/{:g}{}", a.int8_dense_tops, assumed_mark(a, "int8_dense_tops"),
                    a.int8_sparse_tops, assumed_mark(a, "int8_sparse_tops")),
        fmt::format("{:g}{}/{:g}{}", a.fp16_dense_tflops, assumed_mark(a, "fp16_dense_tflops"),
                    a.fp16_sparse_tflops, assumed_mark(a, "fp16_sparse_tflops")),
        fmt::format("{:g}{}", a.memory_gib, assumed_mark(a, "memory_gib")),
        fmt::format("{:g}{}", a.memory_bandwidth_gb_s, assumed_mark(a, "memory_bandwidth_gb_s")),
        power + assumed_mark(a, "power_modes"));
  }
  out << "\nEfficiency per family (fraction of peak achieved)\n";
  for (const compute::FamilyEfficiency& f : catalog->families()) {
    out << fmt::format("  {:<14} bandwidth {:.3f}  compute {:.2f}  ({})\n", f.id,
                       f.bandwidth_efficiency, f.compute_efficiency, f.basis);
  }
  return 0;
}

void add_plan_subcommand(CLI::App& llm, int& exit_code) {
  auto options = std::make_shared<PlanOptions>();
  CLI::App* plan = llm.add_subcommand(
      "plan", "Memory, placement across satellites, time to first token and decode speed");
  plan->add_option("--model", options->model, "Language model id (see `lagrange llm models`)")
      ->required();
  plan->add_option("--precision", options->precision, "Weight precision: fp16, int8 or int4")
      ->capture_default_str();
  plan->add_option("--kv-precision", options->kv_precision, "KV-cache precision: fp16, fp8, int8")
      ->capture_default_str();
  plan->add_option("--accelerator", options->accelerator,
                   "Accelerator id (see `lagrange llm accelerators`)")
      ->required();
  CLI::Option* satellites = plan->add_option("--satellites", options->satellites,
                                             "Candidate satellites: a chain of in-plane neighbours")
                                ->capture_default_str();
  plan->add_option("--scenario", options->scenario, "Scenario file (not supported yet)")
      ->excludes(satellites);
  plan->add_option("--spacing-km", options->spacing_km, "Distance between chain neighbours, km")
      ->capture_default_str();
  plan->add_option("--isl-gbps", options->isl_gbps, "Laser link rate, Gbps")->capture_default_str();
  CLI::Option* context =
      plan->add_option("--context", options->context_tokens,
                       "KV-cache tokens to reserve (default: min(4096, model maximum))");
  plan->add_option("--prompt-tokens", options->prompt_tokens, "Prompt length for prefill")
      ->capture_default_str();
  plan->add_option("--max-stages", options->max_stages, "At most this many pipeline stages")
      ->capture_default_str();
  plan->add_option("--format", options->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  plan->callback([options, context, &exit_code] {
    options->context_given = context->count() > 0;
    exit_code = run_plan(*options, std::cout, std::cerr);
  });
}

}  // namespace

void add_llm_command(CLI::App& app, int& exit_code) {
  CLI::App* llm = app.add_subcommand("llm", "Large language models in orbit: plans and catalogues");
  llm->require_subcommand(1);
  add_plan_subcommand(*llm, exit_code);
  llm->add_subcommand("models", "List the language and vision model catalogue")
      ->callback([&exit_code] { exit_code = run_models(std::cout, std::cerr); });
  llm->add_subcommand("accelerators", "List the accelerator catalogue and family efficiencies")
      ->callback([&exit_code] { exit_code = run_accelerators(std::cout, std::cerr); });
}

}  // namespace lagrange::cli
