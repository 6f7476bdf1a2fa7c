// Issue 11 item 4: audit_log's hash_format column. Rows keep the format
// they were written with; a file from before the column reads as format 1
// when opened read-only, and gains the column (1 for its rows) on a
// read-write open; a row without a format reads as 0.
#include "store/audit_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

AuditRow audit_row(std::int64_t seq, int format) {
  AuditRow r;
  r.seq = seq;
  r.occurred_at = "2026-11-27T12:00:00Z";
  r.event_type = "PARAMETER_CHANGE";
  r.scenario_id = "b";
  r.parameter_name = "merit_base";
  r.actor = "ana";
  r.prev_hash = std::string(64, '0');
  r.entry_hash = std::string(64, 'a' + static_cast<char>(seq));
  r.hash_format = format;
  return r;
}

std::vector<int> formats(Database& db) {
  auto rows = all_audit_rows(db);
  EXPECT_TRUE(rows.ok()) << rows.error().to_string();
  std::vector<int> out;
  if (rows.ok())
    for (const AuditRow& r : *rows) out.push_back(r.hash_format);
  return out;
}

TEST(AuditTable, RowsKeepTheFormatTheyWereWrittenWith) {
  auto db = Database::open(":memory:", OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  ASSERT_TRUE(append_audit_rows(**db, {audit_row(1, 1), audit_row(2, 2), audit_row(3, 3)}).ok());
  EXPECT_EQ(formats(**db), (std::vector<int>{1, 2, 3}));
  auto last = last_audit_row(**db);
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->hash_format, 3);
  ASSERT_TRUE((*db)->execute("UPDATE audit_log SET hash_format = NULL WHERE seq = 2").ok());
  EXPECT_EQ(formats(**db), (std::vector<int>{1, 0, 3}));
}

TEST(AuditTable, AFileFromBeforeTheFormatColumnReadsAsLegacyAndGainsTheColumn) {
  test::TempDir dir;
  const std::string file = (dir / "old.duckdb").string();
  {
    auto db = Database::open(file, OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE(append_audit_rows(**db, {audit_row(1, 2), audit_row(2, 2)}).ok());
    ASSERT_TRUE((*db)->execute("ALTER TABLE audit_log DROP COLUMN hash_format").ok());
    ASSERT_TRUE((*db)->execute("CHECKPOINT").ok());
  }
  {
    auto db = Database::open(file, OpenMode::kReadOnly);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    EXPECT_EQ(formats(**db), (std::vector<int>{1, 1}));
    auto filtered = audit_rows(**db, AuditFilter{});
    ASSERT_TRUE(filtered.ok()) << filtered.error().to_string();
    EXPECT_EQ(filtered->size(), 2u);
  }
  auto db = Database::open(file, OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  auto column = (*db)->query(
      "SELECT count(*) FROM information_schema.columns WHERE table_name = 'audit_log' AND "
      "column_name = 'hash_format'");
  ASSERT_TRUE(column.ok());
  EXPECT_EQ(column->rows.front().front(), std::optional<std::string>("1"));
  ASSERT_TRUE(append_audit_rows(**db, {audit_row(3, 2)}).ok());
  EXPECT_EQ(formats(**db), (std::vector<int>{1, 1, 2}));
}

}  // namespace
}  // namespace planwise::store
