// Issue 4: several levers at once with NLopt (BOBYQA, COBYLA, SLSQP).
// Variables are scaled to [0, 1] between their bounds; locks are held by
// the lever space; a total-cost cap is an inequality constraint (COBYLA,
// SLSQP). SLSQP's gradients are forward differences, evaluated in parallel.
#pragma once

#include <string>

#include "tuning/evaluator.hpp"
#include "tuning/outcome.hpp"

namespace planwise::tuning {

struct NloptOptions {
  std::string algorithm = "bobyqa";  // bobyqa | cobyla | slsqp
};

TuningOutcome run_nlopt(Evaluator& evaluator, const NloptOptions& options);

}  // namespace planwise::tuning
