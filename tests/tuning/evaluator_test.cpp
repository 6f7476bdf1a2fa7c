// Issue 4: every candidate is simulated for real, cached, counted against
// the budgets and recorded with its full lever vector; cancellation keeps
// the history.
#include "tuning/evaluator.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tuning/root_find.hpp"
#include "tuning/tuning_fixture.hpp"

namespace planwise::tuning {
namespace {

using namespace testing;

TEST(Evaluator, EvaluatesIdenticalCandidatesOnce) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  int reported = 0;
  TuningCallbacks cb;
  cb.on_evaluation = [&](const EvaluationRecord&) { ++reported; };
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.05, 0.001), evals(10),
              cb);
  const EvaluationRecord* a = e.evaluate(space.start(), 1);
  const EvaluationRecord* b = e.evaluate(space.start(), 2);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a, b);
  // Beyond the bounds is the same candidate as at the bounds.
  std::vector<double> beyond = space.upper();
  for (double& v : beyond) v += 1.0;
  EXPECT_EQ(e.evaluate(beyond, 3), e.evaluate(space.upper(), 4));
  EXPECT_EQ(e.evaluations(), 2);
  EXPECT_EQ(reported, 2);
}

TEST(Evaluator, SimulatesADuplicateInsideABatchOnceAndSpendsNoBudgetOnIt) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  int reported = 0;
  TuningCallbacks cb;
  cb.on_evaluation = [&](const EvaluationRecord&) { ++reported; };
  // Room for two simulations: the duplicate must not take the second one.
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.05, 0.001), evals(2),
              cb);
  const auto out = e.evaluate_batch({space.start(), space.start(), space.upper()}, 1);
  ASSERT_EQ(out.size(), 3u);
  ASSERT_NE(out[0], nullptr);
  EXPECT_EQ(out[0], out[1]);
  ASSERT_NE(out[2], nullptr);
  EXPECT_EQ(out[2]->x, space.upper());
  EXPECT_EQ(e.evaluations(), 2);
  EXPECT_EQ(reported, 2);
}

TEST(Evaluator, RecordsTheFullLeverVectorAndEveryMetric) {
  const LeverSpace space = make_space(all_groups(), bundled_locks());
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.05, 0.001), evals(10),
              {});
  const EvaluationRecord* r = e.evaluate(space.start(), 1);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->x, space.start());
  EXPECT_EQ(r->x.size(), 1u + 5u + 1u + 4u + 1u);
  EXPECT_EQ(r->metrics.growth_by_year.size(), 5u);
  EXPECT_GT(r->metrics.total_cost, 0.0);
  EXPECT_GT(r->metrics.equity, 0.0);
  EXPECT_DOUBLE_EQ(r->gap, 0.05 - r->metrics.growth);
}

TEST(Evaluator, StopsAtTheEvaluationBudget) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.05, 0.001), evals(2), {});
  EXPECT_NE(e.evaluate(space.lower(), 1), nullptr);
  EXPECT_NE(e.evaluate(space.upper(), 1), nullptr);
  EXPECT_EQ(e.evaluate(space.start(), 1), nullptr);
  EXPECT_NE(e.stop_reason().find("evaluation budget"), std::string::npos);
  // A batch larger than the room left is cut at the budget.
  Evaluator f(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.05, 0.001), evals(3), {});
  std::vector<std::vector<double>> xs;
  for (int k = 0; k < 5; ++k) {
    std::vector<double> x = space.start();
    x[0] += 0.001 * k;
    xs.push_back(x);
  }
  const auto out = f.evaluate_batch(xs, 1);
  EXPECT_EQ(f.evaluations(), 3);
  EXPECT_NE(out[2], nullptr);
  EXPECT_EQ(out[3], nullptr);
}

TEST(Evaluator, StopsAtTheWallClockBudget) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  Budget budget;
  budget.max_seconds = 0.0;  // already spent when the first candidate arrives
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.05, 0.001), budget, {});
  EXPECT_EQ(e.evaluate(space.start(), 1), nullptr);
  EXPECT_EQ(e.evaluations(), 0);
  EXPECT_NE(e.stop_reason().find("wall-clock budget"), std::string::npos);
  EXPECT_FALSE(e.cancelled());
}

TEST(Evaluator, BatchEvaluationGivesTheSameMetricsAsOneByOne) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  Evaluator batch(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.05, 0.001), evals(10),
                  {});
  Evaluator single(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.05, 0.001),
                   evals(10), {});
  const std::vector<std::vector<double>> xs = {space.lower(), space.start(), space.upper()};
  const auto out = batch.evaluate_batch(xs, 1);
  for (std::size_t k = 0; k < xs.size(); ++k) {
    const EvaluationRecord* r = single.evaluate(xs[k], 1);
    ASSERT_NE(out[k], nullptr);
    EXPECT_EQ(out[k]->metrics.growth, r->metrics.growth);
    EXPECT_EQ(out[k]->metrics.total_cost, r->metrics.total_cost);
  }
}

TEST(Evaluator, CancellationStopsTheSearchAndKeepsTheHistory) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  int seen = 0;
  TuningCallbacks cb;
  cb.on_evaluation = [&](const EvaluationRecord&) { ++seen; };
  cb.cancelled = [&] { return seen >= 4; };  // the analyst presses Ctrl-C during evaluation 4
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth,
              target(bundled_headline() - 0.01, 0.00001), evals(50), cb);
  const TuningOutcome out = run_root_find(e, {RootMethod::kSecant, "s045", 20});
  EXPECT_EQ(out.status, TuningStatus::kInterrupted);
  EXPECT_TRUE(e.cancelled());
  EXPECT_EQ(e.evaluations(), 4);
  ASSERT_TRUE(out.best.has_value());
  for (const EvaluationRecord& r : e.history()) EXPECT_EQ(r.x.size(), space.size());
}

TEST(Evaluator, ComputesEachGrowthMetric) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  Evaluator mean(engine_inputs(), space, GrowthMetric::kMeanGrowth, Objectives{}, Budget{}, {});
  Evaluator last(engine_inputs(), space, GrowthMetric::kFinalGrowth, Objectives{}, Budget{}, {});
  Evaluator compound(engine_inputs(), space, GrowthMetric::kCompoundGrowth, Objectives{}, Budget{},
                     {});
  auto m = mean.run(bundled().levers);
  auto f = last.run(bundled().levers);
  auto c = compound.run(bundled().levers);
  ASSERT_TRUE(m.ok() && f.ok() && c.ok());
  double sum = 0.0;
  for (double g : m->growth_by_year) sum += g;
  EXPECT_DOUBLE_EQ(m->growth, sum / 5.0);
  EXPECT_DOUBLE_EQ(f->growth, m->growth_by_year.back());
  // Compounding the yearly growths gives the compound rate.
  double product = 1.0;
  for (double g : m->growth_by_year) product *= 1.0 + g;
  // (The engine rounds yearly growth for its outputs, hence the tolerance.)
  EXPECT_NEAR(c->growth, std::pow(product, 1.0 / 5.0) - 1.0, 1e-6);
  EXPECT_FALSE(parse_growth_metric("median").ok());
}

}  // namespace
}  // namespace planwise::tuning
