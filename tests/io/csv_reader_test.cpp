// Spec §1.1: CSV inputs are UTF-8, comma separated, with a header row and
// optional RFC 4180 quoting; every parse error names file, line and rule.
#include "io/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/test_paths.hpp"

namespace planwise::io {
namespace {

std::string csv_cell(const TextTable& t, std::size_t row, std::size_t column) {
  return std::string(t.cell(row, column));
}

TEST(CsvReader, ReadsHeaderAndRowsWithTheirLines) {
  auto t = parse_csv_text("a,b,c\n1,2,3\n4,5,6\n", "in.csv");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  EXPECT_EQ(t->file, "in.csv");
  EXPECT_EQ(t->header, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t->rows(), 2u);
  EXPECT_EQ(csv_cell(*t, 0, 0), "1");
  EXPECT_EQ(csv_cell(*t, 1, 2), "6");
  EXPECT_EQ(t->source_row(0), 2);
  EXPECT_EQ(t->source_row(1), 3);
  EXPECT_EQ(t->column("b"), 1u);
  EXPECT_FALSE(t->column("d").has_value());
}

TEST(CsvReader, LastLineNeedsNoLineEnd) {
  auto t = parse_csv_text("a,b\n1,2", "in.csv");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  ASSERT_EQ(t->rows(), 1u);
  EXPECT_EQ(csv_cell(*t, 0, 1), "2");
}

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  auto t = parse_csv_text(
      "id,text,note\n"
      "1,\"x,y\",\"he said \"\"hi\"\"\"\n"
      "2,\"line1\nline2\",\"\"\n"
      "3,plain,last\n",
      "q.csv");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  ASSERT_EQ(t->rows(), 3u);
  EXPECT_EQ(csv_cell(*t, 0, 1), "x,y");
  EXPECT_EQ(csv_cell(*t, 0, 2), "he said \"hi\"");
  EXPECT_EQ(csv_cell(*t, 1, 1), "line1\nline2");
  EXPECT_EQ(csv_cell(*t, 1, 2), "");
  EXPECT_EQ(csv_cell(*t, 2, 1), "plain");
  // A record's row is the line where it starts; the quoted line break moves
  // the next record one line further down.
  EXPECT_EQ(t->source_row(0), 2);
  EXPECT_EQ(t->source_row(1), 3);
  EXPECT_EQ(t->source_row(2), 5);
}

TEST(CsvReader, QuotedHeaderNamesAreUnquoted) {
  auto t = parse_csv_text("\"a\",\"b,c\"\n1,2\n", "h.csv");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  EXPECT_EQ(t->header, (std::vector<std::string>{"a", "b,c"}));
}

TEST(CsvReader, CrlfLineEndsAreNotPartOfTheLastField) {
  auto t = parse_csv_text("a,b\r\n1,2\r\n\"3\",\"4\"\r\n", "crlf.csv");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  EXPECT_EQ(t->header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t->rows(), 2u);
  EXPECT_EQ(csv_cell(*t, 0, 1), "2");
  EXPECT_EQ(csv_cell(*t, 1, 1), "4");
  EXPECT_EQ(t->source_row(1), 3);
}

TEST(CsvReader, Utf8ByteOrderMarkIsSkipped) {
  auto t = parse_csv_text(
      "\xEF\xBB\xBF"
      "employee_id,x\nE1,1\n",
      "bom.csv");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  EXPECT_EQ(t->header[0], "employee_id");
  EXPECT_TRUE(t->column("employee_id").has_value());
  EXPECT_EQ(t->source_row(0), 2);
}

TEST(CsvReader, BlankLinesAreSkippedButCounted) {
  auto t = parse_csv_text("a,b\n\n1,2\r\n\r\n\n3,4\n\n", "blank.csv");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  ASSERT_EQ(t->rows(), 2u);
  EXPECT_EQ(csv_cell(*t, 0, 0), "1");
  EXPECT_EQ(csv_cell(*t, 1, 0), "3");
  EXPECT_EQ(t->source_row(0), 3);
  EXPECT_EQ(t->source_row(1), 6);
}

TEST(CsvReader, EmptyFieldsAreKept) {
  auto t = parse_csv_text("a,b,c\n,,\n1,,3\n", "empty.csv");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  ASSERT_EQ(t->rows(), 2u);
  EXPECT_EQ(csv_cell(*t, 0, 0), "");
  EXPECT_EQ(csv_cell(*t, 0, 2), "");
  EXPECT_EQ(csv_cell(*t, 1, 1), "");
  EXPECT_EQ(csv_cell(*t, 1, 2), "3");
}

TEST(CsvReader, WrongFieldCountNamesTheLine) {
  auto t = parse_csv_text("a,b\n1,2\n1,2,3\n4,5\n", "count.csv");
  ASSERT_FALSE(t.ok());
  const Error& e = t.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, "count.csv");
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "");
  EXPECT_EQ(e.rule, "csv_field_count");
  EXPECT_EQ(e.value, "3");
  EXPECT_TRUE(e.more.empty());
}

TEST(CsvReader, EveryBadLineIsReported) {
  auto t = parse_csv_text("a,b\n1\n1,2\n1,2,3\n", "count.csv");
  ASSERT_FALSE(t.ok());
  const Error& e = t.error();
  EXPECT_EQ(e.file, "count.csv");
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.column, "");
  EXPECT_EQ(e.rule, "csv_field_count");
  ASSERT_EQ(e.more.size(), 1u);
  EXPECT_EQ(e.more[0].file, "count.csv");
  EXPECT_EQ(e.more[0].row, 4);
  EXPECT_EQ(e.more[0].rule, "csv_field_count");
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineWhereTheRecordStarts) {
  auto t = parse_csv_text("a,b\n1,2\n3,\"abc\n4,5\n", "quote.csv");
  ASSERT_FALSE(t.ok());
  const Error& e = t.error();
  EXPECT_EQ(e.file, "quote.csv");
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "");
  EXPECT_EQ(e.rule, "csv_quote");
  EXPECT_NE(e.message.find("line 3"), std::string::npos) << e.message;
}

TEST(CsvReader, UnterminatedQuoteInTheHeaderIsAnError) {
  auto t = parse_csv_text("a,\"b\n", "quote.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().file, "quote.csv");
  EXPECT_EQ(t.error().row, 1);
  EXPECT_EQ(t.error().column, "");
  EXPECT_EQ(t.error().rule, "csv_quote");
}

TEST(CsvReader, DuplicateHeaderNameIsAnError) {
  auto t = parse_csv_text("a,b,a\n1,2,3\n", "dup.csv");
  ASSERT_FALSE(t.ok());
  const Error& e = t.error();
  EXPECT_EQ(e.file, "dup.csv");
  EXPECT_EQ(e.row, 1);
  EXPECT_EQ(e.column, "a");
  EXPECT_EQ(e.rule, "csv_unique_columns");
}

TEST(CsvReader, EmptyTextHasNoHeaderAndIsAnError) {
  for (const char* text : {"", "\xEF\xBB\xBF"}) {
    auto t = parse_csv_text(text, "empty.csv");
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().file, "empty.csv");
    EXPECT_EQ(t.error().row, 1);
    EXPECT_EQ(t.error().column, "");
    EXPECT_EQ(t.error().rule, "csv_header");
  }
}

TEST(CsvReader, HeaderOnlyGivesZeroRows) {
  auto t = parse_csv_text("a,b\n", "h.csv");
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  EXPECT_EQ(t->rows(), 0u);
  EXPECT_EQ(t->columns(), 2u);
}

TEST(CsvReader, MissingFileIsAnErrorNamingThePath) {
  test::TempDir dir;
  const auto path = dir / "missing.csv";
  auto t = read_csv_file(path);
  ASSERT_FALSE(t.ok());
  const Error& e = t.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, path.string());
  EXPECT_EQ(e.row, 0);
  EXPECT_EQ(e.column, "");
  EXPECT_EQ(e.rule, "file_readable");
}

TEST(CsvReader, ReadsAFileFromDiskAndNamesItByPath) {
  test::TempDir dir;
  const auto path = dir / "x.csv";
  test::write_file(path, "a,b\r\n\"1\",2\r\n");
  auto t = read_csv_file(path);
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  EXPECT_EQ(t->file, path.string());
  ASSERT_EQ(t->rows(), 1u);
  EXPECT_EQ(csv_cell(*t, 0, 0), "1");
}

TEST(CsvReader, RequireColumnFindsAColumnByName) {
  auto t = parse_csv_text("x,y,z\n1,2,3\n", "req.csv");
  ASSERT_TRUE(t.ok());
  auto c = require_column(*t, "z");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, 2u);
}

TEST(CsvReader, RequireColumnNamesTheMissingColumnOnTheHeaderLine) {
  auto t = parse_csv_text("x,y\n1,2\n", "req.csv");
  ASSERT_TRUE(t.ok());
  auto c = require_column(*t, "z");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, "req.csv");
  EXPECT_EQ(c.error().row, 1);
  EXPECT_EQ(c.error().column, "z");
  EXPECT_EQ(c.error().rule, "required_column");
}

}  // namespace
}  // namespace planwise::io
