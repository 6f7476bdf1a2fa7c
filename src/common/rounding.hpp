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

namespace rounding_detail {
// k / 100.0 for k = 0..99, each the correctly rounded quotient (a constant
// expression divides in IEEE binary64 at compile time).
struct Hundredths {
  double value[100];
  constexpr Hundredths() : value() {
    for (int k = 0; k < 100; ++k) value[k] = k / 100.0;
  }
};
inline constexpr Hundredths kHundredths{};

// cents / 100 for whole cents >= 6,400 (cents_to_units has the proof).
// Signed: every caller's cents are below 2^53, and a signed 64-bit integer
// converts to and from a double in one instruction, where an unsigned one
// takes a test and a branch each way on x86-64 without AVX-512.
inline double large_cents_to_units(long long cents) {
  const long long q = cents / 100, r = cents - q * 100;
  return static_cast<double>(q) + kHundredths.value[r];
}
}  // namespace rounding_detail

// cents / 100.0 for a whole number of cents, correctly rounded: the
// quotient IEEE division gives, bit for bit, in less than half the time
// (issue 13: the year loop makes several per member). For 6,400 <= |cents|
// < 2^53, cents = 100q + r (integers, 0 <= r < 100) and the result is
// q + RN(r/100), rounded once. It equals RN(cents/100): RN(r/100) is within
// 2^-54 of r/100, while q + r/100 is either exactly a rounding midpoint
// (then r is 0, 25, 50 or 75 and r/100 is exact) or at least
// 2^(E-53)/100 from every midpoint, where 2^E <= q + r/100; E >= 6 makes
// that more than 2^-54, so both round alike. Other values (small, huge, NaN)
// divide. tests/common/rounding_test.cpp compares every cents < 2^24 and a
// sample up to 2^53 with the division.
inline double cents_to_units(double cents) {
  const double magnitude = std::fabs(cents);
  if (magnitude >= 6400.0 && magnitude < 9007199254740992.0) {
    return std::copysign(rounding_detail::large_cents_to_units(static_cast<long long>(magnitude)),
                         cents);
  }
  return cents / 100.0;
}

// round2(x) = round_half_away(x × 100.0) / 100.0 in binary64 (spec §0.2).
// Below 2^52 cents the whole and fractional parts of |x × 100| are exact in
// integer and double, so the rounding and the division share one integer
// conversion (cents_to_units' steps); the same value, bit for bit, as the
// definition, which every other value takes.
inline double round2(double x) {
  const double scaled = x * 100.0;
  const double magnitude = std::fabs(scaled);
  if (magnitude < 4503599627370496.0) {  // 2^52
    auto cents = static_cast<long long>(magnitude);
    cents += magnitude - static_cast<double>(cents) >= 0.5 ? 1 : 0;
    return std::copysign(cents >= 6400 ? rounding_detail::large_cents_to_units(cents)
                                       : static_cast<double>(cents) / 100.0,
                         x);
  }
  return cents_to_units(round_half_away(scaled));
}

}  // namespace planwise
