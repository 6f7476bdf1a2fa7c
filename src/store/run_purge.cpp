#include "store/run_purge.hpp"

#include "store/database_impl.hpp"
#include "store/row_files.hpp"
#include "store/run_tables.hpp"
#include "store/schema.hpp"

namespace planwise::store {

namespace {

constexpr const char* kCreateRunPurges = R"sql(
CREATE TABLE IF NOT EXISTS run_purges (
  run_id VARCHAR PRIMARY KEY,
  purged_at TIMESTAMPTZ NOT NULL,
  purged_by VARCHAR NOT NULL,
  rows_deleted BIGINT NOT NULL
))sql";

const std::string kSelectPurge = "SELECT run_id, " + iso_timestamp_sql("purged_at") +
                                 ", purged_by, "
                                 "rows_deleted FROM run_purges WHERE run_id = $1";

constexpr const char* kInsertPurge =
    "INSERT INTO run_purges VALUES ($1, CAST($2 AS TIMESTAMPTZ), $3, CAST($4 AS BIGINT))";

// The cut-off is midnight UTC of the date, whatever the session time zone.
const std::string kSelectCandidates = R"sql(
SELECT r.run_id, )sql" + iso_timestamp_sql("r.created_at") +
                                      R"sql(, r.run_key,
  (SELECT count(*) FROM snapshot_rows s WHERE s.run_key = r.run_key)
  + (SELECT count(*) FROM event_rows v WHERE v.run_key = r.run_key)
  + (SELECT count(*) FROM employees e WHERE e.run_key = r.run_key)
  + (SELECT count(*) FROM baseline_workforce b WHERE b.run_id = r.run_id)
  + (SELECT count(*) FROM census_duplicates_audit d WHERE d.run_id = r.run_id)
FROM runs r
WHERE r.created_at < CAST($1 || ' 00:00:00+00' AS TIMESTAMPTZ))sql";

Result<bool> has_run_purges(Database& db) {
  return db.has_tables({"run_purges"});
}

}  // namespace

Result<std::optional<RunPurge>> run_purge(Database& db, const std::string& run_id) {
  auto exists = has_run_purges(db);
  if (!exists) return std::move(exists).error();
  if (!*exists) return std::optional<RunPurge>();
  auto r = db.query(kSelectPurge, {run_id});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return std::optional<RunPurge>();
  const auto& row = r->rows.front();
  return std::optional<RunPurge>(RunPurge{row[0].value_or(""), row[1].value_or(""),
                                          row[2].value_or(""), std::stoll(row[3].value_or("0"))});
}

Status check_not_purged(Database& db, const std::string& run_id, const std::string& what) {
  auto purge = run_purge(db, run_id);
  if (!purge) return std::move(purge).error();
  if (!*purge) return Status::success();
  return Error::make(ErrorKind::kNotFound, "run " + run_id + "'s employee rows were purged on " +
                                               (*purge)->purged_at.substr(0, 10) + " (by " +
                                               (*purge)->purged_by + "), so its " + what +
                                               " can no longer be read; its aggregates can");
}

Result<std::vector<PurgeCandidate>> purge_candidates(Database& db, const std::string& before) {
  auto exists = has_run_purges(db);
  if (!exists) return std::move(exists).error();
  std::string sql = kSelectCandidates;
  if (*exists) sql += " AND r.run_id NOT IN (SELECT run_id FROM run_purges)";
  auto r = db.query(sql + " ORDER BY r.created_at, r.run_id", {before});
  if (!r) return std::move(r).error();
  std::vector<PurgeCandidate> out;
  for (const auto& row : r->rows) {
    out.push_back({row[0].value_or(""), row[1].value_or(""), std::stoll(row[2].value_or("0")),
                   std::stoll(row[3].value_or("0"))});
  }
  return out;
}

Status purge_run_rows(Database& db, const PurgeCandidate& run, const std::string& purged_at,
                      const std::string& purged_by) {
  if (!db.in_transaction())
    return Error::make(ErrorKind::kInternal, "purge_run_rows called outside a transaction");
  const std::string run_key = std::to_string(run.run_key);
  for (const std::string& table : keyed_tables()) {
    PLANWISE_RETURN_IF_ERROR(
        db.run("DELETE FROM " + native_table(db, table) + " WHERE run_key = CAST($1 AS BIGINT)",
               {run_key}));
  }
  for (const engine::TableDef* t : plain_tables()) {
    const std::string name(t->name);
    if (!is_employee_level_table(name)) continue;
    PLANWISE_RETURN_IF_ERROR(
        db.run("DELETE FROM " + native_table(db, name) + " WHERE run_id = $1", {run.run_id}));
  }
  PLANWISE_RETURN_IF_ERROR(hide_purged_row_files(db.impl().row_files, run.run_key));
  PLANWISE_RETURN_IF_ERROR(db.execute(kCreateRunPurges));
  return db.run(kInsertPurge, {run.run_id, purged_at, purged_by, std::to_string(run.rows)});
}

void finish_purged_row_files(Database& db, const PurgeCandidate& run, bool committed) {
  finish_purged_row_files(db.impl().row_files, run.run_key, committed);
}

}  // namespace planwise::store
