// Brent's root finder (R. P. Brent, "Algorithms for Minimization without Derivatives",
// 1973, ch. 4, procedure zero): inverse quadratic interpolation and secant steps, falling back
// to bisection, so it converges superlinearly on smooth functions and never worse than
// bisection. Written from the published description.
#pragma once

#include <cmath>
#include <utility>

namespace lagrange::access::internal {

// A root of f in [a, b] given fa = f(a), fb = f(b) of opposite signs (or one zero), to within
// `tolerance` (absolute, same unit as a and b): the returned point lies within tolerance of
// a sign change of f.
template <typename F>
double brent_root(F&& f, double a, double b, double fa, double fb, double tolerance,
                  int max_iterations = 100) {
  if (fa == 0.0) return a;
  if (fb == 0.0) return b;
  double c = a;
  double fc = fa;
  double d = b - a;
  double e = d;
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    if ((fb > 0.0) == (fc > 0.0)) {
      // Keep the root between b and c.
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (std::abs(fc) < std::abs(fb)) {
      // b is the best estimate so far.
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const double tol = 2.0 * 2.2e-16 * std::abs(b) + 0.5 * tolerance;
    const double m = 0.5 * (c - b);
    if (std::abs(m) <= tol || fb == 0.0) return b;
    if (std::abs(e) < tol || std::abs(fa) <= std::abs(fb)) {
      d = m;  // bisection
      e = m;
    } else {
      double p = 0.0;
      double q = 0.0;
      const double s = fb / fa;
      if (a == c) {
        p = 2.0 * m * s;  // secant
        q = 1.0 - s;
      } else {
        const double qa = fa / fc;
        const double r = fb / fc;
        p = s * (2.0 * m * qa * (qa - r) - (b - a) * (r - 1.0));  // inverse quadratic
        q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
      }
      if (p > 0.0) {
        q = -q;
      } else {
        p = -p;
      }
      if (2.0 * p < 3.0 * m * q - std::abs(tol * q) && p < std::abs(0.5 * e * q)) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    }
    a = b;
    fa = fb;
    b += std::abs(d) > tol ? d : (m > 0.0 ? tol : -tol);
    fb = f(b);
  }
  return b;
}

}  // namespace lagrange::access::internal
