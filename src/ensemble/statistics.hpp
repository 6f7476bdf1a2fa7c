// Issue 12 item 1: the statistics of a sample of seeds. Pure functions over
// values in seed-list order; every result depends on the values alone, never
// on the order the seeds were simulated in.
#pragma once

#include <span>

namespace planwise::ensemble {

// Fewer seeds than this and every band carries a thin-sample warning.
inline constexpr int kThinSampleSeeds = 10;

// The spread of one quantity over the seeds. NaN values (a year without
// actives has no average pay) are left out, and `n` counts the rest. With
// n == 0 every field is NaN; with n == 1, sd and se are 0.
struct Band {
  int n = 0;
  double mean = 0.0;
  double sd = 0.0;  // sample standard deviation (n - 1)
  double se = 0.0;  // sd / sqrt(n)
  double min = 0.0;
  double p10 = 0.0;
  double p25 = 0.0;
  double p50 = 0.0;
  double p75 = 0.0;
  double p90 = 0.0;
  double max = 0.0;
};

// The p-quantile (0 <= p <= 1) of values sorted ascending, by linear
// interpolation between order statistics: h = (n - 1) p, then
// x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]) (Hyndman-Fan
// type 7, the default of R and NumPy). Precondition: non-empty, no NaN.
double quantile_sorted(std::span<const double> sorted, double p);

Band band_of(std::span<const double> values);

// Student's t quantile for a two-sided 95 % interval with `df` degrees of
// freedom (df >= 1): 12.706 at 1, 2.262 at 9, 2.064 at 24, 1.960 as df grows.
double t_975(int df);

struct Interval {
  double low = 0.0;
  double high = 0.0;
  bool excludes_zero() const { return low > 0.0 || high < 0.0; }
};

// The 95 % interval of the mean: mean -+ t_975(n - 1) se. With n < 2 it is
// the single value (or NaN when empty).
Interval mean_interval_95(const Band& band);

// The fraction of the non-NaN values v with low <= v <= high (NaN if none).
double fraction_within(std::span<const double> values, double low, double high);
// The fraction of the non-NaN values strictly above `limit` (NaN if none).
double fraction_above(std::span<const double> values, double limit);

}  // namespace planwise::ensemble
