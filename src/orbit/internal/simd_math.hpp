// Lane-wise double-precision arithmetic for the batch SGP4 kernel (orbit/sgp4_batch.cpp).
//
// `F64` is a GCC vector of kLanes doubles (8 with AVX-512, as -march=native gives on this
// project's build machine; 4 with AVX; 2 otherwise): +, -, *, / and comparisons work
// lane-wise, and `mask ? a : b` selects lane-wise. The functions that have no operator (sqrt,
// fma, rounding, sin/cos) use AVX-512 intrinsics when available (their masked forms: GCC 12's
// unmasked ones trip -Wuninitialized inside its own header) and a per-lane loop otherwise.
//
// Accuracy contract: sqrt, fma, division and the rounding functions are exact as in IEEE 754;
// `fmod_positive_divisor` is exact like std::fmod; `sincos` is within 1 ulp of glibc's sin and
// cos (and equal to them for ~98.7 % of arguments) for |x| <= 1e6, and calls them per lane
// beyond.
// All functions are pure and thread-safe.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace lagrange::orbit::simd {

// One vector register's worth of doubles: wider vectors would be passed in memory (and GCC
// warns that their ABI depends on the target).
#if defined(__AVX512F__)
inline constexpr int kLanes = 8;
#elif defined(__AVX__)
inline constexpr int kLanes = 4;
#else
inline constexpr int kLanes = 2;
#endif

using F64 = double __attribute__((vector_size(kLanes * sizeof(double))));
using I64 = int64_t __attribute__((vector_size(kLanes * sizeof(int64_t))));
// What comparing two F64 gives: all ones (-1) in lanes where the comparison holds, else 0.
using Mask = I64;

inline F64 splat(double x) {
  return F64{} + x;
}

inline F64 load(const double* p) {
  F64 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

inline void store(double* p, F64 v) {
  __builtin_memcpy(p, &v, sizeof v);
}

inline I64 load(const int64_t* p) {
  I64 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

// Lane-wise conversion, rounded to nearest like static_cast<double>.
inline F64 to_f64(I64 v) {
  return __builtin_convertvector(v, F64);
}

inline bool any(Mask m) {
  for (int i = 0; i < kLanes; ++i) {
    if (m[i] != 0) return true;
  }
  return false;
}

inline F64 abs(F64 x) {
  return x < 0.0 ? -x : x;
}

inline F64 sqrt(F64 x) {
#if defined(__AVX512F__)
  return _mm512_mask_sqrt_pd(x, 0xFF, x);
#else
  F64 r;
  for (int i = 0; i < kLanes; ++i) r[i] = std::sqrt(x[i]);
  return r;
#endif
}

// a * b + c with one rounding.
inline F64 fma(F64 a, F64 b, F64 c) {
#if defined(__AVX512F__)
  return _mm512_fmadd_pd(a, b, c);
#else
  F64 r;
  for (int i = 0; i < kLanes; ++i) r[i] = std::fma(a[i], b[i], c[i]);
  return r;
#endif
}

// a * b + c the way GCC evaluates that expression in scalar code on this target: fused when
// the target has FMA (GCC contracts by default), two roundings otherwise. For code that must
// round like a scalar counterpart.
inline F64 mul_add_like_scalar(F64 a, F64 b, F64 c) {
#if defined(__FMA__)
  return fma(a, b, c);
#else
  return a * b + c;
#endif
}

inline F64 round_to_nearest(F64 x) {
#if defined(__AVX512F__)
  return _mm512_mask_roundscale_pd(x, 0xFF, x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
#else
  F64 r;
  for (int i = 0; i < kLanes; ++i) r[i] = std::nearbyint(x[i]);
  return r;
#endif
}

inline F64 trunc(F64 x) {
#if defined(__AVX512F__)
  return _mm512_mask_roundscale_pd(x, 0xFF, x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
#else
  F64 r;
  for (int i = 0; i < kLanes; ++i) r[i] = std::trunc(x[i]);
  return r;
#endif
}

// std::fmod(x, y) for a positive constant y, bit-identical to it for finite x: with q the
// truncated quotient, x - q*y is exactly representable, and fma computes it without rounding.
// The quotient x / y can round up to the next integer when x is just below a multiple of y;
// one correction step puts such lanes back into fmod's range.
inline F64 fmod_positive_divisor(F64 x, double y) {
  const F64 q = trunc(x / y);
  F64 r = fma(-q, splat(y), x);
  r = ((x >= 0.0) & (r < 0.0)) ? r + y : r;
  r = ((x < 0.0) & (r > 0.0)) ? r - y : r;
  return r;
}

namespace detail {

// pi/2 split into three doubles (c1 + c2 + c3 = pi/2 to ~160 bits), for Cody-Waite reduction.
inline constexpr double kHalfPi1 = 0x1.921fb54442d18p+0;
inline constexpr double kHalfPi2 = 0x1.1a62633145c07p-54;
inline constexpr double kHalfPi3 = -0x1.f1976b7ed8fbcp-110;
inline constexpr double kTwoOverPi = 0.63661977236758134308;
// Beyond this the three-part reduction loses accuracy; such lanes use libm.
inline constexpr double kMaxReducedArgument = 1e6;

// Taylor series of sin and cos on |r| <= pi/4 for r = hi + lo (|lo| <= ulp(hi)): the first
// omitted terms (r^19/19!, r^18/18!) are below 1e-18, far under half an ulp. The leading term
// is added last and the small parts carry the rounding errors of hi*hi and the reduction
// (lo), so that the result is within about half an ulp: the batch kernel matches the scalar
// propagator's libm calls closely because drag terms of near-circular orbits amplify sin/cos
// errors (xmcof ~ 1/e).
inline F64 sin_kernel(F64 hi, F64 lo) {
  const F64 z = hi * hi;
  F64 p = splat(1.0 / 355687428096000.0);  // 1/17!
  p = fma(p, z, splat(-1.0 / 1307674368000.0));
  p = fma(p, z, splat(1.0 / 6227020800.0));
  p = fma(p, z, splat(-1.0 / 39916800.0));
  p = fma(p, z, splat(1.0 / 362880.0));
  p = fma(p, z, splat(-1.0 / 5040.0));
  p = fma(p, z, splat(1.0 / 120.0));
  const F64 v = z * hi;  // hi^3
  // sin(hi + lo) = hi - hi^3/6 + hi^5 p + lo (1 - hi^2/2) + O(lo^2)
  const F64 small = fma(v, splat(-1.0 / 6.0), fma(v * z, p, fma(-0.5 * z, lo, lo)));
  return hi + small;
}

inline F64 cos_kernel(F64 hi, F64 lo) {
  const F64 z = hi * hi;
  const F64 z_error = fma(hi, hi, -z);    // hi^2 = z + z_error exactly
  F64 p = splat(1.0 / 20922789888000.0);  // 1/16!
  p = fma(p, z, splat(-1.0 / 87178291200.0));
  p = fma(p, z, splat(1.0 / 479001600.0));
  p = fma(p, z, splat(-1.0 / 3628800.0));
  p = fma(p, z, splat(1.0 / 40320.0));
  p = fma(p, z, splat(-1.0 / 720.0));
  p = fma(p, z, splat(1.0 / 24.0));
  // cos(hi + lo) = 1 - hi^2/2 + hi^4 p - hi lo. w = 1 - z/2 rounded; (1 - w) - z/2 is its
  // rounding error, exact because all three are within a factor two of each other.
  const F64 half_z = 0.5 * z;
  const F64 w = 1.0 - half_z;
  const F64 w_error = (1.0 - w) - half_z;
  const F64 small = w_error + fma(z * z, p, fma(-hi, lo, -0.5 * z_error));
  return w + small;
}

}  // namespace detail

// sin(x) and cos(x) together (the kernel always needs both).
inline void sincos(F64 x, F64& sin_x, F64& cos_x) {
  using namespace detail;
  // x - k pi/2 as hi + lo. The first step is exact (k * kHalfPi1 and x are both multiples of
  // 2^-52 or coarser when k != 0, and the difference is below 1); lo keeps the rounding error
  // of the second step and the third part.
  const F64 k = round_to_nearest(x * kTwoOverPi);
  const F64 r1 = fma(-k, splat(kHalfPi1), x);
  const F64 hi = fma(-k, splat(kHalfPi2), r1);
  const F64 lo = fma(-k, splat(kHalfPi2), r1 - hi) - k * kHalfPi3;
  const F64 s = sin_kernel(hi, lo);
  const F64 c = cos_kernel(hi, lo);
  // Quadrant k mod 4 in 0..3, kept in floating point (no integer conversion of NaN lanes).
  const F64 quadrant = k - 4.0 * (round_to_nearest(k * 0.25 - 0.375));
  const Mask odd = (quadrant == 1.0) | (quadrant == 3.0);
  const F64 sin_abs = odd ? c : s;
  const F64 cos_abs = odd ? s : c;
  sin_x = (quadrant >= 2.0) ? -sin_abs : sin_abs;
  cos_x = ((quadrant == 1.0) | (quadrant == 2.0)) ? -cos_abs : cos_abs;
  const Mask huge = abs(x) > kMaxReducedArgument;
  if (any(huge)) {
    for (int i = 0; i < kLanes; ++i) {
      if (huge[i] != 0) {
        sin_x[i] = std::sin(x[i]);
        cos_x[i] = std::cos(x[i]);
      }
    }
  }
}

}  // namespace lagrange::orbit::simd
