// Issue 12 item 2: two lever sets compared seed by seed. Both run every
// seed with the same draws (common random numbers), so the per-seed
// difference B - A carries far less noise than either result; it is
// distinguishable from zero when the 95 % interval of its mean excludes 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ensemble/seed_outcome.hpp"
#include "ensemble/statistics.hpp"

namespace planwise::ensemble {

struct PairedBand {
  Band a;
  Band b;
  Band diff;                     // of b - a per seed (NaN where either is NaN)
  Interval diff_95;              // mean_interval_95(diff)
  bool distinguishable = false;  // diff_95 excludes zero
};

struct PairedYear {
  int year = 0;
  YearMetric metric = YearMetric::kHeadcount;
  PairedBand band;
};

struct PairedComparison {
  std::vector<std::uint64_t> seeds;
  std::vector<PairedYear> years;  // year ascending, then kYearMetricNames order
  PairedBand headline;
  PairedBand total_cost;  // over the years
  std::optional<std::string> thin_sample_warning;
};

// `a` and `b` must hold the same seeds in the same order and the same years;
// otherwise an internal error (a caller bug, not an analyst's input).
Result<PairedComparison> compare_paired(const std::vector<SeedOutcome>& a,
                                        const std::vector<SeedOutcome>& b);

PairedBand paired_band(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace planwise::ensemble
