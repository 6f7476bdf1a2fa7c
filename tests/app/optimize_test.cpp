// Issue 4 items 4 and 7: the optimize use case records every run, writes an
// accepted result through the lever store (actor: the user who ran it, the
// run id as reason, an OPTIMIZATION_RUN entry), never moves a locked cell,
// and writes nothing on a dry run or when the target is not met.
#include "app/optimize.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "app/lever_commands_fixture.hpp"
#include "app/optimization_report.hpp"
#include "levers/audit_trail.hpp"
#include "store/optimization_tables.hpp"

namespace planwise::app::testing {
namespace {

OptimizeRequest request_in(const TempDir& dir, const std::string& algorithm, double target,
                           double tolerance) {
  OptimizeRequest r;
  r.inputs.data_dir = test::data_dir();
  r.db_path = (dir / "levers.duckdb").string();
  r.algorithm = algorithm;
  r.target = target;
  r.tolerance = tolerance;
  r.spread_seeds = 3;
  return r;
}

// The bundled headline, from the store's own run of the default scenario.
double headline(const TempDir& dir) {
  OptimizeRequest r = request_in(dir, "s045", 0.05, 0.05);
  r.max_iterations = 1;
  r.dry_run = true;
  r.sensitivity = false;
  r.spread_seeds = 0;
  r.db_path.reset();
  auto out = optimize(r, {});
  EXPECT_TRUE(out.ok());
  return out->outcome.initial->metrics.growth;
}

std::vector<store::AuditRow> of_type(const std::vector<store::AuditRow>& rows,
                                     const std::string& type) {
  std::vector<store::AuditRow> out;
  for (const auto& r : rows) {
    if (r.event_type == type) out.push_back(r);
  }
  return out;
}

TEST(Optimize, WritesAnAcceptedResultThroughTheLeverStoreWithItsAudit) {
  TempDir dir;
  use_seeded_db(dir);
  const StoreState before = state_of((dir / "levers.duckdb").string(), {"default"});
  OptimizeRequest r = request_in(dir, "brent", headline(dir) - 0.01, 0.0001);
  r.actor = "ana";  // the signed-in user (issue 9), not optimization_engine
  auto out = optimize(r, {});
  ASSERT_TRUE(out.ok()) << out.error().to_string_all();
  ASSERT_EQ(out->record.run.status, "converged") << out->record.run.message;
  EXPECT_TRUE(out->record.run.applied);
  EXPECT_TRUE(out->stored);
  EXPECT_FALSE(out->changes.empty());
  const std::string id = out->record.run.opt_run_id;

  const StoreState after = state_of(r.db_path.value(), {"default"});
  const auto changes = of_type(after.audit, levers::kParameterChange);
  ASSERT_EQ(changes.size() - of_type(before.audit, levers::kParameterChange).size(),
            out->changes.size());
  for (std::size_t i = of_type(before.audit, levers::kParameterChange).size(); i < changes.size();
       ++i) {
    EXPECT_EQ(changes[i].actor, "ana");
    EXPECT_EQ(changes[i].reason, id);
  }
  const auto runs = of_type(after.audit, levers::kOptimizationRun);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].reason, id);
  EXPECT_EQ(runs[0].actor, "ana");
  EXPECT_EQ(after.audit.back().event_type,
            levers::kOptimizationRun);  // same transaction, last entry
  auto verified = verify_audit_log(r.db_path.value());
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact);

  // The stored levers reproduce the growth the optimizer reported.
  SimulateRequest sim;
  sim.inputs.data_dir = test::data_dir();
  sim.db_path = r.db_path;
  auto run = run_simulation(sim, {});
  ASSERT_TRUE(run.ok()) << run.error().to_string_all();
  double sum = 0.0;
  for (const auto& y : run->result.years) sum += y.avg_comp_growth.value_or(0.0);
  EXPECT_NEAR(sum / 5.0, out->record.evaluations[*out->record.run.best_evaluation - 1].growth,
              1e-12);
}

TEST(Optimize, RecordsEveryEvaluationAndReadsItBack) {
  TempDir dir;
  use_seeded_db(dir);
  OptimizeRequest r = request_in(dir, "s045", headline(dir) - 0.01, 0.001);
  r.mode = "aggressive";
  auto out = optimize(r, {});
  ASSERT_TRUE(out.ok()) << out.error().to_string_all();
  auto back = read_optimization_run(r.db_path.value(), out->record.run.opt_run_id);
  ASSERT_TRUE(back.ok()) << back.error().to_string_all();
  EXPECT_EQ(back->run.status, out->record.run.status);
  EXPECT_EQ(back->run.variables, out->record.run.variables);
  ASSERT_EQ(back->evaluations.size(), out->record.evaluations.size());
  for (std::size_t i = 0; i < back->evaluations.size(); ++i) {
    EXPECT_EQ(back->evaluations[i].levers, out->record.evaluations[i].levers)
        << i;  // exact round trip
    EXPECT_EQ(back->evaluations[i].growth, out->record.evaluations[i].growth) << i;
    EXPECT_EQ(back->evaluations[i].growth_by_year, out->record.evaluations[i].growth_by_year) << i;
  }
  EXPECT_EQ(back->sensitivity.size(), out->record.sensitivity.size());
  EXPECT_EQ(back->seed_spread.size(), 3u);
  EXPECT_EQ(back->run.reach_verdict, out->record.run.reach_verdict);
  // The summary from the stored record is the one the command printed.
  const tuning::OptimizationSummary s = summarize_record(*back);
  EXPECT_EQ(s.performance_status, out->summary.performance_status);
  EXPECT_DOUBLE_EQ(s.gap_reduction, std::fabs(s.initial_gap) - std::fabs(s.final_gap));
  const std::string report = optimization_report_markdown(*back);
  EXPECT_NE(report.find(out->record.run.opt_run_id), std::string::npos);
  EXPECT_NE(report.find("## Sensitivity"), std::string::npos);
  auto list = list_optimization_runs(r.db_path.value());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
}

TEST(Optimize, DryRunRecordsTheProposalAndChangesNoLever) {
  TempDir dir;
  use_seeded_db(dir);
  const StoreState before = state_of((dir / "levers.duckdb").string(), {"default"});
  OptimizeRequest r = request_in(dir, "brent", headline(dir) - 0.01, 0.001);
  r.dry_run = true;
  auto out = optimize(r, {});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->record.run.status, "converged");
  EXPECT_FALSE(out->record.run.applied);
  EXPECT_FALSE(out->changes.empty());  // proposed
  const StoreState after = state_of(r.db_path.value(), {"default"});
  expect_same_cells(before.cells.at("default"), after.cells.at("default"));
  EXPECT_EQ(after.audit.size(), before.audit.size());
}

TEST(Optimize, NeverMovesALockedCell) {
  TempDir dir;
  use_seeded_db(dir);
  ASSERT_TRUE(
      lock_levers(target_in(dir), "merit_base", where("2027", "2"), true, "hold", "ana").ok());
  ASSERT_TRUE(lock_levers(target_in(dir), "cola_rate", where("2028"), true, "hold", "ana").ok());
  const StoreState before = state_of((dir / "levers.duckdb").string(), {"default"});
  OptimizeRequest r = request_in(dir, "bobyqa", headline(dir) - 0.01, 0.001);
  auto out = optimize(r, {});
  ASSERT_TRUE(out.ok()) << out.error().to_string_all();
  ASSERT_TRUE(out->record.run.applied) << out->record.run.apply_note;
  const StoreState after = state_of(r.db_path.value(), {"default"});
  for (const store::LeverCell& c : after.cells.at("default")) {
    if (!c.is_locked) continue;
    bool found = false;
    for (const store::LeverCell& b : before.cells.at("default")) {
      if (b.fiscal_year == c.fiscal_year && b.job_level == c.job_level &&
          b.parameter_name == c.parameter_name) {
        EXPECT_EQ(b.value, c.value)
            << c.parameter_name << " " << c.fiscal_year << " " << c.job_level;
        found = true;
      }
    }
    EXPECT_TRUE(found);
  }
  for (const AppliedCell& ch : out->changes) {
    EXPECT_FALSE(ch.parameter == "merit_base" && ch.year == 2027 && ch.level == 2);
    EXPECT_FALSE(ch.parameter == "cola_rate" && ch.year == 2028);
    EXPECT_NE(ch.year, 2025);
  }
}

TEST(Optimize, AnUnreachableTargetIsRecordedAndChangesNothing) {
  TempDir dir;
  use_seeded_db(dir);
  const StoreState before = state_of((dir / "levers.duckdb").string(), {"default"});
  OptimizeRequest r = request_in(dir, "s045", 0.02, 0.001);
  // With the default guard rails no lever setting reaches 2 % (docs/tuning.md
  // §5); without the merit floor and promotion ranges the promotion levers could.
  r.merit_floor = 0.0;
  r.promotion_ranges = false;
  auto out = optimize(r, {});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->record.run.status, "unreachable");
  EXPECT_FALSE(out->record.run.applied);
  EXPECT_FALSE(out->record.run.reach_suggestions.empty());
  const StoreState after = state_of(r.db_path.value(), {"default"});
  expect_same_cells(before.cells.at("default"), after.cells.at("default"));
  ASSERT_EQ(after.audit.size(), before.audit.size() + 1);  // the OPTIMIZATION_RUN entry only
  EXPECT_EQ(after.audit.back().event_type, levers::kOptimizationRun);
}

TEST(Optimize, ReportsEachEvaluationThroughItsCallback) {
  TempDir dir;
  OptimizeRequest r = request_in(dir, "secant", 0.06, 0.001);
  r.db_path.reset();
  int seen = 0;
  OptimizeCallbacks cb;
  cb.on_evaluation = [&](const OptimizeProgress& p) {
    ++seen;
    EXPECT_EQ(p.record.index, seen);
    EXPECT_EQ(p.variables.size(), p.record.x.size());
  };
  auto out = optimize(r, cb);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(seen, out->record.run.evaluations);
  EXPECT_FALSE(out->stored);
}

struct BadFlag {
  const char* flag;
  std::function<void(OptimizeRequest&)> set;
};

TEST(Optimize, RejectsBadOptionsNamingTheFlag) {
  const std::vector<BadFlag> cases = {
      {"--algorithm", [](OptimizeRequest& r) { r.algorithm = "simplex"; }},
      {"--tolerance", [](OptimizeRequest& r) { r.tolerance = 0.0; }},
      {"--target", [](OptimizeRequest& r) { r.target = 2.0; }},
      {"--max-iterations", [](OptimizeRequest& r) { r.max_iterations = 21; }},
      {"--weights", [](OptimizeRequest& r) { r.weights = "growth=1,speed=2"; }},
      {"--bounds", [](OptimizeRequest& r) { r.bounds = {"merit_L1=0.05"}; }},
      {"--cost-cap", [](OptimizeRequest& r) { r.cost_cap = 1e9; }},              // with s045
      {"--levers", [](OptimizeRequest& r) { r.levers = {"promotion_raise"}; }},  // with s045
      {"--levers", [](OptimizeRequest& r) { r.levers = {"bonus"}; }},
      {"--budget-evals", [](OptimizeRequest& r) { r.budget_evaluations = 0; }},
      {"--budget-evals",
       [](OptimizeRequest& r) { r.budget_evaluations = kMaxBudgetEvaluations + 1; }},
      {"--budget-seconds", [](OptimizeRequest& r) { r.budget_seconds = kMaxBudgetSeconds + 0.5; }},
      {"--budget-seconds", [](OptimizeRequest& r) { r.budget_seconds = 0.0; }},
      {"--weights", [](OptimizeRequest& r) { r.weights = "cost=1"; }},  // s045 has no weights
  };
  for (const BadFlag& c : cases) {
    TempDir dir;
    OptimizeRequest r = request_in(dir, "s045", 0.05, 0.001);
    c.set(r);
    auto out = optimize(r, {});
    ASSERT_FALSE(out.ok()) << c.flag;
    EXPECT_EQ(out.error().column, c.flag) << out.error().to_string();
    EXPECT_EQ(out.error().file, "command line");
    EXPECT_EQ(out.error().kind, ErrorKind::kInvalidInput);
    EXPECT_FALSE(std::filesystem::exists(dir / "levers.duckdb"))
        << c.flag << ": nothing is written";
  }
}

// The bounds themselves are allowed: the check is "at most", not "below".
TEST(Optimize, AcceptsBudgetsAtTheirUpperBounds) {
  TempDir dir;
  OptimizeRequest r = request_in(dir, "nsga2", 0.04, 0.001);
  r.budget_evaluations = kMaxBudgetEvaluations;
  r.budget_seconds = kMaxBudgetSeconds;
  EXPECT_TRUE(validate_optimize_request(r).ok())
      << validate_optimize_request(r).error().to_string();
  r.budget_evaluations = kMaxBudgetEvaluations + 1;
  const Status refused = validate_optimize_request(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().column, "--budget-evals");
  EXPECT_NE(refused.error().message.find("20000"), std::string::npos) << refused.error().message;
}

}  // namespace
}  // namespace planwise::app::testing
