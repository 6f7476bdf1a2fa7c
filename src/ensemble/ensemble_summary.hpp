// Issue 12 item 1: the bands of an ensemble. Per year and metric the Band
// of the seeds' values; for the headline also the probability of landing in
// the target band and of exceeding a budget on total cost.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ensemble/seed_outcome.hpp"
#include "ensemble/statistics.hpp"

namespace planwise::ensemble {

struct TargetBand {
  double growth = 0.02;
  double tolerance = 0.001;  // in target: growth - tolerance <= headline <= growth + tolerance
};

struct YearBand {
  int year = 0;
  YearMetric metric = YearMetric::kHeadcount;
  Band band;
};

struct HeadlineSummary {
  Band band;  // of SeedOutcome::headline
  double p_in_target = 0.0;
  Band total_cost;  // of SeedOutcome::total_cost (over the years)
  std::optional<double> budget;
  std::optional<double> p_over_budget;  // P(total_cost > budget), set with a budget
};

struct EnsembleSummary {
  std::vector<std::uint64_t> seeds;  // in seed-list order
  HeadlineMetric headline_metric = HeadlineMetric::kMean;
  TargetBand target;
  std::vector<YearBand> bands;  // year ascending, then kYearMetricNames order
  HeadlineSummary headline;
  // Set below kThinSampleSeeds seeds: "only 5 seeds: bands from fewer than
  // 10 seeds are rough; use --seeds 25 or more" (shown with every band).
  std::optional<std::string> thin_sample_warning;
};

std::optional<std::string> thin_sample_warning(int seed_count);

// Precondition: every outcome has the same years (one ensemble's runs).
EnsembleSummary summarize(const std::vector<SeedOutcome>& outcomes, HeadlineMetric metric,
                          const TargetBand& target, std::optional<double> budget);

// The band of one year and metric in a summary (null if absent).
const Band* find_band(const EnsembleSummary& summary, int year, YearMetric metric);

}  // namespace planwise::ensemble
