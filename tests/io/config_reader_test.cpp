// Spec §1.6: the YAML run configuration. Errors name the file, the line and
// the key; keys the engine does not use give warnings.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "io/run_config.hpp"
#include "support/test_paths.hpp"

namespace planwise::io {
namespace {

const std::filesystem::path kFile = std::filesystem::path("configs") / "run.yaml";

Result<RunConfig> parse_config(const std::string& yaml) {
  return parse_run_config(yaml, kFile, test::data_dir());
}

bool has_config_warning(const RunConfig& c, const std::string& id, const std::string& text) {
  return std::any_of(c.warnings.begin(), c.warnings.end(), [&](const engine::ValidationItem& w) {
    return w.check_id == id && w.message.find(text) != std::string::npos;
  });
}

std::string all_warnings(const RunConfig& c) {
  std::string out;
  for (const auto& w : c.warnings) out += w.check_id + ": " + w.message + "\n";
  return out;
}

TEST(ConfigReader, BundledConfigLoadsWithExactlyTheUnusedKeyWarnings) {
  const auto path = test::data_dir() / "simulation_config.yaml";
  auto c = parse_run_config(test::read_file(path), path, test::data_dir());
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  EXPECT_EQ(c->warnings.size(), 4u) << all_warnings(*c);
  EXPECT_TRUE(has_config_warning(*c, "config_unused_key", "compensation.cola_rate"))
      << all_warnings(*c);
  EXPECT_TRUE(has_config_warning(*c, "config_unused_key", "compensation.merit_budget"))
      << all_warnings(*c);
  EXPECT_TRUE(has_config_warning(*c, "config_unused_key", "raise_timing.deterministic_behavior"))
      << all_warnings(*c);
  EXPECT_TRUE(has_config_warning(*c, "config_unused_key", "ops")) << all_warnings(*c);
  for (const auto& w : c->warnings) {
    EXPECT_EQ(w.status, engine::CheckStatus::kWarn);
    EXPECT_EQ(w.year, 0);
  }
}

TEST(ConfigReader, BundledConfigEqualsTheDefaults) {
  const auto path = test::data_dir() / "simulation_config.yaml";
  auto c = parse_run_config(test::read_file(path), path, test::data_dir());
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  const engine::EngineConfig d;
  const engine::EngineConfig& e = c->engine;
  EXPECT_EQ(e.start_year, d.start_year);
  EXPECT_EQ(e.end_year, d.end_year);
  EXPECT_EQ(e.random_seed, d.random_seed);
  EXPECT_EQ(e.target_growth_rate, d.target_growth_rate);
  EXPECT_EQ(e.total_termination_rate, d.total_termination_rate);
  EXPECT_EQ(e.new_hire_termination_rate, d.new_hire_termination_rate);
  EXPECT_EQ(e.effective_plan_year_start(), d.effective_plan_year_start());
  EXPECT_EQ(e.effective_plan_year_end(), d.effective_plan_year_end());
  EXPECT_EQ(e.raise_timing, d.raise_timing);
  EXPECT_EQ(e.distribution_profile, d.distribution_profile);
  EXPECT_EQ(e.calculation_methodology, d.calculation_methodology);
  EXPECT_EQ(e.growth_target, d.growth_target);
  EXPECT_EQ(e.growth_tolerance, d.growth_tolerance);
  EXPECT_EQ(e.validation_tolerance, d.validation_tolerance);
  EXPECT_EQ(c->census_path, test::data_dir() / "census_preprocessed.csv");
  EXPECT_EQ(c->seeds_dir, test::data_dir() / "seeds");
}

TEST(ConfigReader, EmptyTextMeansEveryDefault) {
  auto c = parse_config("");
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  EXPECT_EQ(c->engine.start_year, 2025);
  EXPECT_TRUE(c->warnings.empty());
  EXPECT_TRUE(c->wants_table("yearly_events"));
  EXPECT_TRUE(c->wants_table("validation_report"));
}

TEST(ConfigReader, ExactRatesKeepTheirDecimalText) {
  auto c = parse_config(
      "simulation:\n  target_growth_rate: 0.123456789\n"
      "workforce:\n  total_termination_rate: 1\n  new_hire_termination_rate: 0.999999999\n");
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  EXPECT_EQ(c->engine.target_growth_rate.units(), 123'456'789);
  EXPECT_EQ(c->engine.total_termination_rate.units(), 1'000'000'000);
  EXPECT_EQ(c->engine.new_hire_termination_rate.units(), 999'999'999);
}

TEST(ConfigReader, EndYearBeforeStartYearIsAnError) {
  auto c = parse_config("simulation:\n  start_year: 2025\n  end_year: 2024\n");
  ASSERT_FALSE(c.ok());
  const Error& e = c.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, kFile.string());
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "simulation.end_year");
  EXPECT_EQ(e.rule, "end_not_before_start");
  EXPECT_EQ(e.value, "2024");
}

TEST(ConfigReader, AgeDistributionMayListEveryAgeFrom16To80) {
  // Issue 15 item 6: 65 pairs, the most that ages 16-80 strictly increasing allow.
  std::string yaml = "hiring:\n  age_distribution:\n";
  for (int age = 16; age <= 80; ++age) yaml += "    - [" + std::to_string(age) + ", 1]\n";
  auto c = parse_config(yaml);
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  ASSERT_EQ(c->engine.age_distribution.size(), 65u);
  EXPECT_EQ(c->engine.age_distribution.back().age, 80);
  auto past = parse_config(yaml + "    - [81, 1]\n");
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().file, kFile.string());
  EXPECT_EQ(past.error().row, 3);  // the list starts on line 3
  EXPECT_EQ(past.error().column, "hiring.age_distribution");
}

TEST(ConfigReader, SingleYearRunIsAllowed) {
  auto c = parse_config("simulation:\n  start_year: 2030\n  end_year: 2030\n");
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  EXPECT_EQ(c->engine.start_year, 2030);
  EXPECT_EQ(c->engine.end_year, 2030);
}

TEST(ConfigReader, YearOutsideItsRangeIsAnError) {
  auto c = parse_config("simulation:\n  start_year: 1899\n  end_year: 2029\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 2);
  EXPECT_EQ(c.error().column, "simulation.start_year");
  EXPECT_EQ(c.error().rule, "integer_range");
}

TEST(ConfigReader, RateWithMoreThanNineFractionalDigitsIsAnError) {
  auto c = parse_config("simulation:\n  random_seed: 7\n  target_growth_rate: 0.0300000001\n");
  ASSERT_FALSE(c.ok());
  const Error& e = c.error();
  EXPECT_EQ(e.file, kFile.string());
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "simulation.target_growth_rate");
  EXPECT_EQ(e.rule, "exact_decimal");
  EXPECT_EQ(e.value, "0.0300000001");
  EXPECT_NE(e.message.find("9 fractional digits"), std::string::npos) << e.message;
}

TEST(ConfigReader, RateInScientificNotationIsAnError) {
  auto c = parse_config("workforce:\n  total_termination_rate: 1.2e-1\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 2);
  EXPECT_EQ(c.error().column, "workforce.total_termination_rate");
  EXPECT_EQ(c.error().rule, "exact_decimal");
}

TEST(ConfigReader, TotalTerminationRateOutsideZeroToOneIsAnError) {
  for (const char* value : {"1.000000001", "-0.01", "2"}) {
    auto c = parse_config(std::string("workforce:\n  total_termination_rate: ") + value + "\n");
    ASSERT_FALSE(c.ok()) << value;
    const Error& e = c.error();
    EXPECT_EQ(e.file, kFile.string());
    EXPECT_EQ(e.row, 2);
    EXPECT_EQ(e.column, "workforce.total_termination_rate");
    EXPECT_EQ(e.rule, "rate_range");
    EXPECT_EQ(e.value, value);
  }
  auto zero = parse_config("workforce:\n  total_termination_rate: 0\n");
  EXPECT_TRUE(zero.ok());
}

TEST(ConfigReader, NewHireTerminationRateOfOneIsRejected) {
  auto c =
      parse_config("workforce:\n  total_termination_rate: 0.1\n  new_hire_termination_rate: 1\n");
  ASSERT_FALSE(c.ok());
  const Error& e = c.error();
  EXPECT_EQ(e.file, kFile.string());
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "workforce.new_hire_termination_rate");
  EXPECT_EQ(e.rule, "rate_range");
  EXPECT_EQ(e.value, "1");
}

TEST(ConfigReader, GrowthRateOutsideHalfIsAnError) {
  auto c = parse_config("simulation:\n  target_growth_rate: -0.6\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 2);
  EXPECT_EQ(c.error().column, "simulation.target_growth_rate");
  EXPECT_EQ(c.error().rule, "rate_range");
}

TEST(ConfigReader, UnknownEnumValueIsAnError) {
  auto c = parse_config("raise_timing:\n  methodology: custom\n");
  ASSERT_FALSE(c.ok());
  const Error& e = c.error();
  EXPECT_EQ(e.file, kFile.string());
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.column, "raise_timing.methodology");
  EXPECT_EQ(e.rule, "enum");
  EXPECT_EQ(e.value, "custom");
  EXPECT_NE(e.message.find("realistic"), std::string::npos) << e.message;
}

TEST(ConfigReader, CompensationBasisEnumIsRead) {
  auto c = parse_config("census:\n  compensation_basis: plan_year_earnings\n");
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  EXPECT_EQ(c->engine.compensation_basis, engine::CompensationBasis::kPlanYearEarnings);
  auto bad = parse_config("census:\n  compensation_basis: monthly\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().file, kFile.string());
  EXPECT_EQ(bad.error().row, 2);
  EXPECT_EQ(bad.error().column, "census.compensation_basis");
  EXPECT_EQ(bad.error().rule, "enum");
}

TEST(ConfigReader, LevelMixMapIsReadAsExactWeights) {
  auto c = parse_config(
      "hiring:\n  level_mix:\n    1: 0.4\n    2: 0.3\n    3: 0.2\n    4: 0.08\n    5: 0.02\n");
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  ASSERT_EQ(c->engine.level_mix.size(), 5u);
  EXPECT_EQ(c->engine.level_mix[0].units(), 400'000'000);
  EXPECT_EQ(c->engine.level_mix[4].units(), 20'000'000);
  EXPECT_TRUE(c->warnings.empty()) << all_warnings(*c);
}

TEST(ConfigReader, LevelMixThatDoesNotSumToOneWarns) {
  auto c = parse_config("hiring:\n  level_mix: {1: 2, 2: 1}\n");
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  EXPECT_TRUE(has_config_warning(*c, "hiring_level_mix_sum", "3")) << all_warnings(*c);
}

TEST(ConfigReader, LevelMixWithAGapIsAnError) {
  auto c = parse_config("hiring:\n  level_mix:\n    1: 0.5\n    3: 0.5\n");
  ASSERT_FALSE(c.ok());
  const Error& e = c.error();
  EXPECT_EQ(e.file, kFile.string());
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, "hiring.level_mix");
  EXPECT_EQ(e.rule, "levels_contiguous");
}

TEST(ConfigReader, LevelMixWithANegativeWeightIsAnError) {
  auto c = parse_config("hiring:\n  level_mix:\n    1: 0.5\n    2: -0.5\n");
  ASSERT_FALSE(c.ok());
  const Error& e = c.error();
  EXPECT_EQ(e.file, kFile.string());
  EXPECT_EQ(e.row, 4);
  EXPECT_EQ(e.column, "hiring.level_mix");
  EXPECT_EQ(e.rule, "weight");
  EXPECT_EQ(e.value, "-0.5");
}

TEST(ConfigReader, LevelMixWithTooManyDigitsIsAnError) {
  auto c = parse_config("hiring:\n  level_mix:\n    1: 0.5000000001\n    2: 0.5\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 3);
  EXPECT_EQ(c.error().column, "hiring.level_mix");
  EXPECT_EQ(c.error().rule, "weight");
}

TEST(ConfigReader, LevelMixOfUnknownWordIsAnError) {
  auto c = parse_config("hiring:\n  level_mix: original\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 2);
  EXPECT_EQ(c.error().column, "hiring.level_mix");
  EXPECT_EQ(c.error().rule, "level_mix");
}

TEST(ConfigReader, LevelMixWithZeroSumIsAnError) {
  auto c = parse_config("hiring:\n  level_mix: {1: 0, 2: 0}\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 2);
  EXPECT_EQ(c.error().column, "hiring.level_mix");
  EXPECT_EQ(c.error().rule, "weight_sum");
}

TEST(ConfigReader, UnknownKeyGivesAWarning) {
  auto c = parse_config("simulation:\n  start_year: 2025\n  colour: blue\nextras:\n  a: 1\n");
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  EXPECT_EQ(c->warnings.size(), 2u) << all_warnings(*c);
  EXPECT_TRUE(has_config_warning(*c, "config_unknown_key", "simulation.colour"))
      << all_warnings(*c);
  EXPECT_TRUE(has_config_warning(*c, "config_unknown_key", "extras")) << all_warnings(*c);
}

TEST(ConfigReader, OpsValueThatDiffersFromTheEngineWarns) {
  auto c = parse_config(
      "simulation:\n  random_seed: 7\n"
      "ops:\n  run:\n    config:\n      random_seed: 42\n      start_year: 2025\n");
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  EXPECT_TRUE(has_config_warning(*c, "config_ops_differs", "random_seed")) << all_warnings(*c);
  EXPECT_EQ(c->warnings.size(), 2u) << all_warnings(*c);  // ops section + the difference
}

TEST(ConfigReader, YamlSyntaxErrorNamesALine) {
  auto c =
      parse_config("simulation:\n  start_year: 2025\n  end_year: [2029\n\nworkforce:\n  x: 1\n");
  ASSERT_FALSE(c.ok());
  const Error& e = c.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, kFile.string());
  // yaml-cpp names the line where it noticed that '[' of line 3 never closes.
  EXPECT_EQ(e.row, 5);
  EXPECT_EQ(e.column, "");
  EXPECT_EQ(e.rule, "yaml_syntax");
}

TEST(ConfigReader, BadIndentationNamesItsLine) {
  auto c = parse_config("simulation:\n  start_year: 2025\n end_year: 2029\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 3);
  EXPECT_EQ(c.error().column, "");
  EXPECT_EQ(c.error().rule, "yaml_syntax");
}

TEST(ConfigReader, SectionThatIsNotAMapIsAnError) {
  // A forgotten level of nesting must not silently fall back to defaults.
  auto c = parse_config("simulation:\n  start_year: 2025\nworkforce: 0.5\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 3);
  EXPECT_EQ(c.error().column, "workforce");
  EXPECT_EQ(c.error().rule, "section_map");
}

TEST(ConfigReader, TopLevelThatIsNotAMapIsAnError) {
  auto c = parse_config("- a\n- b\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 1);
  EXPECT_EQ(c.error().column, "");
  EXPECT_EQ(c.error().rule, "yaml_structure");
}

TEST(ConfigReader, ErrorsOfSeveralKeysAreAllReported) {
  auto c = parse_config(
      "simulation:\n  start_year: abc\n  random_seed: -1\n"
      "raise_timing:\n  validation_tolerance: 2\n");
  ASSERT_FALSE(c.ok());
  const Error& e = c.error();
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.column, "simulation.start_year");
  EXPECT_EQ(e.rule, "integer_range");
  ASSERT_EQ(e.more.size(), 2u) << e.to_string_all();
  EXPECT_EQ(e.more[0].row, 3);
  EXPECT_EQ(e.more[0].column, "simulation.random_seed");
  EXPECT_EQ(e.more[0].rule, "seed_range");
  EXPECT_EQ(e.more[1].row, 5);
  EXPECT_EQ(e.more[1].column, "raise_timing.validation_tolerance");
  EXPECT_EQ(e.more[1].rule, "number_range");
}

TEST(ConfigReader, RandomSeedCoversTheFullUnsignedRange) {
  auto c = parse_config("simulation:\n  random_seed: 18446744073709551615\n");
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  EXPECT_EQ(c->engine.random_seed, UINT64_MAX);
  auto over = parse_config("simulation:\n  random_seed: 18446744073709551616\n");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().file, kFile.string());
  EXPECT_EQ(over.error().row, 2);
  EXPECT_EQ(over.error().column, "simulation.random_seed");
  EXPECT_EQ(over.error().rule, "seed_range");
}

TEST(ConfigReader, RelativePathsAreResolvedAgainstTheConfigFolder) {
  auto c = parse_config(
      "census:\n  path: in/census.csv\nseeds:\n  dir: /abs/seeds\noutput:\n  dir: out\n");
  ASSERT_TRUE(c.ok()) << c.error().to_string_all();
  EXPECT_EQ(c->census_path, std::filesystem::path("configs") / "in/census.csv");
  EXPECT_EQ(c->seeds_dir, std::filesystem::path("/abs/seeds"));
  EXPECT_EQ(c->output_dir, std::filesystem::path("configs") / "out");
}

TEST(ConfigReader, PlanYearEndAfterTheCensusDateIsAnErrorForPlanYearEarnings) {
  auto c = parse_config(
      "census:\n  compensation_basis: plan_year_earnings\n"
      "plan_year:\n  start_date: 2024-01-01\n  end_date: 2025-01-31\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 5);
  EXPECT_EQ(c.error().column, "plan_year.end_date");
  EXPECT_EQ(c.error().rule, "plan_year_order");
}

TEST(ConfigReader, UnknownOutputTableIsAnError) {
  auto c = parse_config("output:\n  tables: [year_summary, nope]\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, kFile.string());
  EXPECT_EQ(c.error().row, 2);
  EXPECT_EQ(c.error().column, "output.tables");
  EXPECT_EQ(c.error().rule, "table_name");
  EXPECT_EQ(c.error().value, "nope");
}

}  // namespace
}  // namespace planwise::io
