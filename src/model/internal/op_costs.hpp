// Multiply-accumulates of one node from its inferred shapes (convention: docs/models.md).
#pragma once

#include <onnx/onnx_pb.h>

#include <optional>

#include "model/internal/onnx_load.hpp"

namespace lagrange::model::internal {

// nullopt when a shape the rule needs is unknown, or the op has no rule (counted 0 and noted
// by the caller).
struct OpCost {
  double macs = 0.0;
  bool known = true;  // false: shapes missing or no rule for the op
};

OpCost node_macs(const onnx::NodeProto& node, const ShapeMap& shapes);

}  // namespace lagrange::model::internal
