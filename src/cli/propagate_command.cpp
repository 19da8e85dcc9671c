// `lagrange propagate`: TLE/OMM element sets -> SGP4 states at given times, in TEME, ITRF or
// WGS-84 geodetic coordinates, written as CSV, JSON or a table.
//
// Output order: satellites in file order; for each, its times ascending. Satellites are
// propagated in chunks through SatelliteBatch (SIMD across satellites, OpenMP across cores),
// each chunk holding at most kStatesPerChunk states, so memory stays bounded for any file
// size and time span. Each chunk's rows are formatted in pieces on all cores and written in
// row order, so the output does not depend on the thread count. A failed write (disk full)
// stops the run early with exit 1.
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/state_writer.hpp"
#include "core/result.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "core/units.hpp"
#include "orbit/frames.hpp"
#include "orbit/omm.hpp"
#include "orbit/sgp4.hpp"
#include "orbit/tle.hpp"

namespace lagrange::cli {
namespace {

constexpr int kExitInput = 1;
constexpr int kExitUsage = 2;
constexpr double kMaxMinutesFromEpoch = 100.0 * 365.25 * 1440.0;
constexpr size_t kStatesPerChunk = size_t{1} << 18;
// Fewer rows than this are formatted by one thread (starting threads costs more).
constexpr size_t kMinRowsPerPiece = 2048;
constexpr int64_t kMaxInstants = 100'000'000;
constexpr double kDefaultStep_s = 60.0;

struct PropagateOptions {
  std::string tle_path;
  std::string omm_path;
  std::string start;
  std::string end;
  double step_s = kDefaultStep_s;
  std::vector<double> minutes;
  std::string frame = "teme";
  std::string format = "csv";
  bool skip_invalid = false;
  // Which options were given (CLI11 owns these; they live as long as the app).
  CLI::Option* tle_option = nullptr;
  CLI::Option* omm_option = nullptr;
  CLI::Option* start_option = nullptr;
  CLI::Option* end_option = nullptr;
  CLI::Option* step_option = nullptr;
  CLI::Option* minutes_option = nullptr;
};

// The instants to propagate to: either absolute (start + k * step, k < count, all
// satellites share them) or offsets in minutes from each set's own epoch.
struct TimePlan {
  bool relative = false;
  std::vector<double> minutes;  // relative: sorted ascending, duplicates removed
  Instant start;
  Duration step;
  int64_t count = 0;
  Instant at(int64_t k) const { return start + step * k; }
};

void print_error(const std::string& message) {
  fmt::print(stderr, "lagrange propagate: {}\n", printable(message));
}

int usage_error(const std::string& message) {
  print_error(fmt::format("{} (see `lagrange propagate --help`)", message));
  return kExitUsage;
}

// The service edge reads the wall clock; whole milliseconds so the printed time (ms
// resolution) is exactly the instant propagated to.
Instant now_utc() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
  return Instant::from_unix_ns(ms * 1'000'000);
}

Result<Instant> parse_time_option(const std::string& text, const char* option, Instant now) {
  if (text == "now") return now;
  auto t = parse_iso8601(text);
  if (!t.ok()) return Error{fmt::format("{}: {}", option, t.error().message)};
  return t;
}

Result<TimePlan> make_time_plan(const PropagateOptions& o, Instant now) {
  const bool has_start = o.start_option->count() > 0;
  const bool has_end = o.end_option->count() > 0;
  const bool has_step = o.step_option->count() > 0;
  TimePlan plan;
  if (o.minutes_option->count() > 0) {
    if (has_start || has_end || has_step) {
      return Error{"--minutes cannot be combined with --start, --end or --step"};
    }
    for (double m : o.minutes) {
      if (!std::isfinite(m)) return Error{"--minutes: every value must be a finite number"};
      // A century either side of any epoch stays inside the supported instants and int64 ns.
      if (std::abs(m) > kMaxMinutesFromEpoch) {
        return Error{
            fmt::format("--minutes: {:g} is more than 100 years ({:g} min) from the "
                        "epoch (docs/LIMITS.md)",
                        m, kMaxMinutesFromEpoch)};
      }
    }
    plan.relative = true;
    plan.minutes = o.minutes;
    std::sort(plan.minutes.begin(), plan.minutes.end());
    plan.minutes.erase(std::unique(plan.minutes.begin(), plan.minutes.end()), plan.minutes.end());
    return plan;
  }
  if (has_end && !has_start) return Error{"--end needs --start"};
  if (has_step && !has_end) return Error{"--step needs --start and --end"};
  if (!(o.step_s > 0.0) || !std::isfinite(o.step_s)) {
    return Error{fmt::format("--step must be a positive number of seconds (got {})", o.step_s)};
  }
  auto start = has_start ? parse_time_option(o.start, "--start", now) : Result<Instant>(now);
  if (!start.ok()) return start.error();
  plan.start = *start;
  plan.step = Duration::from_seconds(o.step_s);
  if (plan.step.ns() <= 0) return Error{"--step must be at least 1 nanosecond"};
  plan.count = 1;
  if (has_end) {
    auto end = parse_time_option(o.end, "--end", now);
    if (!end.ok()) return end.error();
    if (*end < plan.start) {
      return Error{fmt::format("--end ({}) is before --start ({})", format_iso8601(*end),
                               format_iso8601(plan.start))};
    }
    const int64_t span_ns = (*end - plan.start).ns();
    const int64_t steps = span_ns / plan.step.ns();
    if (steps >= kMaxInstants) {
      return Error{fmt::format("--start/--end/--step give {} instants; at most {} are allowed",
                               steps + 1, kMaxInstants)};
    }
    plan.count = steps + 1;
  }
  return plan;
}

Result<OutputFrame> parse_frame(const std::string& text) {
  if (text == "teme") return OutputFrame::kTeme;
  if (text == "itrf") return OutputFrame::kItrf;
  if (text == "geodetic") return OutputFrame::kGeodetic;
  return Error{fmt::format("--frame: unknown frame '{}' (teme, itrf, geodetic)", text)};
}

Result<OutputFormat> parse_format(const std::string& text) {
  if (text == "csv") return OutputFormat::kCsv;
  if (text == "json") return OutputFormat::kJson;
  if (text == "table") return OutputFormat::kTable;
  return Error{fmt::format("--format: unknown format '{}' (csv, json, table)", text)};
}

// The first SGP4 failure of one satellite and how many more followed: reported as one
// stderr line per satellite, so a decayed object over a long span does not flood stderr.
struct FailureTally {
  size_t count = 0;
  orbit::Sgp4Error first_error = orbit::Sgp4Error::kNone;
  Instant first_time;
  double first_minutes = 0.0;

  void add(orbit::Sgp4Error error, Instant t, double minutes) {
    if (count++ == 0) {
      first_error = error;
      first_time = t;
      first_minutes = minutes;
    }
  }
  // Adds the failures of `later`, which come after this tally's in time.
  void merge(const FailureTally& later) {
    if (later.count == 0) return;
    if (count == 0) {
      first_error = later.first_error;
      first_time = later.first_time;
      first_minutes = later.first_minutes;
    }
    count += later.count;
  }
  void report(const orbit::ElementSet& set) const {
    if (count == 0) return;
    const std::string more =
        count > 1 ? fmt::format("; no rows either at {} later times", count - 1) : "";
    print_error(fmt::format("{}: no state at {} ({:+.3f} min from epoch): SGP4 error: {}{}",
                            orbit::describe(set), format_iso8601(first_time), first_minutes,
                            orbit::describe(first_error), more));
  }
};

// Turns TEME states into output rows in the requested frame. Const: thread-safe.
class RowEmitter {
 public:
  RowEmitter(const RowFormatter& formatter, OutputFrame frame)
      : formatter_(formatter), frame_(frame) {}

  // `to_itrf` must be the transformation at the row's instant unless the frame is TEME.
  void emit(fmt::memory_buffer& out, const orbit::ElementSet& set, std::string_view time_utc,
            double minutes, const orbit::TemeState& s, const orbit::TemeToItrf& to_itrf) const {
    if (frame_ == OutputFrame::kTeme) {
      formatter_.row(out, set, time_utc, minutes, s.r_km, s.v_km_s);
      return;
    }
    const orbit::ItrfState itrf = to_itrf.apply(s.r_km, s.v_km_s);
    if (frame_ == OutputFrame::kItrf) {
      formatter_.row(out, set, time_utc, minutes, itrf.r_km, itrf.v_km_s);
    } else {
      formatter_.row(out, set, time_utc, minutes, orbit::itrf_to_geodetic(itrf.r_km));
    }
  }

 private:
  const RowFormatter& formatter_;
  OutputFrame frame_;
};

// Consecutive rows of one block (row r is satellite r / n_times at instant r % n_times),
// formatted by one thread into its own text, with the SGP4 failures it met.
struct Piece {
  size_t begin = 0;
  size_t end = 0;
  fmt::memory_buffer text;
  std::vector<FailureTally> failures;  // [satellite - begin / n_times]
};

// Formats a block's rows on all cores (OpenMP; OMP_NUM_THREADS limits it) and writes them in
// row order, so the bytes do not depend on the thread count. `format_row(s, k, out, tally)`
// formats one row or records its failure; it must be safe to call from several threads.
// `pieces` is scratch reused from block to block (its buffers keep their memory).
template <class FormatRow>
void format_and_write(size_t n_satellites, size_t n_times, std::vector<FailureTally>& failures,
                      std::vector<Piece>& pieces, StateWriter& writer,
                      const FormatRow& format_row) {
  const size_t n_rows = n_satellites * n_times;
  const int threads = omp_get_max_threads();
  const size_t n_pieces =
      std::clamp<size_t>(n_rows / kMinRowsPerPiece, 1, static_cast<size_t>(threads) * 4);
  pieces.resize(n_pieces);
  for (size_t p = 0; p < n_pieces; ++p) {
    pieces[p].begin = n_rows * p / n_pieces;
    pieces[p].end = n_rows * (p + 1) / n_pieces;
    pieces[p].text.clear();
    pieces[p].failures.clear();
  }
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (n_pieces > 1)
  for (size_t p = 0; p < n_pieces; ++p) {
    Piece& piece = pieces[p];
    const size_t first_satellite = piece.begin / n_times;
    if (piece.end > piece.begin) {
      piece.failures.resize((piece.end - 1) / n_times - first_satellite + 1);
    }
    for (size_t r = piece.begin; r < piece.end; ++r) {
      const size_t s = r / n_times;
      format_row(s, r % n_times, piece.text, piece.failures[s - first_satellite]);
    }
  }
  for (size_t p = 0; p < n_pieces; ++p) {
    Piece& piece = pieces[p];
    writer.write_rows(piece.text);
    const size_t first_satellite = piece.begin / n_times;
    for (size_t j = 0; j < piece.failures.size(); ++j) {
      failures[first_satellite + j].merge(piece.failures[j]);
    }
  }
}

// What every instant of a block shares across satellites: its text and its frame rotation.
struct InstantInfo {
  Instant t;
  std::string time_utc;
  orbit::TemeToItrf to_itrf;
};

std::vector<InstantInfo> describe_instants(const TimePlan& plan, int64_t first, int64_t count,
                                           bool need_rotation) {
  std::vector<InstantInfo> out(static_cast<size_t>(count));
  for (int64_t k = 0; k < count; ++k) {
    InstantInfo& info = out[static_cast<size_t>(k)];
    info.t = plan.at(first + k);
    info.time_utc = format_iso8601(info.t);
    if (need_rotation) info.to_itrf = orbit::teme_to_itrf_at(info.t);
  }
  return out;
}

// Absolute times. When all instants of one satellite fit in a chunk, chunks group several
// satellites over all instants (the instants' text and rotations are computed once);
// otherwise each satellite goes alone through consecutive blocks of instants. Stops early
// when the output refuses bytes.
void propagate_absolute(std::span<const orbit::Satellite> sats, const TimePlan& plan,
                        OutputFrame frame, StateWriter& writer) {
  const RowEmitter emitter(writer.formatter(), frame);
  const bool need_rotation = frame != OutputFrame::kTeme;
  const size_t n_times = static_cast<size_t>(plan.count);
  const size_t sats_per_chunk = std::max<size_t>(1, kStatesPerChunk / n_times);
  const size_t times_per_block = std::min(n_times, kStatesPerChunk);
  std::vector<InstantInfo> shared;
  if (n_times <= kStatesPerChunk) shared = describe_instants(plan, 0, plan.count, need_rotation);
  orbit::BatchStates states;
  std::vector<Instant> block_times;
  std::vector<Piece> pieces;
  for (size_t s0 = 0; s0 < sats.size() && !writer.failed(); s0 += sats_per_chunk) {
    const auto chunk = sats.subspan(s0, std::min(sats_per_chunk, sats.size() - s0));
    const orbit::SatelliteBatch batch(chunk);
    std::vector<FailureTally> failures(chunk.size());
    for (size_t t0 = 0; t0 < n_times && !writer.failed(); t0 += times_per_block) {
      const size_t n_block = std::min(times_per_block, n_times - t0);
      std::vector<InstantInfo> own;
      if (shared.empty()) {
        own = describe_instants(plan, static_cast<int64_t>(t0), static_cast<int64_t>(n_block),
                                need_rotation);
      }
      const std::vector<InstantInfo>& infos = shared.empty() ? own : shared;
      const size_t info_offset = shared.empty() ? 0 : t0;
      block_times.resize(n_block);
      for (size_t k = 0; k < n_block; ++k) block_times[k] = infos[info_offset + k].t;
      batch.propagate(block_times, states);
      format_and_write(chunk.size(), n_block, failures, pieces, writer,
                       [&](size_t s, size_t k, fmt::memory_buffer& out, FailureTally& tally) {
                         const InstantInfo& info = infos[info_offset + k];
                         const double minutes = chunk[s].minutes_since_epoch(info.t);
                         const size_t i = states.index(k, s);
                         if (states.error[i] != orbit::Sgp4Error::kNone) {
                           tally.add(states.error[i], info.t, minutes);
                           return;
                         }
                         emitter.emit(out, chunk[s].elements(), info.time_utc, minutes,
                                      states.state(k, s), info.to_itrf);
                       });
    }
    for (size_t s = 0; s < chunk.size(); ++s) failures[s].report(chunk[s].elements());
  }
}

// Minutes from each set's own epoch: the instants differ per satellite, so the text and the
// rotation are computed per row. Stops early when the output refuses bytes.
void propagate_relative(std::span<const orbit::Satellite> sats, const TimePlan& plan,
                        OutputFrame frame, StateWriter& writer) {
  const RowEmitter emitter(writer.formatter(), frame);
  const size_t n_times = plan.minutes.size();
  const size_t sats_per_chunk = std::max<size_t>(1, kStatesPerChunk / std::max<size_t>(1, n_times));
  orbit::BatchStates states;
  std::vector<Piece> pieces;
  for (size_t s0 = 0; s0 < sats.size() && !writer.failed(); s0 += sats_per_chunk) {
    const auto chunk = sats.subspan(s0, std::min(sats_per_chunk, sats.size() - s0));
    const orbit::SatelliteBatch batch(chunk);
    batch.propagate_minutes(plan.minutes, states);
    std::vector<FailureTally> failures(chunk.size());
    format_and_write(
        chunk.size(), n_times, failures, pieces, writer,
        [&](size_t s, size_t k, fmt::memory_buffer& out, FailureTally& tally) {
          const orbit::ElementSet& set = chunk[s].elements();
          const double minutes = plan.minutes[k];
          const Instant t = set.epoch + Duration::from_minutes(minutes);
          const size_t i = states.index(k, s);
          if (states.error[i] != orbit::Sgp4Error::kNone) {
            tally.add(states.error[i], t, minutes);
            return;
          }
          const orbit::TemeToItrf to_itrf =
              frame == OutputFrame::kTeme ? orbit::TemeToItrf{} : orbit::teme_to_itrf_at(t);
          emitter.emit(out, set, format_iso8601(t), minutes, states.state(k, s), to_itrf);
        });
    for (size_t s = 0; s < chunk.size(); ++s) failures[s].report(chunk[s].elements());
  }
}

Result<orbit::ParsedElements> load_elements(const PropagateOptions& o) {
  const orbit::ParseOptions parse_options{.skip_invalid = o.skip_invalid};
  if (!o.tle_path.empty()) return orbit::load_tle_file(o.tle_path, parse_options);
  return orbit::load_omm_file(o.omm_path, parse_options);
}

// SGP4-initialises every set; a set that cannot be initialised gets one stderr line and no
// rows, and the run goes on.
std::vector<orbit::Satellite> create_satellites(const std::vector<orbit::ElementSet>& sets) {
  std::vector<orbit::Satellite> sats;
  sats.reserve(sets.size());
  for (const orbit::ElementSet& set : sets) {
    auto sat = orbit::Satellite::create(set);
    if (!sat.ok()) {
      print_error(fmt::format("{}: no states (SGP4 initialisation at epoch {} failed): {}",
                              orbit::describe(set), format_iso8601(set.epoch),
                              sat.error().message));
      continue;
    }
    sats.push_back(std::move(sat).value());
  }
  return sats;
}

// An honest note on how stale the elements are at the requested times: SGP4's error grows
// with the time from epoch, fastest for low orbits whose drag the elements only predict.
std::string age_advice(double max_age_days) {
  if (max_age_days < 3.0) return "fresh elements: SGP4 errors of about 1 km";
  if (max_age_days < 14.0) {
    return "elements several days from epoch: errors grow to several or tens of km";
  }
  return "STALE elements: for low orbits the along-track error can reach hundreds of km or "
         "more (drag); fetch current elements for accurate positions";
}

void write_table_preamble(StateWriter& writer, const std::string& source,
                          std::span<const orbit::Satellite> sats, const TimePlan& plan,
                          OutputFrame frame) {
  static constexpr const char* kFrameNames[] = {"TEME (km, km/s)", "ITRF (km, km/s)",
                                                "geodetic WGS-84 (deg, km)"};
  writer.preamble_line(fmt::format("{} satellites from {}; frame {}; UT1 = UTC (no EOP data)",
                                   sats.size(), source, kFrameNames[static_cast<int>(frame)]));
  if (sats.empty()) return;
  auto [oldest, newest] = std::minmax_element(
      sats.begin(), sats.end(), [](const orbit::Satellite& a, const orbit::Satellite& b) {
        return a.elements().epoch < b.elements().epoch;
      });
  const Instant first_epoch = oldest->elements().epoch;
  const Instant last_epoch = newest->elements().epoch;
  double max_age_days = 0.0;
  if (plan.relative) {
    for (double m : plan.minutes) {
      max_age_days = std::max(max_age_days, std::abs(m) / kMinutesPerDay);
    }
    writer.preamble_line(fmt::format("element epochs {} .. {}; times are minutes from each epoch",
                                     format_iso8601(first_epoch), format_iso8601(last_epoch)));
  } else {
    const auto age_days = [](Instant t, Instant epoch) {
      return (t - epoch).to_seconds() / kSecondsPerDay;
    };
    const Instant last_time = plan.at(plan.count - 1);
    for (Instant t : {plan.start, last_time}) {
      for (Instant epoch : {first_epoch, last_epoch}) {
        max_age_days = std::max(max_age_days, std::abs(age_days(t, epoch)));
      }
    }
    const std::string youngest = fmt::format("{:.1f}", age_days(plan.start, last_epoch));
    const std::string oldest_age = fmt::format("{:.1f}", age_days(plan.start, first_epoch));
    writer.preamble_line(fmt::format(
        "element epochs {} .. {}; at {} the elements are {} days old", format_iso8601(first_epoch),
        format_iso8601(last_epoch), format_iso8601(plan.start),
        youngest == oldest_age ? youngest : youngest + " to " + oldest_age));
  }
  writer.preamble_line(age_advice(max_age_days));
  writer.preamble_line("");
}

size_t widest_name(std::span<const orbit::Satellite> sats) {
  size_t width = 0;
  for (const orbit::Satellite& s : sats) width = std::max(width, s.elements().name.size());
  return width;
}

int run_propagate(const PropagateOptions& o) {
  const bool has_tle = o.tle_option->count() > 0;
  const bool has_omm = o.omm_option->count() > 0;
  if (!has_tle && !has_omm) return usage_error("one of --tle FILE or --omm FILE is required");
  if (has_tle && has_omm) return usage_error("--tle and --omm cannot be used together");
  auto plan = make_time_plan(o, now_utc());
  if (!plan.ok()) return usage_error(plan.error().message);
  auto frame = parse_frame(o.frame);
  if (!frame.ok()) return usage_error(frame.error().message);
  auto format = parse_format(o.format);
  if (!format.ok()) return usage_error(format.error().message);

  auto parsed = load_elements(o);
  if (!parsed.ok()) {
    print_error(parsed.error().message);
    return kExitInput;
  }
  for (const std::string& skipped : parsed->skipped) print_error("skipped: " + skipped);
  const std::vector<orbit::Satellite> sats = create_satellites(parsed->sets);

  StateWriter writer(stdout, *format, *frame, widest_name(sats));
  write_table_preamble(writer, has_tle ? o.tle_path : o.omm_path, sats, *plan, *frame);
  writer.begin();
  if (plan->relative) {
    propagate_relative(sats, *plan, *frame, writer);
  } else {
    propagate_absolute(sats, *plan, *frame, writer);
  }
  const Status written = writer.finish();
  if (!written.ok()) {
    print_error(written.error().message);
    return kExitInput;
  }
  return 0;
}

constexpr const char* kDescription = R"(Propagate TLE/OMM element sets with SGP4 and print states.

Times: --start/--end/--step give absolute UTC instants start, start+step, ... up to and
including end (when on the grid); --start alone is one instant; with neither --start nor
--minutes the current time ("now") is used. --minutes gives offsets from each element
set's own epoch instead. Output order: satellites in file order, each with its times
ascending. A set that SGP4 cannot propagate at some time (decayed, bad elements) gets no
row there and one line on stderr naming it, the first failing time and the SGP4 error;
the run continues and exits 0.

Formats: csv (header norad_id,time_utc,minutes_since_epoch, then x_km,y_km,z_km,vx_km_s,
vy_km_s,vz_km_s for teme/itrf or lat_deg,lon_deg,alt_km for geodetic; 9 decimals),
json (one array of objects with the same keys), table (aligned text with names and the
age of the elements, for people).

Frames: teme (SGP4's output), itrf (Earth-fixed: TEME rotated by IAU-82 GMST, UT1 = UTC,
no polar motion; velocity relative to the rotating Earth), geodetic (WGS-84 latitude,
longitude in (-180, 180], height above the ellipsoid).

Exit codes: 0 done (even if some satellites had SGP4 errors), 1 unreadable or invalid
element file (message names file, line, column) or output that could not be written
(disk full, closed pipe), 2 usage error.)";

}  // namespace

void add_propagate_command(CLI::App& app, int& exit_code) {
  // Shared between CLI11's option bindings (which write into it during parsing) and the
  // callback that runs afterwards; both outlive this function.
  auto o = std::make_shared<PropagateOptions>();
  CLI::App* cmd = app.add_subcommand("propagate", "Propagate TLE/OMM element sets with SGP4");
  cmd->description(kDescription);
  o->tle_option =
      cmd->add_option("--tle", o->tle_path, "Two- or three-line element file (checksums verified)")
          ->type_name("FILE");
  o->omm_option = cmd->add_option("--omm", o->omm_path,
                                  "CCSDS OMM file: XML, KVN, or CelesTrak JSON/CSV (by extension)")
                      ->type_name("FILE");
  o->start_option = cmd->add_option("--start", o->start,
                                    "First instant, ISO 8601 UTC (2026-11-22T12:00:00Z) or 'now'")
                        ->type_name("ISO|now");
  o->end_option =
      cmd->add_option("--end", o->end, "Last instant, ISO 8601 UTC or 'now'; needs --start")
          ->type_name("ISO|now");
  o->step_option =
      cmd->add_option(
             "--step", o->step_s,
             "Seconds between instants from --start to --end (> 0, default 60; ns resolution)")
          ->type_name("SECONDS");
  o->minutes_option =
      cmd->add_option("--minutes", o->minutes,
                      "Comma-separated minutes since each set's own epoch (e.g. 0,90,1440); "
                      "sorted, duplicates dropped; not with --start/--end/--step")
          ->type_name("MINUTES,...")
          ->delimiter(',')
          ->allow_extra_args(false);
  cmd->add_option("--frame", o->frame, "teme | itrf | geodetic (default teme)")
      ->check(CLI::IsMember({"teme", "itrf", "geodetic"}));
  cmd->add_option("--format", o->format, "csv | json | table (default csv)")
      ->check(CLI::IsMember({"csv", "json", "table"}));
  cmd->add_flag("--skip-invalid", o->skip_invalid,
                "Skip element sets that fail to parse (one stderr line each) instead of "
                "stopping at the first");
  cmd->callback([o, &exit_code] { exit_code = run_propagate(*o); });
}

}  // namespace lagrange::cli
