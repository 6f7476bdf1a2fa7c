// Issue 10 items 1, 3, 4: archiving, targets and budget caps of a scenario:
// each needs a reason, is audited, is validated naming its flag, and travels
// with copies and renames.
#include <gtest/gtest.h>

#include "levers/lever_store_fixture.hpp"
#include "store/scenario_tables.hpp"

namespace planwise::levers {
namespace {

using namespace planwise::levers::testing;

ChangeContext no_reason() {
  return {"analyst", " ", "2026-11-27T12:00:00Z"};
}

void expect_flag_error(const Status& s, const std::string& flag, const std::string& rule) {
  ASSERT_FALSE(s.ok()) << flag;
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(s.error().column, flag) << s.error().to_string();
  EXPECT_EQ(s.error().rule, rule) << s.error().to_string();
}

TEST_F(LeverStoreTest, EveryScenarioChangeNeedsAReasonAndChangesNothingWithout) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  const std::size_t before = audit().size();
  expect_flag_error(store_->create_scenario("c", "b", "", no_reason()), "--reason",
                    "reason_required");
  expect_flag_error(store_->rename_scenario("b", "b2", no_reason()), "--reason", "reason_required");
  expect_flag_error(store_->set_archived("b", true, no_reason()), "--reason", "reason_required");
  expect_flag_error(store_->delete_scenario("b", no_reason()), "--reason", "reason_required");
  expect_flag_error(store_->set_target("b", {}, no_reason()), "--reason", "reason_required");
  expect_flag_error(store_->set_budget_caps("b", {}, no_reason()), "--reason", "reason_required");
  EXPECT_EQ(audit().size(), before);
  EXPECT_EQ(store_->require_scenario("c").error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(store_->require_scenario("b").ok());
}

TEST_F(LeverStoreTest, ArchivedScenarioIsListedAsArchivedAndCannotBeEdited) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  ASSERT_TRUE(store_->set_archived("b", true, {"bo", "superseded", "2026-11-28T09:00:00Z"}).ok());
  const store::AuditRow archived = audit().back();
  EXPECT_EQ(archived.event_type, "SCENARIO_ARCHIVED");
  EXPECT_EQ(archived.scenario_id, "b");
  EXPECT_EQ(archived.actor, "bo");
  EXPECT_EQ(archived.reason, "superseded");
  EXPECT_TRUE(store_->scenario("b")->settings.archived);

  const std::size_t before = audit().size();
  LeverPlan p = plan_set("b", LeverParam::kMeritBase, 0.05, {2027, 1});
  Status edit = store_->apply(p, ctx());
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.error().kind, ErrorKind::kConflict);
  EXPECT_NE(edit.error().message.find("archived"), std::string::npos) << edit.error().message;
  auto locked = store_->plan_lock("b", LeverParam::kColaRate, {2028, std::nullopt}, true);
  ASSERT_TRUE(locked.ok());
  EXPECT_EQ(store_->apply(*locked, ctx()).error().kind, ErrorKind::kConflict);
  EXPECT_EQ(store_->set_target("b", {0.03, 0.001, "mean"}, ctx()).error().kind,
            ErrorKind::kConflict);
  EXPECT_EQ(store_->set_budget_caps("b", {{2026, "merit", 1e6}}, ctx()).error().kind,
            ErrorKind::kConflict);
  EXPECT_EQ(audit().size(), before);
  EXPECT_EQ(cell("b", "merit_base", 2027, 1)->value, bundled(LeverParam::kMeritBase, 2027, 1));
  // Still readable, copyable and resolvable (runs allowed).
  EXPECT_TRUE(store_->effective("b", kFirstYear, kLastYear).ok());
  ASSERT_TRUE(store_->create_scenario("c", "b", "", ctx()).ok());
  EXPECT_FALSE(store_->scenario("c")->settings.archived);

  ASSERT_TRUE(store_->set_archived("b", false, ctx()).ok());
  EXPECT_EQ(audit().back().event_type, "SCENARIO_UNARCHIVED");
  EXPECT_TRUE(store_->apply(plan_set("b", LeverParam::kMeritBase, 0.05, {2027, 1}), ctx()).ok());
  EXPECT_EQ(store_->set_archived(kDefaultScenario, true, ctx()).error().kind, ErrorKind::kConflict);
}

TEST_F(LeverStoreTest, TargetAndCapsAreStoredAuditedAndCopied) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  const store::ScenarioTarget defaults = store_->scenario("b")->settings.target;
  EXPECT_EQ(defaults.growth, 0.02);
  EXPECT_EQ(defaults.tolerance, 0.001);
  EXPECT_EQ(defaults.metric, "mean");

  ASSERT_TRUE(
      store_->set_target("b", {0.035, 0.002, "final"}, {"ana", "board ask", "2026-11-28T10:00:00Z"})
          .ok());
  const store::AuditRow target = audit().back();
  EXPECT_EQ(target.event_type, "SCENARIO_TARGET_SET");
  EXPECT_EQ(target.reason, "board ask");
  EXPECT_EQ(target.old_value, 0.02);
  EXPECT_EQ(target.new_value, 0.035);
  EXPECT_NE(target.details.find("metric final"), std::string::npos) << target.details;

  const std::vector<store::BudgetCap> caps = {
      {2027, "total", 2.5e9}, {2026, "promotion", 4e6}, {2026, "merit", 7.5e7}};
  ASSERT_TRUE(store_->set_budget_caps("b", caps, ctx()).ok());
  EXPECT_EQ(audit().back().event_type, "BUDGET_CAPS_SET");
  auto stored = store_->budget_caps("b");
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 3u);
  EXPECT_EQ(stored->at(0).year, 2026);  // by year, then pool order
  EXPECT_EQ(stored->at(0).pool, "merit");
  EXPECT_EQ(stored->at(0).amount, 7.5e7);
  EXPECT_EQ(stored->at(1).pool, "promotion");
  EXPECT_EQ(stored->at(2).pool, "total");

  for (bool inherit : {false, true}) {
    const std::string id = inherit ? "linked" : "copied";
    ASSERT_TRUE(store_->create_scenario(id, "b", "", ctx(), inherit).ok());
    const store::ScenarioRecord r = *store_->scenario(id);
    EXPECT_EQ(r.settings.target.growth, 0.035) << id;
    EXPECT_EQ(r.settings.target.tolerance, 0.002) << id;
    EXPECT_EQ(r.settings.target.metric, "final") << id;
    auto copied = store_->budget_caps(id);
    ASSERT_TRUE(copied.ok());
    ASSERT_EQ(copied->size(), 3u) << id;
    EXPECT_EQ(copied->at(2).amount, 2.5e9) << id;
  }
  // Replacing the caps with none clears them; the copies keep theirs.
  ASSERT_TRUE(store_->set_budget_caps("b", {}, ctx()).ok());
  EXPECT_TRUE(store_->budget_caps("b")->empty());
  EXPECT_EQ(store_->budget_caps("copied")->size(), 3u);

  // A rename carries them; a delete removes them.
  ASSERT_TRUE(store_->rename_scenario("copied", "copied2", ctx()).ok());
  EXPECT_EQ(store_->scenario("copied2")->settings.target.metric, "final");
  EXPECT_EQ(store_->budget_caps("copied2")->size(), 3u);
  auto rows = db_->query("SELECT count(*) FROM scenario_budget_caps WHERE scenario_id = 'copied'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0][0], std::optional<std::string>("0"));
}

TEST_F(LeverStoreTest, TargetAndCapsOutOfRangeAreRefusedNamingTheFlag) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  const std::size_t before = audit().size();
  expect_flag_error(store_->set_target("b", {0.6, 0.001, "mean"}, ctx()), "--growth",
                    "target_growth_range");
  expect_flag_error(store_->set_target("b", {-0.51, 0.001, "mean"}, ctx()), "--growth",
                    "target_growth_range");
  expect_flag_error(store_->set_target("b", {0.02, 0.0, "mean"}, ctx()), "--tolerance",
                    "target_tolerance_range");
  expect_flag_error(store_->set_target("b", {0.02, 0.001, "compound"}, ctx()), "--metric",
                    "target_metric");
  expect_flag_error(store_->set_budget_caps("b", {{2027, "merit", -1.0}}, ctx()), "--amount",
                    "budget_amount");
  expect_flag_error(store_->set_budget_caps("b", {{2027, "bonus", 1.0}}, ctx()), "--pool",
                    "budget_pool");
  expect_flag_error(store_->set_budget_caps("b", {{2031, "merit", 1.0}}, ctx()), "--year",
                    "budget_year_range");
  expect_flag_error(store_->set_budget_caps("b", {{2027, "cola", 1.0}, {2027, "cola", 2.0}}, ctx()),
                    "--pool", "budget_cap_unique");
  EXPECT_EQ(audit().size(), before);
  EXPECT_EQ(store_->scenario("b")->settings.target.growth, 0.02);
  EXPECT_TRUE(store_->budget_caps("b")->empty());
  // The edges are allowed.
  EXPECT_TRUE(store_->set_target("b", {-0.5, 0.5, "final"}, ctx()).ok());
  EXPECT_TRUE(
      store_->set_budget_caps("b", {{2025, "total", 0.0}, {2029, "cola", 1.0}}, ctx()).ok());
  // The year's total payroll (prorated) is a pool too: what the optimizer's cost cap limits.
  EXPECT_TRUE(store_->set_budget_caps("b", {{2027, "payroll", 5e8}}, ctx()).ok());
}

TEST_F(LeverStoreTest, DeleteOfAnInheritedScenarioIsRefused) {
  ASSERT_TRUE(store_->create_scenario("a", kDefaultScenario, "", ctx()).ok());
  ASSERT_TRUE(store_->create_scenario("b", "a", "", ctx(), true).ok());
  Status s = store_->delete_scenario("a", ctx());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kConflict);
  EXPECT_NE(s.error().message.find("inherited by b"), std::string::npos) << s.error().message;
  // Renaming the base keeps the link.
  ASSERT_TRUE(store_->rename_scenario("a", "a2", ctx()).ok());
  EXPECT_EQ(store_->scenario("b")->base_scenario_id, "a2");
  EXPECT_EQ(*store_->chain("b"), (std::vector<std::string>{"b", "a2"}));
}

TEST_F(LeverStoreTest, DatabaseWithoutTheScenarioTablesReadsDefaultsAndGainsThemOnAWriteOpen) {
  ASSERT_TRUE(store_->create_scenario("b", kDefaultScenario, "", ctx()).ok());
  ASSERT_TRUE(db_->execute("DROP TABLE scenario_settings").ok());
  ASSERT_TRUE(db_->execute("DROP TABLE scenario_budget_caps").ok());
  ASSERT_TRUE(db_->execute("CHECKPOINT").ok());
  const fs::path file = dir_ / "levers.duckdb";
  store_.reset();
  db_.reset();
  {
    // An older file opened read-only: every scenario has the defaults.
    auto ro = store::Database::open(file.string(), store::OpenMode::kReadOnly);
    ASSERT_TRUE(ro.ok()) << ro.error().to_string();
    LeverStore reader(**ro, seeds_);
    auto list = reader.scenarios();
    ASSERT_TRUE(list.ok()) << list.error().to_string();
    ASSERT_EQ(list->size(), 2u);
    for (const store::ScenarioRecord& r : *list) {
      EXPECT_FALSE(r.settings.inherits);
      EXPECT_FALSE(r.settings.archived);
      EXPECT_EQ(r.settings.target.growth, 0.02);
    }
    EXPECT_TRUE(reader.budget_caps("b")->empty());
    EXPECT_TRUE(reader.effective("b", kFirstYear, kLastYear).ok());
  }
  open(file);  // read-write: the schema is brought up to date
  ASSERT_TRUE(store_->set_target("b", {0.03, 0.001, "mean"}, ctx()).ok());
  ASSERT_TRUE(store_->set_budget_caps("b", {{2026, "merit", 1.0}}, ctx()).ok());
  EXPECT_EQ(store_->scenario("b")->settings.target.growth, 0.03);
  EXPECT_EQ(store_->budget_caps("b")->size(), 1u);
}

}  // namespace
}  // namespace planwise::levers
