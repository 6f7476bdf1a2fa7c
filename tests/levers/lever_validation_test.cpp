// Issue 3 item 4 (tuning.md §3.1): every validation rule at its thresholds.
// Hard ranges are errors (a value at a bound passes, one just outside
// fails); warnings on the mean over levels are strict; COLA is one value
// per year. Errors block LeverStore::apply, which then writes nothing.
#include "levers/lever_validation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "levers/lever_store.hpp"
#include "levers/lever_store_fixture.hpp"
#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "store/lever_tables.hpp"
#include "support/test_paths.hpp"

namespace planwise::levers {
namespace {

using engine::LeverParam;

constexpr int kLeverYear = 2026;
constexpr int kLevelCount = 5;

double below(double v) {
  return std::nextafter(v, -std::numeric_limits<double>::infinity());
}
double above(double v) {
  return std::nextafter(v, std::numeric_limits<double>::infinity());
}

// A lever set for one year with every value well inside its range and no
// mean near a warning threshold.
engine::ResolvedLevers quiet_levers() {
  engine::ResolvedLevers lv("s", kLeverYear, kLeverYear, kLevelCount);
  for (int level = 1; level <= kLevelCount; ++level) {
    lv.at(LeverParam::kMeritBase, kLeverYear, level) = {0.04, engine::ParamSource::kScenario,
                                                        false};
    lv.at(LeverParam::kColaRate, kLeverYear, level) = {0.025, engine::ParamSource::kScenario,
                                                       false};
    lv.at(LeverParam::kPromotionProbability, kLeverYear, level) = {
        0.05, engine::ParamSource::kScenario, false};
    lv.at(LeverParam::kPromotionRaise, kLeverYear, level) = {0.12, engine::ParamSource::kScenario,
                                                             false};
    lv.at(LeverParam::kNewHireSalaryAdjustment, kLeverYear, level) = {
        1.1, engine::ParamSource::kScenario, false};
  }
  return lv;
}

engine::ResolvedLevers with_level(LeverParam param, int level, double value) {
  engine::ResolvedLevers lv = quiet_levers();
  lv.at(param, kLeverYear, level).value = value;
  return lv;
}

engine::ResolvedLevers with_all_levels(LeverParam param, double value) {
  engine::ResolvedLevers lv = quiet_levers();
  for (int level = 1; level <= kLevelCount; ++level) lv.at(param, kLeverYear, level).value = value;
  return lv;
}

std::vector<LeverIssue> of_rule(const std::vector<LeverIssue>& issues, const std::string& rule) {
  std::vector<LeverIssue> out;
  for (const LeverIssue& i : issues) {
    if (i.rule == rule) out.push_back(i);
  }
  return out;
}

std::string all_text(const std::vector<LeverIssue>& issues) {
  std::string out;
  for (const LeverIssue& i : issues) out += describe(i) + "\n";
  return out;
}

struct Range {
  LeverParam param;
  const char* name;
  double min;
  double max;
  double human_below;  // a value an analyst might type, just under the minimum
  double human_above;
};

// tuning.md §3.1 / issue 3 item 4.
const Range kRanges[] = {
    {LeverParam::kColaRate, "cola_rate", 0.0, 0.08, -0.001, 0.081},
    {LeverParam::kMeritBase, "merit_base", 0.0, 0.10, -0.001, 0.101},
    {LeverParam::kNewHireSalaryAdjustment, "new_hire_salary_adjustment", 1.00, 1.50, 0.99, 1.51},
    {LeverParam::kPromotionProbability, "promotion_probability", 0.0, 0.20, -0.001, 0.201},
    {LeverParam::kPromotionRaise, "promotion_raise", 0.05, 0.25, 0.049, 0.251},
};

TEST(LeverValidation, LeversInsideEveryRangeHaveNoIssues) {
  const std::vector<LeverIssue> issues = validate_levers(quiet_levers(), {});
  EXPECT_TRUE(issues.empty()) << all_text(issues);
  EXPECT_FALSE(has_errors(issues));
}

TEST(LeverValidation, ValuesExactlyAtEitherHardBoundPass) {
  for (const Range& r : kRanges) {
    for (double bound : {r.min, r.max}) {
      const auto issues = validate_levers(with_level(r.param, 3, bound), {});
      EXPECT_TRUE(of_rule(issues, "lever_range").empty()) << r.name << " = " << bound << "\n"
                                                          << all_text(issues);
      EXPECT_FALSE(has_errors(issues)) << r.name << " = " << bound;
    }
  }
}

TEST(LeverValidation, ValuesJustOutsideEitherHardBoundAreErrorsNamingTheCell) {
  for (const Range& r : kRanges) {
    for (double value : {below(r.min), above(r.max), r.human_below, r.human_above}) {
      const auto issues = validate_levers(with_level(r.param, 3, value), {});
      ASSERT_TRUE(has_errors(issues)) << r.name << " = " << value;
      const auto range = of_rule(issues, "lever_range");
      ASSERT_EQ(range.size(), 1u) << r.name << " = " << value << "\n" << all_text(issues);
      const LeverIssue& i = range.front();
      EXPECT_EQ(i.severity, Severity::kError);
      EXPECT_EQ(i.parameter_name, r.name);
      EXPECT_EQ(i.scenario_id, "s");
      EXPECT_EQ(i.fiscal_year, kLeverYear);
      EXPECT_EQ(i.job_level, 3);
      ASSERT_TRUE(i.value.has_value());
      EXPECT_EQ(*i.value, value);
      EXPECT_NE(i.message.find(r.name), std::string::npos) << i.message;
    }
  }
}

TEST(LeverValidation, NewHireAdjustmentBelowOneIsAnErrorNotAWarning) {
  const auto issues =
      validate_levers(with_level(LeverParam::kNewHireSalaryAdjustment, 1, 0.99), {});
  ASSERT_EQ(issues.size(), 1u) << all_text(issues);
  EXPECT_EQ(issues[0].severity, Severity::kError);
  EXPECT_EQ(issues[0].rule, "lever_range");
  EXPECT_EQ(issues[0].parameter_name, "new_hire_salary_adjustment");
  EXPECT_EQ(issues[0].job_level, 1);
  EXPECT_EQ(issues[0].value, 0.99);
}

TEST(LeverValidation, EveryOutOfRangeLevelIsReported) {
  const auto issues = validate_levers(with_all_levels(LeverParam::kPromotionRaise, 0.30), {});
  const auto range = of_rule(issues, "lever_range");
  ASSERT_EQ(range.size(), 5u) << all_text(issues);
  for (int level = 1; level <= kLevelCount; ++level) {
    EXPECT_EQ(range[static_cast<std::size_t>(level - 1)].job_level, level);
  }
}

struct MeanThreshold {
  LeverParam param;
  const char* name;
  const char* rule;  // mean_below or mean_above
  double threshold;
  double human_outside;
};

const MeanThreshold kThresholds[] = {
    {LeverParam::kColaRate, "cola_rate", "mean_below", 0.01, 0.0099},
    {LeverParam::kColaRate, "cola_rate", "mean_above", 0.06, 0.0601},
    {LeverParam::kMeritBase, "merit_base", "mean_below", 0.02, 0.0199},
    {LeverParam::kMeritBase, "merit_base", "mean_above", 0.08, 0.0801},
    {LeverParam::kNewHireSalaryAdjustment, "new_hire_salary_adjustment", "mean_above", 1.30,
     1.3001},
};

TEST(LeverValidation, MeanExactlyAtAWarningThresholdDoesNotWarn) {
  for (const MeanThreshold& t : kThresholds) {
    const auto issues = validate_levers(with_all_levels(t.param, t.threshold), {});
    EXPECT_TRUE(issues.empty()) << t.name << " = " << t.threshold << "\n" << all_text(issues);
  }
}

TEST(LeverValidation, MeanOfUnequalLevelsExactlyAtAThresholdDoesNotWarn) {
  // Means that are exact in binary64 although the levels differ.
  struct Spread {
    LeverParam param;
    double levels[kLevelCount];
  };
  const Spread spreads[] = {
      {LeverParam::kMeritBase, {0.01, 0.015, 0.02, 0.025, 0.03}},         // mean 0.02
      {LeverParam::kMeritBase, {0.06, 0.07, 0.08, 0.09, 0.10}},           // mean 0.08
      {LeverParam::kNewHireSalaryAdjustment, {1.1, 1.2, 1.3, 1.4, 1.5}},  // mean 1.30
  };
  for (const Spread& s : spreads) {
    engine::ResolvedLevers lv = quiet_levers();
    for (int level = 1; level <= kLevelCount; ++level)
      lv.at(s.param, kLeverYear, level).value = s.levels[level - 1];
    const auto issues = validate_levers(lv, {});
    EXPECT_TRUE(issues.empty()) << all_text(issues);
  }
}

TEST(LeverValidation, MeanJustBeyondAWarningThresholdWarnsWithTheRule) {
  for (const MeanThreshold& t : kThresholds) {
    const bool is_below = std::string(t.rule) == "mean_below";
    for (double value : {is_below ? below(t.threshold) : above(t.threshold), t.human_outside}) {
      const auto issues = validate_levers(with_all_levels(t.param, value), {});
      ASSERT_EQ(issues.size(), 1u) << t.name << " = " << value << "\n" << all_text(issues);
      const LeverIssue& i = issues.front();
      EXPECT_EQ(i.severity, Severity::kWarning);
      EXPECT_EQ(i.rule, t.rule);
      EXPECT_EQ(i.parameter_name, t.name);
      EXPECT_EQ(i.fiscal_year, kLeverYear);
      EXPECT_FALSE(i.job_level.has_value()) << "a mean is about every level";
      ASSERT_TRUE(i.value.has_value());
      // The mean of five equal values, summed in binary64: within an ulp or two.
      EXPECT_DOUBLE_EQ(*i.value, value) << "the value reported is the mean";
      EXPECT_FALSE(has_errors(issues)) << "warnings do not block";
    }
  }
}

TEST(LeverValidation, MeanThresholdLooksAtTheMeanNotAtOneLevel) {
  // One level at 0.09 (above 0.08), the mean 0.05: no warning.
  EXPECT_TRUE(validate_levers(with_level(LeverParam::kMeritBase, 2, 0.09), {}).empty());
  // cola at 0 at one level only: the mean 0.02 is not below 0.01.
  EXPECT_TRUE(validate_levers(with_level(LeverParam::kColaRate, 2, 0.0), {}).empty());
}

TEST(LeverValidation, PromotionLeversHaveNoMeanWarnings) {
  EXPECT_TRUE(validate_levers(with_all_levels(LeverParam::kPromotionProbability, 0.0), {}).empty());
  EXPECT_TRUE(
      validate_levers(with_all_levels(LeverParam::kPromotionProbability, 0.20), {}).empty());
  EXPECT_TRUE(validate_levers(with_all_levels(LeverParam::kPromotionRaise, 0.05), {}).empty());
  EXPECT_TRUE(validate_levers(with_all_levels(LeverParam::kPromotionRaise, 0.25), {}).empty());
}

store::LeverCell cola_cell(int level, double value) {
  store::LeverCell c;
  c.scenario_id = "s";
  c.fiscal_year = kLeverYear;
  c.job_level = level;
  c.event_type = "RAISE";
  c.parameter_name = "cola_rate";
  c.value = value;
  return c;
}

TEST(LeverValidation, ColaStoredForEveryLevelWithOneValueIsConsistent) {
  std::vector<store::LeverCell> cells;
  for (int level = 1; level <= kLevelCount; ++level) cells.push_back(cola_cell(level, 0.025));
  EXPECT_TRUE(validate_levers(quiet_levers(), cells).empty());
}

TEST(LeverValidation, ColaStoredForSomeLevelsOnlyIsAnError) {
  const auto issues = validate_levers(quiet_levers(), {cola_cell(2, 0.025)});
  ASSERT_EQ(issues.size(), 1u) << all_text(issues);
  EXPECT_EQ(issues[0].severity, Severity::kError);
  EXPECT_EQ(issues[0].rule, "cola_one_per_year");
  EXPECT_EQ(issues[0].parameter_name, "cola_rate");
  EXPECT_EQ(issues[0].fiscal_year, kLeverYear);
}

TEST(LeverValidation, ColaWithTwoValuesInOneYearIsAnError) {
  std::vector<store::LeverCell> cells;
  for (int level = 1; level <= kLevelCount; ++level)
    cells.push_back(cola_cell(level, level == 4 ? 0.03 : 0.025));
  const auto issues = validate_levers(quiet_levers(), cells);
  const auto cola = of_rule(issues, "cola_one_per_year");
  ASSERT_EQ(cola.size(), 1u) << all_text(issues);
  EXPECT_EQ(cola[0].fiscal_year, kLeverYear);
  EXPECT_TRUE(has_errors(issues));
}

TEST(LeverValidation, DescribeNamesScenarioYearLevelAndRule) {
  const auto issues = validate_levers(with_level(LeverParam::kMeritBase, 2, 0.12), {});
  ASSERT_EQ(issues.size(), 1u);
  const std::string text = describe(issues[0]);
  EXPECT_NE(text.find("error"), std::string::npos) << text;
  EXPECT_NE(text.find("scenario s"), std::string::npos) << text;
  EXPECT_NE(text.find("2026"), std::string::npos) << text;
  EXPECT_NE(text.find("level 2"), std::string::npos) << text;
  EXPECT_NE(text.find("[lever_range]"), std::string::npos) << text;
}

// The same rules through the store's write path: plan_set validates the
// proposed set, apply refuses errors and writes nothing.
struct SeededLevers {
  test::TempDir dir;
  engine::SeedTables seeds;
  std::string error;
};

class LeverValidationThroughStore : public ::testing::Test {
 protected:
  // The bundled levers and a copy "b" of default, seeded once into a
  // template file (seeding takes about a third of a second); each test
  // works on a copy.
  static void SetUpTestSuite() {
    shared_ = std::make_unique<SeededLevers>();
    shared_->error = write_template();
  }
  static void TearDownTestSuite() { shared_.reset(); }

  static std::string write_template() {
    std::vector<engine::LeverRow> bundled;
    if (std::string e = testing::read_bundled(shared_->seeds, bundled); !e.empty()) return e;
    auto db = store::Database::open((shared_->dir / "template.duckdb").string(),
                                    store::OpenMode::kReadWrite);
    if (!db.ok()) return db.error().to_string();
    LeverStore writer(**db, shared_->seeds);
    Status seeded = writer.seed_default_if_empty(bundled, "comp_levers.csv", ctx());
    if (!seeded.ok()) return seeded.error().to_string();
    Status created = writer.create_scenario("b", kDefaultScenario, "test", ctx());
    if (!created.ok()) return created.error().to_string();
    Status checkpoint = (*db)->execute("CHECKPOINT");
    return checkpoint.ok() ? "" : checkpoint.error().to_string();
  }

  void SetUp() override {
    ASSERT_TRUE(shared_->error.empty()) << shared_->error;
    std::filesystem::copy_file(shared_->dir / "template.duckdb", dir_ / "levers.duckdb");
    auto db = store::Database::open((dir_ / "levers.duckdb").string(), store::OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    db_ = std::move(db).value();
    store_ = std::make_unique<LeverStore>(*db_, shared_->seeds);
  }

  static ChangeContext ctx() { return {"analyst", "test", "2026-11-27T12:00:00Z"}; }

  LeverPlan plan(const std::string& scenario, LeverParam param, double value, CellSelector where) {
    auto p = store_->plan_set(scenario, {{param, value}}, where);
    EXPECT_TRUE(p.ok()) << p.error().to_string_all();
    return p.ok() ? std::move(p).value() : LeverPlan{};
  }

  std::vector<store::LeverCell> cells(const std::string& scenario) {
    auto c = store::stored_cells(*db_, scenario);
    EXPECT_TRUE(c.ok()) << c.error().to_string();
    return c.ok() ? *c : std::vector<store::LeverCell>{};
  }

  std::vector<store::AuditRow> audit() {
    auto rows = store::all_audit_rows(*db_);
    EXPECT_TRUE(rows.ok()) << rows.error().to_string();
    return rows.ok() ? *rows : std::vector<store::AuditRow>{};
  }

  // The refusal leaves every stored cell and the audit log as they were.
  void expect_refused_and_nothing_written(const LeverPlan& p, const std::string& column,
                                          const std::string& rule) {
    const auto cells_before = cells(p.scenario_id);
    const auto audit_before = audit();
    Status s = store_->apply(p, ctx());
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, ErrorKind::kInvalidInput);
    EXPECT_EQ(s.error().column, column) << s.error().to_string();
    EXPECT_EQ(s.error().rule, rule) << s.error().to_string();
    EXPECT_NE(s.error().message.find("nothing was saved"), std::string::npos) << s.error().message;
    const auto cells_after = cells(p.scenario_id);
    ASSERT_EQ(cells_after.size(), cells_before.size());
    for (std::size_t i = 0; i < cells_after.size(); ++i) {
      EXPECT_EQ(cells_after[i].value, cells_before[i].value) << i;
      EXPECT_EQ(cells_after[i].parameter_name, cells_before[i].parameter_name) << i;
    }
    const auto audit_after = audit();
    ASSERT_EQ(audit_after.size(), audit_before.size());
    EXPECT_EQ(audit_after.back().entry_hash, audit_before.back().entry_hash);
  }

  static inline std::unique_ptr<SeededLevers> shared_;
  test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<LeverStore> store_;
};

TEST_F(LeverValidationThroughStore, BoundValuesAreSavedAndOneStepBeyondIsRefused) {
  for (const Range& r : kRanges) {
    // COLA is set for every level of the year (one value per year).
    const CellSelector where = r.param == LeverParam::kColaRate
                                   ? CellSelector{kLeverYear, std::nullopt}
                                   : CellSelector{kLeverYear, 2};
    for (double bound : {r.min, r.max}) {
      LeverPlan p = plan("b", r.param, bound, where);
      EXPECT_FALSE(has_errors(p.issues)) << r.name << " = " << bound << "\n" << all_text(p.issues);
      ASSERT_TRUE(store_->apply(p, ctx()).ok()) << r.name << " = " << bound;
    }
    for (double value : {below(r.min), above(r.max), r.human_below, r.human_above}) {
      LeverPlan p = plan("b", r.param, value, where);
      ASSERT_TRUE(has_errors(p.issues)) << r.name << " = " << value;
      EXPECT_FALSE(of_rule(p.issues, "lever_range").empty()) << all_text(p.issues);
      expect_refused_and_nothing_written(p, r.name, "lever_range");
    }
  }
}

TEST_F(LeverValidationThroughStore, NewHireAdjustmentOfPointNineNineIsRefusedInTheDefault) {
  LeverPlan p = plan(kDefaultScenario, LeverParam::kNewHireSalaryAdjustment, 0.99,
                     CellSelector{2027, std::nullopt});
  EXPECT_EQ(p.changes.size(), 5u);
  const auto errors = of_rule(p.issues, "lever_range");
  ASSERT_EQ(errors.size(), 5u) << all_text(p.issues);
  for (const LeverIssue& i : errors) {
    EXPECT_EQ(i.scenario_id, kDefaultScenario);
    EXPECT_EQ(i.fiscal_year, 2027);
    EXPECT_EQ(i.value, 0.99);
  }
  expect_refused_and_nothing_written(p, "new_hire_salary_adjustment", "lever_range");
}

TEST_F(LeverValidationThroughStore, ColaForOneLevelIsRefused) {
  // In a copy of default (no stored COLA) and in default (COLA stored at every level).
  for (const char* scenario : {"b", kDefaultScenario}) {
    LeverPlan p = plan(scenario, LeverParam::kColaRate, 0.03, CellSelector{2027, 3});
    ASSERT_EQ(p.changes.size(), 1u) << scenario;
    const auto cola = of_rule(p.issues, "cola_one_per_year");
    ASSERT_EQ(cola.size(), 1u) << scenario << "\n" << all_text(p.issues);
    EXPECT_EQ(cola[0].fiscal_year, 2027);
    expect_refused_and_nothing_written(p, "cola_rate", "cola_one_per_year");
  }
}

TEST_F(LeverValidationThroughStore, ColaForEveryLevelOfAYearIsSaved) {
  LeverPlan p = plan("b", LeverParam::kColaRate, 0.03, CellSelector{2027, std::nullopt});
  EXPECT_TRUE(p.issues.empty()) << all_text(p.issues);
  ASSERT_TRUE(store_->apply(p, ctx()).ok());
  int cola_cells = 0;
  for (const store::LeverCell& c : cells("b")) {
    if (c.parameter_name == "cola_rate" && c.fiscal_year == 2027 && c.value == 0.03) ++cola_cells;
  }
  EXPECT_EQ(cola_cells, kLevelCount);
  auto issues = store_->validate("b");
  ASSERT_TRUE(issues.ok());
  EXPECT_TRUE(issues->empty()) << all_text(*issues);
}

TEST_F(LeverValidationThroughStore, WarningsDoNotBlockAndAreRecordedInTheAudit) {
  // merit 0.09 at every level of 2027: in range (<= 0.10), mean above 0.08.
  LeverPlan p = plan("b", LeverParam::kMeritBase, 0.09, CellSelector{2027, std::nullopt});
  ASSERT_EQ(p.issues.size(), 1u) << all_text(p.issues);
  EXPECT_EQ(p.issues[0].rule, "mean_above");
  EXPECT_EQ(p.issues[0].severity, Severity::kWarning);
  const std::size_t before = audit().size();
  ASSERT_TRUE(store_->apply(p, ctx()).ok());
  const auto after = audit();
  ASSERT_EQ(after.size(), before + 5);
  for (std::size_t i = before; i < after.size(); ++i) {
    EXPECT_EQ(after[i].event_type, "PARAMETER_CHANGE");
    EXPECT_NE(after[i].details.find("mean_above"), std::string::npos) << after[i].details;
  }
  auto issues = store_->validate("b");
  ASSERT_TRUE(issues.ok());
  ASSERT_EQ(issues->size(), 1u) << all_text(*issues);
  EXPECT_EQ((*issues)[0].rule, "mean_above");
}

TEST_F(LeverValidationThroughStore, BundledLeversValidateWithoutIssues) {
  for (const char* scenario : {kDefaultScenario, "b"}) {
    auto issues = store_->validate(scenario);
    ASSERT_TRUE(issues.ok()) << issues.error().to_string();
    EXPECT_TRUE(issues->empty()) << scenario << "\n" << all_text(*issues);
  }
}

}  // namespace
}  // namespace planwise::levers
