// A database written by a newer program is refused, on the read-only path
// (schema up to date) as on the write path, instead of being used or changed.
// One written before a table or column was added gains it in place on its
// next read-write open (the one catalogue query of issue 13 item 4).
#include "store/schema.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

TEST(Schema, RefusesADatabaseWithANewerSchemaVersion) {
  test::TempDir dir;
  const std::string path = (dir / "newer.duckdb").string();
  {
    auto db = Database::open(path, OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE((*db)
                    ->execute("INSERT INTO schema_version VALUES (" +
                              std::to_string(kSchemaVersion + 1) + ", now())")
                    .ok());
  }
  auto again = Database::open(path, OpenMode::kReadWrite);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("newer than this program's"), std::string::npos)
      << again.error().to_string();
}

std::int64_t count(Database& db, const std::string& sql) {
  auto r = db.query(sql);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r.ok() ? std::stoll(r->rows.front().front().value_or("-1")) : -1;
}

TEST(Schema, AnOlderDatabaseGainsMissingTablesAndColumnsOnAReadWriteOpen) {
  test::TempDir dir;
  const std::string path = (dir / "older.duckdb").string();
  {
    auto db = Database::open(path, OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE((*db)->execute("DROP TABLE pay_budget").ok());
    ASSERT_TRUE((*db)->execute("ALTER TABLE runs DROP COLUMN target_metric").ok());
    ASSERT_TRUE((*db)->execute("ALTER TABLE audit_log DROP COLUMN hash_format").ok());
  }
  auto db = Database::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  EXPECT_EQ(count(**db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'pay_budget'"), 1);
  EXPECT_EQ(count(**db,
                  "SELECT count(*) FROM duckdb_columns() WHERE (table_name = 'runs' AND "
                  "column_name = 'target_metric') OR (table_name = 'audit_log' AND column_name "
                  "= 'hash_format')"),
            2);
}

}  // namespace
}  // namespace planwise::store
