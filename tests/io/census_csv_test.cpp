// Issue 13 item 5: the census CSV read in chunks on several threads, a window
// of bytes at a time, gives the rows and the errors (file, row, column, rule,
// value, message, order, cap) of the one-thread table reader, wherever the
// cuts and the window ends fall.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/census_reader.hpp"
#include "io/csv_reader.hpp"
#include "support/test_paths.hpp"

namespace planwise::io {
namespace {

constexpr const char* kCsvHeader =
    "employee_id,employee_ssn,employee_birth_date,employee_hire_date,"
    "employee_termination_date,employee_gross_compensation,active\n";

std::string csv_row(int i, const std::string& birth = "1980-05-01",
                    const std::string& pay = "65000") {
  return "E" + std::to_string(100000 + i) + ",SSN-" + std::to_string(i) + "," + birth +
         ",2010-03-15,," + pay + ",true\n";
}

std::string rows(int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) out += csv_row(i);
  return out;
}

// The reference: the table reader, one thread, the whole text at once.
Result<engine::CensusRows> table_reader(const std::string& text) {
  auto table = parse_csv_text(text, "census.csv");
  if (!table) return std::move(table).error();
  return parse_census(*table);
}

void expect_same_rows(const engine::CensusRows& a, const engine::CensusRows& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.file, b.file);
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a.source_row[i], b.source_row[i]) << "row " << i;
    ASSERT_EQ(a.employee_id[i], b.employee_id[i]) << "row " << i;
    ASSERT_EQ(a.employee_ssn[i], b.employee_ssn[i]) << "row " << i;
    ASSERT_EQ(a.birth_date[i], b.birth_date[i]) << "row " << i;
    ASSERT_EQ(a.hire_date[i], b.hire_date[i]) << "row " << i;
    ASSERT_EQ(a.termination_date[i], b.termination_date[i]) << "row " << i;
    ASSERT_EQ(a.gross_compensation[i], b.gross_compensation[i]) << "row " << i;
    ASSERT_EQ(a.active[i], b.active[i]) << "row " << i;
  }
}

void expect_same_error(const Error& a, const Error& b) {
  EXPECT_EQ(a.to_string_all(), b.to_string_all());
  ASSERT_EQ(a.more.size(), b.more.size());
  for (std::size_t i = 0; i <= a.more.size(); ++i) {
    const Error& x = i == 0 ? a : a.more[i - 1];
    const Error& y = i == 0 ? b : b.more[i - 1];
    EXPECT_EQ(x.file, y.file);
    EXPECT_EQ(x.row, y.row) << x.to_string();
    EXPECT_EQ(x.column, y.column);
    EXPECT_EQ(x.rule, y.rule);
    EXPECT_EQ(x.value, y.value);
  }
}

// Every way of cutting `text` that the tests try: one to five chunks, and
// windows from a few bytes (records longer than the window) to all of it.
std::vector<CsvReadOptions> cuttings() {
  std::vector<CsvReadOptions> out;
  for (std::size_t chunks : {1, 2, 3, 5})
    for (std::size_t window : {3, 40, 97, 1 << 18}) out.push_back({chunks, window});
  return out;
}

// Compares both the in-memory and the file reader with the table reader.
void expect_like_table_reader(const std::string& text) {
  const auto expected = table_reader(text);
  test::TempDir dir;
  const auto path = dir / "census.csv";
  test::write_file(path, text);
  for (const CsvReadOptions& options : cuttings()) {
    SCOPED_TRACE("chunks " + std::to_string(options.chunks) + ", window " +
                 std::to_string(options.window_bytes));
    auto in_memory = parse_census_csv(text, "census.csv", options);
    auto from_file = read_census_csv(path, options);
    ASSERT_EQ(in_memory.ok(), expected.ok());
    ASSERT_EQ(from_file.ok(), expected.ok());
    if (expected.ok()) {
      expect_same_rows(*in_memory, *expected);
      auto file_rows = std::move(from_file).value();
      EXPECT_EQ(file_rows.file, path.string());
      file_rows.file = "census.csv";
      expect_same_rows(file_rows, *expected);
    } else {
      expect_same_error(in_memory.error(), expected.error());
      Error file_error = from_file.error();
      EXPECT_EQ(file_error.file, path.string());
      file_error.file = "census.csv";
      for (Error& e : file_error.more) e.file = e.file.empty() ? "" : "census.csv";
      expect_same_error(file_error, expected.error());
    }
  }
}

TEST(CensusCsv, ChunksGiveTheRowsAndLinesOfTheTableReader) {
  expect_like_table_reader(std::string(kCsvHeader) + rows(0, 60));
}

TEST(CensusCsv, QuotedFieldsWithLineBreaksAcrossCutsKeepTheirLines) {
  // Quoted ids holding commas and line breaks, some long enough to cover a
  // cut or a window end: every later record's line moves down with them.
  std::string text = kCsvHeader;
  for (int i = 0; i < 40; ++i) {
    if (i % 7 == 3) {
      text += "\"E" + std::to_string(i) + ",x\n" + std::string(static_cast<std::size_t>(i), 'y') +
              "\n\nz\",SSN-" + std::to_string(i) + ",1980-05-01,2010-03-15,,65000,true\n";
    } else {
      text += csv_row(i);
    }
  }
  expect_like_table_reader(text);
  auto parsed = parse_census_csv(text, "census.csv", {2, 16});
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string_all();
  EXPECT_EQ(parsed->employee_id[3], "E3,x\nyyy\n\nz");
  EXPECT_EQ(parsed->source_row[4], 2 + 3 + 4);  // E3 took lines 5 to 8
}

TEST(CensusCsv, OneQuotedFieldOverTheWholeMiddleIsCutSafely) {
  // Every cut lands inside the quoted field: each chunk after the first is
  // parsed again from where the records really end.
  const std::string text = std::string(kCsvHeader) + rows(0, 3) + "E9,\"" + std::string(300, '\n') +
                           "\",1980-05-01,2010-03-15,,65000,true\n" + rows(3, 6);
  expect_like_table_reader(text);
  auto parsed = parse_census_csv(text, "census.csv", {4, 1 << 18});
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string_all();
  ASSERT_EQ(parsed->size(), 7u);
  EXPECT_EQ(parsed->source_row[4], 5 + 301);
}

TEST(CensusCsv, CrlfBomBlankLinesAndNoFinalLineEnd) {
  std::string text = "\xEF\xBB\xBF" + std::string(kCsvHeader);
  for (int i = 0; i < 30; ++i) {
    std::string r = csv_row(i);
    r.insert(r.size() - 1, "\r");  // CRLF
    text += r;
    if (i % 9 == 4) text += "\r\n\n";
  }
  text += "E999,S,1980-01-01,2010-01-01,,70000,false";  // no line end
  expect_like_table_reader(text);
  auto parsed = parse_census_csv(text, "census.csv", {3, 40});
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string_all();
  EXPECT_EQ(parsed->employee_id[30], "E999");
  EXPECT_EQ(parsed->active[30], 0);
  EXPECT_EQ(parsed->active[0], 1);  // "true\r" would not parse
}

TEST(CensusCsv, ErrorInALaterChunkNamesItsRowAndColumn) {
  const std::string text = std::string(kCsvHeader) + rows(0, 50) + csv_row(50, "1980-13-01") +
                           rows(51, 55) + csv_row(55, "x", "6e4k");
  expect_like_table_reader(text);
  auto parsed = parse_census_csv(text, "census.csv", {4, 64});
  ASSERT_FALSE(parsed.ok());
  const Error& e = parsed.error();
  EXPECT_EQ(e.file, "census.csv");
  EXPECT_EQ(e.row, 52);
  EXPECT_EQ(e.column, "employee_birth_date");
  EXPECT_EQ(e.rule, "date_format");
  EXPECT_EQ(e.value, "(personal data, not shown)");
  ASSERT_EQ(e.more.size(), 2u);
  EXPECT_EQ(e.more[0].row, 57);
  EXPECT_EQ(e.more[0].column, "employee_birth_date");
  EXPECT_EQ(e.more[1].row, 57);
  EXPECT_EQ(e.more[1].column, "employee_gross_compensation");
  EXPECT_EQ(e.more[1].rule, "number_format");
  EXPECT_EQ(e.more[1].value, "6e4k");
}

TEST(CensusCsv, RecordErrorsComeFirstAndNameTheirLines) {
  // A wrong field count after a quoted line break, and a bad date earlier:
  // the record error wins, as in the table reader.
  const std::string text = std::string(kCsvHeader) + csv_row(0, "bad") + "\"E1\n\",S,1980-01-01\n" +
                           rows(2, 40) + "E40,S,1980-01-01,2010-01-01,,1,true,extra\n";
  expect_like_table_reader(text);
  auto parsed = parse_census_csv(text, "census.csv", {3, 32});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().file, "census.csv");
  EXPECT_EQ(parsed.error().row, 3);
  EXPECT_EQ(parsed.error().column, "");
  EXPECT_EQ(parsed.error().rule, "csv_field_count");
  ASSERT_EQ(parsed.error().more.size(), 1u);
  EXPECT_EQ(parsed.error().more[0].row, 43);
  EXPECT_EQ(parsed.error().more[0].value, "8");
}

TEST(CensusCsv, UnterminatedQuoteInALaterChunkNamesTheLineWhereItOpened) {
  const std::string text = std::string(kCsvHeader) + rows(0, 30) + "E30,\"open\n" + rows(31, 40);
  expect_like_table_reader(text);
  auto parsed = parse_census_csv(text, "census.csv", {3, 1 << 18});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().file, "census.csv");
  EXPECT_EQ(parsed.error().row, 32);
  EXPECT_EQ(parsed.error().column, "");
  EXPECT_EQ(parsed.error().rule, "csv_quote");
  EXPECT_NE(parsed.error().message.find("line 32"), std::string::npos) << parsed.error().message;
}

TEST(CensusCsv, ErrorCapsCountAcrossChunksAsInOneThread) {
  std::string many_cells = kCsvHeader;    // three cell errors per row, 80 rows
  std::string many_records = kCsvHeader;  // 80 records with a wrong field count
  for (int i = 0; i < 80; ++i) {
    many_cells += "E" + std::to_string(i) + ",S,1980-02-30,2010-03-15,,?,maybe\n";
    many_records += "E" + std::to_string(i) + ",S\n";
  }
  expect_like_table_reader(many_cells);
  expect_like_table_reader(many_records);
  // 17 rows give 51 errors: 50 are kept, and the rest of that row is counted.
  auto parsed = parse_census_csv(many_cells, "census.csv", {5, 50});
  ASSERT_FALSE(parsed.ok());
  const Error& e = parsed.error();
  ASSERT_EQ(e.count(), 51u);
  EXPECT_EQ(e.more[48].row, 18);
  EXPECT_EQ(e.more[48].column, "employee_gross_compensation");
  EXPECT_EQ(e.more.back().message, "... and 1 more errors not shown");
  auto records = parse_census_csv(many_records, "census.csv", {5, 50});
  ASSERT_FALSE(records.ok());
  ASSERT_EQ(records.error().count(), 50u);
  EXPECT_EQ(records.error().more.back().row, 51);
  EXPECT_EQ(records.error().more.back().rule, "csv_field_count");
}

TEST(CensusCsv, MissingColumnAfterARecordErrorReportsTheRecordError) {
  const std::string text = "employee_id,employee_ssn\nE1,S1\nE2\n";
  expect_like_table_reader(text);
  auto parsed = parse_census_csv(text, "census.csv", {2, 4});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().file, "census.csv");
  EXPECT_EQ(parsed.error().row, 3);
  EXPECT_EQ(parsed.error().column, "");
  EXPECT_EQ(parsed.error().rule, "csv_field_count");
}

TEST(CensusCsv, HeaderSpanningLinesAndWindowsCountsItsLines) {
  const std::string text =
      "employee_id,\"employee_ssn\",employee_birth_date,employee_hire_date,"
      "employee_termination_date,employee_gross_compensation,\"act\nive\"\n" +
      rows(0, 5) + "E5,S5,1980-01-01,2010-01-01,,1,true\n";
  expect_like_table_reader(text);
  auto parsed = parse_census_csv(text, "census.csv", {2, 8});
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string_all();
  EXPECT_EQ(parsed->source_row[0], 3);
  EXPECT_EQ(parsed->active[0], -1);  // "act\nive" is not the active column
}

TEST(CensusCsv, EmptyAndHeaderOnlyFilesAreLikeTheTableReader) {
  expect_like_table_reader("");
  expect_like_table_reader("\xEF\xBB\xBF");
  expect_like_table_reader(kCsvHeader);
  expect_like_table_reader(std::string(kCsvHeader) + "\n\n");
}

TEST(CensusCsv, BundledCensusReadsInChunksLikeOneThread) {
  const std::string text = test::read_file(test::data_dir() / "census_preprocessed.csv");
  auto one = parse_census_csv(text, "census.csv", {1, 1 << 18});
  auto four = read_census_csv(test::data_dir() / "census_preprocessed.csv", {4, 4096});
  ASSERT_TRUE(one.ok() && four.ok());
  four->file = "census.csv";
  expect_same_rows(*four, *one);
  expect_same_rows(*one, table_reader(text).value());
}

}  // namespace
}  // namespace planwise::io
