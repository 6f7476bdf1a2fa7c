// Issue 4: a one-dimensional root find on a lever mix. The analyst picks
// which levers move and in what ratio; the levers then move together along
// x(t) = start + t·d (clamped to their bounds) and the search finds the t
// whose growth is on target. Common random numbers make growth a smooth,
// increasing function of t, so a few evaluations suffice.
#pragma once

#include <string>
#include <vector>

#include "tuning/evaluator.hpp"
#include "tuning/outcome.hpp"

namespace planwise::tuning {

// Named mixes: "cola" (COLA only), "merit" (merit only, level-weighted
// 1.2 − 0.1·L), "new_hire", "s045" (COLA 1, merit 1.2 − 0.1·L, new-hire
// 0.5), or explicit weights "cola=1,merit=0.5" (merit level-weighted).
Result<std::vector<double>> lever_mix_direction(const LeverSpace& space, const std::string& mix);

enum class RootMethod { kSecant, kBrent };

struct RootFindOptions {
  RootMethod method = RootMethod::kBrent;
  std::string mix = "s045";
  int max_iterations = 20;
};

TuningOutcome run_root_find(Evaluator& evaluator, const RootFindOptions& options);

}  // namespace planwise::tuning
