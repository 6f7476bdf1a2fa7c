// A database written by a newer program is refused, on the read-only path
// (schema up to date) as on the write path, instead of being used or changed.
// One written before a table or column was added gains it in place on its
// next read-write open (the one catalogue query of issue 13 item 4).
#include "store/schema.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/run_tables.hpp"
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

std::int64_t count_of(Database& db, const std::string& sql) {
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
    // Its tables, not the views over them and the run files (row_files.hpp).
    ASSERT_TRUE((*db)->execute("DROP VIEW pay_budget; DROP TABLE pay_budget").ok());
    ASSERT_TRUE((*db)->execute("ALTER TABLE runs DROP COLUMN target_metric").ok());
    ASSERT_TRUE((*db)->execute("ALTER TABLE audit_log DROP COLUMN hash_format").ok());
  }
  auto db = Database::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  EXPECT_EQ(count_of(**db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'pay_budget'"),
            1);
  EXPECT_EQ(count_of(**db,
                     "SELECT count(*) FROM duckdb_columns() WHERE (table_name = 'runs' AND "
                     "column_name = 'target_metric') OR (table_name = 'audit_log' AND column_name "
                     "= 'hash_format')"),
            2);
}

// Issue 14 item 3: a year_summary stored with the pipe-joined hires_by_level
// column has it moved into the long table (level 1 first) and dropped.
TEST(Schema, APipeJoinedHiresByLevelColumnMovesIntoTheLongTable) {
  test::TempDir dir;
  const std::string path = (dir / "pipes.duckdb").string();
  {
    auto db = Database::open(path, OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    for (const char* sql :
         {"DROP VIEW hires_by_level", "DROP VIEW year_summary", "DROP TABLE hires_by_level",
          "ALTER TABLE year_summary ADD COLUMN hires_by_level VARCHAR",
          "INSERT INTO year_summary (run_id, simulation_year, hires, hires_by_level) VALUES "
          "('run_a', 2025, 830, '483|278|47|5|17'), ('run_a', 2026, 3, '0|1|2'), "
          "('run_b', 2025, 0, '')"}) {
      ASSERT_TRUE((*db)->execute(sql).ok()) << sql;
    }
  }
  auto db = Database::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  EXPECT_EQ(count_of(**db,
                     "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'year_summary' AND "
                     "column_name = 'hires_by_level'"),
            0);
  // The open asked for the column before dropping it: it is not remembered.
  auto column = (*db)->has_column("year_summary", "hires_by_level");
  ASSERT_TRUE(column.ok()) << column.error().to_string();
  EXPECT_FALSE(*column);
  auto rows = (*db)->query(
      "SELECT run_id, simulation_year, level_id, hires FROM hires_by_level ORDER BY ALL");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  std::string text;
  for (const auto& row : rows->rows) {
    for (const auto& cell : row) text += cell.value_or("null") + ",";
    text += "\n";
  }
  EXPECT_EQ(text,
            "run_a,2025,1,483,\nrun_a,2025,2,278,\nrun_a,2025,3,47,\nrun_a,2025,4,5,\n"
            "run_a,2025,5,17,\nrun_a,2026,1,0,\nrun_a,2026,2,1,\nrun_a,2026,3,2,\n");
}

// Version 2 (issue 13 item 4) stands for every table, column and report view
// of this program, so that a read-write open checks one number. A version-1
// file, even one whose tables are all there, takes the upgrade path once:
// its report views are made again and it is marked version 2.
TEST(Schema, AVersionOneFileIsUpgradedOnceWithItsReportViews) {
  test::TempDir dir;
  const std::string path = (dir / "v1.duckdb").string();
  {
    auto db = Database::open(path, OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    EXPECT_EQ(count_of(**db, "SELECT max(version) FROM schema_version"), kSchemaVersion);
    ASSERT_TRUE((*db)
                    ->execute("DELETE FROM schema_version; INSERT INTO schema_version VALUES (1, "
                              "now()); DROP VIEW v_compliance_report")
                    .ok());
  }
  auto db = Database::open(path, OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  EXPECT_EQ(count_of(**db, "SELECT max(version) FROM schema_version"), 2);
  EXPECT_EQ(count_of(**db,
                     "SELECT count(*) FROM duckdb_views() WHERE view_name = "
                     "'v_compliance_report'"),
            1);
}

TEST(Schema, AReadOnlyReadOfATableAnOlderProgramNeverMadeSaysHowToUpgrade) {
  test::TempDir dir;
  const std::string path = (dir / "old.duckdb").string();
  {
    auto db = Database::open(path, OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE((*db)->execute("DROP VIEW hires_by_level; DROP TABLE hires_by_level").ok());
  }
  auto db = Database::open(path, OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  auto rows = run_table(**db, "run_a", "hires_by_level", PersonalData::kMasked);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().kind, ErrorKind::kStorage);
  EXPECT_NE(rows.error().message.find("older planwise"), std::string::npos) << rows.error().message;
  EXPECT_NE(rows.error().message.find(path), std::string::npos) << rows.error().message;
  // A table that exists still reads (no rows for an unknown run).
  EXPECT_TRUE(run_table(**db, "run_a", "year_summary", PersonalData::kMasked).ok());
}

}  // namespace
}  // namespace planwise::store
