// Spec §6 as property tests on whole runs: the bundled census and a
// generated 100,000-person census. Each property is re-derived from the
// output rows (support/property_checks.cpp), and the checks are shown to
// fail on corrupted rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "app/census_generator.hpp"
#include "common/exact_decimal.hpp"
#include "support/collected_run.hpp"
#include "support/property_checks.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

std::string joined_text(const Failures& f) {
  std::string out;
  for (const std::string& s : f) out += s + "\n";
  return out;
}

const CollectedRun& bundled_run() {
  static const CollectedRun run = collect_run(bundled_request());
  return run;
}

TEST(Properties, BundledCensusSatisfiesStructuralProperties) {
  const Failures f = check_structure(bundled_run());
  EXPECT_TRUE(f.empty()) << joined_text(f);
}

TEST(Properties, BundledCensusSatisfiesHeadCountProperties) {
  const Failures f = check_headcounts(bundled_run());
  EXPECT_TRUE(f.empty()) << joined_text(f);
}

TEST(Properties, BundledCensusSatisfiesEventProperties) {
  const Failures f = check_events(bundled_run());
  EXPECT_TRUE(f.empty()) << joined_text(f);
}

TEST(Properties, BundledCensusSatisfiesCompensationProperties) {
  const Failures f = check_compensation(bundled_run());
  EXPECT_TRUE(f.empty()) << joined_text(f);
}

TEST(Properties, BundledRunEngineChecksAllPassOrWarn) {
  for (const engine::ValidationItem& v : bundled_run().result.validation) {
    EXPECT_NE(v.status, engine::CheckStatus::kFail) << v.check_id << " " << v.message;
  }
  // The statistical checks P1-P4 and P6 all pass for seed 42 (spec §6.6).
  for (const engine::ValidationItem& v : bundled_run().result.validation) {
    if (v.check_id.size() == 2 && v.check_id[0] == 'P')
      EXPECT_EQ(v.status, engine::CheckStatus::kPass) << v.check_id;
  }
}

TEST(Properties, BundledHeadCountsMatchTheWorkedExample) {
  const auto& years = bundled_run().result.years;
  ASSERT_EQ(years.size(), 5u);
  const std::int64_t expected[5][6] = {{4378, 525, 4509, 875, 219, 4509},
                                       {4509, 541, 4644, 901, 225, 4644},
                                       {4644, 557, 4783, 928, 232, 4783},
                                       {4783, 574, 4926, 956, 239, 4926},
                                       {4926, 591, 5074, 985, 246, 5074}};
  for (std::size_t i = 0; i < 5; ++i) {
    const auto& y = years[i];
    EXPECT_EQ(y.start_headcount, expected[i][0]);
    EXPECT_EQ(y.experienced_terminations, expected[i][1]);
    EXPECT_EQ(y.target_end_headcount, expected[i][2]);
    EXPECT_EQ(y.hires, expected[i][3]);
    EXPECT_EQ(y.new_hire_terminations, expected[i][4]);
    EXPECT_EQ(y.end_headcount, expected[i][5]);
  }
  // 2025 snapshot: 3,853 continuous, 525 experienced leavers, 656 new hires
  // active and 219 new-hire leavers (§4.10).
  std::map<std::string, int> codes;
  for (const auto& r : bundled_run().snapshot) {
    if (r.year == 2025) ++codes[r.status_code];
  }
  EXPECT_EQ(codes["continuous_active"], 3853);
  EXPECT_EQ(codes["experienced_termination"], 525);
  EXPECT_EQ(codes["new_hire_active"], 656);
  EXPECT_EQ(codes["new_hire_termination"], 219);
}

TEST(Properties, BaselineLevelsMatchTheBundledProfile) {
  std::map<int, int> by_level;
  for (const auto& b : bundled_run().baseline) ++by_level[b.level];
  EXPECT_EQ(by_level[1], 2348);
  EXPECT_EQ(by_level[2], 1448);
  EXPECT_EQ(by_level[3], 250);
  EXPECT_EQ(by_level[4], 244);
  EXPECT_EQ(by_level[5], 88);
  EXPECT_EQ(bundled_run().result.baseline.avg_salary, 92622.54);
}

// The checks are only worth something if they fail on bad rows.
TEST(Properties, ChecksDetectCorruptedRows) {
  CollectedRun run = bundled_run();
  run.snapshot[10].fye += 0.01;  // breaks E7 replay and S7
  run.snapshot[20].age += 1;     // breaks S6
  run.events[5].sequence = 9;    // breaks E6
  const Failures f = check_all(run);
  auto has = [&f](const std::string& prefix) {
    return std::any_of(f.begin(), f.end(),
                       [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
  };
  EXPECT_TRUE(has("S7")) << joined_text(f);
  EXPECT_TRUE(has("E7")) << joined_text(f);
  EXPECT_TRUE(has("S6")) << joined_text(f);
  EXPECT_TRUE(has("E6")) << joined_text(f);
}

TEST(Properties, HeadCountChecksDetectAMissingHire) {
  CollectedRun run = bundled_run();
  auto it = std::find_if(run.snapshot.begin(), run.snapshot.end(), [](const SnapshotRow& r) {
    return r.year == 2026 && r.status_code == "new_hire_active";
  });
  ASSERT_NE(it, run.snapshot.end());
  run.snapshot.erase(it);
  const Failures f = check_headcounts(run);
  EXPECT_FALSE(f.empty());
}

// Issue 15 item 5: the hire split, hire pay, first-year start values and
// compensation_growth's status and level rows (support/
// hire_and_growth_checks.cpp) hold on the bundled run and on a run with
// the original level mix and band pricing, and each check fails on a row
// corrupted on purpose.
bool has_failure(const Failures& f, const std::string& prefix) {
  return std::any_of(f.begin(), f.end(),
                     [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
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

TEST(Properties, BundledRunSatisfiesHireAndGrowthProperties) {
  const Failures hires = check_hires(bundled_run());
  EXPECT_TRUE(hires.empty()) << joined_text(hires);
  const Failures growth = check_growth_rows(bundled_run());
  EXPECT_TRUE(growth.empty()) << joined_text(growth);
}

// Spec §4.10: with 40/30/20/8/2 the 875 hires of 2025 split 350/263/175/70/17
// (quotas 350, 262.5, 175, 70, 17.5; the tie of L2 and L5 goes to L2).
TEST(Properties, OriginalMixWithBandPayMatchesTheWorkedExample) {
  const CollectedRun& run = original_mix_band_run();
  ASSERT_EQ(run.result.years.size(), 1u);
  EXPECT_EQ(run.result.years[0].hires_by_level, (std::vector<std::int64_t>{350, 263, 175, 70, 17}));
  const Failures f = check_hires(run);
  EXPECT_TRUE(f.empty()) << joined_text(f);
  const Failures growth = check_growth_rows(run);
  EXPECT_TRUE(growth.empty()) << joined_text(growth);
}

TEST(Properties, SplitCheckFailsWhenAHireMovesLevel) {
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
  EXPECT_TRUE(has_failure(f, "H2 2025: hires by level 350|262|175|70|18")) << joined_text(f);
}

TEST(Properties, SplitCheckFailsOnTheSummarysLevelCounts) {
  CollectedRun run = bundled_run();
  std::vector<std::int64_t>& counts = run.result.years[2].hires_by_level;
  ++counts[0];
  --counts[1];
  const Failures f = check_hires(run);
  EXPECT_TRUE(has_failure(f, "H2 2027: year_summary hires_by_level")) << joined_text(f);
}

TEST(Properties, PayCheckFailsOutsideTheLevelRange) {
  {
    CollectedRun run = original_mix_band_run();  // band pricing: [min_l, max_l] x adj
    SnapshotRow& hire = first_row(run, 2025, "new_hire_active");
    const double max =
        run.inputs.seeds.levels[static_cast<std::size_t>(hire.start_level - 1)].max_compensation *
        run.inputs.levers.value(engine::LeverParam::kNewHireSalaryAdjustment, 2025,
                                hire.start_level);
    hire.start_salary = max + 0.02;
    EXPECT_TRUE(has_failure(check_hires(run), "C4 2025: " + hire.employee_id));
    hire.start_salary = max;  // the bound itself is inside
    EXPECT_FALSE(has_failure(check_hires(run), "C4"));
  }
  {
    CollectedRun run = bundled_run();  // reference pricing, x M_Y
    SnapshotRow& hire = first_row(run, 2028, "new_hire_termination");
    hire.start_salary = 1000.0;
    EXPECT_TRUE(has_failure(check_hires(run), "C4 2028: " + hire.employee_id));
  }
}

TEST(Properties, FirstYearCheckFailsWhenAStartSalaryIsNotS0) {
  CollectedRun run = bundled_run();
  SnapshotRow& member = first_row(run, 2025, "continuous_active");
  member.start_salary += 0.01;
  EXPECT_TRUE(has_failure(check_hires(run), "E8 2025: " + member.employee_id))
      << joined_text(check_hires(run));
  member.start_salary -= 0.01;
  first_row(run, 2025, "experienced_termination").start_level += 1;
  EXPECT_TRUE(has_failure(check_hires(run), "E8 2025"));
}

TEST(Properties, GrowthCheckFailsOnEachCorruptedStatusOrLevelRow) {
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
    EXPECT_TRUE(has_failure(f, c.expect)) << c.expect << " not among:\n" << joined_text(f);
  }
}

TEST(PropertiesSlow, GeneratedHundredThousandCensusSatisfiesEveryProperty) {
  TempDir dir;
  app::CensusSpec spec;
  spec.employees = 100000;
  spec.seed = 7;
  ASSERT_TRUE(app::generate_census(spec, dir / "census.csv").ok());
  app::InputRequest request = bundled_request();
  request.census_path = dir / "census.csv";
  const CollectedRun run = collect_run(request);
  ASSERT_EQ(run.result.years.size(), 5u);
  EXPECT_GT(run.baseline.size(), 80000u);
  const Failures f = check_all(run);
  EXPECT_TRUE(f.empty()) << joined_text(f);
  for (const engine::ValidationItem& v : run.result.validation) {
    EXPECT_NE(v.status, engine::CheckStatus::kFail) << v.check_id << " " << v.message;
  }
}

}  // namespace
}  // namespace planwise::test
