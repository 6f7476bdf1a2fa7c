// ChecksLevel::kFinal (simulate.hpp): the same numbers as kFull, with the
// row replay and warning checks of the last year only.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "engine/simulate.hpp"
#include "tuning/tuning_fixture.hpp"

namespace planwise::engine {
namespace {

SimulationResult run_with(ChecksLevel level, bool build_events = false) {
  const app::LoadedInputs& in = tuning::testing::bundled();
  SimulationOptions options;
  options.build_events = build_events;
  options.checks = level;
  auto result = simulate({in.config.engine, in.seeds, in.levers, in.census}, options, nullptr);
  EXPECT_TRUE(result) << result.error().to_string();
  return std::move(result).value();
}

std::set<std::string> check_ids_of_year(const SimulationResult& r, int year) {
  std::set<std::string> ids;
  for (const ValidationItem& item : r.validation) {
    if (item.year == year) ids.insert(item.check_id);
  }
  return ids;
}

TEST(ChecksLevel, FinalChecksGiveTheSameYearSummariesAsFullChecks) {
  const SimulationResult full = run_with(ChecksLevel::kFull);
  const SimulationResult final_only = run_with(ChecksLevel::kFinal);
  ASSERT_EQ(full.years.size(), final_only.years.size());
  for (std::size_t y = 0; y < full.years.size(); ++y) {
    const YearSummary& a = full.years[y];
    const YearSummary& b = final_only.years[y];
    EXPECT_EQ(a.end_headcount, b.end_headcount);
    EXPECT_EQ(a.hires, b.hires);
    EXPECT_EQ(a.promotions, b.promotions);
    // Counted from the band-floor flag and the raise dates, which a year
    // without row checks and without a sink still writes (row detail skipped).
    EXPECT_EQ(a.band_floor_promotions, b.band_floor_promotions);
    EXPECT_EQ(a.raises, b.raises);
    EXPECT_EQ(a.pay_equity_cv, b.pay_equity_cv);
    EXPECT_EQ(a.total_prorated_compensation, b.total_prorated_compensation);
    EXPECT_EQ(a.avg_fye_active, b.avg_fye_active);
    EXPECT_EQ(a.avg_comp_growth, b.avg_comp_growth);
  }
}

TEST(ChecksLevel, FinalChecksReplayRowsInTheLastYearOnly) {
  const SimulationResult full = run_with(ChecksLevel::kFull);
  const SimulationResult final_only = run_with(ChecksLevel::kFinal);
  const int first = full.years.front().year;
  const int last = full.years.back().year;
  // Every year of a full run has more checks than the head counts alone.
  const std::set<std::string> full_first = check_ids_of_year(full, first);
  const std::set<std::string> final_first = check_ids_of_year(final_only, first);
  EXPECT_LT(final_first.size(), full_first.size());
  EXPECT_TRUE(final_first.count("H1")) << "head counts are checked every year";
  EXPECT_FALSE(final_first.count("S2")) << "rows are not replayed before the last year";
  EXPECT_EQ(check_ids_of_year(final_only, last), check_ids_of_year(full, last));
}

// Without the event log the year loop gathers the hires' row checks and the
// warning checks' sums beside the aggregation, and reports them after: the
// same items, values and messages as the run with the event log.
TEST(ChecksLevel, AggregatesRunsReportTheChecksOfRunsWithTheEventLog) {
  const SimulationResult aggregates = run_with(ChecksLevel::kFull, false);
  const SimulationResult with_events = run_with(ChecksLevel::kFull, true);
  ASSERT_EQ(aggregates.validation.size(), with_events.validation.size());
  for (std::size_t k = 0; k < aggregates.validation.size(); ++k) {
    const ValidationItem& a = aggregates.validation[k];
    const ValidationItem& b = with_events.validation[k];
    EXPECT_EQ(a.year, b.year);
    EXPECT_EQ(a.check_id, b.check_id);
    EXPECT_EQ(a.status, b.status) << a.check_id;
    EXPECT_EQ(a.value, b.value) << a.check_id;
    EXPECT_EQ(a.threshold, b.threshold) << a.check_id;
    EXPECT_EQ(a.message, b.message);
  }
}

}  // namespace
}  // namespace planwise::engine
