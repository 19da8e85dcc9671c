// Streaming output of propagated states for `lagrange propagate`: CSV, JSON or an aligned
// human-readable table. Rows are formatted into memory buffers (RowFormatter, which several
// threads may use at once, each with its own buffer) and written to the stream in large
// blocks (StateWriter), so millions of rows cost one fwrite per block, not one per row.
// Numbers are printed fixed-point with a fixed number of decimals (CSV and JSON: 9, the text
// of "%.9f", see fixed_decimal.hpp), so equal inputs give equal bytes.
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

// Formats rows into a caller's buffer. Immutable after construction: thread-safe.
class RowFormatter {
 public:
  // `name_width`: the widest satellite name, to align the table's NAME column.
  RowFormatter(OutputFormat format, size_t name_width);

  OutputFormat format() const { return format_; }
  size_t name_width() const { return name_width_; }

  // One state: Cartesian (TEME or ITRF, km and km/s) or geodetic (WGS-84). A JSON row starts
  // with ",\n" (the writer drops the comma of the first row of the output).
  void row(fmt::memory_buffer& out, const orbit::ElementSet& set, std::string_view time_utc,
           double minutes_since_epoch, const Vec3& r_km, const Vec3& v_km_s) const;
  void row(fmt::memory_buffer& out, const orbit::ElementSet& set, std::string_view time_utc,
           double minutes_since_epoch, const orbit::Geodetic& g) const;

 private:
  void row_prefix(fmt::memory_buffer& out, const orbit::ElementSet& set, std::string_view time_utc,
                  double minutes_since_epoch) const;

  OutputFormat format_;
  size_t name_width_;
};

// Writes the header, rows formatted by a RowFormatter, and the closing. Not thread-safe:
// one writer per output stream, used by one thread.
class StateWriter {
 public:
  StateWriter(std::FILE* out, OutputFormat format, OutputFrame frame, size_t name_width);

  const RowFormatter& formatter() const { return formatter_; }

  // Free text before the rows; only the table format shows it (CSV and JSON stay pure data).
  void preamble_line(std::string_view text);
  // The CSV header line, JSON's '[' or the table's column titles.
  void begin();
  // Rows made by formatter(), in output order; `rows` is emptied.
  void write_rows(fmt::memory_buffer& rows);
  // True once the stream has refused bytes: the caller may stop producing rows early.
  bool failed() const { return write_failed_; }
  // Closes the JSON array and flushes. Fails when the stream refused bytes (disk full, closed
  // pipe), so the caller can exit non-zero instead of reporting success on truncated output;
  // the message gives the system's reason.
  Status finish();

 private:
  void flush();

  std::FILE* out_;
  RowFormatter formatter_;
  OutputFrame frame_;
  fmt::memory_buffer buffer_;
  bool first_row_ = true;
  bool write_failed_ = false;
  int write_errno_ = 0;
};

}  // namespace lagrange::cli
