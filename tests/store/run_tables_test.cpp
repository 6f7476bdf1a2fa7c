// Reading run tables back: chunked queries give query()'s text a chunk at a
// time and stop when asked; masked selects hide SSNs and birth dates.
#include "store/run_tables.hpp"

#include <gtest/gtest.h>

namespace planwise::store {
namespace {

std::unique_ptr<Database> memory_db() {
  auto db = Database::open(":memory:", OpenMode::kReadWrite);
  EXPECT_TRUE(db.ok()) << db.error().to_string();
  return std::move(db).value();
}

constexpr const char* kMixed =
    "SELECT range AS i, CASE WHEN range % 3 = 0 THEN NULL ELSE 'v,' || range END AS s, "
    "range / 7 AS d, DATE '2025-01-01' + CAST(range AS INTEGER) AS day, range % 2 = 0 AS even "
    "FROM range(5000) ORDER BY range";

TEST(QueryChunks, GivesQueryTextAChunkAtATime) {
  auto db = memory_db();
  auto whole = db->query(kMixed);
  ASSERT_TRUE(whole.ok()) << whole.error().to_string();
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  int chunks = 0;
  Status s = db->query_chunks(
      kMixed, {},
      [&](const std::vector<std::string>& names) {
        columns = names;
        return true;
      },
      [&](const TextChunk& chunk) {
        ++chunks;
        for (std::size_t r = 0; r < chunk.rows; ++r) {
          std::vector<std::optional<std::string>> row;
          for (std::size_t c = 0; c < chunk.columns; ++c) {
            const auto& cell = chunk.at(r, c);
            row.push_back(cell ? std::optional<std::string>(std::string(*cell)) : std::nullopt);
          }
          rows.push_back(std::move(row));
        }
        return true;
      });
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  EXPECT_EQ(columns, whole->columns);
  EXPECT_GE(chunks, 3) << "5000 rows in chunks of at most 2048";
  ASSERT_EQ(rows.size(), 5000u);
  EXPECT_EQ(rows, whole->rows);
  EXPECT_FALSE(rows[0][1].has_value());
  EXPECT_EQ(*rows[1][1], "v,1");
}

TEST(QueryChunks, StopsWhenTheCallbackSaysSo) {
  auto db = memory_db();
  int chunks = 0;
  Status s = db->query_chunks(
      kMixed, {}, [](const std::vector<std::string>&) { return true; },
      [&](const TextChunk&) { return ++chunks < 1; });
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  EXPECT_EQ(chunks, 1);
  int calls = 0;
  s = db->query_chunks(
      kMixed, {}, [](const std::vector<std::string>&) { return false; },
      [&](const TextChunk&) { return ++calls > 0; });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(calls, 0);
}

TEST(QueryChunks, ReportsASqlErrorBeforeAnyCallback) {
  auto db = memory_db();
  bool called = false;
  Status s = db->query_chunks(
      "SELECT * FROM no_such_table", {},
      [&](const std::vector<std::string>&) { return called = true; },
      [&](const TextChunk&) { return called = true; });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(s.error().message.find("no_such_table"), std::string::npos) << s.error().message;
  EXPECT_FALSE(called);
}

TEST(RunTables, EmployeeLevelTablesAreThoseWithARowPerEmployee) {
  for (const char* t :
       {"workforce_snapshot", "yearly_events", "baseline_workforce", "census_duplicates_audit"})
    EXPECT_TRUE(is_employee_level_table(t)) << t;
  for (const char* t : {"year_summary", "compensation_growth", "effective_parameters",
                        "validation_report", "no_such_table"})
    EXPECT_FALSE(is_employee_level_table(t)) << t;
}

TEST(RunTables, MaskedSsnKeepsTheLastFourOnlyOfNineDigitValues) {
  auto db = memory_db();
  ASSERT_TRUE(db->execute("INSERT INTO census_duplicates_audit (run_id, source_row, employee_id, "
                          "employee_ssn, employee_birth_date) VALUES "
                          "('r', 1, 'e1', '123-45-6789', DATE '1980-05-06'), "
                          "('r', 2, 'e2', '987654321', DATE '1999-12-31'), "
                          "('r', 3, 'e3', '12-3', NULL), ('r', 4, 'e4', '', DATE '1970-01-01'), "
                          "('r', 5, 'e5', NULL, DATE '1970-01-01'), "
                          "('r', 6, 'e6', 'abc-de-fghi', DATE '1970-01-01'), "
                          "('r', 7, 'e7', '123-45-67890', DATE '1970-01-01'), "
                          "('r', 8, 'e8', 'SSN-717186057', DATE '1970-01-01'), "
                          "('r', 9, 'e9', 'SSN-NH-2025-000123', DATE '1970-01-01')")
                  .ok());
  auto masked = run_table(*db, "r", "census_duplicates_audit", PersonalData::kMasked);
  ASSERT_TRUE(masked.ok()) << masked.error().to_string();
  ASSERT_EQ(masked->columns[2], "employee_ssn");
  ASSERT_EQ(masked->columns[3], "employee_birth_year");
  EXPECT_EQ(masked->types[3], "BIGINT");
  const std::vector<std::optional<std::string>> ssns = {
      "***-**-6789", "***-**-4321", "***-**-****", "***-**-****", std::nullopt,
      "***-**-****", "***-**-****", "***-**-6057", "***-**-****"};
  const std::vector<std::optional<std::string>> years = {
      "1980", "1999", std::nullopt, "1970", "1970", "1970", "1970", "1970", "1970"};
  ASSERT_EQ(masked->rows.size(), ssns.size());
  for (std::size_t i = 0; i < ssns.size(); ++i) {
    EXPECT_EQ(masked->rows[i][2], ssns[i]) << "row " << i;
    EXPECT_EQ(masked->rows[i][3], years[i]) << "row " << i;
  }
  auto full = run_table(*db, "r", "census_duplicates_audit", PersonalData::kFull);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->columns[3], "employee_birth_date");
  EXPECT_EQ(*full->rows[0][2], "123-45-6789");
  EXPECT_EQ(*full->rows[0][3], "1980-05-06");
}

}  // namespace
}  // namespace planwise::store
