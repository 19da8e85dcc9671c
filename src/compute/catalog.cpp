#include "compute/catalog.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <utility>

namespace lagrange::compute {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Reads fields of one YAML file, keeping the first error with its file:line:column.
class FieldReader {
 public:
  explicit FieldReader(std::string file) : file_(std::move(file)) {}

  const std::optional<Error>& error() const { return error_; }
  const std::string& file() const { return file_; }

  std::string where(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return file_;
    return file_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }

  void fail(const YAML::Node& node, std::string_view field, std::string_view what) {
    if (!error_) {
      error_ = Error{where(node) + ": field '" + std::string(field) + "': " + std::string(what)};
    }
  }

  // The value node of `key`, or a failure naming the mapping's position when it is missing.
  std::optional<YAML::Node> field(const YAML::Node& map, const char* key) {
    if (!map.IsMap()) {
      fail(map, key, "expected a mapping holding this field");
      return std::nullopt;
    }
    const YAML::Node value = map[key];
    if (!value.IsDefined() || value.IsNull()) {
      fail(map, key, "missing");
      return std::nullopt;
    }
    return value;
  }

  std::string text(const YAML::Node& map, const char* key) {
    const auto value = field(map, key);
    if (!value) return {};
    if (!value->IsScalar()) {
      fail(*value, key, "expected text");
      return {};
    }
    return value->Scalar();
  }

  double number(const YAML::Node& map, const char* key, double min = 0.0, double max = kInf) {
    const auto value = field(map, key);
    if (!value) return 0.0;
    double x = 0.0;
    try {
      x = value->as<double>();
    } catch (const YAML::Exception&) {
      fail(*value, key, "expected a number, got '" + scalar_or_kind(*value) + "'");
      return 0.0;
    }
    if (!(x >= min && x <= max)) {
      fail(*value, key, "value " + value->Scalar() + " out of range");
      return 0.0;
    }
    return x;
  }

  // Positive integer fields (layer counts, sizes).
  int positive_int(const YAML::Node& map, const char* key) {
    const auto value = field(map, key);
    if (!value) return 0;
    int x = 0;
    try {
      x = value->as<int>();
    } catch (const YAML::Exception&) {
      fail(*value, key, "expected an integer, got '" + scalar_or_kind(*value) + "'");
      return 0;
    }
    if (x <= 0) fail(*value, key, "must be positive");
    return x;
  }

  bool boolean(const YAML::Node& map, const char* key) {
    const auto value = field(map, key);
    if (!value) return false;
    try {
      return value->as<bool>();
    } catch (const YAML::Exception&) {
      fail(*value, key, "expected true or false, got '" + scalar_or_kind(*value) + "'");
      return false;
    }
  }

  std::vector<std::string> text_list(const YAML::Node& map, const char* key) {
    std::vector<std::string> out;
    const YAML::Node value = map[key];
    if (!value.IsDefined() || value.IsNull()) return out;  // optional
    if (!value.IsSequence()) {
      fail(value, key, "expected a list");
      return out;
    }
    for (const YAML::Node& item : value) {
      if (!item.IsScalar()) {
        fail(item, key, "expected a list of names");
        return out;
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  // The top-level list `key` of the document.
  std::optional<YAML::Node> list(const YAML::Node& root, const char* key) {
    const auto value = field(root, key);
    if (!value) return std::nullopt;
    if (!value->IsSequence() || value->size() == 0) {
      fail(*value, key, "expected a non-empty list");
      return std::nullopt;
    }
    return value;
  }

 private:
  static std::string scalar_or_kind(const YAML::Node& node) {
    return node.IsScalar() ? node.Scalar() : std::string(node.IsMap() ? "a mapping" : "a list");
  }

  std::string file_;
  std::optional<Error> error_;
};

Result<YAML::Node> parse_yaml(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Error{file + ":" + std::to_string(e.mark.line + 1) + ":" +
                 std::to_string(e.mark.column + 1) + ": " + e.msg};
  }
}

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path.string() + ": cannot open the file"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{path.string() + ": cannot read the file"};
  return text.str();
}

// Fails on a duplicate id (the id field of element `node`).
template <typename Spec>
void check_unique(FieldReader& reader, const std::vector<Spec>& specs, const YAML::Node& node) {
  if (specs.empty()) return;
  const std::string& id = specs.back().id;
  for (size_t i = 0; i + 1 < specs.size(); ++i) {
    if (specs[i].id == id) reader.fail(node, "id", "duplicate id '" + id + "'");
  }
}

LlmSpec read_llm(FieldReader& r, const YAML::Node& n) {
  LlmSpec m;
  m.id = r.text(n, "id");
  m.name = r.text(n, "name");
  m.source = r.text(n, "source");
  m.layers = r.positive_int(n, "layers");
  m.hidden_size = r.positive_int(n, "hidden_size");
  m.attention_heads = r.positive_int(n, "attention_heads");
  m.kv_heads = r.positive_int(n, "kv_heads");
  m.head_dim = r.positive_int(n, "head_dim");
  m.intermediate_size = r.positive_int(n, "intermediate_size");
  m.vocab_size = r.positive_int(n, "vocab_size");
  m.tied_embeddings = r.boolean(n, "tied_embeddings");
  m.max_context_tokens = r.positive_int(n, "max_context_tokens");
  m.attention_bias = r.boolean(n, "attention_bias");
  m.qk_norm = r.boolean(n, "qk_norm");
  m.norms_per_layer = r.positive_int(n, "norms_per_layer");
  m.published_params_b = r.number(n, "published_params_b", 0.0);
  if (!r.error() && m.attention_heads % m.kv_heads != 0) {
    r.fail(n, "kv_heads", "must divide attention_heads");
  }
  return m;
}

VisionModelSpec read_vision(FieldReader& r, const YAML::Node& n) {
  VisionModelSpec v;
  v.id = r.text(n, "id");
  v.name = r.text(n, "name");
  v.source = r.text(n, "source");
  v.task = r.text(n, "task");
  v.input_width_px = r.positive_int(n, "input_width_px");
  v.input_height_px = r.positive_int(n, "input_height_px");
  v.gmacs_per_image = r.number(n, "gmacs_per_image", 1e-9);
  v.params_m = r.number(n, "params_m", 0.0);
  v.output_bytes = r.number(n, "output_bytes", 0.0);
  return v;
}

FamilyEfficiency read_family(FieldReader& r, const YAML::Node& n) {
  FamilyEfficiency f;
  f.id = r.text(n, "id");
  f.bandwidth_efficiency = r.number(n, "bandwidth_efficiency", 1e-3, 1.0);
  f.compute_efficiency = r.number(n, "compute_efficiency", 1e-3, 1.0);
  f.basis = r.text(n, "basis");
  return f;
}

AcceleratorSpec read_accelerator(FieldReader& r, const YAML::Node& n) {
  AcceleratorSpec a;
  a.id = r.text(n, "id");
  a.name = r.text(n, "name");
  a.family = r.text(n, "family");
  a.source = r.text(n, "source");
  a.int8_sparse_tops = r.number(n, "int8_sparse_tops", 1e-6);
  a.int8_dense_tops = r.number(n, "int8_dense_tops", 1e-6);
  a.fp16_sparse_tflops = r.number(n, "fp16_sparse_tflops", 1e-6);
  a.fp16_dense_tflops = r.number(n, "fp16_dense_tflops", 1e-6);
  a.memory_gib = r.number(n, "memory_gib", 1e-6);
  a.memory_bandwidth_gb_s = r.number(n, "memory_bandwidth_gb_s", 1e-6);
  a.runtime_reserved_gib = r.number(n, "runtime_reserved_gib", 0.0);
  a.assumed = r.text_list(n, "assumed");
  if (const auto modes = r.field(n, "power_modes")) {
    if (!modes->IsSequence() || modes->size() == 0) {
      r.fail(*modes, "power_modes", "expected a non-empty list");
    } else {
      for (const YAML::Node& mode : *modes) {
        a.power_modes.push_back(PowerMode{r.text(mode, "name"), r.number(mode, "watts", 1e-3)});
      }
    }
  }
  if (!r.error() && a.runtime_reserved_gib >= a.memory_gib) {
    r.fail(n, "runtime_reserved_gib", "must be smaller than memory_gib");
  }
  return a;
}

ComputePath read_compute_path(FieldReader& r, const YAML::Node& n) {
  const std::string path = r.text(n, "compute");
  if (path == "fp16") return ComputePath::kFp16;
  if (path == "int8") return ComputePath::kInt8;
  if (!r.error()) r.fail(n, "compute", "expected fp16 or int8, got '" + path + "'");
  return ComputePath::kFp16;
}

template <typename Spec>
std::string known_ids(const std::vector<Spec>& specs) {
  std::string out;
  for (const Spec& s : specs) out += (out.empty() ? "" : ", ") + s.id;
  return out;
}

template <typename Spec>
Result<Spec> find_by_id(const std::vector<Spec>& specs, std::string_view id, const char* kind) {
  for (const Spec& s : specs) {
    if (s.id == id) return s;
  }
  return Error{"unknown " + std::string(kind) + " '" + std::string(id) +
               "'; known: " + known_ids(specs)};
}

// Reads the list `key` of `file`, one element at a time with `read`, into `out`.
template <typename Spec, typename ReadFn>
Status read_list(const YAML::Node& root, const std::filesystem::path& path, const char* key,
                 ReadFn read, std::vector<Spec>& out) {
  FieldReader reader(path.string());
  if (const auto list = reader.list(root, key)) {
    for (const YAML::Node& node : *list) {
      out.push_back(read(reader, node));
      if constexpr (requires { out.back().id; }) check_unique(reader, out, node);
      if (reader.error()) break;
    }
  }
  if (reader.error()) return *reader.error();
  return ok_status();
}

CalibrationPoint read_calibration(FieldReader& r, const YAML::Node& n) {
  CalibrationPoint c;
  c.model = r.text(n, "model");
  c.accelerator = r.text(n, "accelerator");
  c.precision = r.text(n, "precision");
  c.kv_precision = r.text(n, "kv_precision");
  c.kv_tokens = r.positive_int(n, "kv_tokens");
  c.decode_tokens_per_s = r.number(n, "decode_tokens_per_s", 1e-9);
  c.source = r.text(n, "source");
  return c;
}

}  // namespace

namespace {
struct FileEntry {
  const char* name;
  std::string CatalogTexts::*text;
};
// By CatalogFile, in its order.
constexpr FileEntry kFileEntries[] = {{"llm_models.yaml", &CatalogTexts::llm_models},
                                      {"vision_models.yaml", &CatalogTexts::vision_models},
                                      {"accelerators.yaml", &CatalogTexts::accelerators},
                                      {"precisions.yaml", &CatalogTexts::precisions},
                                      {"calibration.yaml", &CatalogTexts::calibration}};
static_assert(std::size(kFileEntries) == std::size(kCatalogFiles));
}  // namespace

const char* catalog_file_name(CatalogFile file) {
  return kFileEntries[static_cast<size_t>(file)].name;
}

std::string CatalogTexts::*catalog_file_text(CatalogFile file) {
  return kFileEntries[static_cast<size_t>(file)].text;
}

bool AcceleratorSpec::is_assumed(std::string_view field) const {
  return std::find(assumed.begin(), assumed.end(), field) != assumed.end();
}

Result<Catalog> Catalog::load(const std::filesystem::path& data_dir) {
  CatalogTexts texts;
  texts.dir = data_dir / "catalog";
  for (const CatalogFile file : kCatalogFiles) {
    auto text = read_file(texts.dir / catalog_file_name(file));
    if (!text) return text.error();
    texts.*catalog_file_text(file) = std::move(*text);
  }
  return parse(texts);
}

// Each file is parsed once, just before its first use, so errors come in file order.
Result<Catalog> Catalog::parse(const CatalogTexts& texts) {
  Catalog c;
  for (const CatalogFile file : kCatalogFiles) {
    const auto path = texts.dir / catalog_file_name(file);
    if (Status s = c.read_part(file, texts.*catalog_file_text(file), path); !s) return s.error();
  }
  return c;
}

Result<Catalog> Catalog::with_file(CatalogFile file, const std::string& text,
                                   const std::filesystem::path& dir) const {
  Catalog c = *this;
  c.clear(file);
  if (Status s = c.read_part(file, text, dir / catalog_file_name(file)); !s) return s.error();
  // What the calibration says about this file's ids, checked against the new ones (the
  // other reference between files, accelerator to family, stays inside accelerators.yaml).
  if (file != CatalogFile::kCalibration) {
    if (Status s = c.check_calibration(dir / catalog_file_name(CatalogFile::kCalibration)); !s) {
      return s.error();
    }
  }
  return c;
}

void Catalog::clear(CatalogFile file) {
  switch (file) {
    case CatalogFile::kLlmModels:
      llms_.clear();
      break;
    case CatalogFile::kVisionModels:
      vision_.clear();
      break;
    case CatalogFile::kAccelerators:
      families_.clear();
      accelerators_.clear();
      break;
    case CatalogFile::kPrecisions:
      weight_precisions_.clear();
      kv_precisions_.clear();
      activation_bytes_ = 2.0;
      break;
    case CatalogFile::kCalibration:
      calibration_.clear();
      break;
  }
}

Status Catalog::read_part(CatalogFile file, const std::string& text,
                          const std::filesystem::path& path) {
  auto root = parse_yaml(text, path.string());
  if (!root) return root.error();
  switch (file) {
    case CatalogFile::kLlmModels:
      return read_list(*root, path, "models", read_llm, llms_);
    case CatalogFile::kVisionModels:
      return read_list(*root, path, "models", read_vision, vision_);
    case CatalogFile::kAccelerators:
      return read_accelerators(*root, path);
    case CatalogFile::kPrecisions:
      return read_precisions(*root, path);
    case CatalogFile::kCalibration:
      return read_calibrations(*root, path);
  }
  return Error{path.string() + ": not a catalogue file"};
}

Status Catalog::read_accelerators(const YAML::Node& root, const std::filesystem::path& path) {
  if (Status s = read_list(root, path, "families", read_family, families_); !s) return s;
  if (Status s = read_list(root, path, "accelerators", read_accelerator, accelerators_); !s) {
    return s;
  }
  return check_families(path);
}

Status Catalog::check_families(const std::filesystem::path& path) const {
  for (const AcceleratorSpec& a : accelerators_) {
    if (!family(a.family)) {
      return Error{path.string() + ": accelerator '" + a.id +
                   "': field 'family': " + family(a.family).error().message};
    }
  }
  return ok_status();
}

Status Catalog::read_precisions(const YAML::Node& root, const std::filesystem::path& path) {
  auto read_weight = [](FieldReader& r, const YAML::Node& n) {
    return WeightPrecision{r.text(n, "id"), r.number(n, "bits_per_weight", 1.0, 32.0),
                           read_compute_path(r, n)};
  };
  auto read_kv = [](FieldReader& r, const YAML::Node& n) {
    return KvPrecision{r.text(n, "id"), r.number(n, "bytes_per_value", 0.125, 4.0)};
  };
  if (Status s = read_list(root, path, "weight_precisions", read_weight, weight_precisions_); !s) {
    return s;
  }
  if (Status s = read_list(root, path, "kv_precisions", read_kv, kv_precisions_); !s) return s;
  FieldReader reader(path.string());
  activation_bytes_ = reader.number(root, "activation_bytes", 0.5, 4.0);
  if (reader.error()) return *reader.error();
  return ok_status();
}

Status Catalog::read_calibrations(const YAML::Node& root, const std::filesystem::path& path) {
  std::vector<CalibrationPoint> measurements;
  if (Status s = read_list(root, path, "measurements", read_calibration, measurements); !s) {
    return s;
  }
  calibration_ = std::move(measurements);
  return check_calibration(path);
}

Status Catalog::check_calibration(const std::filesystem::path& path) const {
  for (const CalibrationPoint& m : calibration_) {
    const bool known = llm(m.model).ok() && accelerator(m.accelerator).ok() &&
                       weight_precision(m.precision).ok() && kv_precision(m.kv_precision).ok();
    if (!known) {
      return Error{path.string() + ": measurement " + m.model + " on " + m.accelerator +
                   " names an unknown model, accelerator or precision"};
    }
  }
  return ok_status();
}

Result<LlmSpec> Catalog::llm(std::string_view id) const {
  return find_by_id(llms_, id, "model");
}
Result<VisionModelSpec> Catalog::vision_model(std::string_view id) const {
  return find_by_id(vision_, id, "vision model");
}
Result<AcceleratorSpec> Catalog::accelerator(std::string_view id) const {
  return find_by_id(accelerators_, id, "accelerator");
}
Result<FamilyEfficiency> Catalog::family(std::string_view id) const {
  return find_by_id(families_, id, "accelerator family");
}
Result<WeightPrecision> Catalog::weight_precision(std::string_view id) const {
  return find_by_id(weight_precisions_, id, "precision");
}
Result<KvPrecision> Catalog::kv_precision(std::string_view id) const {
  return find_by_id(kv_precisions_, id, "KV-cache precision");
}

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("LAGRANGE_DATA"); env != nullptr && env[0] != '\0') {
    return env;
  }
  return LAGRANGE_DEFAULT_DATA_DIR;
}

}  // namespace lagrange::compute
