// Issue 10 item 3 "Cost by pool": what a year's pay decisions cost, by pool
// (merit, COLA, promotion, new-hire premium) and level, for the `pay_budget`
// output table (contract A; definitions in docs/model.md "Cost vocabulary").
//
// Computed from a finished year's frame and levers, after the year's steps,
// by the sinks that write outputs. The tuning loop never calls it, so the
// optimizer's evaluations cost nothing extra.
//
// Attribution: every pool of a member goes to their level on 1 Jan (the
// level of prior_payroll_fye, so "% of payroll" compares like with like; a
// promotion's level before the promotion, as contract A asks). A hire's
// premium goes to its hire level. total_payroll_prorated, run_rate_payroll_fye
// and end_headcount go by year-end level, like the snapshot.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/year_frame.hpp"
#include "engine/year_levers.hpp"

namespace planwise::engine {

// A pool's cost: the increase granted at a full year's rate, and what it
// actually costs in the calendar year (spec §4.5 proration: increase × days
// from its effective date to the last employed day, inclusive, / D_Y).
struct PoolCost {
  double annualised = 0.0;
  double in_year = 0.0;
};

struct PayBudgetRow {
  int year = 0;
  int level = 0;                   // 1..L; 0 in the totals of pay_budget_totals
  double prior_payroll_fye = 0.0;  // Σ start_salary of the year's members, by start level
  PoolCost merit;
  PoolCost cola;
  PoolCost promotion;
  PoolCost new_hire_premium;
  double total_payroll_prorated = 0.0;  // Σ prorated pay of every row of the year (any status)
  double run_rate_payroll_fye = 0.0;    // Σ FYE of the actives on 31 Dec
  std::int64_t end_headcount = 0;
};

// The year's rows, one per level that has anyone in it (start or year-end
// level), ascending, money rounded to cents. `out` is cleared and reused:
// the pass over the frame allocates nothing per employee.
//
// Merit vs COLA: a raise s -> round2(s × ((1 + merit) + cola)) is split in
// proportion merit : cola of the rates that produced it (§4.4). Promotion:
// promoted salary minus the salary before it (band floor included). New-hire
// premium: hire salary minus the reference pay salary / adjustment, i.e. the
// new_hire_salary_adjustment part of §4.6 (negative for an adjustment < 1).
void compute_pay_budget(const YearFrame& frame, const YearLevers& levers,
                        std::vector<PayBudgetRow>& out);

// The sum of a year's level rows (level 0), rounded to cents.
PayBudgetRow pay_budget_totals(std::span<const PayBudgetRow> rows);

}  // namespace planwise::engine
