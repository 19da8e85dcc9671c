// The check as JSON, keys stable and documented in docs/models.md: parameters, macs,
// weight_bytes, peak_activation_bytes, operators, opset, accelerators, executed,
// outputs_match, unsupported, verdict, reasons. Deterministic apart from nothing: the
// measured CPU time is not part of it (it is in the text output).
#pragma once

#include <nlohmann/json.hpp>

#include "model/model_check.hpp"

namespace lagrange::model {

nlohmann::ordered_json to_json(const ModelCheck& check);

}  // namespace lagrange::model
