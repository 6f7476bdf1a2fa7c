// year_of for a column of dates (issue 13 item 5): 1 January of each year
// from 1600 to 2399 is looked up instead of civil_from_day's chain of
// divisions per date. Dates outside that window take year_of itself, so
// the value is year_of's for every date.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "common/date.hpp"

namespace planwise {

class YearOfDay {
 public:
  int operator()(DayNumber day) const {
    if (day < kJan1.front() || day >= kJan1.back()) return year_of(day);
    // An estimate from the mean Gregorian year (146097 days per 400 years)
    // is within a year; the table settles it.
    int index = static_cast<int>((static_cast<std::int64_t>(day - kJan1.front()) * 400) / 146097);
    index = std::clamp(index, 0, kYears - 1);
    while (kJan1[static_cast<std::size_t>(index)] > day) --index;
    while (kJan1[static_cast<std::size_t>(index) + 1] <= day) ++index;
    return kFirstYear + index;
  }

 private:
  static constexpr int kFirstYear = 1600;
  static constexpr int kYears = 800;
  static constexpr std::array<DayNumber, kYears + 1> kJan1 = [] {
    std::array<DayNumber, kYears + 1> out{};
    for (int i = 0; i <= kYears; ++i) out[static_cast<std::size_t>(i)] = jan1(kFirstYear + i);
    return out;
  }();
};

}  // namespace planwise
