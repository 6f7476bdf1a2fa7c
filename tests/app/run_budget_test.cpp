// Issue 10 item 3: the pay budget of a whole run, recomputed here from the
// run's own event and snapshot rows (not from the engine's frame), on a
// small hand-made census; then stored, read back, exported, and the yearly
// payroll of the Results tab reconciled with it.
#include "app/run_budget.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "app/impact_preview.hpp"
#include "app/run_results.hpp"
#include "app/run_simulation.hpp"
#include "engine/output_rows.hpp"
#include "support/collected_run.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

using test::TempDir;

// 48 people over the five levels' bands, hired 2005-2024, born 1960-1999.
std::filesystem::path write_small_census(const TempDir& dir) {
  std::string text =
      "employee_id,employee_ssn,employee_birth_date,employee_hire_date,employee_termination_date,"
      "employee_gross_compensation,active\n";
  const double salaries[] = {60000, 72000, 90000, 110000, 130000, 150000, 200000, 290000, 350000};
  for (int i = 0; i < 48; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "E%03d", i + 1);
    const int birth = 1960 + (i * 7) % 40;
    const int hired = 2005 + (i * 3) % 20;
    const double pay = salaries[i % 9] + 500.0 * (i % 5);
    text += std::string(id) + ",SSN-" + std::to_string(100000000 + i) + "," +
            std::to_string(birth) + "-0" + std::to_string(1 + i % 9) + "-15," +
            std::to_string(hired) + "-0" + std::to_string(1 + i % 8) + "-01,," +
            std::to_string(pay) + ",true\n";
  }
  const std::filesystem::path path = dir / "census.csv";
  test::write_file(path, text);
  return path;
}

InputRequest small_request(const TempDir& dir) {
  InputRequest r = test::bundled_request();
  r.census_path = write_small_census(dir);
  r.end_year = 2027;
  return r;
}

// Keeps the engine's budget rows of every year.
class LevelRows : public engine::YearSink {
 public:
  Status on_year(const engine::YearOutput& y) override {
    std::vector<engine::PayBudgetRow> rows;
    engine::compute_pay_budget(y.frame, y.levers, rows);
    all.insert(all.end(), rows.begin(), rows.end());
    return Status::success();
  }
  std::vector<engine::PayBudgetRow> all;
};

using Key = std::pair<int, int>;  // year, level

struct Recomputed {
  std::map<Key, engine::PayBudgetRow> rows;
  std::map<int, double> carried;  // Σ members' 1 Jan salary × days employed / D_Y
  std::map<int, double> members_prorated;
};

// The budget from the output rows alone (spec §5.1, §5.2): dates, amounts,
// rates and levels as a reader of the tables sees them.
Recomputed recompute(const test::CollectedRun& run) {
  Recomputed out;
  std::map<std::pair<int, std::string>, const test::SnapshotRow*> person;
  for (const test::SnapshotRow& s : run.snapshot) {
    person[{s.year, s.employee_id}] = &s;
    const double days = days_in_year(s.year);
    const DayNumber last = s.termination_date != kNoDate ? s.termination_date : dec31(s.year);
    const bool member =
        s.status_code == "continuous_active" || s.status_code == "experienced_termination";
    if (member) {
      auto& r = out.rows[{s.year, s.start_level}];
      r.prior_payroll_fye += s.start_salary;
      out.carried[s.year] += s.start_salary * static_cast<double>(last - jan1(s.year) + 1) / days;
      out.members_prorated[s.year] += s.prorated;
    }
    auto& closing = out.rows[{s.year, s.level}];
    closing.total_payroll_prorated += s.prorated;
    if (s.employment_status == "active") {
      closing.run_rate_payroll_fye += s.fye;
      ++closing.end_headcount;
    }
  }
  for (const test::EventRow& e : run.events) {
    const test::SnapshotRow& s = *person.at({e.year, e.employee_id});
    const DayNumber last = s.termination_date != kNoDate ? s.termination_date : dec31(e.year);
    const double share = static_cast<double>(last - e.date + 1) / days_in_year(e.year);
    auto& r = out.rows[{e.year, s.start_level}];
    if (e.category == "merit_cola") {
      const double increase = e.amount - *e.previous;
      const double merit = increase * *e.merit_rate / (*e.merit_rate + *e.cola_rate);
      r.merit.annualised += merit;
      r.merit.in_year += merit * share;
      r.cola.annualised += increase - merit;
      r.cola.in_year += (increase - merit) * share;
    } else if (e.category == "promotion") {
      EXPECT_EQ(e.level, s.start_level) << "one promotion a year, from the 1 Jan level";
      r.promotion.annualised += e.amount - *e.previous;
      r.promotion.in_year += (e.amount - *e.previous) * share;
    } else if (e.category == "hire") {
      const double adjustment =
          run.inputs.levers.at(engine::LeverParam::kNewHireSalaryAdjustment, e.year, e.level).value;
      const double premium = e.amount - e.amount / adjustment;
      r.new_hire_premium.annualised += premium;
      r.new_hire_premium.in_year += premium * share;
    }
  }
  return out;
}

void expect_pool(const engine::PoolCost& got, const engine::PoolCost& want, const std::string& at) {
  EXPECT_NEAR(got.annualised, want.annualised, 0.02) << at;
  EXPECT_NEAR(got.in_year, want.in_year, 0.02) << at;
}

TEST(RunBudget, PoolsRecomputedFromTheEventRowsMatchTheEngine) {
  TempDir dir;
  const test::CollectedRun run = test::collect_run(small_request(dir));
  ASSERT_EQ(run.result.years.size(), 3u);
  LevelRows engine_rows;
  const LoadedInputs& in = run.inputs;
  auto simulated = engine::simulate({in.config.engine, in.seeds, in.levers, in.census},
                                    {.build_events = false}, &engine_rows);
  ASSERT_TRUE(simulated.ok()) << simulated.error().to_string();

  const Recomputed want = recompute(run);
  ASSERT_EQ(engine_rows.all.size(), want.rows.size()) << "one row per year and level present";
  std::map<int, int> raises, promotions;
  for (const test::EventRow& e : run.events) {
    raises[e.year] += e.category == "merit_cola";
    promotions[e.year] += e.category == "promotion";
  }
  for (const engine::PayBudgetRow& got : engine_rows.all) {
    const std::string at = std::to_string(got.year) + " level " + std::to_string(got.level);
    const engine::PayBudgetRow& w = want.rows.at({got.year, got.level});
    EXPECT_NEAR(got.prior_payroll_fye, w.prior_payroll_fye, 0.01) << at;
    expect_pool(got.merit, w.merit, at + " merit");
    expect_pool(got.cola, w.cola, at + " cola");
    expect_pool(got.promotion, w.promotion, at + " promotion");
    expect_pool(got.new_hire_premium, w.new_hire_premium, at + " new-hire premium");
    EXPECT_NEAR(got.total_payroll_prorated, w.total_payroll_prorated, 0.01) << at;
    EXPECT_NEAR(got.run_rate_payroll_fye, w.run_rate_payroll_fye, 0.01) << at;
    EXPECT_EQ(got.end_headcount, w.end_headcount) << at;
    // Rates are positive in the bundled levers: a raise costs at most its
    // full-year amount in its own year.
    EXPECT_LE(got.merit.in_year, got.merit.annualised + 0.005) << at;
    EXPECT_LE(got.cola.in_year, got.cola.annualised + 0.005) << at;
    EXPECT_LE(got.promotion.in_year, got.promotion.annualised + 0.005) << at;
  }
  // The test is not vacuous: the small census has raises and promotions.
  for (const auto& [year, n] : raises) EXPECT_GT(n, 0) << year;
  int all_promotions = 0;
  for (const auto& [year, n] : promotions) all_promotions += n;
  EXPECT_GT(all_promotions, 0);

  // Reconciliation, per year: the members' prorated pay is their 1 Jan pay
  // for the days employed plus the in-year cost of merit, COLA and
  // promotions (§4.5, to a half cent per person); the year's total payroll
  // is the year_summary's.
  const std::vector<BudgetYear> years = budget_years(engine_rows.all, false);
  ASSERT_EQ(years.size(), 3u);
  for (std::size_t k = 0; k < years.size(); ++k) {
    const engine::PayBudgetRow& t = years[k].total;
    const engine::YearSummary& s = run.result.years[k];
    ASSERT_EQ(t.year, s.year);
    EXPECT_NEAR(t.total_payroll_prorated, s.total_prorated_compensation, 0.01) << t.year;
    EXPECT_EQ(t.end_headcount, s.end_headcount) << t.year;
    const double members = static_cast<double>(s.start_headcount);
    EXPECT_NEAR(want.carried.at(t.year) + t.merit.in_year + t.cola.in_year + t.promotion.in_year,
                want.members_prorated.at(t.year), 0.005 * members + 0.05)
        << t.year;
  }
}

TEST(RunBudget, StoredWithTheRunReadBackByYearAndExportedAsCsv) {
  TempDir dir;
  SimulateRequest q;
  q.inputs = small_request(dir);
  q.db_path = (dir / "runs.duckdb").string();
  q.export_dir = dir / "out";
  auto outcome = run_simulation(q, {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  const std::string id = *outcome->run_id;

  auto budget = run_budget(*q.db_path, id);
  ASSERT_TRUE(budget.ok()) << budget.error().to_string();
  ASSERT_EQ(budget->years.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    const BudgetYear& y = budget->years[k];
    EXPECT_EQ(y.total.year, 2025 + static_cast<int>(k));
    EXPECT_FALSE(y.levels.empty());
    EXPECT_NEAR(y.total.total_payroll_prorated,
                outcome->result.years[k].total_prorated_compensation, 0.01);
  }
  auto one = run_budget(*q.db_path, id, 2026);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->years.size(), 1u);
  EXPECT_EQ(one->years[0].total.year, 2026);
  EXPECT_DOUBLE_EQ(one->years[0].total.merit.annualised, budget->years[1].total.merit.annualised);
  auto outside = run_budget(*q.db_path, id, 2031);
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(outside.error().to_string().find("year"), std::string::npos);
  auto missing = run_budget(*q.db_path, "run_nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);

  // The CSV export has the table, one row per year and level.
  std::ifstream csv(dir / "out" / "pay_budget.csv");
  ASSERT_TRUE(csv.good());
  std::string header, line;
  std::getline(csv, header);
  EXPECT_EQ(header.rfind("simulation_year,level_id,prior_payroll_fye,merit_annualised", 0), 0u)
      << header;
  std::size_t rows = 0;
  while (std::getline(csv, line)) ++rows;
  std::size_t levels = 0;
  for (const BudgetYear& y : budget->years) levels += y.levels.size();
  EXPECT_EQ(rows, levels);

  // Results: the yearly total payroll (prorated) is every status's, the
  // same whatever the filter, and the budget's; the filter only moves
  // selected_prorated.
  auto actives = run_results(*q.db_path, id, {});
  auto leavers = run_results(*q.db_path, id, {"experienced_termination"});
  ASSERT_TRUE(actives.ok() && leavers.ok());
  ASSERT_EQ(actives->years.columns[4], "total_payroll_prorated");
  ASSERT_EQ(actives->years.columns[5], "run_rate_payroll_fye");
  for (std::size_t k = 0; k < 3; ++k) {
    const auto number = [](const std::optional<std::string>& t) { return std::stod(*t); };
    const auto& a = actives->years.rows[k];
    const auto& l = leavers->years.rows[k];
    EXPECT_EQ(a[4], l[4]);
    EXPECT_NEAR(number(a[4]), budget->years[k].total.total_payroll_prorated, 0.01);
    EXPECT_NEAR(number(a[5]), budget->years[k].total.run_rate_payroll_fye, 0.01);
    EXPECT_LT(number(a[3]) + number(l[3]), number(a[4]) + 0.01) << "new-hire leavers are extra";
  }
}

TEST(RunBudget, ImpactCarriesBothBudgetsAndMoreMeritCostsMore) {
  TempDir dir;
  auto loaded = load_inputs(small_request(dir));
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  engine::ResolvedLevers proposed = loaded->levers;
  for (int level = 1; level <= proposed.level_count(); ++level)
    proposed.at(engine::LeverParam::kMeritBase, 2026, level).value = 0.06;
  auto impact = preview_impact(*loaded, loaded->levers, proposed);
  ASSERT_TRUE(impact.ok()) << impact.error().to_string();
  ASSERT_EQ(impact->budget_current.size(), 3u);
  ASSERT_EQ(impact->budget_proposed.size(), 3u);
  const auto& cur = impact->budget_current[1].total;
  const auto& pro = impact->budget_proposed[1].total;
  EXPECT_EQ(cur.year, 2026);
  // The levels come with the totals (the headline's ?levels=1) and add up to them.
  double merit_by_level = 0.0;
  for (const auto& l : impact->budget_current[1].levels) merit_by_level += l.merit.annualised;
  EXPECT_NEAR(merit_by_level, cur.merit.annualised, 1e-6 * cur.merit.annualised);
  EXPECT_GT(pro.merit.annualised, cur.merit.annualised);
  EXPECT_DOUBLE_EQ(pro.prior_payroll_fye, cur.prior_payroll_fye) << "2025 is unchanged";
  EXPECT_DOUBLE_EQ(impact->budget_proposed[0].total.merit.annualised,
                   impact->budget_current[0].total.merit.annualised);
  EXPECT_DOUBLE_EQ(impact->years[1].cost_current, cur.total_payroll_prorated);
  EXPECT_DOUBLE_EQ(impact->years[1].run_rate_proposed, pro.run_rate_payroll_fye);
}

}  // namespace
}  // namespace planwise::app
