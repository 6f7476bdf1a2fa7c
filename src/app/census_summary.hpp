// Issue 14 item 1: the preview's figures from a staged census: pay and age
// distributions and the derived level mix. Computed from the staging's own
// salaries and levels, so the preview shows what a run would start from.
#pragma once

#include <vector>

#include "app/census_import.hpp"
#include "engine/census.hpp"
#include "engine/seed_tables.hpp"

namespace planwise::app {

// Quantiles by linear interpolation between order statistics; `bounds`
// are the lower edges of the bands after the first, labelled by `label`.
Distribution distribution_of(const std::vector<double>& values, const std::vector<double>& bounds,
                             std::string (*label)(double lo, double hi));

Distribution pay_distribution(const engine::StagedCensus& census);
// Ages in start_year: start_year - birth year, as the engine counts them.
Distribution age_distribution(const engine::StagedCensus& census, int start_year);
std::vector<LevelShare> level_mix(const engine::StagedCensus& census,
                                  const engine::SeedTables& seeds);

}  // namespace planwise::app
