// Spec §1.2: one census record's cells to typed values. The census's own
// date and pay parsers (issue 13 item 5) must give what parse_date and
// parse_double give, value for value and error for error.
#include "io/census_cells.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "common/date.hpp"
#include "common/number_text.hpp"

namespace planwise::io {
namespace {

const std::vector<std::string> kCellsHeader = {"employee_id",
                                               "employee_ssn",
                                               "employee_birth_date",
                                               "employee_hire_date",
                                               "employee_termination_date",
                                               "employee_gross_compensation",
                                               "active"};

struct Parsed {
  engine::CensusRows rows;
  std::vector<Error> errors;
};

Parsed parse_row(const std::string& date, const std::string& pay) {
  auto columns = find_census_columns(kCellsHeader, "census.csv");
  EXPECT_TRUE(columns.ok());
  const std::string_view cells[] = {"E1", "S1", "2000-01-01", "2010-01-01", date, pay, "true"};
  Parsed out;
  add_census_row(*columns, cells, 7, "census.csv", out.rows, out.errors);
  return out;
}

TEST(CensusCells, DatesAreReadAsParseDateReadsThem) {
  std::vector<std::string> texts = {"2025-02-29", "2024-02-29",  "1900-02-29", "2000-02-29",
                                    "2024-1-01",  "2024-01-1",   "2024/01/01", "+024-01-01",
                                    "2024-01-0a", "2024-01-01 ", "20240101",   " 2024-01-01"};
  for (int year : {0, 1, 1599, 1600, 1601, 1899, 1900, 1970, 2000, 2024, 2100, 2399, 2400, 9999}) {
    for (int month = 0; month <= 13; ++month) {
      for (int day = 0; day <= 32; ++day) {
        char text[32];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        texts.push_back(text);
      }
    }
  }
  for (const std::string& text : texts) {
    const Parsed p = parse_row(text, "1");
    const std::optional<DayNumber> expected = parse_date(text);
    ASSERT_EQ(p.rows.termination_date.size(), 1u);
    if (expected) {
      EXPECT_TRUE(p.errors.empty()) << text;
      EXPECT_EQ(p.rows.termination_date[0], *expected) << text;
    } else {
      ASSERT_EQ(p.errors.size(), 1u) << text;
      EXPECT_EQ(p.errors[0].file, "census.csv");
      EXPECT_EQ(p.errors[0].row, 7);
      EXPECT_EQ(p.errors[0].column, "employee_termination_date");
      EXPECT_EQ(p.errors[0].rule, "date_format");
      EXPECT_EQ(p.errors[0].value, text);
    }
  }
}

TEST(CensusCells, PayIsReadAsParseDoubleReadsIt) {
  std::vector<std::string> texts = {"0",
                                    "0.0",
                                    "65000",
                                    "65000.5",
                                    "065000",
                                    "65000.",
                                    ".5",
                                    "1e5",
                                    "-5",
                                    "+5",
                                    "1.5e-3",
                                    "",
                                    "inf",
                                    "nan",
                                    "1e999",
                                    "60k",
                                    "1..2",
                                    "1.2.3",
                                    "0.1",
                                    "0.3",
                                    "2.675",
                                    "1.005",
                                    "999999999999999",
                                    "9999999999999999",
                                    "123456789.123456",
                                    "0.000000000000001",
                                    "1234567890123.45"};
  std::mt19937_64 random(20261127);
  for (int i = 0; i < 20000; ++i) {
    // Cents and longer fractions around the sizes of real pay.
    const std::uint64_t whole = random() % 10'000'000;
    const std::uint64_t fraction = random() % 1'000'000;
    const int fraction_digits = static_cast<int>(random() % 7);
    std::string text = std::to_string(whole);
    if (fraction_digits > 0) {
      std::string f = std::to_string(fraction);
      f.insert(0, 6 - f.size(), '0');
      text += "." + f.substr(0, static_cast<std::size_t>(fraction_digits));
    }
    texts.push_back(text);
  }
  for (const std::string& text : texts) {
    const Parsed p = parse_row("", text);
    const std::optional<double> expected = parse_double(text);
    ASSERT_EQ(p.rows.gross_compensation.size(), 1u);
    if (expected) {
      EXPECT_TRUE(p.errors.empty()) << text;
      EXPECT_EQ(p.rows.gross_compensation[0], *expected) << text;  // bit for bit
    } else {
      ASSERT_EQ(p.errors.size(), 1u) << text;
      EXPECT_EQ(p.errors[0].row, 7);
      EXPECT_EQ(p.errors[0].column, "employee_gross_compensation");
      EXPECT_EQ(p.errors[0].rule, "number_format");
      EXPECT_EQ(p.errors[0].value, text);
    }
  }
}

}  // namespace
}  // namespace planwise::io
