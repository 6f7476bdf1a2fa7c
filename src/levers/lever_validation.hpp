// Validation of a scenario's levers (issue 3; tuning.md §3.1): hard ranges
// and COLA consistency are errors that block saving and running; thresholds
// on the mean over levels are warnings, shown and recorded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/levers.hpp"
#include "store/lever_tables.hpp"

namespace planwise::levers {

enum class Severity { kError, kWarning };

struct LeverIssue {
  Severity severity = Severity::kError;
  std::string rule;  // lever_range, cola_one_per_year, mean_below, mean_above
  std::string scenario_id;
  std::optional<int> fiscal_year;
  std::optional<int> job_level;
  std::string parameter_name;
  std::optional<double> value;
  std::string message;
};

// Checks the effective values a run of `levers` would use and the stored
// cells of the scenario (COLA must be stored for every level or none).
std::vector<LeverIssue> validate_levers(const engine::ResolvedLevers& levers,
                                        const std::vector<store::LeverCell>& scenario_cells);
// The same checks for a run: the effective levers and the rows (of a file
// or of the store) the scenario itself stores.
std::vector<LeverIssue> validate_run_levers(const engine::ResolvedLevers& levers,
                                            const std::vector<engine::LeverRow>& rows);
bool has_errors(const std::vector<LeverIssue>& issues);
// "scenario S, 2026, level 2, merit_base = 0.12: ..." for messages.
std::string describe(const LeverIssue& issue);

}  // namespace planwise::levers
