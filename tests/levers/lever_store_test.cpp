// Issue 3 items 1 and 2: resolution runs scenario -> default -> seed-table
// default and every value reports its source.
#include <gtest/gtest.h>

#include "levers/lever_store_fixture.hpp"

namespace planwise::levers {
namespace {

using namespace planwise::levers::testing;

TEST_F(LeverStoreTest, ScenarioCellBeatsDefaultWhichBeatsSeedTableDefault) {
  // The default scenario lacks merit_base 2026 at levels 3 and 4.
  std::vector<engine::LeverRow> rows;
  for (const engine::LeverRow& r : bundled_) {
    if (r.param == LeverParam::kMeritBase && r.fiscal_year == 2026 &&
        (r.job_level == 3 || r.job_level == 4))
      continue;
    rows.push_back(r);
  }
  open_with(rows);
  // Inheriting: b stores nothing of its own, so each tier shows through.
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx(), true).ok());
  set("b", LeverParam::kMeritBase, 0.031, {2026, 2});  // over a default cell
  LeverPlan over_seed = plan_set("b", LeverParam::kMeritBase, 0.033, {2026, 3});
  ASSERT_EQ(over_seed.changes.size(), 1u);
  EXPECT_EQ(over_seed.changes[0].old_source, ParamSource::kSeedDefault);
  EXPECT_EQ(over_seed.changes[0].old_value, 0.045);  // config_job_levels level 3
  ASSERT_TRUE(store_->apply(over_seed, ctx()).ok());

  auto resolved = store_->effective("b", kFirstYear, kLastYear);
  ASSERT_TRUE(resolved.ok()) << resolved.error().to_string_all();
  const engine::ResolvedLevers& lv = resolved->levers;
  EXPECT_EQ(lv.at(LeverParam::kMeritBase, 2026, 1).value, bundled(LeverParam::kMeritBase, 2026, 1));
  EXPECT_EQ(lv.at(LeverParam::kMeritBase, 2026, 1).source, ParamSource::kDefault);
  EXPECT_EQ(lv.at(LeverParam::kMeritBase, 2026, 2).value, 0.031);
  EXPECT_EQ(lv.at(LeverParam::kMeritBase, 2026, 2).source, ParamSource::kScenario);
  EXPECT_EQ(lv.at(LeverParam::kMeritBase, 2026, 3).value, 0.033);
  EXPECT_EQ(lv.at(LeverParam::kMeritBase, 2026, 3).source, ParamSource::kScenario);
  EXPECT_EQ(lv.at(LeverParam::kMeritBase, 2026, 4).value, 0.05);  // config_job_levels level 4
  EXPECT_EQ(lv.at(LeverParam::kMeritBase, 2026, 4).source, ParamSource::kSeedDefault);
  // The seed fallback is also reported as a warning of the resolution.
  bool warned = false;
  for (const engine::ValidationItem& w : resolved->warnings) {
    warned = warned || (w.check_id == "lever_seed_default" &&
                        w.message.find("merit_base for 2026") != std::string::npos);
  }
  EXPECT_TRUE(warned);

  // The default scenario itself: its own cells are tier one, the gap is seeded.
  const engine::ResolvedLevers def = effective(kDefaultScenario);
  EXPECT_EQ(def.at(LeverParam::kMeritBase, 2026, 2).source, ParamSource::kScenario);
  EXPECT_EQ(def.at(LeverParam::kMeritBase, 2026, 3).value, 0.045);
  EXPECT_EQ(def.at(LeverParam::kMeritBase, 2026, 3).source, ParamSource::kSeedDefault);

  // export_rows gives the same values and names where an unstored one came from.
  auto exported = store_->export_rows("b");
  ASSERT_TRUE(exported.ok()) << exported.error().to_string();
  EXPECT_EQ(exported->size(), static_cast<std::size_t>(5 * 5 * kLevels));
  int seen = 0;
  for (const engine::LeverRow& r : *exported) {
    EXPECT_EQ(r.scenario_id, "b");
    EXPECT_EQ(r.value, lv.value(r.param, r.fiscal_year, r.job_level));
    if (r.param != LeverParam::kMeritBase || r.fiscal_year != 2026) continue;
    ++seen;
    const char* expected_by[] = {"default", "analyst", "analyst", "seed_default", "default"};
    EXPECT_EQ(r.created_by, expected_by[r.job_level - 1]) << "level " << r.job_level;
  }
  EXPECT_EQ(seen, kLevels);
}

TEST_F(LeverStoreTest, InheritingFromDefaultStoresNothingAndResolvesEveryValueFromDefault) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "draft", ctx(), true).ok());
  auto cells = store_->cells("b");
  ASSERT_TRUE(cells.ok());
  EXPECT_TRUE(cells->empty());
  auto list = store_->scenarios();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  const store::ScenarioRecord& b = list->at(list->at(0).scenario_id == "b" ? 0 : 1);
  EXPECT_EQ(b.scenario_id, "b");
  EXPECT_EQ(b.base_scenario_id, kDefaultScenario);
  EXPECT_EQ(b.stored_cells, 0);
  EXPECT_TRUE(b.settings.inherits);
  EXPECT_EQ(b.description, "draft");

  const engine::ResolvedLevers lv = effective("b");
  const engine::ResolvedLevers def = effective(kDefaultScenario);
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    for (const auto& info : engine::kLeverCatalogue) {
      for (int level = 1; level <= kLevels; ++level) {
        EXPECT_EQ(lv.at(info.param, year, level).source, ParamSource::kDefault)
            << info.name << " " << year << " L" << level;
        EXPECT_EQ(lv.value(info.param, year, level), def.value(info.param, year, level));
        // Running the default scenario, its own rows are the scenario tier.
        EXPECT_EQ(def.at(info.param, year, level).source, ParamSource::kScenario);
      }
    }
  }
  auto exported = store_->export_rows("b");
  ASSERT_TRUE(exported.ok());
  for (const engine::LeverRow& r : *exported) {
    EXPECT_EQ(r.created_by, "default");
    EXPECT_EQ(r.is_locked, false) << "the default's locks are not the copy's";
  }
}

TEST_F(LeverStoreTest, SettingTheInheritedValueStoresNothing) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx(), true).ok());
  LeverPlan p =
      plan_set("b", LeverParam::kMeritBase, bundled(LeverParam::kMeritBase, 2027, 1), {2027, 1});
  EXPECT_TRUE(p.changes.empty());
  EXPECT_EQ(p.unchanged, 1u);
  const std::size_t before = audit().size();
  ASSERT_TRUE(store_->apply(p, ctx()).ok());
  EXPECT_EQ(audit().size(), before);
  EXPECT_TRUE(store_->cells("b")->empty());
}

TEST_F(LeverStoreTest, SelectorsOutsideTheStoreNameTheFlag) {
  auto year = store_->plan_set(kDefaultScenario, {{LeverParam::kMeritBase, 0.03}}, {2040, 1});
  ASSERT_FALSE(year.ok());
  EXPECT_EQ(year.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(year.error().column, "--year");
  EXPECT_EQ(year.error().rule, "selector_range");
  EXPECT_EQ(year.error().value, "2040");
  EXPECT_NE(year.error().message.find("2025"), std::string::npos) << year.error().message;
  auto level = store_->plan_lock(kDefaultScenario, LeverParam::kMeritBase, {2026, 6}, true);
  ASSERT_FALSE(level.ok());
  EXPECT_EQ(level.error().column, "--level");
  EXPECT_EQ(level.error().rule, "selector_range");
  EXPECT_EQ(level.error().value, "6");
  auto missing = store_->plan_set("nope", {{LeverParam::kMeritBase, 0.03}}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(missing.error().message.find("nope"), std::string::npos);
}

// ---- locks ----

}  // namespace
}  // namespace planwise::levers
