// Issue 12 item 1: the record of every seed ensemble. `ensembles` holds its
// provenance (seed list, input hashes, engine version, target, budget);
// `ensemble_seed_metrics` one row per seed and year with the per-year
// metrics; `ensemble_bands` the statistics per year and metric, of the
// headline and of total cost; `ensemble_attribution` the variance shares of
// the draw groups when asked. An ensemble is written in one transaction.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

// The metric columns of ensemble_seed_metrics, in order; the same names as
// ensemble::kYearMetricNames (the app checks they agree).
inline constexpr std::size_t kEnsembleMetricCount = 9;
inline constexpr std::array<std::string_view, kEnsembleMetricCount> kEnsembleMetricColumns = {
    "headcount",   "hires",      "exits",          "promotions",
    "avg_fye_pay", "growth_fye", "growth_current", "growth_continuous",
    "total_cost"};

struct EnsembleRow {
  std::string ensemble_id;
  std::string created_at;  // ISO-8601 UTC
  std::string scenario;
  std::string seed_list;  // "42..66" or "1,5,9"
  int seed_count = 0;
  int start_year = 0;
  int end_year = 0;
  std::string headline_metric;  // mean | final | compound
  double target_growth = 0.0;
  double target_tolerance = 0.0;
  std::optional<double> budget;
  std::string config_hash;
  std::string census_hash;
  std::string levers_hash;
  std::string seeds_hash;
  std::string effective_levers_hash;
  std::string engine_version;
  std::optional<std::string> kept_run_id;
  std::string command;
  std::string actor;
};

struct EnsembleSeedMetricRow {
  std::uint64_t seed = 0;
  int seed_index = 0;  // 0-based position in the seed list
  int year = 0;
  std::array<double, kEnsembleMetricCount> metrics{};  // NaN is stored as NULL
  double seed_headline = 0.0;
  double seed_total_cost = 0.0;
};

struct EnsembleBandRow {
  std::string scope;        // year | headline | total_cost
  std::optional<int> year;  // for scope year
  std::string metric;       // a metric column, or the headline's name
  int n = 0;
  double mean = 0.0, sd = 0.0, se = 0.0, min = 0.0, p10 = 0.0, p25 = 0.0, p50 = 0.0, p75 = 0.0,
         p90 = 0.0, max = 0.0;  // NaN is stored as NULL
  std::optional<double> p_in_target;
  std::optional<double> p_over_budget;
};

struct EnsembleAttributionRow {
  std::string draw_group;
  double variance = 0.0;
  double share = 0.0;
  double share_low = 0.0;
  double share_high = 0.0;
};

struct EnsembleRecord {
  EnsembleRow ensemble;
  std::vector<EnsembleSeedMetricRow> seed_metrics;  // seed list order, then year
  std::vector<EnsembleBandRow> bands;
  std::vector<EnsembleAttributionRow> attribution;
};

// Creates the tables when missing (databases made before issue 12).
Status ensure_ensemble_tables(Database& db);
// Writes a record in one transaction of its own: all of it or nothing.
Status insert_ensemble(Database& db, const EnsembleRecord& record);
// Newest first.
Result<std::vector<EnsembleRow>> list_ensembles(Database& db);
// One ensemble: its row, bands and attribution, and its per-seed rows when
// `with_seed_metrics`. An unknown id is a not-found error naming it.
Result<EnsembleRecord> read_ensemble(Database& db, const std::string& ensemble_id,
                                     bool with_seed_metrics);

}  // namespace planwise::store
