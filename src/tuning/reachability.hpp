// Issue 4: before spending its budget, an algorithm evaluates its lever set
// at the lower and upper bounds (locks held). Every lever raises average-pay
// growth, so these two points bound what the set can reach.
#pragma once

#include <string>
#include <vector>

#include "tuning/evaluator.hpp"
#include "tuning/outcome.hpp"

namespace planwise::tuning {

// Evaluates both corners of the whole space (recorded as iteration 0).
// `lower_corner` and `upper_corner` receive the two records when evaluated.
Reachability check_reachability(Evaluator& evaluator, const EvaluationRecord** lower_corner,
                                const EvaluationRecord** upper_corner);

// The verdict for a reachable range [low, high] of growth: `moving` are the
// variables that reach their bounds at the ends, `others` lever groups that
// could move instead.
Reachability reachability_verdict(double low, double high, double target, double tolerance,
                                  const std::vector<const LeverVariable*>& moving,
                                  const std::vector<std::string>& others);
// For an unreachable target: simulates the space's levers and the suggested
// ones together at their bounds (one extra simulation, not recorded) and
// keeps the suggestions only if that wider set reaches the target.
void verify_suggestions(const Evaluator& evaluator, Reachability& r);
// What the multi-lever algorithms run before their search: the reachability
// corners and the current levers (out.initial). False, with out's status,
// message and best point set, when the search is not worth running: the run
// stopped, the cost cap is below the cheapest point (every lever raises
// cost, so that is the lower corner), or the target is unreachable and
// `stop_if_unreachable`.
bool precheck(Evaluator& evaluator, TuningOutcome& out, bool stop_if_unreachable);
// Lever groups the space does not move.
std::vector<std::string> absent_groups(const LeverSpace& space);

}  // namespace planwise::tuning
