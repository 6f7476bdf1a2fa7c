// JSON shapes of runs: the `planwise simulate --json` summary, which the
// HTTP API returns too (style guide §1: one body for both transports).
#pragma once

#include <string>

#include "app/run_budget.hpp"
#include "app/run_simulation.hpp"
#include "app/sql_query.hpp"

namespace planwise::api {

// {"run_id", "scenario", "seed", "start_year", "end_year",
//  "baseline": {"active", "avg_salary"}, "years": [...]}; rates are fractions.
std::string simulation_summary_json(const app::SimulateOutcome& outcome, int indent = 2);

// [{"column": value, ...}, ...] with numbers as JSON numbers and nulls as null.
std::string query_table_json(const app::QueryTable& table, int indent = 2);

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
