// Tuning spec §4: the S045 auto-optimize loop, faithfully, with the
// original's defects fixed: adjustments accumulate from the values actually
// applied, locked cells are left alone, and every step is re-simulated.
#pragma once

#include "tuning/evaluator.hpp"
#include "tuning/outcome.hpp"

namespace planwise::tuning {

enum class S045Mode { kConservative, kBalanced, kAggressive };
Result<S045Mode> parse_s045_mode(const std::string& name);
std::string s045_mode_name(S045Mode mode);

// §4.3: f = 0.1 / 0.3 / 0.5, damped by 0.8^(k − 1) after iteration k.
double s045_base_factor(S045Mode mode);
double s045_damped_factor(S045Mode mode, int k);

// S045's clamps (§4.3): COLA [0.01, 0.08], merit [0.01, 0.10], new-hire
// adjustment [1.00, 1.40]; the bounds of its reachability check.
std::vector<BoundOverride> s045_bounds(const LeverSpace& space);

// One adjustment after measuring iteration k with gap = target − growth
// (fractions): step g = gap × f_k; COLA += g; merit[L] += g × (1.2 − 0.1·L);
// new-hire adjustment += 0.5·g; each clamped to its variable's bounds (the
// S045 clamps unless narrowed); locked cells and groups outside the space
// unchanged.
engine::ResolvedLevers s045_adjust(const engine::ResolvedLevers& current, const LeverSpace& space,
                                   double gap, int k, S045Mode mode);

struct S045Options {
  S045Mode mode = S045Mode::kBalanced;
  int max_iterations = 10;  // 1..20
};

// The loop (§4.2, §4.5): simulate, measure, stop when |gap| <= tolerance,
// adjust unless it was the last iteration. The space must hold the S045
// levers (cola, merit, new_hire) with s045_bounds.
TuningOutcome run_s045(Evaluator& evaluator, const S045Options& options);

}  // namespace planwise::tuning
