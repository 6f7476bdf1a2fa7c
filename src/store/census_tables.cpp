#include "store/census_tables.hpp"

namespace planwise::store {

namespace {

constexpr const char* kCreateCensuses = R"sql(
CREATE TABLE IF NOT EXISTS censuses (
  sha256 VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL UNIQUE,
  source_name VARCHAR NOT NULL,
  rows_total BIGINT NOT NULL,
  active BIGINT NOT NULL,
  terminated BIGINT NOT NULL,
  excluded BIGINT NOT NULL,
  map_yaml VARCHAR NOT NULL,
  imported_at TIMESTAMPTZ NOT NULL,
  imported_by VARCHAR NOT NULL
))sql";

const std::string kSelectCensuses =
    "SELECT sha256, name, source_name, rows_total, active, terminated, excluded, map_yaml, " +
    iso_timestamp_sql("imported_at") + ", imported_by FROM censuses";

constexpr const char* kInsertCensus =
    "INSERT INTO censuses VALUES ($1, $2, $3, CAST($4 AS BIGINT), CAST($5 AS BIGINT), "
    "CAST($6 AS BIGINT), CAST($7 AS BIGINT), $8, CAST($9 AS TIMESTAMPTZ), $10)";

CensusRow census_from(const std::vector<std::optional<std::string>>& r) {
  auto number = [](const std::optional<std::string>& v) { return std::stoll(v.value_or("0")); };
  CensusRow c;
  c.sha256 = r[0].value_or("");
  c.name = r[1].value_or("");
  c.source_name = r[2].value_or("");
  c.rows_total = number(r[3]);
  c.active = number(r[4]);
  c.terminated = number(r[5]);
  c.excluded = number(r[6]);
  c.map_yaml = r[7].value_or("");
  c.imported_at = r[8].value_or("");
  c.imported_by = r[9].value_or("");
  return c;
}

Result<bool> table_exists(Database& db) {
  return db.has_tables({"censuses"});
}

}  // namespace

Status ensure_census_tables(Database& db) {
  return db.execute(kCreateCensuses);
}

Result<std::vector<CensusRow>> census_rows(Database& db) {
  auto exists = table_exists(db);
  if (!exists) return std::move(exists).error();
  std::vector<CensusRow> out;
  if (!*exists) return out;
  auto r = db.query(std::string(kSelectCensuses) + " ORDER BY imported_at DESC, name");
  if (!r) return std::move(r).error();
  for (const auto& row : r->rows) out.push_back(census_from(row));
  return out;
}

Result<std::optional<CensusRow>> find_census_row(Database& db, const std::string& sha256,
                                                 const std::string& name) {
  auto exists = table_exists(db);
  if (!exists) return std::move(exists).error();
  if (!*exists) return std::optional<CensusRow>();
  auto r = db.query(std::string(kSelectCensuses) + " WHERE sha256 = $1 OR name = $2 LIMIT 1",
                    {sha256, name});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return std::optional<CensusRow>();
  return std::optional<CensusRow>(census_from(r->rows.front()));
}

Status insert_census(Database& db, const CensusRow& c) {
  auto r = db.query(kInsertCensus,
                    {c.sha256, c.name, c.source_name, std::to_string(c.rows_total),
                     std::to_string(c.active), std::to_string(c.terminated),
                     std::to_string(c.excluded), c.map_yaml, c.imported_at, c.imported_by});
  if (!r) return std::move(r).error();
  return Status::success();
}

}  // namespace planwise::store
