// Issue 3 item 3, issue 10 item 1: scenarios are copied (effective values
// and locks) or inherit (a chain), renamed, deleted (unless that would orphan
// audit entries, runs or inheritors) and diffed.
#include <gtest/gtest.h>

#include "levers/lever_store_fixture.hpp"

namespace planwise::levers {
namespace {

using namespace planwise::levers::testing;

TEST_F(LeverStoreTest, CopyStoresTheSourcesEffectiveValuesAndLocks) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  set("b", LeverParam::kMeritBase, 0.05, {2027, std::nullopt});
  set("b", LeverParam::kColaRate, 0.03, {2028, std::nullopt});
  lock("b", LeverParam::kMeritBase, {2027, 3}, true);
  ASSERT_TRUE(store_->create_scenario("c", "b", "copy of b", ctx("someone")).ok());

  const auto b_cells = *store_->cells("b");
  const auto c_cells = *store_->cells("c");
  ASSERT_EQ(b_cells.size(), 125u) << "a copy of default stores every value";
  ASSERT_EQ(c_cells.size(), b_cells.size());
  for (std::size_t i = 0; i < c_cells.size(); ++i) {
    EXPECT_EQ(c_cells[i].scenario_id, "c");
    EXPECT_EQ(c_cells[i].parameter_name, b_cells[i].parameter_name);
    EXPECT_EQ(c_cells[i].fiscal_year, b_cells[i].fiscal_year);
    EXPECT_EQ(c_cells[i].job_level, b_cells[i].job_level);
    EXPECT_EQ(c_cells[i].value, b_cells[i].value);
    EXPECT_EQ(c_cells[i].is_locked, b_cells[i].is_locked)
        << c_cells[i].parameter_name << " " << c_cells[i].fiscal_year << " L"
        << c_cells[i].job_level;
    EXPECT_EQ(c_cells[i].updated_by, "someone");
  }
  EXPECT_TRUE(cell("c", "merit_base", 2027, 3)->is_locked);
  EXPECT_TRUE(cell("c", "merit_base", 2025, 1)->is_locked) << "the default's 2025 lock";
  EXPECT_FALSE(cell("c", "merit_base", 2027, 2)->is_locked);
  const engine::ResolvedLevers lb = effective("b");
  const engine::ResolvedLevers lc = effective("c");
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    for (const auto& info : engine::kLeverCatalogue) {
      for (int level = 1; level <= kLevels; ++level) {
        EXPECT_EQ(lc.value(info.param, year, level), lb.value(info.param, year, level));
        EXPECT_EQ(lc.at(info.param, year, level).source, ParamSource::kScenario);
      }
    }
  }
  auto record = store::find_scenario(*db_, "c");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->base_scenario_id, "b");
  EXPECT_FALSE((*record)->settings.inherits);
  EXPECT_EQ((*record)->stored_cells, 125);
  EXPECT_EQ((*record)->locked_cells, 26);
  const store::AuditRow created = audit().back();
  EXPECT_EQ(created.event_type, "SCENARIO_CREATED");
  EXPECT_EQ(created.scenario_id, "c");
  EXPECT_EQ(created.actor, "someone");
  EXPECT_EQ(created.reason, "test");
  EXPECT_NE(created.details.find("copy of b with 125 stored values"), std::string::npos)
      << created.details;
  EXPECT_NE(created.details.find("26 locks"), std::string::npos) << created.details;
}

// The trap of issue 10: a copy of default stayed linked to it, so an edit of
// default changed the copy.
TEST_F(LeverStoreTest, PlainCopyDoesNotFollowLaterEditsOfItsSource) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  set(kDefaultScenario, LeverParam::kMeritBase, 0.061, {2028, 2});
  EXPECT_EQ(effective(kDefaultScenario).value(LeverParam::kMeritBase, 2028, 2), 0.061);
  EXPECT_EQ(effective("b").value(LeverParam::kMeritBase, 2028, 2),
            bundled(LeverParam::kMeritBase, 2028, 2));
}

TEST_F(LeverStoreTest, InheritResolvesThroughTheChainAndSeesLaterEditsOfTheBase) {
  ASSERT_TRUE(store_->create_scenario("a", kDefaultScenario, "", ctx()).ok());
  set("a", LeverParam::kMeritBase, 0.044, {2027, 1});
  ASSERT_TRUE(store_->create_scenario("b", "a", "", ctx(), true).ok());
  ASSERT_TRUE(store_->create_scenario("c", "b", "", ctx(), true).ok());
  EXPECT_TRUE(store_->cells("c")->empty());
  EXPECT_EQ(*store_->chain("c"), (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_EQ(effective("c").value(LeverParam::kMeritBase, 2027, 1), 0.044);

  // A later edit of the base shows through both links; b's own value wins over a's.
  set("a", LeverParam::kMeritBase, 0.047, {2027, 1});
  set("a", LeverParam::kColaRate, 0.031, {2029, std::nullopt});
  set("b", LeverParam::kMeritBase, 0.033, {2028, 2});
  const engine::ResolvedLevers lc = effective("c");
  EXPECT_EQ(lc.value(LeverParam::kMeritBase, 2027, 1), 0.047);
  EXPECT_EQ(lc.cola(2029), 0.031);
  EXPECT_EQ(lc.value(LeverParam::kMeritBase, 2028, 2), 0.033);
  // c's own edit wins over the chain and stays c's.
  set("c", LeverParam::kMeritBase, 0.021, {2027, 1});
  EXPECT_EQ(effective("c").value(LeverParam::kMeritBase, 2027, 1), 0.021);
  EXPECT_EQ(effective("a").value(LeverParam::kMeritBase, 2027, 1), 0.047);
  EXPECT_EQ(store_->cells("c")->size(), 1u);

  // A base's lock is not the inheritor's: c may still change 2025.
  EXPECT_FALSE(effective("c").at(LeverParam::kMeritBase, 2025, 1).is_locked.value_or(false));
  EXPECT_EQ(plan_set("c", LeverParam::kMeritBase, 0.03, {2025, 1}).changes.size(), 1u);

  // A copy of an inheriting scenario stores its effective values: a's edits
  // no longer reach it.
  ASSERT_TRUE(store_->create_scenario("d", "c", "", ctx()).ok());
  set("a", LeverParam::kColaRate, 0.011, {2029, std::nullopt});
  EXPECT_EQ(effective("c").cola(2029), 0.011);
  EXPECT_EQ(effective("d").cola(2029), 0.031);
  auto record = store_->scenario("b");
  ASSERT_TRUE(record.ok());
  EXPECT_TRUE(record->settings.inherits);
  EXPECT_EQ(record->base_scenario_id, "a");
}

TEST_F(LeverStoreTest, ACycleInTheStoredChainIsAnErrorNotALoop) {
  ASSERT_TRUE(store_->create_scenario("a", kDefaultScenario, "", ctx(), true).ok());
  ASSERT_TRUE(store_->create_scenario("b", "a", "", ctx(), true).ok());
  // Only a hand-edited database can hold a cycle: the API cannot make one.
  ASSERT_TRUE(
      db_->execute("UPDATE scenarios SET base_scenario_id = 'b' WHERE scenario_id = 'a'").ok());
  auto chain = store_->chain("b");
  ASSERT_FALSE(chain.ok());
  EXPECT_NE(chain.error().message.find("cycle"), std::string::npos) << chain.error().message;
  EXPECT_FALSE(store_->effective("b", kFirstYear, kLastYear).ok());
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
    EXPECT_EQ(store_->cells(id)->size(), 125u) << id;
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
