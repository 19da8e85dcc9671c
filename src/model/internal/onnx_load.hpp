// Loading an untrusted ONNX file into a checked, shape-inferred ModelProto (model layer only).
//
// Order matters for safety: the byte count is checked before parsing (protobuf allocates in
// proportion to the bytes it is given, never to sizes they declare), every initializer's
// declared element count is checked against its stored bytes before anything reads it, and
// every shape — declared or inferred — is checked against the element limit before a figure
// is derived from it. The ONNX checker runs before shape inference (it rejects graphs whose
// nodes are not topologically sorted, which is how a cyclic graph is refused).
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/model_check.hpp"

namespace lagrange::model::internal {

// Element count of `dims`, or nullopt when a dim is negative or the product exceeds `limit`.
std::optional<uint64_t> element_count(const std::vector<int64_t>& dims, uint64_t limit);

// Parses, bounds-checks, runs the checker, applies the input shape and runs shape inference.
// `notes` receives the substitutions made (symbolic dims taken as 1).
Result<onnx::ModelProto> load_checked(std::string_view bytes, const AnalyzeOptions& options,
                                      std::vector<std::string>& notes);

// Every value's dims after shape inference (graph inputs, value_info, outputs, initializers);
// -1 for an unknown dim. Values without any shape information are absent.
using ShapeMap = std::map<std::string, std::vector<int64_t>>;
ShapeMap collect_shapes(const onnx::GraphProto& graph);

// Element size in bytes of an ONNX tensor data type, 0 for types without a fixed size.
int element_size(int32_t data_type);

// The dims of a TensorProto, as int64.
std::vector<int64_t> tensor_dims(const onnx::TensorProto& t);

}  // namespace lagrange::model::internal
