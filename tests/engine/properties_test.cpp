// Spec §6 as property tests on whole runs: the bundled census and a
// generated 100,000-person census. Each property is re-derived from the
// output rows (support/property_checks.cpp), and the checks are shown to
// fail on corrupted rows.
#include <gtest/gtest.h>

#include "app/census_generator.hpp"
#include "support/collected_run.hpp"
#include "support/property_checks.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

std::string joined(const Failures& f) {
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
  EXPECT_TRUE(f.empty()) << joined(f);
}

TEST(Properties, BundledCensusSatisfiesHeadCountProperties) {
  const Failures f = check_headcounts(bundled_run());
  EXPECT_TRUE(f.empty()) << joined(f);
}

TEST(Properties, BundledCensusSatisfiesEventProperties) {
  const Failures f = check_events(bundled_run());
  EXPECT_TRUE(f.empty()) << joined(f);
}

TEST(Properties, BundledCensusSatisfiesCompensationProperties) {
  const Failures f = check_compensation(bundled_run());
  EXPECT_TRUE(f.empty()) << joined(f);
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
  EXPECT_TRUE(has("S7")) << joined(f);
  EXPECT_TRUE(has("E7")) << joined(f);
  EXPECT_TRUE(has("S6")) << joined(f);
  EXPECT_TRUE(has("E6")) << joined(f);
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
  EXPECT_TRUE(f.empty()) << joined(f);
  for (const engine::ValidationItem& v : run.result.validation) {
    EXPECT_NE(v.status, engine::CheckStatus::kFail) << v.check_id << " " << v.message;
  }
}

}  // namespace
}  // namespace planwise::test
