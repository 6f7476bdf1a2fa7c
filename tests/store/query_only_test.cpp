// Issue 9: a query-only open (planwise sql) is sandboxed by DuckDB's own
// settings, beneath the statement check of Database::query: even raw SQL
// through execute() cannot reach a file, load an extension or unlock the
// configuration.
#include <gtest/gtest.h>

#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

namespace fs = std::filesystem;

TEST(QueryOnlyDatabase, DuckDbSettingsRefuseFilesExtensionsAndSettings) {
  test::TempDir dir;
  const std::string path = (dir / "q.duckdb").string();
  {
    auto db = Database::open(path, OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
  }
  auto db = Database::open(path, OpenMode::kQueryOnly);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  EXPECT_TRUE((*db)->read_only());
  const fs::path csv = dir / "x.csv";
  for (const std::string& sql : std::vector<std::string>{
           "COPY (SELECT 1) TO " + sql_literal(csv.string()),
           "ATTACH " + sql_literal((dir / "o.duckdb").string()) + " AS o",
           "SELECT * FROM read_csv('/etc/passwd')", "LOAD httpfs", "INSTALL httpfs",
           "SET enable_external_access = true", "SET lock_configuration = false",
           "PRAGMA threads = 1", "CREATE TABLE t (x INTEGER)"}) {
    const Status s = (*db)->execute(sql);
    EXPECT_FALSE(s.ok()) << "allowed: " << sql;
  }
  EXPECT_FALSE(fs::exists(csv));
  EXPECT_FALSE(fs::exists(dir / "o.duckdb"));
  auto setting = (*db)->query("SELECT current_setting('enable_external_access')");
  ASSERT_TRUE(setting.ok()) << setting.error().to_string();
  EXPECT_EQ(setting->rows[0][0], "false");
}

TEST(QueryOnlyDatabase, IsNotSharedWithAnotherOpenOfTheFile) {
  test::TempDir dir;
  const std::string path = (dir / "q.duckdb").string();
  auto writer = Database::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(writer.ok()) << writer.error().to_string();
  auto sandboxed = Database::open(path, OpenMode::kQueryOnly);
  ASSERT_FALSE(sandboxed.ok());
  EXPECT_EQ(sandboxed.error().kind, ErrorKind::kConflict);
}

}  // namespace
}  // namespace planwise::store
