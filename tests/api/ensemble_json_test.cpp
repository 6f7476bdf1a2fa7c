// Issue 12: the JSON shapes of ensembles, paired comparisons and sweeps as
// api/ensemble_json.hpp documents them; a NaN statistic is null.
#include "api/ensemble_json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace planwise::api {
namespace {

using nlohmann::json;

ensemble::Band band(double mean, int n = 3) {
  ensemble::Band b;
  b.n = n;
  b.mean = b.min = b.p10 = b.p25 = b.p50 = b.p75 = b.p90 = b.max = mean;
  return b;
}

const std::vector<std::string> kBandKeys = {"n",   "mean", "sd",  "se",  "min", "p10",
                                            "p25", "p50",  "p75", "p90", "max"};

void expect_band_shape(const json& j) {
  ASSERT_TRUE(j.is_object()) << j.dump();
  EXPECT_EQ(j.size(), kBandKeys.size()) << j.dump();
  for (const std::string& k : kBandKeys) EXPECT_TRUE(j.contains(k)) << k;
}

app::EnsembleOutcome sample_ensemble() {
  app::EnsembleOutcome o;
  o.scenario = "default";
  o.start_year = 2025;
  o.end_year = 2026;
  o.summary.seeds = {42, 43, 44};
  o.summary.thin_sample_warning = "only 3 seeds";
  for (int year : {2025, 2026}) {
    for (std::size_t m = 0; m < ensemble::kYearMetricCount; ++m)
      o.summary.bands.push_back({year, static_cast<ensemble::YearMetric>(m), band(year + m)});
  }
  o.summary.bands[4].band.mean = std::nan("");  // avg_fye_pay 2025 without actives
  o.summary.headline.band = band(0.035);
  o.summary.headline.p_in_target = 1.0 / 3.0;
  o.summary.headline.total_cost = band(2.6e9);
  for (std::uint64_t seed : o.summary.seeds) {
    ensemble::SeedOutcome s;
    s.seed = seed;
    s.headline = 0.035;
    s.years = {{2025, {}}, {2026, {}}};
    o.per_seed.push_back(s);
  }
  return o;
}

TEST(EnsembleJson, EnsembleHasTheDocumentedKeysAndNullForNaN) {
  const json j = json::parse(ensemble_json(sample_ensemble(), true));
  for (const char* key :
       {"ensemble_id", "kept_run_id", "scenario", "start_year", "end_year", "seeds", "seed_count",
        "seed_list", "headline_metric", "target", "thin_sample_warning", "headline", "years",
        "per_seed", "attribution", "warnings", "simulate_ms", "total_ms"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_TRUE(j["ensemble_id"].is_null());
  EXPECT_EQ(j["seed_list"], "42..44");
  EXPECT_EQ(j["seed_count"], 3);
  EXPECT_EQ(j["thin_sample_warning"], "only 3 seeds");
  EXPECT_TRUE(j["headline"]["budget"].is_null());
  EXPECT_TRUE(j["headline"]["p_over_budget"].is_null());
  expect_band_shape(j["headline"]["band"]);
  expect_band_shape(j["headline"]["total_cost"]);
  ASSERT_EQ(j["years"].size(), 2u);
  EXPECT_EQ(j["years"][0]["year"], 2025);
  ASSERT_EQ(j["years"][0]["metrics"].size(), ensemble::kYearMetricCount);
  expect_band_shape(j["years"][0]["metrics"]["growth_fye"]);
  EXPECT_TRUE(j["years"][0]["metrics"]["avg_fye_pay"]["mean"].is_null());
  EXPECT_EQ(j["years"][1]["metrics"]["headcount"]["mean"], 2026.0);
  ASSERT_EQ(j["per_seed"].size(), 3u);
  EXPECT_EQ(j["per_seed"][1]["seed"], 43);
  EXPECT_EQ(j["per_seed"][1]["years"][0].size(), 1 + ensemble::kYearMetricCount);
  EXPECT_TRUE(j["attribution"].is_null());
  EXPECT_FALSE(json::parse(ensemble_json(sample_ensemble(), false)).contains("per_seed"));
}

TEST(EnsembleJson, PairedComparisonHasPairedBandsAndTheSingleSeedDifference) {
  app::PairedCompareOutcome o;
  o.label_a = "default";
  o.label_b = "hi";
  o.paired.seeds = {42, 43};
  ensemble::PairedBand p{band(1.0), band(2.0), band(1.0), {0.5, 1.5}, true};
  o.paired.headline = p;
  o.paired.total_cost = p;
  o.paired.years = {{2025, ensemble::YearMetric::kHeadcount, p}};
  ensemble::SeedOutcome a, b;
  a.seed = b.seed = 42;
  a.headline = 0.03;
  b.headline = 0.0325;
  o.per_seed_a = {a};
  o.per_seed_b = {b};
  const json j = json::parse(paired_compare_json(o));
  for (const char* key :
       {"label_a", "label_b", "start_year", "end_year", "seeds", "seed_count", "target",
        "thin_sample_warning", "headline", "total_cost", "years", "single_seed", "simulate_ms"})
    EXPECT_TRUE(j.contains(key)) << key;
  for (const char* key : {"a", "b", "diff"}) expect_band_shape(j["headline"][key]);
  EXPECT_EQ(j["headline"]["diff_low"], 0.5);
  EXPECT_EQ(j["headline"]["diff_high"], 1.5);
  EXPECT_EQ(j["headline"]["distinguishable"], true);
  EXPECT_EQ(j["years"][0]["metrics"]["headcount"]["b"]["mean"], 2.0);
  EXPECT_EQ(j["single_seed"]["seed"], 42);
  EXPECT_NEAR(j["single_seed"]["headline_diff"].get<double>(), 0.0025, 1e-15);
}

TEST(EnsembleJson, SweepHasAxesPointsAndLockedCells) {
  app::SweepOutcome o;
  o.scenario = "default";
  o.sweep.axes = {{"merit_base", {0.02, 0.03}}};
  o.sweep.seeds = {42};
  o.sweep.points = {{{0.02}, band(0.03), band(2e9), 0.0, false},
                    {{0.03}, band(0.04), band(2.1e9), 1.0, true}};
  o.sweep.locked_cells = {"merit_base 2026 L2"};
  o.sweep.simulations = 2;
  const json j = json::parse(sweep_json(o));
  EXPECT_EQ(j["axes"][0]["lever"], "merit_base");
  EXPECT_EQ(j["axes"][0]["values"], json::parse("[0.02,0.03]"));
  ASSERT_EQ(j["points"].size(), 2u);
  EXPECT_EQ(j["points"][1]["x"], json::parse("[0.03]"));
  expect_band_shape(j["points"][1]["headline"]);
  expect_band_shape(j["points"][1]["total_cost"]);
  EXPECT_EQ(j["points"][1]["adjusted"], true);
  EXPECT_EQ(j["locked_cells"][0], "merit_base 2026 L2");
  EXPECT_EQ(j["simulations"], 2);
  EXPECT_EQ(j["checks"], "full");
  EXPECT_TRUE(j.contains("thin_sample_warning"));
}

}  // namespace
}  // namespace planwise::api
