// Issue 10 item 3 "Cost by pool": the pay budget of a stored run (its
// `pay_budget` table), and of a simulation that stores nothing (the impact
// preview and the headline). One shape for both, so the API, the CLI and
// the dashboard show the same figures (docs/model.md "Cost vocabulary").
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "common/result.hpp"
#include "engine/levers.hpp"
#include "engine/pay_budget.hpp"
#include "engine/simulate.hpp"

namespace planwise::app {

struct BudgetYear {
  engine::PayBudgetRow total;                // level 0: the sum of the levels
  std::vector<engine::PayBudgetRow> levels;  // empty in totals-only budgets
};

struct RunBudget {
  std::string run_id;
  std::vector<BudgetYear> years;
};

// A pool as a share of the same year's (and level's) prior_payroll_fye;
// nullopt when that payroll is 0.
std::optional<double> pct_of_payroll(double amount, double prior_payroll_fye);

// Level rows (any year order) grouped by year, ascending, with totals.
std::vector<BudgetYear> budget_years(std::span<const engine::PayBudgetRow> rows, bool with_levels);

// The stored pay_budget of a run; `year` keeps that year only (an input
// error naming `year` when the run did not simulate it). A run stored
// before pay budgets were recorded is a not-found error saying so.
Result<RunBudget> run_budget(const std::string& db_path, const std::string& run_id,
                             std::optional<int> year = std::nullopt);

// Collects each simulated year's budget totals; for engine::simulate calls
// that store nothing. Only these callers pay for the pass over the year.
class BudgetSink : public engine::YearSink {
 public:
  Status on_year(const engine::YearOutput& year) override;
  const std::vector<BudgetYear>& years() const { return years_; }

 private:
  std::vector<engine::PayBudgetRow> scratch_;
  std::vector<BudgetYear> years_;
};

// One simulation of `levers` on the loaded census, storing nothing: the
// budget totals of each year (the headline's).
Result<std::vector<BudgetYear>> simulate_budget(const LoadedInputs& inputs,
                                                const engine::ResolvedLevers& levers);

}  // namespace planwise::app
