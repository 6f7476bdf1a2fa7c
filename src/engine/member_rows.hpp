// Internal to engine/: the per-member decisions of one year as inline row
// functions (spec §4.3–§4.5). The step functions run each over all members
// (for tests and clarity); process_members runs all three in one fused pass,
// so each member's columns are read from memory once per year (spec §7).
#pragma once

#include <algorithm>
#include <limits>

#include "common/rounding.hpp"
#include "engine/year_steps.hpp"

namespace planwise::engine::member_rows {

// First day and length of each month of a year, computed once per year.
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

// §4.3: mbar[l], the mean multiplier of eligible members of level l, before
// any date filter, summed sequentially in row order (§0.2); 1.0 when empty.
std::vector<double> promotion_mean_multipliers(const YearFrame& f, const SeedTables& seeds);

// §4.3: the promotion decision of member i.
inline void decide_promotion(YearFrame& f, std::size_t i, const YearLevers& levers,
                             const SeedTables& seeds, const double* mean_multiplier, int top) {
  f.promo_date[i] = kNoDate;
  f.promo_probability[i] = std::numeric_limits<double>::quiet_NaN();  // not considered
  const int level = f.start_level[i];
  if (level >= top || f.age[i] >= 65) return;  // top level or 65+: not eligible
  const int year = f.year;
  const DayNumber date = uniform_day(uniform(f.state[i], year, kPromoDate, f.salts), year);
  if (f.exit_date[i] != kNoDate && date > f.exit_date[i]) return;  // gone by then
  const double m = seeds.promotion_age[f.age_band[i]] * seeds.promotion_tenure[f.tenure_band[i]];
  const auto l = static_cast<std::size_t>(level - 1);
  double p = levers.promotion_probability[l] * (m / mean_multiplier[l]);
  p = std::min(1.0, std::max(0.0, p));
  const double u = uniform(f.state[i], year, kPromotion, f.salts);
  f.promo_probability[i] = p;
  f.promo_draw[i] = u;
  if (u < p) f.promo_date[i] = date;
}

// §4.4: the raise date of member i, or none when they have left by then.
inline void decide_raise(YearFrame& f, std::size_t i, const RaiseTiming& timing,
                         const YearMonths& months) {
  const int year = f.year;
  const std::uint64_t state = f.state[i];
  const double u_month = uniform(state, year, kRaiseMonth, f.salts);
  DayNumber date;
  if (timing.method == RaiseTimingMethod::kLegacy) {
    date = u_month < 0.5 ? months.first[0] : months.first[6];  // 1 Jan or 1 Jul
  } else {
    // The categorical rule divides by the weight sum, which is the rescaling
    // to 1.0 that §4.4 asks for when the profile does not sum to 1.
    const int m = timing.months.pick(u_month);
    const int n = months.days[m];
    int offset = static_cast<int>(uniform(state, year, kRaiseDay, f.salts) * n);
    if (offset > n - 1) offset = n - 1;
    date = months.first[m] + offset;
  }
  const bool gone = f.exit_date[i] != kNoDate && date > f.exit_date[i];
  f.raise_date[i] = gone ? kNoDate : date;
}

// §4.5: member i's events in date order (a promotion before a raise on the
// same day) on a running salary; prorated pay sums salary × days per period
// and divides by D_Y once.
inline void apply_timeline(YearFrame& f, std::size_t i, const YearLevers& levers,
                           double days_in_year) {
  double s = f.start_salary[i];
  int level = f.start_level[i];
  DayNumber current = f.first_day;
  double acc = 0.0;
  const DayNumber promo = f.promo_date[i];
  const DayNumber raise = f.raise_date[i];
  const bool promo_first = promo != kNoDate && (raise == kNoDate || promo <= raise);

  auto apply_promotion = [&] {
    acc = acc + s * static_cast<double>(promo - current);
    f.promo_previous[i] = s;
    double next = round2(s * (1.0 + levers.promotion_raise[static_cast<std::size_t>(level - 1)]));
    // Band-floor rule: no promoted salary below the new level's minimum.
    // Promotions never start at the top level (§4.3), so level + 1 exists.
    const double floor = levers.min_compensation[static_cast<std::size_t>(level)];
    const bool floored = next < floor;
    if (floored) next = floor;
    f.promo_band_floor[i] = floored ? 1 : 0;
    s = next;
    ++level;
    f.promo_amount[i] = s;
    current = promo;
  };
  auto apply_raise = [&] {
    acc = acc + s * static_cast<double>(raise - current);
    f.raise_previous[i] = s;
    f.raise_level[i] = static_cast<std::uint8_t>(level);
    const double factor = (1.0 + levers.merit[static_cast<std::size_t>(level - 1)]) + levers.cola;
    s = round2(s * factor);
    f.raise_amount[i] = s;
    current = raise;
  };

  if (promo_first) apply_promotion();
  if (raise != kNoDate) apply_raise();
  if (promo != kNoDate && !promo_first) apply_promotion();

  const DayNumber last = f.exit_date[i] != kNoDate ? f.exit_date[i] : f.last_day;
  acc = acc + s * static_cast<double>(last - current + 1);
  f.prorated[i] = round2(acc / days_in_year);
  f.salary[i] = s;
  f.level[i] = static_cast<std::uint8_t>(level);
}

}  // namespace planwise::engine::member_rows
