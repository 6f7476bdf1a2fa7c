// Spec §0.2: rounding rules. Every salary is rounded to cents with round2 at
// the moment it is created; head counts use exact rationals (exact_decimal.hpp).
#pragma once

#include <cmath>

namespace planwise {

// Nearest integer, exact halves away from zero: the same value as
// std::round for every double (NaN and infinities included). std::round is
// a libm call on x86-64; trunc compiles to one instruction, and x - trunc(x)
// is exact, so this form is both exact and fast in the year loop.
// Written without a branch: cents of salaries are random, so a branch would
// mispredict half the time.
inline double round_half_away(double x) {
  const double t = std::trunc(x);
  const double away = std::fabs(x - t) >= 0.5 ? 1.0 : 0.0;
  return t + std::copysign(away, x);
}

// round2(x) = round_half_away(x × 100.0) / 100.0 in binary64 (spec §0.2).
inline double round2(double x) {
  return round_half_away(x * 100.0) / 100.0;
}

}  // namespace planwise
