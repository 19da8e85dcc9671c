// Capture geometry speed (src/access/capture.hpp) over one day on a 60 s ephemeris grid:
// imaging segments of the 12 SCS-01 satellites and of a 1,000-satellite sun-synchronous
// Walker shell (97.6:1000/20/1@550km), and capture opportunities of one point target and one
// 1 deg polygon. The ephemeris is computed once, outside the timed loop.
//
//   build/bin/capture_benchmark --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "access/capture.hpp"
#include "orbit/tle.hpp"
#include "orbit/walker.hpp"

namespace {

using lagrange::Duration;
using lagrange::Instant;
using namespace lagrange::access;

const Instant kT0 = lagrange::instant_from_calendar(2026, 6, 27, 0, 0, 0.0);
const TimeGrid kDay{kT0, Duration::seconds(60), 1441};

std::vector<lagrange::orbit::Satellite> three_body() {
  std::vector<lagrange::orbit::Satellite> sats;
  const auto parsed = lagrange::orbit::load_tle_file(
      std::string(LAGRANGE_DATA_DIR) + "/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle");
  for (const auto& set : parsed->sets) sats.push_back(*lagrange::orbit::Satellite::create(set));
  return sats;
}

std::vector<lagrange::orbit::Satellite> walker_1000() {
  std::vector<lagrange::orbit::Satellite> sats;
  const auto shells = lagrange::orbit::parse_walker_spec("97.6:1000/20/1@550km");
  for (const auto& w : lagrange::orbit::generate_walker(*shells, kT0)) {
    sats.push_back(*lagrange::orbit::Satellite::create(w.elements));
  }
  return sats;
}

const Ephemeris& ephemeris(bool large) {
  static const Ephemeris small_eph = Ephemeris::compute(three_body(), kDay);
  if (!large) return small_eph;
  static const Ephemeris large_eph = Ephemeris::compute(walker_1000(), kDay);
  return large_eph;
}

// Arg: 0 = the 12 SCS-01 satellites, 1 = 1,000 Walker satellites.
void BM_ImagingSegmentsDay(benchmark::State& state) {
  const Ephemeris& eph = ephemeris(state.range(0) == 1);
  const std::vector<ImagerGeometry> imagers(eph.satellite_count(), ImagerGeometry{30.0, 10.0});
  size_t segments = 0;
  for (auto _ : state) {
    const auto out = find_imaging_segments(eph, imagers, {}, kT0, kT0 + Duration::days(1),
                                           Duration::minutes(10));
    segments = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["segments"] = static_cast<double>(segments);
}
BENCHMARK(BM_ImagingSegmentsDay)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_CapturePointDay(benchmark::State& state) {
  const Ephemeris& eph = ephemeris(state.range(0) == 1);
  const std::vector<ImagerGeometry> imagers(eph.satellite_count(), ImagerGeometry{30.0, 10.0});
  const CaptureTarget paris{{{48.85, 2.35}}};
  for (auto _ : state) {
    const auto out = find_capture_opportunities(eph, imagers, paris, kT0, kT0 + Duration::days(1));
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_CapturePointDay)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_CapturePolygonDay(benchmark::State& state) {
  const Ephemeris& eph = ephemeris(state.range(0) == 1);
  const std::vector<ImagerGeometry> imagers(eph.satellite_count(), ImagerGeometry{30.0, 10.0});
  const CaptureTarget box{{{48.0, 2.0}, {48.0, 3.0}, {49.0, 3.0}, {49.0, 2.0}}};
  for (auto _ : state) {
    const auto out = find_capture_opportunities(eph, imagers, box, kT0, kT0 + Duration::days(1));
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_CapturePolygonDay)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
