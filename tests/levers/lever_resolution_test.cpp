// Spec §2.2: lever resolution scenario -> default -> seed_default -> error,
// with the tier recorded, COLA per year, and the canonical lever text.
#include "levers/lever_resolution.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "io/lever_csv_reader.hpp"
#include "io/seed_reader.hpp"
#include "support/test_paths.hpp"

namespace planwise::levers {
namespace {

using engine::LeverParam;
using engine::LeverRow;
using engine::ParamSource;

engine::SeedTables bundled_seed_tables() {
  auto seeds = io::read_seed_tables(test::data_dir() / "seeds", "general_corporate");
  EXPECT_TRUE(seeds.ok()) << seeds.error().to_string_all();
  return std::move(seeds).value();
}

LeverRow lever_row(const std::string& scenario, int year, int level, LeverParam param, double value,
                   std::optional<bool> locked = std::nullopt) {
  LeverRow r;
  r.scenario_id = scenario;
  r.fiscal_year = year;
  r.job_level = level;
  r.param = param;
  r.event_type = std::string(engine::lever_info(param).event_type);
  r.value = value;
  r.is_locked = locked;
  return r;
}

std::size_t count_warnings(const LeverResolution& r, const std::string& id) {
  return static_cast<std::size_t>(
      std::count_if(r.warnings.begin(), r.warnings.end(),
                    [&](const engine::ValidationItem& w) { return w.check_id == id; }));
}

std::size_t count_warnings_mentioning(const LeverResolution& r, const std::string& id,
                                      const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(r.warnings.begin(), r.warnings.end(), [&](const engine::ValidationItem& w) {
        return w.check_id == id && w.message.find(text) != std::string::npos;
      }));
}

class LeverResolutionTest : public ::testing::Test {
 protected:
  engine::SeedTables seeds_ = bundled_seed_tables();
};

TEST_F(LeverResolutionTest, ScenarioTierBeatsDefaultTier) {
  const std::vector<LeverRow> rows = {
      lever_row("default", 2025, 1, LeverParam::kMeritBase, 0.03, true),
      lever_row("s1", 2025, 1, LeverParam::kMeritBase, 0.05, false),
      lever_row("default", 2025, 2, LeverParam::kMeritBase, 0.031),
  };
  auto r = resolve_levers(rows, "s1", 2025, 2025, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  const auto& l1 = r->levers.at(LeverParam::kMeritBase, 2025, 1);
  EXPECT_EQ(l1.value, 0.05);
  EXPECT_EQ(l1.source, ParamSource::kScenario);
  EXPECT_EQ(l1.is_locked, false);
  const auto& l2 = r->levers.at(LeverParam::kMeritBase, 2025, 2);
  EXPECT_EQ(l2.value, 0.031);
  EXPECT_EQ(l2.source, ParamSource::kDefault);
  EXPECT_FALSE(l2.is_locked.has_value());
  EXPECT_EQ(r->levers.scenario_id(), "s1");
}

TEST_F(LeverResolutionTest, DefaultTierBeatsSeedDefault) {
  const std::vector<LeverRow> rows = {
      lever_row("default", 2025, 3, LeverParam::kPromotionProbability, 0.2, true),
      lever_row("other", 2025, 4, LeverParam::kPromotionProbability,
                0.9),  // another scenario: not used
  };
  auto r = resolve_levers(rows, "s1", 2025, 2025, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  const auto& l3 = r->levers.at(LeverParam::kPromotionProbability, 2025, 3);
  EXPECT_EQ(l3.value, 0.2);
  EXPECT_EQ(l3.source, ParamSource::kDefault);
  EXPECT_EQ(l3.is_locked, true);
  const auto& l4 = r->levers.at(LeverParam::kPromotionProbability, 2025, 4);
  EXPECT_EQ(l4.value, 0.02);  // config_job_levels.promotion_probability[4]
  EXPECT_EQ(l4.source, ParamSource::kSeedDefault);
  EXPECT_FALSE(l4.is_locked.has_value());
}

TEST_F(LeverResolutionTest, SeedDefaultsComeFromTheSeedTables) {
  auto r = resolve_levers({}, "default", 2025, 2026, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  const double merit[] = {0.035, 0.04, 0.045, 0.05, 0.055};
  const double promo[] = {0.12, 0.08, 0.05, 0.02, 0.01};
  for (int year = 2025; year <= 2026; ++year) {
    for (int level = 1; level <= 5; ++level) {
      const auto i = static_cast<std::size_t>(level - 1);
      EXPECT_EQ(r->levers.value(LeverParam::kMeritBase, year, level), merit[i]);
      EXPECT_EQ(r->levers.value(LeverParam::kPromotionProbability, year, level), promo[i]);
      EXPECT_EQ(r->levers.value(LeverParam::kPromotionRaise, year, level), 0.12);
      EXPECT_EQ(r->levers.value(LeverParam::kNewHireSalaryAdjustment, year, level), 1.0);
      EXPECT_EQ(r->levers.value(LeverParam::kColaRate, year, level), 0.025);
      for (const auto& info : engine::kLeverCatalogue) {
        EXPECT_EQ(r->levers.at(info.param, year, level).source, ParamSource::kSeedDefault);
      }
    }
    EXPECT_EQ(r->levers.cola(year), 0.025);
    EXPECT_EQ(r->levers.cola_source(year), ParamSource::kSeedDefault);
  }
}

TEST_F(LeverResolutionTest, SeedDefaultWarnsOncePerNameAndYear) {
  // merit_base 2025 comes partly from rows and partly from seeds: still one warning.
  const std::vector<LeverRow> rows = {
      lever_row("default", 2025, 1, LeverParam::kMeritBase, 0.03),
      lever_row("default", 2025, 2, LeverParam::kMeritBase, 0.03),
  };
  auto r = resolve_levers(rows, "default", 2025, 2026, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  // 5 parameters × 2 years, each falling back at least at one level.
  EXPECT_EQ(count_warnings(*r, "lever_seed_default"), 10u);
  for (const auto& info : engine::kLeverCatalogue) {
    for (const char* year : {" 2025 ", " 2026 "}) {
      EXPECT_EQ(count_warnings_mentioning(*r, "lever_seed_default",
                                          std::string(info.name) + " for" + year),
                1u)
          << info.name << year;
    }
  }
  for (const auto& w : r->warnings) EXPECT_EQ(w.status, engine::CheckStatus::kWarn);
}

TEST_F(LeverResolutionTest, NoSeedDefaultWarningWhenRowsCoverEveryLevel) {
  std::vector<LeverRow> rows;
  for (int level = 1; level <= 5; ++level) {
    for (const auto& info : engine::kLeverCatalogue) {
      rows.push_back(lever_row("default", 2025, level, info.param,
                               info.param == LeverParam::kNewHireSalaryAdjustment ? 1.0 : 0.05));
    }
  }
  auto r = resolve_levers(rows, "default", 2025, 2025, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  EXPECT_EQ(count_warnings(*r, "lever_seed_default"), 0u);
  EXPECT_EQ(count_warnings(*r, "lever_scenario_empty"), 0u);
}

TEST_F(LeverResolutionTest, ScenarioWithoutRowsWarns) {
  auto r = resolve_levers({lever_row("default", 2025, 1, LeverParam::kMeritBase, 0.03)}, "missing",
                          2025, 2025, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  EXPECT_EQ(count_warnings_mentioning(*r, "lever_scenario_empty", "missing"), 1u);
  EXPECT_EQ(r->levers.at(LeverParam::kMeritBase, 2025, 1).source, ParamSource::kDefault);
}

TEST_F(LeverResolutionTest, ColaIsResolvedPerYearFromTheFirstTierHoldingAnyColaRow) {
  std::vector<LeverRow> rows = {lever_row("s1", 2025, 2, LeverParam::kColaRate, 0.03, true)};
  for (int level = 1; level <= 5; ++level) {
    rows.push_back(lever_row("default", 2025, level, LeverParam::kColaRate, 0.02));
    rows.push_back(lever_row("default", 2026, level, LeverParam::kColaRate, 0.015));
  }
  auto r = resolve_levers(rows, "s1", 2025, 2027, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  for (int level = 1; level <= 5; ++level) {
    // 2025: the scenario holds one cola lever_row (level 2); it applies to every level.
    EXPECT_EQ(r->levers.value(LeverParam::kColaRate, 2025, level), 0.03) << level;
    EXPECT_EQ(r->levers.at(LeverParam::kColaRate, 2025, level).source, ParamSource::kScenario)
        << level;
    // 2026: only the default scenario.
    EXPECT_EQ(r->levers.value(LeverParam::kColaRate, 2026, level), 0.015) << level;
    EXPECT_EQ(r->levers.at(LeverParam::kColaRate, 2026, level).source, ParamSource::kDefault)
        << level;
    // 2027: config_cola_by_year.
    EXPECT_EQ(r->levers.value(LeverParam::kColaRate, 2027, level), 0.025) << level;
    EXPECT_EQ(r->levers.at(LeverParam::kColaRate, 2027, level).source, ParamSource::kSeedDefault)
        << level;
  }
  EXPECT_EQ(r->levers.at(LeverParam::kColaRate, 2025, 2).is_locked, true);
  EXPECT_FALSE(r->levers.at(LeverParam::kColaRate, 2025, 1).is_locked.has_value());
  EXPECT_EQ(r->levers.cola_source(2025), ParamSource::kScenario);
  EXPECT_EQ(r->levers.cola_source(2026), ParamSource::kDefault);
  EXPECT_EQ(r->levers.cola_source(2027), ParamSource::kSeedDefault);
  EXPECT_EQ(count_warnings_mentioning(*r, "lever_seed_default", "cola_rate"), 1u);
}

// Issue 15 item 5: scenario -> default -> seed tables, cell by cell and
// year by year, with a different value in every year, so a lever read for
// the wrong year fails. COLA comes from the first tier with any row for the
// year (§2.2). The seed fallbacks are the bundled ones: merit L1 0.035 and
// L2 0.040, config_cola_by_year 0.025 for 2028.
TEST_F(LeverResolutionTest, EachYearResolvesItsOwnCellsTierByTier) {
  std::vector<LeverRow> rows = {lever_row("default", 2025, 1, LeverParam::kMeritBase, 0.051),
                                lever_row("default", 2026, 1, LeverParam::kMeritBase, 0.052),
                                lever_row("default", 2027, 1, LeverParam::kMeritBase, 0.053),
                                lever_row("s1", 2026, 1, LeverParam::kMeritBase, 0.061)};
  for (int l = 1; l <= 5; ++l) {
    rows.push_back(lever_row("default", 2025, l, LeverParam::kColaRate, 0.021));
    rows.push_back(lever_row("default", 2026, l, LeverParam::kColaRate, 0.022));
    rows.push_back(lever_row("default", 2027, l, LeverParam::kColaRate, 0.027));
    rows.push_back(lever_row("s1", 2027, l, LeverParam::kColaRate, 0.033));
  }
  auto r = resolve_levers(rows, "s1", 2025, 2028, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  struct Cell {
    LeverParam param;
    int year, level;
    double value;
    ParamSource source;
  };
  const Cell cells[] = {
      {LeverParam::kMeritBase, 2025, 1, 0.051, ParamSource::kDefault},
      {LeverParam::kMeritBase, 2026, 1, 0.061, ParamSource::kScenario},
      {LeverParam::kMeritBase, 2027, 1, 0.053, ParamSource::kDefault},
      {LeverParam::kMeritBase, 2028, 1, 0.035, ParamSource::kSeedDefault},
      {LeverParam::kMeritBase, 2026, 2, 0.040, ParamSource::kSeedDefault},
      {LeverParam::kColaRate, 2025, 3, 0.021, ParamSource::kDefault},
      {LeverParam::kColaRate, 2026, 3, 0.022, ParamSource::kDefault},
      {LeverParam::kColaRate, 2027, 3, 0.033, ParamSource::kScenario},
      {LeverParam::kColaRate, 2028, 3, 0.025, ParamSource::kSeedDefault},
  };
  for (const Cell& c : cells) {
    const std::string where = std::string(engine::lever_info(c.param).name) + " " +
                              std::to_string(c.year) + " L" + std::to_string(c.level);
    EXPECT_EQ(r->levers.value(c.param, c.year, c.level), c.value) << where;
    EXPECT_EQ(r->levers.at(c.param, c.year, c.level).source, c.source) << where;
  }
}

TEST_F(LeverResolutionTest, YearWithoutAnyColaSourceIsAnError) {
  // config_cola_by_year covers 2024-2029 only.
  auto r = resolve_levers({}, "default", 2031, 2031, seeds_);
  ASSERT_FALSE(r.ok());
  const Error& e = r.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, "");  // resolution is not about one file's row
  EXPECT_EQ(e.row, 0);
  EXPECT_EQ(e.column, "cola_rate");
  EXPECT_EQ(e.rule, "lever_resolvable");
  EXPECT_EQ(e.value, "2031");
  EXPECT_NE(e.message.find("2031"), std::string::npos) << e.message;
  EXPECT_TRUE(e.more.empty()) << e.to_string_all();
}

TEST_F(LeverResolutionTest, EveryYearWithoutColaIsReported) {
  auto r = resolve_levers({}, "default", 2029, 2031, seeds_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().value, "2030");
  EXPECT_EQ(r.error().rule, "lever_resolvable");
  ASSERT_EQ(r.error().more.size(), 1u) << r.error().to_string_all();
  EXPECT_EQ(r.error().more[0].value, "2031");
  EXPECT_EQ(r.error().more[0].column, "cola_rate");
}

TEST_F(LeverResolutionTest, ColaRowInTheDefaultScenarioFillsAYearTheSeedsLack) {
  auto r = resolve_levers({lever_row("default", 2031, 3, LeverParam::kColaRate, 0.01)}, "s1", 2031,
                          2031, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  EXPECT_EQ(r->levers.cola(2031), 0.01);
  EXPECT_EQ(r->levers.cola_source(2031), ParamSource::kDefault);
  EXPECT_EQ(r->levers.value(LeverParam::kColaRate, 2031, 5), 0.01);
}

// Running scenario `default` itself: its rows match tier 1 (scenario_id =
// simulation.scenario_id), so they are reported as `scenario` (§2.2).
TEST_F(LeverResolutionTest, BundledLeversResolveFromTheRequestedScenarioWithoutWarnings) {
  auto file =
      io::read_lever_csv(test::data_dir() / "seeds" / "comp_levers.csv", seeds_.level_count());
  ASSERT_TRUE(file.ok()) << file.error().to_string_all();
  auto r = resolve_levers(file->rows, "default", 2025, 2029, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  EXPECT_TRUE(r->warnings.empty());
  for (int year = 2025; year <= 2029; ++year) {
    for (int level = 1; level <= 5; ++level) {
      for (const auto& info : engine::kLeverCatalogue) {
        EXPECT_EQ(r->levers.at(info.param, year, level).source, ParamSource::kScenario);
      }
    }
    EXPECT_EQ(r->levers.cola(year), 0.020340190720501153);
  }
  EXPECT_EQ(r->levers.value(LeverParam::kMeritBase, 2027, 3), 0.025306171648451038);
  EXPECT_EQ(r->levers.value(LeverParam::kNewHireSalaryAdjustment, 2029, 5), 1.1501700953602505);
}

TEST_F(LeverResolutionTest, BundledLeversFillAnotherScenarioFromTheDefaultTier) {
  auto file =
      io::read_lever_csv(test::data_dir() / "seeds" / "comp_levers.csv", seeds_.level_count());
  ASSERT_TRUE(file.ok()) << file.error().to_string_all();
  auto r = resolve_levers(file->rows, "conservative_growth", 2025, 2029, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  EXPECT_EQ(count_warnings(*r, "lever_scenario_empty"), 1u);
  EXPECT_EQ(count_warnings(*r, "lever_seed_default"), 0u);
  for (int year = 2025; year <= 2029; ++year) {
    for (int level = 1; level <= 5; ++level) {
      for (const auto& info : engine::kLeverCatalogue) {
        EXPECT_EQ(r->levers.at(info.param, year, level).source, ParamSource::kDefault);
      }
    }
  }
}

TEST_F(LeverResolutionTest, CanonicalTextHasOneLinePerParameterYearAndLevel) {
  auto r = resolve_levers({lever_row("default", 2025, 2, LeverParam::kMeritBase, 0.0425)},
                          "default", 2025, 2026, seeds_);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  const std::string text = canonical_lever_text(r->levers);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5 * 2 * 5);
  EXPECT_NE(text.find("merit_base,2025,2,0.0425\n"), std::string::npos) << text;
  EXPECT_NE(text.find("cola_rate,2026,5,0.025\n"), std::string::npos) << text;
}

TEST_F(LeverResolutionTest, CanonicalTextChangesWhenAValueChanges) {
  auto a = resolve_levers({lever_row("default", 2025, 2, LeverParam::kMeritBase, 0.03)}, "default",
                          2025, 2025, seeds_);
  auto same = resolve_levers({lever_row("default", 2025, 2, LeverParam::kMeritBase, 0.03, true)},
                             "default", 2025, 2025, seeds_);
  // The next double above 0.03: the text must still tell them apart.
  auto b = resolve_levers(
      {lever_row("default", 2025, 2, LeverParam::kMeritBase, std::nextafter(0.03, 1.0))}, "default",
      2025, 2025, seeds_);
  ASSERT_TRUE(a.ok() && same.ok() && b.ok());
  EXPECT_EQ(canonical_lever_text(a->levers), canonical_lever_text(same->levers));
  EXPECT_NE(canonical_lever_text(a->levers), canonical_lever_text(b->levers));
}

}  // namespace
}  // namespace planwise::levers

namespace planwise::levers {
namespace {

// Issue 10 item 1: a link's chain folds nearest-first into the scenario's
// rows; COLA of a year comes whole from the nearest link holding any of it;
// locks stay with the link that holds them.
TEST(FoldChain, NearestLinkWinsEachCellAndTheWholeColaOfAYear) {
  auto cell = [](const std::string& s, int year, int level, LeverParam p, double v, bool locked) {
    LeverRow r;
    r.scenario_id = s;
    r.fiscal_year = year;
    r.job_level = level;
    r.param = p;
    r.value = v;
    r.is_locked = locked;
    return r;
  };
  const std::vector<std::vector<LeverRow>> links = {
      {cell("c", 2026, 1, LeverParam::kMeritBase, 0.01, true),
       cell("c", 2027, 2, LeverParam::kColaRate, 0.02, false)},
      {cell("b", 2026, 1, LeverParam::kMeritBase, 0.05, false),
       cell("b", 2026, 2, LeverParam::kMeritBase, 0.04, true),
       cell("b", 2027, 1, LeverParam::kColaRate, 0.09, false),
       cell("b", 2028, 1, LeverParam::kColaRate, 0.03, true)}};
  const std::vector<LeverRow> out = fold_chain(links, "c");
  ASSERT_EQ(out.size(), 4u);
  for (const LeverRow& r : out) EXPECT_EQ(r.scenario_id, "c");
  EXPECT_EQ(out[0].value, 0.01);
  EXPECT_EQ(out[0].is_locked, true) << "c's own lock";
  EXPECT_EQ(out[1].value, 0.02);
  EXPECT_EQ(out[2].fiscal_year, 2026);
  EXPECT_EQ(out[2].job_level, 2);
  EXPECT_EQ(out[2].is_locked, false) << "b's lock is not c's";
  EXPECT_EQ(out[3].fiscal_year, 2028) << "b's 2027 COLA is hidden by c's";
  EXPECT_EQ(out[3].value, 0.03);
}

}  // namespace
}  // namespace planwise::levers
