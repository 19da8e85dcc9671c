// Fixed-point text with nine decimals, the hot path of `lagrange propagate` CSV and JSON.
//
// append_fixed9(out, x) appends exactly the text of fmt's "{:.9f}" (and glibc's "%.9f"): the
// binary value of x rounded to the nearest multiple of 1e-9, ties to even, with a '-' for
// every negative x (-0.0 and tiny negatives give "-0.000000000"), "nan"/"inf"/"-inf" for
// non-finite values. Values below 1.8e10 in magnitude take an exact integer path (the
// double's 53-bit significand times 10^9 in 128-bit arithmetic, so no rounding happens
// before the one final rounding); larger or non-finite values go to fmt itself.
// fixed_decimal_test.cpp proves the equality over edge cases and millions of random values.
// Pure functions: thread-safe.
#pragma once

#include <fmt/format.h>

namespace lagrange::cli {

// Longest text of the exact path: '-', 11 integer digits, '.', 9 decimals.
inline constexpr size_t kFixed9MaxFastChars = 22;

// Writes x's text into `out` (room for kFixed9MaxFastChars) and returns the end, or returns
// nullptr (writing nothing) when x is outside the exact path (|x| >= 1.8e10, NaN, inf).
char* write_fixed9_fast(double x, char* out);

// Appends x's text to `out`, whatever its value.
void append_fixed9(fmt::memory_buffer& out, double x);

}  // namespace lagrange::cli
