// Spec §0.2: rounding rules. Every salary is rounded to cents with round2 at
// the moment it is created; head counts use exact rationals (exact_decimal.hpp).
#pragma once

#include <cmath>

namespace planwise {

// Nearest integer, exact halves away from zero (std::round does exactly this).
inline double round_half_away(double x) { return std::round(x); }

// round2(x) = round_half_away(x × 100.0) / 100.0 in binary64 (spec §0.2).
inline double round2(double x) { return std::round(x * 100.0) / 100.0; }

}  // namespace planwise
