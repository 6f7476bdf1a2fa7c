#include "tuning/summary.hpp"

#include <cmath>

namespace planwise::tuning {

OptimizationSummary summarize(const SummaryInput& in) {
  OptimizationSummary s;
  s.status = in.status;
  s.initial_gap = in.initial_gap;
  s.final_gap = in.final_gap;
  s.gap_reduction = std::fabs(in.initial_gap) - std::fabs(in.final_gap);
  s.gap_reduction_pct =
      in.initial_gap == 0.0 ? 0.0 : s.gap_reduction / std::fabs(in.initial_gap) * 100.0;
  const bool converged = in.status == "converged";
  const bool rails_broken = in.guard_rail_violations > 0;
  if (converged && rails_broken) {
    s.performance_status = "Needs review — target achieved, but the levers break " +
                           std::to_string(in.guard_rail_violations) + " guard rail" +
                           (in.guard_rail_violations == 1 ? "" : "s");
  } else if (converged) {
    s.performance_status = "Excellent — target achieved";
  } else if (in.status == "unreachable") {
    s.performance_status = "Unreachable — the target is outside what these levers can reach";
  } else if (in.status == "infeasible") {
    s.performance_status = "Infeasible — no lever setting satisfies the constraints";
  } else if (in.status == "error") {
    s.performance_status = "Error — " + in.message;
  } else if (in.stopped_by_limit) {
    s.performance_status =
        s.gap_reduction_pct > 50.0 ? "Good — significant progress" : "Poor — limited progress";
  } else {
    s.performance_status = "Interrupted — early termination";
  }

  if (converged && rails_broken) {
    s.recommendations = {
        "Check the guard-rail violations: they are in levers this search does not move; move "
        "those levers too, or change the rails",
        "Review the year-by-year results of the proposed levers before accepting them"};
  } else if (converged) {
    s.recommendations = {
        "Optimization successful: the levers reach the target within tolerance",
        "Review the year-by-year results of the proposed levers before accepting them"};
  } else if (in.status == "unreachable") {
    s.recommendations.push_back(
        "Change the target, or widen the lever set: these levers cannot reach it");
    for (const std::string& lever : in.suggestions) {
      s.recommendations.push_back("Consider moving " + lever +
                                  " (a multi-lever algorithm can tune it)");
    }
  } else if (in.status == "infeasible") {
    s.recommendations = {"Raise the cost cap or loosen the bounds named in the message"};
  } else if (in.status == "error") {
    s.recommendations = {"Fix the error above and run again"};
  } else {
    if (s.gap_reduction_pct < 25.0) {
      s.recommendations.push_back("Limited progress: revisit the tolerance or the target");
    }
    s.recommendations.push_back("Increase the maximum iterations or the evaluation budget");
    s.recommendations.push_back(
        "Switch strategy: a more aggressive mode, \"One lever mix, precise\" (brent) or \"All "
        "levers, balanced\" (bobyqa)");
  }

  if (in.iterations > 1) {
    s.has_insights = true;
    s.avg_gap_reduction_per_iteration = s.gap_reduction / in.iterations;
    s.convergence_efficiency = s.gap_reduction_pct / in.iterations;
  }
  return s;
}

}  // namespace planwise::tuning
