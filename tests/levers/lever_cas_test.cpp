// Issue 15 item 4: a lever write is a compare-and-swap. Inside its write
// transaction, each cell it changes must still hold the value its plan was
// made from (and the value its writer saw); otherwise it is refused naming
// the cells, their values now and who changed them.
#include <gtest/gtest.h>

#include <chrono>

#include "common/number_text.hpp"
#include "levers/lever_store_fixture.hpp"
#include "store/write_turn.hpp"

namespace planwise::levers {
namespace {

using namespace planwise::levers::testing;

std::size_t changes_of(const std::vector<store::AuditRow>& rows, const std::string& actor) {
  std::size_t n = 0;
  for (const store::AuditRow& a : rows)
    n += a.event_type == kParameterChange && a.actor == actor ? 1 : 0;
  return n;
}

TEST_F(LeverStoreTest, AWriteInterleavedBetweenPlanAndCommitMakesTheLaterOneStale) {
  const double original = bundled(LeverParam::kMeritBase, 2027, 2);
  LeverPlan alice = plan_set(kDefaultScenario, LeverParam::kMeritBase, 0.05, {2027, 2});
  ASSERT_EQ(alice.changes.size(), 1u);
  EXPECT_EQ(alice.changes[0].old_value, original);
  // Bob writes the same cell after Alice planned.
  set(kDefaultScenario, LeverParam::kMeritBase, 0.041, {2027, 2}, "bob");

  const Status refused = store_->apply(alice, ctx("alice"));
  ASSERT_FALSE(refused.ok());
  const Error& e = refused.error();
  EXPECT_EQ(e.kind, ErrorKind::kConflict);
  EXPECT_EQ(e.rule, kStaleWriteRule);
  EXPECT_NE(e.message.find("1 lever cell changed since this change was planned; nothing was saved"),
            std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("scenario default, 2027 level 2, merit_base: 0.041 now (planned from " +
                           shortest_text(original) + "), changed by bob at 2026-11-27T12:00:00Z"),
            std::string::npos)
      << e.message;
  // Nothing of Alice's was written; Bob's value stands.
  EXPECT_EQ(effective(kDefaultScenario).value(LeverParam::kMeritBase, 2027, 2), 0.041);
  EXPECT_EQ(changes_of(audit(), "alice"), 0u);
  EXPECT_EQ(changes_of(audit(), "bob"), 1u);
}

TEST_F(LeverStoreTest, TheWritersExpectedValueIsComparedToo) {
  const double original = bundled(LeverParam::kMeritBase, 2027, 3);
  LeverPlan plan = plan_set(kDefaultScenario, LeverParam::kMeritBase, 0.05, {2027, 3});
  ASSERT_EQ(plan.changes.size(), 1u);
  // The client read another value than the one the plan was made from.
  plan.changes[0].expected = 0.031;
  const Status refused = store_->apply(plan, ctx("alice"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, kStaleWriteRule);
  EXPECT_NE(refused.error().message.find(shortest_text(original) + " now (planned from 0.031)"),
            std::string::npos)
      << refused.error().message;
  // The store was seeded with this value: no audit entry names the cell.
  EXPECT_NE(refused.error().message.find("no audit entry names the cell"), std::string::npos);
  plan.changes[0].expected = original;
  ASSERT_TRUE(store_->apply(plan, ctx("alice")).ok());
  EXPECT_EQ(effective(kDefaultScenario).value(LeverParam::kMeritBase, 2027, 3), 0.05);
}

TEST_F(LeverStoreTest, ALockSetSincePlanningAnotherLockIsStale) {
  auto plan = store_->plan_lock(kDefaultScenario, LeverParam::kColaRate, {2028, 1}, true);
  ASSERT_TRUE(plan.ok()) << plan.error().to_string();
  ASSERT_EQ(plan->lock_changes.size(), 1u);
  lock(kDefaultScenario, LeverParam::kColaRate, {2028, 1}, true);  // someone else, first
  const Status refused = store_->apply(*plan, ctx("alice"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, kStaleWriteRule);
  EXPECT_NE(refused.error().message.find("cola_rate: locked now (planned from unlocked)"),
            std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("(LOCK_CHANGED"), std::string::npos)
      << refused.error().message;
}

TEST_F(LeverStoreTest, AChangeOfAnInheritedValueIsStaleAndNamesTheBaseScenario) {
  ASSERT_TRUE(store_->create_scenario("linked", kDefaultScenario, "", ctx(), true).ok());
  LeverPlan alice = plan_set("linked", LeverParam::kMeritBase, 0.05, {2028, 2});
  ASSERT_EQ(alice.changes.size(), 1u);
  set(kDefaultScenario, LeverParam::kMeritBase, 0.039, {2028, 2}, "carol");
  const Status refused = store_->apply(alice, ctx("alice"));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("scenario linked, 2028 level 2, merit_base: 0.039 now"),
            std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("changed by carol"), std::string::npos);
  EXPECT_NE(refused.error().message.find("PARAMETER_CHANGE of scenario default"), std::string::npos)
      << refused.error().message;
}

// The check is made inside the write transaction: while one write holds
// its turn (here inside `also`, after its check and its writes, before its
// commit), another writer of the same file cannot come between; it is
// refused as busy after the bounded wait, and its plan, made before the
// first write committed, is then refused as stale.
TEST_F(LeverStoreTest, NoWriteCanComeBetweenTheCheckAndTheCommit) {
  const std::chrono::milliseconds saved = store::write_wait();
  store::set_write_wait(std::chrono::milliseconds(100));
  auto other_db =
      store::Database::open((dir_ / "levers.duckdb").string(), store::OpenMode::kReadWrite);
  ASSERT_TRUE(other_db.ok()) << other_db.error().to_string();
  LeverStore other(**other_db, seeds_);
  auto bob = other.plan_set(kDefaultScenario, {{LeverParam::kMeritBase, 0.06}}, {2027, 4});
  ASSERT_TRUE(bob.ok());
  LeverPlan alice = plan_set(kDefaultScenario, LeverParam::kMeritBase, 0.05, {2027, 4});

  Status bob_during = Status::success();
  ASSERT_TRUE(store_
                  ->apply(alice, ctx("alice"),
                          [&]() -> Status {
                            bob_during = other.apply(*bob, ctx("bob"));
                            return Status::success();
                          })
                  .ok());
  ASSERT_FALSE(bob_during.ok());
  EXPECT_EQ(bob_during.error().rule, store::kWriteBusyRule) << bob_during.error().to_string();

  const Status bob_after = other.apply(*bob, ctx("bob"));
  store::set_write_wait(saved);
  ASSERT_FALSE(bob_after.ok());
  EXPECT_EQ(bob_after.error().rule, kStaleWriteRule);
  EXPECT_NE(bob_after.error().message.find("0.05 now"), std::string::npos);
  EXPECT_NE(bob_after.error().message.find("changed by alice"), std::string::npos);
  EXPECT_EQ(effective(kDefaultScenario).value(LeverParam::kMeritBase, 2027, 4), 0.05);
  EXPECT_EQ(changes_of(audit(), "bob"), 0u);
}

}  // namespace
}  // namespace planwise::levers
