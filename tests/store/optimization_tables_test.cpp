// The optimization record survives a round trip through DuckDB exactly,
// including lists, nulls and quotes.
#include "store/optimization_tables.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

TEST(OptimizationTables, RoundTripARecordExactly) {
  auto db = Database::open(":memory:", OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  OptimizationRecord r;
  r.run.opt_run_id = "opt_1";
  r.run.created_at = "2026-11-27T10:00:00Z";
  r.run.scenario = "it's mine";
  r.run.algorithm = "brent";
  r.run.metric = "mean";
  r.run.target = 0.0546;
  r.run.tolerance = 1e-4;
  r.run.variables = {"cola", "merit_L1"};
  r.run.lower = {0.0, 0.01};
  r.run.upper = {0.08, 0.1};
  r.run.reach_binding = {"cola at its lower bound 0", "say \"no\""};
  r.run.status = "converged";
  r.run.converged = true;
  r.run.evaluations = 2;
  r.run.best_evaluation = 2;
  r.run.message = "ok";
  OptimizationEvaluationRow e;
  e.evaluation = 1;
  e.levers = {0.020340190720501153, 1.0 / 3.0};
  e.growth_by_year = {0.061, 0.0651};
  e.growth = 0.06465;
  e.gap = -0.01;
  r.evaluations = {e, e};
  r.evaluations[1].evaluation = 2;
  r.sensitivity = {{"cola", 0.02, 0.001, 0.77, 1e8, 0.24, 0.03}};
  r.seed_spread = {{42, 0.06}, {43, 0.061}};
  ASSERT_TRUE(insert_optimization(**db, r).ok());
  auto back = read_optimization(**db, "opt_1");
  ASSERT_TRUE(back.ok()) << back.error().to_string_all();
  EXPECT_EQ(back->run.scenario, "it's mine");
  EXPECT_EQ(back->run.variables, r.run.variables);
  EXPECT_EQ(back->run.reach_binding, r.run.reach_binding);
  EXPECT_FALSE(back->run.cost_cap.has_value());
  EXPECT_FALSE(back->run.initial_evaluation.has_value());
  EXPECT_EQ(back->run.best_evaluation, 2);
  ASSERT_EQ(back->evaluations.size(), 2u);
  EXPECT_EQ(back->evaluations[0].levers, e.levers);
  EXPECT_EQ(back->evaluations[0].growth_by_year, e.growth_by_year);
  EXPECT_EQ(back->sensitivity.size(), 1u);
  EXPECT_EQ(back->seed_spread.size(), 2u);
  auto missing = read_optimization(**db, "opt_2");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

OptimizationRecord small_record(const std::string& id) {
  OptimizationRecord r;
  r.run.opt_run_id = id;
  r.run.created_at = "2026-12-03T10:00:00Z";
  r.run.scenario = "default";
  r.run.algorithm = "s045";
  r.run.metric = "mean";
  r.run.status = "unreachable";
  r.run.evaluations = 1;
  r.run.best_evaluation = 1;
  OptimizationEvaluationRow e;
  e.evaluation = 1;
  e.levers = {0.01};
  r.evaluations = {e};
  return r;
}

// Issue 10: a database made before the guard rails gains their columns and
// table on its next read-write open, and reads back before that too.
TEST(OptimizationTables, AnOlderDatabaseGainsTheGuardRailColumnsInPlace) {
  test::TempDir dir;
  const std::string path = (dir / "old.duckdb").string();
  {
    auto db = Database::open(path, OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(insert_optimization(**db, small_record("opt_old")).ok());
    for (const char* sql : {"DROP TABLE optimization_guard_rail_violations",
                            "ALTER TABLE optimization_evaluations DROP COLUMN cost_by_year",
                            "ALTER TABLE optimization_runs DROP COLUMN cost_cap_met",
                            "ALTER TABLE optimization_runs DROP COLUMN rail_promotion_ranges",
                            "ALTER TABLE optimization_runs DROP COLUMN rail_merit_ordering",
                            "ALTER TABLE optimization_runs DROP COLUMN rail_cola_floor",
                            "ALTER TABLE optimization_runs DROP COLUMN rail_merit_floor"}) {
      ASSERT_TRUE((*db)->execute(sql).ok()) << sql;
    }
    EXPECT_FALSE(*optimization_tables_current(**db));
  }
  {
    auto db = Database::open(path, OpenMode::kReadOnly);
    ASSERT_TRUE(db.ok());
    auto old = read_optimization(**db, "opt_old");
    ASSERT_TRUE(old.ok()) << old.error().to_string_all();
    EXPECT_FALSE(old->run.rails_recorded);
    EXPECT_TRUE(old->violations.empty());
  }
  auto db = Database::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  EXPECT_TRUE(*optimization_tables_current(**db));
  OptimizationRecord r = small_record("opt_new");
  r.run.rails_recorded = true;
  r.run.rail_merit_floor = 0.01;
  r.run.rail_merit_ordering = true;
  r.run.cost_cap = 5e8;
  r.run.cost_cap_met = false;
  r.evaluations[0].cost_by_year = {4.9e8, 5.1e8};
  r.violations = {{"merit_floor", 2027, 3, 0.005, 0.01},
                  {"cola_floor", 2028, std::nullopt, 0, 0.02}};
  ASSERT_TRUE(insert_optimization(**db, r).ok());
  auto back = read_optimization(**db, "opt_new");
  ASSERT_TRUE(back.ok()) << back.error().to_string_all();
  EXPECT_TRUE(back->run.rails_recorded);
  EXPECT_DOUBLE_EQ(back->run.rail_merit_floor, 0.01);
  EXPECT_TRUE(back->run.rail_merit_ordering);
  EXPECT_FALSE(back->run.rail_promotion_ranges);
  EXPECT_EQ(back->run.cost_cap_met, std::optional<bool>(false));
  EXPECT_EQ(back->evaluations[0].cost_by_year, r.evaluations[0].cost_by_year);
  ASSERT_EQ(back->violations.size(), 2u);
  EXPECT_EQ(back->violations[0].level, 3);
  EXPECT_FALSE(back->violations[1].level.has_value());
  EXPECT_DOUBLE_EQ(back->violations[1].limit, 0.02);
  EXPECT_FALSE(read_optimization(**db, "opt_old")->run.rails_recorded);
}

}  // namespace
}  // namespace planwise::store
