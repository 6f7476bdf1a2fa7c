// What every tuning algorithm returns: its status, the best point, the
// reachability verdict it checked first, and (NSGA-II) a Pareto front.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/levers.hpp"
#include "tuning/evaluator.hpp"
#include "tuning/guard_rails.hpp"

namespace planwise::tuning {

enum class TuningStatus {
  kConverged,
  kNotConverged,
  kInterrupted,
  kUnreachable,
  kInfeasible,
  kError
};
std::string tuning_status_name(TuningStatus status);
// Why an evaluator stopped early: the engine failed (error), the analyst
// cancelled (interrupted), or a budget was spent (not converged).
TuningStatus stopped_status(const Evaluator& evaluator);

// The range the tuned levers can reach at their bounds and locks (issue 4:
// "unreachable targets are found, not chased").
struct Reachability {
  bool checked = false;
  bool reachable = true;
  double low = 0.0;   // growth with every variable at its lower bound
  double high = 0.0;  // ... at its upper bound
  double closest = 0.0;
  std::vector<std::string> binding;      // "cola at its lower bound 0.01"
  std::vector<std::string> suggestions;  // levers outside the set that could reach it
  std::string verdict;
};

struct ParetoPoint {
  int evaluation = 0;  // index into the history
  std::vector<double> x;
  double gap = 0.0;
  double total_cost = 0.0;
};

struct TuningOutcome {
  std::string algorithm;
  TuningStatus status = TuningStatus::kNotConverged;
  std::string message;
  Reachability reachability;
  std::optional<EvaluationRecord> initial;  // the starting levers
  std::optional<EvaluationRecord> best;
  engine::ResolvedLevers best_levers;
  std::vector<ParetoPoint> pareto;  // nsga2 only
  std::vector<std::string> variable_names;
  // What the best levers break (issue 10 item 7), filled by the caller that
  // knows the rails.
  std::vector<GuardRailViolation> guard_rail_violations;
};

}  // namespace planwise::tuning
