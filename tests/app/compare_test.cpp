// Issue 10 item 2 (contract C): scenarios side by side — each one's latest
// stored run or a simulation of its current levers, the lever cells that
// differ, per-year figures with deltas to the first, the CSV, bad input.
#include "app/compare.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "app/lever_commands_fixture.hpp"

namespace planwise::app {
namespace {

using test::TempDir;
using testing::target_in;
using testing::use_seeded_db;
using testing::where;

enum : std::size_t { kHeadcount, kAvgFye, kGrowth, kTotalPayroll, kRunRate, kMerit };

std::string db_of(const TempDir& dir) {
  return (dir / "levers.duckdb").string();
}

std::string store_run(const TempDir& dir, const std::string& scenario) {
  SimulateRequest r;
  r.inputs.data_dir = test::data_dir();
  r.inputs.scenario = scenario;
  r.db_path = db_of(dir);
  auto outcome = run_simulation(r, {});
  EXPECT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  return outcome.ok() ? *outcome->run_id : "";
}

// default and high_merit have stored runs; low_cola has none.
class CompareThree : public ::testing::Test {
 protected:
  void SetUp() override {
    use_seeded_db(dir_);
    for (const char* s : {"high_merit", "low_cola"}) {
      ASSERT_TRUE(create_scenario(target_in(dir_, s), "default", "", "ana", "test").ok());
    }
    ASSERT_TRUE(
        testing::set(target_in(dir_, "high_merit"), {"merit_base=0.05"}, where("2026")).ok());
    ASSERT_TRUE(testing::set(target_in(dir_, "low_cola"), {"cola_rate=0.015"}, where("all")).ok());
    default_run_ = store_run(dir_, "default");
    high_run_ = store_run(dir_, "high_merit");
  }
  CompareRequest request(std::vector<std::string> scenarios) const {
    CompareRequest q;
    q.inputs.data_dir = test::data_dir();
    q.db_path = db_of(dir_);
    q.scenarios = std::move(scenarios);
    return q;
  }
  TempDir dir_;
  std::string default_run_;
  std::string high_run_;
};

TEST_F(CompareThree, UsesLatestRunsOrSimulatesAndGivesDeltasToTheFirst) {
  auto c = compare(request({"default", "high_merit", "low_cola"}));
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  ASSERT_EQ(c->items.size(), 3u);
  EXPECT_EQ(c->items[0].run_id, default_run_);
  EXPECT_EQ(c->items[1].run_id, high_run_);
  EXPECT_FALSE(c->items[0].simulated);
  EXPECT_TRUE(c->items[2].simulated);
  EXPECT_FALSE(c->items[2].run_id.has_value());
  EXPECT_EQ(c->items[2].label, "low_cola");
  ASSERT_TRUE(c->items[0].target.has_value());
  EXPECT_EQ(c->items[0].target->growth, 0.02);

  ASSERT_EQ(c->years.size(), 5u);
  for (const CompareYear& y : c->years) {
    ASSERT_EQ(y.values.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
      for (std::size_t m = 0; m <= kRunRate; ++m) {
        ASSERT_TRUE(y.values[i][m].has_value()) << y.year << " item " << i << " metric " << m;
        EXPECT_DOUBLE_EQ(*y.deltas[i][m], *y.values[i][m] - *y.values[0][m]);
      }
    }
    // Run-rate payroll (FYE) is the actives' FYE pay: about count x average
    // (the average is rounded to the cent, so up to half a cent a person).
    EXPECT_NEAR(*y.values[0][kRunRate], *y.values[0][kHeadcount] * *y.values[0][kAvgFye],
                0.005 * *y.values[0][kHeadcount]);
    // Lower COLA in every open year (the copy keeps default's lock on 2025):
    // lower pay growth from 2026 on, the same 2025.
    if (y.year == 2025) {
      EXPECT_EQ(*y.deltas[2][kGrowth], 0.0);
    } else {
      EXPECT_LT(*y.deltas[2][kGrowth], 0.0) << y.year;
    }
  }
  // high_merit differs from 2026 on: 2025 is the same simulation.
  EXPECT_EQ(*c->years[0].deltas[1][kAvgFye], 0.0);
  EXPECT_GT(*c->years[1].deltas[1][kAvgFye], 0.0);
  EXPECT_GT(*c->years[1].deltas[1][kTotalPayroll], 0.0);
  ASSERT_EQ(c->mean_growth.size(), 3u);
  EXPECT_LT(*c->mean_growth[2], *c->mean_growth[0]);
  EXPECT_EQ(c->final_headcount[0],
            static_cast<std::int64_t>(*c->years.back().values[0][kHeadcount]));
}

TEST_F(CompareThree, ListsExactlyTheLeverCellsThatDiffer) {
  auto c = compare(request({"default", "high_merit", "low_cola"}));
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  // merit_base 2026 at five levels (high_merit), cola_rate 4 years x 5 levels
  // (low_cola: a copy keeps default's locks, so its 2025 is unchanged).
  ASSERT_EQ(c->lever_differences.size(), 5u + 20u);
  int merit = 0, cola = 0;
  for (const LeverDifference& d : c->lever_differences) {
    ASSERT_EQ(d.values.size(), 3u);
    if (d.parameter == "merit_base") {
      ++merit;
      EXPECT_EQ(d.year, 2026);
      EXPECT_EQ(d.values[1], 0.05);
      EXPECT_EQ(d.values[0], d.values[2]);
      EXPECT_NE(d.values[0], 0.05);
    } else {
      ++cola;
      EXPECT_EQ(d.parameter, "cola_rate");
      EXPECT_NE(d.year, 2025);
      EXPECT_EQ(d.values[2], 0.015);
      EXPECT_EQ(d.values[0], d.values[1]);
    }
  }
  EXPECT_EQ(merit, 5);
  EXPECT_EQ(cola, 20);
}

TEST_F(CompareThree, ASimulatedScenarioMatchesItsStoredRunAndRunsCompareToo) {
  auto simulated = compare(request({"default", "low_cola"}));
  ASSERT_TRUE(simulated.ok()) << simulated.error().to_string_all();
  const std::string low_run = store_run(dir_, "low_cola");
  CompareRequest q = request({});
  q.runs = {default_run_, low_run};
  auto by_runs = compare(q);
  ASSERT_TRUE(by_runs.ok()) << by_runs.error().to_string_all();
  EXPECT_EQ(by_runs->items[1].label, "low_cola (" + low_run + ")");
  ASSERT_EQ(by_runs->years.size(), simulated->years.size());
  for (std::size_t y = 0; y < by_runs->years.size(); ++y) {
    for (std::size_t m = 0; m <= kTotalPayroll; ++m)
      EXPECT_NEAR(*by_runs->years[y].values[1][m], *simulated->years[y].values[1][m], 0.006);
  }
  // A run's own lever set: the 20 open COLA cells.
  EXPECT_EQ(by_runs->lever_differences.size(), 20u);
}

TEST_F(CompareThree, PoolsComeFromTheRunsPayBudgetRows) {
  {
    auto db = store::Database::open(db_of(dir_), store::OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok());
    // The contract A table, or the budget helper's own: only this run's rows are replaced.
    ASSERT_TRUE((*db)
                    ->execute("CREATE TABLE IF NOT EXISTS pay_budget (run_id VARCHAR, "
                              "simulation_year BIGINT, level_id BIGINT, merit_annualised DOUBLE, "
                              "cola_annualised DOUBLE, promotion_annualised DOUBLE, "
                              "new_hire_premium_annualised DOUBLE, total_payroll_prorated DOUBLE, "
                              "run_rate_payroll_fye DOUBLE)")
                    .ok());
    // The run's own rows are its pay_budget file (store/row_files.hpp): it
    // goes, and the rows below are written into the table itself.
    auto key = (*db)->query("SELECT run_key FROM runs WHERE run_id = $1", {high_run_});
    ASSERT_TRUE(key.ok() && !key->rows.empty());
    std::filesystem::remove(db_of(dir_) + ".rows/pay_budget/run_" +
                            key->rows.front().front().value_or("") + ".parquet");
    ASSERT_TRUE((*db)->execute("DROP VIEW IF EXISTS pay_budget").ok());
    ASSERT_TRUE((*db)->query("DELETE FROM pay_budget WHERE run_id = $1", {high_run_}).ok());
    for (int level : {1, 2}) {
      ASSERT_TRUE((*db)
                      ->query("INSERT INTO pay_budget (run_id, simulation_year, level_id, "
                              "merit_annualised, cola_annualised, promotion_annualised, "
                              "new_hire_premium_annualised, total_payroll_prorated, "
                              "run_rate_payroll_fye) VALUES ($1, 2026, CAST($2 AS BIGINT), 100, "
                              "20, 3, 0.5, 1000, 2000)",
                              {high_run_, std::to_string(level)})
                      .ok());
    }
  }
  auto c = compare(request({"default", "high_merit"}));
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  const CompareYear& y2026 = c->years[1];
  EXPECT_EQ(y2026.values[1][kMerit], 200.0);
  EXPECT_EQ(y2026.values[1][kMerit + 1], 40.0);
  EXPECT_EQ(y2026.values[1][kMerit + 2], 6.0);
  EXPECT_EQ(y2026.values[1][kMerit + 3], 1.0);
  EXPECT_EQ(y2026.values[1][kTotalPayroll], 2000.0);
  EXPECT_EQ(y2026.values[1][kRunRate], 4000.0);
  // Years without rows keep the year summary's figures and no pools.
  EXPECT_FALSE(c->years[0].values[1][kMerit].has_value());
  EXPECT_GT(*c->years[0].values[1][kTotalPayroll], 1e6);
}

TEST_F(CompareThree, TheCsvHasOneRowPerYearAndItemWithTheContractColumns) {
  auto c = compare(request({"default", "high_merit", "low_cola"}));
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  const std::string csv = comparison_csv(*c);
  std::istringstream lines(csv);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header,
            "year,item,label,scenario,run_id,simulated,what_if,headcount,avg_fye,growth,"
            "total_payroll_prorated,run_rate_payroll_fye,merit,cola,promotion,new_hire_premium,"
            "delta_headcount,delta_avg_fye,delta_growth,delta_total_payroll_prorated,"
            "delta_run_rate_payroll_fye,delta_merit,delta_cola,delta_promotion,"
            "delta_new_hire_premium");
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 15u);
  EXPECT_EQ(rows[2].rfind("2025,2,low_cola,low_cola,,true,false,", 0), 0u) << rows[2];
  EXPECT_EQ(rows[0].rfind("2025,0,default,default," + default_run_ + ",false,false,4509,", 0), 0u)
      << rows[0];
}

TEST_F(CompareThree, BadInputNamesTheFieldOrTheMissingItem) {
  auto one = compare(request({"default"}));
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(one.error().column, "scenarios");
  auto five = compare(request({"default", "high_merit", "low_cola", "default", "high_merit"}));
  ASSERT_FALSE(five.ok());
  EXPECT_EQ(five.error().column, "scenarios");
  auto unknown = compare(request({"default", "nope"}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(unknown.error().column, "scenarios");
  EXPECT_NE(unknown.error().message.find("'nope'"), std::string::npos);
  CompareRequest q = request({});
  q.runs = {default_run_, "run_missing"};
  auto missing = compare(q);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(missing.error().column, "runs");
  EXPECT_NE(missing.error().message.find("run_missing"), std::string::npos);
  q.runs = {default_run_};
  EXPECT_EQ(compare(q).error().column, "runs");
}

}  // namespace
}  // namespace planwise::app
