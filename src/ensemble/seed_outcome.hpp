// Issue 12 item 1: what one seed's simulation leaves behind in an ensemble.
// Aggregates only (no per-employee rows): per year the metrics of
// kYearMetricNames, and the headline the target is judged on.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "engine/simulate.hpp"

namespace planwise::ensemble {

// The per-year metrics, in this order (API keys, table columns, CSV):
// headcount (year-end actives), hires, exits (experienced plus new-hire
// terminations), promotions, avg_fye_pay (average FYE pay of the actives),
// growth_fye / growth_current / growth_continuous (average-pay growth by
// each methodology, spec §5.3), total_cost (total payroll, prorated).
enum class YearMetric : std::uint8_t {
  kHeadcount,
  kHires,
  kExits,
  kPromotions,
  kAvgFyePay,
  kGrowthFye,
  kGrowthCurrent,
  kGrowthContinuous,
  kTotalCost,
};
inline constexpr std::size_t kYearMetricCount = 9;
inline constexpr std::array<std::string_view, kYearMetricCount> kYearMetricNames = {
    "headcount",   "hires",      "exits",          "promotions",
    "avg_fye_pay", "growth_fye", "growth_current", "growth_continuous",
    "total_cost"};
// A name of kYearMetricNames; an unknown one is an input error naming `field`.
Result<YearMetric> parse_year_metric(std::string_view name, std::string_view field);

// How the yearly growth of the configured methodology (avg_comp_growth)
// becomes the one headline number: the mean of the years, the final year,
// or the compound rate (final average FYE / baseline average)^(1/years) - 1.
enum class HeadlineMetric : std::uint8_t { kMean, kFinal, kCompound };
// "mean", "final" or "compound"; otherwise an input error naming `field`.
Result<HeadlineMetric> parse_headline_metric(std::string_view name, std::string_view field);
std::string_view headline_metric_name(HeadlineMetric metric);

struct SeedYear {
  int year = 0;
  std::array<double, kYearMetricCount> values{};  // NaN where the year has none
  double value(YearMetric m) const { return values[static_cast<std::size_t>(m)]; }
};

struct SeedOutcome {
  std::uint64_t seed = 0;
  std::vector<SeedYear> years;
  double headline = 0.0;       // by the ensemble's HeadlineMetric
  double total_cost = 0.0;     // the sum over the years of total_cost
  double max_year_cost = 0.0;  // the dearest year's total_cost
  double equity = 0.0;         // mean over the years of YearSummary::pay_equity_cv
};

// The aggregates of one simulation (engine::simulate's result).
SeedOutcome seed_outcome(std::uint64_t seed, const engine::SimulationResult& result,
                         HeadlineMetric headline);

}  // namespace planwise::ensemble
