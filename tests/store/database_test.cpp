// Opening the run store: DuckDB's thread cap for a process that writes one
// run (issue 13 item 4) holds for every later open of the same file.
#include "store/database.hpp"

#include <gtest/gtest.h>

#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

std::string threads_setting(Database& db) {
  auto r = db.query("SELECT current_setting('threads')");
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r.ok() ? r->rows.front().front().value_or("") : std::string();
}

TEST(Database, ThreadCapOfTheFirstOpenHoldsForLaterOpensOfTheFile) {
  test::TempDir dir;
  const std::string path = (dir / "runs.duckdb").string();
  auto writer = Database::open(path, OpenMode::kReadWrite, 1);
  ASSERT_TRUE(writer.ok()) << writer.error().to_string();
  EXPECT_EQ(threads_setting(**writer), "1");
  // A second open in this process shares the instance as it is.
  auto reader = Database::open(path, OpenMode::kReadOnly, 2);
  ASSERT_TRUE(reader.ok()) << reader.error().to_string();
  EXPECT_EQ(threads_setting(**reader), "1");
}

TEST(Database, ThreadCapAppliesToANewInstanceOnly) {
  test::TempDir dir;
  const std::string path = (dir / "runs.duckdb").string();
  {
    auto first = Database::open(path, OpenMode::kReadWrite, 2);
    ASSERT_TRUE(first.ok()) << first.error().to_string();
    EXPECT_EQ(threads_setting(**first), "2");
  }
  // The first instance is closed: this open starts a new one, with its cap.
  auto again = Database::open(path, OpenMode::kReadWrite, 1);
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(threads_setting(**again), "1");
}

std::string table_count(Database& db) {
  auto r = db.query("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'memory'");
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r.ok() ? r->rows.front().front().value_or("") : std::string();
}

// Issue 15 item 3: reading a Parquet census opened an in-memory database
// with the whole store schema, which under the sanitizers took over 10 s per
// file (the fuzz target's time limit).
TEST(Database, ScratchOpenIsWritableAndHasNoStoreSchema) {
  auto scratch = Database::open(":memory:", OpenMode::kScratch);
  ASSERT_TRUE(scratch.ok()) << scratch.error().to_string();
  EXPECT_EQ(table_count(**scratch), "0");
  EXPECT_TRUE((*scratch)->execute("CREATE TABLE t AS SELECT 1 AS x").ok());
  auto store = Database::open(":memory:", OpenMode::kReadWrite);
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  EXPECT_NE(table_count(**store), "0");
}

TEST(Database, ScratchOpenOfAFileIsRefused) {
  test::TempDir dir;
  auto scratch = Database::open((dir / "runs.duckdb").string(), OpenMode::kScratch);
  ASSERT_FALSE(scratch.ok());
  EXPECT_EQ(scratch.error().kind, ErrorKind::kInternal);
}

}  // namespace
}  // namespace planwise::store
