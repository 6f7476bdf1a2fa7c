// The "optimize" use case of issue 4, written once for the CLI and the
// server: load the scenario's levers and the census, check what the chosen
// levers can reach, run the chosen algorithm, analyse the best point
// (sensitivities, seed-to-seed spread), record everything in the store and,
// when accepted, write the levers through the lever store with their audit.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "app/run_budget.hpp"
#include "common/result.hpp"
#include "ensemble/statistics.hpp"
#include "store/optimization_tables.hpp"
#include "tuning/algorithms.hpp"
#include "tuning/evaluator.hpp"
#include "tuning/guard_rails.hpp"
#include "tuning/outcome.hpp"
#include "tuning/summary.hpp"

namespace planwise::app {

inline constexpr const char* kOptimizationActor = "optimization_engine";
// Upper bounds of a search's budgets (issue 9): one job may hold the
// server's only worker for at most an hour, and a 20,000-evaluation history
// is the most a record (and the dashboard's chart) is sized for.
inline constexpr int kMaxBudgetEvaluations = 20000;
inline constexpr double kMaxBudgetSeconds = 3600.0;

// Flags arrive as text where a parse error should name them.
struct OptimizeRequest {
  InputRequest inputs;  // census, configuration, seed and years
  std::optional<std::string> db_path = std::string("planwise.duckdb");  // nullopt: --no-db
  std::string scenario = "default";
  std::string algorithm = "s045";  // s045 | secant | brent | bobyqa | cobyla | slsqp | nsga2
  double target = 0.02;
  double tolerance = 0.001;  // fraction: 0.001 = 0.1 point
  int max_iterations = 10;   // 1..20: S045's iterations; the root finders' steps after the start
  std::string mode = "balanced";
  std::string metric = "mean";
  std::vector<std::string> levers;  // lever groups; empty: the algorithm's default
  std::string mix = "s045";         // secant / brent
  std::optional<int> budget_evaluations;
  std::optional<double> budget_seconds;
  // The most total payroll (prorated) any year may cost, in dollars: a
  // constraint of cobyla, slsqp and nsga2 (issue 10 item 3).
  std::optional<double> cost_cap;
  // Guard rails (issue 10 item 7), on by default: floors unset take
  // tuning::kDefaultMeritFloor and kDefaultColaFloor; 0 turns a floor off.
  std::optional<double> merit_floor;
  std::optional<double> cola_floor;
  bool merit_ordering = true;
  bool promotion_ranges = true;
  std::string weights;              // "growth=1,cost=0.5,equity=0"
  std::vector<std::string> bounds;  // "merit_L1=0.02:0.05"
  int population = 40;              // nsga2
  // Issue 12 item 5: robust targets. Each candidate runs on `seeds` seeds
  // counting up from the configured seed (or on `seed_list`), the same seeds
  // for every candidate; the tuned growth is the `objective` statistic of
  // the per-seed headline (mean, p50 or p90). Chance constraints: growth at
  // or below `cap`, total cost over the years at or below `budget`, each in
  // at least `probability` of the seeds (1 when unset). One seed and no
  // chance constraint is the single-seed search of before.
  int seeds = 1;
  std::vector<std::uint64_t> seed_list;  // explicit seeds instead of `seeds`
  std::string objective = "mean";
  std::optional<double> cap;     // growth, as a fraction
  std::optional<double> budget;  // dollars
  std::optional<double> probability;
  int spread_seeds = 10;  // seed-to-seed spread at the best point; 0: skip
  bool sensitivity = true;
  bool dry_run = false;
  bool accept_best = false;  // write the best point even when not converged
  // Issue 10 item 6: write into a scenario without locks on a past or current
  // plan year (app/unlocked_past.hpp); otherwise such a run only proposes.
  bool confirm = false;
  std::string command;
  std::optional<std::string> run_id;  // chosen by the caller (a server job); else a new one
  // Who runs it (issue 9): the actor of its audit entries and of the cells it
  // writes. Empty: optimization_engine (callers with no user, e.g. tests).
  std::string actor;
};

struct OptimizeProgress {
  const tuning::EvaluationRecord& record;
  int budget;  // evaluations allowed
  const std::vector<std::string>& variables;
};

struct OptimizeCallbacks {
  std::function<void(const std::string& stage)> on_stage;
  std::function<void(const OptimizeProgress&)> on_evaluation;
  std::function<bool()> cancelled;  // polled before every evaluation

  void stage(const std::string& text) const {
    if (on_stage) on_stage(text);
  }
};

struct AppliedCell {
  int year;
  int level;
  std::string parameter;
  double old_value;
  double new_value;
};

// Issue 12 item 5: the best levers over the robust seeds (the seeds the
// search used), set when the run had more than one seed or a chance
// constraint.
struct RobustSummary {
  std::vector<std::uint64_t> seeds;
  std::string objective;     // mean | p50 | p90
  ensemble::Band headline;   // of the per-seed headline
  double p_in_target = 0.0;  // target - tolerance <= headline <= target + tolerance
  std::optional<double> cap;
  std::optional<double> budget;
  std::optional<double> probability;   // asked for (with a cap or budget)
  std::optional<double> p_cap_met;     // fraction of seeds with growth <= cap
  std::optional<double> p_budget_met;  // fraction of seeds with total cost <= budget
  std::optional<std::string> thin_sample_warning;
};

struct OptimizeOutcome {
  store::OptimizationRecord record;  // what was stored (or would have been)
  tuning::TuningOutcome outcome;
  tuning::OptimizationSummary summary;
  std::vector<AppliedCell> changes;         // written (or proposed, on a dry run)
  std::vector<std::string> skipped_locked;  // cells a lock kept
  bool stored = false;
  std::optional<RobustSummary> robust;
};

Result<OptimizeOutcome> optimize(const OptimizeRequest& request,
                                 const OptimizeCallbacks& callbacks);
// The option checks optimize() makes before loading anything, for callers
// that queue the work (the server answers 400 at once).
Status validate_optimize_request(const OptimizeRequest& request);
// A refused optimize option (rule optimize_option), named by its flag.
Error optimize_flag_error(const std::string& flag, const std::string& value,
                          const std::string& expected);

// The headline of a scenario's current levers: one real simulation, the
// "current gap" the dashboard shows before an optimization starts.
struct Headline {
  std::string scenario;
  std::string metric;
  double growth = 0.0;
  std::vector<double> growth_by_year;
  double total_cost = 0.0;  // Σ over the years of total payroll (prorated)
  // Issue 10: the final year's year-end actives and run-rate payroll (FYE),
  // and each year's budget by pool (totals; docs/model.md "Cost vocabulary").
  std::int64_t final_headcount = 0;
  double run_rate_payroll_fye = 0.0;
  std::vector<BudgetYear> budget;
  double elapsed_ms = 0.0;
};
Result<Headline> headline(const InputRequest& inputs, const std::optional<std::string>& db_path,
                          const std::string& scenario, const std::string& metric = "mean");

// Reading the record back.
Result<std::vector<store::OptimizationRunRow>> list_optimization_runs(const std::string& db_path);
Result<store::OptimizationRecord> read_optimization_run(const std::string& db_path,
                                                        const std::string& opt_run_id);
// The seed-to-seed spread of the headline in a record (sample standard
// deviation); nullopt when none was measured.
struct SpreadStats {
  std::size_t seeds = 0;
  std::uint64_t first_seed = 0;
  double mean = 0.0;
  double stddev = 0.0;
  double min = 0.0;
  double max = 0.0;
};
std::optional<SpreadStats> spread_stats(const std::vector<store::SeedSpreadRow>& rows);

// §4.7, from the record alone.
tuning::OptimizationSummary summarize_record(const store::OptimizationRecord& record);
// Whether the run's target (and cost cap) can be met: false when it ended
// unreachable or infeasible, so its best point is only the closest one
// (accepting it needs accept_closest, issue 10 item 7).
bool result_reachable(const store::OptimizationRunRow& run);
// The algorithms with their plain names (issue 10 item 7), for the API and
// the CLI, which do not include tuning/ themselves.
const std::vector<tuning::AlgorithmInfo>& optimizer_algorithms();
std::string algorithm_label(const std::string& id);

}  // namespace planwise::app
