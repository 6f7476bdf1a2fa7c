// Issue 12 item 4: which random process drives the headline's spread. The
// draws are keyed by draw group (engine::DrawGroup). For each group the
// seeds vary that group's draws alone, every other group held on the base
// seed; the headline's variance over those runs, divided by its variance
// when every group varies (the plain ensemble), is the group's share. The
// shares need not sum to exactly 1: what is left is interaction between the
// processes (and sampling error, which the bootstrap interval shows).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "engine/config.hpp"
#include "ensemble/runner.hpp"
#include "ensemble/statistics.hpp"

namespace planwise::ensemble {

struct GroupShare {
  engine::DrawGroup group = engine::DrawGroup::kTerminations;
  double variance = 0.0;  // of the headline, only this group varying
  double share = 0.0;     // variance / total variance
  Interval share_95;      // bootstrap percentile interval
};

struct Attribution {
  std::uint64_t base_seed = 0;       // every held group's seed
  std::vector<std::uint64_t> seeds;  // the seeds each varying group takes
  double total_variance = 0.0;       // every group varying (the plain ensemble)
  std::vector<GroupShare> groups;    // in DrawGroup order
  double share_sum = 0.0;
  Interval share_sum_95;  // bootstrap interval of the sum of shares
  int bootstrap_resamples = 0;
  int simulations = 0;  // (groups + 1) x seeds
};

struct AttributionOptions {
  int bootstrap_resamples = 1000;
  std::uint64_t bootstrap_seed = 20261203;  // the resampling is deterministic
};

// The base seed is seeds[0]. `total` may pass the plain ensemble's outcomes
// of the same seeds (not simulated again); otherwise they are simulated.
// Fewer than 3 seeds is an input error naming "seeds".
Result<Attribution> attribute_variance(const EnsembleInputs& inputs,
                                       std::span<const std::uint64_t> seeds,
                                       const RunnerOptions& runner,
                                       const AttributionOptions& options,
                                       const std::vector<SeedOutcome>* total = nullptr);

// The bootstrap over given headline samples: `total[k]` and `by_group[g][k]`
// are the headline of seed k. Exposed for tests.
Attribution attribution_from_samples(const std::vector<double>& total,
                                     const std::vector<std::vector<double>>& by_group,
                                     const AttributionOptions& options);

}  // namespace planwise::ensemble
