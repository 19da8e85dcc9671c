// The compute catalogue: language models, vision models, accelerators (with the efficiency
// factors of their families), number formats and the calibration measurements.
//
// Loaded once from the YAML files in `<data dir>/catalog/` (documented in docs/llm-model.md,
// provenance in data/SOURCES.md) and immutable afterwards, so a `Catalog` may be shared by
// threads. Every lookup by id returns an Error listing the known ids when the id is unknown.
// Units are in the field names; "gib" is 2^30 bytes, "gb" 10^9 bytes.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace YAML {
class Node;
}

namespace lagrange::compute {

// A decoder-only transformer as its published config.json describes it.
struct LlmSpec {
  std::string id;  // "llama-3-8b"
  std::string name;
  std::string source;  // URL of the config.json the values come from
  int layers = 0;
  int hidden_size = 0;
  int attention_heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
  int intermediate_size = 0;  // gated MLP (gate, up, down projections)
  int vocab_size = 0;
  bool tied_embeddings = false;
  int max_context_tokens = 0;
  bool attention_bias = false;  // q, k, v projections carry biases
  bool qk_norm = false;         // per-head RMSNorm of queries and keys
  int norms_per_layer = 2;      // RMSNorm vectors of hidden_size per decoder layer
  double published_params_b = 0.0;
};

struct VisionModelSpec {
  std::string id;
  std::string name;
  std::string source;
  std::string task;  // "classification", "detection"
  int input_width_px = 0;
  int input_height_px = 0;
  double gmacs_per_image = 0.0;  // multiply-accumulates, 10^9, at the input size
  double params_m = 0.0;
  double output_bytes = 0.0;  // what leaves the satellite per image
};

struct PowerMode {
  std::string name;
  double watts = 0.0;
};

struct AcceleratorSpec {
  std::string id;
  std::string name;
  std::string family;  // id of a FamilyEfficiency
  std::string source;
  double int8_sparse_tops = 0.0;
  double int8_dense_tops = 0.0;
  double fp16_sparse_tflops = 0.0;
  double fp16_dense_tflops = 0.0;
  double memory_gib = 0.0;
  double memory_bandwidth_gb_s = 0.0;
  double runtime_reserved_gib = 0.0;  // OS, runtime context, allocator slack
  std::vector<PowerMode> power_modes;
  std::vector<std::string> assumed;  // names of the fields above that are assumptions

  bool is_assumed(std::string_view field) const;
};

// Achieved fraction of peak, one set per accelerator family (not per model).
struct FamilyEfficiency {
  std::string id;
  double bandwidth_efficiency = 1.0;  // of memory_bandwidth_gb_s, memory-bound phases
  double compute_efficiency = 1.0;    // of the dense tensor peak, compute-bound phases
  std::string basis;                  // fitted or assumed, and on what
};

enum class ComputePath { kFp16, kInt8 };

struct WeightPrecision {
  std::string id;  // "fp16", "int8", "int4"
  double bits_per_weight = 16.0;
  ComputePath compute = ComputePath::kFp16;

  double bytes_per_param() const { return bits_per_weight / 8.0; }
};

struct KvPrecision {
  std::string id;
  double bytes_per_value = 2.0;
};

// A measured single-request decode rate the model is calibrated on.
struct CalibrationPoint {
  std::string model;
  std::string accelerator;
  std::string precision;
  std::string kv_precision;
  int kv_tokens = 0;  // KV-cache fill during the measurement
  double decode_tokens_per_s = 0.0;
  std::string source;
};

// The catalogue files' texts, for a catalogue held in memory rather than read from disk.
struct CatalogTexts {
  std::filesystem::path dir;  // names the files in messages ("<dir>/llm_models.yaml:3:5")
  std::string llm_models, vision_models, accelerators, precisions, calibration;
};

// The five files, in the order they are read (a file's ids may be named by later ones).
enum class CatalogFile { kLlmModels, kVisionModels, kAccelerators, kPrecisions, kCalibration };
inline constexpr CatalogFile kCatalogFiles[] = {
    CatalogFile::kLlmModels, CatalogFile::kVisionModels, CatalogFile::kAccelerators,
    CatalogFile::kPrecisions, CatalogFile::kCalibration};
const char* catalog_file_name(CatalogFile file);  // "llm_models.yaml"
std::string CatalogTexts::*catalog_file_text(CatalogFile file);

class Catalog {
 public:
  // Reads llm_models.yaml, vision_models.yaml, accelerators.yaml, precisions.yaml and
  // calibration.yaml from `data_dir / "catalog"`. Errors name the file, line, column and field.
  static Result<Catalog> load(const std::filesystem::path& data_dir);
  // The same from the files' texts (load() reads them, then parses them here).
  static Result<Catalog> parse(const CatalogTexts& texts);
  // This catalogue with one file's text replaced: the same answer as `parse` of the texts
  // with that one changed (each file's own checks, then what the others name of it), without
  // reading the other four again. Messages name the files as `dir / name`.
  Result<Catalog> with_file(CatalogFile file, const std::string& text,
                            const std::filesystem::path& dir) const;

  const std::vector<LlmSpec>& llms() const { return llms_; }
  const std::vector<VisionModelSpec>& vision_models() const { return vision_; }
  const std::vector<AcceleratorSpec>& accelerators() const { return accelerators_; }
  const std::vector<FamilyEfficiency>& families() const { return families_; }
  const std::vector<WeightPrecision>& weight_precisions() const { return weight_precisions_; }
  const std::vector<KvPrecision>& kv_precisions() const { return kv_precisions_; }
  const std::vector<CalibrationPoint>& calibration() const { return calibration_; }
  double activation_bytes() const { return activation_bytes_; }

  Result<LlmSpec> llm(std::string_view id) const;
  Result<VisionModelSpec> vision_model(std::string_view id) const;
  Result<AcceleratorSpec> accelerator(std::string_view id) const;
  Result<FamilyEfficiency> family(std::string_view id) const;
  Result<WeightPrecision> weight_precision(std::string_view id) const;
  Result<KvPrecision> kv_precision(std::string_view id) const;

 private:
  // One file's part: parsed, read into this catalogue (whose part for it is empty) and checked
  // against the files read before it.
  Status read_part(CatalogFile file, const std::string& text, const std::filesystem::path& path);
  void clear(CatalogFile file);
  Status read_accelerators(const YAML::Node& root, const std::filesystem::path& path);
  Status read_precisions(const YAML::Node& root, const std::filesystem::path& path);
  Status read_calibrations(const YAML::Node& root, const std::filesystem::path& path);
  // The references to ids: accelerators to families (both in accelerators.yaml), the
  // calibration's measurements to models, accelerators and precisions.
  Status check_families(const std::filesystem::path& path) const;
  Status check_calibration(const std::filesystem::path& path) const;
  std::vector<LlmSpec> llms_;
  std::vector<VisionModelSpec> vision_;
  std::vector<AcceleratorSpec> accelerators_;
  std::vector<FamilyEfficiency> families_;
  std::vector<WeightPrecision> weight_precisions_;
  std::vector<KvPrecision> kv_precisions_;
  std::vector<CalibrationPoint> calibration_;
  double activation_bytes_ = 2.0;
};

// The data directory: $LAGRANGE_DATA if set and non-empty, else the source tree's data/ as
// compiled in (LAGRANGE_DEFAULT_DATA_DIR), so a built binary finds the catalogue in place.
std::filesystem::path default_data_dir();

}  // namespace lagrange::compute
