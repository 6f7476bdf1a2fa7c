// Issue 12 item 2: seed-by-seed differences of two plans (see paired.hpp).
#include "ensemble/paired.hpp"

#include <cmath>
#include <limits>

#include "ensemble/ensemble_summary.hpp"

namespace planwise::ensemble {

PairedBand paired_band(const std::vector<double>& a, const std::vector<double>& b) {
  PairedBand p;
  p.a = band_of(a);
  p.b = band_of(b);
  std::vector<double> diff(a.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    diff[k] = (std::isnan(a[k]) || std::isnan(b[k])) ? std::numeric_limits<double>::quiet_NaN()
                                                     : b[k] - a[k];
  }
  p.diff = band_of(diff);
  p.diff_95 = mean_interval_95(p.diff);
  p.distinguishable = p.diff.n >= 2 && p.diff_95.excludes_zero();
  return p;
}

Result<PairedComparison> compare_paired(const std::vector<SeedOutcome>& a,
                                        const std::vector<SeedOutcome>& b) {
  if (a.size() != b.size()) {
    return Error::make(ErrorKind::kInternal, "paired comparison of " + std::to_string(a.size()) +
                                                 " and " + std::to_string(b.size()) + " seeds");
  }
  PairedComparison out;
  out.thin_sample_warning = thin_sample_warning(static_cast<int>(a.size()));
  std::vector<double> xa(a.size());
  std::vector<double> xb(b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k].seed != b[k].seed || a[k].years.size() != b[k].years.size()) {
      return Error::make(
          ErrorKind::kInternal,
          "paired comparison of different seeds or years at seed index " + std::to_string(k));
    }
    out.seeds.push_back(a[k].seed);
  }
  auto band_over = [&](auto value_of) {
    for (std::size_t k = 0; k < a.size(); ++k) {
      xa[k] = value_of(a[k]);
      xb[k] = value_of(b[k]);
    }
    return paired_band(xa, xb);
  };
  out.headline = band_over([](const SeedOutcome& o) { return o.headline; });
  out.total_cost = band_over([](const SeedOutcome& o) { return o.total_cost; });
  if (a.empty()) return out;
  for (std::size_t y = 0; y < a.front().years.size(); ++y) {
    if (a.front().years[y].year != b.front().years[y].year) {
      return Error::make(ErrorKind::kInternal, "paired comparison of different years");
    }
    for (std::size_t m = 0; m < kYearMetricCount; ++m) {
      out.years.push_back({a.front().years[y].year, static_cast<YearMetric>(m),
                           band_over([&](const SeedOutcome& o) { return o.years[y].values[m]; })});
    }
  }
  return out;
}

}  // namespace planwise::ensemble
