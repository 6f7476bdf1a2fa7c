// JSON shapes of runs: the `planwise simulate --json` summary, which the
// HTTP API returns too (style guide §1: one body for both transports).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

#include "app/run_history.hpp"
#include "app/run_budget.hpp"
#include "app/run_simulation.hpp"
#include "app/sql_query.hpp"

namespace planwise::api {

// {"run_id", "scenario", "seed", "start_year", "end_year",
//  "baseline": {"active", "avg_salary"}, "years": [...]}; rates are fractions.
std::string simulation_summary_json(const app::SimulateOutcome& outcome, int indent = 2);

// [{"column": value, ...}, ...] with numbers as JSON numbers and nulls as null.
std::string query_table_json(const app::QueryTable& table, int indent = 2);

// Issue 10 item 6: how a run differs from a plain run of stored levers.
struct RunMarks {
  bool what_if = false;
  std::size_t overrides = 0;             // lever override cells of a what-if run
  std::vector<int> carried_lever_years;  // years given the last lever year's values
  std::optional<app::RunTarget> target;  // null for runs stored before targets were
};
RunMarks run_marks(const store::RunRecord& run);
RunMarks run_marks(const app::SimulateOutcome& outcome);
// Sets "what_if", "overrides" (count), "carried_lever_years" and "target" in `out`.
void add_run_marks(nlohmann::json& out, const RunMarks& marks);
// The cells of runs.lever_overrides ("" or a JSON array written by the run);
// text that is not such an array gives none.
std::vector<app::CellEdit> stored_overrides(const std::string& text);
// The pay budget by pool (issue 10 contract A): [{"year", "prior_payroll_fye",
// "total_payroll_prorated", "run_rate_payroll_fye", "end_headcount",
// "pools": {"merit"|"cola"|"promotion"|"new_hire_premium": {"annualised",
// "in_year", "pct_of_payroll"}}, "levels": [...]}]; "levels" only when
// `with_levels`. pct_of_payroll = annualised / prior_payroll_fye, or null.
std::string budget_years_json(const std::vector<app::BudgetYear>& years, bool with_levels,
                              int indent = 2);
// GET /api/runs/{id}/budget and `planwise runs budget --json`:
// {"run_id", "years": budget_years_json(..., true)}.
std::string run_budget_json(const app::RunBudget& budget, int indent = 2);

}  // namespace planwise::api
