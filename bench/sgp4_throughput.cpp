// The Lagrange side of bench/propagate_vs_satellitejs.sh: propagates the first N near-Earth
// sets of a TLE file at T one-minute steps from an absolute start time, with the scalar
// Satellite::propagate and with SatelliteBatch::propagate on 1 and on THREADS threads, and
// prints one JSON line per method (median wall time of REPEATS runs after one warm-up).
//
// Usage: sgp4_throughput TLE_FILE N_SATS N_STEPS START_ISO8601 REPEATS THREADS
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "orbit/sgp4.hpp"
#include "orbit/tle.hpp"

namespace {

using lagrange::Duration;
using lagrange::Instant;
using lagrange::orbit::BatchStates;
using lagrange::orbit::Satellite;
using lagrange::orbit::SatelliteBatch;
using lagrange::orbit::Sgp4Error;
using lagrange::orbit::TemeState;

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "sgp4_throughput: %s\n", message.c_str());
  std::exit(1);
}

std::vector<Satellite> load(const std::string& path, size_t n) {
  const auto parsed = lagrange::orbit::load_tle_file(path);
  if (!parsed) fail(parsed.error().message);
  std::vector<Satellite> out;
  for (const auto& set : parsed->sets) {
    if (out.size() == n) break;
    auto sat = Satellite::create(set);
    if (sat && !sat->is_deep_space()) out.push_back(std::move(*sat));
  }
  return out;
}

struct Timing {
  double wall_s;  // median wall-clock seconds
  double cpu_s;   // median process CPU seconds (all threads)
};

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t mid = v.size() / 2;
  return v.size() % 2 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
}

// Medians of `repeats` runs of `run`, after one untimed warm-up run. CPU time is reported
// too because the build machine is shared: with other processes running, wall time says
// little, while CPU time per propagation still measures the code.
Timing time_runs(int repeats, const std::function<void()>& run) {
  run();
  std::vector<double> wall, cpu;
  for (int r = 0; r < repeats; ++r) {
    const double cpu_start = process_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    run();
    wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    cpu.push_back(process_cpu_seconds() - cpu_start);
  }
  return {median(wall), median(cpu)};
}

void report(const char* method, int threads, size_t n_sats, size_t n_steps, Timing t,
            double checksum) {
  const auto n = static_cast<double>(n_sats * n_steps);
  std::printf(
      "{\"method\":\"%s\",\"threads\":%d,\"satellites\":%zu,\"steps\":%zu,"
      "\"seconds_median\":%.6f,\"cpu_seconds_median\":%.6f,\"propagations_per_s\":%.1f,"
      "\"propagations_per_cpu_s\":%.1f,\"checksum_x_km\":%.9f}\n",
      method, threads, n_sats, n_steps, t.wall_s, t.cpu_s, n / t.wall_s, n / t.cpu_s, checksum);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::fprintf(stderr,
                 "usage: sgp4_throughput TLE_FILE N_SATS N_STEPS START_ISO8601 REPEATS "
                 "THREADS\n");
    return 2;
  }
  const auto satellites = load(argv[1], std::stoul(argv[2]));
  const size_t n_steps = std::stoul(argv[3]);
  const auto start = lagrange::parse_iso8601(argv[4]);
  if (!start) fail(start.error().message);
  const int repeats = std::stoi(argv[5]);
  const int threads = std::stoi(argv[6]);

  std::vector<Instant> times(n_steps);
  for (size_t k = 0; k < n_steps; ++k) {
    times[k] = *start + Duration::minutes(static_cast<int64_t>(k));
  }

  double checksum = 0.0;
  const Timing scalar_t = time_runs(repeats, [&] {
    checksum = 0.0;
    TemeState s;
    for (const auto& sat : satellites) {
      for (const Instant t : times) {
        if (sat.propagate(t, s) == Sgp4Error::kNone) checksum += s.r_km.x;
      }
    }
  });
  report("Lagrange scalar Satellite::propagate", 1, satellites.size(), n_steps, scalar_t, checksum);

  const SatelliteBatch batch(satellites);
  BatchStates out;
  for (const int n_threads : {1, threads}) {
    const Timing batch_t = time_runs(repeats, [&] { batch.propagate(times, out, n_threads); });
    checksum = 0.0;
    for (size_t i = 0; i < out.x_km.size(); ++i) {
      if (out.error[i] == Sgp4Error::kNone) checksum += out.x_km[i];
    }
    report("Lagrange SatelliteBatch::propagate", n_threads, satellites.size(), n_steps, batch_t,
           checksum);
    if (threads == 1) break;
  }
  return 0;
}
