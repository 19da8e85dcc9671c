#include "compute/catalog.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "compute/internal/test_catalog.hpp"
#include "compute/llm_performance.hpp"

namespace lagrange::compute {
namespace {

const Catalog& catalog() {
  return test::repository_catalog();
}

TEST(Catalog, HoldsTheRequiredEntries) {
  for (const char* id : {"llama-2-7b", "llama-2-13b", "llama-3-8b", "llama-3.1-8b", "qwen2.5-7b",
                         "qwen3-8b", "gemma-2-9b"}) {
    EXPECT_TRUE(catalog().llm(id).ok()) << id;
  }
  for (const char* id : {"resnet-50", "yolov8s", "vit-b-16"}) {
    EXPECT_TRUE(catalog().vision_model(id).ok()) << id;
  }
  for (const char* id : {"jetson-agx-orin-64gb", "jetson-orin-nano-super", "jetson-agx-thor",
                         "h100-sxm", "tpu-v6e", "three-body-payload"}) {
    EXPECT_TRUE(make_device(catalog(), id).ok()) << id;
  }
  for (const char* id : {"fp16", "int8", "int4"}) {
    EXPECT_TRUE(catalog().weight_precision(id).ok()) << id;
  }
  EXPECT_EQ(catalog().calibration().size(), 2u);
}

// Published headline figures the issue quotes, as stored.
TEST(Catalog, AcceleratorFiguresMatchTheDatasheets) {
  const AcceleratorSpec agx = *catalog().accelerator("jetson-agx-orin-64gb");
  EXPECT_DOUBLE_EQ(agx.int8_sparse_tops, 275.0);
  EXPECT_DOUBLE_EQ(agx.memory_bandwidth_gb_s, 204.8);
  EXPECT_DOUBLE_EQ(agx.memory_gib, 64.0);
  const AcceleratorSpec nano = *catalog().accelerator("jetson-orin-nano-super");
  EXPECT_DOUBLE_EQ(nano.int8_sparse_tops, 67.0);
  EXPECT_DOUBLE_EQ(nano.memory_bandwidth_gb_s, 102.0);
  EXPECT_DOUBLE_EQ(catalog().accelerator("jetson-agx-thor")->memory_bandwidth_gb_s, 273.0);
  const AcceleratorSpec payload = *catalog().accelerator("three-body-payload");
  EXPECT_DOUBLE_EQ(payload.int8_sparse_tops, 744.0);
  EXPECT_TRUE(payload.is_assumed("memory_gib"));
  EXPECT_FALSE(payload.is_assumed("int8_sparse_tops"));
  for (const AcceleratorSpec& a : catalog().accelerators()) {
    EXPECT_LE(a.int8_dense_tops, a.int8_sparse_tops) << a.id;
    EXPECT_LE(a.fp16_dense_tflops, a.fp16_sparse_tflops) << a.id;
    EXPECT_FALSE(a.power_modes.empty()) << a.id;
  }
}

TEST(Catalog, Int4IncludesTheGroupScales) {
  // 4 bits + one fp16 scale per 32 weights.
  EXPECT_DOUBLE_EQ(catalog().weight_precision("int4")->bytes_per_param(), (4.0 + 16.0 / 32) / 8);
  EXPECT_DOUBLE_EQ(catalog().weight_precision("fp16")->bytes_per_param(), 2.0);
}

TEST(Catalog, UnknownIdListsTheKnownOnes) {
  const auto missing = catalog().llm("gpt-5");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("gpt-5"), std::string::npos);
  EXPECT_NE(missing.error().message.find("qwen3-8b"), std::string::npos);
  const auto accel = catalog().accelerator("abacus");
  ASSERT_FALSE(accel.ok());
  EXPECT_NE(accel.error().message.find("jetson-agx-thor"), std::string::npos);
}

// A copy of the catalogue with one file replaced, in a fresh temporary directory.
std::filesystem::path catalog_with(const std::string& file, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("lagrange_catalog_test_" + std::to_string(::getpid()) + "_" + file);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "catalog");
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(LAGRANGE_DATA_DIR) / "catalog")) {
    std::filesystem::copy_file(entry.path(), dir / "catalog" / entry.path().filename());
  }
  std::ofstream(dir / "catalog" / file, std::ios::trunc) << text;
  return dir;
}

TEST(Catalog, BadFieldIsReportedWithFileLineAndField) {
  const auto dir = catalog_with("llm_models.yaml",
                                "models:\n"
                                "  - id: tiny\n"
                                "    name: Tiny\n"
                                "    source: none\n"
                                "    layers: many\n");
  const auto loaded = Catalog::load(dir);
  ASSERT_FALSE(loaded.ok());
  const std::string& message = loaded.error().message;
  EXPECT_NE(message.find("llm_models.yaml:5:"), std::string::npos) << message;
  EXPECT_NE(message.find("'layers'"), std::string::npos) << message;
  std::filesystem::remove_all(dir);
}

TEST(Catalog, MissingFieldAndSyntaxErrorsAreReported) {
  const auto dir = catalog_with("accelerators.yaml", "families: [\n");
  const auto loaded = Catalog::load(dir);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("accelerators.yaml:"), std::string::npos);
  std::filesystem::remove_all(dir);

  const auto dir2 = catalog_with("vision_models.yaml", "models:\n  - id: x\n    name: X\n");
  const auto loaded2 = Catalog::load(dir2);
  ASSERT_FALSE(loaded2.ok());
  EXPECT_NE(loaded2.error().message.find("vision_models.yaml:2:"), std::string::npos)
      << loaded2.error().message;
  EXPECT_NE(loaded2.error().message.find("missing"), std::string::npos);
  std::filesystem::remove_all(dir2);
}

TEST(Catalog, ParseFromTextsGivesWhatLoadReads) {
  const std::filesystem::path dir = std::filesystem::path(LAGRANGE_DATA_DIR) / "catalog";
  const auto read = [&](const char* name) {
    std::ifstream in(dir / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  CatalogTexts texts{.dir = dir,
                     .llm_models = read("llm_models.yaml"),
                     .vision_models = read("vision_models.yaml"),
                     .accelerators = read("accelerators.yaml"),
                     .precisions = read("precisions.yaml"),
                     .calibration = read("calibration.yaml")};
  const auto parsed = Catalog::parse(texts);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->llms().size(), catalog().llms().size());
  EXPECT_EQ(parsed->accelerators().size(), catalog().accelerators().size());
  EXPECT_EQ(parsed->calibration().size(), catalog().calibration().size());
  texts.precisions = "weight_precisions: [\n";
  const auto broken = Catalog::parse(texts);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message.rfind((dir / "precisions.yaml").string() + ":", 0), 0u)
      << broken.error().message;
}

// What a catalogue holds, as text: equal for equal catalogues.
std::string contents(const Catalog& c) {
  std::string out;
  for (const auto& m : c.llms()) out += "llm " + m.id + " " + std::to_string(m.layers) + "\n";
  for (const auto& v : c.vision_models()) out += "vision " + v.id + "\n";
  for (const auto& f : c.families()) out += "family " + f.id + "\n";
  for (const auto& a : c.accelerators()) out += "accelerator " + a.id + " " + a.family + "\n";
  for (const auto& w : c.weight_precisions()) out += "weights " + w.id + "\n";
  for (const auto& k : c.kv_precisions()) out += "kv " + k.id + "\n";
  for (const auto& m : c.calibration()) out += "measured " + m.model + " " + m.accelerator + "\n";
  return out + "activation " + std::to_string(c.activation_bytes());
}

TEST(Catalog, ReplacingOneFileGivesWhatParsingAllFiveGives) {
  const std::filesystem::path dir = std::filesystem::path(LAGRANGE_DATA_DIR) / "catalog";
  CatalogTexts repository;
  repository.dir = dir;
  for (const CatalogFile file : kCatalogFiles) {
    std::ifstream in(dir / catalog_file_name(file), std::ios::binary);
    repository.*catalog_file_text(file) = std::string(std::istreambuf_iterator<char>(in), {});
  }
  const auto base = Catalog::parse(repository);
  ASSERT_TRUE(base.ok()) << base.error().message;
  for (const CatalogFile file : kCatalogFiles) {
    const std::string& original = repository.*catalog_file_text(file);
    // The file as it is, unparseable, emptied of its lists, with its first entry gone, and
    // with the ids the calibration names renamed (an error found in calibration.yaml).
    const std::string first_entry_gone = [&] {
      const size_t first = original.find("\n  - ");
      const size_t second = original.find("\n  - ", first + 1);
      if (first == std::string::npos || second == std::string::npos) return original;
      return original.substr(0, first) + original.substr(second);
    }();
    std::string renamed = original;
    for (const std::string id : {"llama-3-8b", "jetson-agx-orin-64gb", "int4", "fp16"}) {
      for (const std::string end : {"\n", ","}) {  // block and flow style
        const std::string entry = "id: " + id + end;
        if (const size_t at = renamed.find(entry); at != std::string::npos) {
          renamed.replace(at, entry.size(), "id: " + id + "-renamed" + end);
        }
      }
    }
    ASSERT_TRUE(file == CatalogFile::kVisionModels || file == CatalogFile::kCalibration ||
                renamed != original)
        << catalog_file_name(file);
    for (const std::string& text :
         {original, std::string("[\n"), std::string("{}\n"), first_entry_gone, renamed}) {
      CatalogTexts texts = repository;
      texts.*catalog_file_text(file) = text;
      const auto parsed = Catalog::parse(texts);
      const auto replaced = base->with_file(file, text, dir);
      const std::string label = std::string(catalog_file_name(file)) + " as:\n" + text;
      ASSERT_EQ(parsed.ok(), replaced.ok()) << label;
      if (parsed.ok()) {
        EXPECT_EQ(contents(*parsed), contents(*replaced)) << label;
      } else {
        EXPECT_EQ(parsed.error().message, replaced.error().message) << label;
      }
    }
  }
}

TEST(Catalog, MissingDirectoryIsAnError) {
  const auto loaded = Catalog::load("/nonexistent/lagrange");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("llm_models.yaml"), std::string::npos);
}

TEST(Catalog, DataDirectoryFollowsTheEnvironment) {
  ::setenv("LAGRANGE_DATA", "/somewhere/else", 1);
  EXPECT_EQ(default_data_dir(), std::filesystem::path("/somewhere/else"));
  ::unsetenv("LAGRANGE_DATA");
  EXPECT_TRUE(std::filesystem::exists(default_data_dir() / "catalog" / "llm_models.yaml"));
}

}  // namespace
}  // namespace lagrange::compute
