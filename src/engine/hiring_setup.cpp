#include "engine/hiring_setup.hpp"

#include "common/number_text.hpp"

namespace planwise::engine {

namespace {
std::int64_t original_share_pct(std::size_t level_index) {
  return level_index < 5 ? kOriginalLevelSharePct[level_index] : 0;
}
}  // namespace

HiringSetup prepare_hiring(const StagedCensus& census, const EngineConfig& cfg,
                           const SeedTables& seeds, ValidationItems& warnings) {
  HiringSetup setup;
  const auto levels = static_cast<std::size_t>(seeds.level_count());
  std::int64_t reference_total = 0;
  for (const auto& salaries : census.reference_salaries) {
    reference_total += static_cast<std::int64_t>(salaries.size());
  }
  auto enough = [&](std::size_t l) {
    return static_cast<std::int64_t>(census.reference_salaries[l].size()) >=
           cfg.min_reference_hires;
  };

  if (cfg.level_mix.empty()) {
    // recent_hires mix: share_l = count_l / total, or the original share for a
    // level below the minimum; normalised over the common denominator
    // 100 × total so every weight is an exact integer.
    for (std::size_t l = 0; l < levels; ++l) {
      if (enough(l)) {
        setup.level_weights.push_back(
            static_cast<std::int64_t>(census.reference_salaries[l].size()) * 100);
      } else {
        setup.level_weights.push_back(original_share_pct(l) *
                                      (reference_total > 0 ? reference_total : 1));
        warnings.push_back(warning(
            0, "hiring_level_mix",
            "level " + std::to_string(l + 1) + " has " +
                std::to_string(census.reference_salaries[l].size()) +
                " reference hires (fewer than " + std::to_string(cfg.min_reference_hires) +
                "); its hiring share is the original " + std::to_string(original_share_pct(l)) +
                "% and the shares are renormalised"));
      }
    }
  } else {
    for (const ExactDecimal& w : cfg.level_mix) setup.level_weights.push_back(w.units());
  }

  for (std::size_t l = 0; l < levels; ++l) {
    HireLevelPricing pricing;
    const JobLevel& band = seeds.levels[l];
    pricing.band_min = band.min_compensation;
    pricing.band_max = band.max_compensation;
    pricing.salaries = &census.reference_salaries[l];
    pricing.from_reference = cfg.salary_model == SalaryModel::kRecentHires && enough(l);
    if (cfg.salary_model == SalaryModel::kRecentHires && !pricing.from_reference) {
      warnings.push_back(
          warning(0, "hiring_salary_model",
                  "level " + std::to_string(l + 1) +
                      " has too few reference hires to price hires; it uses the band " +
                      money_text(band.min_compensation) + "-" + money_text(band.max_compensation) +
                      " (band_uniform)"));
    }
    setup.model.levels.push_back(pricing);
  }

  std::vector<double> age_weights;
  for (const AgeWeight& a : cfg.age_distribution) {
    setup.model.ages.push_back(a.age);
    age_weights.push_back(a.weight);
  }
  setup.model.age_table = CategoricalTable(age_weights);
  setup.model.run_key = run_key(cfg.random_seed);
  return setup;
}

}  // namespace planwise::engine
