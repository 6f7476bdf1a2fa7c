// Spec §0.3: proleptic Gregorian dates held as day numbers since 1970-01-01.
#include "common/date.hpp"
#include "common/year_of_day.hpp"

#include <gtest/gtest.h>

#include <string>

namespace planwise {
namespace {

TEST(Date, DayNumberMatchesKnownDates) {
  EXPECT_EQ(day_number(1970, 1, 1), 0);
  EXPECT_EQ(day_number(1969, 12, 31), -1);
  EXPECT_EQ(day_number(2000, 3, 1), 11017);
  EXPECT_EQ(day_number(2024, 2, 29), 19782);
  EXPECT_EQ(day_number(2024, 12, 31), 20088);
  EXPECT_EQ(day_number(1900, 3, 1), -25508);
  EXPECT_EQ(day_number(1600, 1, 1), -135140);
  EXPECT_EQ(jan1(2025), dec31(2024) + 1);
}

TEST(Date, LeapYearsFollowTheGregorianRule) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_TRUE(is_leap_year(1600));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_FALSE(is_leap_year(2025));
  EXPECT_EQ(days_in_year(2024), 366);
  EXPECT_EQ(days_in_year(2100), 365);
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2025, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(dec31(2024) - jan1(2024) + 1, 366);
  EXPECT_EQ(dec31(2025) - jan1(2025) + 1, 365);
}

// Walks every day from 1600 to 2400 (covering 1600, 2000 and 2400 as leap
// centuries and 1700, 1800, 1900, 2100 as non-leap) and checks that the
// calendar advances by exactly one day and converts back.
TEST(Date, CivilFromDayRoundTripsEveryDayFrom1600To2400) {
  YearMonthDay expected{1600, 1, 1};
  const DayNumber first = day_number(1600, 1, 1);
  const DayNumber last = day_number(2400, 12, 31);
  int feb29_count = 0;
  for (DayNumber d = first; d <= last; ++d) {
    const YearMonthDay ymd = civil_from_day(d);
    ASSERT_EQ(ymd.year, expected.year) << d;
    ASSERT_EQ(ymd.month, expected.month) << d;
    ASSERT_EQ(ymd.day, expected.day) << d;
    ASSERT_EQ(day_number(ymd.year, ymd.month, ymd.day), d);
    ASSERT_EQ(year_of(d), ymd.year);
    if (ymd.month == 2 && ymd.day == 29) ++feb29_count;
    // Next calendar day.
    if (++expected.day > days_in_month(expected.year, expected.month)) {
      expected.day = 1;
      if (++expected.month > 12) {
        expected.month = 1;
        ++expected.year;
      }
    }
  }
  // 1600..2400 holds 201 multiples of 4, minus the 6 non-leap centuries
  // 1700, 1800, 1900, 2100, 2200 and 2300: 195 leap years.
  int leap_years = 0;
  for (int y = 1600; y <= 2400; ++y) leap_years += is_leap_year(y) ? 1 : 0;
  EXPECT_EQ(feb29_count, leap_years);
  EXPECT_EQ(leap_years, 195);
}

TEST(Date, ParseDateAcceptsExistingDays) {
  EXPECT_EQ(parse_date("1970-01-01"), 0);
  EXPECT_EQ(parse_date("2024-02-29"), day_number(2024, 2, 29));
  EXPECT_EQ(parse_date("2000-02-29"), day_number(2000, 2, 29));
  EXPECT_EQ(parse_date("2024-12-31"), dec31(2024));
  EXPECT_EQ(parse_date("1959-03-02"), day_number(1959, 3, 2));
}

TEST(Date, ParseDateRejectsDaysThatDoNotExist) {
  EXPECT_FALSE(parse_date("2025-02-29").has_value());
  EXPECT_FALSE(parse_date("1900-02-29").has_value());
  EXPECT_FALSE(parse_date("2025-04-31").has_value());
  EXPECT_FALSE(parse_date("2025-13-01").has_value());
  EXPECT_FALSE(parse_date("2025-00-10").has_value());
  EXPECT_FALSE(parse_date("2025-01-00").has_value());
  EXPECT_FALSE(parse_date("2025-01-32").has_value());
}

TEST(Date, ParseDateRejectsOtherFormats) {
  for (const char* text : {"", "2025-1-01", "2025-01-1", "25-01-01", "2025/01/01", "20250101",
                           "2025-01-01T00:00", "2025-01-01 ", " 2025-01-01", "01-01-2025",
                           "2025-0a-01", "+025-01-01", "-025-01-01", "2025_01_01", "2025-01-01Z"}) {
    EXPECT_FALSE(parse_date(text).has_value()) << "'" << text << "'";
  }
}

TEST(Date, FormatDateWritesTenCharacters) {
  EXPECT_EQ(format_date(0), "1970-01-01");
  EXPECT_EQ(format_date(day_number(2024, 2, 29)), "2024-02-29");
  EXPECT_EQ(format_date(dec31(2024)), "2024-12-31");
  EXPECT_EQ(format_date(day_number(5, 3, 7)), "0005-03-07");
  EXPECT_EQ(format_date(day_number(9999, 12, 31)), "9999-12-31");
  char buffer[10];
  format_date(day_number(1999, 10, 9), buffer);
  EXPECT_EQ(std::string(buffer, 10), "1999-10-09");
}

TEST(Date, FormatThenParseRoundTrips) {
  for (DayNumber d = day_number(1900, 1, 1); d <= day_number(2200, 12, 31); d += 13) {
    EXPECT_EQ(parse_date(format_date(d)), d) << format_date(d);
  }
}

TEST(YearOfDay, EqualsYearOfForEveryDayInsideAndAroundItsTable) {
  const YearOfDay year_of_day;
  int wrong = 0;
  for (DayNumber day = jan1(1500); day <= dec31(2500); ++day)
    wrong += year_of_day(day) == year_of(day) ? 0 : 1;
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(year_of_day(jan1(1600)), 1600);
  EXPECT_EQ(year_of_day(dec31(1599)), 1599);
  EXPECT_EQ(year_of_day(jan1(2400)), 2400);
  EXPECT_EQ(year_of_day(dec31(2399)), 2399);
}

}  // namespace
}  // namespace planwise
