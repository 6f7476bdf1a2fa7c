// Spec §0.3: proleptic Gregorian dates without time, held as a day number
// (days since 1970-01-01, the same encoding as DuckDB's DATE).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace planwise {

using DayNumber = std::int32_t;
// Marks "no date" in day-number columns (a null termination date, no event).
inline constexpr DayNumber kNoDate = INT32_MIN;

struct YearMonthDay {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

constexpr bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}
constexpr int days_in_year(int year) {
  return is_leap_year(year) ? 366 : 365;
}
constexpr int days_in_month(int year, int month) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Civil date <-> day number (the era-based algorithm for the proleptic
// Gregorian calendar; valid far beyond any year this engine accepts).
constexpr DayNumber day_number(int year, int month, int day) {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

constexpr YearMonthDay civil_from_day(DayNumber z) {
  const int zz = z + 719468;
  const int era = (zz >= 0 ? zz : zz - 146096) / 146097;
  const int doe = zz - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

constexpr int year_of(DayNumber day) {
  return civil_from_day(day).year;
}
constexpr DayNumber jan1(int year) {
  return day_number(year, 1, 1);
}
constexpr DayNumber dec31(int year) {
  return day_number(year, 12, 31);
}

// Parses exactly "YYYY-MM-DD" and checks that the day exists.
std::optional<DayNumber> parse_date(std::string_view text);
// Writes "YYYY-MM-DD" (10 chars) into out; years 0..9999 only.
void format_date(DayNumber day, char out[10]);
std::string format_date(DayNumber day);

}  // namespace planwise
