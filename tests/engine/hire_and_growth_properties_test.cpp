// Issue 15 item 5: independent property checks of the hire split, hire pay,
// first-year start values and the compensation-growth breakdown rows
// (support/hire_and_growth_checks.cpp) hold on the bundled run and on runs
// with the original level mix and band pricing, and each fails on a row
// corrupted on purpose.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "common/exact_decimal.hpp"
#include "support/collected_run.hpp"
#include "support/property_checks.hpp"

namespace planwise::test {
namespace {

std::string joined(const Failures& f) {
  std::string out;
  for (const std::string& s : f) out += s + "\n";
  return out;
}

bool has(const Failures& f, const std::string& prefix) {
  return std::any_of(f.begin(), f.end(),
                     [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
}

const CollectedRun& bundled_run() {
  static const CollectedRun run = collect_run(bundled_request());
  return run;
}

// One year (2025) with the original's explicit mix 40/30/20/8/2 and pay
// drawn from the level bands.
const CollectedRun& original_mix_band_run() {
  static const CollectedRun run = collect_run(bundled_request(), [](app::LoadedInputs& in) {
    engine::EngineConfig& cfg = in.config.engine;
    cfg.end_year = cfg.start_year;
    cfg.level_mix = {ExactDecimal::from_units(400'000'000), ExactDecimal::from_units(300'000'000),
                     ExactDecimal::from_units(200'000'000), ExactDecimal::from_units(80'000'000),
                     ExactDecimal::from_units(20'000'000)};
    cfg.salary_model = engine::SalaryModel::kBandUniform;
  });
  return run;
}

SnapshotRow& first_row(CollectedRun& run, int year, const std::string& code) {
  auto it = std::find_if(run.snapshot.begin(), run.snapshot.end(), [&](const SnapshotRow& r) {
    return r.year == year && r.status_code == code;
  });
  EXPECT_NE(it, run.snapshot.end());
  return *it;
}

engine::GrowthRow& growth_row(CollectedRun& run, int year, const std::string& key) {
  auto it = std::find_if(
      run.result.growth.begin(), run.result.growth.end(), [&](const engine::GrowthRow& r) {
        return r.year == year && r.row_key == key && r.kind != engine::GrowthRowKind::kMethodology;
      });
  EXPECT_NE(it, run.result.growth.end());
  return *it;
}

TEST(HireAndGrowthProperties, BundledRunSatisfiesThem) {
  const Failures hires = check_hires(bundled_run());
  EXPECT_TRUE(hires.empty()) << joined(hires);
  const Failures growth = check_growth_rows(bundled_run());
  EXPECT_TRUE(growth.empty()) << joined(growth);
}

// Spec §4.10: with 40/30/20/8/2 the 875 hires of 2025 split 350/263/175/70/17
// (quotas 350, 262.5, 175, 70, 17.5; the tie of L2 and L5 goes to L2).
TEST(HireAndGrowthProperties, OriginalMixWithBandPayMatchesTheWorkedExample) {
  const CollectedRun& run = original_mix_band_run();
  ASSERT_EQ(run.result.years.size(), 1u);
  EXPECT_EQ(run.result.years[0].hires_by_level, (std::vector<std::int64_t>{350, 263, 175, 70, 17}));
  const Failures f = check_hires(run);
  EXPECT_TRUE(f.empty()) << joined(f);
  const Failures growth = check_growth_rows(run);
  EXPECT_TRUE(growth.empty()) << joined(growth);
}

TEST(HireAndGrowthProperties, SplitCheckFailsWhenAHireMovesLevel) {
  CollectedRun run = original_mix_band_run();
  SnapshotRow* hire = nullptr;
  for (SnapshotRow& r : run.snapshot) {
    if (r.status_code == "new_hire_active" && r.start_level == 2) {
      hire = &r;
      break;
    }
  }
  ASSERT_NE(hire, nullptr);
  hire->start_level = hire->level = 5;  // 350/262/175/70/18 instead of 350/263/175/70/17
  const Failures f = check_hires(run);
  EXPECT_TRUE(has(f, "H2 2025: hires by level 350|262|175|70|18")) << joined(f);
}

TEST(HireAndGrowthProperties, SplitCheckFailsOnTheSummarysLevelCounts) {
  CollectedRun run = bundled_run();
  std::vector<std::int64_t>& counts = run.result.years[2].hires_by_level;
  ++counts[0];
  --counts[1];
  const Failures f = check_hires(run);
  EXPECT_TRUE(has(f, "H2 2027: year_summary hires_by_level")) << joined(f);
}

TEST(HireAndGrowthProperties, PayCheckFailsOutsideTheLevelRange) {
  {
    CollectedRun run = original_mix_band_run();  // band pricing: [min_l, max_l] x adj
    SnapshotRow& hire = first_row(run, 2025, "new_hire_active");
    const double max =
        run.inputs.seeds.levels[static_cast<std::size_t>(hire.start_level - 1)].max_compensation *
        run.inputs.levers.value(engine::LeverParam::kNewHireSalaryAdjustment, 2025,
                                hire.start_level);
    hire.start_salary = max + 0.02;
    EXPECT_TRUE(has(check_hires(run), "C4 2025: " + hire.employee_id));
    hire.start_salary = max;  // the bound itself is inside
    EXPECT_FALSE(has(check_hires(run), "C4"));
  }
  {
    CollectedRun run = bundled_run();  // reference pricing, x M_Y
    SnapshotRow& hire = first_row(run, 2028, "new_hire_termination");
    hire.start_salary = 1000.0;
    EXPECT_TRUE(has(check_hires(run), "C4 2028: " + hire.employee_id));
  }
}

TEST(HireAndGrowthProperties, FirstYearCheckFailsWhenAStartSalaryIsNotS0) {
  CollectedRun run = bundled_run();
  SnapshotRow& member = first_row(run, 2025, "continuous_active");
  member.start_salary += 0.01;
  EXPECT_TRUE(has(check_hires(run), "E8 2025: " + member.employee_id)) << joined(check_hires(run));
  member.start_salary -= 0.01;
  first_row(run, 2025, "experienced_termination").start_level += 1;
  EXPECT_TRUE(has(check_hires(run), "E8 2025"));
}

TEST(HireAndGrowthProperties, GrowthCheckFailsOnEachCorruptedStatusOrLevelRow) {
  struct Case {
    const char* expect;
    std::function<void(CollectedRun&)> corrupt;
  };
  const std::vector<Case> cases = {
      {"C5 2025: continuous_active row: avg",
       [](CollectedRun& r) { *growth_row(r, 2025, "continuous_active").avg_compensation += 0.01; }},
      {"C5 2026: new_hire_active row: prior avg",
       [](CollectedRun& r) {
         *growth_row(r, 2026, "new_hire_active").prior_avg_compensation -= 0.01;
       }},
      {"C5 2027: new_hire_active row: avg prorated",
       [](CollectedRun& r) {
         *growth_row(r, 2027, "new_hire_active").avg_prorated_compensation += 0.01;
       }},
      {"C5 2028: continuous_active row: growth",
       [](CollectedRun& r) { *growth_row(r, 2028, "continuous_active").growth += 1e-9; }},
      {"C5 2029: 3 row: counts",
       [](CollectedRun& r) { ++growth_row(r, 2029, "3").population_count; }},
      {"C5 2025: 1 row: counts",
       [](CollectedRun& r) { ++growth_row(r, 2025, "1").continuous_count; }},
      {"C5 2026: 5 row: growth", [](CollectedRun& r) { growth_row(r, 2026, "5").growth.reset(); }},
      {"C5 2027: 2 row: ratio",
       [](CollectedRun& r) { growth_row(r, 2027, "2").new_hire_ratio += 0.001; }},
      // The rows, not the table: one active's FYE $1,000 higher moves its
      // status row's mean.
      {"C5 2026: continuous_active row: avg",
       [](CollectedRun& r) { first_row(r, 2026, "continuous_active").fye += 1000.0; }},
  };
  for (const Case& c : cases) {
    CollectedRun run = bundled_run();
    c.corrupt(run);
    const Failures f = check_growth_rows(run);
    EXPECT_TRUE(has(f, c.expect)) << c.expect << " not among:\n" << joined(f);
  }
}

}  // namespace
}  // namespace planwise::test
