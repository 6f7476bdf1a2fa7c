// Issue 12 items 1 and 7: the ensemble use case end to end. The stored bands
// are recomputed here, independently, from the stored per-seed rows; the
// tables do not depend on the thread count; a kept seed is a full run with
// that seed's numbers; input errors name the field and the flag.
#include "app/ensemble_run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "store/database.hpp"
#include "store/ensemble_tables.hpp"
#include "store/run_store.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

using test::TempDir;

EnsembleRequest bundled_ensemble(const TempDir& dir, int seeds) {
  EnsembleRequest r;
  r.inputs.data_dir = test::data_dir();
  r.db_path = (dir / "runs.duckdb").string();
  for (int k = 0; k < seeds; ++k) r.seeds.push_back(42 + static_cast<std::uint64_t>(k));
  r.command = "test";
  return r;
}

// Type 7 quantile, written apart from the library's.
double quantile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1.0) * p;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - std::floor(h)) * (v[hi] - v[lo]);
}

void expect_band(const store::EnsembleBandRow& band, const std::vector<double>& values,
                 const std::string& what) {
  ASSERT_EQ(band.n, static_cast<int>(values.size())) << what;
  double sum = 0.0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  double squares = 0.0;
  for (double v : values) squares += (v - mean) * (v - mean);
  const double sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
  const double scale = std::max(1.0, std::fabs(mean)) * 1e-12;
  EXPECT_NEAR(band.mean, mean, scale) << what;
  EXPECT_NEAR(band.sd, sd, scale) << what;
  EXPECT_NEAR(band.se, sd / std::sqrt(static_cast<double>(values.size())), scale) << what;
  EXPECT_EQ(band.min, *std::min_element(values.begin(), values.end())) << what;
  EXPECT_EQ(band.max, *std::max_element(values.begin(), values.end())) << what;
  const std::pair<double, double> quantiles[] = {
      {0.1, band.p10}, {0.25, band.p25}, {0.5, band.p50}, {0.75, band.p75}, {0.9, band.p90}};
  for (const auto& [p, stored] : quantiles) EXPECT_NEAR(stored, quantile(values, p), scale) << what;
}

// Every row of a table of one ensemble as text, without its id.
std::vector<std::vector<std::optional<std::string>>> table_rows(store::Database& db,
                                                                const std::string& table,
                                                                const std::string& id,
                                                                const std::string& order) {
  auto r = db.query(
      "SELECT * EXCLUDE (ensemble_id) FROM " + table + " WHERE ensemble_id = $1 ORDER BY " + order,
      {id});
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r->rows;
}

TEST(EnsembleRun, StoredBandsMatchTheStoredPerSeedRows) {
  TempDir dir;
  EnsembleRequest request = bundled_ensemble(dir, 12);
  request.budget = 1.3e9;
  auto outcome = run_ensemble(request, {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  ASSERT_TRUE(outcome->ensemble_id.has_value());
  EXPECT_FALSE(outcome->summary.thin_sample_warning.has_value());
  auto db = store::Database::open(*request.db_path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  auto record = store::read_ensemble(**db, *outcome->ensemble_id, true);
  ASSERT_TRUE(record.ok()) << record.error().to_string_all();
  EXPECT_EQ(record->ensemble.seed_list, "42..53");
  EXPECT_EQ(record->ensemble.seed_count, 12);
  EXPECT_EQ(record->ensemble.budget, std::optional<double>(1.3e9));
  EXPECT_EQ(record->ensemble.effective_levers_hash, outcome->hashes.effective_levers);
  ASSERT_EQ(record->seed_metrics.size(), 12u * 5u);

  // (year, metric) -> the seeds' values; the headline and cost per seed.
  std::map<std::pair<int, std::string>, std::vector<double>> by_year;
  std::vector<double> headline, cost;
  for (const store::EnsembleSeedMetricRow& m : record->seed_metrics) {
    for (std::size_t i = 0; i < store::kEnsembleMetricCount; ++i) {
      if (!std::isnan(m.metrics[i]))
        by_year[{m.year, std::string(store::kEnsembleMetricColumns[i])}].push_back(m.metrics[i]);
    }
    if (m.year == record->ensemble.start_year) {
      headline.push_back(m.seed_headline);
      cost.push_back(m.seed_total_cost);
    }
  }
  std::size_t year_bands = 0;
  for (const store::EnsembleBandRow& band : record->bands) {
    if (band.scope == "year") {
      ++year_bands;
      expect_band(band, by_year[{*band.year, band.metric}],
                  std::to_string(*band.year) + " " + band.metric);
    } else if (band.scope == "headline") {
      expect_band(band, headline, "headline");
      const double low = record->ensemble.target_growth - record->ensemble.target_tolerance;
      const double high = record->ensemble.target_growth + record->ensemble.target_tolerance;
      const auto in = std::count_if(headline.begin(), headline.end(),
                                    [&](double h) { return low <= h && h <= high; });
      EXPECT_EQ(band.p_in_target, static_cast<double>(in) / 12.0);
    } else {
      ASSERT_EQ(band.scope, "total_cost");
      expect_band(band, cost, "total cost");
      const auto over = std::count_if(cost.begin(), cost.end(), [](double c) { return c > 1.3e9; });
      EXPECT_EQ(band.p_over_budget, static_cast<double>(over) / 12.0);
    }
  }
  EXPECT_EQ(year_bands, 5u * store::kEnsembleMetricCount);
  // The spread is real: the seeds do not all land on the same headline.
  EXPECT_GT(record->bands[year_bands].sd, 0.0);
}

TEST(EnsembleRun, TablesDoNotDependOnTheThreadCount) {
  TempDir dir;
  EnsembleRequest one = bundled_ensemble(dir, 10);
  one.threads = 1;
  EnsembleRequest two = one;
  two.threads = 2;
  auto a = run_ensemble(one, {});
  ASSERT_TRUE(a.ok()) << a.error().to_string_all();
  auto b = run_ensemble(two, {});
  ASSERT_TRUE(b.ok()) << b.error().to_string_all();
  auto db = store::Database::open(*one.db_path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  const auto metrics_a =
      table_rows(**db, "ensemble_seed_metrics", *a->ensemble_id, "seed_index, year");
  ASSERT_EQ(metrics_a.size(), 50u);
  EXPECT_EQ(metrics_a,
            table_rows(**db, "ensemble_seed_metrics", *b->ensemble_id, "seed_index, year"));
  const std::string band_order = "scope, year NULLS LAST, metric";
  const auto bands_a = table_rows(**db, "ensemble_bands", *a->ensemble_id, band_order);
  ASSERT_FALSE(bands_a.empty());
  EXPECT_EQ(bands_a, table_rows(**db, "ensemble_bands", *b->ensemble_id, band_order));
}

TEST(EnsembleRun, KeptSeedIsAStoredRunWithThatSeedsNumbers) {
  TempDir dir;
  EnsembleRequest request = bundled_ensemble(dir, 3);
  request.keep_rows_seed = 43;
  auto outcome = run_ensemble(request, {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  ASSERT_TRUE(outcome->kept_run_id.has_value());
  auto db = store::Database::open(*request.db_path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  auto runs = store::list_runs(**db);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().run_id, *outcome->kept_run_id);
  EXPECT_EQ(runs->front().seed, 43u);
  auto record = store::read_ensemble(**db, *outcome->ensemble_id, false);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->ensemble.kept_run_id, outcome->kept_run_id);
  // The kept run's yearly headcount and growth are seed 43's in the ensemble.
  auto years = store::run_table(**db, *outcome->kept_run_id, "year_summary");
  ASSERT_TRUE(years.ok());
  const ensemble::SeedOutcome& seed43 = outcome->per_seed[1];
  ASSERT_EQ(seed43.seed, 43u);
  ASSERT_EQ(years->rows.size(), seed43.years.size());
  std::size_t end_col = 0;
  for (std::size_t c = 0; c < years->columns.size(); ++c)
    if (years->columns[c] == "end_headcount") end_col = c;
  for (std::size_t y = 0; y < seed43.years.size(); ++y) {
    EXPECT_EQ(std::stod(*years->rows[y][end_col]),
              seed43.years[y].value(ensemble::YearMetric::kHeadcount))
        << y;
  }
}

TEST(EnsembleRun, NoDbStoresNothingAndWarnsBelowTenSeeds) {
  TempDir dir;
  EnsembleRequest request = bundled_ensemble(dir, 5);
  request.db_path.reset();
  std::vector<std::string> stages;
  RunCallbacks callbacks;
  callbacks.on_stage = [&](const std::string& s) { stages.push_back(s); };
  auto outcome = run_ensemble(request, callbacks);
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  EXPECT_FALSE(outcome->ensemble_id.has_value());
  EXPECT_FALSE(std::filesystem::exists(dir / "runs.duckdb"));
  ASSERT_TRUE(outcome->summary.thin_sample_warning.has_value());
  EXPECT_NE(outcome->summary.thin_sample_warning->find("5 seeds"), std::string::npos);
  EXPECT_NE(std::find(stages.begin(), stages.end(), "simulating 5 seeds"), stages.end());
}

TEST(EnsembleRun, CancellingStoresNothing) {
  TempDir dir;
  EnsembleRequest request = bundled_ensemble(dir, 10);
  RunCallbacks callbacks;
  callbacks.cancelled = [] { return true; };
  auto outcome = run_ensemble(request, callbacks);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().kind, ErrorKind::kCancelled);
  auto db = store::Database::open(*request.db_path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  auto list = store::list_ensembles(**db);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

TEST(EnsembleRun, InputErrorsNameTheFieldAndFlag) {
  TempDir dir;
  struct Case {
    std::function<void(EnsembleRequest&)> change;
    std::string field;
    std::string flag;
  };
  const std::vector<Case> cases = {
      {[](EnsembleRequest& r) { r.seeds.clear(); }, "seeds", "--seeds"},
      {[](EnsembleRequest& r) { r.keep_rows_seed = 7; }, "keep_rows_seed", "--keep-rows 7"},
      {[](EnsembleRequest& r) {
         r.keep_rows_seed = 42;
         r.db_path.reset();
       },
       "keep_rows_seed", "--no-db"},
      {[](EnsembleRequest& r) { r.budget = -1.0; }, "budget", "--budget"},
      {[](EnsembleRequest& r) { r.threads = -2; }, "threads", "--threads"},
      {[](EnsembleRequest& r) {
         r.target = RunTarget{0.02, -1.0, "mean"};
       },
       "target.tolerance", "target.tolerance"},
  };
  for (const Case& c : cases) {
    EnsembleRequest request = bundled_ensemble(dir, 3);
    c.change(request);
    auto outcome = run_ensemble(request, {});
    ASSERT_FALSE(outcome.ok()) << c.field;
    EXPECT_EQ(outcome.error().kind, ErrorKind::kInvalidInput) << c.field;
    EXPECT_EQ(outcome.error().column, c.field);
    EXPECT_NE(outcome.error().message.find(c.flag), std::string::npos) << outcome.error().message;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "runs.duckdb"));
}

TEST(EnsembleRun, SeedListsComeFromTheConfiguredSeedOrAList) {
  InputRequest inputs;
  inputs.data_dir = test::data_dir();
  auto counted = resolve_seed_list(inputs, "3", std::nullopt, "--seeds", "--seed-list");
  ASSERT_TRUE(counted.ok()) << counted.error().to_string();
  EXPECT_EQ(*counted, (std::vector<std::uint64_t>{42, 43, 44}));
  auto listed = resolve_seed_list(inputs, std::nullopt, "1,5,9", "--seeds", "--seed-list");
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(*listed, (std::vector<std::uint64_t>{1, 5, 9}));
  auto both = resolve_seed_list(inputs, "3", "1,5", "--seeds", "--seed-list");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().column, "--seeds");
  EXPECT_NE(both.error().message.find("--seed-list"), std::string::npos);
  auto bad = resolve_seed_list(inputs, "ten", std::nullopt, "--seeds", "--seed-list");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().column, "--seeds");
}

}  // namespace
}  // namespace planwise::app
