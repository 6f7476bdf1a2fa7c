// Issue 12 item 4: variance attribution. One ensemble per draw group, that
// group varying over the seeds and every other group on the base seed, and
// a deterministic bootstrap over the seeds for the shares' intervals.
#include "ensemble/attribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "engine/draws.hpp"

namespace planwise::ensemble {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
__extension__ typedef unsigned __int128 Uint128;

// SplitMix64 (Steele, Lea and Flood 2014): the same finaliser as the
// engine's draws, stepped by the golden gamma.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ += engine::kGamma;
    return engine::mix64(state_);
  }
  // An index below n, by the high half of a 128-bit product (Lemire): no
  // division, and a bias of at most n / 2^64.
  std::size_t below(std::size_t n) {
    const auto wide = static_cast<Uint128>(next()) * n;
    return static_cast<std::size_t>(wide >> 64);
  }

 private:
  std::uint64_t state_;
};

// Sample variance (n - 1) of values[idx[k]], in two passes over the values
// less the first one, so a group that never moves the headline has exactly
// zero variance; NaN below 2 values.
double variance_at(const std::vector<double>& values, const std::vector<std::size_t>& idx) {
  const std::size_t n = idx.size();
  if (n < 2) return kNaN;
  const double shift = values[idx[0]];
  double sum = 0.0;
  for (std::size_t k : idx) sum += values[k] - shift;
  const double mean = sum / static_cast<double>(n);
  double squares = 0.0;
  for (std::size_t k : idx) {
    const double d = (values[k] - shift) - mean;
    squares += d * d;
  }
  return squares / static_cast<double>(n - 1);
}

// The 2.5 % and 97.5 % points of the finite values; NaN when there are none.
Interval percentile_95(std::vector<double>& values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return {kNaN, kNaN};
  std::sort(values.begin(), values.end());
  return {quantile_sorted(values, 0.025), quantile_sorted(values, 0.975)};
}

std::vector<double> headlines(const std::vector<SeedOutcome>& outcomes, std::size_t first,
                              std::size_t count) {
  std::vector<double> out(count);
  for (std::size_t k = 0; k < count; ++k) out[k] = outcomes[first + k].headline;
  return out;
}

}  // namespace

Attribution attribution_from_samples(const std::vector<double>& total,
                                     const std::vector<std::vector<double>>& by_group,
                                     const AttributionOptions& options) {
  const std::size_t n = total.size();
  const std::size_t groups = by_group.size();
  std::vector<std::size_t> idx(n);
  for (std::size_t k = 0; k < n; ++k) idx[k] = k;

  Attribution out;
  out.total_variance = variance_at(total, idx);
  out.bootstrap_resamples = std::max(0, options.bootstrap_resamples);
  for (std::size_t g = 0; g < groups; ++g) {
    GroupShare share;
    share.group = static_cast<engine::DrawGroup>(g);
    share.variance = variance_at(by_group[g], idx);
    share.share = share.variance / out.total_variance;
    out.share_sum += share.share;
    out.groups.push_back(share);
  }

  // Every resample draws one set of seed indices and uses it for the total
  // and for every group, so the shares of a resample stay comparable. A
  // resample with no spread in the total (the same seed drawn n times) has
  // no shares and is left out of every interval.
  const auto resamples = static_cast<std::size_t>(out.bootstrap_resamples);
  std::vector<std::vector<double>> shares(groups);
  std::vector<double> sums;
  for (auto& s : shares) s.reserve(resamples);
  sums.reserve(resamples);
  SplitMix64 rng(options.bootstrap_seed);
  for (std::size_t b = 0; b < resamples && n > 0; ++b) {
    for (std::size_t k = 0; k < n; ++k) idx[k] = rng.below(n);
    const double var_total = variance_at(total, idx);
    if (!(var_total > 0.0)) continue;
    double sum = 0.0;
    for (std::size_t g = 0; g < groups; ++g) {
      const double share = variance_at(by_group[g], idx) / var_total;
      shares[g].push_back(share);
      sum += share;
    }
    sums.push_back(sum);
  }
  for (std::size_t g = 0; g < groups; ++g) out.groups[g].share_95 = percentile_95(shares[g]);
  out.share_sum_95 = percentile_95(sums);
  return out;
}

Result<Attribution> attribute_variance(const EnsembleInputs& inputs,
                                       std::span<const std::uint64_t> seeds,
                                       const RunnerOptions& runner,
                                       const AttributionOptions& options,
                                       const std::vector<SeedOutcome>* total) {
  const std::size_t n = seeds.size();
  if (n < 3) {
    return Error::invalid_input(
        "", 0, "seeds", "attribution_min_seeds", std::to_string(n),
        "seeds: variance attribution needs at least 3 seeds, got " + std::to_string(n));
  }
  if (total != nullptr) {
    bool same = total->size() == n;
    for (std::size_t k = 0; same && k < n; ++k) same = (*total)[k].seed == seeds[k];
    if (!same) {
      return Error::make(ErrorKind::kInternal,
                         "attribute_variance: the total ensemble's seeds differ from the seeds");
    }
  }

  // One batch of plans, so the runner spreads all of them over its threads:
  // the plain ensemble first (unless given), then each group in order.
  const std::uint64_t base = seeds[0];
  std::vector<DrawPlan> plans;
  plans.reserve((engine::kDrawGroupCount + 1) * n);
  if (total == nullptr) {
    for (std::uint64_t seed : seeds) plans.push_back(DrawPlan{seed, {}});
  }
  for (std::size_t g = 0; g < engine::kDrawGroupCount; ++g) {
    for (std::uint64_t seed : seeds) {
      DrawPlan plan{base, {}};
      plan.group_seeds[g] = seed;
      plans.push_back(plan);
    }
  }
  auto outcomes = run_plans(inputs, plans, runner);
  if (!outcomes.ok()) return std::move(outcomes).error();

  const std::size_t first_group = total == nullptr ? n : 0;
  const std::vector<double> total_headline =
      total == nullptr ? headlines(*outcomes, 0, n) : headlines(*total, 0, n);
  std::vector<std::vector<double>> by_group;
  for (std::size_t g = 0; g < engine::kDrawGroupCount; ++g)
    by_group.push_back(headlines(*outcomes, first_group + g * n, n));

  Attribution out = attribution_from_samples(total_headline, by_group, options);
  out.base_seed = base;
  out.seeds.assign(seeds.begin(), seeds.end());
  out.simulations = static_cast<int>((engine::kDrawGroupCount + 1) * n);
  return out;
}

}  // namespace planwise::ensemble
