// The store's own Parquet writer (issue 13 item 4): DuckDB reads back every
// column kind with its DuckDB type, nulls where they were set, across row
// groups; an unfinished file leaves nothing behind.
#include "store/parquet_writer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

std::vector<ParquetColumn> every_kind() {
  return {{"big", ParquetKind::kBigint, false},     {"ubig", ParquetKind::kUbigint, false},
          {"small", ParquetKind::kSmallint, false}, {"tiny", ParquetKind::kUtinyint, true},
          {"real", ParquetKind::kDouble, true},     {"day", ParquetKind::kDate, true},
          {"flag", ParquetKind::kBoolean, true},    {"name", ParquetKind::kVarchar, false},
          {"band", ParquetKind::kVarchar, true}};
}

// Row i's values; every third row has its nullable columns null. Every
// name is formatted into the same buffer, as the store formats ids: the
// writer must copy the text when it is set.
void fill_rows(std::size_t first, std::size_t n, ParquetWriter::Columns& c) {
  std::string name;
  for (std::size_t k = 0; k < n; ++k) {
    const auto i = static_cast<std::int64_t>(first + k);
    c.data<std::int64_t>(0)[k] = i - 1000;
    c.data<std::uint64_t>(1)[k] = (std::uint64_t{1} << 63) + static_cast<std::uint64_t>(i);
    c.data<std::int16_t>(2)[k] = static_cast<std::int16_t>(2025 + i % 5);
    c.data<std::uint8_t>(3)[k] = static_cast<std::uint8_t>(200 + i % 50);
    c.data<double>(4)[k] = 0.5 + static_cast<double>(i) / 3.0;
    c.data<std::int32_t>(5)[k] = static_cast<std::int32_t>(20000 + i);
    c.data<bool>(6)[k] = i % 2 == 0;
    name = "employee \"" + std::to_string(i) + "\" é";
    c.set_text(7, k, name);
    name = i % 4 == 1 ? "2-4" : "< 2";
    c.set_text(8, k, name);
    if (i % 3 == 0) {
      for (std::size_t col : {3, 4, 5, 6, 8}) c.set_null(col, k);
    }
  }
}

TEST(ParquetWriter, DuckDbReadsBackEveryKindWithItsTypeAndNullsAcrossRowGroups) {
  test::TempDir dir;
  const auto path = dir / "rows.parquet";
  auto writer = ParquetWriter::create(path, every_kind());
  ASSERT_TRUE(writer.ok()) << writer.error().to_string();
  const std::size_t rows = 300001;  // three row groups, the last one short
  ASSERT_TRUE((*writer)
                  ->append(rows, [&](std::size_t first, std::size_t n,
                                     ParquetWriter::Columns& c) { fill_rows(first, n, c); })
                  .ok());
  ASSERT_TRUE((*writer)->finish().ok()) << (*writer)->status().error().to_string();

  auto db = Database::open(":memory:", OpenMode::kScratch);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  const std::string from = " FROM read_parquet(" + sql_literal(path.string()) + ")";
  auto types = (*db)->query("SELECT *" + from + " LIMIT 0");
  ASSERT_TRUE(types.ok()) << types.error().to_string();
  EXPECT_EQ(types->types,
            (std::vector<std::string>{"BIGINT", "UBIGINT", "SMALLINT", "UTINYINT", "DOUBLE", "DATE",
                                      "BOOLEAN", "VARCHAR", "VARCHAR"}));
  // Every row compared with what fill_rows wrote, in SQL.
  auto wrong = (*db)->query(
      "SELECT count(*), count(*) FILTER (WHERE NOT ("
      "ubig = 9223372036854775808::UBIGINT + (big + 1000)::UBIGINT "
      "AND small = 2025 + (big + 1000) % 5 "
      "AND name = 'employee \"' || (big + 1000) || '\" é' "
      "AND CASE WHEN (big + 1000) % 3 = 0 "
      "THEN tiny IS NULL AND real IS NULL AND day IS NULL AND flag IS NULL AND band IS NULL "
      "ELSE tiny = 200 + (big + 1000) % 50 AND real = 0.5 + (big + 1000) / 3.0 "
      "AND day = DATE '1970-01-01' + (20000 + big + 1000)::INTEGER "
      "AND flag = ((big + 1000) % 2 = 0) "
      "AND band = CASE WHEN (big + 1000) % 4 = 1 THEN '2-4' ELSE '< 2' END END))" +
      from);
  ASSERT_TRUE(wrong.ok()) << wrong.error().to_string();
  EXPECT_EQ(wrong->rows[0][0], std::optional<std::string>(std::to_string(rows)));
  EXPECT_EQ(wrong->rows[0][1], std::optional<std::string>("0"));
  // The footer's statistics let a filter on `big` skip row groups, and the
  // values they hold are the column's own.
  auto stats = (*db)->query(
      "SELECT min(stats_min_value::BIGINT), max(stats_max_value::BIGINT), count(DISTINCT "
      "row_group_id) FROM "
      "parquet_metadata(" +
      sql_literal(path.string()) + ") WHERE path_in_schema = 'big'");
  ASSERT_TRUE(stats.ok()) << stats.error().to_string();
  EXPECT_EQ(stats->rows[0][0], std::optional<std::string>("-1000"));
  EXPECT_EQ(stats->rows[0][1], std::optional<std::string>(std::to_string(rows - 1 - 1000)));
  EXPECT_EQ(stats->rows[0][2], std::optional<std::string>("3"));
  // Columns of few distinct values are dictionary encoded (so the values
  // compared above went through the dictionary path); `big` spans too many, `name` has one per row.
  auto encodings = (*db)->query(
      "SELECT path_in_schema, bool_and(encodings LIKE '%RLE_DICTIONARY%') FROM parquet_metadata(" +
      sql_literal(path.string()) +
      ") WHERE path_in_schema IN ('band', 'big', 'name', 'small', 'tiny') GROUP BY 1 ORDER BY 1");
  ASSERT_TRUE(encodings.ok()) << encodings.error().to_string();
  ASSERT_EQ(encodings->rows.size(), 5u);
  EXPECT_EQ(encodings->rows[0][1], std::optional<std::string>("true"));   // band
  EXPECT_EQ(encodings->rows[1][1], std::optional<std::string>("false"));  // big
  EXPECT_EQ(encodings->rows[2][1], std::optional<std::string>("false"));  // name
  EXPECT_EQ(encodings->rows[3][1], std::optional<std::string>("true"));   // small
  EXPECT_EQ(encodings->rows[4][1], std::optional<std::string>("true"));   // tiny
}

TEST(ParquetWriter, AFileWithNoRowsReadsAsAnEmptyTableOfItsColumns) {
  test::TempDir dir;
  const auto path = dir / "empty.parquet";
  auto writer = ParquetWriter::create(path, every_kind());
  ASSERT_TRUE(writer.ok()) << writer.error().to_string();
  ASSERT_TRUE((*writer)->finish().ok());
  auto db = Database::open(":memory:", OpenMode::kScratch);
  ASSERT_TRUE(db.ok());
  auto read = (*db)->query("SELECT count(*) FROM read_parquet(" + sql_literal(path.string()) + ")");
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  EXPECT_EQ(read->rows[0][0], std::optional<std::string>("0"));
}

TEST(ParquetWriter, AnUnfinishedFileLeavesNoFileBehind) {
  test::TempDir dir;
  const auto path = dir / "rows.parquet";
  {
    auto writer = ParquetWriter::create(path, every_kind());
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)
                    ->append(10, [&](std::size_t first, std::size_t n,
                                     ParquetWriter::Columns& c) { fill_rows(first, n, c); })
                    .ok());
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace planwise::store
