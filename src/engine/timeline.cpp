// Spec §4.5: a member's salary timeline. Events apply in date order, a
// promotion before a raise on the same day, on a running salary; prorated
// pay sums salary × days per period and divides by D_Y once at the end.
#include "common/rounding.hpp"
#include "engine/year_steps.hpp"

namespace planwise::engine {

void apply_member_timelines(YearFrame& f, const YearLevers& levers) {
  const auto n = static_cast<std::int64_t>(f.member_count);
  const double days_in_year = static_cast<double>(f.days);
#pragma omp parallel for schedule(static) if (n > 50000)
  for (std::int64_t j = 0; j < n; ++j) {
    const auto i = static_cast<std::size_t>(j);
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
      const double factor =
          (1.0 + levers.merit[static_cast<std::size_t>(level - 1)]) + levers.cola;
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
}

}  // namespace planwise::engine
