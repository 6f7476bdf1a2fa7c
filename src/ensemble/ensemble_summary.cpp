// Issue 12 item 1: bands per year and metric, and the headline's (see
// ensemble_summary.hpp).
#include "ensemble/ensemble_summary.hpp"

#include <vector>

namespace planwise::ensemble {

std::optional<std::string> thin_sample_warning(int seed_count) {
  if (seed_count >= kThinSampleSeeds) return std::nullopt;
  return "only " + std::to_string(seed_count) + (seed_count == 1 ? " seed" : " seeds") +
         ": bands from fewer than " + std::to_string(kThinSampleSeeds) +
         " seeds are rough; use 25 or more";
}

EnsembleSummary summarize(const std::vector<SeedOutcome>& outcomes, HeadlineMetric metric,
                          const TargetBand& target, std::optional<double> budget) {
  EnsembleSummary s;
  s.headline_metric = metric;
  s.target = target;
  s.thin_sample_warning = thin_sample_warning(static_cast<int>(outcomes.size()));
  std::vector<double> headline;
  std::vector<double> cost;
  for (const SeedOutcome& o : outcomes) {
    s.seeds.push_back(o.seed);
    headline.push_back(o.headline);
    cost.push_back(o.total_cost);
  }
  s.headline.band = band_of(headline);
  s.headline.p_in_target =
      fraction_within(headline, target.growth - target.tolerance, target.growth + target.tolerance);
  s.headline.total_cost = band_of(cost);
  s.headline.budget = budget;
  if (budget) s.headline.p_over_budget = fraction_above(cost, *budget);
  if (outcomes.empty()) return s;
  std::vector<double> values(outcomes.size());
  for (std::size_t y = 0; y < outcomes.front().years.size(); ++y) {
    for (std::size_t m = 0; m < kYearMetricCount; ++m) {
      for (std::size_t k = 0; k < outcomes.size(); ++k) values[k] = outcomes[k].years[y].values[m];
      s.bands.push_back(
          {outcomes.front().years[y].year, static_cast<YearMetric>(m), band_of(values)});
    }
  }
  return s;
}

const Band* find_band(const EnsembleSummary& summary, int year, YearMetric metric) {
  for (const YearBand& b : summary.bands) {
    if (b.year == year && b.metric == metric) return &b.band;
  }
  return nullptr;
}

}  // namespace planwise::ensemble
