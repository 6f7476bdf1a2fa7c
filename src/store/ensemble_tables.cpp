#include "store/ensemble_tables.hpp"

#include <cmath>

#include "common/number_text.hpp"
#include "store/database_impl.hpp"
#include "store/transaction.hpp"
#include "store/typed_chunks.hpp"

namespace planwise::store {

namespace {

constexpr const char* kCreateEnsembles = R"sql(
CREATE TABLE IF NOT EXISTS ensembles (
  ensemble_id VARCHAR PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL,
  scenario VARCHAR NOT NULL,
  seed_list VARCHAR NOT NULL,
  seed_count INTEGER NOT NULL,
  start_year INTEGER NOT NULL,
  end_year INTEGER NOT NULL,
  headline_metric VARCHAR NOT NULL,
  target_growth DOUBLE NOT NULL,
  target_tolerance DOUBLE NOT NULL,
  budget DOUBLE,
  config_hash VARCHAR NOT NULL,
  census_hash VARCHAR NOT NULL,
  levers_hash VARCHAR NOT NULL,
  seeds_hash VARCHAR NOT NULL,
  effective_levers_hash VARCHAR NOT NULL,
  engine_version VARCHAR NOT NULL,
  kept_run_id VARCHAR,
  command VARCHAR NOT NULL,
  actor VARCHAR NOT NULL
))sql";

constexpr const char* kCreateSeedMetrics = R"sql(
CREATE TABLE IF NOT EXISTS ensemble_seed_metrics (
  ensemble_id VARCHAR NOT NULL,
  seed UBIGINT NOT NULL,
  seed_index INTEGER NOT NULL,
  year INTEGER NOT NULL,
  headcount DOUBLE,
  hires DOUBLE,
  exits DOUBLE,
  promotions DOUBLE,
  avg_fye_pay DOUBLE,
  growth_fye DOUBLE,
  growth_current DOUBLE,
  growth_continuous DOUBLE,
  total_cost DOUBLE,
  seed_headline DOUBLE,
  seed_total_cost DOUBLE NOT NULL,
  PRIMARY KEY (ensemble_id, seed_index, year)
))sql";

constexpr const char* kCreateBands = R"sql(
CREATE TABLE IF NOT EXISTS ensemble_bands (
  ensemble_id VARCHAR NOT NULL,
  scope VARCHAR NOT NULL,
  year INTEGER,
  metric VARCHAR NOT NULL,
  n INTEGER NOT NULL,
  mean DOUBLE,
  sd DOUBLE,
  se DOUBLE,
  min DOUBLE,
  p10 DOUBLE,
  p25 DOUBLE,
  p50 DOUBLE,
  p75 DOUBLE,
  p90 DOUBLE,
  max DOUBLE,
  p_in_target DOUBLE,
  p_over_budget DOUBLE
))sql";

constexpr const char* kCreateAttribution = R"sql(
CREATE TABLE IF NOT EXISTS ensemble_attribution (
  ensemble_id VARCHAR NOT NULL,
  draw_group VARCHAR NOT NULL,
  variance DOUBLE,
  share DOUBLE,
  share_low DOUBLE,
  share_high DOUBLE
))sql";

constexpr const char* kInsertEnsemble =
    "INSERT INTO ensembles VALUES ($1, CAST($2 AS TIMESTAMPTZ), $3, $4, CAST($5 AS INTEGER), "
    "CAST($6 AS INTEGER), CAST($7 AS INTEGER), $8, CAST($9 AS DOUBLE), CAST($10 AS DOUBLE), "
    "CAST(nullif($11, '') AS DOUBLE), $12, $13, $14, $15, $16, $17, nullif($18, ''), $19, $20)";

const std::string kEnsembleColumns =
    "ensemble_id, " + iso_timestamp_sql("created_at") +
    ", scenario, "
    "seed_list, seed_count, start_year, end_year, headline_metric, target_growth, "
    "target_tolerance, budget, config_hash, census_hash, levers_hash, seeds_hash, "
    "effective_levers_hash, engine_version, kept_run_id, command, actor FROM ensembles";

constexpr const char* kSelectSeedMetrics =
    "SELECT seed, seed_index, year, headcount, hires, exits, promotions, avg_fye_pay, "
    "growth_fye, growth_current, growth_continuous, total_cost, seed_headline, seed_total_cost "
    "FROM ensemble_seed_metrics WHERE ensemble_id = $1 ORDER BY seed_index, year";

// Bands in the order they were written: years ascending in metric order,
// then the headline and total cost (rowid keeps insertion order).
constexpr const char* kSelectBands =
    "SELECT scope, year, metric, n, mean, sd, se, min, p10, p25, p50, p75, p90, max, "
    "p_in_target, p_over_budget FROM ensemble_bands WHERE ensemble_id = $1 ORDER BY rowid";

constexpr const char* kSelectAttribution =
    "SELECT draw_group, variance, share, share_low, share_high FROM ensemble_attribution "
    "WHERE ensemble_id = $1 ORDER BY rowid";

const std::vector<duckdb_type> kSeedMetricTypes = {
    DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_UBIGINT, DUCKDB_TYPE_INTEGER, DUCKDB_TYPE_INTEGER,
    DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,
    DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,
    DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE};
const std::vector<duckdb_type> kBandTypes = {
    DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_INTEGER, DUCKDB_TYPE_VARCHAR,
    DUCKDB_TYPE_INTEGER, DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,
    DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,
    DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,
    DUCKDB_TYPE_DOUBLE};
const std::vector<duckdb_type> kAttributionTypes = {DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_VARCHAR,
                                                    DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,
                                                    DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE};

// A nullable double cell: NaN is NULL.
void put_double(TypedChunks::Columns& c, std::size_t column, std::size_t row, double value) {
  c.data<double>(column)[row] = value;
  if (std::isnan(value)) c.set_null(column, row);
}

void put_optional(TypedChunks::Columns& c, std::size_t column, std::size_t row,
                  const std::optional<double>& value) {
  put_double(c, column, row, value.value_or(std::nan("")));
}

Status append_seed_metrics(duckdb_connection connection, const EnsembleRecord& r) {
  TypedChunks chunks(connection, "ensemble_seed_metrics", kSeedMetricTypes);
  PLANWISE_RETURN_IF_ERROR(chunks.status());
  const auto& rows = r.seed_metrics;
  PLANWISE_RETURN_IF_ERROR(
      chunks.append(rows.size(), [&](std::size_t first, std::size_t n, TypedChunks::Columns& c) {
        for (std::size_t k = 0; k < n; ++k) {
          const EnsembleSeedMetricRow& m = rows[first + k];
          c.set_text(0, k, r.ensemble.ensemble_id);
          c.data<std::uint64_t>(1)[k] = m.seed;
          c.data<std::int32_t>(2)[k] = m.seed_index;
          c.data<std::int32_t>(3)[k] = m.year;
          for (std::size_t i = 0; i < kEnsembleMetricCount; ++i)
            put_double(c, 4 + i, k, m.metrics[i]);
          put_double(c, 13, k, m.seed_headline);
          c.data<double>(14)[k] = m.seed_total_cost;
        }
      }));
  return chunks.close();
}

Status append_bands(duckdb_connection connection, const EnsembleRecord& r) {
  TypedChunks chunks(connection, "ensemble_bands", kBandTypes);
  PLANWISE_RETURN_IF_ERROR(chunks.status());
  const auto& rows = r.bands;
  PLANWISE_RETURN_IF_ERROR(chunks.append(rows.size(), [&](std::size_t first, std::size_t n,
                                                          TypedChunks::Columns& c) {
    for (std::size_t k = 0; k < n; ++k) {
      const EnsembleBandRow& b = rows[first + k];
      c.set_text(0, k, r.ensemble.ensemble_id);
      c.set_text(1, k, b.scope);
      c.data<std::int32_t>(2)[k] = b.year.value_or(0);
      if (!b.year) c.set_null(2, k);
      c.set_text(3, k, b.metric);
      c.data<std::int32_t>(4)[k] = b.n;
      const double stats[] = {b.mean, b.sd, b.se, b.min, b.p10, b.p25, b.p50, b.p75, b.p90, b.max};
      for (std::size_t i = 0; i < 10; ++i) put_double(c, 5 + i, k, stats[i]);
      put_optional(c, 15, k, b.p_in_target);
      put_optional(c, 16, k, b.p_over_budget);
    }
  }));
  return chunks.close();
}

Status append_attribution(duckdb_connection connection, const EnsembleRecord& r) {
  if (r.attribution.empty()) return Status::success();
  TypedChunks chunks(connection, "ensemble_attribution", kAttributionTypes);
  PLANWISE_RETURN_IF_ERROR(chunks.status());
  const auto& rows = r.attribution;
  PLANWISE_RETURN_IF_ERROR(
      chunks.append(rows.size(), [&](std::size_t first, std::size_t n, TypedChunks::Columns& c) {
        for (std::size_t k = 0; k < n; ++k) {
          const EnsembleAttributionRow& a = rows[first + k];
          c.set_text(0, k, r.ensemble.ensemble_id);
          c.set_text(1, k, a.draw_group);
          put_double(c, 2, k, a.variance);
          put_double(c, 3, k, a.share);
          put_double(c, 4, k, a.share_low);
          put_double(c, 5, k, a.share_high);
        }
      }));
  return chunks.close();
}

std::string optional_number(const std::optional<double>& v) {
  return v ? shortest_text(*v) : "";
}

Status insert_ensemble_row(Database& db, const EnsembleRow& e) {
  auto r = db.query(kInsertEnsemble, {e.ensemble_id,
                                      e.created_at,
                                      e.scenario,
                                      e.seed_list,
                                      std::to_string(e.seed_count),
                                      std::to_string(e.start_year),
                                      std::to_string(e.end_year),
                                      e.headline_metric,
                                      shortest_text(e.target_growth),
                                      shortest_text(e.target_tolerance),
                                      optional_number(e.budget),
                                      e.config_hash,
                                      e.census_hash,
                                      e.levers_hash,
                                      e.seeds_hash,
                                      e.effective_levers_hash,
                                      e.engine_version,
                                      e.kept_run_id.value_or(""),
                                      e.command,
                                      e.actor});
  if (!r) return std::move(r).error();
  return Status::success();
}

using TextRow = std::vector<std::optional<std::string>>;

double number_or_nan(const std::optional<std::string>& text) {
  if (!text) return std::nan("");
  return parse_double(*text).value_or(std::nan(""));
}

std::optional<double> maybe_number(const std::optional<std::string>& text) {
  return text ? parse_double(*text) : std::nullopt;
}

int integer(const std::optional<std::string>& text) {
  return static_cast<int>(parse_int(text.value_or("0")).value_or(0));
}

EnsembleRow ensemble_from(const TextRow& r) {
  auto text = [&](std::size_t i) { return r[i].value_or(""); };
  EnsembleRow e;
  e.ensemble_id = text(0);
  e.created_at = text(1);
  e.scenario = text(2);
  e.seed_list = text(3);
  e.seed_count = integer(r[4]);
  e.start_year = integer(r[5]);
  e.end_year = integer(r[6]);
  e.headline_metric = text(7);
  e.target_growth = number_or_nan(r[8]);
  e.target_tolerance = number_or_nan(r[9]);
  e.budget = maybe_number(r[10]);
  e.config_hash = text(11);
  e.census_hash = text(12);
  e.levers_hash = text(13);
  e.seeds_hash = text(14);
  e.effective_levers_hash = text(15);
  e.engine_version = text(16);
  e.kept_run_id = r[17];
  e.command = text(18);
  e.actor = text(19);
  return e;
}

EnsembleBandRow band_from(const TextRow& r) {
  EnsembleBandRow b;
  b.scope = r[0].value_or("");
  if (r[1]) b.year = integer(r[1]);
  b.metric = r[2].value_or("");
  b.n = integer(r[3]);
  double* stats[] = {&b.mean, &b.sd, &b.se, &b.min, &b.p10, &b.p25, &b.p50, &b.p75, &b.p90, &b.max};
  for (std::size_t i = 0; i < 10; ++i) *stats[i] = number_or_nan(r[4 + i]);
  b.p_in_target = maybe_number(r[14]);
  b.p_over_budget = maybe_number(r[15]);
  return b;
}

EnsembleSeedMetricRow seed_metric_from(const TextRow& r) {
  EnsembleSeedMetricRow m;
  m.seed = static_cast<std::uint64_t>(std::stoull(r[0].value_or("0")));
  m.seed_index = integer(r[1]);
  m.year = integer(r[2]);
  for (std::size_t i = 0; i < kEnsembleMetricCount; ++i) m.metrics[i] = number_or_nan(r[3 + i]);
  m.seed_headline = number_or_nan(r[12]);
  m.seed_total_cost = number_or_nan(r[13]);
  return m;
}

}  // namespace

Status ensure_ensemble_tables(Database& db) {
  for (const char* sql : {kCreateEnsembles, kCreateSeedMetrics, kCreateBands, kCreateAttribution})
    PLANWISE_RETURN_IF_ERROR(db.execute(sql));
  return Status::success();
}

Status insert_ensemble(Database& db, const EnsembleRecord& record) {
  auto tx = Transaction::begin(db);
  if (!tx) return std::move(tx).error();
  const duckdb_connection connection = db.impl().connection;
  PLANWISE_RETURN_IF_ERROR(append_seed_metrics(connection, record));
  PLANWISE_RETURN_IF_ERROR(append_bands(connection, record));
  PLANWISE_RETURN_IF_ERROR(append_attribution(connection, record));
  // Last: a duplicate id is refused after the rows above were appended,
  // and the rollback takes them away again.
  PLANWISE_RETURN_IF_ERROR(insert_ensemble_row(db, record.ensemble));
  return tx->commit();
}

Result<std::vector<EnsembleRow>> list_ensembles(Database& db) {
  auto exists = db.has_tables({"ensembles"});
  if (!exists) return std::move(exists).error();
  std::vector<EnsembleRow> out;
  if (!*exists) return out;
  auto r = db.query(std::string("SELECT ") + kEnsembleColumns +
                    " ORDER BY created_at DESC, ensemble_id DESC");
  if (!r) return std::move(r).error();
  for (const TextRow& row : r->rows) out.push_back(ensemble_from(row));
  return out;
}

Result<EnsembleRecord> read_ensemble(Database& db, const std::string& ensemble_id,
                                     bool with_seed_metrics) {
  auto exists = db.has_tables({"ensembles"});
  if (!exists) return std::move(exists).error();
  auto not_found = [&] {
    return Error::make(ErrorKind::kNotFound,
                       "no ensemble '" + ensemble_id + "' in " + db.path() +
                           " (`planwise ensembles list` shows the stored ones)");
  };
  if (!*exists) return not_found();
  auto head = db.query(std::string("SELECT ") + kEnsembleColumns + " WHERE ensemble_id = $1",
                       {ensemble_id});
  if (!head) return std::move(head).error();
  if (head->rows.empty()) return not_found();
  EnsembleRecord out;
  out.ensemble = ensemble_from(head->rows.front());
  auto bands = db.query(kSelectBands, {ensemble_id});
  if (!bands) return std::move(bands).error();
  for (const TextRow& row : bands->rows) out.bands.push_back(band_from(row));
  auto attribution = db.query(kSelectAttribution, {ensemble_id});
  if (!attribution) return std::move(attribution).error();
  for (const TextRow& row : attribution->rows) {
    out.attribution.push_back({row[0].value_or(""), number_or_nan(row[1]), number_or_nan(row[2]),
                               number_or_nan(row[3]), number_or_nan(row[4])});
  }
  if (with_seed_metrics) {
    auto metrics = db.query(kSelectSeedMetrics, {ensemble_id});
    if (!metrics) return std::move(metrics).error();
    for (const TextRow& row : metrics->rows) out.seed_metrics.push_back(seed_metric_from(row));
  }
  return out;
}

}  // namespace planwise::store
