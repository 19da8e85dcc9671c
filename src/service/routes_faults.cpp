// POST /v1/admin/faults: one fault in the scenario's syntax, as JSON, injected into the running
// engine at its start (at or after the engine's now) and journalled, so a restart replays it.
// GET /v1/admin/faults: every fault scheduled so far (scenario, random, injected) with what
// it has cost, from the engine's last published snapshot.
#include <nlohmann/json.hpp>

#include "scenario/faults.hpp"
#include "service/internal/service_impl.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;

// "fault.station" out of "request:1:27: fault.station: no ground station ..." (the loader's
// messages name the field path after the position); "fault" when none is named.
std::string field_of(const std::string& message) {
  const size_t at = message.find("fault.");
  if (at == std::string::npos) return "fault";
  const size_t end = message.find(':', at);
  return message.substr(at + 6, end == std::string::npos ? std::string::npos : end - at - 6);
}

json fault_json(const sim::FaultRecord& r) {
  json f = {{"fault", r.description},
            {"kind", r.upsets > 0 ? std::string("single_event_upsets")
                                  : std::string(scenario::fault_kind_name(r.fault.kind))},
            {"start", format_iso8601(r.fault.start)},
            {"end", r.fault.end ? json(format_iso8601(*r.fault.end)) : json(nullptr)},
            {"random", r.fault.random},
            {"jobs_dropped", r.jobs_dropped},
            {"reruns", r.reruns},
            {"bundles_resent", r.bundles_resent},
            {"bytes_lost", r.bytes_lost}};
  if (r.upsets > 0) f["upsets"] = r.upsets;
  return f;
}

}  // namespace

Reply Service::faults(const Request& r) {
  if (!impl_->is_admin(r)) return problem_reply(unauthorized("this route needs the admin key"));
  std::shared_ptr<const sim::EngineSnapshot> snap;
  {
    std::shared_lock lock(impl_->shared.mutex);
    snap = impl_->shared.snapshot;
  }
  json list = json::array();
  if (snap) {
    for (const auto& f : snap->faults) list.push_back(fault_json(f));
  }
  return json_reply(200, json{{"faults", list}}.dump());
}

Reply Service::inject_fault(const Request& r) {
  if (!impl_->is_admin(r)) return problem_reply(unauthorized("this route needs the admin key"));
  if (!nesting_within_limit(r.body)) return problem_reply(malformed("JSON nested too deep"));
  const nlohmann::json o = nlohmann::json::parse(r.body, nullptr, false);
  if (o.is_discarded() || !o.is_object()) {
    return problem_reply(malformed("the body must be a JSON object: one fault"));
  }
  auto fault = scenario::parse_fault(r.body, impl_->world->scenario, "request");
  if (!fault) {
    const std::string& message = fault.error().message;
    const std::string first = message.substr(0, message.find('\n'));
    return problem_reply(invalid_field(field_of(first), first));
  }
  Command c;
  c.what = FaultCommand{*fault, r.body};
  return impl_->enqueue(std::move(c));
}

}  // namespace lagrange::service
