// Issue 14 item 1: the date formats of docs/data.md "Date formats".
#include "io/census_dates.hpp"

#include <array>
#include <charconv>

#include "io/text_fold.hpp"

namespace planwise::io {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 12> kMonthWords = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

std::optional<DayNumber> make_day(int year, int month, int day) {
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
    return std::nullopt;
  return day_number(year, month, day);
}

// Reads `min`..`max` digits at the front of `s` and drops them.
std::optional<int> take_number(std::string_view& s, std::size_t min, std::size_t max) {
  std::size_t n = 0;
  while (n < s.size() && n < max && s[n] >= '0' && s[n] <= '9') ++n;
  if (n < min) return std::nullopt;
  int value = 0;
  std::from_chars(s.data(), s.data() + n, value);
  s.remove_prefix(n);
  return value;
}

bool take_char(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// "Jan", "January" or "Sept" style names; the month's number.
std::optional<int> take_month_name(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && std::isalpha(static_cast<unsigned char>(s[n]))) ++n;
  const std::string_view word = s.substr(0, n);
  for (std::size_t m = 0; m < 12; ++m) {
    if (equal_folded(word, kMonths[m]) || equal_folded(word, kMonthWords[m]) ||
        (m == 8 && equal_folded(word, "sept"))) {
      s.remove_prefix(n);
      return static_cast<int>(m) + 1;
    }
  }
  return std::nullopt;
}

// D/M/Y orders with a separator: one or two digits for day and month.
std::optional<DayNumber> parse_separated(std::string_view s, char sep, bool month_first) {
  const auto a = take_number(s, 1, 2);
  if (!a || !take_char(s, sep)) return std::nullopt;
  const auto b = take_number(s, 1, 2);
  if (!b || !take_char(s, sep)) return std::nullopt;
  const auto year = take_number(s, 4, 4);
  if (!year || !s.empty()) return std::nullopt;
  return month_first ? make_day(*year, *a, *b) : make_day(*year, *b, *a);
}

std::optional<DayNumber> parse_month_name(std::string_view s) {  // Jan 5, 2020
  const auto month = take_month_name(s);
  if (!month || !take_char(s, ' ')) return std::nullopt;
  const auto day = take_number(s, 1, 2);
  if (!day) return std::nullopt;
  take_char(s, ',');
  if (!take_char(s, ' ')) return std::nullopt;
  const auto year = take_number(s, 4, 4);
  if (!year || !s.empty()) return std::nullopt;
  return make_day(*year, *month, *day);
}

std::optional<DayNumber> parse_day_month_name(std::string_view s) {  // 05-Jan-2020
  const auto day = take_number(s, 1, 2);
  if (!day) return std::nullopt;
  const char sep = s.empty() ? '\0' : s.front();
  if ((sep != '-' && sep != ' ') || !take_char(s, sep)) return std::nullopt;
  const auto month = take_month_name(s);
  if (!month || !take_char(s, sep)) return std::nullopt;
  const auto year = take_number(s, 4, 4);
  if (!year || !s.empty()) return std::nullopt;
  return make_day(*year, *month, *day);
}

}  // namespace

std::optional<DayNumber> parse_date_as(std::string_view text, DateFormat format) {
  const std::string_view s = trimmed(text);
  switch (format) {
    case DateFormat::kIso: {
      // Exports often carry a time of day ("2020-01-05T00:00:00", or a
      // Parquet timestamp as text); the date is what counts.
      if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return std::nullopt;
      return parse_date(s.substr(0, 10));
    }
    case DateFormat::kUsSlash:
      return parse_separated(s, '/', true);
    case DateFormat::kDaySlash:
      return parse_separated(s, '/', false);
    case DateFormat::kDayDot:
      return parse_separated(s, '.', false);
    case DateFormat::kCompact: {
      if (s.size() != 8) return std::nullopt;
      std::string_view rest = s;
      const auto year = take_number(rest, 4, 4);
      const auto month = take_number(rest, 2, 2);
      const auto day = take_number(rest, 2, 2);
      if (!year || !month || !day) return std::nullopt;
      return make_day(*year, *month, *day);
    }
    case DateFormat::kMonthName:
      return parse_month_name(s);
    case DateFormat::kDayMonthName:
      return parse_day_month_name(s);
  }
  return std::nullopt;
}

DateDetection detect_date_format(const TextTable& table, std::size_t column) {
  DateDetection out;
  std::array<std::size_t, kDateFormatCount> fits{};
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const std::string_view cell = trimmed(table.cell(r, column));
    if (cell.empty()) continue;
    ++out.non_empty;
    for (std::size_t f = 0; f < kDateFormatCount; ++f) {
      if (parse_date_as(cell, static_cast<DateFormat>(f))) ++fits[f];
    }
  }
  for (std::size_t f = 0; f < kDateFormatCount; ++f) {
    if (fits[f] == 0 || fits[f] < out.fitting) continue;
    if (fits[f] > out.fitting) out.best.clear();
    out.fitting = fits[f];
    out.best.push_back(static_cast<DateFormat>(f));
  }
  return out;
}

}  // namespace planwise::io
