// Issue 9: `planwise sql` is read-only in fact, not only for writes: no
// statement reaches another file or the network, loads an extension or
// changes a setting, and the database file is unchanged afterwards.
#include "app/sql_query.hpp"

#include <gtest/gtest.h>

#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;

class SqlQuery : public ::testing::Test {
 protected:
  SqlQuery() {
    // A store with its schema and one row to read back.
    auto db = store::Database::open(db_path(), store::OpenMode::kReadWrite);
    EXPECT_TRUE(db.ok()) << db.error().to_string();
    EXPECT_TRUE((*db)->execute("CREATE TABLE notes AS SELECT 7 AS n").ok());
  }
  std::string db_path() const { return (dir_ / "runs.duckdb").string(); }
  test::TempDir dir_;
};

TEST_F(SqlQuery, AnswersSelectsOnTheStore) {
  auto rows = run_read_only_sql(db_path(), "SELECT n FROM notes");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], "7");
  auto runs = run_read_only_sql(db_path(), "SELECT count(*) FROM runs");
  ASSERT_TRUE(runs.ok()) << runs.error().to_string();
  EXPECT_EQ(runs->rows[0][0], "0");
}

TEST_F(SqlQuery, RefusesEveryWayOutOfTheDatabase) {
  const std::string before = test::read_file(db_path());
  const fs::path copy_target = dir_ / "x.csv";
  const fs::path other_db = dir_ / "other.duckdb";
  const fs::path export_dir = dir_ / "exported";
  const std::vector<std::string> escapes = {
      "ATTACH " + store::sql_literal(other_db.string()) + " AS other",
      "COPY (SELECT 1) TO " + store::sql_literal(copy_target.string()),
      "COPY notes TO " + store::sql_literal(copy_target.string()),
      "EXPORT DATABASE " + store::sql_literal(export_dir.string()),
      "INSTALL httpfs",
      "LOAD httpfs",
      "LOAD parquet",
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM read_text('/etc/passwd')",
      "SELECT * FROM glob('/etc/*')",
      "SELECT * FROM sniff_csv('/etc/passwd')",
      "SELECT * FROM 'https://example.com/x.csv'",
      "SET enable_external_access = true",
      "SET lock_configuration = false",
      "RESET lock_configuration",
      "SET memory_limit = '1GB'",
      "PRAGMA threads = 1",
      "SET autoinstall_known_extensions = true",
      "CREATE TABLE t (x INTEGER)",
      "INSERT INTO notes VALUES (8)",
      "DROP TABLE notes",
      "CREATE TEMP TABLE t AS SELECT 1",
      "CHECKPOINT",
      "DETACH runs",
      "SELECT 1; DROP TABLE notes",
  };
  for (const std::string& sql : escapes) {
    auto out = run_read_only_sql(db_path(), sql);
    ASSERT_FALSE(out.ok()) << "allowed: " << sql;
    EXPECT_EQ(out.error().kind, ErrorKind::kInvalidInput) << out.error().to_string();
    EXPECT_NE(out.error().message.find("SQL error"), std::string::npos) << out.error().message;
  }
  EXPECT_FALSE(fs::exists(copy_target));
  EXPECT_FALSE(fs::exists(other_db));
  EXPECT_FALSE(fs::exists(export_dir));
  EXPECT_EQ(test::read_file(db_path()), before) << "the database file changed";
  auto rows = run_read_only_sql(db_path(), "SELECT count(*), min(n) FROM notes");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  EXPECT_EQ(rows->rows[0][0], "1");
  EXPECT_EQ(rows->rows[0][1], "7");
}

}  // namespace
}  // namespace planwise::app
