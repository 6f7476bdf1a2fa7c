// Issue 15 item 5: the engine's load-time warnings that no other test made
// fire (spec §1.3, §1.6, §1.7): the raise-timing profile checks, the
// hiring fallbacks for levels with too few reference hires, and the census
// mean-salary check. Each case changes one input and asserts that exactly
// the expected warnings are added to those of the unchanged input.
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>

#include "engine/census.hpp"
#include "io/census_reader.hpp"
#include "io/csv_reader.hpp"
#include "io/seed_reader.hpp"
#include "support/collected_run.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

using Warnings = std::multiset<std::string>;

// The load-time (year 0) warnings of a one-year bundled run after `edit`.
Warnings one_year_warnings(const std::function<void(app::LoadedInputs&)>& edit) {
  const CollectedRun run = collect_run(bundled_request(), [&](app::LoadedInputs& in) {
    in.config.engine.end_year = in.config.engine.start_year;
    // The bundled profile sums to 1.07 and warns; rescaled to 1, it passes.
    double sum = 0.0;
    for (double w : in.seeds.raise_month_weights) sum += w;
    for (double& w : in.seeds.raise_month_weights) w /= sum;
    if (edit) edit(in);
  });
  Warnings out;
  for (const engine::ValidationItem& v : run.result.validation) {
    if (v.year == 0 && v.status == engine::CheckStatus::kWarn) out.insert(v.check_id);
  }
  EXPECT_EQ(run.result.years.size(), 1u);
  return out;
}

Warnings added(const Warnings& base, const Warnings& now) {
  Warnings out = now;
  for (const std::string& id : base) {
    const auto it = out.find(id);
    if (it != out.end()) out.erase(it);
  }
  return out;
}

TEST(LoadWarningsFire, EachChangedInputAddsExactlyItsWarnings) {
  const Warnings base = one_year_warnings({});
  struct Case {
    const char* name;
    std::function<void(app::LoadedInputs&)> edit;
    Warnings expected;
  };
  const std::vector<Case> cases = {
      {"timing profile sums to 1.02",
       [](app::LoadedInputs& in) { in.seeds.raise_month_weights[0] += 0.02; },
       {"timing_profile_sum"}},
      {"November below the minimum month share",
       [](app::LoadedInputs& in) {
         in.seeds.raise_month_weights[10] -= 0.018;  // 0.0187 -> 0.0007
         in.seeds.raise_month_weights[0] += 0.018;
       },
       {"timing_profile_min_month"}},
      {"January above the maximum month share",
       [](app::LoadedInputs& in) {
         in.seeds.raise_month_weights[0] += 0.17;  // 0.262 -> 0.432
         in.seeds.raise_month_weights[6] -= 0.17;
       },
       {"timing_profile_max_month"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(added(base, one_year_warnings(c.edit)), c.expected);
    EXPECT_EQ(base.count(*c.expected.begin()), 0u) << "the unchanged input warns already";
  }
}

// Every level that had enough reference hires (§1.6) now has too few: each
// falls back to the original mix share and to band pricing, with a warning
// for each.
TEST(LoadWarningsFire, TooFewReferenceHiresWarnPerLevelForMixAndPay) {
  const Warnings base = one_year_warnings({});
  const Warnings now = one_year_warnings(
      [](app::LoadedInputs& in) { in.config.engine.min_reference_hires = 1'000'000; });
  const std::size_t had_enough = 5 - base.count("hiring_salary_model");
  ASSERT_GT(had_enough, 0u);
  EXPECT_EQ(base.count("hiring_level_mix"), base.count("hiring_salary_model"));
  Warnings expected;
  for (std::size_t l = 0; l < had_enough; ++l) {
    expected.insert("hiring_level_mix");
    expected.insert("hiring_salary_model");
  }
  EXPECT_EQ(added(base, now), expected);
}

// Spec §1.3: a baseline mean salary outside 50,000-200,000 warns.
TEST(LoadWarningsFire, CensusMeanSalaryOutsideItsRangeWarns) {
  auto seeds = io::read_seed_tables(data_dir() / "seeds", "general_corporate");
  ASSERT_TRUE(seeds.ok()) << seeds.error().to_string_all();
  auto warnings = [&](const std::string& salary) {
    const std::string text =
        "employee_id,employee_ssn,employee_birth_date,employee_hire_date,"
        "employee_termination_date,employee_gross_compensation,active\n"
        "E1,S1,1980-01-01,2010-01-01,," +
        salary +
        ",true\n"
        "E2,S2,1985-01-01,2012-01-01,," +
        salary + ",true\n";
    auto table = io::parse_csv_text(text, "census.csv");
    EXPECT_TRUE(table.ok());
    auto rows = io::parse_census(*table);
    EXPECT_TRUE(rows.ok());
    auto staged = engine::stage_census(*rows, engine::EngineConfig{}, *seeds);
    EXPECT_TRUE(staged.ok());
    Warnings out;
    for (const engine::ValidationItem& w : staged->warnings) out.insert(w.check_id);
    return out;
  };
  const Warnings base = warnings("150000");  // level 3, mean inside the range
  EXPECT_EQ(base.count("census_mean_salary"), 0u);
  EXPECT_EQ(added(base, warnings("250000")), Warnings{"census_mean_salary"});  // level 4
}

}  // namespace
}  // namespace planwise::test
