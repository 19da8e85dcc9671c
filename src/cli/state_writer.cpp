#include "cli/state_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>

#include "cli/fixed_decimal.hpp"
#include "core/units.hpp"

namespace lagrange::cli {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

// Column titles shared by CSV and JSON (JSON uses them as keys).
constexpr std::string_view kPrefixKeys[] = {"norad_id", "time_utc", "minutes_since_epoch"};
constexpr std::string_view kCartesianKeys[] = {"x_km",    "y_km",    "z_km",
                                               "vx_km_s", "vy_km_s", "vz_km_s"};
constexpr std::string_view kGeodeticKeys[] = {"lat_deg", "lon_deg", "alt_km"};

void append(fmt::memory_buffer& out, std::string_view text) {
  out.append(text.data(), text.data() + text.size());
}

// ,"key":value
void append_json_number(fmt::memory_buffer& out, std::string_view key, double value) {
  append(out, ",\"");
  append(out, key);
  append(out, "\":");
  append_fixed9(out, value);
}

}  // namespace

RowFormatter::RowFormatter(OutputFormat format, size_t name_width)
    : format_(format), name_width_(std::max<size_t>(name_width, 4)) {}

void RowFormatter::row_prefix(fmt::memory_buffer& out, const orbit::ElementSet& set,
                              std::string_view time_utc, double minutes_since_epoch) const {
  switch (format_) {
    case OutputFormat::kCsv:
      append(out, fmt::format_int(set.norad_id).c_str());
      out.push_back(',');
      append(out, time_utc);
      out.push_back(',');
      append_fixed9(out, minutes_since_epoch);
      break;
    case OutputFormat::kJson:
      fmt::format_to(std::back_inserter(out), ",\n{{\"{}\":{},\"{}\":\"{}\"", kPrefixKeys[0],
                     set.norad_id, kPrefixKeys[1], time_utc);
      append_json_number(out, kPrefixKeys[2], minutes_since_epoch);
      break;
    case OutputFormat::kTable:
      fmt::format_to(std::back_inserter(out), "{:>6}  {:<{}}  {:<24}  {:>9.3f}", set.norad_id,
                     set.name, name_width_, time_utc, minutes_since_epoch / kMinutesPerDay);
      break;
  }
}

void RowFormatter::row(fmt::memory_buffer& out, const orbit::ElementSet& set,
                       std::string_view time_utc, double minutes_since_epoch, const Vec3& r_km,
                       const Vec3& v_km_s) const {
  row_prefix(out, set, time_utc, minutes_since_epoch);
  switch (format_) {
    case OutputFormat::kCsv:
      for (double value : {r_km.x, r_km.y, r_km.z, v_km_s.x, v_km_s.y, v_km_s.z}) {
        out.push_back(',');
        append_fixed9(out, value);
      }
      out.push_back('\n');
      break;
    case OutputFormat::kJson: {
      const double values[] = {r_km.x, r_km.y, r_km.z, v_km_s.x, v_km_s.y, v_km_s.z};
      for (size_t i = 0; i < std::size(values); ++i) {
        append_json_number(out, kCartesianKeys[i], values[i]);
      }
      out.push_back('}');
      break;
    }
    case OutputFormat::kTable:
      fmt::format_to(std::back_inserter(out),
                     "  {:>11.3f}  {:>11.3f}  {:>11.3f}  {:>10.6f}  {:>10.6f}  {:>10.6f}\n", r_km.x,
                     r_km.y, r_km.z, v_km_s.x, v_km_s.y, v_km_s.z);
      break;
  }
}

void RowFormatter::row(fmt::memory_buffer& out, const orbit::ElementSet& set,
                       std::string_view time_utc, double minutes_since_epoch,
                       const orbit::Geodetic& g) const {
  row_prefix(out, set, time_utc, minutes_since_epoch);
  switch (format_) {
    case OutputFormat::kCsv:
      for (double value : {g.lat_deg, g.lon_deg, g.alt_km}) {
        out.push_back(',');
        append_fixed9(out, value);
      }
      out.push_back('\n');
      break;
    case OutputFormat::kJson:
      append_json_number(out, kGeodeticKeys[0], g.lat_deg);
      append_json_number(out, kGeodeticKeys[1], g.lon_deg);
      append_json_number(out, kGeodeticKeys[2], g.alt_km);
      out.push_back('}');
      break;
    case OutputFormat::kTable:
      fmt::format_to(std::back_inserter(out), "  {:>10.4f}  {:>11.4f}  {:>10.3f}\n", g.lat_deg,
                     g.lon_deg, g.alt_km);
      break;
  }
}

StateWriter::StateWriter(std::FILE* out, OutputFormat format, OutputFrame frame, size_t name_width)
    : out_(out), formatter_(format, name_width), frame_(frame) {}

void StateWriter::preamble_line(std::string_view text) {
  if (formatter_.format() != OutputFormat::kTable) return;
  fmt::format_to(std::back_inserter(buffer_), "{}\n", text);
}

void StateWriter::begin() {
  auto out = std::back_inserter(buffer_);
  const bool geodetic = frame_ == OutputFrame::kGeodetic;
  switch (formatter_.format()) {
    case OutputFormat::kCsv:
      fmt::format_to(out, "{},{}\n", fmt::join(kPrefixKeys, ","),
                     geodetic ? fmt::join(kGeodeticKeys, ",") : fmt::join(kCartesianKeys, ","));
      break;
    case OutputFormat::kJson:
      fmt::format_to(out, "[");
      break;
    case OutputFormat::kTable:
      fmt::format_to(out, "{:>6}  {:<{}}  {:<24}  {:>9}", "NORAD", "NAME", formatter_.name_width(),
                     "TIME (UTC)", "AGE (d)");
      if (geodetic) {
        fmt::format_to(out, "  {:>10}  {:>11}  {:>10}\n", "LAT (deg)", "LON (deg)", "ALT (km)");
      } else {
        fmt::format_to(out, "  {:>11}  {:>11}  {:>11}  {:>10}  {:>10}  {:>10}\n", "X (km)",
                       "Y (km)", "Z (km)", "VX (km/s)", "VY (km/s)", "VZ (km/s)");
      }
      break;
  }
}

void StateWriter::write_rows(fmt::memory_buffer& rows) {
  if (rows.size() == 0) return;
  // The first JSON row of the output has no comma before it.
  const size_t skip = formatter_.format() == OutputFormat::kJson && first_row_ ? 1 : 0;
  first_row_ = false;
  if (buffer_.size() + rows.size() < kFlushBytes) {
    buffer_.append(rows.data() + skip, rows.data() + rows.size());
  } else {
    flush();
    buffer_.append(rows.data() + skip, rows.data() + rows.size());
    flush();
  }
  rows.clear();
}

Status StateWriter::finish() {
  if (formatter_.format() == OutputFormat::kJson) {
    fmt::format_to(std::back_inserter(buffer_), "{}]\n", first_row_ ? "" : "\n");
  }
  flush();
  if (std::fflush(out_) != 0 && !write_failed_) {
    write_failed_ = true;
    write_errno_ = errno;
  }
  if (write_failed_) {
    return Error{fmt::format("could not write the output: {}",
                             write_errno_ != 0 ? std::strerror(write_errno_) : "stream error")};
  }
  return ok_status();
}

void StateWriter::flush() {
  if (buffer_.size() == 0) return;
  if (!write_failed_) {
    errno = 0;
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size() ||
        std::ferror(out_) != 0) {
      write_failed_ = true;
      write_errno_ = errno;
    }
  }
  buffer_.clear();
}

}  // namespace lagrange::cli
