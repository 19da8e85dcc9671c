// Streaming output of propagated states for `lagrange propagate`: CSV, JSON or an aligned
// human-readable table. Rows are formatted into a memory buffer and written to the stream in
// large blocks, so millions of rows cost one fwrite per block, not one per row. Numbers are
// printed fixed-point with a fixed number of decimals, so equal inputs give equal bytes.
// Not thread-safe: one writer per output stream.
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/vec3.hpp"
#include "orbit/elements.hpp"
#include "orbit/frames.hpp"

namespace lagrange::cli {

enum class OutputFrame { kTeme, kItrf, kGeodetic };
enum class OutputFormat { kCsv, kJson, kTable };

class StateWriter {
 public:
  // `name_width`: the widest satellite name, to align the table's NAME column.
  StateWriter(std::FILE* out, OutputFormat format, OutputFrame frame, size_t name_width);

  // Free text before the rows; only the table format shows it (CSV and JSON stay pure data).
  void preamble_line(std::string_view text);
  // The CSV header line, JSON's '[' or the table's column titles.
  void begin();
  // One state: Cartesian (TEME or ITRF, km and km/s) or geodetic (WGS-84).
  void row(const orbit::ElementSet& set, std::string_view time_utc, double minutes_since_epoch,
           const Vec3& r_km, const Vec3& v_km_s);
  void row(const orbit::ElementSet& set, std::string_view time_utc, double minutes_since_epoch,
           const orbit::Geodetic& g);
  // Closes the JSON array and flushes. Fails when the stream refused bytes (disk full, closed
  // pipe), so the caller can exit non-zero instead of reporting success on truncated output.
  Status finish();

 private:
  void row_prefix(const orbit::ElementSet& set, std::string_view time_utc,
                  double minutes_since_epoch);
  void end_row();
  void flush_if_full();
  void flush();

  std::FILE* out_;
  OutputFormat format_;
  OutputFrame frame_;
  size_t name_width_;
  fmt::memory_buffer buffer_;
  bool first_row_ = true;
  bool write_failed_ = false;
};

}  // namespace lagrange::cli
