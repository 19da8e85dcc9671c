// The whole scenario loader (scenario/scenario.hpp) from bytes: YAML, every section, element
// files and station files named relative to data/scenarios/ or data/ (the repository's own,
// as the built-ins name them), catalogue ids resolved against the repository's catalogue.
#include <cstdlib>
#include <filesystem>

#include "compute/catalog.hpp"
#include "fuzz_common.hpp"
#include "repository_catalog.hpp"
#include "scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lagrange;
  const std::filesystem::path data_dir = LAGRANGE_DATA_DIR;
  const scenario::LoadContext context{.data_dir = data_dir, .catalog = &fuzz::repository_catalog()};
  auto loaded = scenario::parse_scenario(fuzz::as_text(data, size), "fuzz.yaml",
                                         data_dir / "scenarios", context);
  if (loaded) (void)scenario::summarize(*loaded);
  return 0;
}
