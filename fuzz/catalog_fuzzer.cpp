// The compute catalogue (compute/catalog.hpp): the input replaces one of its five files,
// chosen by the first byte, in the repository's own catalogue (data/catalog/, read once), so
// the fuzzer reaches the checks between files too. `Catalog::with_file` gives the answer
// `Catalog::parse` would give for the five texts without parsing the other four again
// (catalog_test checks that), which makes each execution about ten times cheaper.
#include <cstdlib>
#include <filesystem>
#include <iterator>

#include "compute/catalog.hpp"
#include "fuzz_common.hpp"
#include "repository_catalog.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lagrange;
  if (size == 0) return 0;
  const compute::CatalogFile file =
      compute::kCatalogFiles[data[0] % std::size(compute::kCatalogFiles)];
  const std::filesystem::path dir = std::filesystem::path(LAGRANGE_DATA_DIR) / "catalog";
  auto catalog = fuzz::repository_catalog().with_file(
      file, std::string(fuzz::as_text(data + 1, size - 1)), dir);
  if (!catalog) return 0;
  for (const auto& model : catalog->llms()) (void)catalog->llm(model.id);
  for (const auto& accelerator : catalog->accelerators()) {
    (void)catalog->family(accelerator.family);
  }
  return 0;
}
