// Spec §2.2: resolution of every lever the engine needs for Y0…Y1:
// scenario → default scenario → seed tables → error, with the tier recorded.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/levers.hpp"
#include "engine/seed_tables.hpp"
#include "engine/validation_item.hpp"

namespace planwise::levers {

inline constexpr const char* kDefaultScenario = "default";

struct LeverResolution {
  engine::ResolvedLevers levers;
  engine::ValidationItems warnings;
};

Result<LeverResolution> resolve_levers(const std::vector<engine::LeverRow>& rows,
                                       const std::string& scenario_id, int start_year, int end_year,
                                       const engine::SeedTables& seeds);

// Issue 10 item 1: a scenario that inherits resolves scenario -> base ->
// ... -> default. `links` holds the stored rows of the scenario (first) and
// of each base it inherits through, nearest first, default excluded; the
// result is one set of rows labelled `scenario_id` in which the nearest
// link wins each cell (COLA: the nearest link holding any COLA row for the
// year, as between tiers in resolve_levers). Locks stay with the scenario
// that holds them: rows taken from a base carry no lock.
std::vector<engine::LeverRow> fold_chain(const std::vector<std::vector<engine::LeverRow>>& links,
                                         const std::string& scenario_id);

// Canonical text of an effective lever set, one line per (parameter, year,
// level): the input of the run's lever hash.
std::string canonical_lever_text(const engine::ResolvedLevers& levers);

}  // namespace planwise::levers
