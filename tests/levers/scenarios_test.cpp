// Issue 3 item 3: scenarios are copied, renamed, deleted (unless that would
// orphan audit entries or runs) and diffed.
#include <gtest/gtest.h>

#include "levers/lever_store_fixture.hpp"

namespace planwise::levers {
namespace {

using namespace planwise::levers::testing;

TEST_F(LeverStoreTest, CopyOfANonDefaultScenarioHoldsItsOverridesUnlocked) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  set("b", LeverParam::kMeritBase, 0.05, {2027, std::nullopt});
  set("b", LeverParam::kColaRate, 0.03, {2028, std::nullopt});
  lock("b", LeverParam::kMeritBase, {2027, 3}, true);
  ASSERT_TRUE(store_->create_scenario("c", "b", "copy of b", ctx("someone")).ok());

  const auto b_cells = *store_->cells("b");
  const auto c_cells = *store_->cells("c");
  ASSERT_EQ(b_cells.size(), 10u);
  ASSERT_EQ(c_cells.size(), b_cells.size());
  for (std::size_t i = 0; i < c_cells.size(); ++i) {
    EXPECT_EQ(c_cells[i].scenario_id, "c");
    EXPECT_EQ(c_cells[i].parameter_name, b_cells[i].parameter_name);
    EXPECT_EQ(c_cells[i].fiscal_year, b_cells[i].fiscal_year);
    EXPECT_EQ(c_cells[i].job_level, b_cells[i].job_level);
    EXPECT_EQ(c_cells[i].value, b_cells[i].value);
    EXPECT_FALSE(c_cells[i].is_locked) << "a copy is a draft";
    EXPECT_EQ(c_cells[i].updated_by, "someone");
  }
  const engine::ResolvedLevers lb = effective("b");
  const engine::ResolvedLevers lc = effective("c");
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    for (const auto& info : engine::kLeverCatalogue) {
      for (int level = 1; level <= kLevels; ++level) {
        EXPECT_EQ(lc.value(info.param, year, level), lb.value(info.param, year, level));
        EXPECT_EQ(lc.at(info.param, year, level).source, lb.at(info.param, year, level).source);
      }
    }
  }
  auto record = store::find_scenario(*db_, "c");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->base_scenario_id, "b");
  EXPECT_EQ((*record)->stored_cells, 10);
  const store::AuditRow created = audit().back();
  EXPECT_EQ(created.event_type, "SCENARIO_CREATED");
  EXPECT_EQ(created.scenario_id, "c");
  EXPECT_EQ(created.actor, "someone");
  EXPECT_NE(created.details.find("copy of b"), std::string::npos) << created.details;
}

TEST_F(LeverStoreTest, CreateRefusesADuplicateABadNameAndAMissingSource) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  Status dup = store_->create_scenario("b", kDefaultScenario, "", ctx());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::kConflict);
  Status bad = store_->create_scenario("two words", kDefaultScenario, "", ctx());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(bad.error().column, "scenario");
  EXPECT_EQ(bad.error().rule, "scenario_name");
  EXPECT_EQ(bad.error().value, "two words");
  Status missing = store_->create_scenario("c", "nope", "", ctx());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_F(LeverStoreTest, RenameMovesTheStoredValuesAndIsAudited) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  set("b", LeverParam::kMeritBase, 0.05, {2027, 2});
  lock("b", LeverParam::kMeritBase, {2027, 2}, true);
  ASSERT_TRUE(store_->rename_scenario("b", "b2", ctx()).ok());
  auto gone = store_->cells("b");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
  const auto moved = cell("b2", "merit_base", 2027, 2);
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->value, 0.05);
  EXPECT_TRUE(moved->is_locked) << "a rename keeps the locks";
  EXPECT_EQ(effective("b2").value(LeverParam::kMeritBase, 2027, 2), 0.05);
  const store::AuditRow last = audit().back();
  EXPECT_EQ(last.event_type, "SCENARIO_RENAMED");
  EXPECT_EQ(last.scenario_id, "b2");
  EXPECT_NE(last.details.find("renamed from b"), std::string::npos) << last.details;
  Status taken = store_->rename_scenario("b2", kDefaultScenario, ctx());
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().kind, ErrorKind::kConflict);
}

TEST_F(LeverStoreTest, DefaultCannotBeRenamedOrDeleted) {
  const std::size_t before = audit().size();
  Status rename = store_->rename_scenario(kDefaultScenario, "other", ctx());
  ASSERT_FALSE(rename.ok());
  EXPECT_EQ(rename.error().kind, ErrorKind::kConflict);
  Status del = store_->delete_scenario(kDefaultScenario, ctx());
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().kind, ErrorKind::kConflict);
  EXPECT_TRUE(store_->require_scenario(kDefaultScenario).ok());
  EXPECT_EQ(store_->cells(kDefaultScenario)->size(), bundled_.size());
  EXPECT_EQ(audit().size(), before);
}

TEST_F(LeverStoreTest, ScenarioNamedOnlyByItsCreationCanBeDeletedAndTheDeletionIsAudited) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  ASSERT_TRUE(store_->create_scenario("c", "b", "", ctx()).ok());
  ASSERT_TRUE(store_->delete_scenario("c", ctx()).ok());
  EXPECT_EQ(store_->require_scenario("c").error().kind, ErrorKind::kNotFound);
  const store::AuditRow last = audit().back();
  EXPECT_EQ(last.event_type, "SCENARIO_DELETED");
  EXPECT_EQ(last.scenario_id, "c");
  auto list = store_->scenarios();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
}

TEST_F(LeverStoreTest, DeleteIsRefusedWhenAuditEntriesNameTheScenario) {
  ASSERT_TRUE(store_->create_scenario("changed", kDefaultScenario, "", ctx()).ok());
  set("changed", LeverParam::kMeritBase, 0.05, {2027, 2});
  ASSERT_TRUE(store_->create_scenario("locked", kDefaultScenario, "", ctx()).ok());
  lock("locked", LeverParam::kMeritBase, {2027, 2}, true);
  for (const char* id : {"changed", "locked"}) {
    const std::size_t before = audit().size();
    Status s = store_->delete_scenario(id, ctx());
    ASSERT_FALSE(s.ok()) << id;
    EXPECT_EQ(s.error().kind, ErrorKind::kConflict);
    EXPECT_NE(s.error().message.find("audit"), std::string::npos) << s.error().message;
    EXPECT_TRUE(store_->require_scenario(id).ok()) << id;
    EXPECT_EQ(store_->cells(id)->size(), 1u) << id;
    EXPECT_EQ(audit().size(), before);
  }
}

TEST_F(LeverStoreTest, DiffListsExactlyTheDifferingCells) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  auto same = store_->diff(kDefaultScenario, "b");
  ASSERT_TRUE(same.ok()) << same.error().to_string();
  EXPECT_TRUE(same->cells.empty());

  set("b", LeverParam::kMeritBase, 0.05, {2027, 3});
  set("b", LeverParam::kPromotionRaise, 0.10, {2028, std::nullopt});
  // Stored but equal to the default's value: not a difference.
  lock("b", LeverParam::kColaRate, {2029, std::nullopt}, true);
  auto d = store_->diff(kDefaultScenario, "b");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  EXPECT_EQ(d->a, kDefaultScenario);
  EXPECT_EQ(d->b, "b");
  ASSERT_EQ(d->cells.size(), 6u);
  int merit = 0, raise = 0;
  for (const ScenarioDiff::Cell& c : d->cells) {
    EXPECT_EQ(c.a, bundled(c.param, c.year, c.level));
    if (c.param == LeverParam::kMeritBase) {
      ++merit;
      EXPECT_EQ(c.year, 2027);
      EXPECT_EQ(c.level, 3);
      EXPECT_EQ(c.b, 0.05);
    } else {
      ++raise;
      EXPECT_EQ(c.param, LeverParam::kPromotionRaise);
      EXPECT_EQ(c.year, 2028);
      EXPECT_EQ(c.b, 0.10);
    }
  }
  EXPECT_EQ(merit, 1);
  EXPECT_EQ(raise, 5);
  EXPECT_FALSE(d->run_a.has_value());
  EXPECT_FALSE(d->run_b.has_value());
  EXPECT_TRUE(d->years.empty());

  auto reversed = store_->diff("b", kDefaultScenario);
  ASSERT_TRUE(reversed.ok());
  ASSERT_EQ(reversed->cells.size(), 6u);
  for (const ScenarioDiff::Cell& c : reversed->cells)
    EXPECT_EQ(c.b, bundled(c.param, c.year, c.level));
}

}  // namespace
}  // namespace planwise::levers
