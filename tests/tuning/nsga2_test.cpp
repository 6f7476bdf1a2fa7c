// Issue 4: NSGA-II returns a real Pareto front of growth gap vs total cost.
#include "tuning/nsga2.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tuning/tuning_fixture.hpp"

namespace planwise::tuning {
namespace {

using namespace testing;

bool dominates(const EvaluationRecord& a, const EvaluationRecord& b) {
  const double ga = std::fabs(a.gap), gb = std::fabs(b.gap);
  const double ca = a.metrics.total_cost, cb = b.metrics.total_cost;
  return ga <= gb && ca <= cb && (ga < gb || ca < cb);
}

TEST(Nsga2, ItsParetoFrontHasNoDominatedMember) {
  const LeverSpace space = make_space(all_groups(), bundled_locks());
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.04, 0.001), evals(240),
              {});
  const TuningOutcome out = run_nsga2(e, {24, 11});
  ASSERT_GE(out.pareto.size(), 3u) << out.message;
  EXPECT_EQ(e.evaluations(), 240);
  for (const ParetoPoint& p : out.pareto) {
    const EvaluationRecord& member = e.history()[static_cast<std::size_t>(p.evaluation - 1)];
    for (const EvaluationRecord& other : e.history()) {
      EXPECT_FALSE(dominates(other, member))
          << "evaluation " << other.index << " dominates " << member.index;
    }
  }
  // Cheapest first; the cost rises as the gap shrinks along the front.
  for (std::size_t i = 1; i < out.pareto.size(); ++i) {
    EXPECT_GE(out.pareto[i].total_cost, out.pareto[i - 1].total_cost);
    EXPECT_LT(std::fabs(out.pareto[i].gap), std::fabs(out.pareto[i - 1].gap));
  }
}

TEST(Nsga2, RespectsACostCapInItsFront) {
  const LeverSpace space = make_space(all_groups(), bundled_locks());
  Objectives o = target(0.04, 0.001);
  Evaluator probe(engine_inputs(), space, GrowthMetric::kMeanGrowth, o, Budget{}, {});
  o.cost_cap = max_year_cost(*probe.run(bundled().levers));  // each year's payroll
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, o, evals(160), {});
  const TuningOutcome out = run_nsga2(e, {16, 3});
  ASSERT_FALSE(out.pareto.empty());
  for (const ParetoPoint& p : out.pareto) {
    const EvaluationRecord& r = e.history()[static_cast<std::size_t>(p.evaluation - 1)];
    for (double year_cost : r.metrics.cost_by_year) EXPECT_LE(year_cost, *o.cost_cap);
  }
}

TEST(ParetoFront, KeepsExactlyTheNonDominatedRecords) {
  std::deque<EvaluationRecord> records;
  auto add = [&](double gap, double cost, bool feasible = true) {
    EvaluationRecord r;
    r.index = static_cast<int>(records.size()) + 1;
    r.gap = gap;
    r.metrics.total_cost = cost;
    r.feasible = feasible;
    records.push_back(r);
  };
  add(0.010, 100);      // 1: front (cheapest)
  add(0.005, 120);      // 2: front
  add(0.006, 130);      // 3: dominated by 2
  add(-0.001, 150);     // 4: front (|gap| smallest)
  add(0.0, 90, false);  // 5: infeasible, never on the front
  add(0.005, 120);      // 6: duplicate of 2
  const std::vector<ParetoPoint> front = pareto_front(records);
  ASSERT_EQ(front.size(), 3u);
  EXPECT_EQ(front[0].evaluation, 1);
  EXPECT_EQ(front[1].evaluation, 2);
  EXPECT_EQ(front[2].evaluation, 4);
}

}  // namespace
}  // namespace planwise::tuning
