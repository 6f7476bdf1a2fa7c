// Scenario use cases (issue 3 item 3, issue 10 items 1, 3, 4), shared by the
// CLI and the server: create (copy or inherit), list with each scenario's
// target, budget caps and last run, rename, archive, delete, target, caps.
// Every change needs a reason; errors name the CLI flag (API field).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/lever_commands.hpp"
#include "common/result.hpp"
#include "levers/lever_store.hpp"
#include "store/scenario_tables.hpp"

namespace planwise::app {

struct ScenarioSummary {
  store::ScenarioRecord record;  // ids, base, settings (inherits, archived, target), counts
  std::vector<store::BudgetCap> budget_caps;
  std::optional<store::LastRun> last_run;
  // Issue 11: when a change request was last published into it (empty: a
  // draft scenario, edited directly).
  std::string published_at;
};

// A copy of `from` (its effective levers and locks) or, with `inherit`, a
// scenario resolving through it (levers/lever_store.hpp).
Status create_scenario(const LeverTarget& target, const std::string& from,
                       const std::string& description, const std::string& actor,
                       const std::string& reason, bool inherit = false);
// Archived scenarios only when `include_archived`.
Result<std::vector<ScenarioSummary>> list_scenarios(const LeverTarget& target,
                                                    bool include_archived = false);
Result<ScenarioSummary> show_scenario(const LeverTarget& target);
Status rename_scenario(const LeverTarget& target, const std::string& to, const std::string& actor,
                       const std::string& reason);
Status archive_scenario(const LeverTarget& target, bool archived, const std::string& actor,
                        const std::string& reason);
Status delete_scenario(const LeverTarget& target, const std::string& actor,
                       const std::string& reason);
Result<levers::ScenarioDiff> diff_scenarios(const LeverTarget& target, const std::string& other);

// Fields left unset keep the scenario's current values.
struct TargetChange {
  std::optional<double> growth;
  std::optional<double> tolerance;
  std::optional<std::string> metric;
};
Status set_scenario_target(const LeverTarget& target, const TargetChange& change,
                           const std::string& actor, const std::string& reason);
// Replaces every cap of the scenario.
Status set_budget_caps(const LeverTarget& target, const std::vector<store::BudgetCap>& caps,
                       const std::string& actor, const std::string& reason);
// Sets one cap (year and pool), keeping the others.
Status set_budget_cap(const LeverTarget& target, const store::BudgetCap& cap,
                      const std::string& actor, const std::string& reason);
// The scenario's stored target (the defaults when none is stored).
Result<store::ScenarioTarget> scenario_target(const LeverTarget& target);

}  // namespace planwise::app
