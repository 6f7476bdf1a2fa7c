#include "app/optimization_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/optimize.hpp"
#include "common/number_text.hpp"
#include "tuning/algorithms.hpp"

namespace planwise::app {

namespace {

constexpr std::size_t kEvaluationRows = 200;  // longer histories stay in the table

std::string joined(const std::vector<std::string>& items, const std::string& empty) {
  if (items.empty()) return empty;
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string lever_vector(const store::OptimizationRunRow& run, const std::vector<double>& x) {
  std::string out;
  for (std::size_t i = 0; i < x.size() && i < run.variables.size(); ++i) {
    out += (i ? ", " : "") + run.variables[i] + " " + lever_text(run.variables[i], x[i]);
  }
  return out;
}

}  // namespace

std::string fixed_text(double value, int decimals) {
  return fmt::format("{:.{}f}", value, decimals);
}

std::string rate_text(double fraction, int decimals) {
  return fmt::format("{:.{}f}%", fraction * 100.0, decimals);
}

std::string points_text(double fraction, int decimals) {
  return fmt::format("{:+.{}f} pt", fraction * 100.0, decimals);
}

std::string lever_text(const std::string& variable, double value) {
  // The new-hire adjustment is a multiplier; everything else is a rate.
  if (variable.rfind("new_hire", 0) == 0) return fmt::format("{:.4f}", value);
  return rate_text(value, 3);
}

std::string optimization_report_markdown(const store::OptimizationRecord& record) {
  const store::OptimizationRunRow& r = record.run;
  const tuning::OptimizationSummary summary = summarize_record(record);
  const store::OptimizationEvaluationRow* initial = record.evaluation(r.initial_evaluation);
  const store::OptimizationEvaluationRow* best = record.evaluation(r.best_evaluation);
  std::string md;
  auto line = [&](const std::string& s) { md += s + "\n"; };

  line("# Optimization report " + r.opt_run_id);
  line("");
  line(
      "Every figure below comes from the stored record of this run (tables optimization_runs, "
      "optimization_evaluations, optimization_sensitivity and optimization_seed_spread).");
  line("");
  line("| Setting | Value |");
  line("|---|---|");
  line("| Created | " + r.created_at + " |");
  line("| Scenario | " + r.scenario + " |");
  std::string algorithm = tuning::algorithm_label(r.algorithm) + " (" + r.algorithm + ")";
  if (!r.mode.empty()) algorithm += " (" + r.mode + " mode)";
  if (!r.mix.empty()) algorithm += " (lever mix " + r.mix + ")";
  line("| Algorithm | " + algorithm + " |");
  line("| Growth metric | " + r.metric + " of avg_comp_growth over " +
       std::to_string(r.start_year) + "–" + std::to_string(r.end_year) + " |");
  line("| Target | " + rate_text(r.target) + " ± " + fmt::format("{:.3f}", r.tolerance * 100.0) +
       " pt |");
  line("| Weights | growth " + fmt::format("{}", r.weight_growth) + ", cost " +
       fmt::format("{}", r.weight_cost) + ", equity " + fmt::format("{}", r.weight_equity) + " |");
  line("| Cost cap | " +
       (r.cost_cap ? dollars_text(*r.cost_cap) + " total payroll (prorated) a year" +
                         (r.cost_cap_met ? (*r.cost_cap_met ? ", met" : ", not met") : "")
                   : std::string("none")) +
       " |");
  if (r.rails_recorded) {
    line("| Guard rails | merit ≥ " + rate_text(r.rail_merit_floor) + ", COLA ≥ " +
         rate_text(r.rail_cola_floor) + ", merit ordering " +
         (r.rail_merit_ordering ? "on" : "off") + ", promotion ranges " +
         (r.rail_promotion_ranges ? "on" : "off") + "; " +
         (record.violations.empty() ? std::string("none broken")
                                    : std::to_string(record.violations.size()) + " broken") +
         " |");
  }
  line("| Budget | " + std::to_string(r.budget_evaluations) + " evaluations, " +
       fmt::format("{:g}", r.budget_seconds) + " s |");
  line("| Census | " + std::to_string(r.census_rows) + " employees, seed " +
       std::to_string(r.seed) + " |");
  line("| Levers tuned | " + joined(r.variables, "none") + " |");
  line("| Fully locked (left out) | " + joined(r.locked_out, "none") + " |");
  if (!r.command.empty()) line("| Command | `" + r.command + "` |");
  line("");

  line("## Outcome");
  line("");
  line("- Status: **" + r.status + "** — " + r.message);
  line("- Evaluations: " + std::to_string(r.evaluations) + "; search " +
       fmt::format("{:.3f}", r.search_ms / 1000.0) +
       " s, whole run (loading, search, sensitivity, seed spread) " +
       fmt::format("{:.3f}", r.elapsed_ms / 1000.0) + " s");
  if (initial)
    line("- Starting growth: " + rate_text(initial->growth) + " (gap " + points_text(initial->gap) +
         ")");
  if (best)
    line("- Best growth: " + rate_text(best->growth) + " (gap " + points_text(best->gap) +
         "), evaluation " + std::to_string(best->evaluation));
  line("- Levers: " + std::string(r.dry_run ? "dry run; " : "") + r.apply_note);
  line("");

  line("## Reachability");
  line("");
  if (r.reach_checked) {
    line(
        "Checked before the search, with every tuned lever at its lower and then its upper bound "
        "(locks held): "
        "growth " +
        rate_text(r.reach_low) + " to " + rate_text(r.reach_high) + ".");
    line("");
    line("- Verdict: " + r.reach_verdict);
    if (!r.reachable) {
      line("- Closest reachable value: " + rate_text(r.reach_closest));
      line("- Binding bounds: " + joined(r.reach_binding, "none"));
      line("- Levers that could reach it: " + joined(r.reach_suggestions, "none"));
    }
  } else {
    line("Not checked (the run stopped first).");
  }
  line("");

  line("## Summary (tuning.md §4.7)");
  line("");
  line("| Measure | Value |");
  line("|---|---|");
  line("| Performance | " + summary.performance_status + " |");
  line("| Initial gap | " + points_text(summary.initial_gap) + " |");
  line("| Final gap | " + points_text(summary.final_gap) + " |");
  line("| Gap reduction (abs initial − abs final) | " +
       fmt::format("{:.3f} pt", summary.gap_reduction * 100.0) + " |");
  line("| Gap reduction | " + fmt::format("{:.1f}%", summary.gap_reduction_pct) + " |");
  if (summary.has_insights) {
    line("| Average reduction per iteration | " +
         fmt::format("{:.4f} pt", summary.avg_gap_reduction_per_iteration * 100.0) + " |");
    line("| Convergence efficiency | " +
         fmt::format("{:.2f}% per iteration", summary.convergence_efficiency) + " |");
  }
  line("");
  for (const std::string& rec : summary.recommendations) line("- " + rec);
  line("");

  if (initial && best) {
    line("## Levers: start and best");
    line("");
    line("| Lever | Bounds | Start | Best | Change |");
    line("|---|---|---|---|---|");
    for (std::size_t i = 0; i < r.variables.size() && i < best->levers.size(); ++i) {
      const std::string& v = r.variables[i];
      const bool multiplier = v.rfind("new_hire", 0) == 0;
      const double d = best->levers[i] - initial->levers[i];
      line("| " + v + " | " + lever_text(v, r.lower[i]) + " – " + lever_text(v, r.upper[i]) +
           " | " + lever_text(v, initial->levers[i]) + " | " + lever_text(v, best->levers[i]) +
           " | " + (multiplier ? fmt::format("{:+.4f}", d) : points_text(d)) + " |");
    }
    line("");
  }

  line("## Evaluations");
  line("");
  line(
      "Iteration 0 holds the reachability check and the starting point. Growth by year follows the "
      "metric's "
      "years; cost is the total prorated compensation over all years.");
  line("");
  line(
      "| # | Iter | Growth | Gap | Total cost | Pay equity CV | Objective | Feasible | Pareto | ms "
      "| Levers |");
  line("|---|---|---|---|---|---|---|---|---|---|---|");
  for (std::size_t k = 0; k < record.evaluations.size() && k < kEvaluationRows; ++k) {
    const store::OptimizationEvaluationRow& e = record.evaluations[k];
    line(fmt::format("| {} | {} | {} | {} | {} | {:.4f} | {:.4g} | {} | {} | {:.1f} | {} |",
                     e.evaluation, e.iteration, rate_text(e.growth), points_text(e.gap),
                     dollars_text(e.total_cost), e.equity, e.objective, e.feasible ? "yes" : "no",
                     e.on_pareto_front ? "yes" : "", e.ms, lever_vector(r, e.levers)));
  }
  if (record.evaluations.size() > kEvaluationRows) {
    line("");
    line(fmt::format("{} more evaluations are in optimization_evaluations.",
                     record.evaluations.size() - kEvaluationRows));
  }
  line("");

  std::vector<const store::OptimizationEvaluationRow*> front;
  for (const auto& e : record.evaluations) {
    if (e.on_pareto_front) front.push_back(&e);
  }
  if (!front.empty()) {
    std::sort(front.begin(), front.end(),
              [](auto* a, auto* b) { return a->total_cost < b->total_cost; });
    line("## Pareto front (distance to target vs total cost)");
    line("");
    line(
        "No member of this set is dominated by any evaluated point: each is the cheapest way found "
        "to get that "
        "close to the target.");
    line("");
    line("| # | Growth | Gap | Total cost | Levers |");
    line("|---|---|---|---|---|");
    for (const auto* e : front) {
      line("| " + std::to_string(e->evaluation) + " | " + rate_text(e->growth) + " | " +
           points_text(e->gap) + " | " + dollars_text(e->total_cost) + " | " +
           lever_vector(r, e->levers) + " |");
    }
    line("");
  }

  if (!record.sensitivity.empty()) {
    line("## Sensitivity at the best point");
    line("");
    line(
        "Central differences under common random numbers. Slope: points of growth per point of the "
        "lever "
        "(per 0.01 of the new-hire multiplier); elasticity: % change of growth or cost per % "
        "change of the lever.");
    line("");
    line("| Lever | Value | Growth slope | Growth elasticity | Cost slope | Cost elasticity |");
    line("|---|---|---|---|---|---|");
    for (const store::SensitivityRow& s : record.sensitivity) {
      const double per = 0.01;  // one point of a rate, or 0.01 of the new-hire multiplier
      line(fmt::format("| {} | {} | {:+.4f} pt | {:+.3f} | {} | {:+.3f} |", s.variable,
                       lever_text(s.variable, s.value), s.growth_slope * per * 100.0,
                       s.growth_elasticity, dollars_text(s.cost_slope * per), s.cost_elasticity));
    }
    line("");
  }

  if (const auto spread = spread_stats(record.seed_spread)) {
    const double sd = spread->stddev;
    line("## Seed-to-seed spread of the headline at the best point");
    line("");
    line(fmt::format("{} seeds from {}: mean {}, standard deviation {:.3f} pt, range {} to {}.",
                     spread->seeds, spread->first_seed, rate_text(spread->mean), sd * 100.0,
                     rate_text(spread->min), rate_text(spread->max)));
    line("");
    line(sd > r.tolerance ? "The tolerance is smaller than the seed-to-seed noise: hitting it for "
                            "one seed says little about "
                            "another. Widen the tolerance or judge the result over several seeds."
                          : "The tolerance is wider than the seed-to-seed noise.");
    line("");
  }
  return md;
}

}  // namespace planwise::app
