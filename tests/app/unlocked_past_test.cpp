// Issue 10 item 6: the unlocked-past guard, with the current year given.
#include "app/unlocked_past.hpp"

#include <gtest/gtest.h>

#include "levers/lever_store_fixture.hpp"

namespace planwise::levers {
namespace {

using namespace planwise::levers::testing;

void expect_needs_confirmation(const Status& s, const std::string& years) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(s.error().rule, "confirmation_required");
  EXPECT_EQ(s.error().column, "--confirm");
  EXPECT_NE(s.error().message.find("writes " + years), std::string::npos) << s.error().message;
}

TEST_F(LeverStoreTest, UnlockedPastGuardAsksOnlyWhenNoPastYearIsLocked) {
  ASSERT_TRUE(store_->create_scenario("free", kDefaultScenario, "", ctx(), true).ok());
  // Future years only: nothing to confirm.
  EXPECT_TRUE(app::check_unlocked_past(*store_, "free", {2027, 2028}, false, 2026).ok());
  EXPECT_TRUE(app::check_unlocked_past(*store_, "free", {}, false, 2026).ok());
  expect_needs_confirmation(
      app::check_unlocked_past(*store_, "free", {2026, 2029, 2025}, false, 2026), "2025, 2026");
  EXPECT_TRUE(app::check_unlocked_past(*store_, "free", {2026}, true, 2026).ok());
  // The default and a plain copy lock 2025: their past is protected.
  EXPECT_TRUE(app::check_unlocked_past(*store_, kDefaultScenario, {2026}, false, 2026).ok());
  ASSERT_TRUE(store_->create_scenario("copy", kDefaultScenario, "", ctx()).ok());
  EXPECT_TRUE(app::check_unlocked_past(*store_, "copy", {2025, 2026}, false, 2026).ok());
  // A lock in a future year does not protect the past.
  lock("free", LeverParam::kColaRate, {2028, std::nullopt}, true);
  expect_needs_confirmation(app::check_unlocked_past(*store_, "free", {2026}, false, 2026), "2026");
  lock("free", LeverParam::kColaRate, {2026, 1}, true);
  EXPECT_TRUE(app::check_unlocked_past(*store_, "free", {2026}, false, 2026).ok());
  EXPECT_EQ(app::check_unlocked_past(*store_, "missing", {2026}, false, 2026).error().kind,
            ErrorKind::kNotFound);
}

}  // namespace
}  // namespace planwise::levers
