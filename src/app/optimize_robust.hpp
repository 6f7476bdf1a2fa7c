// Internal to the optimize use case (issue 12 item 5): the robust-target
// options of a request, checked and turned into the evaluator's
// Robustness, and the best levers' band over the same seeds afterwards.
#pragma once

#include <cstdint>
#include <optional>

#include "app/inputs.hpp"
#include "app/optimize.hpp"
#include "common/result.hpp"
#include "tuning/evaluator.hpp"
#include "tuning/outcome.hpp"

namespace planwise::app {

// Input errors name the flag: --seeds, --objective, --cap, --budget, --probability.
Status check_robust_request(const OptimizeRequest& request);

// The seeds (from `configured_seed` unless the request lists them), the
// statistic and the chance constraints.
Result<tuning::Robustness> robustness_of(const OptimizeRequest& request,
                                         std::uint64_t configured_seed);
// More than one seed or a chance constraint.
bool is_robust(const tuning::Robustness& robustness);

// A best point that breaks a chance constraint is not converged: the status
// becomes infeasible with the quantile against its limit in the message.
// So does a best point that meets it off target when levers on target were
// found that break it: the chance constraint binds.
void apply_chance_status(tuning::TuningOutcome& outcome, const tuning::Evaluator& evaluator);

// The best levers run again on the robust seeds (ensemble::run_seeds) and
// summarised: band, P(in target), the constraints' probabilities met.
Result<RobustSummary> robust_summary(const LoadedInputs& inputs, const engine::ResolvedLevers& best,
                                     const tuning::Robustness& robustness,
                                     tuning::GrowthMetric metric,
                                     const tuning::Objectives& objectives);
// One sentence for the stored record's message: "over 20 seeds (p90):
// growth 2.01% [P10 1.95%, P90 2.07%], in target 85%, cap 4.5% met in 100%".
std::string robust_sentence(const RobustSummary& summary);

}  // namespace planwise::app
