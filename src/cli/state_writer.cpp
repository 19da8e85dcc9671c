#include "cli/state_writer.hpp"

#include <algorithm>
#include <iterator>

#include "core/units.hpp"

namespace lagrange::cli {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

// Column titles shared by CSV and JSON (JSON uses them as keys).
constexpr std::string_view kPrefixKeys[] = {"norad_id", "time_utc", "minutes_since_epoch"};
constexpr std::string_view kCartesianKeys[] = {"x_km",    "y_km",    "z_km",
                                               "vx_km_s", "vy_km_s", "vz_km_s"};
constexpr std::string_view kGeodeticKeys[] = {"lat_deg", "lon_deg", "alt_km"};

}  // namespace

StateWriter::StateWriter(std::FILE* out, OutputFormat format, OutputFrame frame, size_t name_width)
    : out_(out), format_(format), frame_(frame), name_width_(std::max<size_t>(name_width, 4)) {}

void StateWriter::preamble_line(std::string_view text) {
  if (format_ != OutputFormat::kTable) return;
  fmt::format_to(std::back_inserter(buffer_), "{}\n", text);
}

void StateWriter::begin() {
  auto out = std::back_inserter(buffer_);
  const bool geodetic = frame_ == OutputFrame::kGeodetic;
  switch (format_) {
    case OutputFormat::kCsv:
      fmt::format_to(out, "{},{}\n", fmt::join(kPrefixKeys, ","),
                     geodetic ? fmt::join(kGeodeticKeys, ",") : fmt::join(kCartesianKeys, ","));
      break;
    case OutputFormat::kJson:
      fmt::format_to(out, "[");
      break;
    case OutputFormat::kTable:
      fmt::format_to(out, "{:>6}  {:<{}}  {:<24}  {:>9}", "NORAD", "NAME", name_width_,
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

void StateWriter::row_prefix(const orbit::ElementSet& set, std::string_view time_utc,
                             double minutes_since_epoch) {
  auto out = std::back_inserter(buffer_);
  switch (format_) {
    case OutputFormat::kCsv:
      fmt::format_to(out, "{},{},{:.9f}", set.norad_id, time_utc, minutes_since_epoch);
      break;
    case OutputFormat::kJson:
      fmt::format_to(out, "{}\n{{\"{}\":{},\"{}\":\"{}\",\"{}\":{:.9f}", first_row_ ? "" : ",",
                     kPrefixKeys[0], set.norad_id, kPrefixKeys[1], time_utc, kPrefixKeys[2],
                     minutes_since_epoch);
      break;
    case OutputFormat::kTable:
      fmt::format_to(out, "{:>6}  {:<{}}  {:<24}  {:>9.3f}", set.norad_id, set.name, name_width_,
                     time_utc, minutes_since_epoch / kMinutesPerDay);
      break;
  }
  first_row_ = false;
}

void StateWriter::end_row() {
  buffer_.push_back(format_ == OutputFormat::kJson ? '}' : '\n');
  flush_if_full();
}

void StateWriter::row(const orbit::ElementSet& set, std::string_view time_utc,
                      double minutes_since_epoch, const Vec3& r_km, const Vec3& v_km_s) {
  row_prefix(set, time_utc, minutes_since_epoch);
  auto out = std::back_inserter(buffer_);
  switch (format_) {
    case OutputFormat::kCsv:
      fmt::format_to(out, ",{:.9f},{:.9f},{:.9f},{:.9f},{:.9f},{:.9f}", r_km.x, r_km.y, r_km.z,
                     v_km_s.x, v_km_s.y, v_km_s.z);
      break;
    case OutputFormat::kJson:
      fmt::format_to(out, ",\"{}\":{:.9f},\"{}\":{:.9f},\"{}\":{:.9f}", kCartesianKeys[0], r_km.x,
                     kCartesianKeys[1], r_km.y, kCartesianKeys[2], r_km.z);
      fmt::format_to(out, ",\"{}\":{:.9f},\"{}\":{:.9f},\"{}\":{:.9f}", kCartesianKeys[3], v_km_s.x,
                     kCartesianKeys[4], v_km_s.y, kCartesianKeys[5], v_km_s.z);
      break;
    case OutputFormat::kTable:
      fmt::format_to(out, "  {:>11.3f}  {:>11.3f}  {:>11.3f}  {:>10.6f}  {:>10.6f}  {:>10.6f}",
                     r_km.x, r_km.y, r_km.z, v_km_s.x, v_km_s.y, v_km_s.z);
      break;
  }
  end_row();
}

void StateWriter::row(const orbit::ElementSet& set, std::string_view time_utc,
                      double minutes_since_epoch, const orbit::Geodetic& g) {
  row_prefix(set, time_utc, minutes_since_epoch);
  auto out = std::back_inserter(buffer_);
  switch (format_) {
    case OutputFormat::kCsv:
      fmt::format_to(out, ",{:.9f},{:.9f},{:.9f}", g.lat_deg, g.lon_deg, g.alt_km);
      break;
    case OutputFormat::kJson:
      fmt::format_to(out, ",\"{}\":{:.9f},\"{}\":{:.9f},\"{}\":{:.9f}", kGeodeticKeys[0], g.lat_deg,
                     kGeodeticKeys[1], g.lon_deg, kGeodeticKeys[2], g.alt_km);
      break;
    case OutputFormat::kTable:
      fmt::format_to(out, "  {:>10.4f}  {:>11.4f}  {:>10.3f}", g.lat_deg, g.lon_deg, g.alt_km);
      break;
  }
  end_row();
}

Status StateWriter::finish() {
  if (format_ == OutputFormat::kJson) {
    fmt::format_to(std::back_inserter(buffer_), "{}]\n", first_row_ ? "" : "\n");
  }
  flush();
  if (std::fflush(out_) != 0) write_failed_ = true;
  if (write_failed_) return Error{"could not write the output (disk full or closed pipe?)"};
  return ok_status();
}

void StateWriter::flush_if_full() {
  if (buffer_.size() >= kFlushBytes) flush();
}

void StateWriter::flush() {
  if (buffer_.size() == 0) return;
  if (!write_failed_ && std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) {
    write_failed_ = true;
  }
  buffer_.clear();
}

}  // namespace lagrange::cli
