#include "app/census_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/date.hpp"
#include "common/number_text.hpp"
#include "ensemble/statistics.hpp"

namespace planwise::app {

namespace {

std::string thousands(double dollars) {
  return "$" + std::to_string(static_cast<long long>(dollars / 1000)) + "k";
}

std::string pay_label(double lo, double hi) {
  if (std::isinf(lo)) return "<" + thousands(hi);
  if (std::isinf(hi)) return thousands(lo) + "+";
  return thousands(lo) + "-" + thousands(hi);
}

std::string age_label(double lo, double hi) {
  if (std::isinf(lo)) return "<" + std::to_string(static_cast<int>(hi));
  if (std::isinf(hi)) return std::to_string(static_cast<int>(lo)) + "+";
  return std::to_string(static_cast<int>(lo)) + "-" + std::to_string(static_cast<int>(hi) - 1);
}

}  // namespace

Distribution distribution_of(const std::vector<double>& values, const std::vector<double>& bounds,
                             std::string (*label)(double lo, double hi)) {
  Distribution d;
  const double inf = std::numeric_limits<double>::infinity();
  for (std::size_t b = 0; b <= bounds.size(); ++b) {
    const double lo = b == 0 ? -inf : bounds[b - 1];
    const double hi = b == bounds.size() ? inf : bounds[b];
    d.bands.push_back({label(lo, hi), 0});
  }
  if (values.empty()) return d;
  for (double v : values) {
    const auto band = std::upper_bound(bounds.begin(), bounds.end(), v) - bounds.begin();
    ++d.bands[static_cast<std::size_t>(band)].count;
  }
  // The ensembles' statistics (type-7 quantiles), so a p50 means one thing.
  const ensemble::Band b = ensemble::band_of(values);
  d.count = values.size();
  d.mean = b.mean;
  d.min = b.min;
  d.p10 = b.p10;
  d.p25 = b.p25;
  d.p50 = b.p50;
  d.p75 = b.p75;
  d.p90 = b.p90;
  d.max = b.max;
  return d;
}

Distribution pay_distribution(const engine::StagedCensus& census) {
  return distribution_of(census.salary, {40000, 60000, 80000, 100000, 150000, 200000, 300000},
                         pay_label);
}

Distribution age_distribution(const engine::StagedCensus& census, int start_year) {
  std::vector<double> ages;
  ages.reserve(census.birth_date.size());
  for (DayNumber birth : census.birth_date)
    ages.push_back(static_cast<double>(start_year - year_of(birth)));
  return distribution_of(ages, {25, 35, 45, 55, 65}, age_label);
}

std::vector<LevelShare> level_mix(const engine::StagedCensus& census,
                                  const engine::SeedTables& seeds) {
  std::vector<LevelShare> out;
  for (const engine::JobLevel& l : seeds.levels) out.push_back({l.level_id, l.name, 0, 0.0});
  for (std::uint8_t level : census.level) {
    for (LevelShare& s : out) {
      if (s.level == level) ++s.count;
    }
  }
  const double n = static_cast<double>(census.level.size());
  for (LevelShare& s : out) s.share = n > 0 ? static_cast<double>(s.count) / n : 0.0;
  return out;
}

}  // namespace planwise::app
