// Issue 10 items 1, 3, 4: scenario settings, budget caps and the latest
// run's headline. Plain reads and writes; the rules live in levers/.
#include "store/scenario_tables.hpp"

#include "common/number_text.hpp"

namespace planwise::store {

namespace {

constexpr const char* kCreateSettings = R"sql(
CREATE TABLE IF NOT EXISTS scenario_settings (
  scenario_id VARCHAR PRIMARY KEY,
  inherits BOOLEAN NOT NULL,
  archived BOOLEAN NOT NULL,
  target_growth DOUBLE NOT NULL,
  target_tolerance DOUBLE NOT NULL,
  target_metric VARCHAR NOT NULL
))sql";

constexpr const char* kCreateCaps = R"sql(
CREATE TABLE IF NOT EXISTS scenario_budget_caps (
  scenario_id VARCHAR NOT NULL,
  fiscal_year INTEGER NOT NULL,
  pool VARCHAR NOT NULL,
  amount DOUBLE NOT NULL,
  PRIMARY KEY (scenario_id, fiscal_year, pool)
))sql";

// Active members at year end (engine StatusCode 0 continuous_active,
// 2 new_hire_active): the run-rate payroll of docs/model.md.
const std::string kLastRun =
    "SELECT r.run_id, " + iso_timestamp_sql("r.created_at") +
    ", {what_if}, "
    "(SELECT avg(y.avg_comp_growth) FROM year_summary y WHERE y.run_id = r.run_id), "
    "(SELECT y.end_headcount FROM year_summary y WHERE y.run_id = r.run_id "
    "ORDER BY y.simulation_year DESC LIMIT 1), "
    "(SELECT sum(s.full_year_equivalent_compensation) FROM snapshot_rows s "
    "WHERE s.run_key = r.run_key AND s.simulation_year = r.end_year AND s.status IN (0, 2)) "
    "FROM runs r WHERE r.scenario = $1 ORDER BY r.created_at DESC, r.run_id DESC LIMIT 1";

}  // namespace

Status ensure_scenario_tables(Database& db) {
  PLANWISE_RETURN_IF_ERROR(db.execute(kCreateSettings));
  return db.execute(kCreateCaps);
}

Result<bool> scenario_tables_exist(Database& db) {
  return db.has_tables({"scenario_settings", "scenario_budget_caps"});
}

Result<ScenarioSettings> scenario_settings(Database& db, const std::string& scenario_id) {
  ScenarioSettings s;
  auto present = scenario_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return s;
  auto r = db.query(
      "SELECT inherits, archived, target_growth, target_tolerance, target_metric FROM "
      "scenario_settings WHERE scenario_id = $1",
      {scenario_id});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return s;
  const auto& row = r->rows.front();
  s.inherits = row[0] == std::optional<std::string>("true");
  s.archived = row[1] == std::optional<std::string>("true");
  s.target.growth = parse_double(row[2].value_or("")).value_or(s.target.growth);
  s.target.tolerance = parse_double(row[3].value_or("")).value_or(s.target.tolerance);
  s.target.metric = row[4].value_or(s.target.metric);
  return s;
}

Status write_scenario_settings(Database& db, const std::string& scenario_id,
                               const ScenarioSettings& s) {
  return db.run(
      "INSERT OR REPLACE INTO scenario_settings VALUES ($1, CAST($2 AS BOOLEAN), CAST($3 AS "
      "BOOLEAN), CAST($4 AS DOUBLE), CAST($5 AS DOUBLE), $6)",
      {scenario_id, s.inherits ? "true" : "false", s.archived ? "true" : "false",
       shortest_text(s.target.growth), shortest_text(s.target.tolerance), s.target.metric});
}

Result<std::vector<BudgetCap>> budget_caps(Database& db, const std::string& scenario_id) {
  std::vector<BudgetCap> out;
  auto present = scenario_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return out;
  auto r = db.query(
      "SELECT fiscal_year, pool, amount FROM scenario_budget_caps WHERE scenario_id = $1 "
      "ORDER BY fiscal_year, CASE pool WHEN 'merit' THEN 0 WHEN 'cola' THEN 1 WHEN 'promotion' "
      "THEN 2 ELSE 3 END",
      {scenario_id});
  if (!r) return std::move(r).error();
  for (const auto& row : r->rows) {
    out.push_back({static_cast<int>(parse_int(row[0].value_or("0")).value_or(0)),
                   row[1].value_or(""), parse_double(row[2].value_or("")).value_or(0.0)});
  }
  return out;
}

Status replace_budget_caps(Database& db, const std::string& scenario_id,
                           const std::vector<BudgetCap>& caps) {
  PLANWISE_RETURN_IF_ERROR(
      db.run("DELETE FROM scenario_budget_caps WHERE scenario_id = $1", {scenario_id}));
  std::vector<std::vector<std::string>> rows;
  for (const BudgetCap& c : caps)
    rows.push_back({scenario_id, std::to_string(c.year), c.pool, shortest_text(c.amount)});
  if (rows.empty()) return Status::success();
  return db.execute_many(
      "INSERT INTO scenario_budget_caps VALUES ($1, CAST($2 AS INTEGER), $3, CAST($4 AS DOUBLE))",
      rows);
}

Status rename_scenario_settings(Database& db, const std::string& from, const std::string& to) {
  auto present = scenario_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return Status::success();
  // Insert-then-delete: DuckDB does not update primary-key columns in place.
  for (const char* table : {"scenario_settings", "scenario_budget_caps"}) {
    const std::string t = table;
    PLANWISE_RETURN_IF_ERROR(db.run("INSERT INTO " + t +
                                        " SELECT * REPLACE ($2 AS scenario_id) FROM " + t +
                                        " WHERE scenario_id = $1",
                                    {from, to}));
    PLANWISE_RETURN_IF_ERROR(db.run("DELETE FROM " + t + " WHERE scenario_id = $1", {from}));
  }
  return Status::success();
}

Status delete_scenario_settings(Database& db, const std::string& scenario_id) {
  auto present = scenario_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return Status::success();
  PLANWISE_RETURN_IF_ERROR(
      db.run("DELETE FROM scenario_settings WHERE scenario_id = $1", {scenario_id}));
  return db.run("DELETE FROM scenario_budget_caps WHERE scenario_id = $1", {scenario_id});
}

Result<std::vector<std::string>> inheritors_of(Database& db, const std::string& scenario_id) {
  std::vector<std::string> out;
  auto present = scenario_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return out;
  auto r = db.query(
      "SELECT s.scenario_id FROM scenarios s JOIN scenario_settings t USING (scenario_id) "
      "WHERE s.base_scenario_id = $1 AND t.inherits ORDER BY s.scenario_id",
      {scenario_id});
  if (!r) return std::move(r).error();
  for (const auto& row : r->rows) out.push_back(row[0].value_or(""));
  return out;
}

Result<std::optional<LastRun>> last_run_of(Database& db, const std::string& scenario_id) {
  // runs.what_if is added by the runs of issue 10 item 6; older files lack it.
  auto has_what_if = db.has_column("runs", "what_if");
  if (!has_what_if) return std::move(has_what_if).error();
  std::string sql = kLastRun;
  const std::string slot = "{what_if}";
  sql.replace(sql.find(slot), slot.size(), *has_what_if ? "coalesce(r.what_if, false)" : "false");
  auto r = db.query(sql, {scenario_id});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return std::optional<LastRun>();
  const auto& row = r->rows.front();
  LastRun out;
  out.run_id = row[0].value_or("");
  out.created_at = row[1].value_or("");
  out.what_if = row[2] == std::optional<std::string>("true");
  if (row[3]) out.mean_growth = parse_double(*row[3]);
  if (row[4]) out.final_headcount = parse_int(*row[4]);
  if (row[5]) out.run_rate_payroll_fye = parse_double(*row[5]);
  return std::optional<LastRun>(out);
}

}  // namespace planwise::store
