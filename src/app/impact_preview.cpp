#include "app/impact_preview.hpp"

#include <chrono>

#include "common/elapsed.hpp"
#include "engine/simulate.hpp"

namespace planwise::app {

Result<ImpactPreview> preview_impact(const LoadedInputs& in, const engine::ResolvedLevers& current,
                                     const engine::ResolvedLevers& proposed) {
  const auto start = std::chrono::steady_clock::now();
  engine::SimulationOptions aggregates_only;
  aggregates_only.build_events = false;
  BudgetSink budget_before;
  BudgetSink budget_after;
  auto before = engine::simulate({in.config.engine, in.seeds, current, in.census}, aggregates_only,
                                 &budget_before);
  if (!before) return std::move(before).error();
  auto after = engine::simulate({in.config.engine, in.seeds, proposed, in.census}, aggregates_only,
                                &budget_after);
  if (!after) return std::move(after).error();
  ImpactPreview out;
  for (std::size_t i = 0; i < before->years.size(); ++i) {
    const engine::YearSummary& a = before->years[i];
    const engine::YearSummary& b = after->years[i];
    out.years.push_back({a.year, a.end_headcount, b.end_headcount, a.avg_fye_active,
                         b.avg_fye_active, a.avg_comp_growth, b.avg_comp_growth,
                         a.total_prorated_compensation, b.total_prorated_compensation,
                         budget_before.years()[i].total.run_rate_payroll_fye,
                         budget_after.years()[i].total.run_rate_payroll_fye});
  }
  out.budget_current = budget_before.years();
  out.budget_proposed = budget_after.years();
  out.simulate_ms = ms_since(start);
  return out;
}

}  // namespace planwise::app
