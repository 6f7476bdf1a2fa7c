// Spec §2.1 and §2.3: comp_levers.csv read and validated (ranges,
// event types, levels, duplicate keys and COLA agreement).
#include "io/lever_csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "io/csv_reader.hpp"
#include "support/test_paths.hpp"

namespace planwise::io {
namespace {

constexpr const char* kLeverHeader =
    "scenario_id,fiscal_year,job_level,event_type,parameter_name,parameter_value,is_locked,created_"
    "at,"
    "created_by\n";
constexpr int kLevels = 5;

Result<LeverFile> parse_levers(const std::string& body, int levels = kLevels) {
  auto table = parse_csv_text(std::string(kLeverHeader) + body, "comp_levers.csv");
  if (!table) return std::move(table).error();
  return parse_lever_table(*table, levels);
}

TEST(LeverCsvReader, BundledFileHas125ValidRows) {
  auto f = read_lever_csv(test::data_dir() / "seeds" / "comp_levers.csv", kLevels);
  ASSERT_TRUE(f.ok()) << f.error().to_string_all();
  EXPECT_EQ(f->rows.size(), 125u);
  EXPECT_TRUE(f->warnings.empty());
  int hire_rows = 0;
  for (const engine::LeverRow& r : f->rows) {
    EXPECT_EQ(r.scenario_id, "default");
    EXPECT_GE(r.fiscal_year, 2025);
    EXPECT_LE(r.fiscal_year, 2029);
    if (r.param == engine::LeverParam::kNewHireSalaryAdjustment) {
      ++hire_rows;
      EXPECT_EQ(r.event_type, "hire");  // kept as written; compared case-insensitively
      EXPECT_EQ(r.value, 1.1501700953602505);
    }
    if (r.param == engine::LeverParam::kColaRate) EXPECT_EQ(r.value, 0.020340190720501153);
  }
  EXPECT_EQ(hire_rows, 25);
  const engine::LeverRow& first = f->rows.front();
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.param, engine::LeverParam::kMeritBase);
  EXPECT_EQ(first.job_level, 1);
  EXPECT_EQ(first.value, 0.04037420979255127);
  EXPECT_EQ(first.is_locked, true);
  EXPECT_EQ(first.created_at, "2025-06-30");
  EXPECT_EQ(first.created_by, "analyst");
}

TEST(LeverCsvReader, ValueOutOfRangeIsAnError) {
  auto f = parse_levers(
      "default,2025,1,RAISE,merit_base,0.03,,,\n"
      "default,2025,2,RAISE,merit_base,0.7,,,\n");
  ASSERT_FALSE(f.ok());
  const Error& e = f.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, "comp_levers.csv");
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "parameter_value");
  EXPECT_EQ(e.rule, "lever_range");
  EXPECT_EQ(e.value, "0.7");
  EXPECT_TRUE(e.more.empty()) << e.to_string_all();
}

TEST(LeverCsvReader, RangeEndsAreInclusive) {
  auto f = parse_levers(
      "default,2025,1,RAISE,merit_base,0.5,,,\n"
      "default,2025,1,RAISE,cola_rate,0,,,\n"
      "default,2025,1,HIRE,new_hire_salary_adjustment,2.0,,,\n"
      "default,2025,2,HIRE,new_hire_salary_adjustment,0.5,,,\n"
      "default,2025,1,PROMOTION,promotion_probability,1,,,\n");
  ASSERT_TRUE(f.ok()) << f.error().to_string_all();
  EXPECT_EQ(f->rows.size(), 5u);
}

TEST(LeverCsvReader, HireAdjustmentBelowHalfIsAnError) {
  auto f = parse_levers("default,2025,1,HIRE,new_hire_salary_adjustment,0.49,,,\n");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().file, "comp_levers.csv");
  EXPECT_EQ(f.error().row, 2);
  EXPECT_EQ(f.error().column, "parameter_value");
  EXPECT_EQ(f.error().rule, "lever_range");
}

TEST(LeverCsvReader, NonNumericOrNonFiniteValueIsAnError) {
  for (const char* value : {"abc", "", "nan", "inf"}) {
    auto f = parse_levers(std::string("default,2025,1,RAISE,merit_base,") + value + ",,,\n");
    ASSERT_FALSE(f.ok()) << value;
    EXPECT_EQ(f.error().file, "comp_levers.csv");
    EXPECT_EQ(f.error().row, 2);
    EXPECT_EQ(f.error().column, "parameter_value");
    EXPECT_EQ(f.error().rule, "number_format") << value;
  }
}

TEST(LeverCsvReader, WrongEventTypeIsAnError) {
  auto f = parse_levers("default,2025,1,PROMOTION,merit_base,0.03,,,\n");
  ASSERT_FALSE(f.ok());
  const Error& e = f.error();
  EXPECT_EQ(e.file, "comp_levers.csv");
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.column, "event_type");
  EXPECT_EQ(e.rule, "event_type");
  EXPECT_EQ(e.value, "PROMOTION");
  EXPECT_NE(e.message.find("RAISE"), std::string::npos) << e.message;
}

TEST(LeverCsvReader, EventTypeIsComparedCaseInsensitively) {
  auto f = parse_levers(
      "default,2025,1,hire,new_hire_salary_adjustment,1.1,,,\n"
      "default,2025,1,Raise,merit_base,0.03,,,\n"
      "default,2025,1,promotion,promotion_raise,0.1,,,\n");
  ASSERT_TRUE(f.ok()) << f.error().to_string_all();
  ASSERT_EQ(f->rows.size(), 3u);
  EXPECT_EQ(f->rows[0].param, engine::LeverParam::kNewHireSalaryAdjustment);
  EXPECT_EQ(f->rows[0].value, 1.1);
}

TEST(LeverCsvReader, JobLevelAboveTheLevelCountIsAnError) {
  auto f = parse_levers("default,2025,6,RAISE,merit_base,0.03,,,\n");
  ASSERT_FALSE(f.ok());
  const Error& e = f.error();
  EXPECT_EQ(e.file, "comp_levers.csv");
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.column, "job_level");
  EXPECT_EQ(e.rule, "level_range");
  EXPECT_EQ(e.value, "6");
  // With six levels the same row is fine.
  EXPECT_TRUE(parse_levers("default,2025,6,RAISE,merit_base,0.03,,,\n", 6).ok());
}

TEST(LeverCsvReader, JobLevelZeroIsAnError) {
  auto f = parse_levers("default,2025,0,RAISE,merit_base,0.03,,,\n");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().file, "comp_levers.csv");
  EXPECT_EQ(f.error().row, 2);
  EXPECT_EQ(f.error().column, "job_level");
  EXPECT_EQ(f.error().rule, "level_range");
}

TEST(LeverCsvReader, BadFiscalYearIsAnError) {
  auto f = parse_levers("default,20x5,1,RAISE,merit_base,0.03,,,\n");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().file, "comp_levers.csv");
  EXPECT_EQ(f.error().row, 2);
  EXPECT_EQ(f.error().column, "fiscal_year");
  EXPECT_EQ(f.error().rule, "year");
}

TEST(LeverCsvReader, DuplicateKeyIsAnError) {
  auto f = parse_levers(
      "default,2025,1,RAISE,merit_base,0.03,,,\n"
      "other,2025,1,RAISE,merit_base,0.03,,,\n"
      "default,2026,1,RAISE,merit_base,0.03,,,\n"
      "default,2025,1,RAISE,merit_base,0.04,,,\n");
  ASSERT_FALSE(f.ok());
  const Error& e = f.error();
  EXPECT_EQ(e.file, "comp_levers.csv");
  EXPECT_EQ(e.row, 5);
  EXPECT_EQ(e.column, "parameter_name");
  EXPECT_EQ(e.rule, "lever_unique");
  EXPECT_NE(e.message.find("line 2"), std::string::npos) << e.message;
  EXPECT_TRUE(e.more.empty()) << e.to_string_all();
}

TEST(LeverCsvReader, ColaDisagreementWithinAYearListsEveryRowOfTheGroup) {
  auto f = parse_levers(
      "default,2025,1,RAISE,cola_rate,0.02,,,\n"
      "default,2025,2,RAISE,cola_rate,0.02,,,\n"
      "default,2026,1,RAISE,cola_rate,0.05,,,\n"
      "default,2025,3,RAISE,cola_rate,0.025,,,\n"
      "other,2025,1,RAISE,cola_rate,0.07,,,\n");
  ASSERT_FALSE(f.ok());
  const Error& e = f.error();
  EXPECT_EQ(e.file, "comp_levers.csv");
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.column, "parameter_value");
  EXPECT_EQ(e.rule, "cola_agreement");
  EXPECT_TRUE(e.more.empty()) << e.to_string_all();
  EXPECT_NE(e.message.find("line 2, default, 2025, 1, 0.02"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("line 3, default, 2025, 2, 0.02"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("line 5, default, 2025, 3, 0.025"), std::string::npos) << e.message;
  // Other groups are not listed.
  EXPECT_EQ(e.message.find("line 4"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("line 6"), std::string::npos) << e.message;
}

TEST(LeverCsvReader, ColaValuesAreComparedExactly) {
  auto f = parse_levers(
      "default,2025,1,RAISE,cola_rate,0.02,,,\n"
      "default,2025,2,RAISE,cola_rate,0.020000000000000004,,,\n");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().file, "comp_levers.csv");
  EXPECT_EQ(f.error().row, 2);
  EXPECT_EQ(f.error().column, "parameter_value");
  EXPECT_EQ(f.error().rule, "cola_agreement");
  // The same value written differently agrees.
  EXPECT_TRUE(parse_levers("default,2025,1,RAISE,cola_rate,0.02,,,\n"
                           "default,2025,2,RAISE,cola_rate,2e-2,,,\n")
                  .ok());
}

TEST(LeverCsvReader, UnknownParameterNameWarnsOnceAndIsIgnored) {
  auto f = parse_levers(
      "default,2025,1,RAISE,merit_bonus,0.9,,,\n"
      "default,2025,1,RAISE,merit_base,0.03,,,\n"
      "default,2025,2,RAISE,merit_bonus,0.9,,,\n");
  ASSERT_TRUE(f.ok()) << f.error().to_string_all();
  ASSERT_EQ(f->rows.size(), 1u);
  EXPECT_EQ(f->rows[0].param, engine::LeverParam::kMeritBase);
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_EQ(f->warnings[0].check_id, "lever_unknown_parameter");
  EXPECT_EQ(f->warnings[0].status, engine::CheckStatus::kWarn);
  EXPECT_NE(f->warnings[0].message.find("merit_bonus"), std::string::npos)
      << f->warnings[0].message;
  EXPECT_NE(f->warnings[0].message.find("comp_levers.csv:2"), std::string::npos)
      << f->warnings[0].message;
}

TEST(LeverCsvReader, BadLockFlagIsAnError) {
  auto f = parse_levers("default,2025,1,RAISE,merit_base,0.03,yes,,\n");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().file, "comp_levers.csv");
  EXPECT_EQ(f.error().row, 2);
  EXPECT_EQ(f.error().column, "is_locked");
  EXPECT_EQ(f.error().rule, "bool_format");
}

TEST(LeverCsvReader, LockFlagIsOptional) {
  auto f = parse_levers(
      "default,2025,1,RAISE,merit_base,0.03,,,\n"
      "default,2025,2,RAISE,merit_base,0.03,0,,\n"
      "default,2025,3,RAISE,merit_base,0.03,true,,\n");
  ASSERT_TRUE(f.ok()) << f.error().to_string_all();
  EXPECT_FALSE(f->rows[0].is_locked.has_value());
  EXPECT_EQ(f->rows[1].is_locked, false);
  EXPECT_EQ(f->rows[2].is_locked, true);
}

TEST(LeverCsvReader, MissingRequiredColumnIsAnError) {
  auto table = parse_csv_text("scenario_id,fiscal_year,job_level,parameter_name,parameter_value\n",
                              "comp_levers.csv");
  ASSERT_TRUE(table.ok());
  auto f = parse_lever_table(*table, kLevels);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().file, "comp_levers.csv");
  EXPECT_EQ(f.error().row, 1);
  EXPECT_EQ(f.error().column, "event_type");
  EXPECT_EQ(f.error().rule, "required_column");
}

TEST(LeverCsvReader, EveryBadRowIsReported) {
  auto f = parse_levers(
      "default,2025,1,RAISE,merit_base,0.7,,,\n"
      "default,2025,9,RAISE,merit_base,0.03,,,\n");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().row, 2);
  EXPECT_EQ(f.error().rule, "lever_range");
  ASSERT_EQ(f.error().more.size(), 1u);
  EXPECT_EQ(f.error().more[0].file, "comp_levers.csv");
  EXPECT_EQ(f.error().more[0].row, 3);
  EXPECT_EQ(f.error().more[0].column, "job_level");
  EXPECT_EQ(f.error().more[0].rule, "level_range");
}

}  // namespace
}  // namespace planwise::io
