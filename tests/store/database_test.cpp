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

}  // namespace
}  // namespace planwise::store
