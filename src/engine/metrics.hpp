// Spec §4.9, §5.3, §5.4: year aggregates, compensation growth rows and the
// year summary, all computed from the snapshot rows of the year.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/census.hpp"
#include "engine/config.hpp"
#include "engine/year_frame.hpp"
#include "engine/year_steps.hpp"

namespace planwise::engine {

// Sums accumulated sequentially in row order (§0.2).
struct PopulationTotals {
  std::int64_t count = 0;
  double fye = 0.0;
  double fye_squares = 0.0;  // for the spread of pay within a population
  double prorated = 0.0;
  double start = 0.0;
  std::int64_t continuous_count = 0;  // continuous_active rows among them
};

// The year-end aggregates a year needs from the year before (§4.9).
struct YearAggregates {
  PopulationTotals active;                 // A_Y
  PopulationTotals continuous;             // C_Y
  PopulationTotals new_hire;               // NHA_Y
  std::vector<PopulationTotals> by_level;  // A_Y by year-end level, index 0 = level 1
  double total_prorated = 0.0;             // every snapshot row
  std::int64_t experienced_terminations = 0;
  std::int64_t new_hire_terminations = 0;
  std::int64_t promotions = 0;
  std::int64_t raises = 0;
  std::int64_t band_floor_promotions = 0;
};

// With `members_counted` (run_member_pass's counts), the members' events
// are taken from it instead of counted again.
YearAggregates aggregate_year(const YearFrame& frame, int level_count,
                              const MemberEventCounts* members_counted = nullptr);
// The same aggregates row by row with a dispatch on each row's status: the
// reference aggregate_year is tested against, and its path for a frame
// whose statuses are out of member-then-hire order.
YearAggregates aggregate_rows_in_order(const YearFrame& frame, int level_count);
// The baseline as the year-end snapshot of Y0 − 1: FYE = prorated = s0, and
// new_hire_active when hired in Y0 − 1.
YearAggregates aggregate_baseline(const StagedCensus& census, int start_year, int level_count);

enum class GrowthRowKind : std::uint8_t { kMethodology, kStatus, kLevel };

struct GrowthRow {
  int year = 0;
  GrowthRowKind kind = GrowthRowKind::kMethodology;
  std::string row_key;
  std::string measure;
  std::int64_t population_count = 0;
  std::int64_t continuous_count = 0;
  std::int64_t new_hire_count = 0;
  std::optional<double> avg_compensation;
  std::optional<double> prior_avg_compensation;
  std::optional<double> avg_prorated_compensation;
  std::optional<double> growth;
  bool is_headline = false;
  bool is_tuning_target = false;
  std::optional<double> target_growth;
  std::optional<double> tolerance;
  std::optional<std::string> target_status;
  std::optional<double> deviation_from_target;
  std::optional<double> gap_to_target;
  double new_hire_ratio = 0.0;
  std::optional<double> composition_effect;
};

struct YearSummary {
  int year = 0;
  bool success = true;
  bool validation_passed = true;
  std::int64_t warning_count = 0;
  std::int64_t start_headcount = 0;
  std::int64_t experienced_terminations = 0;
  std::int64_t target_end_headcount = 0;
  std::int64_t hires = 0;
  std::vector<std::int64_t> hires_by_level;
  std::int64_t new_hire_terminations = 0;
  std::int64_t total_terminations = 0;
  std::int64_t end_headcount = 0;
  std::int64_t headcount_gap = 0;
  double headcount_growth = 0.0;
  std::int64_t promotions = 0;
  std::int64_t raises = 0;
  std::int64_t band_floor_promotions = 0;
  std::optional<double> avg_fye_active;
  std::optional<double> avg_prorated_active;
  double total_prorated_compensation = 0.0;
  std::optional<double> avg_comp_growth;
  std::optional<double> growth_current;
  std::optional<double> growth_continuous;
  GrowthMethodology tuning_methodology = GrowthMethodology::kFullYearEquivalent;
  std::optional<double> tuning_metric;
  std::string target_status;
  // Pay equity (issue 4): the coefficient of variation of FYE pay within each
  // level's year-end actives, averaged over levels with at least two people.
  // Not an output column; the tuning objectives read it.
  std::optional<double> pay_equity_cv;
};

// TARGET_ACHIEVED, BELOW_TARGET, ABOVE_TARGET or NO_DATA (§4.9).
std::string target_status(std::optional<double> growth, double target, double tolerance);

std::vector<GrowthRow> growth_rows(int year, const YearAggregates& now, const YearAggregates& prior,
                                   const EngineConfig& config);

YearSummary summarize_year(int year, const HiringPlan& plan, std::int64_t new_hire_terminations,
                           const YearAggregates& now, const std::vector<GrowthRow>& growth,
                           const EngineConfig& config);

}  // namespace planwise::engine
