// Spec §1.2–§1.4: census staging (deduplication, compensation basis,
// baseline rules and level derivation), fed through the real CSV and census
// readers and the bundled seed tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/rounding.hpp"
#include "engine/census.hpp"
#include "io/census_reader.hpp"
#include "io/csv_reader.hpp"
#include "io/seed_reader.hpp"
#include "support/test_paths.hpp"

namespace planwise::engine {
namespace {

constexpr const char* kStagingHeader =
    "employee_id,employee_ssn,employee_birth_date,employee_hire_date,"
    "employee_termination_date,employee_gross_compensation,active\n";

SeedTables read_bundled_seeds() {
  auto seeds = io::read_seed_tables(test::data_dir() / "seeds", "general_corporate");
  EXPECT_TRUE(seeds.ok()) << seeds.error().to_string_all();
  return std::move(seeds).value();
}

CensusRows census(const std::string& body) {
  auto table = io::parse_csv_text(std::string(kStagingHeader) + body, "census.csv");
  EXPECT_TRUE(table.ok()) << table.error().to_string_all();
  auto rows = io::parse_census(*table);
  EXPECT_TRUE(rows.ok()) << rows.error().to_string_all();
  return std::move(rows).value();
}

Result<StagedCensus> stage(const std::string& body, const EngineConfig& config = EngineConfig{}) {
  return stage_census(census(body), config, read_bundled_seeds());
}

const ValidationItem* find_warning(const StagedCensus& s, const std::string& id) {
  for (const ValidationItem& w : s.warnings) {
    if (w.check_id == id) return &w;
  }
  return nullptr;
}

// A valid baseline row to pad tests that need a non-empty baseline.
constexpr const char* kOkRow = "OK1,S-OK,1980-01-01,2010-01-01,,90000,true\n";

TEST(Staging, BaselineKeepsActiveRowsInIdOrder) {
  auto s = stage(
      "E3,S3,1980-01-01,2010-01-01,,90000,\n"
      "E1,S1,1985-01-01,2012-01-01,,70000.004,\n"
      "E2,S2,1970-01-01,2000-01-01,2020-06-30,60000,\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->census_rows, 3u);
  ASSERT_EQ(s->baseline_size(), 2u);
  EXPECT_EQ(s->employee_id[0], "E1");
  EXPECT_EQ(s->employee_id[1], "E3");
  EXPECT_EQ(s->employee_ssn[0], "S1");
  EXPECT_EQ(s->salary[0], 70000.0);  // round2 of the gross value
  EXPECT_EQ(s->census_compensation[0], 70000.004);
  EXPECT_EQ(s->hire_date[1], day_number(2010, 1, 1));
  EXPECT_TRUE(s->duplicates.empty());
}

TEST(Staging, NegativeSalaryOfABaselineRowIsAnError) {
  auto s = stage(std::string(kOkRow) + "E1,S1,1980-01-01,2010-01-01,,-5,true\n");
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, "census.csv");
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "employee_gross_compensation");
  EXPECT_EQ(e.rule, "salary_positive");
  EXPECT_EQ(e.value, "-5");
}

TEST(Staging, ZeroSalaryOfABaselineRowIsAnError) {
  auto s = stage("E1,S1,1980-01-01,2010-01-01,,0,true\n" + std::string(kOkRow));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, "census.csv");
  EXPECT_EQ(s.error().row, 2);
  EXPECT_EQ(s.error().column, "employee_gross_compensation");
  EXPECT_EQ(s.error().rule, "salary_positive");
}

TEST(Staging, NonPositiveSalaryOfATerminatedRowIsAllowed) {
  auto s = stage(std::string(kOkRow) + "E1,S1,1980-01-01,2010-01-01,2020-01-01,0,false\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->baseline_size(), 1u);
}

TEST(Staging, HireDateAfterTerminationDateExcludesTheRowWithAWarning) {
  // Issue 15 item 6: a leaver is out of the baseline whatever its dates.
  auto s = stage(std::string(kOkRow) + "E1,S1,1980-01-01,2020-05-01,2020-01-01,50000,false\n" +
                 "E2,S2,1980-01-01,2021-05-01,2021-01-01,50000,false\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->baseline_size(), 1u);
  EXPECT_EQ(s->employee_id[0], "OK1");
  const ValidationItem* w = find_warning(*s, "census_hire_after_termination");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->value, 2.0);
  EXPECT_NE(w->message.find("row 3"), std::string::npos) << w->message;
}

TEST(Staging, SalaryThatRoundsToZeroCentsIsAnError) {
  // Issue 15 item 6: 0.004 is above 0 but stages as 0.00.
  auto s = stage(std::string(kOkRow) + "E1,S1,1980-01-01,2010-01-01,,0.004,true\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, "census.csv");
  EXPECT_EQ(s.error().row, 3);
  EXPECT_EQ(s.error().column, "employee_gross_compensation");
  EXPECT_EQ(s.error().rule, "salary_positive");
  EXPECT_EQ(s.error().value, "0.004");
  // Half a cent rounds up to 0.01 and is kept.
  auto kept = stage(std::string(kOkRow) + "E1,S1,1980-01-01,2010-01-01,,0.005,true\n");
  ASSERT_TRUE(kept.ok()) << kept.error().to_string_all();
  EXPECT_EQ(kept->salary[0], 0.01);
}

TEST(Staging, SsnOfASimulatedHiresShapeIsAnError) {
  // Issue 15 item 6: SSN-NH-YYYY-NNNNNN is what a hire gets (spec §7).
  auto s = stage(std::string(kOkRow) + "E1,SSN-NH-2025-000001,1980-01-01,2010-01-01,,50000,\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, "census.csv");
  EXPECT_EQ(s.error().row, 3);
  EXPECT_EQ(s.error().column, "employee_ssn");
  EXPECT_EQ(s.error().rule, "ssn_not_reserved");
  EXPECT_EQ(s.error().value, "");  // an SSN is never shown in an error
  // Near misses of the shape are ordinary SSNs.
  for (const char* ssn :
       {"SSN-NH-2025-00001", "SSN-NH-25-000001", "SSN-NH-2025_000001", "SSN-NH-2025-00000A"}) {
    auto ok = stage(std::string(kOkRow) + "E1," + ssn + ",1980-01-01,2010-01-01,,50000,\n");
    EXPECT_TRUE(ok.ok()) << ssn;
  }
}

TEST(Staging, HireAndTerminationOnTheSameDayIsAllowed) {
  auto s = stage(std::string(kOkRow) + "E1,S1,1980-01-01,2020-05-01,2020-05-01,50000,false\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
}

TEST(Staging, HireDateAfterTheCensusDateIsAnError) {
  // R = 31 Dec of start_year - 1 = 2024-12-31.
  auto s = stage(std::string(kOkRow) + "E1,S1,1980-01-01,2025-01-01,,50000,true\n");
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, "census.csv");
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "employee_hire_date");
  EXPECT_EQ(e.rule, "hire_on_or_before_census_date");
  EXPECT_EQ(e.value, "2025-01-01");
}

TEST(Staging, CensusDateFollowsTheStartYear) {
  EngineConfig config;
  config.start_year = 2027;
  config.end_year = 2028;
  auto ok = stage(std::string(kOkRow) + "E1,S1,1980-01-01,2026-12-31,,50000,true\n", config);
  EXPECT_TRUE(ok.ok()) << ok.error().to_string_all();
  auto late = stage(std::string(kOkRow) + "E1,S1,1980-01-01,2027-01-01,,50000,true\n", config);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().file, "census.csv");
  EXPECT_EQ(late.error().row, 3);
  EXPECT_EQ(late.error().column, "employee_hire_date");
  EXPECT_EQ(late.error().rule, "hire_on_or_before_census_date");
}

TEST(Staging, ReservedHireIdIsAnError) {
  auto s = stage(std::string(kOkRow) + "NH_2025_000001,S1,1980-01-01,2010-01-01,,50000,true\n");
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, "census.csv");
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "employee_id");
  EXPECT_EQ(e.rule, "id_not_reserved");
  EXPECT_EQ(e.value, "NH_2025_000001");
}

TEST(Staging, ReservedIdPatternNeedsFourYearDigitsAndSixOrMoreSequenceDigits) {
  auto longer = stage(std::string(kOkRow) + "NH_2024_1234567,S1,1980-01-01,2010-01-01,,50000,\n");
  ASSERT_FALSE(longer.ok());
  EXPECT_EQ(longer.error().file, "census.csv");
  EXPECT_EQ(longer.error().row, 3);
  EXPECT_EQ(longer.error().column, "employee_id");
  EXPECT_EQ(longer.error().rule, "id_not_reserved");
  // Not the reserved form: five sequence digits, a letter, a short year.
  auto s = stage(std::string(kOkRow) +
                 "NH_2025_00001,S1,1980-01-01,2010-01-01,,50000,\n"
                 "NH_2025_00000X,S2,1980-01-01,2010-01-01,,50000,\n"
                 "NH_225_000001,S3,1980-01-01,2010-01-01,,50000,\n"
                 "nh_2025_000001,S4,1980-01-01,2010-01-01,,50000,\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->baseline_size(), 5u);
}

TEST(Staging, EmptyIdIsAnError) {
  auto s = stage(std::string(kOkRow) + ",S1,1980-01-01,2010-01-01,,50000,true\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, "census.csv");
  EXPECT_EQ(s.error().row, 3);
  EXPECT_EQ(s.error().column, "employee_id");
  EXPECT_EQ(s.error().rule, "id_non_empty");
}

TEST(Staging, DuplicateIdKeepsTheLatestHireDate) {
  auto s = stage(
      "D1,SA,1980-01-01,2019-01-01,,90000,\n"
      "D1,SB,1980-01-01,2021-06-01,,60000,\n"
      "D1,SC,1980-01-01,2020-01-01,,95000,\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  ASSERT_EQ(s->baseline_size(), 1u);
  EXPECT_EQ(s->employee_ssn[0], "SB");
  EXPECT_EQ(s->salary[0], 60000.0);
  ASSERT_EQ(s->duplicates.size(), 3u);
  // Audit rows in rank order: kept first, then the keep preference.
  EXPECT_EQ(s->duplicates[0].source_row, 3);
  EXPECT_EQ(s->duplicates[0].occurrence_rank, 1);
  EXPECT_TRUE(s->duplicates[0].kept);
  EXPECT_EQ(s->duplicates[1].source_row, 4);
  EXPECT_EQ(s->duplicates[1].occurrence_rank, 2);
  EXPECT_FALSE(s->duplicates[1].kept);
  EXPECT_EQ(s->duplicates[2].source_row, 2);
  EXPECT_EQ(s->duplicates[2].occurrence_rank, 3);
  EXPECT_FALSE(s->duplicates[2].kept);
  for (const DuplicateAuditRow& a : s->duplicates) {
    EXPECT_EQ(a.employee_id, "D1");
    EXPECT_EQ(a.duplicate_count, 3);
  }
  const ValidationItem* w = find_warning(*s, "census_duplicate_ids");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->value, 1.0);
}

TEST(Staging, DuplicateIdWithTheSameHireDateKeepsTheHighestPay) {
  auto s = stage(
      "D1,SA,1980-01-01,2020-01-01,,70000,\n"
      "D1,SB,1980-01-01,2020-01-01,,85000,\n" +
      std::string(kOkRow));
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  ASSERT_EQ(s->baseline_size(), 2u);
  EXPECT_EQ(s->employee_id[0], "D1");
  EXPECT_EQ(s->employee_ssn[0], "SB");
  EXPECT_EQ(s->salary[0], 85000.0);
  ASSERT_EQ(s->duplicates.size(), 2u);
  EXPECT_EQ(s->duplicates[0].source_row, 3);
  EXPECT_TRUE(s->duplicates[0].kept);
  EXPECT_EQ(s->duplicates[0].gross_compensation, 85000.0);
  EXPECT_EQ(s->duplicates[1].source_row, 2);
  EXPECT_EQ(s->duplicates[1].occurrence_rank, 2);
  EXPECT_EQ(s->duplicates[1].duplicate_count, 2);
}

TEST(Staging, DuplicateIdWithTheSameHireDateAndPayKeepsTheFirstRow) {
  auto s = stage(std::string(kOkRow) +
                 "D1,SA,1980-01-01,2020-01-01,,70000,\n"
                 "D1,SB,1981-01-01,2020-01-01,,70000,\n"
                 "D1,SC,1982-01-01,2020-01-01,,70000,\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  ASSERT_EQ(s->baseline_size(), 2u);
  EXPECT_EQ(s->employee_id[0], "D1");
  EXPECT_EQ(s->employee_ssn[0], "SA");
  EXPECT_EQ(s->birth_date[0], day_number(1980, 1, 1));
  ASSERT_EQ(s->duplicates.size(), 3u);
  EXPECT_EQ(s->duplicates[0].source_row, 3);
  EXPECT_EQ(s->duplicates[0].employee_ssn, "SA");
  EXPECT_EQ(s->duplicates[1].source_row, 4);
  EXPECT_EQ(s->duplicates[2].source_row, 5);
  EXPECT_EQ(s->duplicates[2].occurrence_rank, 3);
  EXPECT_EQ(s->duplicates[1].termination_date, kNoDate);
}

TEST(Staging, DuplicateKeptRowThatIsTerminatedLeavesTheBaseline) {
  // The later hire is the kept row; it has a termination date, so the id is
  // not in the baseline even though an older active row exists.
  auto s = stage(std::string(kOkRow) +
                 "D1,SA,1980-01-01,2015-01-01,,70000,true\n"
                 "D1,SB,1980-01-01,2018-01-01,2020-01-01,70000,false\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  ASSERT_EQ(s->baseline_size(), 1u);
  EXPECT_EQ(s->employee_id[0], "OK1");
  ASSERT_EQ(s->duplicates.size(), 2u);
  EXPECT_EQ(s->duplicates[0].employee_ssn, "SB");
  EXPECT_TRUE(s->duplicates[0].kept);
  EXPECT_EQ(s->duplicates[0].termination_date, day_number(2020, 1, 1));
  EXPECT_EQ(s->duplicates[0].active, 0);
}

TEST(Staging, LevelFromSalaryTakesTheLargestBandWhoseMinimumIsReached) {
  const SeedTables seeds = read_bundled_seeds();
  // Bands: 56,000 / 81,000 / 121,000 / 161,000 / 275,000.
  EXPECT_EQ(level_from_salary(1.0, seeds), 1);
  EXPECT_EQ(level_from_salary(55999.99, seeds), 1);
  EXPECT_EQ(level_from_salary(56000.0, seeds), 1);
  EXPECT_EQ(level_from_salary(80999.99, seeds), 1);
  EXPECT_EQ(level_from_salary(81000.0, seeds), 2);
  EXPECT_EQ(level_from_salary(120500.0, seeds), 2);  // above L2's max, below L3's min
  EXPECT_EQ(level_from_salary(121000.0, seeds), 3);
  EXPECT_EQ(level_from_salary(161000.0, seeds), 4);
  EXPECT_EQ(level_from_salary(280000.0, seeds), 5);  // inside L4's range too: largest wins
  EXPECT_EQ(level_from_salary(1e7, seeds), 5);
}

TEST(Staging, BaselineLevelsComeFromSalaryAndLowPayIsLevelOneWithAWarning) {
  auto s = stage(
      "A,S1,1980-01-01,2010-01-01,,50000,\n"
      "B,S2,1980-01-01,2010-01-01,,56000,\n"
      "C,S3,1980-01-01,2010-01-01,,81000,\n"
      "D,S4,1980-01-01,2010-01-01,,120999.99,\n"
      "E,S5,1980-01-01,2010-01-01,,121000,\n"
      "F,S6,1980-01-01,2010-01-01,,200000,\n"
      "G,S7,1980-01-01,2010-01-01,,275000,\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->level, (std::vector<std::uint8_t>{1, 1, 2, 2, 3, 4, 5}));
  const ValidationItem* w = find_warning(*s, "census_below_first_band");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->value, 1.0);
}

TEST(Staging, AnnualRateBasisDoesNotAnnualise) {
  auto s = stage("A,S1,1980-01-01,2024-12-28,,1000,\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->salary[0], 1000.0);
}

TEST(Staging, PlanYearEarningsAreAnnualisedByCalendarDays) {
  EngineConfig config;
  config.compensation_basis = CompensationBasis::kPlanYearEarnings;
  // Default plan year 2024-01-01..2024-12-31: P = 366 days.
  auto s = stage(
      "A,S1,1980-01-01,2024-12-28,,1000,\n"       // E = 4
      "B,S2,1980-01-01,2024-07-01,,50000,\n"      // E = 184
      "C,S3,1980-01-01,2024-01-01,,60000.005,\n"  // E = P
      "D,S4,1980-01-01,2015-03-01,,70000,\n",     // hired before PYS: E = P
      config);
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  ASSERT_EQ(s->baseline_size(), 4u);
  EXPECT_EQ(s->salary[0], 91500.0);   // round2(1000 × 366 / 4)
  EXPECT_EQ(s->salary[1], 99456.52);  // round2(50000 × 366 / 184) = 99456.5217...
  EXPECT_EQ(s->salary[2], round2(60000.005));
  EXPECT_EQ(s->salary[3], 70000.0);
  EXPECT_EQ(s->census_compensation[0], 1000.0);
  EXPECT_EQ(s->level[0], 2);  // level from the annualised 91,500, not from 1,000
}

// Spec §1.3: "When E = P the result is round2(gross)". Evaluating
// gross × P / E in binary64 can move the value by one ulp, which round2 then
// turns into a one-cent difference for some grosses.
TEST(Staging, PlanYearEarningsOfAFullYearEqualRound2OfGross) {
  EngineConfig config;
  config.compensation_basis = CompensationBasis::kPlanYearEarnings;
  const double gross = 231995.635;
  ASSERT_NE(round2(gross * 366.0 / 366.0), round2(gross));  // the trap this test is about
  auto s = stage("A,S1,1980-01-01,2020-01-01,,231995.635,\n", config);
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->salary[0], round2(gross));
}

TEST(Staging, PlanYearEarningsUseAConfiguredPlanYear) {
  EngineConfig config;
  config.compensation_basis = CompensationBasis::kPlanYearEarnings;
  config.plan_year_start = day_number(2024, 7, 1);
  config.plan_year_end = day_number(2024, 9, 30);  // P = 92
  auto s = stage(
      "A,S1,1980-01-01,2024-09-01,,3000,\n"    // E = 30
      "B,S2,1980-01-01,2024-06-01,,23000,\n",  // E = P
      config);
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->salary[0], 9200.0);
  EXPECT_EQ(s->salary[1], 23000.0);

  auto late = stage("A,S1,1980-01-01,2024-10-01,,3000,\n", config);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().file, "census.csv");
  EXPECT_EQ(late.error().row, 2);
  EXPECT_EQ(late.error().column, "employee_hire_date");
  EXPECT_EQ(late.error().rule, "hire_within_plan_year");
}

TEST(Staging, EmptyBaselineIsAnError) {
  auto s = stage(
      "A,S1,1980-01-01,2010-01-01,2024-01-01,50000,\n"
      "B,S2,1980-01-01,2010-01-01,2023-05-01,60000,\n");
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, "census.csv");
  EXPECT_EQ(e.row, 0);
  EXPECT_EQ(e.column, "employee_termination_date");
  EXPECT_EQ(e.rule, "baseline_non_empty");
}

TEST(Staging, HireBeforeAge16IsCountedInAWarning) {
  auto s = stage(
      "A,S1,2000-05-01,2015-06-01,,90000,\n"    // hire year < birth year + 16
      "B,S2,2000-05-01,2016-01-01,,90000,\n"    // exactly birth year + 16: fine
      "C,S3,1999-12-31,2010-01-01,,90000,\n");  // also early
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  const ValidationItem* w = find_warning(*s, "census_hired_before_16");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->status, CheckStatus::kWarn);
  EXPECT_EQ(w->value, 2.0);
  EXPECT_EQ(w->year, 0);
}

TEST(Staging, NoHireBeforeAge16WarningWhenEveryoneWasOldEnough) {
  auto s = stage(kOkRow);
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(find_warning(*s, "census_hired_before_16"), nullptr);
  // A one-person baseline is still small.
  EXPECT_NE(find_warning(*s, "census_small_baseline"), nullptr);
}

TEST(Staging, TerminationAfterTheCensusDateWarnsAndExcludesTheRow) {
  auto s = stage(std::string(kOkRow) + "A,S1,1980-01-01,2010-01-01,2025-03-01,50000,false\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->baseline_size(), 1u);
  const ValidationItem* w = find_warning(*s, "census_termination_after_reference");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->value, 1.0);
}

TEST(Staging, ActiveFlagThatDisagreesWithTheTerminationDateWarns) {
  auto s = stage(std::string(kOkRow) +
                 "A,S1,1980-01-01,2010-01-01,2020-03-01,50000,true\n"
                 "B,S2,1980-01-01,2010-01-01,,50000,false\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  const ValidationItem* w = find_warning(*s, "census_active_flag");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->value, 2.0);
}

TEST(Staging, ReferenceSalariesCollectRecentHiresPerLevel) {
  // reference_years = 2 by default: hires of 2023 and 2024 count.
  auto s = stage(
      "A,S1,1990-01-01,2024-03-01,,60000,\n"
      "B,S2,1990-01-01,2023-01-01,,58000,\n"
      "C,S3,1990-01-01,2022-12-31,,57000,\n"
      "D,S4,1990-01-01,2024-11-11,,90000,\n");
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  ASSERT_EQ(s->reference_salaries.size(), 5u);
  EXPECT_EQ(s->reference_salaries[0], (std::vector<double>{58000.0, 60000.0}));
  EXPECT_EQ(s->reference_salaries[1], (std::vector<double>{90000.0}));
  EXPECT_TRUE(s->reference_salaries[2].empty());
}

TEST(Staging, AgesCountByCalendarYearAtYearEndsAndFarFromToday) {
  // Age is start year (2025) minus birth year; 18 to 80 is in range. Births
  // before 1600 or after 2399 take the general calendar path.
  auto s = stage(
      "A,S1,2007-01-01,2022-12-31,,90000,\n"    // 18
      "B,S2,2007-12-31,2023-01-01,,90000,\n"    // 18
      "C,S3,2008-01-01,2024-06-01,,90000,\n"    // 17: counted
      "D,S4,1945-01-01,2000-06-01,,90000,\n"    // 80
      "E,S5,1944-12-31,2000-06-01,,90000,\n"    // 81: counted
      "F,S6,1500-06-01,2000-06-01,,90000,\n"    // 525: counted
      "G,S7,2400-12-31,2024-06-01,,90000,\n"    // -375: counted
      "H,S8,2401-01-01,2024-06-01,,90000,\n");  // counted
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  const ValidationItem* w = find_warning(*s, "census_age_range");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->value, 5.0);
  // Hired in the year of birth + 16 is fine (B), a day earlier is not (A);
  // G and H were hired before they were born.
  const ValidationItem* early = find_warning(*s, "census_hired_before_16");
  ASSERT_NE(early, nullptr);
  EXPECT_EQ(early->value, 3.0);
}

TEST(Staging, SharedSsnsCountEveryBaselineRowAfterTheFirst) {
  auto s = stage(
      "A,SSN-1,1980-01-01,2010-01-01,,90000,\n"
      "B,SSN-2,1980-01-01,2010-01-01,,90000,\n"
      "C,SSN-1,1980-01-01,2010-01-01,,90000,\n"
      "D,SSN-3,1980-01-01,2010-01-01,,90000,\n"
      "E,SSN-2,1980-01-01,2010-01-01,,90000,\n"
      "F,SSN-1,1980-01-01,2010-01-01,,90000,\n"
      "G,SSN-3,1980-01-01,2010-01-01,2020-01-01,90000,\n");  // not in the baseline
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  const ValidationItem* w = find_warning(*s, "census_duplicate_ssn");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->value, 3.0);  // two more SSN-1, one more SSN-2
}

TEST(Staging, ManyReferenceSalariesOfALevelAreSortedAscending) {
  // 6,000 recent hires in level 1 (pay 56,000 to 80,999.75, with repeats
  // and cents) and some older ones: each level's reference salaries are
  // exactly its recent hires' salaries in ascending order.
  std::string body;
  for (int i = 0; i < 6500; ++i) {
    const int cents = 5600000 + (i * 7919) % 2500000 + (i % 4) * 25;
    body += "E" + std::to_string(100000 + i) + ",S" + std::to_string(i) + ",1980-01-01," +
            (i % 13 == 0 ? "2019-05-01" : "2024-02-03") + ",," + std::to_string(cents / 100) + "." +
            std::to_string(cents % 100 / 10) + std::to_string(cents % 10) + ",\n";
  }
  auto s = stage(body);
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  std::vector<std::vector<double>> expected(5);
  for (std::size_t i = 0; i < s->baseline_size(); ++i) {
    if (year_of(s->hire_date[i]) == 2024) expected[s->level[i] - 1u].push_back(s->salary[i]);
  }
  ASSERT_GT(expected[0].size(), 5000u);
  for (auto& level : expected) std::sort(level.begin(), level.end());
  EXPECT_EQ(s->reference_salaries, expected);
}

TEST(Staging, BundledCensusStagesToTheDocumentedBaseline) {
  auto rows = io::read_census_csv(test::data_dir() / "census_preprocessed.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string_all();
  auto s = stage_census(*rows, EngineConfig{}, read_bundled_seeds());
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->baseline_size(), 4378u);
  std::vector<int> per_level(5, 0);
  for (std::uint8_t l : s->level) ++per_level[l - 1u];
  EXPECT_EQ(per_level, (std::vector<int>{2348, 1448, 250, 244, 88}));
  const ValidationItem* w = find_warning(*s, "census_hired_before_16");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->value, 180.0);
  const ValidationItem* below = find_warning(*s, "census_below_first_band");
  ASSERT_NE(below, nullptr);
  EXPECT_EQ(below->value, 454.0);
}

}  // namespace
}  // namespace planwise::engine
