// Spec §4.3: promotions. The lever is the expected share of eligible
// members of a level promoted in the year; the age and tenure multipliers
// only redistribute it, normalised by their mean mbar over the level.
#include "engine/member_rows.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {

// Before any date filter: eligibility is level and age only.
std::vector<double> promotion_mean_multipliers(const YearFrame& f, const SeedTables& seeds) {
  member_rows::PromotionMeanSums sums(seeds);
  for (std::size_t i = 0; i < f.member_count; ++i)
    sums.add(f.start_level[i], f.age[i], f.age_band[i], f.tenure_band[i]);
  return sums.means();
}

void schedule_promotions(YearFrame& f, const YearLevers& levers, const SeedTables& seeds,
                         std::vector<double>& mean_multiplier) {
  mean_multiplier = promotion_mean_multipliers(f, seeds);
  const int top = seeds.level_count();
  const member_rows::PromotionOdds odds(levers, seeds, mean_multiplier.data(), top);
  const auto n = static_cast<std::int64_t>(f.member_count);
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t j = 0; j < n; ++j) {
    const auto i = static_cast<std::size_t>(j);
    member_rows::decide_promotion(f, i, odds, top, member_rows::MemberDraws::of(f, i));
  }
}

}  // namespace planwise::engine
