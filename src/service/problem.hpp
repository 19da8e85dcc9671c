// Errors as HTTP answers: RFC 9457 problem details (`application/problem+json`).
//
// Every 4xx/5xx the service gives is one of these, naming the field at fault when there is
// one, with the known values or a "did you mean" suggestion where the scenario loader would
// give them. Plain values; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lagrange::service {

struct Problem {
  int status = 400;
  std::string title;   // short, the same for every problem of its kind ("invalid field")
  std::string detail;  // this occurrence, for a person
  std::string field;   // JSON path of the field at fault ("target.point[0]"), or empty
  std::optional<int> retry_after_s;  // 429: also sent as the Retry-After header
};

Problem malformed(std::string detail);                         // 400
Problem unauthorized(std::string detail);                      // 401
Problem forbidden(std::string detail);                         // 403
Problem not_found(std::string detail);                         // 404
Problem conflict(std::string detail);                          // 409
Problem too_large(std::string detail);                         // 413
Problem invalid_field(std::string field, std::string detail);  // 422
Problem too_many(std::string detail, int retry_after_s);       // 429
Problem unavailable(std::string detail);                       // 503

// The problem as its JSON document: {type, title, status, detail, field?}.
std::string problem_json(const Problem& problem);

inline constexpr const char* kProblemType = "application/problem+json";

}  // namespace lagrange::service
