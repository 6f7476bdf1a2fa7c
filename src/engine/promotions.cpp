// Spec §4.3: promotions. The lever is the expected share of eligible
// members of a level promoted in the year; the age and tenure multipliers
// only redistribute it, normalised by their mean mbar over the level.
#include <algorithm>
#include <limits>

#include "engine/year_steps.hpp"

namespace planwise::engine {

void schedule_promotions(YearFrame& f, const YearLevers& levers, const SeedTables& seeds,
                         std::vector<double>& mean_multiplier) {
  const int top = seeds.level_count();
  const std::size_t n = f.member_count;
  // mbar[l]: mean multiplier of eligible members of l, before any date
  // filter, summed sequentially in row order (§0.2).
  std::vector<double> sums(static_cast<std::size_t>(top), 0.0);
  std::vector<std::int64_t> counts(static_cast<std::size_t>(top), 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (f.start_level[i] >= top || f.age[i] >= 65) continue;
    sums[f.start_level[i] - 1u] += seeds.promotion_age[f.age_band[i]] *
                                   seeds.promotion_tenure[f.tenure_band[i]];
    ++counts[f.start_level[i] - 1u];
  }
  mean_multiplier.assign(static_cast<std::size_t>(top), 1.0);
  for (std::size_t l = 0; l < sums.size(); ++l) {
    if (counts[l] > 0) mean_multiplier[l] = sums[l] / static_cast<double>(counts[l]);
  }

  const int year = f.year;
#pragma omp parallel for schedule(static) if (n > 50000)
  for (std::int64_t j = 0; j < static_cast<std::int64_t>(n); ++j) {
    const auto i = static_cast<std::size_t>(j);
    f.promo_date[i] = kNoDate;
    f.promo_probability[i] = std::numeric_limits<double>::quiet_NaN();  // not considered
    const int level = f.start_level[i];
    if (level >= top || f.age[i] >= 65) continue;  // top level or 65+: not eligible
    const DayNumber date = uniform_day(uniform(f.state[i], year, kPromoDate), year);
    if (f.exit_date[i] != kNoDate && date > f.exit_date[i]) continue;  // gone by then
    const double m = seeds.promotion_age[f.age_band[i]] * seeds.promotion_tenure[f.tenure_band[i]];
    const auto l = static_cast<std::size_t>(level - 1);
    double p = levers.promotion_probability[l] * (m / mean_multiplier[l]);
    p = std::min(1.0, std::max(0.0, p));
    const double u = uniform(f.state[i], year, kPromotion);
    f.promo_probability[i] = p;
    f.promo_draw[i] = u;
    if (u < p) f.promo_date[i] = date;
  }
}

}  // namespace planwise::engine
