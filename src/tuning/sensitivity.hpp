// Issue 4 item 3: how much each tuned lever moves the headline growth and
// total cost at a point (central differences under common random numbers),
// and how much the headline moves from seed to seed at that point, so the
// analyst sees whether the tolerance is smaller than the noise.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "tuning/evaluator.hpp"

namespace planwise::tuning {

struct LeverSensitivity {
  std::string variable;
  double value = 0.0;              // the lever at the point
  double step = 0.0;               // half the distance between the two evaluations
  double growth_slope = 0.0;       // d growth / d lever (fractions per lever unit)
  double cost_slope = 0.0;         // d total cost / d lever
  double growth_elasticity = 0.0;  // (d growth / growth) / (d lever / lever)
  double cost_elasticity = 0.0;    // (d cost / cost) / (d lever / lever)
};

// `relative_step` is the half-width of the difference as a fraction of each
// lever's range; near a bound the pair is shifted inside the range.
Result<std::vector<LeverSensitivity>> lever_sensitivities(EngineInputs inputs,
                                                          const LeverSpace& space,
                                                          GrowthMetric metric,
                                                          const std::vector<double>& x,
                                                          double relative_step = 0.02);

// Mean, sample standard deviation, minimum and maximum of a non-empty list.
struct Spread {
  double mean = 0.0;
  double stddev = 0.0;  // sample standard deviation; 0 for one value
  double min = 0.0;
  double max = 0.0;
};
Spread spread_of(const std::vector<double>& values);

struct SeedSpread {
  std::vector<std::uint64_t> seeds;
  std::vector<double> growth;  // the headline for each seed
  double mean = 0.0;
  double stddev = 0.0;  // sample standard deviation
  double min = 0.0;
  double max = 0.0;
};

// The headline of `levers` for seeds base_seed, base_seed + 1, ... (n of them),
// run two at a time.
Result<SeedSpread> seed_spread(EngineInputs inputs, const LeverSpace& space, GrowthMetric metric,
                               const engine::ResolvedLevers& levers, std::uint64_t base_seed,
                               int n);

}  // namespace planwise::tuning
