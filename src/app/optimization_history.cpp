// Reading optimization records back, and the §4.7 summary of one.
#include <algorithm>

#include "app/existing_database.hpp"
#include "app/optimize.hpp"
#include "store/database.hpp"
#include "tuning/sensitivity.hpp"

namespace planwise::app {

namespace {

Result<std::unique_ptr<store::Database>> open_read_only(const std::string& db_path) {
  return open_existing_database(db_path, store::OpenMode::kReadOnly,
                                "run `planwise optimize` first");
}

}  // namespace

Result<std::vector<store::OptimizationRunRow>> list_optimization_runs(const std::string& db_path) {
  auto db = open_read_only(db_path);
  if (!db) return std::move(db).error();
  return store::list_optimizations(**db);
}

Result<store::OptimizationRecord> read_optimization_run(const std::string& db_path,
                                                        const std::string& opt_run_id) {
  auto db = open_read_only(db_path);
  if (!db) return std::move(db).error();
  return store::read_optimization(**db, opt_run_id);
}

std::optional<SpreadStats> spread_stats(const std::vector<store::SeedSpreadRow>& rows) {
  if (rows.empty()) return std::nullopt;
  SpreadStats s;
  s.seeds = rows.size();
  s.first_seed = rows.front().seed;
  std::vector<double> growth;
  for (const store::SeedSpreadRow& r : rows) growth.push_back(r.growth);
  const tuning::Spread spread = tuning::spread_of(growth);
  s.mean = spread.mean;
  s.stddev = spread.stddev;
  s.min = spread.min;
  s.max = spread.max;
  return s;
}

tuning::OptimizationSummary summarize_record(const store::OptimizationRecord& record) {
  const store::OptimizationRunRow& r = record.run;
  tuning::SummaryInput in;
  in.status = r.status;
  in.message = r.message;
  in.stopped_by_limit = r.stopped_by_limit;
  in.suggestions = r.reach_suggestions;
  in.guard_rail_violations = static_cast<int>(record.violations.size());
  const store::OptimizationEvaluationRow* initial = record.evaluation(r.initial_evaluation);
  const store::OptimizationEvaluationRow* best = record.evaluation(r.best_evaluation);
  if (initial) in.initial_gap = initial->gap;
  if (best) in.final_gap = best->gap;
  if (r.algorithm == "s045") {
    // S045 counts its iterations; iteration 0 holds the start and the
    // reachability corners.
    int last_iteration = 0;
    for (const store::OptimizationEvaluationRow& e : record.evaluations)
      last_iteration = std::max(last_iteration, e.iteration);
    in.iterations = last_iteration;
  } else {
    in.iterations = r.evaluations;
  }
  return tuning::summarize(in);
}

bool result_reachable(const store::OptimizationRunRow& run) {
  return run.status != "unreachable" && run.status != "infeasible";
}

const std::vector<tuning::AlgorithmInfo>& optimizer_algorithms() {
  return tuning::algorithms();
}

std::string algorithm_label(const std::string& id) {
  return tuning::algorithm_label(id);
}

}  // namespace planwise::app
