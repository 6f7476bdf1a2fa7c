// Issue 12 item 3: the sweep use case reads the scenario's levers and locks
// from the store; locked cells hold at every grid point; axis errors name
// the axis.
#include "app/sweep.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

using test::TempDir;

SweepRequest bundled_sweep(const TempDir& dir) {
  SweepRequest r;
  r.inputs.data_dir = test::data_dir();
  r.db_path = (dir / "r.duckdb").string();
  r.seeds = {42, 43, 44};
  auto axes = parse_sweep_axes({"merit_base=0.03:0.05:0.01"});
  EXPECT_TRUE(axes.ok()) << axes.error().to_string();
  r.axes = std::move(axes).value();
  return r;
}

TEST(LeverSweepUseCase, TheScenariosLocksHoldAndMoreMeritRaisesTheHeadline) {
  TempDir dir;
  auto outcome = run_lever_sweep(bundled_sweep(dir), {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  EXPECT_EQ(outcome->scenario, "default");
  const tuning::Sweep& s = outcome->sweep;
  ASSERT_EQ(s.points.size(), 3u);
  // The bundled default scenario locks merit_base in 2025 at every level.
  ASSERT_EQ(s.locked_cells.size(), 5u);
  for (const std::string& cell : s.locked_cells)
    EXPECT_EQ(cell.rfind("merit_base 2025 L", 0), 0u) << cell;
  for (std::size_t k = 0; k < s.points.size(); ++k) {
    EXPECT_EQ(s.points[k].headline.n, 3);
    if (k > 0) EXPECT_GT(s.points[k].headline.mean, s.points[k - 1].headline.mean);
  }
  EXPECT_TRUE(s.thin_sample_warning.has_value());
  const std::string csv = sweep_csv(*outcome);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "merit_base,n,headline_mean,headline_p10,headline_p50,headline_p90,p_in_target,"
            "total_cost_mean,total_cost_p10,total_cost_p90,adjusted");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
}

TEST(LeverSweepUseCase, AxisAndSeedErrorsNameTheirField) {
  auto bad = parse_sweep_axes({"merit_base=0.03:0.05:0.01", "cola_rate=0.01:x:0.005"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().column, "sweep[1]");
  TempDir dir;
  SweepRequest request = bundled_sweep(dir);
  request.seeds.clear();
  auto none = run_lever_sweep(request, {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().column, "seeds");
}

}  // namespace
}  // namespace planwise::app
