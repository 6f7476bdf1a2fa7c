#include "common/date.hpp"

namespace planwise {

namespace {
bool parse_digits(std::string_view text, std::size_t pos, std::size_t count, int* out) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}
}  // namespace

std::optional<DayNumber> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0, month = 0, day = 0;
  if (!parse_digits(text, 0, 4, &year) || !parse_digits(text, 5, 2, &month) ||
      !parse_digits(text, 8, 2, &day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return day_number(year, month, day);
}

void format_date(DayNumber day, char out[10]) {
  const YearMonthDay ymd = civil_from_day(day);
  int y = ymd.year;
  for (int i = 3; i >= 0; --i) {
    out[i] = static_cast<char>('0' + y % 10);
    y /= 10;
  }
  out[4] = '-';
  out[5] = static_cast<char>('0' + ymd.month / 10);
  out[6] = static_cast<char>('0' + ymd.month % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + ymd.day / 10);
  out[9] = static_cast<char>('0' + ymd.day % 10);
}

std::string format_date(DayNumber day) {
  char buffer[10];
  format_date(day, buffer);
  return std::string(buffer, 10);
}

}  // namespace planwise
