// Issue 14 items 1 and 6: the map proposed for Workday-, SAP SuccessFactors-
// and ADP-style exports and for our own schema, by name and by content, and
// the date formats detected per column (an ambiguous one left open).
#include "io/census_mapper.hpp"

#include <gtest/gtest.h>

#include <string>

#include "io/census_dates.hpp"
#include "support/hris_files.hpp"

namespace planwise::io {
namespace {

TextTable table(const std::string& text) {
  return test::hris_table(text);
}

void expect_field(const CensusMap& map, CensusField field, const std::string& column,
                  MatchedBy how) {
  const ColumnMapping& m = map.field(field);
  EXPECT_EQ(m.column, column) << census_field_key(field);
  EXPECT_EQ(m.matched_by, how) << census_field_key(field) << " " << m.reason;
}

TEST(CensusMapper, WorkdayHeaderMapsByName) {
  const CensusMap map = propose_census_map(
      table("Worker ID,Legal Name,National ID,Date of Birth,Original Hire Date,Hire Date,"
            "Termination Date,Worker Status,Annual Base Salary,Hourly Rate,Scheduled Weekly Hours\n"
            "W1,x,123-45-6789,03/14/1980,01/02/2001,06/21/2015,,Active,\"$85,000.00\",,40\n"));
  expect_field(map, CensusField::kEmployeeId, "Worker ID", MatchedBy::kName);
  expect_field(map, CensusField::kSsn, "National ID", MatchedBy::kName);
  expect_field(map, CensusField::kBirthDate, "Date of Birth", MatchedBy::kName);
  // "Hire Date" is preferred to "Original Hire Date": the latest hire.
  expect_field(map, CensusField::kHireDate, "Hire Date", MatchedBy::kName);
  expect_field(map, CensusField::kTerminationDate, "Termination Date", MatchedBy::kName);
  expect_field(map, CensusField::kPay, "Annual Base Salary", MatchedBy::kName);
  expect_field(map, CensusField::kHourlyRate, "Hourly Rate", MatchedBy::kName);
  expect_field(map, CensusField::kStandardHours, "Scheduled Weekly Hours", MatchedBy::kName);
  expect_field(map, CensusField::kStatus, "Worker Status", MatchedBy::kName);
  EXPECT_EQ(map.pay_basis, PayBasis::kAnnual);
  EXPECT_EQ(map.field(CensusField::kHireDate).date_format, DateFormat::kUsSlash);
  EXPECT_EQ(map.file_columns.size(), 11u);
}

TEST(CensusMapper, SapHeaderMapsByNameWithHourlyBasis) {
  const CensusMap map = propose_census_map(
      table("PERNR,Social Security Number,Date of Birth,Entry Date,Leaving Date,Employment "
            "Status,Hourly Rate,Standard Weekly Hours\n"
            "00012345,123456789,14.03.1980,21.06.2015,,Active,31.50,37.5\n"));
  expect_field(map, CensusField::kEmployeeId, "PERNR", MatchedBy::kName);
  expect_field(map, CensusField::kSsn, "Social Security Number", MatchedBy::kName);
  expect_field(map, CensusField::kHireDate, "Entry Date", MatchedBy::kName);
  expect_field(map, CensusField::kTerminationDate, "Leaving Date", MatchedBy::kName);
  expect_field(map, CensusField::kStatus, "Employment Status", MatchedBy::kName);
  expect_field(map, CensusField::kStandardHours, "Standard Weekly Hours", MatchedBy::kName);
  // With no annual column the hourly rate is the pay itself.
  expect_field(map, CensusField::kPay, "Hourly Rate", MatchedBy::kName);
  EXPECT_EQ(map.pay_basis, PayBasis::kHourly);
  EXPECT_EQ(map.field(CensusField::kBirthDate).date_format, DateFormat::kDayDot);
}

TEST(CensusMapper, AdpHeaderMapsByNameWithPerRowBasis) {
  const CensusMap map = propose_census_map(
      table("Associate ID,Tax ID (SSN),Birth Date,Position Start Date,Termination Date,Position "
            "Status,Regular Pay Rate Amount,Regular Pay Rate Description,Pay Frequency,Standard "
            "Hours\n"
            "A1,123-45-6789,1980-03-14,2015-06-21,,Active,31.50,Hourly,Biweekly,40\n"));
  expect_field(map, CensusField::kEmployeeId, "Associate ID", MatchedBy::kName);
  expect_field(map, CensusField::kSsn, "Tax ID (SSN)", MatchedBy::kName);
  expect_field(map, CensusField::kBirthDate, "Birth Date", MatchedBy::kName);
  expect_field(map, CensusField::kHireDate, "Position Start Date", MatchedBy::kName);
  expect_field(map, CensusField::kStatus, "Position Status", MatchedBy::kName);
  expect_field(map, CensusField::kPay, "Regular Pay Rate Amount", MatchedBy::kName);
  expect_field(map, CensusField::kPayBasis, "Regular Pay Rate Description", MatchedBy::kName);
  expect_field(map, CensusField::kStandardHours, "Standard Hours", MatchedBy::kName);
  EXPECT_EQ(map.pay_basis, PayBasis::kPerRow);
  EXPECT_EQ(map.field(CensusField::kHireDate).date_format, DateFormat::kIso);
}

TEST(CensusMapper, OurOwnSchemaMapsToItself) {
  const CensusMap map =
      propose_census_map(table("employee_id,employee_ssn,employee_birth_date,employee_hire_date,"
                               "employee_termination_date,employee_gross_compensation,active\n"
                               "EMP_1,SSN-717186057,1979-11-13,2017-05-28,,176000.0,true\n"));
  expect_field(map, CensusField::kEmployeeId, "employee_id", MatchedBy::kName);
  expect_field(map, CensusField::kSsn, "employee_ssn", MatchedBy::kName);
  expect_field(map, CensusField::kBirthDate, "employee_birth_date", MatchedBy::kName);
  expect_field(map, CensusField::kHireDate, "employee_hire_date", MatchedBy::kName);
  expect_field(map, CensusField::kTerminationDate, "employee_termination_date", MatchedBy::kName);
  expect_field(map, CensusField::kPay, "employee_gross_compensation", MatchedBy::kName);
  expect_field(map, CensusField::kStatus, "active", MatchedBy::kName);
}

TEST(CensusMapper, UnknownHeadersMapByContent) {
  const CensusMap map =
      propose_census_map(table("c1,c2,c3,c4,c5,c6\n"
                               "K-1,1977-04-30,123-45-6701,2015-06-21,,\"$70,000\"\n"
                               "K-2,1985-10-02,123-45-6702,2019-01-30,2024-03-15,\"$70,000\"\n"
                               "K-3,1990-12-25,123-45-6703,2021-09-13,,\"$82,500\"\n"));
  expect_field(map, CensusField::kSsn, "c3", MatchedBy::kContent);
  expect_field(map, CensusField::kBirthDate, "c2", MatchedBy::kContent);
  expect_field(map, CensusField::kHireDate, "c4", MatchedBy::kContent);
  expect_field(map, CensusField::kTerminationDate, "c5", MatchedBy::kContent);
  expect_field(map, CensusField::kPay, "c6", MatchedBy::kContent);
  expect_field(map, CensusField::kEmployeeId, "c1", MatchedBy::kContent);
}

TEST(CensusDates, ThreeFormatsAreDetectedAndRead) {
  const TextTable t = table(
      "iso,us,dot,compact,named\n"
      "2020-01-05,01/25/2020,25.01.2020,20200105,\"Jan 5, 2020\"\n"
      "2021-12-31,12/31/2021,31.12.2021,20211231,\"December 31, 2021\"\n");
  const DateFormat expected[] = {DateFormat::kIso, DateFormat::kUsSlash, DateFormat::kDayDot,
                                 DateFormat::kCompact, DateFormat::kMonthName};
  for (std::size_t c = 0; c < 5; ++c) {
    const DateDetection d = detect_date_format(t, c);
    ASSERT_EQ(d.best.size(), 1u) << t.header[c];
    EXPECT_EQ(d.best.front(), expected[c]) << t.header[c];
    EXPECT_EQ(d.fitting, 2u);
    EXPECT_EQ(parse_date_as(t.cell(1, c), d.best.front()), day_number(2021, 12, 31));
  }
  EXPECT_EQ(parse_date_as("01/25/2020", DateFormat::kUsSlash), day_number(2020, 1, 25));
  EXPECT_EQ(parse_date_as("25.01.2020", DateFormat::kDayDot), day_number(2020, 1, 25));
  EXPECT_EQ(parse_date_as("05-Jan-2020", DateFormat::kDayMonthName), day_number(2020, 1, 5));
  EXPECT_EQ(parse_date_as("2020-01-05T00:00:00", DateFormat::kIso), day_number(2020, 1, 5));
  EXPECT_FALSE(parse_date_as("02/30/2020", DateFormat::kUsSlash));  // no such day
  EXPECT_FALSE(parse_date_as("2020-01-05", DateFormat::kUsSlash));
}

TEST(CensusDates, DaysOfTwelveOrLessLeaveTheFormatOpen) {
  const TextTable t = table("Hire Date\n03/04/2020\n11/12/2019\n01/02/2021\n");
  const DateDetection d = detect_date_format(t, 0);
  EXPECT_TRUE(d.ambiguous());
  EXPECT_EQ(d.best, (std::vector<DateFormat>{DateFormat::kUsSlash, DateFormat::kDaySlash}));
  CensusMap map = propose_census_map(table("Worker ID,Hire Date\nW1,03/04/2020\nW2,11/12/2019\n"));
  EXPECT_FALSE(map.field(CensusField::kHireDate).date_format.has_value());
  EXPECT_EQ(map.field(CensusField::kHireDate).date_format_candidates.size(), 2u);
  state_open_date_formats(map, DateFormat::kDaySlash);
  EXPECT_EQ(map.field(CensusField::kHireDate).date_format, DateFormat::kDaySlash);
}

TEST(CensusMapper, MoneyTextReadsDollarsCommasAndParentheses) {
  EXPECT_EQ(parse_money("$65,000.50"), 65000.5);
  EXPECT_EQ(parse_money(" 72000 "), 72000.0);
  EXPECT_EQ(parse_money("($1,200)"), -1200.0);
  EXPECT_FALSE(parse_money("n/a"));
  EXPECT_FALSE(parse_money(""));
}

}  // namespace
}  // namespace planwise::io
