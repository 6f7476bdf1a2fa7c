#include "engine/year_levers.hpp"

#include <algorithm>

namespace planwise::engine {

YearLevers YearLevers::for_year(const ResolvedLevers& levers, const SeedTables& seeds, int year,
                                const std::vector<bool>& hire_uses_cola) {
  YearLevers y;
  y.year = year;
  y.cola = levers.cola(year);
  const int count = seeds.level_count();
  // Hire pay with COLA drift uses every COLA of Y0..Y (§4.6 M_Y).
  ParamSource cola_so_far = ParamSource::kNone;
  for (int past = levers.start_year(); past <= year; ++past) {
    cola_so_far = std::max(cola_so_far, levers.cola_source(past));
  }
  for (int l = 1; l <= count; ++l) {
    const ResolvedLever& merit = levers.at(LeverParam::kMeritBase, year, l);
    const ResolvedLever& probability = levers.at(LeverParam::kPromotionProbability, year, l);
    const ResolvedLever& raise = levers.at(LeverParam::kPromotionRaise, year, l);
    const ResolvedLever& adjustment = levers.at(LeverParam::kNewHireSalaryAdjustment, year, l);
    y.merit.push_back(merit.value);
    y.promotion_probability.push_back(probability.value);
    y.promotion_raise.push_back(raise.value);
    y.hire_adjustment.push_back(adjustment.value);
    y.min_compensation.push_back(seeds.level(l).min_compensation);
    y.promotion_source.push_back(std::max(probability.source, raise.source));
    y.raise_source.push_back(std::max(merit.source, levers.cola_source(year)));
    const bool drift = hire_uses_cola[static_cast<std::size_t>(l - 1)];
    y.hire_source.push_back(drift ? std::max(adjustment.source, cola_so_far) : adjustment.source);
  }
  return y;
}

}  // namespace planwise::engine
