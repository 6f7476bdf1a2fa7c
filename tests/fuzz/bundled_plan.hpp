// The bundled plan, loaded once per fuzz process: configuration, seeds,
// levers and a small staged census, so a target can run what its fuzzed
// input accepted (issue 15 item 3: accepted input must run).
#pragma once

#include <string>
#include <vector>

#include "engine/census.hpp"
#include "engine/config.hpp"
#include "engine/levers.hpp"
#include "engine/seed_tables.hpp"

namespace planwise::fuzz {

struct BundledPlan {
  engine::EngineConfig config;  // the bundled one over two plan years
  engine::SeedTables seeds;
  std::vector<engine::LeverRow> lever_rows;
  engine::ResolvedLevers levers;
  engine::CensusRows small_census_rows;  // the bundled census's first rows
  engine::StagedCensus small_census;     // ... staged with `config`
};

const BundledPlan& bundled_plan();

// Simulates `census` (default: the small census) with these parts and
// aborts if the engine refuses: input that passed its reader and
// validation must run.
void expect_simulates(const engine::EngineConfig& config, const engine::SeedTables& seeds,
                      const engine::ResolvedLevers& levers, const engine::StagedCensus& census,
                      const std::string& what);

}  // namespace planwise::fuzz
