#include "app/ensemble_record.hpp"

#include "app/existing_database.hpp"
#include "ensemble/seed_list.hpp"

namespace planwise::app {

namespace {

static_assert(store::kEnsembleMetricCount == ensemble::kYearMetricCount);
constexpr bool same_metric_names() {
  for (std::size_t i = 0; i < ensemble::kYearMetricCount; ++i) {
    if (store::kEnsembleMetricColumns[i] != ensemble::kYearMetricNames[i]) return false;
  }
  return true;
}
static_assert(same_metric_names(), "ensemble_seed_metrics columns follow kYearMetricNames");

store::EnsembleBandRow band_row(std::string scope, std::optional<int> year, std::string metric,
                                const ensemble::Band& b) {
  return {std::move(scope),
          year,
          std::move(metric),
          b.n,
          b.mean,
          b.sd,
          b.se,
          b.min,
          b.p10,
          b.p25,
          b.p50,
          b.p75,
          b.p90,
          b.max,
          {},
          {}};
}

}  // namespace

store::EnsembleRecord ensemble_record(const EnsembleRequest& request,
                                      const EnsembleOutcome& outcome,
                                      const std::string& ensemble_id,
                                      const std::string& created_at) {
  const ensemble::EnsembleSummary& s = outcome.summary;
  store::EnsembleRecord r;
  store::EnsembleRow& e = r.ensemble;
  e.ensemble_id = ensemble_id;
  e.created_at = created_at;
  e.scenario = outcome.scenario;
  e.seed_list = ensemble::seed_list_text(s.seeds);
  e.seed_count = static_cast<int>(s.seeds.size());
  e.start_year = outcome.start_year;
  e.end_year = outcome.end_year;
  e.headline_metric = std::string(ensemble::headline_metric_name(s.headline_metric));
  e.target_growth = s.target.growth;
  e.target_tolerance = s.target.tolerance;
  e.budget = s.headline.budget;
  e.config_hash = outcome.hashes.config;
  e.census_hash = outcome.hashes.census;
  e.levers_hash = outcome.hashes.levers;
  e.seeds_hash = outcome.hashes.seeds;
  e.effective_levers_hash = outcome.hashes.effective_levers;
  e.engine_version = engine::kEngineVersion;
  e.kept_run_id = outcome.kept_run_id;
  e.command = request.command;
  e.actor = request.actor;
  for (std::size_t index = 0; index < outcome.per_seed.size(); ++index) {
    const ensemble::SeedOutcome& o = outcome.per_seed[index];
    for (const ensemble::SeedYear& y : o.years) {
      store::EnsembleSeedMetricRow m;
      m.seed = o.seed;
      m.seed_index = static_cast<int>(index);
      m.year = y.year;
      for (std::size_t i = 0; i < ensemble::kYearMetricCount; ++i) m.metrics[i] = y.values[i];
      m.seed_headline = o.headline;
      m.seed_total_cost = o.total_cost;
      r.seed_metrics.push_back(m);
    }
  }
  for (const ensemble::YearBand& b : s.bands) {
    r.bands.push_back(band_row(
        "year", b.year, std::string(ensemble::kYearMetricNames[static_cast<std::size_t>(b.metric)]),
        b.band));
  }
  store::EnsembleBandRow headline =
      band_row("headline", std::nullopt, e.headline_metric, s.headline.band);
  headline.p_in_target = s.headline.p_in_target;
  r.bands.push_back(headline);
  store::EnsembleBandRow cost =
      band_row("total_cost", std::nullopt, "total_cost", s.headline.total_cost);
  cost.p_over_budget = s.headline.p_over_budget;
  r.bands.push_back(cost);
  if (outcome.attribution) {
    for (const ensemble::GroupShare& g : outcome.attribution->groups) {
      r.attribution.push_back(
          {engine::draw_group_name(g.group), g.variance, g.share, g.share_95.low, g.share_95.high});
    }
  }
  return r;
}

std::string seed_list_label(const std::vector<std::uint64_t>& seeds) {
  return ensemble::seed_list_text(seeds);
}

std::optional<std::string> stored_thin_sample_warning(int seed_count) {
  return ensemble::thin_sample_warning(seed_count);
}

Result<std::vector<store::EnsembleRow>> list_stored_ensembles(const std::string& db_path) {
  auto db = open_existing_database(db_path, store::OpenMode::kReadOnly,
                                   "run `planwise simulate --seeds 25` first");
  if (!db) return std::move(db).error();
  return store::list_ensembles(**db);
}

Result<store::EnsembleRecord> show_stored_ensemble(const std::string& db_path,
                                                   const std::string& ensemble_id,
                                                   bool with_seed_metrics) {
  auto db = open_existing_database(db_path, store::OpenMode::kReadOnly,
                                   "run `planwise simulate --seeds 25` first");
  if (!db) return std::move(db).error();
  return store::read_ensemble(**db, ensemble_id, with_seed_metrics);
}

}  // namespace planwise::app
