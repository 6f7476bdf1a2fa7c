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

}  // namespace
}  // namespace planwise::store
