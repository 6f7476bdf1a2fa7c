// Issue 13 item 1: the fused passes of the year loop give what the separate
// steps give. The start-of-year pass with the termination draws, the member
// pass with its row checks, and the carry prepared beside the aggregation.
#include <gtest/gtest.h>

#include "engine/frame_fixture.hpp"
#include "engine/row_checks.hpp"

namespace planwise::engine {
namespace {

using testing::bundled_seeds;
using testing::flat_levers;
using testing::kQ;
using testing::mixed_workforce;
using testing::TestWorkforce;

TEST(FusedPasses, StartPassWithDrawsEqualsStartYearThenDraws) {
  TestWorkforce a = mixed_workforce(2000), b = mixed_workforce(2000);
  const TerminationWeights weights(bundled_seeds());
  start_year(a.frame, 2026);
  draw_terminations(a.frame, weights);
  start_year_and_draw_terminations(b.frame, 2026, weights);
  for (std::size_t i = 0; i < a.frame.member_count; ++i) {
    ASSERT_EQ(a.frame.age_band[i], b.frame.age_band[i]) << i;
    ASSERT_EQ(a.frame.tenure[i], b.frame.tenure[i]) << i;
    ASSERT_EQ(a.frame.term_weight[i], b.frame.term_weight[i]) << i;
    ASSERT_EQ(a.frame.term_draw[i], b.frame.term_draw[i]) << i;
    ASSERT_EQ(b.frame.exit_date[i], kNoDate) << i;
  }
}

// The member pass checks the members' rows; run_fatal_checks on its tallies
// must report exactly what checking every row afterwards reports.
struct CheckedYear {
  TestWorkforce w = mixed_workforce(3000);
  HireModel model = testing::band_hire_model();
  YearLevers levers = flat_levers(2025, 0.035, 0.02, 0.08, 0.12);
  RaiseTiming timing;
  std::vector<KeyedRow> keys;
  std::vector<double> mbar;
  RowCheckTallies member_tallies;

  // Runs the members' part of the year; `corrupt` runs after the member pass.
  explicit CheckedYear(bool check_in_pass) {
    const SeedTables seeds = bundled_seeds();
    timing.months = CategoricalTable(seeds.raise_month_weights);
    start_year(w.frame, 2025);
    select_experienced_terminations(w.frame, seeds, kQ, w.employee_ids(), keys);
    const RowCheckInputs in{w.frame, seeds_, levers, model, 1.0};
    process_members(w.frame, levers, seeds_, timing, mbar, check_in_pass ? &in : nullptr,
                    &member_tallies);
  }
  ValidationItems items(const RowCheckTallies* from_pass) const {
    const RowCheckInputs in{w.frame, seeds_, levers, model, 1.0};
    RowCheckTallies rows = from_pass != nullptr ? *from_pass : RowCheckTallies{};
    if (from_pass == nullptr) check_row_range(in, 0, w.frame.size(), rows);
    ValidationItems out;
    rows.append_items(in, w.employee_ids(), out);
    return out;
  }
  SeedTables seeds_ = bundled_seeds();
};

TEST(FusedPasses, MemberPassRowChecksReportWhatAFullRowCheckReports) {
  CheckedYear fused(true);
  const ValidationItems from_pass = fused.items(&fused.member_tallies);
  const ValidationItems afterwards = fused.items(nullptr);
  ASSERT_EQ(from_pass.size(), afterwards.size());
  for (std::size_t k = 0; k < from_pass.size(); ++k) {
    EXPECT_EQ(from_pass[k].check_id, afterwards[k].check_id);
    EXPECT_EQ(from_pass[k].status, CheckStatus::kPass) << from_pass[k].message;
    EXPECT_EQ(from_pass[k].message, afterwards[k].message);
  }
}

TEST(FusedPasses, MemberPassRowChecksCatchABrokenMemberRow) {
  // A member hired in the simulated year itself has tenure 0, which §6 S6
  // forbids for a member: the pass must report it, naming that member.
  TestWorkforce w = mixed_workforce(500);
  w.frame.hire_year[123] = 2025;
  const SeedTables seeds = bundled_seeds();
  const HireModel model = testing::band_hire_model();
  const YearLevers levers = flat_levers(2025, 0.035, 0.02, 0.08, 0.12);
  RaiseTiming timing;
  timing.months = CategoricalTable(seeds.raise_month_weights);
  std::vector<KeyedRow> keys;
  std::vector<double> mbar;
  start_year(w.frame, 2025);
  select_experienced_terminations(w.frame, seeds, kQ, w.employee_ids(), keys);
  const RowCheckInputs in{w.frame, seeds, levers, model, 1.0};
  RowCheckTallies tallies;
  process_members(w.frame, levers, seeds, timing, mbar, &in, &tallies);
  ValidationItems out;
  tallies.append_items(in, w.employee_ids(), out);
  int failed = 0;
  for (const ValidationItem& item : out) {
    if (item.status != CheckStatus::kFail) continue;
    ++failed;
    EXPECT_EQ(item.check_id, "S6");
    EXPECT_NE(item.message.find(std::string(w.ids[123])), std::string::npos) << item.message;
  }
  EXPECT_EQ(failed, 1);
}

TEST(FusedPasses, PreparedCarryLeavesTheYearIntactUntilCommitted) {
  TestWorkforce w = mixed_workforce(6);
  start_year(w.frame, 2025);
  YearFrame& f = w.frame;
  for (std::size_t i = 0; i < 6; ++i) {
    f.salary[i] = 1000.0 * static_cast<double>(i + 1);
    f.level[i] = 3;
    f.status[i] = i % 3 == 1 ? StatusCode::kExperiencedTermination : StatusCode::kContinuousActive;
  }
  const Column<double> start_before = f.start_salary;
  f.prepare_carry();
  EXPECT_EQ(f.member_count, 6u);
  EXPECT_EQ(f.start_salary, start_before);  // the year's rows are unchanged
  f.commit_carry();
  ASSERT_EQ(f.member_count, 4u);
  EXPECT_EQ(f.start_salary, (Column<double>{1000, 3000, 4000, 6000}));
  EXPECT_EQ(f.start_level[2], 3);
  EXPECT_EQ(f.ref[1].census_index(), 2u);
}

}  // namespace
}  // namespace planwise::engine
