// Spec §4.3: promotions. The lever is the expected share of eligible
// members of a level promoted in the year; the age and tenure multipliers
// only redistribute it, normalised by their mean mbar over the level.
#include "engine/member_rows.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {

// Before any date filter: eligibility is level and age only.
std::vector<double> promotion_mean_multipliers(const YearFrame& f, const SeedTables& seeds) {
  const int top = seeds.level_count();
  std::vector<double> sums(static_cast<std::size_t>(top), 0.0);
  std::vector<std::int64_t> counts(static_cast<std::size_t>(top), 0);
  for (std::size_t i = 0; i < f.member_count; ++i) {
    if (f.start_level[i] >= top || f.age[i] >= 65) continue;
    sums[f.start_level[i] - 1u] +=
        seeds.promotion_age[f.age_band[i]] * seeds.promotion_tenure[f.tenure_band[i]];
    ++counts[f.start_level[i] - 1u];
  }
  std::vector<double> mean(static_cast<std::size_t>(top), 1.0);
  for (std::size_t l = 0; l < sums.size(); ++l) {
    if (counts[l] > 0) mean[l] = sums[l] / static_cast<double>(counts[l]);
  }
  return mean;
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
