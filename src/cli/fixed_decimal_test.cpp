// append_fixed9 must give exactly fmt's "{:.9f}" text (the oracle: fmt's exact float
// formatting, and glibc's printf "%.9f", which agree), for edge cases and for millions of
// random values of every magnitude the fast path handles and beyond.
#include "cli/fixed_decimal.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

namespace lagrange::cli {
namespace {

std::string fixed9(double x) {
  fmt::memory_buffer out;
  append_fixed9(out, x);
  return std::string(out.data(), out.size());
}

std::string printf9(double x) {
  char text[512];
  std::snprintf(text, sizeof text, "%.9f", x);
  return text;
}

// Checks one value against both oracles; returns whether it matched (to count failures).
bool same_as_oracles(double x) {
  const std::string ours = fixed9(x);
  const std::string expected = fmt::format("{:.9f}", x);
  EXPECT_EQ(ours, expected) << std::hexfloat << x;
  EXPECT_EQ(expected, printf9(x)) << std::hexfloat << x;
  return ours == expected;
}

TEST(Fixed9, EdgeValues) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double values[] = {
      0.0, -0.0, 1.0, -1.0, 0.1, -0.1, 1e-9, -1e-9, 4e-10, 5e-10, 6e-10, -5e-10, 1.5e-9, 2.5e-9,
      0.5e-9 + 1e-25, 1e-10, -1e-12, 1e-300, -1e-300, std::numeric_limits<double>::denorm_min(),
      -std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::min(),
      // Exact ties at the ninth decimal (x * 1e9 ends in .5 exactly): to even.
      0.0009765625, 0.0029296875, -0.0009765625, 1.0009765625, 12345.0009765625,
      // Values that round up across digit boundaries.
      0.9999999995, 0.99999999949999, 9.9999999996, 99999.9999999999, -0.9999999999,
      // Magnitudes at the fast path's bound (q < 2^64 <=> |x| < 1.8446744073709551615e10)
      // and beyond, where fmt takes over.
      18446744073.709551, 18446744073.709552, 18446744073.709553, 1.8446744074e10, 1e11, -1e11,
      4503599627370496.0, 9007199254740993.0, 1e15, 1e22, 1e300, std::numeric_limits<double>::max(),
      -std::numeric_limits<double>::max(),
      // Typical propagate values: positions (km), velocities (km/s), minutes.
      6778.137123456789, -4321.000000000499, 7.612345678901, -0.000123456789, 1440.0, -20160.5,
      42164.1696, 123456789.123,
      // Not finite.
      kInf, -kInf, std::numeric_limits<double>::quiet_NaN()};
  for (double x : values) same_as_oracles(x);
  EXPECT_EQ(fixed9(-0.0), "-0.000000000");
  EXPECT_EQ(fixed9(-1e-12), "-0.000000000");
  EXPECT_EQ(fixed9(0.0009765625), "0.000976562");
  EXPECT_EQ(fixed9(0.0029296875), "0.002929688");
}

// n / 2^10 for odd n is an exact tie at nine decimals; n / 2^k for other k is near one.
TEST(Fixed9, DyadicFractionsNearTies) {
  size_t mismatches = 0;
  for (int k = 1; k <= 40; ++k) {
    for (int64_t n = -3000; n <= 3000; ++n) {
      mismatches += !same_as_oracles(std::ldexp(static_cast<double>(n), -k));
      if (mismatches > 10) FAIL() << "too many mismatches";
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(Fixed9, MillionsOfRandomValues) {
  std::mt19937_64 rng(20261203);
  std::uniform_real_distribution<double> km(-50000.0, 50000.0);
  std::uniform_int_distribution<int> exponent(-80, 60);
  size_t mismatches = 0;
  for (int i = 0; i < 2'000'000 && mismatches <= 10; ++i) {
    double x = 0.0;
    switch (i % 4) {
      case 0:  // uniform over typical magnitudes
        x = km(rng);
        break;
      case 1:  // any significand at any magnitude from 1e-24 to 1e18
        x = std::ldexp(static_cast<double>(rng() >> 11), exponent(rng) - 53) *
            ((rng() & 1) != 0 ? -1.0 : 1.0);
        break;
      case 2:  // near the rounding boundaries: k / 1e9 +- a few ulp
        x = std::nextafter(
            static_cast<double>(static_cast<int64_t>(rng() % 100'000'000'000) - 50'000'000'000) /
                    1e9 +
                0.5e-9,
            (rng() & 1) != 0 ? 1e300 : -1e300);
        break;
      default:  // any bit pattern (NaNs, infinities, subnormals, huge)
        x = std::bit_cast<double>(rng());
        if (std::abs(x) > 1e30) x = std::fmod(x, 1e30);  // keep the oracle fast
        break;
    }
    mismatches += !same_as_oracles(x);
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(Fixed9, FastPathBoundsAreStated) {
  char text[kFixed9MaxFastChars];
  EXPECT_EQ(write_fixed9_fast(std::numeric_limits<double>::quiet_NaN(), text), nullptr);
  EXPECT_EQ(write_fixed9_fast(1e11, text), nullptr);
  char* end = write_fixed9_fast(-18446744073.0, text);
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(std::string(text, end), "-18446744073.000000000");
  EXPECT_EQ(static_cast<size_t>(end - text), kFixed9MaxFastChars);
}

}  // namespace
}  // namespace lagrange::cli
