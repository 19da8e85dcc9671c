// Seeded randomness. Every random draw in Lagrange comes from an `Rng` created from the
// scenario's seed, so the same seed gives the same numbers on every platform: the generator
// (xoshiro256**, seeded through splitmix64) and the distributions are written here rather
// than taken from <random>, whose distributions differ between standard libraries.
// Not thread-safe: give each thread or stream its own `Rng` (see `fork`).
#pragma once

#include <cstdint>

namespace lagrange {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform();
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject).
  uint64_t below(uint64_t n);
  // Exponential with the given mean (inverse transform).
  double exponential(double mean);
  // Normal (Box–Muller; one value per call, no cached state).
  double normal(double mean, double stddev);
  // An independent stream derived from this one and a label, for sub-components.
  Rng fork(uint64_t label) const;

 private:
  uint64_t s_[4];
};

}  // namespace lagrange
