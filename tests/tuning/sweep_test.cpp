// Issue 12 item 3: lever sweeps. A grid's text is parsed with errors that
// name the axis; each grid point runs the levers an optimizer variable would
// (locked cells held, merit kept descending by level) over the same seeds,
// and its band is what an independent ensemble of those levers gives.
#include "tuning/sweep.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ensemble/ensemble_summary.hpp"
#include "tuning/tuning_fixture.hpp"

namespace planwise::tuning {
namespace {

using namespace testing;

ensemble::EnsembleInputs ensemble_inputs(const engine::ResolvedLevers& levers) {
  const app::LoadedInputs& in = bundled();
  return {in.config.engine, in.seeds, levers, in.census};
}

SweepAxis axis(const std::string& text) {
  auto a = parse_sweep_axis(text, "sweep[1]");
  EXPECT_TRUE(a.ok()) << a.error().to_string();
  return a.ok() ? std::move(a).value() : SweepAxis{};
}

// The bundled levers with every unlocked cell of `param` at `levels` (all
// when empty) set to `value`: the levers a grid point should run.
engine::ResolvedLevers with_cells(engine::ResolvedLevers levers, const LockedCells& locks,
                                  LeverParam param, double value, std::vector<int> levels = {}) {
  if (levels.empty()) {
    for (int l = 1; l <= levers.level_count(); ++l) levels.push_back(l);
  }
  for (int year = levers.start_year(); year <= levers.end_year(); ++year) {
    for (int level : levels) {
      if (locks.count({year, level, param})) continue;
      levers.at(param, year, level).value = value;
    }
  }
  return levers;
}

ensemble::Band band_of_levers(const engine::ResolvedLevers& levers,
                              const std::vector<std::uint64_t>& seeds) {
  auto outcomes = ensemble::run_seeds(ensemble_inputs(levers), seeds, {});
  EXPECT_TRUE(outcomes.ok());
  return ensemble::summarize(*outcomes, ensemble::HeadlineMetric::kMean, {}, std::nullopt)
      .headline.band;
}

void expect_same_band(const ensemble::Band& a, const ensemble::Band& b) {
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.sd, b.sd);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.p10, b.p10);
  EXPECT_EQ(a.p50, b.p50);
  EXPECT_EQ(a.p90, b.p90);
  EXPECT_EQ(a.max, b.max);
}

TEST(SweepGrid, IncludesBothEndsAndCountsTheSteps) {
  const SweepAxis merit = axis("merit_base=0.02:0.05:0.0025");
  EXPECT_EQ(merit.lever, "merit_base");
  ASSERT_EQ(merit.values.size(), 13u);
  EXPECT_DOUBLE_EQ(merit.values.front(), 0.02);
  EXPECT_EQ(merit.values[3], 0.0275);
  EXPECT_DOUBLE_EQ(merit.values.back(), 0.05);
  EXPECT_EQ(axis("cola_rate=0.01:0.03:0.0025").values.size(), 9u);
  EXPECT_EQ(axis("merit_L2=0.03:0.03:0.01").values, std::vector<double>{0.03});
  EXPECT_EQ(axis("promotion_probability_L1=0.05:0.15:0.05").values.size(), 3u);
}

TEST(SweepGrid, ErrorsNameTheAxisAndThePartAtFault) {
  struct Case {
    const char* text;
    const char* says;
  };
  const Case cases[] = {
      {"merit_base", "LEVER=FROM:TO:STEP"},
      {"bonus=0.01:0.02:0.01", "unknown lever 'bonus'"},
      {"merit_L=0.01:0.02:0.01", "unknown lever"},
      {"cola_L2=0.01:0.02:0.01", "unknown lever"},
      {"merit_base=0.01:0.02", "FROM:TO:STEP"},
      {"merit_base=0.01:x:0.01", "TO of merit_base is not a number"},
      {"merit_base=0.01:0.02:0", "STEP of merit_base must be positive"},
      {"merit_base=0.05:0.02:0.01", "below FROM"},
      {"merit_base=0.02:0.50:0.01", "hard range"},
      {"cola_rate=0:0.08:0.00001", "more than 2000 points"},
  };
  for (const Case& c : cases) {
    auto a = parse_sweep_axis(c.text, "sweep[2]");
    ASSERT_FALSE(a.ok()) << c.text;
    EXPECT_EQ(a.error().kind, ErrorKind::kInvalidInput) << c.text;
    EXPECT_EQ(a.error().column, "sweep[2]") << c.text;
    EXPECT_NE(a.error().message.find(c.says), std::string::npos)
        << c.text << ": " << a.error().message;
  }
}

TEST(Sweep, APointsBandEqualsAnIndependentEnsembleOfTheSameLevers) {
  const std::vector<std::uint64_t> seeds = {42, 43, 44, 45};
  const LockedCells locks = bundled_locks();
  const std::vector<SweepAxis> axes = {axis("merit_base=0.02:0.04:0.01"),
                                       axis("cola_rate=0.01:0.02:0.01")};
  auto sweep = run_sweep(ensemble_inputs(bundled().levers), locks, axes, seeds, {});
  ASSERT_TRUE(sweep.ok()) << sweep.error().to_string();
  ASSERT_EQ(sweep->points.size(), 6u);
  EXPECT_EQ(sweep->simulations, 24);
  EXPECT_TRUE(sweep->thin_sample_warning.has_value());  // 4 seeds < 10
  // Axis 0 outermost: (0.02, 0.01), (0.02, 0.02), (0.03, 0.01), ...
  const SweepPoint& p = sweep->points[3];
  ASSERT_EQ(p.x, (std::vector<double>{0.03, 0.02}));
  EXPECT_FALSE(p.adjusted);
  const engine::ResolvedLevers levers =
      with_cells(with_cells(bundled().levers, locks, LeverParam::kMeritBase, 0.03), locks,
                 LeverParam::kColaRate, 0.02);
  expect_same_band(p.headline, band_of_levers(levers, seeds));
  // More merit, more growth: the grid is not one point repeated.
  EXPECT_LT(sweep->points[1].headline.mean, sweep->points[5].headline.mean);
}

// Issue 13 item 3: a sweep shows every point, so no point's seeds are run
// with the last-year-only checks of a search's inner loop.
TEST(Sweep, EveryPointIsCheckedInFull) {
  auto sweep = run_sweep(ensemble_inputs(bundled().levers), bundled_locks(),
                         {axis("cola_rate=0.01:0.02:0.01")}, {42}, {});
  ASSERT_TRUE(sweep.ok()) << sweep.error().to_string();
  EXPECT_EQ(sweep->checks, engine::ChecksLevel::kFull);
}

TEST(Sweep, ALockedCellKeepsItsValueAtEveryGridPoint) {
  const std::vector<std::uint64_t> seeds = {42, 43};
  const LeverParam hire = LeverParam::kNewHireSalaryAdjustment;
  LockedCells locks = bundled_locks();
  locks.insert({2027, 1, hire});  // besides every 2025 cell
  const double held = bundled().levers.value(hire, 2027, 1);
  auto sweep = run_sweep(ensemble_inputs(bundled().levers), locks, {axis("new_hire=1.0:1.3:0.15")},
                         seeds, {});
  ASSERT_TRUE(sweep.ok()) << sweep.error().to_string();
  ASSERT_EQ(sweep->points.size(), 3u);
  for (const SweepPoint& p : sweep->points) {
    const double x = p.x[0];
    EXPECT_FALSE(p.adjusted);
    // The levers run hold the locked cells; moving the new lock too gives
    // another band.
    const engine::ResolvedLevers kept = with_cells(bundled().levers, locks, hire, x);
    ASSERT_EQ(kept.value(hire, 2027, 1), held);
    ASSERT_EQ(kept.value(hire, 2025, 1), bundled().levers.value(hire, 2025, 1));
    expect_same_band(p.headline, band_of_levers(kept, seeds));
    const engine::ResolvedLevers moved = with_cells(bundled().levers, bundled_locks(), hire, x);
    EXPECT_NE(p.headline.mean, band_of_levers(moved, seeds).mean) << x;
  }
  // The locks on swept cells are reported, and only those.
  const auto& cells = sweep->locked_cells;
  auto has = [&](const char* c) { return std::find(cells.begin(), cells.end(), c) != cells.end(); };
  EXPECT_TRUE(has("new_hire_salary_adjustment 2027 L1"));
  EXPECT_TRUE(has("new_hire_salary_adjustment 2025 L5"));
  EXPECT_FALSE(has("merit_base 2025 L1"));
}

TEST(Sweep, OneLevelsMeritStaysBetweenItsNeighboursAndIsMarkedAdjusted) {
  // Bundled merit: L1 4.04 %, L2 3.03 %, L3 2.53 %. Sweeping L2 alone keeps
  // it within [L3, L1] of each year, as the optimizer's merit ordering does.
  const std::vector<std::uint64_t> seeds = {42, 43};
  const LockedCells locks = bundled_locks();
  auto sweep = run_sweep(ensemble_inputs(bundled().levers), locks,
                         {axis("merit_L2=0.02:0.05:0.01")}, seeds, {});
  ASSERT_TRUE(sweep.ok()) << sweep.error().to_string();
  ASSERT_EQ(sweep->points.size(), 4u);
  const std::vector<bool> adjusted = {true, false, false, true};
  const std::vector<double> run = {bundled().levers.value(LeverParam::kMeritBase, 2026, 3), 0.03,
                                   0.04, bundled().levers.value(LeverParam::kMeritBase, 2026, 1)};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(sweep->points[i].adjusted, adjusted[i]) << sweep->points[i].x[0];
    const engine::ResolvedLevers levers =
        with_cells(bundled().levers, locks, LeverParam::kMeritBase, run[i], {2});
    expect_same_band(sweep->points[i].headline, band_of_levers(levers, seeds));
  }
}

TEST(Sweep, ResultsDoNotDependOnTheThreadCountAndProgressCountsPoints) {
  const std::vector<std::uint64_t> seeds = {7, 8, 9};
  const std::vector<SweepAxis> axes = {axis("new_hire=1.0:1.2:0.1")};
  SweepOptions one;
  one.threads = 1;
  std::vector<int> progress;
  one.on_progress = [&](int done, int total) {
    EXPECT_EQ(total, 3);
    progress.push_back(done);
  };
  SweepOptions two;
  two.threads = 2;
  auto a = run_sweep(ensemble_inputs(bundled().levers), bundled_locks(), axes, seeds, one);
  auto b = run_sweep(ensemble_inputs(bundled().levers), bundled_locks(), axes, seeds, two);
  ASSERT_TRUE(a.ok() && b.ok());
  for (std::size_t i = 0; i < a->points.size(); ++i) {
    expect_same_band(a->points[i].headline, b->points[i].headline);
    expect_same_band(a->points[i].total_cost, b->points[i].total_cost);
    EXPECT_EQ(a->points[i].p_in_target, b->points[i].p_in_target);
  }
  EXPECT_EQ(progress, (std::vector<int>{1, 2, 3}));
}

TEST(Sweep, CancellingStopsWithACancelledError) {
  SweepOptions options;
  options.cancelled = [] { return true; };
  auto sweep = run_sweep(ensemble_inputs(bundled().levers), bundled_locks(),
                         {axis("cola=0.01:0.03:0.01")}, {42, 43}, options);
  ASSERT_FALSE(sweep.ok());
  EXPECT_EQ(sweep.error().kind, ErrorKind::kCancelled);
}

TEST(Sweep, AxesThatMoveNothingOrOverlapAreInputErrorsNamingSweep) {
  const auto& in = bundled();
  LockedCells every_cola = bundled_locks();
  for (int year = in.levers.start_year(); year <= in.levers.end_year(); ++year)
    every_cola.insert({year, 1, LeverParam::kColaRate});
  auto locked =
      run_sweep(ensemble_inputs(in.levers), every_cola, {axis("cola=0.01:0.02:0.01")}, {42}, {});
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().column, "sweep");
  EXPECT_NE(locked.error().message.find("locked"), std::string::npos);

  auto overlap =
      run_sweep(ensemble_inputs(in.levers), bundled_locks(),
                {axis("merit_base=0.02:0.03:0.01"), axis("merit_L2=0.02:0.03:0.01")}, {42}, {});
  ASSERT_FALSE(overlap.ok());
  EXPECT_EQ(overlap.error().column, "sweep");
  EXPECT_NE(overlap.error().message.find("same lever cells"), std::string::npos);

  auto missing_level =
      run_sweep(ensemble_inputs(in.levers), bundled_locks(),
                {axis("cola=0.01:0.02:0.01"), axis("merit_L9=0.02:0.03:0.01")}, {42}, {});
  ASSERT_FALSE(missing_level.ok());
  EXPECT_EQ(missing_level.error().column, "sweep");

  const SweepAxis c = axis("cola=0.01:0.02:0.01");
  auto three = run_sweep(ensemble_inputs(in.levers), bundled_locks(), {c, c, c}, {42}, {});
  ASSERT_FALSE(three.ok());
  EXPECT_EQ(three.error().column, "sweep");
}

}  // namespace
}  // namespace planwise::tuning
