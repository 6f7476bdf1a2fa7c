// Spec §0.2 exact head-count arithmetic: decimal text parsed into units of
// 10^-9 with at most 9 fractional digits, and round_half_away on ratios.
#include "common/exact_decimal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace planwise {
namespace {

TEST(ExactDecimal, ParsesPlainDecimalsIntoBillionths) {
  EXPECT_EQ(ExactDecimal::parse("0.03")->units(), 30'000'000);
  EXPECT_EQ(ExactDecimal::parse("1")->units(), 1'000'000'000);
  EXPECT_EQ(ExactDecimal::parse("0.123456789")->units(), 123'456'789);
  EXPECT_EQ(ExactDecimal::parse("+2.25")->units(), 2'250'000'000);
  EXPECT_EQ(ExactDecimal::parse(".5")->units(), 500'000'000);
  EXPECT_EQ(ExactDecimal::parse("12.000000001")->units(), 12'000'000'001);
}

TEST(ExactDecimal, ParsesNegativeValues) {
  EXPECT_EQ(ExactDecimal::parse("-0.5")->units(), -500'000'000);
  EXPECT_EQ(ExactDecimal::parse("-3")->units(), -3'000'000'000);
  EXPECT_EQ(ExactDecimal::parse("-0.000000001")->units(), -1);
  EXPECT_EQ(ExactDecimal::parse("-0")->units(), 0);
}

TEST(ExactDecimal, RejectsMoreThanNineFractionalDigitsWithAReason) {
  std::string why;
  EXPECT_FALSE(ExactDecimal::parse("0.1234567891", &why).has_value());
  EXPECT_NE(why.find("more than 9 fractional digits"), std::string::npos) << why;
  // Trailing zeros still count: the text itself has too many digits.
  why.clear();
  EXPECT_FALSE(ExactDecimal::parse("0.0300000000", &why).has_value());
  EXPECT_NE(why.find("9"), std::string::npos) << why;
  EXPECT_FALSE(ExactDecimal::parse("-1.0000000001").has_value());
}

TEST(ExactDecimal, RejectsTextThatIsNotAPlainDecimal) {
  for (const char* text : {"", "-", "+", ".", "abc", "1e-3", "1E2", " 1", "1 ", "1.2.3", "0x10",
                           "1,5", "--1", "+-1", "inf", "nan"}) {
    std::string why;
    EXPECT_FALSE(ExactDecimal::parse(text, &why).has_value()) << "'" << text << "'";
    EXPECT_FALSE(why.empty()) << "'" << text << "'";
  }
}

TEST(ExactDecimal, RejectsWholePartsThatWouldOverflow) {
  EXPECT_EQ(ExactDecimal::parse("9223372035.999999999")->units(), 9'223'372'035'999'999'999);
  std::string why;
  EXPECT_FALSE(ExactDecimal::parse("9223372036", &why).has_value());
  EXPECT_NE(why.find("too large"), std::string::npos) << why;
  EXPECT_FALSE(ExactDecimal::parse("99999999999999999999999").has_value());
}

TEST(ExactDecimal, ToStringIsShortestText) {
  EXPECT_EQ(ExactDecimal::from_units(30'000'000).to_string(), "0.03");
  EXPECT_EQ(ExactDecimal::from_units(-1'500'000'000).to_string(), "-1.5");
  EXPECT_EQ(ExactDecimal::from_int(2).to_string(), "2");
  EXPECT_EQ(ExactDecimal::from_int(0).to_string(), "0");
  EXPECT_EQ(ExactDecimal::from_units(1).to_string(), "0.000000001");
  EXPECT_EQ(ExactDecimal::from_units(-1).to_string(), "-0.000000001");
  EXPECT_EQ(ExactDecimal::from_units(-500'000'000).to_string(), "-0.5");
  EXPECT_EQ(ExactDecimal::from_units(12'000'000'001).to_string(), "12.000000001");
}

TEST(ExactDecimal, ToStringParsesBackToTheSameValue) {
  std::uint64_t state = 12345;
  for (int i = 0; i < 5000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    // Spread over several magnitudes, both signs.
    const std::int64_t magnitude = static_cast<std::int64_t>(state >> (20 + (i % 30)));
    const std::int64_t units = (i % 2 == 0) ? magnitude : -magnitude;
    const ExactDecimal d = ExactDecimal::from_units(units);
    const auto back = ExactDecimal::parse(d.to_string());
    ASSERT_TRUE(back.has_value()) << d.to_string();
    EXPECT_EQ(*back, d) << d.to_string();
  }
}

TEST(ExactDecimal, ComparesByValue) {
  EXPECT_EQ(*ExactDecimal::parse("0.10"), *ExactDecimal::parse("0.1"));
  EXPECT_LT(*ExactDecimal::parse("-0.2"), *ExactDecimal::parse("0.1"));
  EXPECT_GT(*ExactDecimal::parse("1.000000001"), ExactDecimal::from_int(1));
}

TEST(ExactDecimal, RoundHalfAwayRatioSendsHalvesAwayFromZero) {
  EXPECT_EQ(round_half_away_ratio(5, 2), 3);    // 2.5
  EXPECT_EQ(round_half_away_ratio(-5, 2), -3);  // -2.5
  EXPECT_EQ(round_half_away_ratio(3, 2), 2);    // 1.5
  EXPECT_EQ(round_half_away_ratio(-3, 2), -2);  // -1.5
  EXPECT_EQ(round_half_away_ratio(1, 2), 1);    // 0.5
  EXPECT_EQ(round_half_away_ratio(-1, 2), -1);  // -0.5
  EXPECT_EQ(round_half_away_ratio(1, 3), 0);
  EXPECT_EQ(round_half_away_ratio(2, 3), 1);
  EXPECT_EQ(round_half_away_ratio(-1, 3), 0);
  EXPECT_EQ(round_half_away_ratio(-2, 3), -1);
  EXPECT_EQ(round_half_away_ratio(0, 7), 0);
  EXPECT_EQ(round_half_away_ratio(14, 7), 2);
}

TEST(ExactDecimal, RoundHalfAwayRatioMatchesStdRoundOnSmallRatios) {
  for (int num = -200; num <= 200; ++num) {
    for (int den = 1; den <= 16; ++den) {
      // den is a power of two or small: num/den is exact enough in binary64
      // that std::round gives the reference answer.
      const double expected = std::round(static_cast<double>(num) / static_cast<double>(den));
      EXPECT_EQ(round_half_away_ratio(num, den), static_cast<std::int64_t>(expected))
          << num << "/" << den;
    }
  }
}

TEST(ExactDecimal, RoundHalfAwayTimesIsExact) {
  const ExactDecimal q = *ExactDecimal::parse("0.12");
  const ExactDecimal r = *ExactDecimal::parse("0.25");
  EXPECT_EQ(round_half_away_times(q, 4378), 525);                         // 525.36
  EXPECT_EQ(round_half_away_times(r, 875), 219);                          // 218.75
  EXPECT_EQ(round_half_away_times(r, 2), 1);                              // 0.5 exactly
  EXPECT_EQ(round_half_away_times(r, 6), 2);                              // 1.5 exactly
  EXPECT_EQ(round_half_away_times(*ExactDecimal::parse("-0.5"), 3), -2);  // -1.5
  EXPECT_EQ(round_half_away_times(*ExactDecimal::parse("0.3"), 5), 2);    // 1.5
  // 1.005 × 100 = 100.5 exactly; in binary64 it is 100.49999999999999 and
  // would round down.
  ASSERT_LT(1.005 * 100.0, 100.5);
  EXPECT_EQ(round_half_away_times(*ExactDecimal::parse("1.005"), 100), 101);
}

}  // namespace
}  // namespace planwise
