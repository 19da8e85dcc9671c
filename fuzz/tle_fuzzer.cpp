// Two- and three-line element sets (orbit/tle.hpp), strict and with skip_invalid.
#include "fuzz_common.hpp"
#include "orbit/tle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lagrange;
  const std::string_view text = fuzz::as_text(data, size);
  for (const bool skip_invalid : {false, true}) {
    auto parsed = orbit::parse_tle(text, "fuzz.tle", {.skip_invalid = skip_invalid});
    if (parsed) fuzz::exercise_sets(*parsed);
  }
  (void)orbit::decode_alpha5(text);
  return 0;
}
