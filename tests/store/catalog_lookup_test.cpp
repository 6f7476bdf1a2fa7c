// Database::has_tables and has_column: what a reader learns of the tables and
// columns added after schema version 1, and what it may remember.
#include <gtest/gtest.h>

#include <string>

#include "store/database.hpp"

namespace planwise::store {
namespace {

std::unique_ptr<Database> scratch() {
  auto db = Database::open(":memory:", OpenMode::kScratch);
  EXPECT_TRUE(db.ok()) << db.error().to_string();
  return db.ok() ? std::move(db).value() : nullptr;
}

bool answer(const Result<bool>& r) {
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r.ok() && *r;
}

TEST(CatalogLookup, AllNamedTablesOrViewsMustExist) {
  auto db = scratch();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->execute("CREATE TABLE a (x INTEGER)").ok());
  ASSERT_TRUE(db->execute("CREATE VIEW v AS SELECT x FROM a").ok());
  EXPECT_TRUE(answer(db->has_tables({"a"})));
  EXPECT_TRUE(answer(db->has_tables({"a", "v"})));
  EXPECT_FALSE(answer(db->has_tables({"a", "b"})));
  EXPECT_FALSE(answer(db->has_tables({"b"})));
}

TEST(CatalogLookup, ATableCreatedLaterIsFoundAfterAMiss) {
  auto db = scratch();
  ASSERT_TRUE(db);
  EXPECT_FALSE(answer(db->has_tables({"late"})));
  ASSERT_TRUE(db->execute("CREATE TABLE late (x INTEGER)").ok());
  EXPECT_TRUE(answer(db->has_tables({"late"})));
}

TEST(CatalogLookup, ATableOfARolledBackTransactionIsNotRemembered) {
  auto db = scratch();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->begin_transaction().ok());
  ASSERT_TRUE(db->execute("CREATE TABLE gone (x INTEGER)").ok());
  // The transaction sees its own table ...
  EXPECT_TRUE(answer(db->has_tables({"gone"})));
  db->rollback();
  // ... but once it is rolled back, the answer comes from the catalogue again.
  EXPECT_FALSE(answer(db->has_tables({"gone"})));
}

TEST(CatalogLookup, AColumnIsFoundOnlyOnItsOwnTable) {
  auto db = scratch();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->execute("CREATE TABLE runs (run_id VARCHAR, what_if BOOLEAN)").ok());
  ASSERT_TRUE(db->execute("CREATE TABLE other (hash_format INTEGER)").ok());
  EXPECT_TRUE(answer(db->has_column("runs", "what_if")));
  EXPECT_TRUE(answer(db->has_column("runs", "what_if")));  // remembered, same answer
  EXPECT_FALSE(answer(db->has_column("runs", "hash_format")));
  EXPECT_FALSE(answer(db->has_column("audit_log", "hash_format")));
  ASSERT_TRUE(db->execute("ALTER TABLE runs ADD COLUMN hash_format INTEGER").ok());
  EXPECT_TRUE(answer(db->has_column("runs", "hash_format")));
}

// A view's columns are asked of the catalogue (table descriptions answer
// tables only); a missing table has no column.
TEST(CatalogLookup, AViewsColumnsAndAMissingTablesAreAnsweredToo) {
  auto db = scratch();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->execute("CREATE TABLE runs (run_id VARCHAR)").ok());
  ASSERT_TRUE(db->execute("CREATE VIEW run_ids AS SELECT run_id AS id FROM runs").ok());
  EXPECT_TRUE(answer(db->has_column("run_ids", "id")));
  EXPECT_FALSE(answer(db->has_column("run_ids", "run_id")));
  EXPECT_FALSE(answer(db->has_column("nowhere", "run_id")));
  EXPECT_TRUE(answer(db->has_tables({"runs", "run_ids"})));
}

TEST(CatalogLookup, AColumnAddedInARolledBackTransactionIsNotRemembered) {
  auto db = scratch();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->execute("CREATE TABLE runs (run_id VARCHAR)").ok());
  ASSERT_TRUE(db->begin_transaction().ok());
  ASSERT_TRUE(db->execute("ALTER TABLE runs ADD COLUMN what_if BOOLEAN").ok());
  EXPECT_TRUE(answer(db->has_column("runs", "what_if")));
  db->rollback();
  EXPECT_FALSE(answer(db->has_column("runs", "what_if")));
}

}  // namespace
}  // namespace planwise::store
