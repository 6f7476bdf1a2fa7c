// Issue 14 items 1 and 6: a map applied to an export. Hourly pay becomes
// rate x standard weekly hours x 52; dates become YYYY-MM-DD; a bad cell is
// an error naming the file, the row and the file's column; an ambiguous
// date format or missing standard hours is a question, not a guess.
#include "io/census_mapping.hpp"

#include <gtest/gtest.h>

#include <string>

#include "io/census_mapper.hpp"
#include "support/hris_files.hpp"

namespace planwise::io {
namespace {

TextTable mapping_table(const std::string& text) {
  return test::hris_table(text);
}

// The mapped census's cell of a row, by our column name.
std::string cell(const MappedCensus& m, std::size_t row, const char* column) {
  return std::string(m.table.cell(row, *m.table.column(column)));
}

std::string rules(const std::vector<MappingIssue>& issues) {
  std::string out;
  for (const MappingIssue& i : issues) out += i.error.rule + ";";
  return out;
}

const std::string kSapHourly =
    "PERNR,SSN,Date of Birth,Entry Date,Hourly Rate,Standard Weekly Hours\n"
    "P1,123-45-6789,14.03.1980,21.06.2015,25.00,40\n"
    "P2,123-45-6790,02.11.1975,15.01.2010,31.50,30\n"
    "P3,123-45-6791,30.07.1990,20.09.2019,20.00,\n";

TEST(CensusMapping, HourlyPayIsRateTimesWeeklyHoursTimes52) {
  const TextTable t = mapping_table(kSapHourly);
  CensusMap map = propose_census_map(t);
  ASSERT_EQ(map.pay_basis, PayBasis::kHourly);
  map.default_standard_hours = 37.5;  // for P3, whose hours cell is empty
  const MappedCensus m = apply_census_map(t, map);
  ASSERT_TRUE(m.errors.empty()) << rules(m.errors);
  ASSERT_EQ(m.table.rows(), 3u);
  EXPECT_EQ(cell(m, 0, "employee_gross_compensation"), "52000");  // 25 x 40 x 52
  EXPECT_EQ(cell(m, 1, "employee_gross_compensation"), "49140");  // 31.5 x 30 x 52
  EXPECT_EQ(cell(m, 2, "employee_gross_compensation"), "39000");  // 20 x 37.5 x 52
  EXPECT_EQ(cell(m, 0, "employee_birth_date"), "1980-03-14");
  EXPECT_EQ(cell(m, 2, "employee_hire_date"), "2019-09-20");
}

TEST(CensusMapping, HourlyPayWithoutStandardHoursAsksForThem) {
  const TextTable t = mapping_table(
      "PERNR,SSN,Date of Birth,Entry Date,Hourly Rate\n"
      "P1,123-45-6789,14.03.1980,21.06.2015,25.00\n");
  const MappedCensus m = apply_census_map(t, propose_census_map(t));
  EXPECT_FALSE(m.map_usable);
  ASSERT_EQ(m.errors.size(), 1u) << rules(m.errors);
  EXPECT_EQ(m.errors[0].error.rule, kRuleStandardHoursMissing);
  EXPECT_NE(m.errors[0].error.message.find("how many hours a week?"), std::string::npos);
}

TEST(CensusMapping, HourlyRateColumnBesideAnnualSalaryFillsEmptySalaries) {
  const TextTable t = mapping_table(
      "Worker ID,National ID,Date of Birth,Hire Date,Annual Base Salary,Hourly Rate,Scheduled "
      "Weekly Hours\n"
      "W1,123-45-6789,03/14/1980,06/21/2015,\"$85,000.00\",,40\n"
      "W2,123-45-6790,11/23/1975,01/15/2010,,$22.50,20\n");
  const MappedCensus m = apply_census_map(t, propose_census_map(t));
  ASSERT_TRUE(m.errors.empty()) << rules(m.errors);
  EXPECT_EQ(cell(m, 0, "employee_gross_compensation"), "85000");
  EXPECT_EQ(cell(m, 1, "employee_gross_compensation"), "23400");  // 22.5 x 20 x 52
}

TEST(CensusMapping, PerRowBasisConvertsEachPeriod) {
  const TextTable t = mapping_table(
      "Associate ID,SSN,Birth Date,Hire Date,Regular Pay Rate Amount,Pay Type,Standard Hours\n"
      "A1,123-45-6789,1980-03-14,2015-06-21,5000,Monthly,\n"
      "A2,123-45-6790,1975-11-23,2010-01-15,2000,Biweekly,\n"
      "A3,123-45-6791,1990-07-30,2019-09-20,30,Hourly,40\n"
      "A4,123-45-6792,1990-07-30,2019-09-20,90000,Salary,\n"
      "A5,123-45-6793,1990-07-30,2019-09-20,90000,Daily,\n");
  const CensusMap map = propose_census_map(t);
  ASSERT_EQ(map.pay_basis, PayBasis::kPerRow);
  const MappedCensus m = apply_census_map(t, map);
  EXPECT_EQ(cell(m, 0, "employee_gross_compensation"), "60000");
  EXPECT_EQ(cell(m, 1, "employee_gross_compensation"), "52000");
  EXPECT_EQ(cell(m, 2, "employee_gross_compensation"), "62400");
  EXPECT_EQ(cell(m, 3, "employee_gross_compensation"), "90000");
  ASSERT_EQ(m.errors.size(), 1u) << rules(m.errors);
  const Error& e = m.errors[0].error;
  EXPECT_EQ(e.file, "hris.csv");
  EXPECT_EQ(e.row, 6);
  EXPECT_EQ(e.column, "Pay Type");
  EXPECT_EQ(e.rule, "pay_basis");
  EXPECT_EQ(e.value, "Daily");
  EXPECT_EQ(m.table.rows(), 4u);
  EXPECT_EQ(m.rows_with_errors, 1u);
}

TEST(CensusMapping, BadDateCellNamesFileRowAndColumn) {
  const TextTable t = mapping_table(
      "Worker ID,National ID,Date of Birth,Hire Date,Annual Base Salary\n"
      "W1,123-45-6789,03/14/1980,06/21/2015,85000\n"
      "W2,123-45-6790,11/23/1975,13/45/2010,72000\n"
      "W3,123-45-6791,07/30/1990,09/20/2019,64000\n");
  const MappedCensus m = apply_census_map(t, propose_census_map(t));
  ASSERT_EQ(m.errors.size(), 1u) << rules(m.errors);
  const Error& e = m.errors[0].error;
  EXPECT_EQ(e.file, "hris.csv");
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "Hire Date");
  EXPECT_EQ(e.rule, "date_format");
  EXPECT_EQ(e.value, "13/45/2010");
  EXPECT_NE(e.message.find("MM/DD/YYYY"), std::string::npos) << e.message;
}

TEST(CensusMapping, BirthDateAndSsnValuesAreNeverShown) {
  const TextTable t = mapping_table(
      "Worker ID,National ID,Date of Birth,Hire Date,Annual Base Salary\n"
      "W1,123-45-6789,03/14/1980,06/21/2015,85000\n"
      "W2,123-45-6790,31/31/1975,11/23/2010,72000\n");
  const MappedCensus m = apply_census_map(t, propose_census_map(t));
  ASSERT_EQ(m.errors.size(), 1u) << rules(m.errors);
  EXPECT_EQ(m.errors[0].error.column, "Date of Birth");
  EXPECT_EQ(m.errors[0].error.value.find("1975"), std::string::npos);
}

TEST(CensusMapping, AmbiguousDateFormatIsAQuestionNotAGuess) {
  const TextTable t = mapping_table(
      "Worker ID,National ID,Date of Birth,Hire Date,Annual Base Salary\n"
      "W1,123-45-6789,03/14/1980,06/01/2015,85000\n"
      "W2,123-45-6790,11/23/1975,01/12/2010,72000\n");
  CensusMap map = propose_census_map(t);
  MappedCensus m = apply_census_map(t, map);
  EXPECT_FALSE(m.map_usable);
  EXPECT_EQ(m.table.rows(), 0u);
  ASSERT_EQ(m.errors.size(), 1u) << rules(m.errors);
  const Error& e = m.errors[0].error;
  EXPECT_EQ(e.rule, kRuleDateFormatAmbiguous);
  EXPECT_EQ(e.column, "Hire Date");
  EXPECT_NE(e.message.find("MM/DD/YYYY or DD/MM/YYYY"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("which is it?"), std::string::npos) << e.message;
  state_open_date_formats(map, DateFormat::kDaySlash);
  m = apply_census_map(t, map);
  ASSERT_TRUE(m.errors.empty()) << rules(m.errors);
  EXPECT_EQ(cell(m, 1, "employee_hire_date"), "2010-12-01");
}

TEST(CensusMapping, ExclusionRulesAndStatusWords) {
  const TextTable t = mapping_table(
      "Worker ID,National ID,Date of Birth,Hire Date,Termination Date,Annual Base Salary,Worker "
      "Status,Worker Type\n"
      "W1,123-45-6789,03/14/1980,06/21/2015,,85000,Active,Regular\n"
      "W2,123-45-6790,11/23/1975,01/15/2010,05/31/2024,72000,Terminated,Regular\n"
      "W3,123-45-6791,07/30/1990,09/20/2019,,64000,On Leave,contractor\n"
      "W4,123-45-6792,07/30/1990,09/20/2019,,64000,Furloughed,Regular\n");
  CensusMap map = propose_census_map(t);
  map.exclude.push_back({"Worker Type", {"Contractor"}, ""});
  const MappedCensus m = apply_census_map(t, map);
  ASSERT_EQ(m.excluded.size(), 1u);
  EXPECT_EQ(m.excluded[0].first, "Worker Type is Contractor");
  EXPECT_EQ(m.excluded[0].second, 1u);
  ASSERT_EQ(m.table.rows(), 2u);
  EXPECT_EQ(cell(m, 0, "active"), "true");
  EXPECT_EQ(cell(m, 1, "active"), "false");
  EXPECT_EQ(cell(m, 1, "employee_termination_date"), "2024-05-31");
  ASSERT_EQ(m.errors.size(), 1u) << rules(m.errors);
  EXPECT_EQ(m.errors[0].error.rule, "status_value");
  EXPECT_EQ(m.errors[0].error.row, 5);
  EXPECT_EQ(m.errors[0].error.value, "Furloughed");
}

TEST(CensusMapping, EmptyTerminationColumnNeedsNoDateFormat) {
  const TextTable t = mapping_table(
      "Worker ID,National ID,Date of Birth,Hire Date,Termination Date,Annual Base Salary\n"
      "W1,123-45-6789,03/14/1980,06/21/2015,,85000\n"
      "W2,123-45-6790,11/23/1975,01/15/2010,,72000\n");
  const CensusMap map = propose_census_map(t);
  EXPECT_EQ(map.field(CensusField::kTerminationDate).column, "Termination Date");
  EXPECT_FALSE(map.field(CensusField::kTerminationDate).date_format.has_value());
  const MappedCensus m = apply_census_map(t, map);
  EXPECT_TRUE(m.errors.empty()) << rules(m.errors);
  ASSERT_EQ(m.table.rows(), 2u);
  EXPECT_EQ(cell(m, 1, "employee_termination_date"), "");
}

TEST(CensusMapping, RequiredFieldNotMappedIsAnError) {
  const TextTable t = mapping_table("Worker ID,Hire Date\nW1,2015-06-21\n");
  const MappedCensus m = apply_census_map(t, propose_census_map(t));
  EXPECT_FALSE(m.map_usable);
  std::string fields;
  for (const MappingIssue& i : m.errors) {
    EXPECT_EQ(i.error.rule, "field_not_mapped");
    fields += std::string(census_field_key(*i.field)) + ";";
  }
  EXPECT_EQ(fields, "employee_ssn;birth_date;pay;");
}

}  // namespace
}  // namespace planwise::io
