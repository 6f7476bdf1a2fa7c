// round_half_away must equal std::round on every double, and round2 must
// round cents half away from zero (spec §0.2).
#include "common/rounding.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace planwise {
namespace {

double from_bits(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

TEST(Rounding, HalvesGoAwayFromZero) {
  EXPECT_EQ(round_half_away(2.5), 3.0);
  EXPECT_EQ(round_half_away(-2.5), -3.0);
  EXPECT_EQ(round_half_away(0.49999999999999994), 0.0);
  EXPECT_EQ(round_half_away(-0.5), -1.0);
  EXPECT_TRUE(std::signbit(round_half_away(-0.3)));
}

TEST(Rounding, EqualsStdRoundOnSpecialValues) {
  const double values[] = {0.0,
                           -0.0,
                           1e300,
                           -1e300,
                           4503599627370495.5,
                           4503599627370496.0,
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::denorm_min(),
                           0.5,
                           1.5,
                           1e-320};
  for (double v : values) EXPECT_EQ(round_half_away(v), std::round(v)) << v;
  EXPECT_TRUE(std::isnan(round_half_away(std::numeric_limits<double>::quiet_NaN())));
}

TEST(Rounding, EqualsStdRoundOnManyDoubles) {
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 2'000'000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const double random_bits = from_bits(x);
    if (!std::isnan(random_bits))
      ASSERT_EQ(round_half_away(random_bits), std::round(random_bits)) << random_bits;
    // Salary-like values with cents and exact half cents.
    const double money = static_cast<double>(x % 100'000'000) / 200.0;
    ASSERT_EQ(round2(money), std::round(money * 100.0) / 100.0) << money;
  }
}

}  // namespace
}  // namespace planwise
