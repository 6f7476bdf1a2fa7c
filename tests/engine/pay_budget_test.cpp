// Issue 10 item 3: the pay budget by pool, on hand-made year frames whose
// every figure is worked out here from the frame's dates and amounts.
#include "engine/pay_budget.hpp"

#include <gtest/gtest.h>

#include "common/rounding.hpp"
#include "engine/frame_fixture.hpp"

namespace planwise::engine {
namespace {

using testing::flat_levers;
using testing::TestWorkforce;

// Adds one hire of `level` at `salary` on `hired` (and exit `left`), after
// the members' timelines, as append_hires and select_new_hire_terminations
// leave it.
void add_hire(YearFrame& f, int level, double salary, DayNumber hired, DayNumber left = kNoDate) {
  const std::size_t row = f.size();
  f.resize_for_hires(f.hire_count() + 1);
  f.ref[row] = EmployeeRef::hire(f.year, static_cast<std::uint32_t>(f.hire_count()));
  f.hire_date[row] = hired;
  f.start_salary[row] = salary;
  f.start_level[row] = static_cast<std::uint8_t>(level);
  f.salary[row] = salary;
  f.level[row] = static_cast<std::uint8_t>(level);
  f.exit_date[row] = left;
  f.promo_date[row] = kNoDate;
  f.raise_date[row] = kNoDate;
}

// One member of `level` at `salary` with the given event dates (kNoDate:
// none), the timeline applied; hires are added before finish_year_rows.
void one_member(TestWorkforce& w, double salary, int level, DayNumber promo, DayNumber raise,
                DayNumber exit, const YearLevers& lv) {
  w.add(1985, 2015, salary, level);
  start_year(w.frame, 2025);
  w.frame.exit_date[0] = exit;
  w.frame.promo_date[0] = promo;
  w.frame.raise_date[0] = raise;
  apply_member_timelines(w.frame, lv);
}

// Ends the year (statuses, hires' pay) and returns its budget rows.
std::vector<PayBudgetRow> year_budget(YearFrame& f, const YearLevers& lv) {
  finish_year_rows(f);
  std::vector<PayBudgetRow> rows;
  compute_pay_budget(f, lv, rows);
  return rows;
}

const PayBudgetRow* level_row(const std::vector<PayBudgetRow>& rows, int level) {
  for (const PayBudgetRow& r : rows) {
    if (r.level == level) return &r;
  }
  return nullptr;
}

TEST(PayBudget, RaiseSplitsIntoMeritAndColaByRateAndCostsFromItsDate) {
  TestWorkforce w;
  const YearLevers lv = flat_levers(2025, 0.03, 0.01, 0.1, 0.12);
  one_member(w, 100000, 2, kNoDate, day_number(2025, 7, 1), kNoDate, lv);
  YearFrame& f = w.frame;
  const std::vector<PayBudgetRow> rows = year_budget(f, lv);
  ASSERT_EQ(rows.size(), 1u);
  const PayBudgetRow& r = rows[0];
  EXPECT_EQ(r.year, 2025);
  EXPECT_EQ(r.level, 2);
  // 100000 -> 104000: 3000 merit and 1000 COLA, paid from 1 Jul to 31 Dec
  // (184 of 365 days).
  EXPECT_DOUBLE_EQ(r.prior_payroll_fye, 100000);
  EXPECT_DOUBLE_EQ(r.merit.annualised, 3000);
  EXPECT_DOUBLE_EQ(r.cola.annualised, 1000);
  EXPECT_DOUBLE_EQ(r.merit.in_year, round2(3000.0 * 184 / 365));
  EXPECT_DOUBLE_EQ(r.cola.in_year, round2(1000.0 * 184 / 365));
  EXPECT_DOUBLE_EQ(r.promotion.annualised, 0);
  EXPECT_DOUBLE_EQ(r.total_payroll_prorated, f.prorated[0]);
  EXPECT_DOUBLE_EQ(r.run_rate_payroll_fye, 104000);
  EXPECT_EQ(r.end_headcount, 1);
  // Carried pay (the 1 Jan salary for the whole year) plus the in-year
  // raise is the prorated pay, to the cent.
  EXPECT_NEAR(100000 + r.merit.in_year + r.cola.in_year, r.total_payroll_prorated, 0.011);
}

TEST(PayBudget, PromotionIsChargedToTheLevelBeforeItAndEndsAtTheNewLevel) {
  TestWorkforce w;
  const YearLevers lv = flat_levers(2025, 0.03, 0.02, 0.1, 0.25);
  one_member(w, 100000, 2, day_number(2025, 4, 1), day_number(2025, 7, 1), kNoDate, lv);
  YearFrame& f = w.frame;
  const std::vector<PayBudgetRow> rows = year_budget(f, lv);
  ASSERT_EQ(rows.size(), 2u);
  const PayBudgetRow* l2 = level_row(rows, 2);
  const PayBudgetRow* l3 = level_row(rows, 3);
  ASSERT_TRUE(l2 && l3);
  // 100000 × 1.25 = 125000 (above level 3's 121000 floor) from 1 Apr: 275 days.
  EXPECT_DOUBLE_EQ(l2->promotion.annualised, 25000);
  EXPECT_DOUBLE_EQ(l2->promotion.in_year, round2(25000.0 * 275 / 365));
  // The raise on the promoted salary, still charged to the 1 Jan level.
  EXPECT_DOUBLE_EQ(l2->merit.annualised + l2->cola.annualised, round2(125000 * 1.05) - 125000);
  EXPECT_NEAR(l2->merit.annualised, 0.6 * 6250, 0.005);
  EXPECT_DOUBLE_EQ(l2->prior_payroll_fye, 100000);
  EXPECT_EQ(l2->end_headcount, 0);
  EXPECT_DOUBLE_EQ(l2->total_payroll_prorated, 0);
  EXPECT_DOUBLE_EQ(l3->prior_payroll_fye, 0);
  EXPECT_DOUBLE_EQ(l3->total_payroll_prorated, f.prorated[0]);
  EXPECT_DOUBLE_EQ(l3->run_rate_payroll_fye, f.salary[0]);
  EXPECT_EQ(l3->end_headcount, 1);
  EXPECT_NEAR(100000 + l2->promotion.in_year + l2->merit.in_year + l2->cola.in_year, f.prorated[0],
              0.02);
}

TEST(PayBudget, ALeaverCostsInYearOnlyUntilTheExitDate) {
  TestWorkforce w;
  const YearLevers lv = flat_levers(2025, 0.04, 0.0, 0.1, 0.12);
  one_member(w, 73000, 1, kNoDate, day_number(2025, 4, 1), day_number(2025, 9, 30), lv);
  YearFrame& f = w.frame;
  const std::vector<PayBudgetRow> rows = year_budget(f, lv);
  ASSERT_EQ(rows.size(), 1u);
  // 1 Apr to 30 Sep inclusive: 183 days; the annualised raise is granted whole.
  EXPECT_DOUBLE_EQ(rows[0].merit.annualised, 2920);
  EXPECT_DOUBLE_EQ(rows[0].merit.in_year, round2(2920.0 * 183 / 365));
  EXPECT_DOUBLE_EQ(rows[0].cola.annualised, 0);
  EXPECT_LT(rows[0].merit.in_year, rows[0].merit.annualised);
  EXPECT_EQ(rows[0].end_headcount, 0);
  EXPECT_DOUBLE_EQ(rows[0].run_rate_payroll_fye, 0);
  EXPECT_DOUBLE_EQ(rows[0].total_payroll_prorated, f.prorated[0]);
  const double carried = 73000.0 * 273 / 365;  // 1 Jan to 30 Sep
  EXPECT_NEAR(carried + rows[0].merit.in_year, f.prorated[0], 0.011);
}

TEST(PayBudget, AHireOnFirstJulyHasAboutHalfItsPremiumInYear) {
  TestWorkforce w;
  YearLevers lv = flat_levers(2025, 0.03, 0.02, 0.1, 0.12);
  lv.hire_adjustment[0] = 1.1;
  lv.hire_adjustment[3] = 0.9;
  one_member(w, 60000, 1, kNoDate, kNoDate, kNoDate, lv);
  YearFrame& f = w.frame;
  add_hire(f, 1, 66000, day_number(2025, 7, 1));
  add_hire(f, 4, 180000, day_number(2025, 3, 1), day_number(2025, 5, 31));
  const std::vector<PayBudgetRow> rows = year_budget(f, lv);
  ASSERT_EQ(rows.size(), 2u);
  const PayBudgetRow* l1 = level_row(rows, 1);
  const PayBudgetRow* l4 = level_row(rows, 4);
  ASSERT_TRUE(l1 && l4);
  // Reference pay 66000 / 1.1 = 60000: a 6000 premium, 184 of 365 days.
  EXPECT_NEAR(l1->new_hire_premium.annualised, 6000, 0.005);
  EXPECT_NEAR(l1->new_hire_premium.in_year, 6000.0 * 184 / 365, 0.01);
  EXPECT_NEAR(l1->new_hire_premium.in_year / l1->new_hire_premium.annualised, 0.5, 0.01);
  // Hires are not in the 1 Jan payroll; they are in the year's payroll.
  EXPECT_DOUBLE_EQ(l1->prior_payroll_fye, 60000);
  EXPECT_EQ(l1->end_headcount, 2);
  EXPECT_DOUBLE_EQ(l1->run_rate_payroll_fye, 126000);
  EXPECT_NEAR(l1->total_payroll_prorated, 60000 + 66000.0 * 184 / 365, 0.011);
  // An adjustment below 1 is a discount: 180000 − 200000, for 92 days (1 Mar–31 May).
  EXPECT_NEAR(l4->new_hire_premium.annualised, -20000, 0.005);
  EXPECT_NEAR(l4->new_hire_premium.in_year, -20000.0 * 92 / 365, 0.01);
  EXPECT_EQ(l4->end_headcount, 0);
  EXPECT_NEAR(l4->total_payroll_prorated, 180000.0 * 92 / 365, 0.006);
}

TEST(PayBudget, TotalsSumTheLevels) {
  PayBudgetRow a, b;
  a.year = b.year = 2026;
  a.level = 1;
  b.level = 2;
  a.prior_payroll_fye = 100.25;
  b.prior_payroll_fye = 200.5;
  a.merit = {1.5, 0.75};
  b.merit = {2.5, 1.25};
  a.end_headcount = 3;
  b.end_headcount = 4;
  const std::vector<PayBudgetRow> rows = {a, b};
  const PayBudgetRow t = pay_budget_totals(rows);
  EXPECT_EQ(t.year, 2026);
  EXPECT_EQ(t.level, 0);
  EXPECT_DOUBLE_EQ(t.prior_payroll_fye, 300.75);
  EXPECT_DOUBLE_EQ(t.merit.annualised, 4.0);
  EXPECT_DOUBLE_EQ(t.merit.in_year, 2.0);
  EXPECT_EQ(t.end_headcount, 7);
}

}  // namespace
}  // namespace planwise::engine
