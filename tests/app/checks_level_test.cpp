// Issue 13 item 3: how much of each year a run re-derives. One run is fully
// checked unless asked otherwise and never kept with fewer checks; a tuning
// search's chosen levers are simulated again with every check.
#include <gtest/gtest.h>

#include "app/bundled_run.hpp"
#include "app/inputs.hpp"
#include "app/run_simulation.hpp"
#include "tuning/evaluator.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using testing::bundled;

TEST(ChecksLevelRun, FinalChecksAreRefusedForAStoredRunNamingTheFlag) {
  TempDir dir;
  SimulateRequest r = bundled(dir);
  r.checks = engine::ChecksLevel::kFinal;
  auto outcome = run_simulation(r, {});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().column, "--checks");
  EXPECT_EQ(outcome.error().value, "final");
  EXPECT_EQ(outcome.error().rule, "full_checks_when_kept");
  EXPECT_FALSE(validate_simulate_request(r).ok());
  EXPECT_FALSE(fs::exists(dir / "runs.duckdb"));
}

TEST(ChecksLevelRun, FinalChecksAreRefusedForAnExportedRun) {
  TempDir dir;
  SimulateRequest r = bundled(dir);
  r.db_path.reset();
  r.export_dir = dir / "out";
  r.checks = engine::ChecksLevel::kFinal;
  auto outcome = run_simulation(r, {});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().column, "--checks");
  EXPECT_FALSE(fs::exists(dir / "out"));
}

// Fewer checks change what is re-derived, never a number: the years match,
// and the last year carries every check (its row checks included).
TEST(ChecksLevelRun, FinalChecksWithoutStoringGiveTheYearsOfFullChecks) {
  TempDir dir;
  SimulateRequest full = bundled(dir);
  full.db_path.reset();
  SimulateRequest final_only = full;
  final_only.checks = engine::ChecksLevel::kFinal;
  auto a = run_simulation(full, {});
  auto b = run_simulation(final_only, {});
  ASSERT_TRUE(a.ok()) << a.error().to_string_all();
  ASSERT_TRUE(b.ok()) << b.error().to_string_all();
  ASSERT_EQ(a->result.years.size(), b->result.years.size());
  for (std::size_t k = 0; k < a->result.years.size(); ++k) {
    EXPECT_EQ(a->result.years[k].end_headcount, b->result.years[k].end_headcount);
    EXPECT_EQ(a->result.years[k].total_prorated_compensation,
              b->result.years[k].total_prorated_compensation);
  }
  auto has_check = [](const engine::ValidationItems& items, int year, const std::string& id) {
    for (const engine::ValidationItem& item : items)
      if (item.year == year && item.check_id == id) return true;
    return false;
  };
  EXPECT_TRUE(has_check(a->result.validation, 2025, "E5"));
  EXPECT_FALSE(has_check(b->result.validation, 2025, "E5"));  // rows of 2025 not replayed
  EXPECT_TRUE(has_check(b->result.validation, 2025, "H1"));   // head counts every year
  EXPECT_TRUE(has_check(b->result.validation, 2029, "E5"));   // the last year in full
}

TEST(ChecksLevelTuning, TheChosenLeversAreVerifiedOnOneSeedAndOnRobustSeeds) {
  InputRequest request;
  request.data_dir = test::data_dir();
  auto in = load_inputs(request);
  ASSERT_TRUE(in.ok()) << in.error().to_string_all();
  auto space = tuning::LeverSpace::build(in->levers, {}, {tuning::LeverGroup::kMerit}, {});
  ASSERT_TRUE(space.ok());
  tuning::Evaluator evaluator({in->config.engine, in->seeds, in->census}, *space,
                              tuning::GrowthMetric::kMeanGrowth, {}, {}, {});
  EXPECT_TRUE(evaluator.verify(in->levers).ok());
  tuning::Robustness robust;
  robust.seeds = {42, 43, 44};
  evaluator.set_robustness(robust);
  EXPECT_TRUE(evaluator.verify(in->levers, 2).ok());
}

}  // namespace
}  // namespace planwise::app
