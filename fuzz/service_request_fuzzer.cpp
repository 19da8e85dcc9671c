// The body of POST /v1/jobs (service/job_request.hpp): any bytes give a request or a problem
// (400/422) naming the field, never a crash, a throw or deep recursion.
#include <variant>

#include "fuzz_common.hpp"
#include "service/job_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lagrange;
  const std::string_view text = fuzz::as_text(data, size);
  (void)service::nesting_within_limit(text);
  const service::ParsedJobRequest parsed = service::parse_job_request(text);
  if (const auto* problem = std::get_if<service::Problem>(&parsed)) {
    // A problem is a client error with a message.
    if (problem->status < 400 || problem->status > 499) __builtin_trap();
  }
  return 0;
}
