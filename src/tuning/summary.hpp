// Tuning spec §4.7: the optimization results summary, computed from the
// record of a run (its evaluations in order and its outcome), with the gap
// reduction defined as |initial gap| − |final gap| so that an overshoot
// that flips the sign is not counted as progress. "Excellent" needs the
// target met and every guard rail kept (issue 10 item 7).
#pragma once

#include <string>
#include <vector>

namespace planwise::tuning {

struct SummaryInput {
  std::string status;  // converged, not_converged, interrupted, unreachable, infeasible, error
  std::string message;
  int iterations = 0;             // iterations (S045) or evaluations used
  bool stopped_by_limit = false;  // the iteration limit or a budget ended the run
  double initial_gap = 0.0;
  double final_gap = 0.0;
  std::vector<std::string> suggestions;  // levers that could reach an unreachable target
  // Issue 10 item 7: how many guard-rail violations the best levers have; a
  // result with any is never graded Excellent.
  int guard_rail_violations = 0;
};

struct OptimizationSummary {
  std::string status;
  std::string performance_status;
  double initial_gap = 0.0;
  double final_gap = 0.0;
  double gap_reduction = 0.0;  // |initial| − |final|; negative when the run moved away
  double gap_reduction_pct = 0.0;
  std::vector<std::string> recommendations;
  // Only when more than one iteration ran (§4.7).
  bool has_insights = false;
  double avg_gap_reduction_per_iteration = 0.0;
  double convergence_efficiency = 0.0;  // gap_reduction_pct / iterations
};

OptimizationSummary summarize(const SummaryInput& input);

}  // namespace planwise::tuning
