#include "service/problem.hpp"

#include <nlohmann/json.hpp>

namespace lagrange::service {
namespace {

Problem make(int status, std::string title, std::string detail, std::string field = {}) {
  Problem p;
  p.status = status;
  p.title = std::move(title);
  p.detail = std::move(detail);
  p.field = std::move(field);
  return p;
}

}  // namespace

Problem malformed(std::string detail) {
  return make(400, "malformed request", std::move(detail));
}
Problem unauthorized(std::string detail) {
  return make(401, "no or bad key", std::move(detail));
}
Problem forbidden(std::string detail) {
  return make(403, "not allowed", std::move(detail));
}
Problem not_found(std::string detail) {
  return make(404, "not found", std::move(detail));
}
Problem conflict(std::string detail) {
  return make(409, "conflict", std::move(detail));
}
Problem too_large(std::string detail) {
  return make(413, "body too large", std::move(detail));
}
Problem invalid_field(std::string field, std::string detail) {
  return make(422, "invalid field", std::move(detail), std::move(field));
}
Problem too_many(std::string detail, int retry_after_s) {
  Problem p = make(429, "too many requests", std::move(detail));
  p.retry_after_s = retry_after_s;
  return p;
}
Problem unavailable(std::string detail) {
  return make(503, "unavailable", std::move(detail));
}

std::string problem_json(const Problem& problem) {
  nlohmann::json j = {{"type", "about:blank"},
                      {"title", problem.title},
                      {"status", problem.status},
                      {"detail", problem.detail}};
  if (!problem.field.empty()) j["field"] = problem.field;
  if (problem.retry_after_s) j["retry_after_s"] = *problem.retry_after_s;
  // Invalid UTF-8 echoed from a hostile body must not throw.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace lagrange::service
