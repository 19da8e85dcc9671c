// CCSDS OMM in the CelesTrak JSON layout (orbit/omm.hpp), strict and with skip_invalid.
#include "fuzz_common.hpp"
#include "orbit/omm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lagrange;
  const std::string_view text = fuzz::as_text(data, size);
  for (const bool skip_invalid : {false, true}) {
    auto parsed = orbit::parse_omm(text, orbit::OmmFormat::kJson, "fuzz.json",
                                   {.skip_invalid = skip_invalid});
    if (parsed) fuzz::exercise_sets(*parsed);
  }
  return 0;
}
