// SGP4 throughput: the scalar Satellite::propagate_minutes against SatelliteBatch on one and
// two threads, on the first 1,000 near-Earth Starlink sets of the shipped catalogue over one
// day of one-minute steps. Times are process CPU time (all threads), so items_per_second is
// propagations per CPU-second, i.e. per busy core: the build machine is shared, and wall time
// there says little. Wall-clock throughput: bench/propagate_vs_satellitejs.sh.
//
//   build/bin/sgp4_benchmark --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "orbit/sgp4.hpp"
#include "orbit/tle.hpp"

namespace {

using lagrange::orbit::BatchStates;
using lagrange::orbit::Satellite;
using lagrange::orbit::SatelliteBatch;
using lagrange::orbit::TemeState;

constexpr size_t kSatellites = 1000;
constexpr size_t kSteps = 1440;

const std::vector<Satellite>& starlink() {
  static const std::vector<Satellite> satellites = [] {
    const auto parsed =
        lagrange::orbit::load_tle_file(LAGRANGE_DATA_DIR "/tle/starlink_supgp_2026-05-12.tle");
    if (!parsed) {
      std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
      std::exit(1);
    }
    std::vector<Satellite> out;
    for (const auto& set : parsed->sets) {
      auto sat = Satellite::create(set);
      if (sat && !sat->is_deep_space()) out.push_back(std::move(*sat));
      if (out.size() == kSatellites) break;
    }
    return out;
  }();
  return satellites;
}

std::vector<double> minutes() {
  std::vector<double> m(kSteps);
  for (size_t k = 0; k < kSteps; ++k) m[k] = static_cast<double>(k);
  return m;
}

void BM_Sgp4Scalar(benchmark::State& state) {
  const auto& satellites = starlink();
  const auto steps = minutes();
  for (auto _ : state) {
    double sum = 0.0;
    for (const auto& sat : satellites) {
      for (double t : steps) {
        TemeState s;
        if (sat.propagate_minutes(t, s) == lagrange::orbit::Sgp4Error::kNone) sum += s.r_km.x;
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * satellites.size() * steps.size());
}
BENCHMARK(BM_Sgp4Scalar)->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);

void BM_Sgp4Batch(benchmark::State& state) {
  const SatelliteBatch batch(starlink());
  const auto steps = minutes();
  const int threads = static_cast<int>(state.range(0));
  BatchStates out;
  batch.propagate_minutes(steps, out, threads);  // allocates and touches the output once
  for (auto _ : state) {
    batch.propagate_minutes(steps, out, threads);
    benchmark::DoNotOptimize(out.x_km.data());
  }
  state.SetItemsProcessed(state.iterations() * batch.size() * steps.size());
}
BENCHMARK(BM_Sgp4Batch)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// The same through SatelliteBatch::propagate: absolute instants, one day of minutes from the
// first satellite's epoch (each lane converts to minutes since its own epoch).
void BM_Sgp4BatchAtInstants(benchmark::State& state) {
  const SatelliteBatch batch(starlink());
  std::vector<lagrange::Instant> times;
  for (size_t k = 0; k < kSteps; ++k) {
    times.push_back(starlink()[0].elements().epoch +
                    lagrange::Duration::minutes(static_cast<int64_t>(k)));
  }
  const int threads = static_cast<int>(state.range(0));
  BatchStates out;
  batch.propagate(times, out, threads);  // allocates and touches the output once
  for (auto _ : state) {
    batch.propagate(times, out, threads);
    benchmark::DoNotOptimize(out.x_km.data());
  }
  state.SetItemsProcessed(state.iterations() * batch.size() * times.size());
}
BENCHMARK(BM_Sgp4BatchAtInstants)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
