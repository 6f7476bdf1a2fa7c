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

// xorshift64: a fixed, cheap stream of 64-bit values.
std::uint64_t next_bits(std::uint64_t& x) {
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return x;
}

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
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 2'000'000; ++i) {
    const std::uint64_t x = next_bits(state);
    const double random_bits = from_bits(x);
    if (!std::isnan(random_bits))
      ASSERT_EQ(round_half_away(random_bits), std::round(random_bits)) << random_bits;
    // Salary-like values with cents and exact half cents.
    const double money = static_cast<double>(x % 100'000'000) / 200.0;
    ASSERT_EQ(round2(money), std::round(money * 100.0) / 100.0) << money;
  }
}

// round2's integer path must give the definition's value bit for bit (the
// sign of a zero included) for every double: random bits over every
// binade, and money-like values of both signs with exact half cents.
TEST(Rounding, Round2EqualsItsDefinitionBitForBit) {
  auto definition = [](double x) { return round_half_away(x * 100.0) / 100.0; };
  auto same = [](double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
  };
  std::uint64_t state = 0xD1B54A32D192ED03ULL;
  for (int i = 0; i < 2'000'000; ++i) {
    const std::uint64_t x = next_bits(state);
    const double random_bits = from_bits(x);
    ASSERT_TRUE(same(round2(random_bits), definition(random_bits))) << random_bits;
    const double money =
        static_cast<double>(static_cast<std::int64_t>(x % 2'000'000'000) - 1'000'000'000) / 200.0;
    ASSERT_TRUE(same(round2(money), definition(money))) << money;
  }
  const double edges[] = {0.0,
                          -0.0,
                          0.004,
                          -0.004,
                          0.005,
                          -0.005,
                          63.995,
                          64.0,
                          -63.995,
                          1.14,
                          45035996273704.955,
                          4.5e13,
                          -4.6e13,
                          1e300,
                          5e-324,
                          std::numeric_limits<double>::infinity()};
  for (double v : edges) {
    EXPECT_TRUE(same(round2(v), definition(v))) << v;
    EXPECT_TRUE(same(round2(-v), definition(-v))) << -v;
  }
}

// cents_to_units replaces a division by a table and integer steps: it must
// give IEEE division's quotient bit for bit. Every whole number of cents up
// to 2^24 (the integer path starts at 6,400; below it the table's sum
// differs from the quotient, first at 114), then a sample up to 2^53 with
// negative values, and the values that take the division.
TEST(Rounding, CentsToUnitsEqualsDivisionByAHundredForEveryCentUpTo2To24) {
  for (std::int64_t cents = 0; cents < (std::int64_t{1} << 24); ++cents) {
    const double c = static_cast<double>(cents);
    ASSERT_EQ(cents_to_units(c), c / 100.0) << cents;
  }
}

TEST(Rounding, CentsToUnitsEqualsDivisionByAHundredUpTo2To53) {
  std::uint64_t state = 0x2545F4914F6CDD1DULL;
  for (int i = 0; i < 2'000'000; ++i) {
    const std::uint64_t x = next_bits(state);
    // Magnitudes spread over every binade from 2^13 to 2^53.
    const int bits = 13 + static_cast<int>(x % 41);
    const double c = static_cast<double>((x >> 8) & ((std::uint64_t{1} << bits) - 1));
    ASSERT_EQ(cents_to_units(c), c / 100.0) << c;
    ASSERT_EQ(cents_to_units(-c), -c / 100.0) << -c;
  }
  const double edges[] = {6399.0,
                          6400.0,
                          9007199254740991.0,
                          9007199254740992.0,
                          1e300,
                          std::numeric_limits<double>::infinity()};
  for (double c : edges) {
    EXPECT_EQ(cents_to_units(c), c / 100.0) << c;
    EXPECT_EQ(cents_to_units(-c), -c / 100.0) << -c;
  }
  EXPECT_TRUE(std::signbit(cents_to_units(-0.0)));
  EXPECT_TRUE(std::isnan(cents_to_units(std::numeric_limits<double>::quiet_NaN())));
}

}  // namespace
}  // namespace planwise
