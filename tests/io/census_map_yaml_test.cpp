// Issue 14 items 1 and 6: the mapping file round trip, and every key
// checked: an unknown one is refused by name and line, never ignored.
#include "io/census_map_yaml.hpp"

#include <gtest/gtest.h>

#include <string>

namespace planwise::io {
namespace {

CensusMap sample_map() {
  CensusMap map;
  auto set = [&map](CensusField f, const char* column) {
    map.field(f).column = column;
    map.field(f).matched_by = MatchedBy::kName;
  };
  set(CensusField::kEmployeeId, "Worker ID");
  set(CensusField::kSsn, "National ID");
  set(CensusField::kBirthDate, "Date of Birth");
  set(CensusField::kHireDate, "Hire Date: latest");  // needs quoting in YAML
  set(CensusField::kPay, "Annual Base Salary");
  set(CensusField::kHourlyRate, "Hourly Rate");
  set(CensusField::kStatus, "Worker Status");
  map.field(CensusField::kBirthDate).date_format = DateFormat::kUsSlash;
  map.field(CensusField::kHireDate).date_format = DateFormat::kMonthName;
  map.default_standard_hours = 37.5;
  map.active_values = {"Active", "On Leave"};
  map.terminated_values = {"Terminated"};
  map.exclude.push_back({"Worker Type", {"Contractor", "Intern"}, "not in the plan"});
  return map;
}

TEST(CensusMapYaml, RoundTripKeepsEveryPart) {
  const CensusMap map = sample_map();
  const std::string text = census_map_yaml(map);
  auto back = parse_census_map_yaml(text, "hris.yaml");
  ASSERT_TRUE(back.ok()) << back.error().to_string_all() << "\n" << text;
  for (std::size_t f = 0; f < kCensusFieldCount; ++f) {
    EXPECT_EQ(back->fields[f].column, map.fields[f].column) << f;
    EXPECT_EQ(back->fields[f].date_format, map.fields[f].date_format) << f;
    EXPECT_EQ(back->fields[f].matched_by,
              map.fields[f].mapped() ? MatchedBy::kMapFile : MatchedBy::kNone);
  }
  EXPECT_EQ(back->pay_basis, PayBasis::kAnnual);
  EXPECT_EQ(back->default_standard_hours, 37.5);
  EXPECT_EQ(back->active_values, map.active_values);
  EXPECT_EQ(back->terminated_values, map.terminated_values);
  ASSERT_EQ(back->exclude.size(), 1u);
  EXPECT_EQ(back->exclude[0].column, "Worker Type");
  EXPECT_EQ(back->exclude[0].values, map.exclude[0].values);
  EXPECT_EQ(back->exclude[0].reason, "not in the plan");
  EXPECT_EQ(census_map_yaml(*back), text);  // written the same way again
}

TEST(CensusMapYaml, UnknownKeyIsRefusedByNameAndLine) {
  auto map = parse_census_map_yaml(
      "version: 1\n"
      "columns:\n"
      "  employee_id: Worker ID\n"
      "  salary: Annual Base Salary\n"
      "pay_basis: annual\n",
      "hris.yaml");
  ASSERT_FALSE(map.ok());
  const Error& e = map.error();
  EXPECT_EQ(e.file, "hris.yaml");
  EXPECT_EQ(e.row, 4);
  EXPECT_EQ(e.column, "columns.salary");
  EXPECT_EQ(e.rule, "unknown_key");
  EXPECT_NE(e.message.find("unknown key 'columns.salary'"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("employee_id"), std::string::npos) << e.message;
}

TEST(CensusMapYaml, UnknownTopLevelAndNestedKeysAreAllListed) {
  auto map = parse_census_map_yaml(
      "columns:\n"
      "  hire_date: {column: Hire Date, format: MM/DD/YYYY}\n"
      "standard_hours: 40\n",
      "hris.yaml");
  ASSERT_FALSE(map.ok());
  const Error& e = map.error();
  ASSERT_EQ(e.count(), 2u) << e.to_string_all();
  EXPECT_EQ(e.column, "columns.hire_date.format");
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.more[0].column, "standard_hours");
  EXPECT_EQ(e.more[0].row, 3);
}

TEST(CensusMapYaml, BadValuesNameTheirKey) {
  auto map = parse_census_map_yaml(
      "columns:\n"
      "  birth_date: {column: DOB, date_format: YY/MM/DD}\n"
      "pay_basis: weekly\n"
      "standard_hours_default: 200\n",
      "hris.yaml");
  ASSERT_FALSE(map.ok());
  const Error& e = map.error();
  ASSERT_EQ(e.count(), 3u) << e.to_string_all();
  EXPECT_EQ(e.column, "columns.birth_date.date_format");
  EXPECT_EQ(e.value, "YY/MM/DD");
  EXPECT_EQ(e.more[0].column, "pay_basis");
  EXPECT_EQ(e.more[1].column, "standard_hours_default");
}

}  // namespace
}  // namespace planwise::io
