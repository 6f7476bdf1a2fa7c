// Spec §4.4: merit and COLA raise dates. Every member active on the drawn
// date gets one raise; the amount is applied in timeline.cpp (§4.5).
#include "engine/year_steps.hpp"

namespace planwise::engine {

namespace {

// First day and length of each month of the year, computed once per year.
struct YearMonths {
  DayNumber first[12];
  int days[12];
  explicit YearMonths(int year) {
    for (int m = 0; m < 12; ++m) {
      first[m] = day_number(year, m + 1, 1);
      days[m] = days_in_month(year, m + 1);
    }
  }
};

DayNumber raise_date(const RaiseTiming& timing, const YearMonths& months, std::uint64_t state, int year) {
  const double u_month = uniform(state, year, kRaiseMonth);
  if (timing.method == RaiseTimingMethod::kLegacy) {
    return u_month < 0.5 ? months.first[0] : months.first[6];  // 1 Jan or 1 Jul
  }
  // The categorical rule divides by the weight sum, which is the rescaling
  // to 1.0 that §4.4 asks for when the profile does not sum to 1.
  const int m = timing.months.pick(u_month);
  const int n = months.days[m];
  int offset = static_cast<int>(uniform(state, year, kRaiseDay) * n);
  if (offset > n - 1) offset = n - 1;
  return months.first[m] + offset;  // day 1 + offset of month m
}

}  // namespace

void schedule_raises(YearFrame& f, const RaiseTiming& timing) {
  const auto n = static_cast<std::int64_t>(f.member_count);
  const int year = f.year;
  const YearMonths months(year);
#pragma omp parallel for schedule(static) if (n > 50000)
  for (std::int64_t j = 0; j < n; ++j) {
    const auto i = static_cast<std::size_t>(j);
    const DayNumber date = raise_date(timing, months, f.state[i], year);
    const bool gone = f.exit_date[i] != kNoDate && date > f.exit_date[i];
    f.raise_date[i] = gone ? kNoDate : date;
  }
}

}  // namespace planwise::engine
