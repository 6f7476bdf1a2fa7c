// Issue 3 item 6: the hash-chained audit trail. Every change appends an
// entry carrying the previous entry's hash; verification catches an edited
// row, a deleted row (the last one too, through audit_head) and a swapped
// pair, and names the first bad entry.
#include "levers/audit_trail.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "levers/lever_store.hpp"
#include "levers/lever_store_fixture.hpp"
#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::levers {
namespace {

using engine::LeverParam;

namespace fs = std::filesystem;

struct Seeded {
  test::TempDir dir;
  engine::SeedTables seeds;
  std::string error;
};

// A log of six entries, made by the store's own write paths:
//   1 SCENARIO_CREATED default   2 SCENARIO_CREATED b
//   3 PARAMETER_CHANGE b merit_base 2027 L1   4 LOCK_CHANGED b merit_base 2027 L1
//   5 PARAMETER_CHANGE b promotion_raise 2028 L2   6 LOCK_CHANGED b merit_base 2027 L1
class AuditTrailTest : public ::testing::Test {
 protected:
  // The log is written once into a template file (seeding the bundled
  // levers takes about a third of a second); every test tampers with a copy.
  static void SetUpTestSuite() {
    shared_ = std::make_unique<Seeded>();
    shared_->error = write_template();
  }
  static void TearDownTestSuite() { shared_.reset(); }

  static std::string write_template() {
    std::vector<engine::LeverRow> bundled;
    if (std::string e = testing::read_bundled(shared_->seeds, bundled); !e.empty()) return e;
    auto db = store::Database::open((shared_->dir / "template.duckdb").string(),
                                    store::OpenMode::kReadWrite);
    if (!db.ok()) return db.error().to_string();
    LeverStore writer(**db, shared_->seeds);
    std::string error;
    auto step = [&](Result<LeverPlan> plan, const std::string& actor, const std::string& reason) {
      if (!error.empty()) return;
      if (!plan.ok()) {
        error = plan.error().to_string_all();
        return;
      }
      Status s = writer.apply(*plan, ctx(actor, reason));
      if (!s.ok()) error = s.error().to_string();
    };
    Status seeded = writer.seed_default_if_empty(bundled, "comp_levers.csv", ctx("system"));
    if (!seeded.ok()) return seeded.error().to_string();
    Status created = writer.create_scenario("b", kDefaultScenario, "", ctx("ana", "draft"), true);
    if (!created.ok()) return created.error().to_string();
    step(writer.plan_set("b", {{LeverParam::kMeritBase, 0.05}}, {2027, 1}), "ana", "budget");
    step(writer.plan_lock("b", LeverParam::kMeritBase, {2027, 1}, true), "ana", "signed off");
    step(writer.plan_set("b", {{LeverParam::kPromotionRaise, 0.15}}, {2028, 2}), "bo", "market");
    step(writer.plan_lock("b", LeverParam::kMeritBase, {2027, 1}, false), "bo", "reopened");
    if (!error.empty()) return error;
    Status checkpoint = (*db)->execute("CHECKPOINT");
    return checkpoint.ok() ? "" : checkpoint.error().to_string();
  }

  void SetUp() override {
    ASSERT_TRUE(shared_->error.empty()) << shared_->error;
    fs::copy_file(shared_->dir / "template.duckdb", dir_ / "audit.duckdb");
    auto db = store::Database::open((dir_ / "audit.duckdb").string(), store::OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    db_ = std::move(db).value();
    store_ = std::make_unique<LeverStore>(*db_, shared_->seeds);
  }

  static ChangeContext ctx(const std::string& actor, const std::string& reason = "") {
    return {actor, reason, "2026-11-27T12:00:00Z"};
  }

  void apply(const Result<LeverPlan>& plan, const std::string& actor, const std::string& reason) {
    ASSERT_TRUE(plan.ok()) << plan.error().to_string_all();
    Status s = store_->apply(*plan, ctx(actor, reason));
    ASSERT_TRUE(s.ok()) << s.error().to_string();
  }

  std::vector<store::AuditRow> rows() {
    auto r = store::all_audit_rows(*db_);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? *r : std::vector<store::AuditRow>{};
  }

  AuditVerification verify() {
    auto v = verify_audit(*db_);
    EXPECT_TRUE(v.ok()) << v.error().to_string();
    return v.ok() ? *v : AuditVerification{};
  }

  void sql(const std::string& text) {
    Status s = db_->execute(text);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
  }

  void expect_broken_at(const AuditVerification& v, std::int64_t seq, std::int64_t position) {
    EXPECT_FALSE(v.intact);
    ASSERT_TRUE(v.first_bad_seq.has_value()) << v.problem;
    EXPECT_EQ(*v.first_bad_seq, seq) << v.problem;
    EXPECT_EQ(v.first_bad_position, position) << v.problem;
    EXPECT_NE(v.problem.find("entry " + std::to_string(position)), std::string::npos) << v.problem;
  }

  static inline std::unique_ptr<Seeded> shared_;
  test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<LeverStore> store_;
};

TEST_F(AuditTrailTest, EveryChangeAppendsOneEntryWithItsFields) {
  const auto log = rows();
  ASSERT_EQ(log.size(), 6u);
  const char* types[] = {"SCENARIO_CREATED", "SCENARIO_CREATED", "PARAMETER_CHANGE",
                         "LOCK_CHANGED",     "PARAMETER_CHANGE", "LOCK_CHANGED"};
  for (std::size_t i = 0; i < log.size(); ++i) {
    EXPECT_EQ(log[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(log[i].event_type, types[i]) << i;
    EXPECT_EQ(log[i].occurred_at, "2026-11-27T12:00:00Z");
  }
  const store::AuditRow& change = log[2];
  EXPECT_EQ(change.scenario_id, "b");
  EXPECT_EQ(change.fiscal_year, 2027);
  EXPECT_EQ(change.job_level, 1);
  EXPECT_EQ(change.parameter_name, "merit_base");
  EXPECT_EQ(change.old_value, 0.04037420979255127);
  EXPECT_EQ(change.new_value, 0.05);
  EXPECT_EQ(change.actor, "ana");
  EXPECT_EQ(change.reason, "budget");
  EXPECT_NE(change.details.find("default"), std::string::npos)
      << "names where the old value came from: " << change.details;
  EXPECT_EQ(log[3].details, "locked");
  EXPECT_EQ(log[3].reason, "signed off");
  EXPECT_EQ(log[5].details, "unlocked");
  EXPECT_EQ(log[5].actor, "bo");
}

TEST_F(AuditTrailTest, EachEntryCarriesThePreviousEntrysHash) {
  const auto log = rows();
  ASSERT_EQ(log.size(), 6u);
  std::string prev = kGenesisHash;
  for (const store::AuditRow& r : log) {
    EXPECT_EQ(r.prev_hash, prev) << r.seq;
    EXPECT_EQ(r.entry_hash, entry_hash(r)) << r.seq;
    EXPECT_EQ(r.entry_hash.size(), 64u);
    prev = r.entry_hash;
  }
  auto head = store::audit_head(*db_);
  ASSERT_TRUE(head.ok() && head->has_value());
  EXPECT_EQ((*head)->seq, 6);
  EXPECT_EQ((*head)->entry_hash, prev);
}

TEST_F(AuditTrailTest, IntactChainVerifies) {
  const AuditVerification v = verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.entries, 6);
  EXPECT_FALSE(v.first_bad_seq.has_value());
  EXPECT_TRUE(v.problem.empty());
}

TEST_F(AuditTrailTest, EmptyLogVerifies) {
  auto db = store::Database::open(":memory:", store::OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  auto v = verify_audit(**db);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact) << v->problem;
  EXPECT_EQ(v->entries, 0);
}

TEST_F(AuditTrailTest, EditedValueIsCaughtAtThatEntry) {
  sql("UPDATE audit_log SET new_value = 0.02 WHERE seq = 3");
  const AuditVerification v = verify();
  expect_broken_at(v, 3, 3);
  EXPECT_NE(v.problem.find("edited"), std::string::npos) << v.problem;
  EXPECT_NE(v.problem.find("PARAMETER_CHANGE"), std::string::npos) << v.problem;
}

TEST_F(AuditTrailTest, EditedActorOfTheFirstEntryIsCaught) {
  sql("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1");
  expect_broken_at(verify(), 1, 1);
}

TEST_F(AuditTrailTest, EditWithARecomputedHashIsCaughtAtTheNextEntry) {
  store::AuditRow forged = rows()[2];
  forged.new_value = 0.02;
  const std::string hash = entry_hash(forged);
  sql("UPDATE audit_log SET new_value = 0.02, entry_hash = '" + hash + "' WHERE seq = 3");
  const AuditVerification v = verify();
  expect_broken_at(v, 4, 4);
  EXPECT_NE(v.problem.find("previous-entry hash"), std::string::npos) << v.problem;
}

// An edited last entry whose own hash was recomputed: no later entry
// carries its hash, only the head does.
TEST_F(AuditTrailTest, EditOfTheLastEntryWithARecomputedHashIsCaughtByTheHead) {
  store::AuditRow forged = rows()[5];
  forged.actor = "mallory";
  sql("UPDATE audit_log SET actor = 'mallory', entry_hash = '" + entry_hash(forged) +
      "' WHERE seq = 6");
  const AuditVerification v = verify();
  EXPECT_FALSE(v.intact);
  ASSERT_TRUE(v.first_bad_seq.has_value());
  EXPECT_NE(v.problem.find("head"), std::string::npos) << v.problem;
}

TEST_F(AuditTrailTest, EditOfTheLastEntryWithARecomputedHashNamesThatEntry) {
  store::AuditRow forged = rows()[5];
  forged.actor = "mallory";
  sql("UPDATE audit_log SET actor = 'mallory', entry_hash = '" + entry_hash(forged) +
      "' WHERE seq = 6");
  expect_broken_at(verify(), 6, 6);
}

TEST_F(AuditTrailTest, DeletedMiddleEntryIsCaughtAtTheGap) {
  sql("DELETE FROM audit_log WHERE seq = 3");
  const AuditVerification v = verify();
  // Position 3 now holds seq 4.
  expect_broken_at(v, 4, 3);
  EXPECT_NE(v.problem.find("where 3 was expected"), std::string::npos) << v.problem;
}

TEST_F(AuditTrailTest, DeletedFirstEntryIsCaught) {
  sql("DELETE FROM audit_log WHERE seq = 1");
  expect_broken_at(verify(), 2, 1);
}

TEST_F(AuditTrailTest, DeletedLastEntryIsCaughtByTheHead) {
  sql("DELETE FROM audit_log WHERE seq = 6");
  const AuditVerification v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.entries, 5);
  EXPECT_EQ(v.first_bad_seq, 6) << v.problem;
  EXPECT_EQ(v.first_bad_position, 6) << v.problem;
  EXPECT_NE(v.problem.find("head records seq 6"), std::string::npos) << v.problem;
}

TEST_F(AuditTrailTest, SwappedSequenceNumbersAreCaughtAtTheFirstOfThePair) {
  sql("UPDATE audit_log SET seq = CASE seq WHEN 3 THEN 4 ELSE 3 END WHERE seq IN (3, 4)");
  const AuditVerification v = verify();
  expect_broken_at(v, 4, 3);
}

TEST_F(AuditTrailTest, SwappedContentsOfTwoRowsAreCaughtAtTheFirstOfThePair) {
  // Every column of rows 3 and 4 exchanged, each row keeping its place.
  sql("CREATE TEMP TABLE pair AS SELECT * FROM audit_log WHERE seq IN (3, 4)");
  sql("UPDATE audit_log SET seq = p.seq, occurred_at = p.occurred_at, event_type = p.event_type, "
      "scenario_id = p.scenario_id, fiscal_year = p.fiscal_year, job_level = p.job_level, "
      "parameter_name = p.parameter_name, old_value = p.old_value, new_value = p.new_value, "
      "actor = p.actor, reason = p.reason, details = p.details, prev_hash = p.prev_hash, "
      "entry_hash = p.entry_hash FROM pair p "
      "WHERE (audit_log.seq = 3 AND p.seq = 4) OR (audit_log.seq = 4 AND p.seq = 3)");
  const auto log = rows();
  ASSERT_EQ(log.size(), 6u);
  ASSERT_EQ(log[2].event_type, "LOCK_CHANGED") << "the swap did not happen";
  ASSERT_EQ(log[3].event_type, "PARAMETER_CHANGE") << "the swap did not happen";
  expect_broken_at(verify(), 4, 3);
}

TEST_F(AuditTrailTest, ReinsertedRowsInAnotherOrderAreCaught) {
  // Rows 3..6 taken out and put back as 4, 3, 5, 6: each row is unchanged,
  // only the order of the log differs.
  sql("CREATE TEMP TABLE tail AS SELECT * FROM audit_log WHERE seq >= 3");
  sql("DELETE FROM audit_log WHERE seq >= 3");
  for (int seq : {4, 3, 5, 6})
    sql("INSERT INTO audit_log SELECT * FROM tail WHERE seq = " + std::to_string(seq));
  expect_broken_at(verify(), 4, 3);
}

TEST_F(AuditTrailTest, AppendAfterVerificationKeepsTheChainIntact) {
  ASSERT_TRUE(verify().intact);
  apply(store_->plan_set("b", {{LeverParam::kMeritBase, 0.06}}, {2029, 5}), "cy", "");
  const AuditVerification v = verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.entries, 7);
}

TEST_F(AuditTrailTest, RefusedChangeAppendsNothing) {
  auto plan = store_->plan_set("b", {{LeverParam::kMeritBase, 0.2}}, {2029, 5});
  ASSERT_TRUE(plan.ok());
  Status s = store_->apply(*plan, ctx("ana"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "lever_range");
  EXPECT_EQ(rows().size(), 6u);
  EXPECT_TRUE(verify().intact);
}

}  // namespace
}  // namespace planwise::levers
