#include "api/optimize_json.hpp"

#include "api/band_json.hpp"

#include <nlohmann/json.hpp>

namespace planwise::api {

namespace {

using nlohmann::json;

json named_levers(const store::OptimizationRunRow& run, const std::vector<double>& x) {
  json out = json::object();
  for (std::size_t i = 0; i < x.size() && i < run.variables.size(); ++i)
    out[run.variables[i]] = x[i];
  return out;
}

json changes_value(const std::vector<app::AppliedCell>& cells) {
  json changes = json::array();
  for (const app::AppliedCell& c : cells) {
    changes.push_back({{"fiscal_year", c.year},
                       {"job_level", c.level},
                       {"parameter_name", c.parameter},
                       {"old_value", c.old_value},
                       {"new_value", c.new_value}});
  }
  return changes;
}

json run_header(const store::OptimizationRunRow& r) {
  return {{"run_id", r.opt_run_id},
          {"created_at", r.created_at},
          {"scenario", r.scenario},
          {"algorithm", r.algorithm},
          {"label", app::algorithm_label(r.algorithm)},
          {"mode", r.mode.empty() ? json(nullptr) : json(r.mode)},
          {"status", r.status},
          {"reachable", app::result_reachable(r)},
          {"converged", r.converged},
          {"evaluations", r.evaluations},
          {"target", r.target},
          {"tolerance", r.tolerance},
          {"dry_run", r.dry_run},
          {"applied", r.applied}};
}

template <typename T>
json optional_value(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// Issue 12 item 5: the best levers over the robust seeds.
json robust_value(const app::RobustSummary& s) {
  return {{"seeds", s.seeds.size()},
          {"seed_list", s.seeds},
          {"objective", s.objective},
          {"headline", band_json(s.headline)},
          {"p_in_target", finite_or_null(s.p_in_target)},
          {"cap", optional_value(s.cap)},
          {"budget", optional_value(s.budget)},
          {"probability", optional_value(s.probability)},
          {"p_cap_met", optional_value(s.p_cap_met)},
          {"p_budget_met", optional_value(s.p_budget_met)},
          {"thin_sample_warning", optional_value(s.thin_sample_warning)}};
}

}  // namespace

std::string optimization_json(const store::OptimizationRecord& record,
                              const tuning::OptimizationSummary& summary,
                              const app::OptimizeOutcome* outcome, int indent) {
  const store::OptimizationRunRow& r = record.run;
  const store::OptimizationEvaluationRow* initial = record.evaluation(r.initial_evaluation);
  const store::OptimizationEvaluationRow* best = record.evaluation(r.best_evaluation);
  json j = run_header(r);
  j["message"] = r.message;
  j["metric"] = r.metric;
  j["mix"] = r.mix.empty() ? json(nullptr) : json(r.mix);
  j["weights"] = {
      {"growth", r.weight_growth}, {"cost", r.weight_cost}, {"equity", r.weight_equity}};
  j["cost_cap"] = r.cost_cap ? json(*r.cost_cap) : json(nullptr);
  j["cost_cap_met"] = r.cost_cap_met ? json(*r.cost_cap_met) : json(nullptr);
  j["robust"] =
      outcome != nullptr && outcome->robust ? robust_value(*outcome->robust) : json(nullptr);
  j["guard_rails"] = r.rails_recorded ? json{{"merit_floor", r.rail_merit_floor},
                                             {"cola_floor", r.rail_cola_floor},
                                             {"merit_ordering", r.rail_merit_ordering},
                                             {"promotion_ranges", r.rail_promotion_ranges}}
                                      : json(nullptr);
  json violations = json::array();
  for (const store::GuardRailViolationRow& v : record.violations) {
    violations.push_back({{"rule", v.rule},
                          {"year", v.year},
                          {"level", v.level ? json(*v.level) : json(nullptr)},
                          {"value", v.value},
                          {"limit", v.limit}});
  }
  j["guard_rail_violations"] = std::move(violations);
  j["seed"] = r.seed;
  j["start_year"] = r.start_year;
  j["end_year"] = r.end_year;
  j["initial_growth"] = initial ? json(initial->growth) : json(nullptr);
  j["initial_gap"] = initial ? json(initial->gap) : json(nullptr);
  j["final_growth"] = best ? json(best->growth) : json(nullptr);
  j["final_gap"] = best ? json(best->gap) : json(nullptr);
  j["best_levers"] = best ? named_levers(r, best->levers) : json(nullptr);
  // The best point's total payroll (prorated) by year: what a cost cap limits.
  json cost_by_year = json::array();
  if (best) {
    for (std::size_t i = 0; i < best->cost_by_year.size(); ++i) {
      cost_by_year.push_back({{"year", r.start_year + static_cast<int>(i)},
                              {"total_payroll_prorated", best->cost_by_year[i]}});
    }
  }
  j["cost_by_year"] = std::move(cost_by_year);
  json bounds = json::object();
  for (std::size_t i = 0; i < r.variables.size(); ++i)
    bounds[r.variables[i]] = {r.lower[i], r.upper[i]};
  j["bounds"] = bounds;
  j["locked_out"] = r.locked_out;
  json history = json::array();
  json front = json::array();
  for (const store::OptimizationEvaluationRow& e : record.evaluations) {
    json h = {{"evaluation", e.evaluation},
              {"iteration", e.iteration},
              {"levers", named_levers(r, e.levers)},
              {"growth", e.growth},
              {"gap", e.gap},
              {"growth_by_year", e.growth_by_year},
              {"total_cost", e.total_cost},
              {"pay_equity_cv", e.equity},
              {"objective", e.objective},
              {"feasible", e.feasible},
              {"on_pareto_front", e.on_pareto_front},
              {"ms", e.ms}};
    if (e.on_pareto_front) front.push_back(e.evaluation);
    history.push_back(std::move(h));
  }
  j["history"] = std::move(history);
  j["pareto_front"] = std::move(front);
  j["reachability"] = {{"checked", r.reach_checked},
                       {"reachable", r.reachable},
                       {"low", r.reach_low},
                       {"high", r.reach_high},
                       {"closest", r.reach_closest},
                       {"binding", r.reach_binding},
                       {"suggestions", r.reach_suggestions},
                       {"verdict", r.reach_verdict}};
  json sensitivity = json::array();
  for (const store::SensitivityRow& s : record.sensitivity) {
    sensitivity.push_back({{"lever", s.variable},
                           {"value", s.value},
                           {"step", s.step},
                           {"growth_slope", s.growth_slope},
                           {"cost_slope", s.cost_slope},
                           {"growth_elasticity", s.growth_elasticity},
                           {"cost_elasticity", s.cost_elasticity}});
  }
  j["sensitivity"] = std::move(sensitivity);
  if (const auto spread = app::spread_stats(record.seed_spread)) {
    std::vector<std::uint64_t> seeds;
    std::vector<double> growth;
    for (const auto& s : record.seed_spread) {
      seeds.push_back(s.seed);
      growth.push_back(s.growth);
    }
    j["seed_spread"] = {{"seeds", seeds},
                        {"growth", growth},
                        {"mean", spread->mean},
                        {"stddev", spread->stddev},
                        {"tolerance_below_noise", spread->stddev > r.tolerance}};
  } else {
    j["seed_spread"] = nullptr;
  }
  j["summary"] = {{"status", summary.status},
                  {"performance_status", summary.performance_status},
                  {"initial_gap", summary.initial_gap},
                  {"final_gap", summary.final_gap},
                  {"gap_reduction", summary.gap_reduction},
                  {"gap_reduction_percentage", summary.gap_reduction_pct},
                  {"recommendations", summary.recommendations}};
  if (summary.has_insights) {
    j["summary"]["performance_insights"] = {
        {"avg_gap_reduction_per_iteration", summary.avg_gap_reduction_per_iteration},
        {"convergence_efficiency", summary.convergence_efficiency}};
  }
  j["apply_note"] = r.apply_note;
  j["search_ms"] = r.search_ms;
  j["elapsed_ms"] = r.elapsed_ms;
  if (outcome != nullptr) {
    j["changes"] = changes_value(outcome->changes);
    j["skipped_locked"] = outcome->skipped_locked;
    j["stored"] = outcome->stored;
  }
  return j.dump(indent);
}

std::string applied_changes_json(const std::vector<app::AppliedCell>& cells, int indent) {
  return changes_value(cells).dump(indent);
}

std::string optimization_list_json(const std::vector<store::OptimizationRunRow>& runs, int indent) {
  json out = json::array();
  for (const store::OptimizationRunRow& r : runs) out.push_back(run_header(r));
  return out.dump(indent);
}

}  // namespace planwise::api
