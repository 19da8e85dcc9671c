// `lagrange llm`: plan an LLM onto satellites (`plan`) and list the catalogues (`models`,
// `accelerators`). The model is docs/llm-model.md; the catalogue is data/catalog/*.yaml, found
// through $LAGRANGE_DATA or the source tree's data/ compiled in.
//
// `plan` models --satellites N as a chain of in-plane neighbours --spacing-km apart with
// --isl-gbps laser links, or with --scenario takes the scenario's satellites, their classes'
// accelerators and the laser links of the real geometry at --at (sim/llm_placement.hpp).
// --accelerator, --spacing-km and --isl-gbps describe the chain and are refused with
// --scenario (exit 2): there the scenario's classes say what each satellite carries.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "cli/commands.hpp"
#include "compute/catalog.hpp"
#include "compute/llm_performance.hpp"
#include "compute/pipeline.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "scenario/scenario.hpp"
#include "sim/llm_placement.hpp"

namespace lagrange::cli {
namespace {

using compute::Catalog;

constexpr int kMaxSatellites = 64;
// The ephemeris for a scenario placement spans this much after --at: the links' lifetime is
// looked for within it.
constexpr Duration kLifetimeHorizon = Duration::hours(2);
constexpr double kBytesPerGib = 1024.0 * 1024.0 * 1024.0;

struct PlanOptions {
  std::string model;
  std::string precision = "int4";
  std::string kv_precision = "fp16";
  std::string accelerator;
  int satellites = 1;
  std::string scenario;
  std::string at;                 // ISO 8601; default: the scenario's start
  int candidates = 16;            // with --scenario
  std::vector<uint32_t> exclude;  // NORAD ids, with --scenario
  double spacing_km = 1000.0;
  double isl_gbps = 100.0;
  int context_tokens = 0;
  bool context_given = false;  // else min(4096, the model's maximum)
  int prompt_tokens = 512;
  int max_stages = 8;
  std::string format = "text";
};

int fail(std::ostream& err, int code, const std::string& message) {
  err << printable("lagrange llm: " + message) << "\n";
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
  // With --scenario only.
  const scenario::Scenario* scenario = nullptr;
  std::optional<sim::LlmPlacement> placement;
};

std::string satellite_label(const scenario::Scenario& s, size_t index) {
  const orbit::ElementSet& e = s.satellites[index].elements;
  return fmt::format("{} ({})", e.name.empty() ? fmt::format("sat-{}", index) : e.name, e.norad_id);
}

nlohmann::json satellite_json(const scenario::Scenario& s, size_t index) {
  const orbit::ElementSet& e = s.satellites[index].elements;
  return {{"index", index},
          {"name", e.name},
          {"norad_id", e.norad_id},
          {"class", s.class_of(index).name},
          {"accelerator", s.class_of(index).accelerator.spec.id}};
}

// Hosts, links and lifetime of a scenario placement.
void add_scenario_json(const PlanReport& r, nlohmann::json& j) {
  const sim::LlmPlacement& p = *r.placement;
  const scenario::Scenario& s = *r.scenario;
  j["scenario"] = s.name;
  j["at"] = format_iso8601(p.at);
  j["accelerator"] = nullptr;  // per satellite, see "satellites"
  nlohmann::json candidates = nlohmann::json::array();
  for (size_t c : p.network.candidates) candidates.push_back(satellite_json(s, c));
  j["candidates"] = candidates;
  nlohmann::json hosts = nlohmann::json::array();
  for (size_t k = 0; k < p.stage_satellites.size(); ++k) {
    nlohmann::json host = satellite_json(s, p.stage_satellites[k]);
    host["first_layer"] = p.result.plan.stages[k].placement.first_layer;
    host["last_layer"] = p.result.plan.stages[k].placement.end_layer - 1;
    hosts.push_back(host);
    j["stages"][k]["satellite"] = p.stage_satellites[k];
    j["stages"][k]["satellite_name"] = s.satellites[p.stage_satellites[k]].elements.name;
  }
  j["satellites"] = hosts;
  nlohmann::json links = nlohmann::json::array();
  for (const sim::LinkRoute& route : p.used_routes) {
    nlohmann::json path = nlohmann::json::array();
    for (size_t v : route.path) path.push_back(v);
    links.push_back({{"from", route.path.front()},
                     {"to", route.path.back()},
                     {"path", path},
                     {"hops", route.hops()},
                     {"range_km", route.range_km},
                     {"rate_bps", route.rate_bps},
                     {"light_time_s", route.light_time_s}});
  }
  j["links"] = links;
  j["valid_until"] = p.feasible ? nlohmann::json(format_iso8601(p.valid_until)) : nullptr;
  j["valid_until_is_horizon"] = p.valid_until_is_horizon;
  j.erase("spacing_km");
  j.erase("isl_rate_bps");
}

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
  nlohmann::json j = {
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
  if (r.placement) add_scenario_json(r, j);
  out << j.dump(2) << "\n";
}

void print_memory(const PlanReport& r, std::ostream& out) {
  const compute::StageEstimate& m = r.single;
  out << fmt::format("Memory for the whole model on one {} ({} tokens of context):\n",
                     r.device.accelerator.id, r.workload.context_tokens);
  out << fmt::format("  weights      {:8.2f} GiB\n", gib(m.weight_bytes));
  out << fmt::format("  KV cache     {:8.2f} GiB  ({:.1f} KiB per token)\n", gib(m.kv_cache_bytes),
                     r.kv_bytes_per_token / 1024.0);
  out << fmt::format("  activations  {:8.2f} GiB\n", gib(m.activation_bytes));
  out << fmt::format("  runtime      {:8.2f} GiB  (reserved: OS, runtime, allocator)\n",
                     gib(m.reserved_bytes));
  out << fmt::format("  total        {:8.2f} GiB  of {:.2f} GiB -> {}\n\n", gib(m.total_bytes),
                     gib(m.capacity_bytes), m.fits ? "fits" : "does not fit");
}

void print_chain_placement(const PlanReport& r, std::ostream& out) {
  const compute::PipelinePlan& plan = r.result.plan;
  out << "  stage  satellite  layers   memory GiB       decode ms  prefill ms\n";
  for (size_t s = 0; s < plan.stages.size(); ++s) {
    const compute::PipelineStage& st = plan.stages[s];
    out << fmt::format("  {:<5}  sat-{:<5}  {:<7}  {:6.2f} / {:<6.2f}  {:9.2f}  {:10.1f}\n", s + 1,
                       st.placement.satellite, layer_span(st.placement),
                       gib(st.estimate.total_bytes), gib(st.estimate.capacity_bytes),
                       st.estimate.decode_s * 1e3, st.estimate.prefill_s * 1e3);
  }
}

void print_scenario_placement(const PlanReport& r, std::ostream& out) {
  const compute::PipelinePlan& plan = r.result.plan;
  const sim::LlmPlacement& p = *r.placement;
  const scenario::Scenario& sc = *r.scenario;
  out << fmt::format("  {:<5}  {:<22}  {:<10}  {:<22}  {:<7}  {:<15}  {:>9}  {:>10}\n", "stage",
                     "satellite", "class", "accelerator", "layers", "memory GiB", "decode ms",
                     "prefill ms");
  for (size_t s = 0; s < plan.stages.size(); ++s) {
    const compute::PipelineStage& st = plan.stages[s];
    const size_t sat = p.stage_satellites[s];
    out << fmt::format(
        "  {:<5}  {:<22}  {:<10}  {:<22}  {:<7}  {:6.2f} / {:<6.2f}  {:9.2f}  {:10.1f}\n", s + 1,
        satellite_label(sc, sat), sc.class_of(sat).name, sc.class_of(sat).accelerator.spec.id,
        layer_span(st.placement), gib(st.estimate.total_bytes), gib(st.estimate.capacity_bytes),
        st.estimate.decode_s * 1e3, st.estimate.prefill_s * 1e3);
  }
  if (p.used_routes.empty()) return;
  out << "\nLaser links at " << format_iso8601(p.at)
      << " (cuts in pipeline order, then the token id back):\n";
  for (size_t k = 0; k < p.used_routes.size(); ++k) {
    const sim::LinkRoute& route = p.used_routes[k];
    const std::string what =
        k + 1 < p.used_routes.size() ? fmt::format("cut {}->{}", k + 1, k + 2) : "return";
    std::string path;
    for (size_t v : route.path) {
      path += (path.empty() ? "" : " > ") + sc.satellites[v].elements.name;
    }
    out << fmt::format("  {:<9}  {} hop{}  {:8.1f} km  {:7.2f} Gbps  {:7.3f} ms light time  [{}]\n",
                       what, route.hops(), route.hops() == 1 ? " " : "s", route.range_km,
                       route.rate_bps / 1e9, route.light_time_s * 1e3, path);
  }
}

void print_lifetime(const PlanReport& r, std::ostream& out) {
  const sim::LlmPlacement& p = *r.placement;
  if (p.used_routes.empty()) {
    out << "Valid: uses no laser link; re-plan only if the host becomes unavailable.\n";
  } else if (p.valid_until_is_horizon) {
    out << fmt::format(
        "Valid: every used link holds until at least {} (the end of the {:g} h "
        "looked at).\n",
        format_iso8601(p.valid_until), kLifetimeHorizon.to_seconds() / 3600.0);
  } else {
    out << fmt::format(
        "Valid until {} ({:.0f} s after --at), when a used link breaks: re-plan "
        "then.\n",
        format_iso8601(p.valid_until), (p.valid_until - p.at).to_seconds());
  }
}

void print_text(const PlanReport& r, std::ostream& out) {
  const compute::PipelinePlan& plan = r.result.plan;
  out << fmt::format(
      "{} ({}): {:.2f} B parameters, {} layers; {} weights ({:g} bits), {} KV cache\n",
      r.workload.model.id, r.workload.model.name, r.parameters.total / 1e9, r.workload.model.layers,
      r.workload.weights.id, r.workload.weights.bits_per_weight, r.workload.kv.id);
  if (r.placement) {
    out << fmt::format(
        "Scenario {} at {}: {} candidate satellite(s) of {} in path order, laser links from "
        "the geometry\n\n",
        r.scenario->name, format_iso8601(r.placement->at), r.placement->network.candidates.size(),
        r.scenario->satellites.size());
  } else {
    out << fmt::format(
        "{} x {}: chain of in-plane neighbours {:g} km apart, {:g} Gbps laser links\n\n",
        r.device.accelerator.id, r.options.satellites, r.options.spacing_km, r.options.isl_gbps);
  }
  print_memory(r, out);

  if (!plan.feasible) {
    const size_t n = r.placement ? r.placement->network.candidates.size()
                                 : static_cast<size_t>(r.options.satellites);
    out << fmt::format(
        "Does not fit on {} satellite(s) in at most {} stages. Try more satellites, a smaller "
        "precision or a shorter --context.\n",
        n, r.options.max_stages);
    return;
  }
  out << fmt::format("Placement ({} stage{}):\n", plan.stages.size(),
                     plan.stages.size() == 1 ? "" : "s");
  if (r.placement) {
    print_scenario_placement(r, out);
  } else {
    print_chain_placement(r, out);
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
  if (r.placement) print_lifetime(r, out);
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
  if (o.candidates < 1 || o.candidates > kMaxSatellites) {
    return Error{fmt::format("--candidates {}: expected 1 to {}", o.candidates, kMaxSatellites)};
  }
  return ok_status();
}

// The same placement with the KV cache full.
Result<double> full_context_decode_s(compute::PipelineRequest request,
                                     const compute::PipelinePlan& plan) {
  request.workload.decode_kv_tokens = request.workload.context_tokens;
  std::vector<compute::StagePlacement> placements;
  for (const compute::PipelineStage& s : plan.stages) placements.push_back(s.placement);
  auto full = compute::evaluate_placement(request, placements);
  if (!full) return full.error();
  return full->decode_token_s;
}

int plan_on_chain(PlanReport& r, const Catalog& catalog, std::ostream& err) {
  const PlanOptions& o = r.options;
  auto device = compute::make_device(catalog, o.accelerator);
  if (!device) return fail(err, kExitUsage, "--accelerator: " + device.error().message);
  r.device = *device;
  compute::PipelineRequest request;
  request.workload = r.workload;
  request.satellites.assign(static_cast<size_t>(o.satellites), r.device);
  request.links = compute::chain_links(request.satellites.size(), o.spacing_km, o.isl_gbps * 1e9);
  request.max_stages = o.max_stages;
  auto result = compute::plan_pipeline(request);
  if (!result) return fail(err, kExitInput, result.error().message);
  r.result = std::move(*result);
  if (r.result.plan.feasible) {
    auto full = full_context_decode_s(request, r.result.plan);
    if (!full) return fail(err, kExitInput, full.error().message);
    r.decode_token_s_full_context = *full;
  }
  return 0;
}

Result<std::vector<size_t>> excluded_indices(const scenario::Scenario& s,
                                             const std::vector<uint32_t>& norad_ids) {
  std::vector<size_t> excluded;
  for (uint32_t id : norad_ids) {
    const auto it = std::find_if(s.satellites.begin(), s.satellites.end(),
                                 [id](const auto& e) { return e.elements.norad_id == id; });
    if (it == s.satellites.end()) {
      return Error{
          fmt::format("--exclude {}: no satellite with that NORAD id in scenario {}", id, s.name)};
    }
    excluded.push_back(static_cast<size_t>(it - s.satellites.begin()));
  }
  return excluded;
}

int plan_on_scenario(PlanReport& r, const Catalog& catalog, std::unique_ptr<scenario::Scenario>& sc,
                     std::ostream& err) {
  const PlanOptions& o = r.options;
  const auto data_dir = compute::default_data_dir();
  auto path = scenario::resolve_scenario(o.scenario, data_dir);
  if (!path) return fail(err, kExitInput, "--scenario: " + path.error().message);
  auto loaded = scenario::load_scenario(*path, scenario::LoadContext{data_dir, &catalog});
  if (!loaded) return fail(err, kExitInput, "--scenario: " + loaded.error().message);
  sc = std::make_unique<scenario::Scenario>(std::move(*loaded));
  r.scenario = sc.get();

  sim::LlmPlacementRequest request;
  request.model = o.model;
  request.precision = o.precision;
  request.kv_precision = o.kv_precision;
  request.context_tokens = o.context_tokens;
  request.prompt_tokens = o.prompt_tokens;
  request.max_stages = o.max_stages;
  request.max_candidates = static_cast<size_t>(o.candidates);
  request.at = sc->start;
  if (!o.at.empty()) {
    auto at = parse_iso8601(o.at);
    if (!at) return fail(err, kExitUsage, "--at: " + at.error().message);
    request.at = *at;
  }
  auto excluded = excluded_indices(*sc, o.exclude);
  if (!excluded) return fail(err, kExitUsage, excluded.error().message);
  request.excluded = std::move(*excluded);

  auto ephemeris = sim::scenario_ephemeris(*sc, request.at, request.at + kLifetimeHorizon);
  if (!ephemeris) return fail(err, kExitInput, "--scenario: " + ephemeris.error().message);
  auto placement = sim::plan_llm_placement(*sc, catalog, *ephemeris, request);
  if (!placement) return fail(err, kExitInput, placement.error().message);
  if (placement->network.candidates.empty()) {
    return fail(err, kExitInput,
                fmt::format("no satellite of scenario {} can host the model at {} (all excluded "
                            "or not propagating)",
                            sc->name, format_iso8601(request.at)));
  }
  r.placement = std::move(*placement);
  const sim::LlmPlacement& p = *r.placement;
  r.result = p.result;
  const size_t first = p.feasible ? p.result.plan.stages.front().placement.satellite : 0;
  r.device = p.network.devices[first];
  if (p.feasible) {
    compute::PipelineRequest pipeline;
    pipeline.workload = p.workload;
    pipeline.satellites = p.network.devices;
    pipeline.links = p.network.links;
    pipeline.max_stages = o.max_stages;
    auto full = full_context_decode_s(pipeline, p.result.plan);
    if (!full) return fail(err, kExitInput, full.error().message);
    r.decode_token_s_full_context = *full;
  }
  return 0;
}

int run_plan(PlanOptions o, std::ostream& out, std::ostream& err) {
  if (!o.scenario.empty() && !o.accelerator.empty()) {
    return fail(err, kExitUsage,
                "--accelerator is not used with --scenario: the scenario's satellite classes "
                "say which accelerator each satellite carries");
  }
  if (o.scenario.empty() && o.accelerator.empty()) {
    return fail(err, kExitUsage, "--accelerator is required (or give --scenario)");
  }
  const auto catalog = load_catalog(err);
  if (!catalog) return kExitInput;
  auto model = catalog->llm(o.model);
  if (!model) return fail(err, kExitUsage, "--model: " + model.error().message);
  auto weights = catalog->weight_precision(o.precision);
  if (!weights) return fail(err, kExitUsage, "--precision: " + weights.error().message);
  auto kv = catalog->kv_precision(o.kv_precision);
  if (!kv) return fail(err, kExitUsage, "--kv-precision: " + kv.error().message);
  if (!o.context_given) o.context_tokens = std::min(4096, model->max_context_tokens);
  if (Status s = check_plan_options(o, *model); !s) return fail(err, kExitUsage, s.error().message);

  PlanReport r;
  r.options = o;
  r.workload = compute::LlmWorkload{
      *model,          *weights,       *kv, catalog->activation_bytes(), o.context_tokens,
      o.prompt_tokens, o.prompt_tokens};
  r.parameters = compute::count_parameters(*model);
  r.kv_bytes_per_token = compute::kv_bytes_per_token(*model, *kv);
  std::unique_ptr<scenario::Scenario> scenario;  // outlives the report, which points into it
  const int code = o.scenario.empty() ? plan_on_chain(r, *catalog, err)
                                      : plan_on_scenario(r, *catalog, scenario, err);
  if (code != 0) return code;
  r.single = compute::estimate_single_device(r.workload, r.device);
  if (o.format == "json") {
    print_json(r, out);
  } else {
    print_text(r, out);
  }
  // The plan is printed either way; the exit code answers "does it fit?" for scripts.
  return r.result.plan.feasible ? kExitOk : kExitNo;
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
                   "Accelerator id (see `lagrange llm accelerators`); required without --scenario");
  CLI::Option* satellites = plan->add_option("--satellites", options->satellites,
                                             "Candidate satellites: a chain of in-plane neighbours")
                                ->capture_default_str();
  CLI::Option* spacing =
      plan->add_option("--spacing-km", options->spacing_km, "Distance between chain neighbours, km")
          ->capture_default_str();
  CLI::Option* isl =
      plan->add_option("--isl-gbps", options->isl_gbps, "Chain laser link rate, Gbps")
          ->capture_default_str();
  CLI::Option* scenario_option =
      plan->add_option("--scenario", options->scenario,
                       "Scenario file or built-in name: its satellites, accelerators and laser "
                       "links at --at")
          ->excludes(satellites)
          ->excludes(spacing)
          ->excludes(isl);
  plan->add_option("--at", options->at, "Geometry instant, ISO 8601 UTC (default: scenario start)")
      ->needs(scenario_option);
  plan->add_option("--candidates", options->candidates,
                   "With --scenario: at most this many candidate satellites, in path order")
      ->needs(scenario_option)
      ->capture_default_str();
  plan->add_option("--exclude", options->exclude,
                   "With --scenario: NORAD ids of satellites that may neither host nor relay")
      ->needs(scenario_option)
      ->delimiter(',');
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
