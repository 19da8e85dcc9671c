#include "model/model_json.hpp"

namespace lagrange::model {

nlohmann::ordered_json to_json(const ModelCheck& c) {
  nlohmann::ordered_json j;
  j["parameters"] = c.figures.parameters;
  j["macs"] = c.figures.macs;
  j["weight_bytes"] = c.weight_bytes;
  j["peak_activation_bytes"] = c.peak_activation_bytes;
  nlohmann::ordered_json ops = nlohmann::ordered_json::object();
  for (const auto& [op, count] : c.figures.operators) ops[op] = count;
  j["operators"] = ops;
  j["opset"] = c.figures.opset;
  nlohmann::ordered_json accelerators = nlohmann::ordered_json::array();
  for (const auto& e : c.accelerators) {
    accelerators.push_back({{"id", e.id},
                            {"precision", precision_name(e.precision)},
                            {"fits", e.fits},
                            {"latency_s", e.latency_s},
                            {"energy_j", e.energy_j}});
  }
  j["accelerators"] = accelerators;
  j["executed"] = c.ground.executed;
  j["outputs_match"] = c.ground.outputs_match ? nlohmann::ordered_json(*c.ground.outputs_match)
                                              : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json unsupported = nlohmann::ordered_json::array();
  for (const auto& u : c.ground.unsupported)
    unsupported.push_back({{"node", u.node}, {"op", u.op}});
  j["unsupported"] = unsupported;
  j["verdict"] = verdict_name(c.verdict);
  j["reasons"] = c.reasons;
  return j;
}

}  // namespace lagrange::model
