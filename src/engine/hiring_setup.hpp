// Spec §4.6 and §1.6 (hiring.*): what hiring needs for the whole run,
// derived once from the reference hires: the level mix as integer weights
// and the pricing model of each level.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/census.hpp"
#include "engine/config.hpp"
#include "engine/seed_tables.hpp"
#include "engine/validation_item.hpp"
#include "engine/year_steps.hpp"

namespace planwise::engine {

// The original system's fixed level shares, used where a level has too few
// reference hires (§1.6 hiring.min_reference_hires), in percent.
inline constexpr std::int64_t kOriginalLevelSharePct[5] = {40, 30, 20, 8, 2};

struct HiringSetup {
  std::vector<std::int64_t> level_weights;  // common denominator, index 0 = level 1
  HireModel model;
};

// The returned model points into `census` (reference salaries): keep the
// census alive while the model is used.
HiringSetup prepare_hiring(const StagedCensus& census, const EngineConfig& config,
                           const SeedTables& seeds, ValidationItems& warnings);

}  // namespace planwise::engine
