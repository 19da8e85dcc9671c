// Users' models in the service (docs/service.md, "Models"): POST /v1/models uploads an ONNX
// file, checked on arrival by `lagrange model check` in a helper process (check_process.hpp);
// an accepted one becomes the next version of the tenant's model of that name in the engine.
// GET /v1/models and /v1/models/{id} show the check and the deployment progress per satellite;
// POST /v1/models/{id}/deploy and /rollback send it to satellites. A tenant sees its own
// models only: another's id is 404, as a missing one.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "model/model_check.hpp"
#include "service/check_process.hpp"
#include "service/internal/service_impl.hpp"
#include "service/keys.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;

constexpr int kMaxConcurrentChecks = 4;

bool valid_model_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string model_id(size_t index) {
  return fmt::format("model-{}", index + 1);
}

std::optional<size_t> parse_model_id(std::string_view id) {
  constexpr std::string_view kPrefix = "model-";
  if (id.size() <= kPrefix.size() || id.size() > kPrefix.size() + 9 ||
      id.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  size_t value = 0;
  for (char c : id.substr(kPrefix.size())) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<size_t>(c - '0');
  }
  if (value == 0) return std::nullopt;
  return value - 1;
}

Reply rejected(const std::string& detail, const json& reasons, const json& check) {
  Reply r = problem_reply(invalid_field("model", detail));
  json body = json::parse(r.body);
  body["reasons"] = reasons;
  if (!check.is_null()) body["check"] = check;
  r.body = body.dump();
  return r;
}

// The version the engine needs: the static figures again (the helper has already shown the
// file to be sound) and the image tile its first input takes.
Result<scenario::ModelVersionSpec> version_of(const std::filesystem::path& file) {
  const model::LoadLimits limits;
  auto bytes = model::read_bounded(file, limits.max_file_bytes);
  if (!bytes) return bytes.error();
  model::AnalyzeOptions options;
  options.source_name = file.filename().string();
  auto figures = model::analyze_model(*bytes, options);
  if (!figures) return figures.error();
  scenario::ModelVersionSpec v;
  v.file = file;
  v.file_bytes = static_cast<double>(bytes->size());
  v.figures = std::move(*figures);
  const auto& inputs = v.figures.inputs;
  if (inputs.empty() || inputs.front().dims.size() < 2 || inputs.front().dims.back() <= 0 ||
      inputs.front().dims[inputs.front().dims.size() - 2] <= 0) {
    return Error{
        "cannot tell the image tile the model takes: its first input needs known height and "
        "width as its last two dimensions"};
  }
  const auto& dims = inputs.front().dims;
  v.tile_width_px = dims.back();
  v.tile_height_px = dims[dims.size() - 2];
  for (const auto& out : v.figures.outputs) {
    double n = 1.0;
    for (const int64_t d : out.dims) n *= static_cast<double>(std::max<int64_t>(d, 1));
    v.output_values += n;
  }
  return v;
}

std::string satellite_name(const sim::World& w, uint32_t s) {
  const auto& e = w.scenario.satellites[s].elements;
  return e.name.empty() ? std::to_string(e.norad_id) : e.name;
}

// The model's deployments and each satellite's active version, from the engine's record.
json progress_json(const ModelEntry& m, const sim::ModelRunRecord* record, const sim::World& w) {
  json out = {{"deployments", json::array()}, {"satellites", json::array()}};
  if (record == nullptr) return out;
  const auto it = std::find(record->names.begin(), record->names.end(), m.engine_name);
  if (it == record->names.end()) return out;
  const auto index = static_cast<uint32_t>(it - record->names.begin());
  std::vector<int> active(w.scenario.satellites.size(), 0);
  for (const auto& c : record->versions) {
    if (c.model == index && c.satellite < active.size()) active[c.satellite] = c.version;
  }
  int deployed = 0;
  for (uint32_t s = 0; s < active.size(); ++s) {
    deployed += active[s] == m.version ? 1 : 0;
    out["satellites"].push_back(
        {{"satellite", satellite_name(w, s)}, {"active_version", active[s]}});
  }
  out["deployed_satellites"] = deployed;
  for (const auto& d : record->deployments) {
    if (d.model != index || (!d.rollback && d.version != m.version)) continue;
    json targets = json::array();
    for (size_t k = 0; k < d.satellites.size(); ++k) {
      targets.push_back(
          {{"satellite", satellite_name(w, d.satellites[k])},
           {"installed_at", d.installed[k] ? json(format_iso8601(*d.installed[k])) : json(nullptr)},
           {"bytes_received", d.bytes_received[k]}});
    }
    out["deployments"].push_back(
        {{"id", d.id},
         {"rollback", d.rollback},
         {"version", d.version},
         {"requested_at", format_iso8601(d.requested)},
         {"completed_at", d.completed ? json(format_iso8601(*d.completed)) : json(nullptr)},
         {"file_bytes", d.file_bytes},
         {"targets", targets}});
  }
  return out;
}

json model_json(size_t index, const ModelEntry& m, const sim::ModelRunRecord* record,
                const sim::World& w, bool with_check) {
  json j = {{"id", model_id(index)},
            {"name", m.name},
            {"model", std::string(scenario::kUserModelPrefix) + m.engine_name},
            {"version", m.version},
            {"precision", m.precision},
            {"status", "accepted"},
            {"uploaded_at", format_iso8601(m.uploaded_at)}};
  json progress = progress_json(m, record, w);
  j["deployed_satellites"] = progress.value("deployed_satellites", 0);
  if (with_check) {
    j["check"] = m.check;
    j["deployments"] = progress["deployments"];
    j["satellites"] = progress["satellites"];
  }
  return j;
}

// The body's satellites: `satellites` (names or NORAD ids), `class`, or `all` / nothing.
std::variant<std::vector<uint32_t>, Problem> targets_of(const std::string& body,
                                                        const sim::World& w) {
  if (body.empty()) return std::vector<uint32_t>{};
  if (!nesting_within_limit(body)) return malformed("JSON nested too deep");
  const json o = json::parse(body, nullptr, false);
  if (o.is_discarded() || !o.is_object()) return malformed("the body must be a JSON object");
  std::set<uint32_t> out;
  const auto& sats = w.scenario.satellites;
  if (o.contains("satellites")) {
    if (!o["satellites"].is_array()) return invalid_field("satellites", "expected a list of names");
    for (const auto& v : o["satellites"]) {
      bool found = false;
      for (uint32_t s = 0; s < sats.size() && v.is_string(); ++s) {
        if (satellite_name(w, s) == v.get<std::string>() ||
            std::to_string(sats[s].elements.norad_id) == v.get<std::string>()) {
          out.insert(s);
          found = true;
        }
      }
      if (!found) return invalid_field("satellites", "no satellite " + v.dump() + " here");
    }
  }
  if (o.contains("class")) {
    if (!o["class"].is_string()) return invalid_field("class", "expected a class name");
    const auto& classes = w.scenario.classes;
    const auto c = std::find_if(classes.begin(), classes.end(), [&](const auto& k) {
      return k.name == o["class"].get<std::string>();
    });
    if (c == classes.end())
      return invalid_field("class", "no satellite class " + o["class"].dump());
    for (uint32_t s = 0; s < sats.size(); ++s) {
      if (sats[s].class_index == static_cast<uint32_t>(c - classes.begin())) out.insert(s);
    }
  }
  if (o.contains("all") && !o["all"].is_boolean()) return invalid_field("all", "expected true");
  for (const auto& [key, value] : o.items()) {
    if (key != "satellites" && key != "class" && key != "all")
      return invalid_field(key, "unknown field '" + key + "'");
  }
  if (out.empty() && !o.value("all", false) && (o.contains("satellites") || o.contains("class")))
    return invalid_field("satellites", "no satellite selected");
  return std::vector<uint32_t>(out.begin(), out.end());
}

}  // namespace

std::optional<Problem> Service::Impl::model_storage_problem(size_t tenant,
                                                            uint64_t upload_bytes) const {
  uint64_t kept = 0;
  {
    std::shared_lock lock(shared.mutex);
    for (const auto& m : shared.models) kept += m.tenant == tenant ? m.file_bytes : 0;
  }
  const uint64_t cap = options.model_bytes_per_tenant;
  if (upload_bytes <= cap && kept <= cap - upload_bytes) return std::nullopt;
  constexpr double kMiB = 1024.0 * 1024.0;
  return forbidden(fmt::format(
      "the tenant's models take {:.1f} MiB and this upload {:.1f} MiB, past the {:.0f} MiB a "
      "tenant may keep",
      static_cast<double>(kept) / kMiB, static_cast<double>(upload_bytes) / kMiB,
      static_cast<double>(cap) / kMiB));
}

std::variant<json, Problem> Service::Impl::add_model(const ModelCommand& m) {
  auto spec = version_of(m.file);
  if (!spec) return invalid_field("model", spec.error().message);
  // Checked again here, in command order, as the upload route's early look may race another.
  const auto file_bytes = static_cast<uint64_t>(spec->file_bytes);
  if (auto p = model_storage_problem(m.tenant, file_bytes)) return *p;
  auto precision = model::parse_precision(m.precision);
  if (!precision) return invalid_field("precision", precision.error().message);
  const std::string engine_name = shared.tenants[m.tenant].row.name + "/" + m.name;
  auto version = engine->add_model_version(engine_name, *precision, *spec);
  if (!version) return invalid_field("precision", version.error().message);
  ModelEntry entry{m.tenant,    m.name,  engine_name,   *version,
                   m.precision, m.check, engine->now(), file_bytes};
  std::unique_lock lock(shared.mutex);
  shared.models.push_back(entry);
  shared.model_record = std::make_shared<const sim::ModelRunRecord>(engine->models());
  return model_json(shared.models.size() - 1, entry, shared.model_record.get(), *world, true);
}

std::variant<json, Problem> Service::Impl::deploy_model(const DeployCommand& d) {
  ModelEntry m;
  {
    std::shared_lock lock(shared.mutex);
    m = shared.models.at(d.model);
  }
  Result<uint64_t> id = Error{""};
  if (d.rollback) {
    id = engine->rollback(m.engine_name, d.satellites, engine->now());
  } else {
    sim::DeployRequest request;
    request.model = m.engine_name;
    request.version = m.version;
    request.satellites = d.satellites;
    request.at = engine->now();
    id = engine->deploy(std::move(request));
  }
  if (!id) return conflict(id.error().message);
  std::unique_lock lock(shared.mutex);
  shared.model_record = std::make_shared<const sim::ModelRunRecord>(engine->models());
  return json{{"deployment", *id},
              {"model", model_id(d.model)},
              {"rollback", d.rollback},
              {"requested_at", format_iso8601(engine->now())}};
}

Reply Service::upload_model(const Request& r) {
  auto tenant = impl_->tenant_of(r);
  if (!tenant) return problem_reply(unauthorized("a tenant's API key is needed"));
  const auto name = r.query.count("name") ? r.query.at("name") : std::string();
  if (!valid_model_name(name)) {
    return problem_reply(invalid_field(
        "name", "the query parameter name must be 1 to 64 letters, digits, '-' or '_'"));
  }
  const auto precision = r.query.count("precision") ? r.query.at("precision") : "int8";
  if (auto p = model::parse_precision(precision); !p) {
    return problem_reply(invalid_field("precision", p.error().message));
  }
  if (r.body.empty()) return problem_reply(malformed("the body must be the ONNX file's bytes"));
  if (impl_->options.model_checker.empty()) {
    return problem_reply(
        unavailable("model uploads are off on this server: it has no model checker (the "
                    "service's model_checker option names the lagrange binary)"));
  }
  if (auto p = impl_->model_storage_problem(*tenant, r.body.size())) return problem_reply(*p);
  // Each check is a process running OpenCV: a few at once, the rest told to come back.
  struct Slot {
    std::atomic<int>& n;
    ~Slot() { --n; }
  } slot{impl_->model_checks};
  if (++impl_->model_checks > kMaxConcurrentChecks) {
    return problem_reply(too_many("other model checks are running", 5));
  }
  const auto dir = impl_->options.data_dir / "models";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto token = new_api_key();
  if (!token) return problem_reply(unavailable("cannot name the upload"));
  const auto file = dir / (sha256_hex(*token).substr(0, 16) + ".onnx");
  {
    std::ofstream out(file, std::ios::binary);
    out.write(r.body.data(), static_cast<std::streamsize>(r.body.size()));
    if (!out) return problem_reply(unavailable("cannot store the upload"));
  }
  // The accelerators the model may run on: those of the scenario's satellite classes.
  std::vector<std::string> accelerators;
  for (const auto& c : impl_->world->scenario.classes) {
    const std::string& id = c.accelerator.spec.id;
    if (std::find(accelerators.begin(), accelerators.end(), id) == accelerators.end())
      accelerators.push_back(id);
  }
  auto run = run_model_check(impl_->options.model_checker, file, precision, accelerators,
                             impl_->options.model_check_limit);
  auto discard = [&] { std::filesystem::remove(file, ec); };
  if (!run) {
    discard();
    return problem_reply(unavailable(run.error().message));
  }
  if (run->timed_out) {
    discard();
    const std::string why = fmt::format("the model check ran past its limit of {} s",
                                        impl_->options.model_check_limit.count() / 1000.0);
    return rejected(why, json::array({why}), nullptr);
  }
  // The helper names the file by its path in the data directory: the client sent no name.
  for (std::string* text : {&run->out, &run->err}) {
    for (size_t at = text->find(file.string()); at != std::string::npos;
         at = text->find(file.string(), at)) {
      text->replace(at, file.string().size(), "the upload");
    }
  }
  const json check = json::parse(run->out, nullptr, false);
  if (run->exit_code != 0 || check.is_discarded()) {
    discard();
    if (!check.is_discarded() && check.contains("reasons")) {
      return rejected("the model check rejects the model", check["reasons"], check);
    }
    std::string why = run->err.substr(0, run->err.find('\n'));
    if (why.empty()) why = "the model check failed";
    return rejected(why, json::array({why}), nullptr);
  }
  Command c;
  c.what = ModelCommand{*tenant, name, precision, file, check};
  Reply reply = impl_->enqueue(std::move(c));
  if (reply.status >= 300) discard();
  return reply;
}

Reply Service::list_models(const Request& r) {
  auto tenant = impl_->tenant_of(r);
  if (!tenant) return problem_reply(unauthorized("a tenant's API key is needed"));
  std::shared_lock lock(impl_->shared.mutex);
  json list = json::array();
  for (size_t i = 0; i < impl_->shared.models.size(); ++i) {
    const auto& m = impl_->shared.models[i];
    if (m.tenant != *tenant) continue;
    list.push_back(model_json(i, m, impl_->shared.model_record.get(), *impl_->world, false));
  }
  return json_reply(200, json{{"models", list}}.dump());
}

Reply Service::get_model(const Request& r, std::string_view id) {
  auto tenant = impl_->tenant_of(r);
  if (!tenant) return problem_reply(unauthorized("a tenant's API key is needed"));
  const auto index = parse_model_id(id);
  std::shared_lock lock(impl_->shared.mutex);
  if (!index || *index >= impl_->shared.models.size() ||
      impl_->shared.models[*index].tenant != *tenant) {
    return problem_reply(not_found("no model " + std::string(id)));
  }
  return json_reply(200, model_json(*index, impl_->shared.models[*index],
                                    impl_->shared.model_record.get(), *impl_->world, true)
                             .dump());
}

Reply Service::deploy_model(const Request& r, std::string_view id, bool rollback) {
  auto tenant = impl_->tenant_of(r);
  if (!tenant) return problem_reply(unauthorized("a tenant's API key is needed"));
  const auto index = parse_model_id(id);
  {
    std::shared_lock lock(impl_->shared.mutex);
    if (!index || *index >= impl_->shared.models.size() ||
        impl_->shared.models[*index].tenant != *tenant) {
      return problem_reply(not_found("no model " + std::string(id)));
    }
  }
  auto targets = targets_of(r.body, *impl_->world);
  if (auto* p = std::get_if<Problem>(&targets)) return problem_reply(*p);
  Command c;
  c.what = DeployCommand{*tenant, *index, rollback, std::get<std::vector<uint32_t>>(targets)};
  return impl_->enqueue(std::move(c));
}

}  // namespace lagrange::service
