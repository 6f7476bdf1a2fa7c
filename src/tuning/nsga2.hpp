// Issue 4: NSGA-II (Deb et al., 2002) for two objectives, the distance to
// the growth target and the total cost. It returns the non-dominated set of
// every point it evaluated: a real Pareto front, never one weighted point.
#pragma once

#include <cstdint>

#include "tuning/evaluator.hpp"
#include "tuning/outcome.hpp"

namespace planwise::tuning {

struct Nsga2Options {
  int population = 40;     // even
  std::uint64_t seed = 7;  // of the genetic operators (the simulation seed is separate)
};

TuningOutcome run_nsga2(Evaluator& evaluator, const Nsga2Options& options);

// The non-dominated records among `records` (feasible ones first: an
// infeasible record never dominates a feasible one), minimising |gap| and
// total cost.
std::vector<ParetoPoint> pareto_front(const std::deque<EvaluationRecord>& records);

}  // namespace planwise::tuning
