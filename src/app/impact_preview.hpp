// Issue 3 item 7: the impact of a lever change, by simulating it. The
// current and the proposed levers run on the same census with the same seed
// (common random numbers), so every difference comes from the levers.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "app/inputs.hpp"
#include "app/run_budget.hpp"
#include "common/result.hpp"
#include "engine/levers.hpp"

namespace planwise::app {

struct ImpactYear {
  int year = 0;
  std::int64_t headcount_current = 0;
  std::int64_t headcount_proposed = 0;
  std::optional<double> avg_fye_current;
  std::optional<double> avg_fye_proposed;
  std::optional<double> growth_current;
  std::optional<double> growth_proposed;
  // Total payroll (prorated): pay earned in the year by everyone paid in it,
  // any status (docs/model.md "Cost vocabulary").
  double cost_current = 0.0;
  double cost_proposed = 0.0;
  double run_rate_current = 0.0;  // run-rate payroll (FYE) on 31 Dec
  double run_rate_proposed = 0.0;
};

struct ImpactPreview {
  std::vector<ImpactYear> years;
  // The pay budget by pool, totals only (issue 10 contract A).
  std::vector<BudgetYear> budget_current;
  std::vector<BudgetYear> budget_proposed;
  double simulate_ms = 0.0;  // both simulations
};

// `inputs` supplies the census, configuration and seeds; the two lever sets
// must cover its years.
Result<ImpactPreview> preview_impact(const LoadedInputs& inputs,
                                     const engine::ResolvedLevers& current,
                                     const engine::ResolvedLevers& proposed);

}  // namespace planwise::app
