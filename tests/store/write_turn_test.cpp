// Issue 15 item 4: writers of one file in this process take turns with a
// bounded wait, and DuckDB's own write-write conflicts are refused the same
// clean way (kConflict, rule write_busy: HTTP 409 with Retry-After, CLI exit 4).
#include <gtest/gtest.h>

#include <chrono>

#include "store/database.hpp"
#include "store/write_turn.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

// Restores the process's wait after a test shortens it.
struct ShortWriteWait {
  explicit ShortWriteWait(std::chrono::milliseconds wait) : saved(write_wait()) {
    set_write_wait(wait);
  }
  ~ShortWriteWait() { set_write_wait(saved); }
  std::chrono::milliseconds saved;
};

TEST(WriteTurn, ASecondWriterIsRefusedAfterTheBoundedWaitNotHung) {
  test::TempDir dir;
  const std::string path = (dir / "turns.duckdb").string();
  ShortWriteWait wait(std::chrono::milliseconds(100));
  auto first = Database::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  auto second = Database::open(path, OpenMode::kReadWrite);  // the same instance
  ASSERT_TRUE(second.ok()) << second.error().to_string();

  ASSERT_TRUE((*first)->begin_transaction().ok());
  const Status busy = (*second)->begin_transaction();
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(busy.error().rule, kWriteBusyRule);
  EXPECT_NE(busy.error().message.find("database " + path + " is busy with another write"),
            std::string::npos)
      << busy.error().message;
  EXPECT_NE(busy.error().message.find("waited 100 ms"), std::string::npos) << busy.error().message;
  EXPECT_FALSE((*second)->in_transaction());

  // Once the first writer is done, the second gets its turn.
  ASSERT_TRUE((*first)->commit().ok());
  ASSERT_TRUE((*second)->begin_transaction().ok());
  (*second)->rollback();
}

TEST(WriteTurn, TheWaitComesFromTheSettingAndDefaultsToAFewSeconds) {
  ShortWriteWait wait(std::chrono::milliseconds(250));
  EXPECT_EQ(write_wait(), std::chrono::milliseconds(250));
  set_write_wait(std::chrono::milliseconds(5000));
  EXPECT_EQ(write_wait(), std::chrono::seconds(5));
}

TEST(WriteTurn, DuckDbsWriteWriteConflictIsACleanRetryableRefusal) {
  test::TempDir dir;
  const std::string path = (dir / "conflict.duckdb").string();
  auto first = Database::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  auto second = Database::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  ASSERT_TRUE((*first)->execute("CREATE TABLE cell (k INTEGER PRIMARY KEY, v INTEGER)").ok());
  ASSERT_TRUE((*first)->execute("INSERT INTO cell VALUES (1, 10)").ok());

  // A statement outside the turns (auto-commit) meets an open transaction
  // that changed the same row: DuckDB refuses one of them.
  ASSERT_TRUE((*first)->begin_transaction().ok());
  ASSERT_TRUE((*first)->execute("UPDATE cell SET v = 11 WHERE k = 1").ok());
  const Status clash = (*second)->execute("UPDATE cell SET v = 12 WHERE k = 1");
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().kind, ErrorKind::kConflict) << clash.error().to_string();
  EXPECT_EQ(clash.error().rule, kWriteBusyRule);
  EXPECT_NE(clash.error().message.find("nothing was written"), std::string::npos);
  // The same through query(), which reports other failures as SQL errors.
  auto queried = (*second)->query("UPDATE cell SET v = 13 WHERE k = 1");
  ASSERT_FALSE(queried.ok());
  EXPECT_EQ(queried.error().rule, kWriteBusyRule) << queried.error().to_string();
  ASSERT_TRUE((*first)->commit().ok());
  auto v = (*second)->query("SELECT v FROM cell WHERE k = 1");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->rows.front().front().value_or(""), "11");
}

}  // namespace
}  // namespace planwise::store
