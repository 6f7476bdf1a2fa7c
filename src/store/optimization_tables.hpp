// Issue 4 item 4: the record of every optimization run. `optimization_runs`
// holds its configuration, outcome and reachability verdict;
// `optimization_evaluations` every simulated candidate with its full lever
// vector (named by optimization_runs.variables) and every metric;
// `optimization_sensitivity` and `optimization_seed_spread` the analysis at
// the best point. Lever vectors are DOUBLE[] so analysts can query them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

struct OptimizationRunRow {
  std::string opt_run_id;
  std::string created_at;  // ISO-8601 UTC
  std::string scenario;
  std::string algorithm;
  std::string mode;    // S045 mode; empty for the others
  std::string metric;  // mean | final | compound
  std::string mix;     // secant / brent lever mix; empty for the others
  double target = 0.0;
  double tolerance = 0.0;
  int max_iterations = 0;
  int budget_evaluations = 0;
  double budget_seconds = 0.0;
  std::optional<double> cost_cap;
  double weight_growth = 1.0;
  double weight_cost = 0.0;
  double weight_equity = 0.0;
  std::vector<std::string> variables;  // names of the lever vector's entries
  std::vector<double> lower;
  std::vector<double> upper;
  std::vector<std::string> locked_out;  // variables every cell of which is locked
  std::uint64_t seed = 0;
  int start_year = 0;
  int end_year = 0;
  std::int64_t census_rows = 0;
  std::string status;  // converged, not_converged, interrupted, unreachable, infeasible, error
  bool converged = false;
  bool stopped_by_limit = false;
  std::string message;
  int evaluations = 0;
  std::optional<int> initial_evaluation;  // 1-based index in the evaluations
  std::optional<int> best_evaluation;
  bool reach_checked = false;
  bool reachable = true;
  double reach_low = 0.0;
  double reach_high = 0.0;
  double reach_closest = 0.0;
  std::vector<std::string> reach_binding;
  std::vector<std::string> reach_suggestions;
  std::string reach_verdict;
  bool dry_run = false;
  bool applied = false;
  std::string apply_note;   // what was written, or why nothing was
  double search_ms = 0.0;   // the algorithm alone, reachability check included
  double elapsed_ms = 0.0;  // the whole command: loading, search, analysis
  std::string command;
  // Issue 10 item 7: the guard rails the search kept; not recorded (false)
  // on runs made before there were rails.
  bool rails_recorded = false;
  double rail_merit_floor = 0.0;
  double rail_cola_floor = 0.0;
  bool rail_merit_ordering = false;
  bool rail_promotion_ranges = false;
  // Whether the best point keeps every year under the cost cap; none without a cap.
  std::optional<bool> cost_cap_met;
};

// A guard rail the best levers break (issue 10 item 7).
struct GuardRailViolationRow {
  std::string rule;  // merit_floor, cola_floor, merit_ordering, promotion_ranges
  int year = 0;
  std::optional<int> level;  // none for COLA (one value per year)
  double value = 0.0;
  double limit = 0.0;
};

struct OptimizationEvaluationRow {
  int evaluation = 0;  // 1-based order
  int iteration = 0;
  std::vector<double> levers;
  double growth = 0.0;
  std::vector<double> growth_by_year;
  double gap = 0.0;
  double total_cost = 0.0;
  double equity = 0.0;
  double objective = 0.0;
  double constraint_value = 0.0;
  bool feasible = true;
  bool on_pareto_front = false;
  double ms = 0.0;
  std::vector<double> cost_by_year;  // total payroll (prorated) by year; empty on old records
};

struct SensitivityRow {
  std::string variable;
  double value = 0.0;
  double step = 0.0;
  double growth_slope = 0.0;
  double cost_slope = 0.0;
  double growth_elasticity = 0.0;
  double cost_elasticity = 0.0;
};

struct SeedSpreadRow {
  std::uint64_t seed = 0;
  double growth = 0.0;
};

struct OptimizationRecord {
  OptimizationRunRow run;
  std::vector<OptimizationEvaluationRow> evaluations;
  std::vector<SensitivityRow> sensitivity;
  std::vector<SeedSpreadRow> seed_spread;
  std::vector<GuardRailViolationRow> violations;

  // The evaluation with this 1-based number (initial_evaluation,
  // best_evaluation), or null.
  const OptimizationEvaluationRow* evaluation(const std::optional<int>& number) const {
    if (!number || *number < 1 || static_cast<std::size_t>(*number) > evaluations.size())
      return nullptr;
    return &evaluations[static_cast<std::size_t>(*number - 1)];
  }
};

// Creates the tables when missing (databases made before issue 4) and adds
// the columns and table of issue 10 (guard rails, cost by year).
Status ensure_optimization_tables(Database& db);
// Whether the tables have every column ensure_optimization_tables adds (the
// schema's "up to date" check).
Result<bool> optimization_tables_current(Database& db);
// Inserts a record; call inside the caller's transaction. The tables exist:
// every read-write open runs ensure_schema, which creates them.
Status insert_optimization(Database& db, const OptimizationRecord& record);
// Marks a run applied after its proposal was accepted.
Status mark_optimization_applied(Database& db, const std::string& opt_run_id,
                                 const std::string& note);
// Newest first; evaluations, sensitivity and seed rows are left empty.
Result<std::vector<OptimizationRunRow>> list_optimizations(Database& db);
Result<OptimizationRecord> read_optimization(Database& db, const std::string& opt_run_id);

}  // namespace planwise::store
