// Issue 10 items 3 and 7 through the optimize use case: the guard rails are
// on by default and recorded with the run, an unreachable proposal is
// accepted only with accept_closest, and a cost cap is reported met or not.
#include <gtest/gtest.h>

#include "app/lever_commands_fixture.hpp"
#include "app/optimization_accept.hpp"
#include "app/optimize.hpp"
#include "app/scenario_commands.hpp"
#include "app/unlocked_past.hpp"

namespace planwise::app::testing {
namespace {

OptimizeRequest quick_request(const TempDir& dir, const std::string& algorithm, double target) {
  OptimizeRequest r;
  r.inputs.data_dir = test::data_dir();
  r.db_path = (dir / "levers.duckdb").string();
  r.algorithm = algorithm;
  r.target = target;
  r.tolerance = 0.001;
  r.spread_seeds = 0;
  r.sensitivity = false;
  r.dry_run = true;
  r.budget_evaluations = 40;
  return r;
}

TEST(OptimizeGuardRails, AreOnByDefaultAndRecordedWithTheRun) {
  TempDir dir;
  use_seeded_db(dir);
  auto out = optimize(quick_request(dir, "brent", 0.05), {});
  ASSERT_TRUE(out.ok()) << out.error().to_string_all();
  auto back = read_optimization_run(quick_request(dir, "brent", 0.05).db_path.value(),
                                    out->record.run.opt_run_id);
  ASSERT_TRUE(back.ok()) << back.error().to_string_all();
  const store::OptimizationRunRow& r = back->run;
  ASSERT_TRUE(r.rails_recorded);
  EXPECT_DOUBLE_EQ(r.rail_merit_floor, 0.01);
  EXPECT_DOUBLE_EQ(r.rail_cola_floor, 0.0);  // the configuration has no inflation floor
  EXPECT_TRUE(r.rail_merit_ordering);
  EXPECT_TRUE(r.rail_promotion_ranges);
  EXPECT_TRUE(back->violations.empty());
  EXPECT_EQ(r.status, "converged");
  EXPECT_EQ(summarize_record(*back).performance_status, "Excellent — target achieved");
  // The merit variables' lower bounds are the floor.
  for (std::size_t i = 0; i < r.variables.size(); ++i) {
    if (r.variables[i].rfind("merit_L", 0) == 0) EXPECT_DOUBLE_EQ(r.lower[i], 0.01);
  }
  ASSERT_FALSE(back->evaluations.empty());
  EXPECT_EQ(back->evaluations.front().cost_by_year.size(), 5u);  // 2025..2029
}

TEST(OptimizeGuardRails, EachRailIsAdjustableAndAFloorOutOfRangeNamesItsFlag) {
  TempDir dir;
  use_seeded_db(dir);
  OptimizeRequest q = quick_request(dir, "brent", 0.05);
  q.merit_floor = 0.0;
  q.cola_floor = 0.015;
  q.merit_ordering = false;
  q.promotion_ranges = false;
  auto out = optimize(q, {});
  ASSERT_TRUE(out.ok()) << out.error().to_string_all();
  EXPECT_DOUBLE_EQ(out->record.run.rail_merit_floor, 0.0);
  EXPECT_DOUBLE_EQ(out->record.run.rail_cola_floor, 0.015);
  EXPECT_FALSE(out->record.run.rail_merit_ordering);
  EXPECT_FALSE(out->record.run.rail_promotion_ranges);
  q.merit_floor = 0.2;
  const Status bad = validate_optimize_request(q);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().column, "--merit-floor");
  q.merit_floor.reset();
  q.cola_floor = -0.01;
  EXPECT_EQ(validate_optimize_request(q).error().column, "--cola-floor");
}

TEST(OptimizeGuardRails, AnUnreachableProposalIsAcceptedOnlyWithAcceptClosest) {
  TempDir dir;
  use_seeded_db(dir);
  const std::string db = (dir / "levers.duckdb").string();
  // Zero growth: no lever setting within the rails gets there.
  auto out = optimize(quick_request(dir, "s045", 0.0), {});
  ASSERT_TRUE(out.ok()) << out.error().to_string_all();
  ASSERT_EQ(out->record.run.status, "unreachable");
  EXPECT_FALSE(result_reachable(out->record.run));
  EXPECT_NE(out->summary.performance_status.rfind("Excellent", 0), 0u);
  const std::string id = out->record.run.opt_run_id;
  InputRequest inputs;
  inputs.data_dir = test::data_dir();
  auto refused = accept_optimization(inputs, db, id, "ana", {"budget", false});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(refused.error().column, kAcceptClosestField);
  const StoreState before = state_of(db, {"default"});
  auto accepted = accept_optimization(inputs, db, id, "ana", {"closest is fine", true});
  ASSERT_TRUE(accepted.ok()) << accepted.error().to_string_all();
  ASSERT_FALSE(accepted->changes.empty());
  for (const AppliedCell& c : accepted->changes) {
    EXPECT_NE(c.year, 2025);  // locked
    if (c.parameter == "merit_base") EXPECT_GE(c.new_value, 0.01 - 1e-12);
  }
  const StoreState after = state_of(db, {"default"});
  EXPECT_GT(after.audit.size(), before.audit.size());
}

// Scenario "open", an inheriting link of default (a link keeps none of its
// base's locks), and a quick brent search on it to a reachable 6 %.
OptimizeRequest request_for_open_link(const TempDir& dir) {
  EXPECT_TRUE(create_scenario(target_in(dir, "open"), "default", "", "ana", "test", true).ok());
  OptimizeRequest q = quick_request(dir, "brent", 0.06);
  q.scenario = "open";
  return q;
}

// Issue 10 item 6: a proposal for a scenario with no lock on a past or
// current plan year (an inheriting link keeps none of its base's locks)
// is written only when the accept confirms it.
TEST(OptimizeGuardRails, AcceptingIntoAScenarioWithoutPastLocksAsksForConfirmation) {
  TempDir dir;
  use_seeded_db(dir);
  const std::string db = (dir / "levers.duckdb").string();
  OptimizeRequest q = request_for_open_link(dir);
  auto out = optimize(q, {});
  ASSERT_TRUE(out.ok()) << out.error().to_string_all();
  ASSERT_TRUE(result_reachable(out->record.run)) << out->record.run.status;
  const std::string id = out->record.run.opt_run_id;
  InputRequest inputs;
  inputs.data_dir = test::data_dir();
  AcceptOptions plain{"budget", false};
  auto refused = accept_optimization(inputs, db, id, "ana", plain);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "confirmation_required");
  EXPECT_EQ(refused.error().column, "--confirm");
  StoreState before = state_of(db, {"open"});
  EXPECT_TRUE(before.cells["open"].empty()) << "nothing written before the confirmation";
  AcceptOptions confirmed = plain;
  confirmed.confirm = true;
  auto accepted = accept_optimization(inputs, db, id, "ana", confirmed);
  ASSERT_TRUE(accepted.ok()) << accepted.error().to_string_all();
  EXPECT_FALSE(accepted->changes.empty());
}

// The same guard when the run writes its result itself (no dry run).
TEST(OptimizeGuardRails, AWritingRunIntoAScenarioWithoutPastLocksOnlyProposesUnlessConfirmed) {
  TempDir dir;
  use_seeded_db(dir);
  const std::string db = (dir / "levers.duckdb").string();
  OptimizeRequest q = request_for_open_link(dir);
  q.dry_run = false;
  auto refused = optimize(q, {});
  ASSERT_TRUE(refused.ok()) << refused.error().to_string_all();
  EXPECT_FALSE(refused->record.run.applied);
  EXPECT_NE(refused->record.run.apply_note.find("no locked cell"), std::string::npos)
      << refused->record.run.apply_note;
  StoreState unwritten = state_of(db, {"open"});
  EXPECT_TRUE(unwritten.cells["open"].empty());
  q.confirm = true;
  auto written = optimize(q, {});
  ASSERT_TRUE(written.ok()) << written.error().to_string_all();
  EXPECT_TRUE(written->record.run.applied) << written->record.run.apply_note;
  StoreState after = state_of(db, {"open"});
  EXPECT_FALSE(after.cells["open"].empty());
}

TEST(OptimizeGuardRails, ACostCapOnEveryYearIsHonouredAndReportedMet) {
  TempDir dir;
  use_seeded_db(dir);
  OptimizeRequest q = quick_request(dir, "cobyla", 0.05);
  q.budget_evaluations = 120;
  // A touch under the bundled plan's dearest year (2029), which growth of
  // 5% instead of 6.5% easily keeps under.
  auto base = optimize(quick_request(dir, "brent", 0.05), {});
  ASSERT_TRUE(base.ok());
  const store::OptimizationEvaluationRow* start =
      base->record.evaluation(base->record.run.initial_evaluation);
  ASSERT_NE(start, nullptr);
  double dearest = 0.0;
  for (double c : start->cost_by_year) dearest = std::max(dearest, c);
  q.cost_cap = dearest * 0.99;
  auto out = optimize(q, {});
  ASSERT_TRUE(out.ok()) << out.error().to_string_all();
  const store::OptimizationRunRow& r = out->record.run;
  ASSERT_TRUE(r.cost_cap_met.has_value());
  EXPECT_TRUE(*r.cost_cap_met) << r.message;
  const store::OptimizationEvaluationRow* best = out->record.evaluation(r.best_evaluation);
  ASSERT_NE(best, nullptr);
  for (double c : best->cost_by_year) EXPECT_LE(c, *q.cost_cap);
  // A cap below the cheapest levers' dearest year cannot be met, and says so.
  q.cost_cap = dearest * 0.5;
  auto capped = optimize(q, {});
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->record.run.status, "infeasible");
  EXPECT_EQ(capped->record.run.cost_cap_met, std::optional<bool>(false));
  EXPECT_FALSE(result_reachable(capped->record.run));
}

}  // namespace
}  // namespace planwise::app::testing
