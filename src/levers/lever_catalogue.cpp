#include "levers/lever_catalogue.hpp"

namespace planwise::levers {

const std::array<LeverSpec, engine::kLeverParamCount>& lever_specs() {
  using engine::LeverParam;
  // Order matches engine::kLeverCatalogue (LeverParam values).
  static const std::array<LeverSpec, engine::kLeverParamCount> kSpecs = {{
      {LeverParam::kMeritBase, "merit_base", "RAISE", "fraction per year", 0.0, 0.10, 0.02, 0.08,
       false, "config_job_levels.avg_annual_merit_increase of the level (0.035 ... 0.055)",
       "Merit increase rate, by the level in force on the raise date.", "0.035 = 3.5 % merit"},
      {LeverParam::kColaRate, "cola_rate", "RAISE", "fraction per year", 0.0, 0.08, 0.01, 0.06,
       true, "config_cola_by_year.cola_rate of the year (0.025)",
       "Cost-of-living increase added to every raise; one value per year for all levels.",
       "0.02 = 2 % COLA"},
      {LeverParam::kPromotionProbability, "promotion_probability", "PROMOTION",
       "probability per year", 0.0, 0.20, std::nullopt, std::nullopt, false,
       "config_job_levels.promotion_probability of the level (0.12 ... 0.01)",
       "Expected share of eligible members of the level promoted in the year.",
       "0.08 = 8 % promoted"},
      {LeverParam::kPromotionRaise, "promotion_raise", "PROMOTION", "fraction", 0.05, 0.25,
       std::nullopt, std::nullopt, false, "config_raises_hazard.promotion_raise (0.12)",
       "Salary increase on promotion, by the level promoted from; the new level's minimum is a "
       "floor.",
       "0.12 = 12 % raise"},
      {LeverParam::kNewHireSalaryAdjustment, "new_hire_salary_adjustment", "HIRE", "multiplier",
       1.0, 1.5, std::nullopt, 1.30, false, "1.0",
       "Multiplies the market pay of a hire of the level (1.10 = 10 % premium).",
       "1.05 = 5 % above recent hires"},
  }};
  return kSpecs;
}

const LeverSpec& spec_of(engine::LeverParam param) {
  return lever_specs()[static_cast<std::size_t>(param)];
}

const LeverSpec* find_spec(std::string_view name) {
  for (const LeverSpec& s : lever_specs()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace planwise::levers
