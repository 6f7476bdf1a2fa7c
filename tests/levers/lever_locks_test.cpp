// Issue 3 item 5: a locked cell is never changed, on every write path (set,
// bulk apply, import, optimizer); locking and unlocking are audited.
#include <gtest/gtest.h>

#include "levers/lever_store_fixture.hpp"

namespace planwise::levers {
namespace {

using namespace planwise::levers::testing;

TEST_F(LeverStoreTest, LockAndUnlockAreAuditedAsLockChanged) {
  const double value = bundled(LeverParam::kMeritBase, 2026, 2);
  lock(kDefaultScenario, LeverParam::kMeritBase, {2026, 2}, true);
  ASSERT_TRUE(cell(kDefaultScenario, "merit_base", 2026, 2)->is_locked);
  store::AuditRow last = audit().back();
  EXPECT_EQ(last.event_type, "LOCK_CHANGED");
  EXPECT_EQ(last.scenario_id, kDefaultScenario);
  EXPECT_EQ(last.fiscal_year, 2026);
  EXPECT_EQ(last.job_level, 2);
  EXPECT_EQ(last.parameter_name, "merit_base");
  EXPECT_EQ(last.old_value, value);
  EXPECT_EQ(last.new_value, value);
  EXPECT_EQ(last.details, "locked");
  EXPECT_EQ(last.actor, "analyst");

  // Locking a locked cell changes nothing and writes nothing.
  auto again = store_->plan_lock(kDefaultScenario, LeverParam::kMeritBase, {2026, 2}, true);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->lock_changes.empty());
  EXPECT_EQ(again->unchanged, 1u);
  const std::size_t before = audit().size();
  ASSERT_TRUE(store_->apply(*again, ctx()).ok());
  EXPECT_EQ(audit().size(), before);

  lock(kDefaultScenario, LeverParam::kMeritBase, {2026, 2}, false);
  EXPECT_FALSE(cell(kDefaultScenario, "merit_base", 2026, 2)->is_locked);
  last = audit().back();
  EXPECT_EQ(last.event_type, "LOCK_CHANGED");
  EXPECT_EQ(last.details, "unlocked");
  EXPECT_EQ(last.fiscal_year, 2026);
  EXPECT_EQ(last.job_level, 2);
  EXPECT_EQ(cell(kDefaultScenario, "merit_base", 2026, 2)->value, value);
  EXPECT_EQ(count_events("LOCK_CHANGED"), 2u);

  // Unlocked, the cell takes a set again.
  set(kDefaultScenario, LeverParam::kMeritBase, 0.05, {2026, 2});
  EXPECT_EQ(cell(kDefaultScenario, "merit_base", 2026, 2)->value, 0.05);
}

TEST_F(LeverStoreTest, SetOfOneLockedCellIsSkippedAndReported) {
  const double locked = bundled(LeverParam::kMeritBase, 2026, 2);
  lock(kDefaultScenario, LeverParam::kMeritBase, {2026, 2}, true);
  const std::size_t before = audit().size();
  LeverPlan p = plan_set(kDefaultScenario, LeverParam::kMeritBase, 0.05, {2026, 2});
  EXPECT_TRUE(p.changes.empty());
  ASSERT_EQ(p.skipped_locked.size(), 1u);
  const SkippedCell& s = p.skipped_locked[0];
  EXPECT_EQ(s.year, 2026);
  EXPECT_EQ(s.level, 2);
  EXPECT_EQ(s.param, LeverParam::kMeritBase);
  EXPECT_EQ(s.locked_value, locked);
  EXPECT_EQ(s.requested_value, 0.05);
  EXPECT_EQ(p.proposed.value(LeverParam::kMeritBase, 2026, 2), locked);
  ASSERT_TRUE(store_->apply(p, ctx()).ok());
  EXPECT_EQ(cell(kDefaultScenario, "merit_base", 2026, 2)->value, locked);
  EXPECT_TRUE(cell(kDefaultScenario, "merit_base", 2026, 2)->is_locked);
  EXPECT_EQ(audit().size(), before) << "a skipped cell is not a change";
}

TEST_F(LeverStoreTest, BulkApplyOverAllYearsAndLevelsSkipsEveryLockedCell) {
  // The bundled file locks 2025 at every level; lock 2027 level 4 too.
  lock(kDefaultScenario, LeverParam::kMeritBase, {2027, 4}, true);
  const std::size_t changes_before = count_events("PARAMETER_CHANGE");
  LeverPlan p = plan_set(kDefaultScenario, LeverParam::kMeritBase, 0.05, {});
  ASSERT_EQ(p.skipped_locked.size(), 6u);
  EXPECT_EQ(p.changes.size(), 19u);
  for (const SkippedCell& s : p.skipped_locked) {
    EXPECT_TRUE(s.year == 2025 || (s.year == 2027 && s.level == 4)) << s.year << " L" << s.level;
    EXPECT_EQ(s.locked_value, bundled(LeverParam::kMeritBase, s.year, s.level));
    EXPECT_EQ(s.requested_value, 0.05);
  }
  ASSERT_TRUE(store_->apply(p, ctx()).ok());
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    for (int level = 1; level <= kLevels; ++level) {
      const bool locked = year == 2025 || (year == 2027 && level == 4);
      const auto c = cell(kDefaultScenario, "merit_base", year, level);
      ASSERT_TRUE(c.has_value());
      EXPECT_EQ(c->value, locked ? bundled(LeverParam::kMeritBase, year, level) : 0.05)
          << year << " L" << level;
      EXPECT_EQ(c->is_locked, locked) << year << " L" << level;
    }
  }
  EXPECT_EQ(count_events("PARAMETER_CHANGE"), changes_before + 19);
}

TEST_F(LeverStoreTest, ImportSkipsLockedCellsAndNeverUnlocks) {
  lock(kDefaultScenario, LeverParam::kMeritBase, {2026, 2}, true);
  test::TempDir dir;
  const double locked_2025_2 = bundled(LeverParam::kMeritBase, 2025, 2);
  // Every row says "unlocked"; two differ from a locked cell, one equals it.
  test::write_file(
      dir / "comp_levers.csv",
      "scenario_id,fiscal_year,job_level,event_type,parameter_name,parameter_value,is_locked,"
      "created_at,created_by\n"
      "default,2026,2,RAISE,merit_base,0.05,0,2026-11-01,analyst\n"
      "default,2025,1,RAISE,merit_base,0.06,0,2026-11-01,analyst\n"
      "default,2025,2,RAISE,merit_base,0.03034019072050115,0,2026-11-01,analyst\n"
      "default,2026,3,RAISE,merit_base,0.05,0,2026-11-01,analyst\n");
  ASSERT_EQ(locked_2025_2, 0.03034019072050115);
  auto file = io::read_lever_csv(dir / "comp_levers.csv", kLevels);
  ASSERT_TRUE(file.ok()) << file.error().to_string_all();
  auto p = store_->plan_import(kDefaultScenario, file->rows);
  ASSERT_TRUE(p.ok()) << p.error().to_string_all();
  ASSERT_EQ(p->skipped_locked.size(), 2u);
  EXPECT_EQ(p->skipped_locked[0].year, 2026);
  EXPECT_EQ(p->skipped_locked[0].level, 2);
  EXPECT_EQ(p->skipped_locked[0].locked_value, bundled(LeverParam::kMeritBase, 2026, 2));
  EXPECT_EQ(p->skipped_locked[0].requested_value, 0.05);
  EXPECT_EQ(p->skipped_locked[1].year, 2025);
  EXPECT_EQ(p->skipped_locked[1].level, 1);
  EXPECT_EQ(p->skipped_locked[1].locked_value, bundled(LeverParam::kMeritBase, 2025, 1));
  EXPECT_EQ(p->skipped_locked[1].requested_value, 0.06);
  ASSERT_EQ(p->changes.size(), 1u);
  EXPECT_EQ(p->changes[0].year, 2026);
  EXPECT_EQ(p->changes[0].level, 3);
  EXPECT_TRUE(p->lock_changes.empty()) << "an import never unlocks";
  ASSERT_TRUE(store_->apply(*p, ctx()).ok());
  for (auto [year, level] : {std::pair{2026, 2}, std::pair{2025, 1}, std::pair{2025, 2}}) {
    const auto c = cell(kDefaultScenario, "merit_base", year, level);
    EXPECT_TRUE(c->is_locked) << year << " L" << level;
    EXPECT_EQ(c->value, bundled(LeverParam::kMeritBase, year, level)) << year << " L" << level;
  }
  EXPECT_EQ(cell(kDefaultScenario, "merit_base", 2026, 3)->value, 0.05);
  EXPECT_EQ(count_events("LOCK_CHANGED"), 1u);
}

TEST_F(LeverStoreTest, ImportedLockFlagLocksTheCellAsAnAuditedAction) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  engine::LeverRow r;
  r.scenario_id = "b";
  r.fiscal_year = 2028;
  r.job_level = 5;
  r.event_type = "PROMOTION";
  r.param = LeverParam::kPromotionRaise;
  r.value = 0.15;
  r.is_locked = true;
  auto p = store_->plan_import("b", {r});
  ASSERT_TRUE(p.ok()) << p.error().to_string_all();
  EXPECT_EQ(p->changes.size(), 1u);
  EXPECT_EQ(p->lock_changes.size(), 1u);
  ASSERT_TRUE(store_->apply(*p, ctx()).ok());
  const auto c = cell("b", "promotion_raise", 2028, 5);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->value, 0.15);
  EXPECT_TRUE(c->is_locked);
  const auto rows = audit();
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[rows.size() - 2].event_type, "PARAMETER_CHANGE");
  EXPECT_EQ(rows.back().event_type, "LOCK_CHANGED");
  EXPECT_EQ(rows.back().details, "locked");
  // A later set on that cell is skipped.
  LeverPlan later = plan_set("b", LeverParam::kPromotionRaise, 0.2, {2028, 5});
  EXPECT_EQ(later.skipped_locked.size(), 1u);
}

TEST_F(LeverStoreTest, ImportRowOutsideTheStoreYearsNamesLineAndColumn) {
  engine::LeverRow r;
  r.scenario_id = kDefaultScenario;
  r.fiscal_year = 2040;
  r.job_level = 1;
  r.param = LeverParam::kMeritBase;
  r.value = 0.03;
  r.line = 7;
  auto p = store_->plan_import(kDefaultScenario, {r});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(p.error().row, 7);
  EXPECT_EQ(p.error().column, "fiscal_year");
  EXPECT_EQ(p.error().rule, "lever_range_of_store");
  EXPECT_EQ(p.error().value, "2040");
}

TEST_F(LeverStoreTest, OptimizerWritesThroughTheSamePathAndCannotPassALock) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  lock("b", LeverParam::kMeritBase, {2028, 3}, true);  // pins the inherited value
  const double pinned = bundled(LeverParam::kMeritBase, 2028, 3);
  ASSERT_EQ(cell("b", "merit_base", 2028, 3)->value, pinned);
  const std::size_t before = audit().size();
  LeverPlan p = plan_set("b", LeverParam::kMeritBase, 0.045, {2028, std::nullopt});
  ASSERT_EQ(p.skipped_locked.size(), 1u);
  EXPECT_EQ(p.skipped_locked[0].level, 3);
  EXPECT_EQ(p.skipped_locked[0].locked_value, pinned);
  EXPECT_EQ(p.skipped_locked[0].requested_value, 0.045);
  ASSERT_TRUE(store_->apply(p, ctx("optimization_engine")).ok());
  EXPECT_EQ(cell("b", "merit_base", 2028, 3)->value, pinned);
  EXPECT_TRUE(cell("b", "merit_base", 2028, 3)->is_locked);
  const auto rows = audit();
  ASSERT_EQ(rows.size(), before + 4);
  for (std::size_t i = before; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].event_type, "PARAMETER_CHANGE");
    EXPECT_EQ(rows[i].actor, "optimization_engine");
    EXPECT_NE(rows[i].job_level, 3);
    EXPECT_EQ(rows[i].new_value, 0.045);
  }
  for (int level : {1, 2, 4, 5}) {
    EXPECT_EQ(cell("b", "merit_base", 2028, level)->updated_by, "optimization_engine");
  }
}

TEST_F(LeverStoreTest, LockingAnInheritedCellPinsItsValueWhenTheDefaultChanges) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  const double old_value = bundled(LeverParam::kPromotionProbability, 2029, 1);
  lock("b", LeverParam::kPromotionProbability, {2029, 1}, true);
  set(kDefaultScenario, LeverParam::kPromotionProbability, 0.15, {2029, 1});
  const engine::ResolvedLevers lv = effective("b");
  EXPECT_EQ(lv.at(LeverParam::kPromotionProbability, 2029, 1).value, old_value);
  EXPECT_EQ(lv.at(LeverParam::kPromotionProbability, 2029, 1).source, ParamSource::kScenario);
  EXPECT_EQ(effective(kDefaultScenario).value(LeverParam::kPromotionProbability, 2029, 1), 0.15);
}

TEST_F(LeverStoreTest, PlanMadeBeforeALockDoesNotOverwriteTheLockedCell) {
  const double value = bundled(LeverParam::kMeritBase, 2026, 2);
  // An optimizer plans a change; meanwhile an analyst locks the cell.
  LeverPlan stale = plan_set(kDefaultScenario, LeverParam::kMeritBase, 0.05, {2026, 2});
  ASSERT_EQ(stale.changes.size(), 1u);
  lock(kDefaultScenario, LeverParam::kMeritBase, {2026, 2}, true);
  Status s = store_->apply(stale, ctx("optimization_engine"));
  if (!s.ok()) EXPECT_EQ(s.error().kind, ErrorKind::kConflict) << s.error().to_string();
  const auto c = cell(kDefaultScenario, "merit_base", 2026, 2);
  EXPECT_TRUE(c->is_locked);
  EXPECT_EQ(c->value, value) << "a locked cell is never changed";
}

// ---- scenarios ----

}  // namespace
}  // namespace planwise::levers
