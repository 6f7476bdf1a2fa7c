// One place where tuning runs the engine (issue 4): every candidate lever
// set is simulated for real (aggregates only, same census and seed, so
// common random numbers make the metrics a smooth function of the levers),
// cached, recorded with its full lever vector, and counted against the
// evaluation and wall-clock budgets. Progress and cancellation are
// callbacks, so the server can run the same code in a job.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/census.hpp"
#include "engine/config.hpp"
#include "engine/levers.hpp"
#include "engine/seed_tables.hpp"
#include "tuning/lever_space.hpp"
#include "tuning/workspace_pool.hpp"

namespace planwise::tuning {

// How the yearly avg_comp_growth values become the one number tuned.
enum class GrowthMetric {
  kMeanGrowth,      // arithmetic mean over the simulated years (year 1 against the baseline)
  kFinalGrowth,     // the last simulated year's growth
  kCompoundGrowth,  // (final average FYE / baseline average)^(1/years) - 1
};
Result<GrowthMetric> parse_growth_metric(const std::string& name);
std::string growth_metric_name(GrowthMetric metric);

struct Metrics {
  double growth = 0.0;  // the tuning metric (robust: the statistic over the seeds)
  std::vector<double> growth_by_year;
  double total_cost = 0.0;  // sum of total prorated compensation over the years
  // Each year's total payroll (prorated): year_summary.total_prorated_compensation.
  std::vector<double> cost_by_year;
  double equity = 0.0;  // mean over the years of the within-level coefficient of variation
  // Issue 12 item 5, robust evaluations only (empty otherwise): each seed's
  // headline growth and total cost, in the robust seed order. The fields
  // above are then the statistic (growth) and the means over the seeds.
  std::vector<double> seed_growth;
  std::vector<double> seed_cost;
};

// Issue 12 item 5: robust targets. Each candidate runs on every seed of the
// list (the same seeds for every candidate: common random numbers); the
// tuned growth is the mean, median or 90th percentile of the per-seed
// headline. A chance constraint asks that growth stay at or below `cap`
// (or total cost at or below `budget`) in at least `probability` of the
// seeds: its value is the empirical quantile (the ceil(probability K)-th
// smallest of the K values) minus the limit, feasible when <= 0.
enum class RobustStatistic { kMean, kP50, kP90 };
// "mean", "p50" (or "median") or "p90"; otherwise an input error naming --objective.
Result<RobustStatistic> parse_robust_statistic(const std::string& name);
std::string robust_statistic_name(RobustStatistic statistic);

struct Robustness {
  std::vector<std::uint64_t> seeds;  // empty: the configured seed alone (one run per candidate)
  RobustStatistic statistic = RobustStatistic::kMean;
  std::optional<double> cap;     // growth, as a fraction
  std::optional<double> budget;  // total cost over the years, dollars
  double probability = 1.0;      // of meeting the cap and the budget
  bool chance_constrained() const { return cap.has_value() || budget.has_value(); }
};
// The ceil(probability n)-th smallest value (probability in (0, 1]); at most
// `limit` exactly when the fraction of values at most `limit` is >= probability.
double chance_quantile(std::vector<double> values, double probability);

// What "good" means: the growth target and its tolerance, weights of the
// three objectives, and an optional cost cap: the most total payroll
// (prorated) any one year may cost (issue 10 item 3, applied to every year).
struct Objectives {
  double target = 0.02;
  double tolerance = 0.001;
  double weight_growth = 1.0;
  double weight_cost = 0.0;
  double weight_equity = 0.0;
  std::optional<double> cost_cap;
};

// The dearest year's total payroll (prorated): what a cost cap limits.
double max_year_cost(const Metrics& m);

struct Budget {
  int max_evaluations = 200;
  double max_seconds = 600.0;
};

struct EvaluationRecord {
  int index = 0;          // 1-based order of evaluation
  int iteration = 0;      // the algorithm's iteration or generation
  std::vector<double> x;  // the lever variables' values
  Metrics metrics;
  double gap = 0.0;        // target - growth
  double objective = 0.0;  // weighted objective (lower is better)
  // The dearest year's cost - cap (feasible when <= 0). With a chance
  // constraint (Robustness) the largest of the relative terms instead:
  // dearest year / cost cap - 1, `chance`.
  double constraint = 0.0;
  // The chance constraints' value (0 without any), feasible when <= 0: the
  // larger of (growth quantile - cap) x 100 (in points) and cost quantile /
  // budget - 1.
  double chance = 0.0;
  bool feasible = true;
  double ms = 0.0;
};

struct TuningCallbacks {
  std::function<void(const EvaluationRecord&)> on_evaluation;
  // Polled before every evaluation, also from the worker threads of a
  // batch (one call at a time).
  std::function<bool()> cancelled;
};

struct EngineInputs {
  const engine::EngineConfig& config;
  const engine::SeedTables& seeds;
  const engine::StagedCensus& census;
};

class Evaluator {
 public:
  Evaluator(EngineInputs inputs, const LeverSpace& space, GrowthMetric metric,
            Objectives objectives, Budget budget, TuningCallbacks callbacks);

  // Runs the engine on a lever set; nothing recorded or counted. A tuning
  // loop's runs re-derive the last year's rows only (ChecksLevel::kFinal).
  Result<Metrics> run(const engine::ResolvedLevers& levers,
                      std::optional<std::uint64_t> seed = std::nullopt) const;

  // Issue 13 item 3: the levers a search chose, simulated again with every
  // check of every year, on the configured seed or each robust seed, before
  // they are shown or written. The error is the engine's failed check.
  Status verify(const engine::ResolvedLevers& levers, int threads = 0) const;

  // A recorded evaluation of the space's lever vector x (projected into the
  // space: its bounds and guard rails). Identical candidates come from the cache. Null when the
  // budget is spent, the caller cancelled, or the engine failed (see stop_reason).
  const EvaluationRecord* evaluate(const std::vector<double>& x, int iteration);
  // The same for a lever set built otherwise (the S045 loop's per-cell steps).
  const EvaluationRecord* evaluate_levers(const engine::ResolvedLevers& levers, int iteration);
  // Several candidates at once, on both cores; results in input order.
  std::vector<const EvaluationRecord*> evaluate_batch(const std::vector<std::vector<double>>& xs,
                                                      int iteration);

  bool exhausted();
  const std::string& stop_reason() const { return stop_reason_; }
  bool cancelled() const { return cancelled_; }
  const std::optional<Error>& engine_error() const { return engine_error_; }
  const std::deque<EvaluationRecord>& history() const { return history_; }
  int evaluations() const { return static_cast<int>(history_.size()); }
  // The feasible record with the lowest objective, else the least infeasible.
  const EvaluationRecord* best() const;
  double elapsed_seconds() const;

  const LeverSpace& space() const { return space_; }
  const Objectives& objectives() const { return objectives_; }
  GrowthMetric metric() const { return metric_; }
  // Scales of the cost and equity terms: their values at the start point.
  void set_scales(double cost, double equity);
  // Issue 12 item 5: evaluate every candidate over a seed list (before the
  // first evaluation). Without seeds or chance constraints nothing changes.
  void set_robustness(Robustness robustness) { robust_ = std::move(robustness); }
  const Robustness& robustness() const { return robust_; }
  // One candidate's metrics: run() on the configured seed, or over the
  // robust seeds on `threads` threads (0: every core).
  Result<Metrics> measure(const engine::ResolvedLevers& levers, int threads = 0) const;

 private:
  struct Candidate {
    std::vector<double> key;
    std::vector<double> x;
    engine::ResolvedLevers levers;
  };
  const EvaluationRecord* evaluate_candidate(const Candidate& c, int iteration);
  const EvaluationRecord* record(const Candidate& c, const Result<Metrics>& metrics, int iteration,
                                 double ms);
  std::vector<double> cache_key(const engine::ResolvedLevers& levers) const;
  EvaluationRecord score(const std::vector<double>& x, const Metrics& m) const;

  EngineInputs inputs_;
  const LeverSpace& space_;
  GrowthMetric metric_;
  Objectives objectives_;
  Budget budget_;
  TuningCallbacks callbacks_;
  Robustness robust_;
  double cost_scale_ = 1.0;
  double equity_scale_ = 1.0;
  std::chrono::steady_clock::time_point started_;
  std::deque<EvaluationRecord> history_;
  std::map<std::vector<double>, std::size_t> cache_;  // key -> history index
  std::string stop_reason_;
  // Shared by copies of the evaluator; run() borrows from it.
  std::shared_ptr<WorkspacePool> workspaces_ = std::make_shared<WorkspacePool>();
  bool cancelled_ = false;
  std::optional<Error> engine_error_;
};

}  // namespace planwise::tuning
