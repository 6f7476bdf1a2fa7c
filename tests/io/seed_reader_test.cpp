// Spec §1.7: seed tables read and validated. Each test copies the bundled
// seeds, breaks one file and checks that the error names the file, the row,
// the column and the rule.
#include "io/seed_reader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/test_paths.hpp"

namespace planwise::io {
namespace {

constexpr const char* kLevelsHeader =
    "level_id,name,min_compensation,max_compensation,avg_annual_merit_increase,promotion_"
    "probability\n";

class SeedReader : public ::testing::Test {
 protected:
  void SetUp() override { test::copy_bundled_inputs(dir_.path()); }

  std::filesystem::path seeds() const { return dir_ / "seeds"; }
  std::string file(const char* name) const { return (seeds() / name).string(); }
  void write(const char* name, const std::string& text) const {
    test::write_file(seeds() / name, text);
  }
  // Replaces the first occurrence of `from` in a bundled file.
  void replace(const char* name, const std::string& from, const std::string& to) const {
    std::string text = test::read_file(seeds() / name);
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << name;
    text.replace(at, from.size(), to);
    test::write_file(seeds() / name, text);
  }
  Result<engine::SeedTables> read(const std::string& profile = "general_corporate") const {
    return read_seed_tables(seeds(), profile);
  }

  test::TempDir dir_;
};

TEST_F(SeedReader, BundledSeedsHoldTheDocumentedValues) {
  auto s = read();
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  ASSERT_EQ(s->level_count(), 5);
  EXPECT_EQ(s->level(1).name, "Staff");
  EXPECT_EQ(s->level(1).min_compensation, 56000.0);
  EXPECT_EQ(s->level(5).max_compensation, 500000.0);
  EXPECT_EQ(s->level(3).avg_annual_merit_increase, 0.045);
  EXPECT_EQ(s->level(2).promotion_probability, 0.08);
  EXPECT_EQ(s->termination_base, 0.42);
  EXPECT_EQ(s->termination_age[0], 0.7);   // < 25
  EXPECT_EQ(s->termination_age[5], 1.2);   // 65+
  EXPECT_EQ(s->promotion_tenure[4], 0.2);  // 20+
  EXPECT_EQ(s->raise_month_weights[0], 0.28);
  EXPECT_EQ(s->raise_month_weights[6], 0.23);
  EXPECT_EQ(s->cola_by_year.size(), 6u);
  EXPECT_EQ(s->cola_by_year.at(2029), 0.025);
  EXPECT_EQ(s->promotion_raise_fallback, 0.12);
  EXPECT_EQ(s->timing_rules.sum_tolerance, 0.001);
  EXPECT_EQ(s->timing_rules.max_month_target, 0.35);
}

TEST_F(SeedReader, MissingColumnIsAnError) {
  write("config_termination_hazard_base.csv",
        "level_discount_factor,min_level_discount_multiplier\n0.1,0.4\n");
  auto s = read();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, file("config_termination_hazard_base.csv"));
  EXPECT_EQ(e.row, 1);
  EXPECT_EQ(e.column, "base_rate_for_new_hire");
  EXPECT_EQ(e.rule, "required_column");
  EXPECT_TRUE(e.more.empty()) << e.to_string_all();
}

TEST_F(SeedReader, MissingSeedFileIsAnError) {
  std::filesystem::remove(seeds() / "config_raises_hazard.csv");
  auto s = read();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, file("config_raises_hazard.csv"));
  EXPECT_EQ(s.error().row, 0);
  EXPECT_EQ(s.error().column, "");
  EXPECT_EQ(s.error().rule, "file_readable");
}

TEST_F(SeedReader, LevelIdsWithAGapAreAnError) {
  write("config_job_levels.csv", std::string(kLevelsHeader) +
                                     "1,Staff,56000,80000,0.035,0.12\n"
                                     "2,Manager,81000,120000,0.04,0.08\n"
                                     "4,Director,161000,300000,0.05,0.02\n");
  auto s = read();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, file("config_job_levels.csv"));
  EXPECT_EQ(e.row, 4);
  EXPECT_EQ(e.column, "level_id");
  EXPECT_EQ(e.rule, "level_id_contiguous");
  EXPECT_EQ(e.value, "4");
}

TEST_F(SeedReader, LevelIdsMayBeListedInAnyOrder) {
  write("config_job_levels.csv", std::string(kLevelsHeader) +
                                     "2,Manager,81000,120000,0.04,0.08\n"
                                     "1,Staff,56000,80000,0.035,0.12\n");
  auto s = read();
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  ASSERT_EQ(s->level_count(), 2);
  EXPECT_EQ(s->level(1).name, "Staff");
  EXPECT_EQ(s->level(2).name, "Manager");
}

TEST_F(SeedReader, DuplicateLevelIdIsAnError) {
  write("config_job_levels.csv", std::string(kLevelsHeader) +
                                     "1,Staff,56000,80000,0.035,0.12\n"
                                     "1,Manager,81000,120000,0.04,0.08\n");
  auto s = read();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, file("config_job_levels.csv"));
  EXPECT_EQ(s.error().row, 3);
  EXPECT_EQ(s.error().column, "level_id");
  EXPECT_EQ(s.error().rule, "level_id_unique");
}

TEST_F(SeedReader, LevelsThatDoNotCoverTheSalaryRangeAreAnError) {
  // Level 3's minimum is not above level 2's: the bands overlap.
  write("config_job_levels.csv", std::string(kLevelsHeader) +
                                     "1,Staff,56000,80000,0.035,0.12\n"
                                     "2,Manager,81000,120000,0.04,0.08\n"
                                     "3,SrMgr,81000,160000,0.045,0.05\n");
  auto s = read();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, file("config_job_levels.csv"));
  EXPECT_EQ(e.row, 4);
  EXPECT_EQ(e.column, "min_compensation");
  EXPECT_EQ(e.rule, "band_min_increasing");
  EXPECT_EQ(e.value, "81000");
}

TEST_F(SeedReader, BandMaximumNotAboveMinimumIsAnError) {
  replace("config_job_levels.csv", "2,120000,81000,Manager", "2,81000,81000,Manager");
  auto s = read();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, file("config_job_levels.csv"));
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "max_compensation");
  EXPECT_EQ(e.rule, "band_max_above_min");
}

TEST_F(SeedReader, MeritFallbackOutsideZeroToOneIsAnError) {
  write("config_job_levels.csv", std::string(kLevelsHeader) + "1,Staff,56000,80000,1.5,0.12\n");
  auto s = read();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, file("config_job_levels.csv"));
  EXPECT_EQ(s.error().row, 2);
  EXPECT_EQ(s.error().column, "avg_annual_merit_increase");
  EXPECT_EQ(s.error().rule, "rate_range");
}

TEST_F(SeedReader, MissingAgeBandIsAnError) {
  replace("config_termination_hazard_age_multipliers.csv", "65+,1.2\n", "");
  auto s = read();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, file("config_termination_hazard_age_multipliers.csv"));
  EXPECT_EQ(e.row, 0);  // about the file, not one row
  EXPECT_EQ(e.column, "age_band");
  EXPECT_EQ(e.rule, "band_complete");
  EXPECT_NE(e.message.find("65+"), std::string::npos) << e.message;
  EXPECT_TRUE(e.more.empty()) << e.to_string_all();
}

TEST_F(SeedReader, UnknownBandLabelIsAnError) {
  replace("config_promotion_hazard_age_multipliers.csv", "25-34,", "25-35,");
  auto s = read();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, file("config_promotion_hazard_age_multipliers.csv"));
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "age_band");
  EXPECT_EQ(e.rule, "band_label");
  EXPECT_EQ(e.value, "25-35");
  // ... and the real label is then missing.
  ASSERT_EQ(e.more.size(), 1u);
  EXPECT_EQ(e.more[0].rule, "band_complete");
}

TEST_F(SeedReader, NegativeMultiplierIsAnError) {
  replace("config_promotion_hazard_tenure_multipliers.csv", "5-9,1.8", "5-9,-0.5");
  auto s = read();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, file("config_promotion_hazard_tenure_multipliers.csv"));
  EXPECT_EQ(e.row, 4);
  EXPECT_EQ(e.column, "multiplier");
  EXPECT_EQ(e.rule, "multiplier_non_negative");
  EXPECT_EQ(e.value, "-0.5");
}

TEST_F(SeedReader, ZeroMultiplierIsAllowed) {
  replace("config_termination_hazard_tenure_multipliers.csv", "20+,0.3", "20+,0");
  auto s = read();
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->termination_tenure[4], 0.0);
}

TEST_F(SeedReader, MissingTimingProfileIsAnError) {
  auto s = read("technology");
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, file("config_raise_timing_distribution.csv"));
  EXPECT_EQ(e.row, 0);
  EXPECT_EQ(e.column, "industry_profile");
  EXPECT_EQ(e.rule, "profile_present");
  EXPECT_NE(e.message.find("technology"), std::string::npos) << e.message;
}

TEST_F(SeedReader, MonthListedTwiceIsAnError) {
  replace("config_raise_timing_distribution.csv", "2,0.03,", "1,0.03,");
  auto s = read();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, file("config_raise_timing_distribution.csv"));
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "month");
  EXPECT_EQ(e.rule, "month_once");
  EXPECT_EQ(e.value, "1");
  // February is then missing, reported for the file.
  ASSERT_EQ(e.more.size(), 1u) << e.to_string_all();
  EXPECT_EQ(e.more[0].row, 0);
  EXPECT_EQ(e.more[0].column, "month");
  EXPECT_EQ(e.more[0].rule, "month_once");
  EXPECT_NE(e.more[0].message.find("month 2"), std::string::npos) << e.more[0].message;
}

TEST_F(SeedReader, MonthOutsideOneToTwelveIsAnError) {
  replace("config_raise_timing_distribution.csv", "12,0.02,", "13,0.02,");
  auto s = read();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, file("config_raise_timing_distribution.csv"));
  EXPECT_EQ(s.error().row, 13);
  EXPECT_EQ(s.error().column, "month");
  EXPECT_EQ(s.error().rule, "month_once");
}

TEST_F(SeedReader, RowsOfOtherProfilesAreIgnored) {
  std::string text = test::read_file(seeds() / "config_raise_timing_distribution.csv");
  text += "1,0.5,x,technology\n1,0.5,y,technology\n";
  write("config_raise_timing_distribution.csv", text);
  auto s = read();
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  EXPECT_EQ(s->raise_month_weights[0], 0.28);
}

TEST_F(SeedReader, ColaRateAboveTenPercentIsAnError) {
  replace("config_cola_by_year.csv", "2026,0.025", "2026,0.15");
  auto s = read();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, file("config_cola_by_year.csv"));
  EXPECT_EQ(e.row, 4);
  EXPECT_EQ(e.column, "cola_rate");
  EXPECT_EQ(e.rule, "cola_range");
  EXPECT_EQ(e.value, "0.15");
}

TEST_F(SeedReader, ColaYearListedTwiceIsAnError) {
  replace("config_cola_by_year.csv", "2027,", "2026,");
  auto s = read();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, file("config_cola_by_year.csv"));
  EXPECT_EQ(s.error().row, 5);
  EXPECT_EQ(s.error().column, "year");
  EXPECT_EQ(s.error().rule, "year_unique");
}

TEST_F(SeedReader, TwoRowsInTheTerminationBaseFileAreAnError) {
  write("config_termination_hazard_base.csv",
        "base_rate_for_new_hire,level_discount_factor,min_level_discount_multiplier\n0.42,0.1,0."
        "4\n0.3,0.1,0.4\n");
  auto s = read();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.file, file("config_termination_hazard_base.csv"));
  EXPECT_EQ(e.row, 0);
  EXPECT_EQ(e.column, "base_rate_for_new_hire");
  EXPECT_EQ(e.rule, "single_row");
}

TEST_F(SeedReader, ZeroTerminationBaseIsAnError) {
  write("config_termination_hazard_base.csv", "base_rate_for_new_hire\n0\n");
  auto s = read();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, file("config_termination_hazard_base.csv"));
  EXPECT_EQ(s.error().row, 2);
  EXPECT_EQ(s.error().column, "base_rate_for_new_hire");
  EXPECT_EQ(s.error().rule, "value_positive");
}

TEST_F(SeedReader, PromotionRaiseAboveOneIsAnError) {
  replace("config_raises_hazard.csv", ",0.12", ",1.2");
  auto s = read();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, file("config_raises_hazard.csv"));
  EXPECT_EQ(s.error().row, 2);
  EXPECT_EQ(s.error().column, "promotion_raise");
  EXPECT_EQ(s.error().rule, "value_range");
}

TEST_F(SeedReader, UnknownTimingRuleNameIsAnError) {
  replace("config_timing_validation_rules.csv", "minimum_month_percentage", "minimum_month_share");
  auto s = read();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, file("config_timing_validation_rules.csv"));
  EXPECT_EQ(s.error().row, 4);
  EXPECT_EQ(s.error().column, "rule_name");
  EXPECT_EQ(s.error().rule, "rule_name");
}

TEST_F(SeedReader, ErrorsOfSeveralFilesAreReportedTogether) {
  replace("config_cola_by_year.csv", "2026,0.025", "2026,0.15");
  replace("config_promotion_hazard_tenure_multipliers.csv", "5-9,1.8", "5-9,-0.5");
  auto s = read();
  ASSERT_FALSE(s.ok());
  ASSERT_EQ(s.error().count(), 2u) << s.error().to_string_all();
  EXPECT_EQ(s.error().file, file("config_promotion_hazard_tenure_multipliers.csv"));
  EXPECT_EQ(s.error().more[0].file, file("config_cola_by_year.csv"));
}

}  // namespace
}  // namespace planwise::io
