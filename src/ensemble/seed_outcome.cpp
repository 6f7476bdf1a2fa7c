// Issue 12 item 1: one seed's aggregates (see seed_outcome.hpp).
#include "ensemble/seed_outcome.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace planwise::ensemble {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double or_nan(const std::optional<double>& v) {
  return v ? *v : kNaN;
}

}  // namespace

Result<YearMetric> parse_year_metric(std::string_view name, std::string_view field) {
  for (std::size_t i = 0; i < kYearMetricNames.size(); ++i) {
    if (kYearMetricNames[i] == name) return static_cast<YearMetric>(i);
  }
  std::string known;
  for (std::string_view n : kYearMetricNames) known += (known.empty() ? "" : ", ") + std::string(n);
  return Error::invalid_input(
      "", 0, std::string(field), "year_metric", std::string(name),
      "unknown metric '" + std::string(name) + "'; expected one of " + known);
}

Result<HeadlineMetric> parse_headline_metric(std::string_view name, std::string_view field) {
  if (name == "mean") return HeadlineMetric::kMean;
  if (name == "final") return HeadlineMetric::kFinal;
  if (name == "compound") return HeadlineMetric::kCompound;
  return Error::invalid_input(
      "", 0, std::string(field), "headline_metric", std::string(name),
      "unknown headline metric '" + std::string(name) + "'; expected mean, final or compound");
}

std::string_view headline_metric_name(HeadlineMetric metric) {
  switch (metric) {
    case HeadlineMetric::kMean:
      return "mean";
    case HeadlineMetric::kFinal:
      return "final";
    case HeadlineMetric::kCompound:
      return "compound";
  }
  return "mean";
}

SeedOutcome seed_outcome(std::uint64_t seed, const engine::SimulationResult& result,
                         HeadlineMetric headline) {
  SeedOutcome out;
  out.seed = seed;
  out.years.reserve(result.years.size());
  double growth_sum = 0.0;
  double equity_sum = 0.0;
  int equity_years = 0;
  for (const engine::YearSummary& y : result.years) {
    SeedYear sy;
    sy.year = y.year;
    auto set = [&sy](YearMetric m, double v) { sy.values[static_cast<std::size_t>(m)] = v; };
    set(YearMetric::kHeadcount, static_cast<double>(y.end_headcount));
    set(YearMetric::kHires, static_cast<double>(y.hires));
    set(YearMetric::kExits, static_cast<double>(y.total_terminations));
    set(YearMetric::kPromotions, static_cast<double>(y.promotions));
    set(YearMetric::kAvgFyePay, or_nan(y.avg_fye_active));
    set(YearMetric::kGrowthFye, or_nan(y.avg_comp_growth));
    set(YearMetric::kGrowthCurrent, or_nan(y.growth_current));
    set(YearMetric::kGrowthContinuous, or_nan(y.growth_continuous));
    set(YearMetric::kTotalCost, y.total_prorated_compensation);
    out.years.push_back(sy);
    // As the tuning evaluator: a year without growth counts as 0 (§4.9 NO_DATA).
    growth_sum += y.avg_comp_growth.value_or(0.0);
    out.total_cost += y.total_prorated_compensation;
    out.max_year_cost = std::max(out.max_year_cost, y.total_prorated_compensation);
    if (y.pay_equity_cv) {
      equity_sum += *y.pay_equity_cv;
      ++equity_years;
    }
  }
  out.equity = equity_years > 0 ? equity_sum / equity_years : 0.0;
  const auto years = static_cast<double>(result.years.size());
  switch (headline) {
    case HeadlineMetric::kMean:
      out.headline = result.years.empty() ? 0.0 : growth_sum / years;
      break;
    case HeadlineMetric::kFinal:
      out.headline = result.years.empty() ? 0.0 : result.years.back().avg_comp_growth.value_or(0.0);
      break;
    case HeadlineMetric::kCompound: {
      const double first = result.baseline.avg_salary;
      const double last =
          result.years.empty() ? first : result.years.back().avg_fye_active.value_or(first);
      out.headline = std::pow(last / first, 1.0 / std::max(1.0, years)) - 1.0;
      break;
    }
  }
  return out;
}

}  // namespace planwise::ensemble
