// Spec §5.0 number formatting (money with two decimals, shortest round-trip
// doubles, locale independent) and the strict number parsers of the readers.
#include "common/number_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

namespace planwise {
namespace {

TEST(NumberText, MoneyHasExactlyTwoDecimals) {
  EXPECT_EQ(money_text(1234.5), "1234.50");
  EXPECT_EQ(money_text(92622.54), "92622.54");
  EXPECT_EQ(money_text(50000.0), "50000.00");
  EXPECT_EQ(money_text(0.01), "0.01");
  EXPECT_EQ(money_text(-5.1), "-5.10");
  EXPECT_EQ(money_text(1e6), "1000000.00");
  EXPECT_EQ(money_text(0.1 + 0.2), "0.30");
  EXPECT_EQ(money_text(123456789012.34), "123456789012.34");
}

TEST(NumberText, MoneyNeverPrintsASignedZero) {
  EXPECT_EQ(money_text(0.0), "0.00");
  EXPECT_EQ(money_text(-0.0), "0.00");
  char buffer[kNumberBufferSize];
  const std::size_t n = format_money(-0.0, buffer);
  EXPECT_EQ(std::string(buffer, n), "0.00");
}

TEST(NumberText, MoneyTextOfAHugeValueIsItsFullDecimalExpansion) {
  // 1e40 in binary64 is exactly 10000000000000000303786028427003666890752.
  EXPECT_EQ(money_text(1e40), "10000000000000000303786028427003666890752.00");
  EXPECT_EQ(money_text(-1e300).size(), 1u + 301u + 3u);
}

TEST(NumberText, ShortestTextIsTheShortestRoundTripForm) {
  EXPECT_EQ(shortest_text(0.1), "0.1");
  EXPECT_EQ(shortest_text(0.03), "0.03");
  EXPECT_EQ(shortest_text(100.0), "100");
  EXPECT_EQ(shortest_text(-2.5), "-2.5");
  EXPECT_EQ(shortest_text(0.0), "0");
  EXPECT_EQ(shortest_text(0.020340190720501153), "0.020340190720501153");
  EXPECT_EQ(shortest_text(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(shortest_text(1e21), "1e+21");
}

TEST(NumberText, ShortestTextParsesBackToTheSameDouble) {
  std::uint64_t state = 99;
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    double value;
    std::memcpy(&value, &state, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = shortest_text(value);
    const auto back = parse_double(text);
    ASSERT_TRUE(back.has_value()) << text;
    std::uint64_t bits_back;
    std::memcpy(&bits_back, &*back, sizeof bits_back);
    EXPECT_EQ(bits_back, state) << text;
    ++checked;
  }
  EXPECT_GT(checked, 19000);
  for (double v : {0.1, 1.0 / 3.0, 92622.54, 1e-300, std::numeric_limits<double>::max(),
                   std::numeric_limits<double>::denorm_min()}) {
    EXPECT_EQ(parse_double(shortest_text(v)), v) << shortest_text(v);
  }
}

TEST(NumberText, FormatIntWritesPlainIntegers) {
  char buffer[kNumberBufferSize];
  EXPECT_EQ(std::string(buffer, format_int(0, buffer)), "0");
  EXPECT_EQ(std::string(buffer, format_int(-42, buffer)), "-42");
  EXPECT_EQ(std::string(buffer, format_int(INT64_MIN, buffer)), "-9223372036854775808");
}

TEST(NumberText, ParseDoubleAcceptsDecimalAndScientificText) {
  EXPECT_EQ(parse_double("1.5"), 1.5);
  EXPECT_EQ(parse_double("+1.5"), 1.5);
  EXPECT_EQ(parse_double("-1.5"), -1.5);
  EXPECT_EQ(parse_double("1e3"), 1000.0);
  EXPECT_EQ(parse_double("2.5E-1"), 0.25);
  EXPECT_EQ(parse_double("50000"), 50000.0);
  EXPECT_EQ(parse_double(".5"), 0.5);
}

TEST(NumberText, ParseDoubleRejectsAnythingButOneWholeFiniteNumber) {
  for (const char* text :
       {"", "+", "-", "1.5x", " 1.5", "1.5 ", "1,5", "inf", "-inf", "nan", "infinity", "1e400",
        "-1e400", "0x10", "++1", "1..2", "e3", "$100", "1_000"}) {
    EXPECT_FALSE(parse_double(text).has_value()) << "'" << text << "'";
  }
}

TEST(NumberText, ParseRejectsAPlusSignFollowedByAMinusSign) {
  EXPECT_FALSE(parse_double("+-1").has_value());
  EXPECT_FALSE(parse_double("+-1.5").has_value());
  EXPECT_FALSE(parse_int("+-1").has_value());
}

TEST(NumberText, ParseIntAcceptsOnlyWholeNumbers) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("+42"), 42);
  EXPECT_EQ(parse_int("-7"), -7);
  EXPECT_EQ(parse_int("007"), 7);
  EXPECT_EQ(parse_int("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(parse_int("-9223372036854775808"), INT64_MIN);
  for (const char* text : {"", "+", "-", "4.0", "1e3", " 1", "1 ", "0x1F", "9223372036854775808",
                           "-9223372036854775809", "++1", "12a", "1,000"}) {
    EXPECT_FALSE(parse_int(text).has_value()) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace planwise
