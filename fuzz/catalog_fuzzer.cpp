// The compute catalogue (compute/catalog.hpp): the input replaces one of its five files,
// chosen by the first byte, the other four are the repository's own (data/catalog/, read
// once), so the fuzzer reaches the cross-file checks too.
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compute/catalog.hpp"
#include "fuzz_common.hpp"

namespace {

using lagrange::compute::CatalogTexts;

constexpr std::array<std::pair<std::string CatalogTexts::*, const char*>, 5> kFiles = {{
    {&CatalogTexts::llm_models, "llm_models.yaml"},
    {&CatalogTexts::vision_models, "vision_models.yaml"},
    {&CatalogTexts::accelerators, "accelerators.yaml"},
    {&CatalogTexts::precisions, "precisions.yaml"},
    {&CatalogTexts::calibration, "calibration.yaml"},
}};

CatalogTexts repository_catalog() {
  CatalogTexts texts;
  texts.dir = std::filesystem::path(LAGRANGE_DATA_DIR) / "catalog";
  for (const auto& [member, name] : kFiles) {
    std::ifstream in(texts.dir / name, std::ios::binary);
    if (!in) std::abort();  // the harness is broken, not the parser
    std::ostringstream text;
    text << in.rdbuf();
    texts.*member = text.str();
  }
  return texts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lagrange;
  static const CatalogTexts kRepository = repository_catalog();
  if (size == 0) return 0;
  CatalogTexts texts = kRepository;
  texts.*kFiles[data[0] % kFiles.size()].first = std::string(fuzz::as_text(data + 1, size - 1));
  auto catalog = compute::Catalog::parse(texts);
  if (!catalog) return 0;
  for (const auto& model : catalog->llms()) (void)catalog->llm(model.id);
  for (const auto& accelerator : catalog->accelerators()) {
    (void)catalog->family(accelerator.family);
  }
  return 0;
}
