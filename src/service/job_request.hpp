// The body of `POST /v1/jobs`: one piece of work in the scenario's vocabulary
// (docs/scenario.md), with fixed values, as JSON.
//
//   {"kind": "eo_task", "target": {"point": [lat, lon]} | {"polygon": [[lat, lon], ...]},
//    "model": ID, "deliver_to": "any" | {"station": NAME} | {"region": [[lat, lon], ...]},
//    "capture_window_s": S, "deadline_s": S, "name": TEXT, "at": ISO}
//   {"kind": "compute_job", "operations": N, "input_bytes": N, "output_bytes": N,
//    "from": STATION, "deadline_s": S, "name": TEXT, "at": ISO}
//   {"kind": "llm_query", "model": ID, "prompt_tokens": N, "answer_tokens": N,
//    "from": STATION, "deadline_s": S, "name": TEXT, "at": ISO}
//
// `parse_job_request` checks syntax, types, ranges and field names only (a pure function of
// the text, so a fuzz harness can call it); names that need the world (stations, models) are
// checked when the engine takes the submission. Errors: 400 for text that is not one JSON
// object, 422 naming the field for the rest (an unknown field gets a "did you mean"; a
// distribution or `arrivals` is refused: a submission has fixed values and arrives when it
// is posted, or at `at`). Never throws, never recurses on the input's nesting.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/time.hpp"
#include "service/problem.hpp"
#include "sim/live.hpp"

namespace lagrange::service {

struct JobRequest {
  std::string kind;            // "eo_task", "compute_job" or "llm_query"
  std::optional<Instant> at;   // requested arrival; absent: when the engine takes it
  sim::Submission submission;  // tenant, order and at are filled by the service
};

// Either the request or the problem to answer with.
using ParsedJobRequest = std::variant<JobRequest, Problem>;

ParsedJobRequest parse_job_request(std::string_view body);

// Deepest nesting of JSON objects and arrays accepted in any request body.
inline constexpr int kMaxJsonDepth = 32;
// False when the text nests deeper than kMaxJsonDepth (strings are skipped).
bool nesting_within_limit(std::string_view body);

}  // namespace lagrange::service
