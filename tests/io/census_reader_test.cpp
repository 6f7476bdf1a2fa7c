// Spec §1.2: census text parsed into typed rows; every parse error names the
// file, the line, the column and the rule.
#include "io/census_reader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "io/csv_reader.hpp"
#include "support/test_paths.hpp"

namespace planwise::io {
namespace {

constexpr const char* kReaderHeader =
    "employee_id,employee_ssn,employee_birth_date,employee_hire_date,"
    "employee_termination_date,employee_gross_compensation,active\n";

Result<engine::CensusRows> parse(const std::string& text) {
  auto table = parse_csv_text(text, "census.csv");
  if (!table) return std::move(table).error();
  return parse_census(*table);
}

TEST(CensusReader, ParsesTypedRowsInFileOrder) {
  auto rows = parse(std::string(kReaderHeader) +
                    "E2,SSN-2,1980-05-01,2010-03-15,,65000.5,true\n"
                    "E1,SSN-1,1990-02-28,2015-01-01,2024-06-30,72000,false\n");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string_all();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->file, "census.csv");
  EXPECT_EQ(rows->source_row[0], 2);
  EXPECT_EQ(rows->source_row[1], 3);
  EXPECT_EQ(rows->employee_id[0], "E2");
  EXPECT_EQ(rows->employee_ssn[1], "SSN-1");
  EXPECT_EQ(rows->birth_date[0], day_number(1980, 5, 1));
  EXPECT_EQ(rows->hire_date[0], day_number(2010, 3, 15));
  EXPECT_EQ(rows->termination_date[0], kNoDate);
  EXPECT_EQ(rows->termination_date[1], day_number(2024, 6, 30));
  EXPECT_EQ(rows->gross_compensation[0], 65000.5);
  EXPECT_EQ(rows->active[0], 1);
  EXPECT_EQ(rows->active[1], 0);
}

TEST(CensusReader, ColumnsAreFoundByNameInAnyOrderAndActiveIsOptional) {
  auto rows = parse(
      "employee_gross_compensation,extra,employee_termination_date,employee_hire_date,"
      "employee_birth_date,employee_ssn,employee_id\n"
      "80000,zzz,,2012-07-01,1985-01-31,S9,E9\n");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string_all();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->employee_id[0], "E9");
  EXPECT_EQ(rows->gross_compensation[0], 80000.0);
  EXPECT_EQ(rows->hire_date[0], day_number(2012, 7, 1));
  EXPECT_EQ(rows->active[0], -1);
}

TEST(CensusReader, EmptyActiveCellIsUnknown) {
  auto rows = parse(std::string(kReaderHeader) + "E1,S1,1980-01-01,2010-01-01,,50000,\n");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string_all();
  EXPECT_EQ(rows->active[0], -1);
}

TEST(CensusReader, MissingColumnNamesFileHeaderRowAndColumn) {
  auto rows = parse(
      "employee_id,employee_ssn,employee_birth_date,employee_termination_date,"
      "employee_gross_compensation\n"
      "E1,S1,1980-01-01,,50000\n");
  ASSERT_FALSE(rows.ok());
  const Error& e = rows.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, "census.csv");
  EXPECT_EQ(e.row, 1);
  EXPECT_EQ(e.column, "employee_hire_date");
  EXPECT_EQ(e.rule, "required_column");
  EXPECT_TRUE(e.more.empty());
}

TEST(CensusReader, EveryMissingColumnIsReported) {
  auto rows = parse("employee_id,employee_ssn,employee_birth_date,employee_hire_date\n");
  ASSERT_FALSE(rows.ok());
  const Error& e = rows.error();
  EXPECT_EQ(e.file, "census.csv");
  EXPECT_EQ(e.row, 1);
  EXPECT_EQ(e.column, "employee_termination_date");
  EXPECT_EQ(e.rule, "required_column");
  ASSERT_EQ(e.more.size(), 1u);
  EXPECT_EQ(e.more[0].row, 1);
  EXPECT_EQ(e.more[0].column, "employee_gross_compensation");
  EXPECT_EQ(e.more[0].rule, "required_column");
}

TEST(CensusReader, UnparsableBirthDateNamesTheLineAndColumnButNotThePersonalValue) {
  auto rows = parse(std::string(kReaderHeader) +
                    "E1,S1,1980-01-01,2010-01-01,,50000,true\n"
                    "E2,S2,1980-13-01,2010-01-01,,50000,true\n");
  ASSERT_FALSE(rows.ok());
  const Error& e = rows.error();
  EXPECT_EQ(e.file, "census.csv");
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "employee_birth_date");
  EXPECT_EQ(e.rule, "date_format");
  EXPECT_EQ(e.value, "(personal data, not shown)");
  EXPECT_EQ(e.to_string().find("1980-13-01"), std::string::npos) << e.to_string();
  EXPECT_TRUE(e.more.empty());
}

TEST(CensusReader, DateThatDoesNotExistIsRejected) {
  auto rows = parse(std::string(kReaderHeader) + "E1,S1,1980-01-01,2010-01-01,2025-02-29,50000,\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().file, "census.csv");
  EXPECT_EQ(rows.error().row, 2);
  EXPECT_EQ(rows.error().column, "employee_termination_date");
  EXPECT_EQ(rows.error().rule, "date_format");
  EXPECT_EQ(rows.error().value, "2025-02-29");
}

TEST(CensusReader, EmptyHireDateIsRequired) {
  auto rows = parse(std::string(kReaderHeader) + "E1,S1,1980-01-01,,,50000,\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().file, "census.csv");
  EXPECT_EQ(rows.error().row, 2);
  EXPECT_EQ(rows.error().column, "employee_hire_date");
  EXPECT_EQ(rows.error().rule, "date_format");
}

TEST(CensusReader, DateInAnotherFormatIsRejected) {
  auto rows = parse(std::string(kReaderHeader) + "E1,S1,1980-01-01,01/02/2010,,50000,\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().file, "census.csv");
  EXPECT_EQ(rows.error().row, 2);
  EXPECT_EQ(rows.error().column, "employee_hire_date");
  EXPECT_EQ(rows.error().rule, "date_format");
  EXPECT_EQ(rows.error().value, "01/02/2010");
}

TEST(CensusReader, NonNumericSalaryIsAnError) {
  auto rows = parse(std::string(kReaderHeader) + "E1,S1,1980-01-01,2010-01-01,,60k,true\n");
  ASSERT_FALSE(rows.ok());
  const Error& e = rows.error();
  EXPECT_EQ(e.file, "census.csv");
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.column, "employee_gross_compensation");
  EXPECT_EQ(e.rule, "number_format");
  EXPECT_EQ(e.value, "60k");
}

TEST(CensusReader, EmptyOrInfiniteSalaryIsAnError) {
  for (const char* pay : {"", "inf", "nan", "1e999"}) {
    auto rows = parse(std::string(kReaderHeader) + "E1,S1,1980-01-01,2010-01-01,," + pay + ",\n");
    ASSERT_FALSE(rows.ok()) << pay;
    EXPECT_EQ(rows.error().file, "census.csv");
    EXPECT_EQ(rows.error().row, 2);
    EXPECT_EQ(rows.error().column, "employee_gross_compensation") << pay;
    EXPECT_EQ(rows.error().rule, "number_format") << pay;
  }
}

TEST(CensusReader, BadActiveFlagIsAnError) {
  auto rows = parse(std::string(kReaderHeader) +
                    "E1,S1,1980-01-01,2010-01-01,,50000,TRUE\n"
                    "E2,S2,1980-01-01,2010-01-01,,50000,yes\n");
  ASSERT_FALSE(rows.ok());
  const Error& e = rows.error();
  EXPECT_EQ(e.file, "census.csv");
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "active");
  EXPECT_EQ(e.rule, "bool_format");
  EXPECT_EQ(e.value, "yes");
}

TEST(CensusReader, AllErrorsOfTheFileAreCollected) {
  auto rows = parse(std::string(kReaderHeader) +
                    "E1,S1,bad,2010-01-01,,50000,\n"
                    "E2,S2,1980-01-01,2010-01-01,,abc,maybe\n");
  ASSERT_FALSE(rows.ok());
  const Error& e = rows.error();
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.column, "employee_birth_date");
  ASSERT_EQ(e.more.size(), 2u);
  EXPECT_EQ(e.more[0].row, 3);
  EXPECT_EQ(e.more[0].column, "employee_gross_compensation");
  EXPECT_EQ(e.more[0].rule, "number_format");
  EXPECT_EQ(e.more[1].row, 3);
  EXPECT_EQ(e.more[1].column, "active");
  EXPECT_EQ(e.more[1].rule, "bool_format");
}

TEST(CensusReader, BundledCensusHasFiveThousandRows) {
  auto rows = read_census_csv(test::data_dir() / "census_preprocessed.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string_all();
  EXPECT_EQ(rows->size(), 5000u);
  std::size_t active = 0;
  for (std::size_t i = 0; i < rows->size(); ++i)
    active += rows->termination_date[i] == kNoDate ? 1 : 0;
  EXPECT_EQ(active, 4378u);
}

TEST(CensusReader, MissingCensusFileNamesThePath) {
  test::TempDir dir;
  auto rows = read_census_csv(dir / "nope.csv");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().file, (dir / "nope.csv").string());
  EXPECT_EQ(rows.error().row, 0);
  EXPECT_EQ(rows.error().column, "");
  EXPECT_EQ(rows.error().rule, "file_readable");
}

}  // namespace
}  // namespace planwise::io
