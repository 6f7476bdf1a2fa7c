// Handlers of `planwise optimize` and its list|show|summary|report
// subcommands: progress per evaluation on stderr, Ctrl-C stops once the
// simulations in progress finish (the history so far is kept and stored), then the
// outcome as readable text or one JSON object. The exit code says whether
// the target was reached (0), not reached (8) or the run interrupted (5).
#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "api/optimize_json.hpp"
#include "app/optimization_report.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"

namespace planwise::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

// The first Ctrl-C asks the search to stop once the running simulations end;
// a second one kills the process as usual.
extern "C" void on_interrupt(int) {
  g_interrupted = 1;
  std::signal(SIGINT, SIG_DFL);
}

std::string levers_line(const std::vector<std::string>& names, const std::vector<double>& x) {
  std::string out;
  for (std::size_t i = 0; i < x.size() && i < names.size(); ++i) {
    out += (i ? " " : "") + names[i] + "=" + app::lever_text(names[i], x[i]);
  }
  return out;
}

// The rails the search kept and what the best levers break (issue 10 item 7).
std::string guard_rails_text(const store::OptimizationRecord& record) {
  const store::OptimizationRunRow& r = record.run;
  if (!r.rails_recorded) return "";
  std::string out = "Guard rails: merit >= " + app::rate_text(r.rail_merit_floor) +
                    ", COLA >= " + app::rate_text(r.rail_cola_floor) + ", merit ordering " +
                    (r.rail_merit_ordering ? "on" : "off") + ", promotion ranges " +
                    (r.rail_promotion_ranges ? "on" : "off") + "; ";
  if (record.violations.empty()) return out + "none broken\n";
  out += std::to_string(record.violations.size()) + " broken:\n";
  for (const store::GuardRailViolationRow& v : record.violations) {
    out += "  " + v.rule + " " + std::to_string(v.year) +
           (v.level ? " level " + std::to_string(*v.level) : std::string()) + ": " +
           app::rate_text(v.value) + " against " + app::rate_text(v.limit) + "\n";
  }
  return out;
}

// Issue 12 item 5: the best levers' band over the robust seeds.
std::string robust_text(const app::RobustSummary& s) {
  const ensemble::Band& b = s.headline;
  std::string out = "\nOver " + std::to_string(s.seeds.size()) + " seeds (objective " +
                    s.objective + "): growth mean " + app::rate_text(b.mean) + ", P10 " +
                    app::rate_text(b.p10) + ", P50 " + app::rate_text(b.p50) + ", P90 " +
                    app::rate_text(b.p90) + " (sd " + app::points_text(b.sd).substr(1) + ")\n";
  out += "In the target band in " + app::fixed_text(s.p_in_target * 100.0, 0) + "% of the seeds\n";
  const std::string asked =
      " (asked: " + app::fixed_text(s.probability.value_or(1.0) * 100.0, 0) + "%)\n";
  if (s.cap && s.p_cap_met) {
    out += "Growth at or below " + app::rate_text(*s.cap) + " in " +
           app::fixed_text(*s.p_cap_met * 100.0, 0) + "% of the seeds" + asked;
  }
  if (s.budget && s.p_budget_met) {
    out += "Total cost at or below " + dollars(*s.budget) + " in " +
           app::fixed_text(*s.p_budget_met * 100.0, 0) + "% of the seeds" + asked;
  }
  if (s.thin_sample_warning) out += "Warning: " + *s.thin_sample_warning + "\n";
  return out;
}

std::string outcome_text(const store::OptimizationRecord& record,
                         const tuning::OptimizationSummary& summary,
                         const app::OptimizeOutcome* outcome) {
  const store::OptimizationRunRow& r = record.run;
  const auto* initial = record.evaluation(r.initial_evaluation);
  const auto* best = record.evaluation(r.best_evaluation);
  std::string out = "PlanWise Navigator optimization " + r.opt_run_id + ": scenario " + r.scenario +
                    ", " + app::algorithm_label(r.algorithm) + " (" + r.algorithm +
                    (r.mode.empty() ? "" : ", " + r.mode) + "), target " +
                    app::rate_text(r.target) + " ± " + app::points_text(r.tolerance).substr(1) +
                    "\n";
  out += "Status: " + r.status + (r.message == r.reach_verdict ? "" : " — " + r.message) + "\n";
  if (r.reach_checked) out += "Reachability: " + r.reach_verdict + "\n";
  out += "Evaluations: " + std::to_string(r.evaluations) + "; search " +
         app::fixed_text(r.search_ms / 1000.0, 3) + " s, whole command " +
         app::fixed_text(r.elapsed_ms / 1000.0, 3) + " s\n";
  if (initial && best) {
    out += "Growth: " + app::rate_text(initial->growth) + " -> " + app::rate_text(best->growth) +
           " (gap " + app::points_text(initial->gap) + " -> " + app::points_text(best->gap) +
           ")\n\n";
    TextTablePrinter t({"Lever", "Lower", "Upper", "Start", "Best"});
    for (std::size_t i = 0; i < r.variables.size(); ++i) {
      const std::string& v = r.variables[i];
      t.add_row({v, app::lever_text(v, r.lower[i]), app::lever_text(v, r.upper[i]),
                 app::lever_text(v, initial->levers[i]), app::lever_text(v, best->levers[i])});
    }
    out += t.render({true});
  }
  out += guard_rails_text(record);
  if (r.cost_cap && best) {
    double dearest = 0.0;
    for (double c : best->cost_by_year) dearest = std::max(dearest, c);
    out += "Cost cap " + dollars(*r.cost_cap) +
           " a year: " + (r.cost_cap_met.value_or(false) ? "met" : "NOT met") +
           (best->cost_by_year.empty() ? "" : " (dearest year " + dollars(dearest) + ")") + "\n";
  }
  std::vector<const store::OptimizationEvaluationRow*> front;
  for (const auto& e : record.evaluations) {
    if (e.on_pareto_front) front.push_back(&e);
  }
  if (!front.empty()) {
    out += "\nPareto front (" + std::to_string(front.size()) +
           " non-dominated points, cheapest first):\n";
    std::sort(front.begin(), front.end(),
              [](auto* a, auto* b) { return a->total_cost < b->total_cost; });
    TextTablePrinter t({"#", "Growth", "Gap", "Total cost"});
    for (const auto* e : front) {
      t.add_row({std::to_string(e->evaluation), app::rate_text(e->growth), app::points_text(e->gap),
                 dollars(e->total_cost)});
    }
    out += t.render();
  }
  if (!record.sensitivity.empty()) {
    out += "\nSensitivity at the best point (central differences, common random numbers):\n";
    TextTablePrinter t({"Lever", "Growth elasticity", "Cost elasticity"});
    for (const store::SensitivityRow& s : record.sensitivity) {
      t.add_row({s.variable, app::fixed_text(s.growth_elasticity, 3),
                 app::fixed_text(s.cost_elasticity, 3)});
    }
    out += t.render({true});
  }
  if (const auto spread = app::spread_stats(record.seed_spread)) {
    const double sd = spread->stddev;
    out += "\nSeed-to-seed spread over " + std::to_string(spread->seeds) + " seeds: mean " +
           app::rate_text(spread->mean) + ", sd " + app::points_text(sd).substr(1) + ", range " +
           app::rate_text(spread->min) + " to " + app::rate_text(spread->max) +
           (sd > r.tolerance ? " — the tolerance is smaller than this noise\n" : "\n");
  }
  if (outcome != nullptr && outcome->robust) out += robust_text(*outcome->robust);
  out += "\nSummary: " + summary.performance_status + "; gap reduction " +
         app::points_text(summary.gap_reduction).substr(1) + " (" +
         std::to_string(static_cast<int>(std::lround(summary.gap_reduction_pct))) + "%)\n";
  for (const std::string& rec : summary.recommendations) out += "  - " + rec + "\n";
  out += "Levers: " + r.apply_note + "\n";
  if (outcome != nullptr) {
    if (!outcome->changes.empty()) {
      out += std::to_string(outcome->changes.size()) +
             (r.applied ? " cells changed (see `planwise audit log`)" : " cells would change") +
             "\n";
    }
    for (const std::string& s : outcome->skipped_locked) out += "  locked, kept: " + s + "\n";
  }
  return out;
}

int status_exit(const std::string& status) {
  if (status == "converged") return kExitOk;
  if (status == "interrupted") return exit_code(ErrorKind::kCancelled);
  return kExitNotReached;
}

}  // namespace

int run_optimize(const OptimizeOptions& o) {
  app::OptimizeCallbacks callbacks;
  g_interrupted = 0;
  std::signal(SIGINT, on_interrupt);
  callbacks.cancelled = [] { return g_interrupted != 0; };
  if (!o.quiet) {
    callbacks.on_stage = [](const std::string& s) {
      std::fprintf(stderr, "planwise: %s\n", s.c_str());
    };
    callbacks.on_evaluation = [](const app::OptimizeProgress& p) {
      const tuning::EvaluationRecord& r = p.record;
      std::fprintf(stderr, "planwise: eval %d/%d iter %d: growth %s gap %s cost %s %.0f ms | %s\n",
                   r.index, p.budget, r.iteration, app::rate_text(r.metrics.growth).c_str(),
                   app::points_text(r.gap).c_str(), dollars(r.metrics.total_cost).c_str(), r.ms,
                   levers_line(p.variables, r.x).c_str());
    };
  }
  auto outcome = app::optimize(o.request, callbacks);
  std::signal(SIGINT, SIG_DFL);
  if (!outcome) return fail(outcome.error());
  if (o.json) {
    std::cout << api::optimization_json(outcome->record, outcome->summary, &*outcome) << "\n";
  } else {
    std::cout << outcome_text(outcome->record, outcome->summary, &*outcome);
  }
  return status_exit(outcome->record.run.status);
}

int run_optimize_list(const std::string& db, bool json) {
  auto runs = app::list_optimization_runs(db);
  if (!runs) return fail(runs.error());
  if (json) {
    std::cout << api::optimization_list_json(*runs) << "\n";
    return kExitOk;
  }
  TextTablePrinter t(
      {"Run id", "Created", "Scenario", "Algorithm", "Target", "Status", "Evals", "Applied"});
  for (const store::OptimizationRunRow& r : *runs) {
    t.add_row({r.opt_run_id, r.created_at, r.scenario,
               app::algorithm_label(r.algorithm) + " (" + r.algorithm +
                   (r.mode.empty() ? "" : "/" + r.mode) + ")",
               app::rate_text(r.target), r.status, std::to_string(r.evaluations),
               r.dry_run   ? "dry run"
               : r.applied ? "yes"
                           : "no"});
  }
  std::cout << t.render({true, true, true, true}) << "(" << runs->size() << " optimization runs)\n";
  return kExitOk;
}

int run_optimize_show(const std::string& db, const std::string& id, const std::string& what,
                      bool json, const std::string& out_file) {
  auto record = app::read_optimization_run(db, id);
  if (!record) return fail(record.error());
  const tuning::OptimizationSummary summary = app::summarize_record(*record);
  std::string text;
  if (what == "report") {
    text = app::optimization_report_markdown(*record);
  } else if (json) {
    text = api::optimization_json(*record, summary, nullptr) + "\n";
  } else if (what == "summary") {
    text = "Optimization " + id + ": " + summary.status + " — " + summary.performance_status + "\n";
    text += "Initial gap " + app::points_text(summary.initial_gap) + ", final gap " +
            app::points_text(summary.final_gap) + ", reduction " +
            app::points_text(summary.gap_reduction).substr(1) + " (" +
            std::to_string(static_cast<int>(std::lround(summary.gap_reduction_pct))) + "%)\n";
    if (summary.has_insights) {
      text += "Average reduction per iteration " +
              app::points_text(summary.avg_gap_reduction_per_iteration).substr(1) +
              ", convergence efficiency " + app::fixed_text(summary.convergence_efficiency, 2) +
              "% per iteration\n";
    }
    for (const std::string& rec : summary.recommendations) text += "  - " + rec + "\n";
  } else {
    text = outcome_text(*record, summary, nullptr);
    TextTablePrinter t({"#", "Iter", "Growth", "Gap", "Total cost", "Feasible", "Levers"});
    for (const auto& e : record->evaluations) {
      t.add_row({std::to_string(e.evaluation), std::to_string(e.iteration),
                 app::rate_text(e.growth), app::points_text(e.gap), dollars(e.total_cost),
                 e.feasible ? "yes" : "no", levers_line(record->run.variables, e.levers)});
    }
    text += "\nEvaluations (iteration 0: reachability check and starting point):\n" +
            t.render({false, false, false, false, false, false, true});
  }
  if (!out_file.empty()) {
    std::ofstream f(out_file, std::ios::binary);
    f << text;
    if (!f) return fail(Error::make(ErrorKind::kInvalidInput, "cannot write " + out_file));
    std::cerr << "planwise: wrote " << out_file << "\n";
    return kExitOk;
  }
  std::cout << text;
  return kExitOk;
}

}  // namespace planwise::cli
