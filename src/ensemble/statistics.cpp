// Issue 12 item 1: sample statistics of an ensemble (see statistics.hpp).
#include "ensemble/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace planwise::ensemble {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> finite_sorted(std::span<const double> values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) {
    if (!std::isnan(v)) out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

double quantile_sorted(std::span<const double> sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const double lower = std::floor(h);
  const auto i = static_cast<std::size_t>(lower);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (h - lower) * (sorted[i + 1] - sorted[i]);
}

Band band_of(std::span<const double> values) {
  const std::vector<double> x = finite_sorted(values);
  Band b;
  b.n = static_cast<int>(x.size());
  if (x.empty()) {
    b.mean = b.sd = b.se = b.min = b.p10 = b.p25 = b.p50 = b.p75 = b.p90 = b.max = kNaN;
    return b;
  }
  // The mean and the squared deviations are summed in seed-list order, not
  // sorted order, so that the digits do not depend on anything but the
  // values as the seeds produced them.
  double sum = 0.0;
  int n = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  b.mean = sum / n;
  double squares = 0.0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    squares += (v - b.mean) * (v - b.mean);
  }
  b.sd = n > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
  b.se = b.sd / std::sqrt(static_cast<double>(n));
  b.min = x.front();
  b.max = x.back();
  b.p10 = quantile_sorted(x, 0.10);
  b.p25 = quantile_sorted(x, 0.25);
  b.p50 = quantile_sorted(x, 0.50);
  b.p75 = quantile_sorted(x, 0.75);
  b.p90 = quantile_sorted(x, 0.90);
  return b;
}

double t_975(int df) {
  // Two-sided 95 % critical values of Student's t for df 1..30; beyond, the
  // Cornish-Fisher expansion around z = 1.959964 (error below 1e-5).
  static constexpr double kTable[30] = {
      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
      2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
      2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (df < 1) return kNaN;
  if (df <= 30) return kTable[df - 1];
  const double z = 1.959963984540054;
  const double z3 = z * z * z;
  const double z5 = z3 * z * z;
  const double z7 = z5 * z * z;
  const double v = df;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

Interval mean_interval_95(const Band& band) {
  if (band.n == 0) return {kNaN, kNaN};
  if (band.n == 1) return {band.mean, band.mean};
  const double half = t_975(band.n - 1) * band.se;
  return {band.mean - half, band.mean + half};
}

double fraction_within(std::span<const double> values, double low, double high) {
  int n = 0;
  int hits = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    ++n;
    hits += (v >= low && v <= high) ? 1 : 0;
  }
  return n == 0 ? kNaN : static_cast<double>(hits) / n;
}

double fraction_above(std::span<const double> values, double limit) {
  int n = 0;
  int hits = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    ++n;
    hits += v > limit ? 1 : 0;
  }
  return n == 0 ? kNaN : static_cast<double>(hits) / n;
}

}  // namespace planwise::ensemble
