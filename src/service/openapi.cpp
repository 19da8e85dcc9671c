// GET /v1/openapi.json: the OpenAPI 3.1 description of every route (docs/service.md).
#include <nlohmann/json.hpp>

#include "service/service.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;

json ref(const std::string& name) {
  return {{"$ref", "#/components/schemas/" + name}};
}

json problem_responses(std::initializer_list<int> statuses) {
  json out = json::object();
  for (int s : statuses) {
    out[std::to_string(s)] = {
        {"description", "problem details (RFC 9457)"},
        {"content", {{"application/problem+json", {{"schema", ref("Problem")}}}}}};
  }
  return out;
}

json operation(const std::string& summary, const std::string& security, json ok,
               std::initializer_list<int> errors, json parameters = json::array(),
               json body = nullptr) {
  json op = {{"summary", summary}, {"responses", problem_responses(errors)}};
  for (auto& [code, response] : ok.items()) op["responses"][code] = response;
  if (!security.empty()) op["security"] = json::array({{{security, json::array()}}});
  if (!parameters.empty()) op["parameters"] = parameters;
  if (!body.is_null()) {
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", body}}}}}};
  }
  return op;
}

json json_ok(const std::string& code, const std::string& description, json schema) {
  return {
      {code,
       {{"description", description}, {"content", {{"application/json", {{"schema", schema}}}}}}}};
}

json param(const std::string& name, const std::string& in, bool required, const std::string& type,
           const std::string& description) {
  return {{"name", name},
          {"in", in},
          {"required", required},
          {"schema", {{"type", type}}},
          {"description", description}};
}

json schemas() {
  json point = {
      {"type", "array"}, {"items", {{"type", "number"}}}, {"minItems", 2}, {"maxItems", 2}};
  json polygon = {{"type", "array"}, {"items", point}, {"minItems", 3}};
  json common = {{"name", {{"type", "string"}}},
                 {"at", {{"type", "string"}, {"format", "date-time"}}},
                 {"deadline_s", {{"type", "number"}, {"minimum", 1}}}};
  json eo = {{"type", "object"},
             {"required", {"kind", "target", "model"}},
             {"additionalProperties", false},
             {"properties", common}};
  eo["properties"]["kind"] = {{"const", "eo_task"}};
  eo["properties"]["target"] = {
      {"oneOf", json::array({{{"type", "object"}, {"properties", {{"point", point}}}},
                             {{"type", "object"}, {"properties", {{"polygon", polygon}}}}})}};
  eo["properties"]["model"] = {{"type", "string"}};
  eo["properties"]["deliver_to"] = {{"description", "\"any\", {station} or {region}"}};
  eo["properties"]["capture_window_s"] = {{"type", "number"}, {"minimum", 1}};
  json job = {{"type", "object"},
              {"required", {"kind", "operations", "input_bytes", "output_bytes", "from"}},
              {"additionalProperties", false},
              {"properties", common}};
  job["properties"]["kind"] = {{"const", "compute_job"}};
  for (const char* k : {"operations", "input_bytes", "output_bytes"})
    job["properties"][k] = {{"type", "number"}, {"minimum", 0}};
  job["properties"]["from"] = {{"type", "string"}};
  json llm = {{"type", "object"},
              {"required", {"kind", "model", "prompt_tokens", "answer_tokens", "from"}},
              {"additionalProperties", false},
              {"properties", common}};
  llm["properties"]["kind"] = {{"const", "llm_query"}};
  llm["properties"]["model"] = {{"type", "string"}};
  for (const char* k : {"prompt_tokens", "answer_tokens"})
    llm["properties"][k] = {{"type", "integer"}, {"minimum", 1}};
  llm["properties"]["from"] = {{"type", "string"}};
  json step = {{"type", "object"},
               {"properties",
                {{"stage", {{"type", "string"}}},
                 {"at", {{"type", "string"}, {"format", "date-time"}}},
                 {"satellite", {{"type", {"string", "null"}}}},
                 {"station", {{"type", {"string", "null"}}}}}}};
  json stages = {"accepted",    "waiting_capture",      "uplinking", "queued", "computing",
                 "downlinking", "processing_on_ground", "delivered", "dropped"};
  json job_view = {{"type", "object"},
                   {"properties",
                    {{"id", {{"type", "string"}}},
                     {"kind", {{"type", "string"}}},
                     {"name", {{"type", "string"}}},
                     {"status", {{"enum", stages}}},
                     {"drop_reason", {{"type", {"string", "null"}}}},
                     {"submitted_at", {{"type", "string"}}},
                     {"delivered_at", {{"type", {"string", "null"}}}},
                     {"delivered_to", {{"type", {"string", "null"}}}},
                     {"timeline", {{"type", "array"}, {"items", step}}},
                     {"raw_bytes", {{"type", "number"}}},
                     {"result_bytes", {{"type", "number"}}},
                     {"downlink_bytes", {{"type", "number"}}},
                     {"isl_bytes", {{"type", "number"}}},
                     {"energy_j", {{"type", "number"}}},
                     {"operations", {{"type", "number"}}},
                     {"prompt_tokens", {{"type", "integer"}}},
                     {"answer_tokens", {{"type", "integer"}}}}}};
  return {
      {"Problem",
       {{"type", "object"},
        {"properties",
         {{"type", {{"type", "string"}}},
          {"title", {{"type", "string"}}},
          {"status", {{"type", "integer"}}},
          {"detail", {{"type", "string"}}},
          {"field", {{"type", "string"}}}}}}},
      {"JobRequest", {{"oneOf", json::array({eo, job, llm})}}},
      {"Submitted",
       {{"type", "object"},
        {"properties",
         {{"id", {{"type", "string"}}},
          {"status", {{"type", "string"}}},
          {"submitted_at", {{"type", "string"}}}}}}},
      {"Job", job_view},
      {"TenantRequest",
       {{"type", "object"},
        {"required", {"name"}},
        {"additionalProperties", false},
        {"properties",
         {{"name", {{"type", "string"}}},
          {"weight", {{"type", "number"}}},
          {"quotas",
           {{"type", "object"},
            {"properties",
             {{"ops_per_day", {{"type", "number"}}},
              {"downlink_bytes_per_day", {{"type", "number"}}},
              {"requests_per_s", {{"type", "number"}}}}}}}}}}},
      {"Any", {{"type", "object"}}},
  };
}

}  // namespace

Reply Service::openapi() {
  json paths;
  paths["/v1/tenants"]["post"] =
      operation("Add a tenant; the key is shown once", "admin",
                json_ok("201", "the tenant and its key", ref("Any")), {400, 401, 409, 413, 422},
                json::array(), ref("TenantRequest"));
  paths["/v1/constellation"]["get"] = operation(
      "Satellites and stations now", "key", json_ok("200", "the constellation", ref("Any")), {401});
  paths["/v1/passes"]["get"] =
      operation("Passes over a station in the window", "key", json_ok("200", "passes", ref("Any")),
                {401, 422},
                json::array({param("station", "query", true, "string", "station name"),
                             param("from", "query", false, "string", "ISO 8601 UTC"),
                             param("to", "query", false, "string", "ISO 8601 UTC")}));
  paths["/v1/availability"]["get"] =
      operation("Capture opportunities of a point", "key",
                json_ok("200", "opportunities", ref("Any")), {401, 422},
                json::array({param("lat", "query", true, "number", "geodetic latitude, degrees"),
                             param("lon", "query", true, "number", "longitude, degrees"),
                             param("from", "query", false, "string", "ISO 8601 UTC"),
                             param("to", "query", false, "string", "ISO 8601 UTC")}));
  json submit_ok = json_ok("201", "accepted and committed", ref("Submitted"));
  submit_ok.update(json_ok("200", "the job an earlier request with this Idempotency-Key made",
                           ref("Submitted")));
  paths["/v1/jobs"]["post"] = operation(
      "Submit one job", "key", submit_ok, {400, 401, 409, 413, 422, 429, 503},
      json::array(
          {param("Idempotency-Key", "header", false, "string", "same key and body: same job")}),
      ref("JobRequest"));
  paths["/v1/jobs"]["get"] = operation(
      "The caller's jobs, paged", "key", json_ok("200", "a page", ref("Any")), {401, 422},
      json::array({param("status", "query", false, "string", "a stage name"),
                   param("limit", "query", false, "integer", "1 to 1000, default 50"),
                   param("cursor", "query", false, "string", "next_cursor of the previous page")}));
  json id = json::array({param("id", "path", true, "string", "job id")});
  paths["/v1/jobs/{id}"]["get"] = operation("One of the caller's jobs", "key",
                                            json_ok("200", "the job", ref("Job")), {401, 404}, id);
  paths["/v1/jobs/{id}"]["delete"] =
      operation("Cancel", "key", json_ok("200", "the job", ref("Job")), {401, 404, 409}, id);
  paths["/v1/events"]["get"] = operation(
      "Server-Sent Events of the caller's jobs' transitions", "key",
      {{"200",
        {{"description", "event stream"},
         {"content", {{"text/event-stream", {{"schema", {{"type", "string"}}}}}}}}}},
      {401, 429},
      json::array({param("Last-Event-ID", "header", false, "string", "resume after this id")}));
  paths["/v1/usage"]["get"] =
      operation("Use against quotas", "key", json_ok("200", "usage", ref("Any")), {401});
  paths["/v1/admin/clock"]["get"] =
      operation("Sim time now", "admin", json_ok("200", "clock", ref("Any")), {401});
  paths["/v1/admin/clock"]["post"] =
      operation("Move the virtual clock; answers once the engine is there", "admin",
                json_ok("200", "clock", ref("Any")), {400, 401, 409, 422}, json::array(),
                {{"type", "object"},
                 {"properties", {{"advance_to", {{"type", "string"}, {"format", "date-time"}}}}}});
  paths["/v1/tracks"]["get"] = operation(
      "Satellite positions over a span, from the twin's own tracks: per satellite a flat array "
      "[t_s, lon_deg, lat_deg, height_m, ...], t_s from epoch",
      "key", json_ok("200", "tracks", ref("Any")), {401, 422},
      json::array({param("from", "query", false, "string", "ISO 8601, default window start"),
                   param("to", "query", false, "string", "ISO 8601, default window end"),
                   param("step_s", "query", false, "number",
                         "seconds between positions (rounded to the twin's sample interval)")}));
  paths["/v1/links"]["get"] = operation(
      "Laser links and ground passes up at the engine's now", "key",
      json_ok("200", "{at, lasers: [{a, b}], passes: [{satellite, station}]}", ref("Any")), {401});
  paths["/v1/satellites/{id}"]["get"] = operation(
      "One satellite now: battery, store, accelerator queue, current job, links, next passes",
      "key", json_ok("200", "the satellite", ref("Any")), {401, 404},
      json::array({param("id", "path", true, "string", "name or NORAD id")}));
  paths["/v1/admin/series"]["get"] = operation(
      "Per-satellite battery, store, queue and busy every 300 s of sim time, and the "
      "cumulative downlink per station (every job's) at the same instants",
      "admin", json_ok("200", "series", ref("Any")), {401});
  paths["/v1/admin/tenants"]["get"] =
      operation("Every tenant (scenario and service) with weight, quotas and use", "admin",
                json_ok("200", "tenants", ref("Any")), {401});
  paths["/v1/admin/faults"]["get"] = operation(
      "Every fault scheduled so far (the scenario's, drawn from its rates, injected) with what "
      "it has cost: {faults: [{fault, kind, start, end, random, jobs_dropped, reruns, "
      "bundles_resent, bytes_lost, upsets?}]}",
      "admin", json_ok("200", "faults", ref("Any")), {401});
  paths["/v1/admin/faults"]["post"] = operation(
      "Inject a fault into the running engine (scenario syntax, docs/scenario.md); journalled",
      "admin", json_ok("201", "the fault as understood", ref("Any")), {400, 401, 422},
      json::array(),
      {{"type", "object"},
       {"required", json::array({"kind"})},
       {"properties",
        {{"kind",
          {{"type", "string"},
           {"enum", json::array({"satellite_loss", "satellite_reboot", "accelerator_failure",
                                 "laser_terminal_failure", "link_outage", "station_outage"})}}},
         {"satellite", {{"type", {"string", "integer"}}}},
         {"between", {{"type", "array"}, {"minItems", 2}, {"maxItems", 2}}},
         {"station", {{"type", "string"}}},
         {"at", {{"type", "string"}, {"format", "date-time"}}},
         {"duration_s", {{"type", "number"}}},
         {"from", {{"type", "string"}, {"format", "date-time"}}},
         {"to", {{"type", "string"}, {"format", "date-time"}}},
         {"keep_store", {{"type", "boolean"}}}}}});
  const json model_id = json::array({param("id", "path", true, "string", "model-N")});
  json upload = operation(
      "Upload an ONNX model (the body, application/octet-stream, at most 256 MiB), checked on "
      "arrival by `lagrange model check`: 201 {id, name, model, version, check} as the next "
      "version of the tenant's model of that name, or 422 with the check's reasons; 403 past "
      "the 1 GiB of model files a tenant may keep; 429 while 4 other checks run",
      "key", json_ok("201", "the accepted version", ref("Any")),
      {400, 401, 403, 413, 422, 429, 503},
      json::array({param("name", "query", true, "string", "1-64 letters, digits, '-', '_'"),
                   param("precision", "query", false, "string", "fp32, fp16 or int8 (default)")}));
  upload["requestBody"] = {
      {"required", true},
      {"content",
       {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
  paths["/v1/models"]["post"] = upload;
  paths["/v1/models"]["get"] = operation(
      "The caller's models: {models: [{id, name, model, version, precision, status, "
      "deployed_satellites, uploaded_at}]}",
      "key", json_ok("200", "models", ref("Any")), {401});
  paths["/v1/models/{id}"]["get"] = operation(
      "One of the caller's models: its check, its deployments with per-satellite progress "
      "(installed_at, bytes_received), and each satellite's active version",
      "key", json_ok("200", "the model", ref("Any")), {401, 404}, model_id);
  json targets = {{"type", "object"},
                  {"properties",
                   {{"satellites", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                    {"class", {{"type", "string"}}},
                    {"all", {{"type", "boolean"}}}}}};
  paths["/v1/models/{id}/deploy"]["post"] = operation(
      "Send this version to satellites (names or NORAD ids, a class, or all: the default) over "
      "the real contacts from now; journalled",
      "key", json_ok("202", "{deployment, model, rollback, requested_at}", ref("Any")),
      {400, 401, 404, 409, 422}, model_id, targets);
  paths["/v1/models/{id}/rollback"]["post"] = operation(
      "Make the version before the active one active again on the satellites, now; journalled",
      "key", json_ok("202", "{deployment, model, rollback, requested_at}", ref("Any")),
      {400, 401, 404, 409, 422}, model_id, targets);
  // An empty body is every satellite.
  paths["/v1/models/{id}/deploy"]["post"]["requestBody"]["required"] = false;
  paths["/v1/models/{id}/rollback"]["post"]["requestBody"]["required"] = false;
  paths["/v1/openapi.json"]["get"] =
      operation("This document", "", json_ok("200", "OpenAPI 3.1", ref("Any")), {});
  paths["/healthz"]["get"] = operation("Liveness", "", json_ok("200", "ok", ref("Any")), {});
  paths["/metrics"]["get"] =
      operation("Prometheus text format", "",
                {{"200",
                  {{"description", "metrics"},
                   {"content", {{"text/plain", {{"schema", {{"type", "string"}}}}}}}}}},
                {});
  json doc = {{"openapi", "3.1.0"},
              {"info",
               {{"title", "Lagrange constellation service"},
                {"version", "0.1.0"},
                {"description", "Submit work to a live digital twin of a constellation."}}},
              {"paths", paths},
              {"components",
               {{"schemas", schemas()},
                {"securitySchemes",
                 {{"key", {{"type", "http"}, {"scheme", "bearer"}}},
                  {"admin", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
  Reply r;
  r.body = doc.dump(2);
  return r;
}

}  // namespace lagrange::service
