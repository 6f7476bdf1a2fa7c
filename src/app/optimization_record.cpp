#include "app/optimization_record.hpp"

#include <algorithm>
#include <cmath>

#include "app/governance.hpp"
#include "app/lever_workspace.hpp"
#include "app/run_manifest.hpp"
#include "app/run_simulation.hpp"
#include "app/unlocked_past.hpp"
#include "common/number_text.hpp"
#include "levers/audit_trail.hpp"
#include "levers/lever_catalogue.hpp"
#include "store/transaction.hpp"
#include "tuning/s045_loop.hpp"

namespace planwise::app {

namespace {

std::string percent(double v) {
  return shortest_text(std::round(v * 100000.0) / 1000.0) + "%";
}

// Should the best point be written to the scenario?
std::optional<std::string> refusal(const OptimizeRequest& request,
                                   const tuning::TuningOutcome& outcome) {
  using tuning::TuningStatus;
  if (request.dry_run) return "dry run: nothing was written";
  if (!outcome.best) return "no evaluation completed: nothing was written";
  switch (outcome.status) {
    case TuningStatus::kConverged:
      return std::nullopt;
    case TuningStatus::kUnreachable:
      return "the target is unreachable with these levers: nothing was written";
    case TuningStatus::kInfeasible:
      return "the constraints cannot be met: nothing was written";
    case TuningStatus::kError:
      return "the run failed: nothing was written";
    case TuningStatus::kNotConverged:
    case TuningStatus::kInterrupted:
      if (request.accept_best) return std::nullopt;
      return std::string(outcome.status == TuningStatus::kInterrupted ? "interrupted"
                                                                      : "not converged") +
             ": nothing was written (--accept-best writes the best point found)";
  }
  return "nothing was written";
}

std::string cell_name(int year, int level, engine::LeverParam param) {
  return std::string(levers::spec_of(param).name) + " " + std::to_string(year) + " level " +
         std::to_string(level);
}

}  // namespace

std::vector<engine::LeverRow> cells_to_write(const tuning::LeverSpace& space,
                                             const engine::ResolvedLevers& best,
                                             const std::string& scenario) {
  std::vector<engine::LeverRow> rows;
  const engine::ResolvedLevers& base = space.base();
  for (const tuning::LeverVariable& v : space.variables()) {
    for (int year = base.start_year(); year <= base.end_year(); ++year) {
      for (int level : v.levels) {
        if (space.is_locked(year, level, v.param)) continue;
        engine::LeverRow r;
        r.scenario_id = scenario;
        r.fiscal_year = year;
        r.job_level = level;
        r.event_type = std::string(levers::spec_of(v.param).event_type);
        r.param = v.param;
        r.value = best.value(v.param, year, level);
        rows.push_back(r);
      }
    }
  }
  return rows;
}

store::AuditRow optimization_run_entry(const store::OptimizationRecord& record,
                                       const levers::ChangeContext& ctx) {
  const store::OptimizationRunRow& r = record.run;
  store::AuditRow row;
  row.occurred_at = ctx.timestamp;
  row.event_type = levers::kOptimizationRun;
  row.scenario_id = r.scenario;
  row.actor = ctx.actor;
  row.reason = ctx.reason;
  std::string final_growth = "none";
  if (const auto* best = record.evaluation(r.best_evaluation)) final_growth = percent(best->growth);
  row.details = "algorithm " + r.algorithm + ", target " + percent(r.target) + " ± " +
                shortest_text(std::round(r.tolerance * 100000.0) / 1000.0) + " pt" + ", status " +
                r.status + ", best growth " + final_growth + ", " + std::to_string(r.evaluations) +
                " evaluations; " + r.apply_note;
  return row;
}

std::vector<AppliedCell> applied_cells(const levers::LeverPlan& plan) {
  std::vector<AppliedCell> out;
  for (const levers::CellChange& ch : plan.changes) {
    out.push_back({ch.year, ch.level, std::string(levers::spec_of(ch.param).name), ch.old_value,
                   ch.new_value});
  }
  return out;
}

store::OptimizationRecord build_record(const RecordContext& c, const tuning::TuningOutcome& outcome,
                                       const std::vector<tuning::LeverSensitivity>& sensitivity,
                                       const std::optional<tuning::SeedSpread>& spread) {
  const OptimizeRequest& q = c.request;
  store::OptimizationRecord record;
  store::OptimizationRunRow& r = record.run;
  r.opt_run_id = q.run_id ? *q.run_id : new_optimization_id();
  r.created_at = utc_now_iso();
  r.scenario = q.scenario;
  r.algorithm = q.algorithm;
  r.mode = q.algorithm == "s045" ? q.mode : "";
  r.metric = tuning::growth_metric_name(c.evaluator.metric());
  r.mix = q.algorithm == "secant" || q.algorithm == "brent" ? q.mix : "";
  const tuning::Objectives& obj = c.evaluator.objectives();
  r.target = obj.target;
  r.tolerance = obj.tolerance;
  r.max_iterations = q.max_iterations;
  r.budget_evaluations = c.budget.max_evaluations;
  r.budget_seconds = c.budget.max_seconds;
  r.cost_cap = obj.cost_cap;
  r.weight_growth = obj.weight_growth;
  r.weight_cost = obj.weight_cost;
  r.weight_equity = obj.weight_equity;
  for (const tuning::LeverVariable& v : c.space.variables()) {
    r.variables.push_back(v.name);
    r.lower.push_back(v.lower);
    r.upper.push_back(v.upper);
  }
  r.locked_out = c.space.locked_out();
  r.seed = c.inputs.config.engine.random_seed;
  r.start_year = c.inputs.config.engine.start_year;
  r.end_year = c.inputs.config.engine.end_year;
  r.census_rows = static_cast<std::int64_t>(c.inputs.census.salary.size());
  r.status = tuning::tuning_status_name(outcome.status);
  r.converged = outcome.status == tuning::TuningStatus::kConverged;
  r.stopped_by_limit = outcome.status == tuning::TuningStatus::kNotConverged;
  r.message = outcome.message;
  r.evaluations = c.evaluator.evaluations();
  if (outcome.initial) r.initial_evaluation = outcome.initial->index;
  if (outcome.best) r.best_evaluation = outcome.best->index;
  const tuning::Reachability& reach = outcome.reachability;
  r.reach_checked = reach.checked;
  r.reachable = reach.reachable;
  r.reach_low = reach.low;
  r.reach_high = reach.high;
  r.reach_closest = reach.closest;
  r.reach_binding = reach.binding;
  r.reach_suggestions = reach.suggestions;
  r.reach_verdict = reach.verdict;
  r.dry_run = q.dry_run;
  r.command = q.command;
  r.rails_recorded = true;
  r.rail_merit_floor = c.rails.merit_floor;
  r.rail_cola_floor = c.rails.cola_floor;
  r.rail_merit_ordering = c.rails.merit_ordering;
  r.rail_promotion_ranges = c.rails.promotion_ranges;
  if (obj.cost_cap && outcome.best) r.cost_cap_met = outcome.best->constraint <= 0.0;
  for (const tuning::GuardRailViolation& v : outcome.guard_rail_violations) {
    record.violations.push_back({v.rule, v.year, v.level, v.value, v.limit});
  }
  for (const tuning::EvaluationRecord& e : c.evaluator.history()) {
    store::OptimizationEvaluationRow row;
    row.evaluation = e.index;
    row.iteration = e.iteration;
    row.levers = e.x;
    row.growth = e.metrics.growth;
    row.growth_by_year = e.metrics.growth_by_year;
    row.gap = e.gap;
    row.total_cost = e.metrics.total_cost;
    row.equity = e.metrics.equity;
    row.objective = e.objective;
    row.constraint_value = e.constraint;
    row.feasible = e.feasible;
    row.ms = e.ms;
    row.cost_by_year = e.metrics.cost_by_year;
    record.evaluations.push_back(std::move(row));
  }
  for (const tuning::ParetoPoint& p : outcome.pareto) {
    record.evaluations[static_cast<std::size_t>(p.evaluation - 1)].on_pareto_front = true;
  }
  for (const tuning::LeverSensitivity& s : sensitivity) {
    record.sensitivity.push_back({s.variable, s.value, s.step, s.growth_slope, s.cost_slope,
                                  s.growth_elasticity, s.cost_elasticity});
  }
  if (spread) {
    for (std::size_t i = 0; i < spread->seeds.size(); ++i) {
      record.seed_spread.push_back({spread->seeds[i], spread->growth[i]});
    }
  }
  return record;
}

Status propose_changes(const RecordContext& c, OptimizeOutcome& out) {
  const auto why = refusal(c.request, out.outcome);
  out.record.run.apply_note = why ? *why : "no database (--no-db): nothing was written";
  if (!out.outcome.best) return Status::success();
  for (const engine::LeverRow& r :
       cells_to_write(c.space, out.outcome.best_levers, c.request.scenario)) {
    const double old = c.space.base().value(r.param, r.fiscal_year, r.job_level);
    if (old != r.value) {
      out.changes.push_back(
          {r.fiscal_year, r.job_level, std::string(levers::spec_of(r.param).name), old, r.value});
    }
  }
  return Status::success();
}

Status store_outcome(const RecordContext& c, OptimizeOutcome& out) {
  auto ws = LeverWorkspace::open(c.request.inputs, *c.request.db_path);
  if (!ws) return std::move(ws).error();
  store::OptimizationRecord& record = out.record;
  std::optional<std::string> why = refusal(c.request, out.outcome);
  std::optional<levers::LeverPlan> plan;
  if (out.outcome.best) {
    auto planned = (*ws)->levers().plan_import(
        c.request.scenario, cells_to_write(c.space, out.outcome.best_levers, c.request.scenario));
    if (!planned) return std::move(planned).error();
    plan = std::move(planned).value();
    // The optimizer started from the levers it read; if they changed since,
    // its answer is about another scenario. Checked inside the write's
    // transaction (issue 15 item 4): each change expects the start value.
    for (levers::CellChange& ch : plan->changes)
      ch.expected = c.space.base().value(ch.param, ch.year, ch.level);
    if (!why && levers::has_errors(plan->issues))
      why = "the proposed levers fail validation: nothing was written";
    if (!why && !c.request.dry_run) {
      const Status guard =
          check_plan_unlocked_past((*ws)->levers(), c.request.scenario, *plan, c.request.confirm);
      if (!guard.ok())
        why = guard.error().message + "; nothing was written: accept the proposal with confirm";
    }
    // Issue 11: a published scenario changes through a change request, so a
    // writing run only proposes; accepting the proposal makes the request.
    if (!why && !c.request.dry_run) {
      const Status direct = check_direct_edit((*ws)->db(), c.request.scenario);
      if (!direct.ok())
        why = "scenario " + c.request.scenario +
              " is published: nothing was written; accept the proposal to request the change";
    }
    out.changes = applied_cells(*plan);
    for (const levers::SkippedCell& s : plan->skipped_locked) {
      out.skipped_locked.push_back(cell_name(s.year, s.level, s.param));
    }
  }
  const levers::ChangeContext ctx = LeverWorkspace::context(
      c.request.actor.empty() ? kOptimizationActor : c.request.actor, record.run.opt_run_id);
  store::Database& db = (*ws)->db();
  if (!why && plan) {
    record.run.applied = true;
    record.run.apply_note =
        "wrote " + std::to_string(plan->changes.size()) + " cells to scenario " +
        c.request.scenario +
        (plan->skipped_locked.empty()
             ? ""
             : "; " + std::to_string(plan->skipped_locked.size()) + " locked cells kept");
    const Status applied = (*ws)->levers().apply(*plan, ctx, [&]() -> Status {
      PLANWISE_RETURN_IF_ERROR(store::insert_optimization(db, record));
      return levers::append_audit(db, {optimization_run_entry(record, ctx)});
    });
    if (applied.ok()) {
      out.stored = true;
      return Status::success();
    }
    if (applied.error().rule != levers::kStaleWriteRule) return applied;
    record.run.applied = false;
    why =
        "the scenario's levers changed while the optimizer ran: nothing was written (run it "
        "again); " +
        applied.error().message;
  }
  // Nothing written to the levers: the record alone, saying why.
  record.run.apply_note = why.value_or("nothing was written");
  auto tx = store::Transaction::begin(db);
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(store::insert_optimization(db, record));
  // A dry run changes nothing, so it leaves no audit entry.
  if (!c.request.dry_run)
    PLANWISE_RETURN_IF_ERROR(levers::append_audit(db, {optimization_run_entry(record, ctx)}));
  PLANWISE_RETURN_IF_ERROR(tx->commit());
  out.stored = true;
  return Status::success();
}

}  // namespace planwise::app
