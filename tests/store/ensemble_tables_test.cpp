// Issue 12 item 1: an ensemble survives a round trip through DuckDB exactly
// (NaN as NULL, optional columns as NULL), and is written all or nothing.
#include "store/ensemble_tables.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "store/database.hpp"

namespace planwise::store {
namespace {

EnsembleRecord sample_record(const std::string& id) {
  EnsembleRecord r;
  r.ensemble.ensemble_id = id;
  r.ensemble.created_at = "2026-12-03T14:00:00Z";
  r.ensemble.scenario = "it's mine";
  r.ensemble.seed_list = "42..43";
  r.ensemble.seed_count = 2;
  r.ensemble.start_year = 2025;
  r.ensemble.end_year = 2026;
  r.ensemble.headline_metric = "mean";
  r.ensemble.target_growth = 0.02;
  r.ensemble.target_tolerance = 0.001;
  r.ensemble.config_hash = "c";
  r.ensemble.census_hash = "e";
  r.ensemble.levers_hash = "l";
  r.ensemble.seeds_hash = "s";
  r.ensemble.effective_levers_hash = "x";
  r.ensemble.engine_version = "1.0";
  r.ensemble.command = "planwise simulate --seeds 2";
  r.ensemble.actor = "analyst";
  for (int index = 0; index < 2; ++index) {
    for (int year = 2025; year <= 2026; ++year) {
      EnsembleSeedMetricRow m;
      m.seed = 42 + static_cast<std::uint64_t>(index);
      m.seed_index = index;
      m.year = year;
      for (std::size_t i = 0; i < kEnsembleMetricCount; ++i)
        m.metrics[i] = 1.0 / 3.0 + index + year + static_cast<double>(i);
      m.metrics[4] = std::nan("");  // a year without actives has no average pay
      m.seed_headline = 0.0351 + index * 1e-4;
      m.seed_total_cost = 2.5e8 + index;
      r.seed_metrics.push_back(m);
    }
  }
  auto band = [](std::string scope, std::optional<int> year, std::string metric, int n,
                 std::vector<double> stats) {
    EnsembleBandRow b;
    b.scope = std::move(scope);
    b.year = year;
    b.metric = std::move(metric);
    b.n = n;
    double* fields[] = {&b.mean, &b.sd,  &b.se,  &b.min, &b.p10,
                        &b.p25,  &b.p50, &b.p75, &b.p90, &b.max};
    for (std::size_t i = 0; i < 10; ++i) *fields[i] = i < stats.size() ? stats[i] : std::nan("");
    return b;
  };
  EnsembleBandRow year_band =
      band("year", 2025, "headcount", 2,
           {100.5, 0.7071067811865476, 0.5, 100, 100.1, 100.25, 100.5, 100.75, 100.9, 101});
  EnsembleBandRow headline =
      band("headline", std::nullopt, "mean", 2,
           {0.03515, 7e-5, 5e-5, 0.0351, 0.03511, 0.035125, 0.03515, 0.035175, 0.03519, 0.0352});
  headline.p_in_target = 0.0;
  EnsembleBandRow empty = band("year", 2026, "avg_fye_pay", 0, {});
  EnsembleBandRow cost = band("total_cost", std::nullopt, "total_cost", 2, {2.5e8});
  cost.p_over_budget = 0.5;
  r.bands = {year_band, empty, headline, cost};
  r.attribution = {{"terminations", 1e-8, 0.4, 0.2, 0.6}, {"hiring", 2e-9, 0.08, 0.01, 0.2}};
  return r;
}

TEST(EnsembleTables, RoundTripARecordExactly) {
  auto db = Database::open(":memory:", OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  const EnsembleRecord r = sample_record("ens_1");
  ASSERT_TRUE(insert_ensemble(**db, r).ok());
  auto back = read_ensemble(**db, "ens_1", true);
  ASSERT_TRUE(back.ok()) << back.error().to_string_all();
  EXPECT_EQ(back->ensemble.scenario, "it's mine");
  EXPECT_EQ(back->ensemble.created_at, "2026-12-03T14:00:00Z");
  EXPECT_EQ(back->ensemble.seed_list, "42..43");
  EXPECT_FALSE(back->ensemble.budget.has_value());
  EXPECT_FALSE(back->ensemble.kept_run_id.has_value());
  ASSERT_EQ(back->seed_metrics.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    const EnsembleSeedMetricRow& a = r.seed_metrics[k];
    const EnsembleSeedMetricRow& b = back->seed_metrics[k];
    EXPECT_EQ(b.seed, a.seed);
    EXPECT_EQ(b.year, a.year);
    for (std::size_t i = 0; i < kEnsembleMetricCount; ++i) {
      if (std::isnan(a.metrics[i]))
        EXPECT_TRUE(std::isnan(b.metrics[i]));
      else
        EXPECT_EQ(b.metrics[i], a.metrics[i]) << i;  // bit for bit
    }
    EXPECT_EQ(b.seed_headline, a.seed_headline);
  }
  ASSERT_EQ(back->bands.size(), 4u);
  EXPECT_EQ(back->bands[0].sd, 0.7071067811865476);
  EXPECT_EQ(back->bands[0].year, std::optional<int>(2025));
  EXPECT_TRUE(std::isnan(back->bands[1].mean));
  EXPECT_EQ(back->bands[1].n, 0);
  EXPECT_EQ(back->bands[2].scope, "headline");
  EXPECT_FALSE(back->bands[2].year.has_value());
  EXPECT_EQ(back->bands[2].p_in_target, std::optional<double>(0.0));
  EXPECT_FALSE(back->bands[2].p_over_budget.has_value());
  EXPECT_EQ(back->bands[3].p_over_budget, std::optional<double>(0.5));
  ASSERT_EQ(back->attribution.size(), 2u);
  EXPECT_EQ(back->attribution[1].draw_group, "hiring");
  EXPECT_EQ(back->attribution[1].share_high, 0.2);
  auto listed = list_ensembles(**db);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().ensemble_id, "ens_1");
}

TEST(EnsembleTables, AFailedWriteLeavesNoRowsBehind) {
  auto db = Database::open(":memory:", OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(insert_ensemble(**db, sample_record("ens_1")).ok());
  // The same id again: the per-seed rows and bands are appended first, then
  // the ensembles row is refused; the transaction takes everything back.
  const Status again = insert_ensemble(**db, sample_record("ens_1"));
  ASSERT_FALSE(again.ok());
  for (const char* table : {"ensemble_seed_metrics", "ensemble_bands", "ensemble_attribution"}) {
    auto count = (*db)->query(std::string("SELECT count(*) FROM ") + table);
    ASSERT_TRUE(count.ok());
    const std::string expected = std::string(table) == "ensemble_seed_metrics" ? "4"
                                 : std::string(table) == "ensemble_bands"      ? "4"
                                                                               : "2";
    EXPECT_EQ(count->rows.front().front(), std::optional<std::string>(expected)) << table;
  }
}

TEST(EnsembleTables, AnUnknownIdIsNotFoundAndNamesIt) {
  auto db = Database::open(":memory:", OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  auto back = read_ensemble(**db, "ens_nope", false);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(back.error().message.find("ens_nope"), std::string::npos);
}

}  // namespace
}  // namespace planwise::store
