#include "store/lever_tables.hpp"

#include <algorithm>

#include "common/number_text.hpp"
#include "store/governance_tables.hpp"

namespace planwise::store {

namespace {

const std::string kSelectCells =
    "SELECT scenario_id, fiscal_year, job_level, event_type, parameter_name, parameter_value, "
    "is_locked, " +
    iso_timestamp_sql("updated_at") +
    ", updated_by FROM lever_values "
    "WHERE scenario_id = $1 ORDER BY parameter_name, fiscal_year, job_level";
// Settings come from scenario_settings when the table exists (an older file
// opened read-only lacks it): defaults otherwise. The cell counts come from
// one grouped join, not two correlated subqueries, which DuckDB planned
// for 2.5 times as long as the whole query now takes (find_scenario runs on
// every lever read and write).
const std::string kSelectScenarios =
    "SELECT s.scenario_id, s.description, coalesce(s.base_scenario_id, ''), " +
    iso_timestamp_sql("s.created_at") +
    ", s.created_by, "
    "coalesce(c.cells, 0), coalesce(c.locked, 0)";
constexpr const char* kCellCounts =
    " LEFT JOIN (SELECT scenario_id, count(*) AS cells, count(*) FILTER (WHERE is_locked) AS "
    "locked FROM lever_values GROUP BY scenario_id) c USING (scenario_id)";
constexpr const char* kSettingsColumns =
    ", t.inherits, t.archived, t.target_growth, t.target_tolerance, t.target_metric";

Result<std::string> select_scenarios(Database& db) {
  auto present = scenario_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return std::string(kSelectScenarios) + " FROM scenarios s" + kCellCounts;
  return std::string(kSelectScenarios) + kSettingsColumns + " FROM scenarios s" + kCellCounts +
         " LEFT JOIN scenario_settings t USING (scenario_id)";
}

ScenarioRecord scenario_from(const std::vector<std::optional<std::string>>& r) {
  ScenarioRecord s{r[0].value_or(""),
                   r[1].value_or(""),
                   r[2].value_or(""),
                   r[3].value_or(""),
                   r[4].value_or(""),
                   std::stoll(r[5].value_or("0")),
                   std::stoll(r[6].value_or("0")),
                   {}};
  if (r.size() > 7) {
    ScenarioSettings& t = s.settings;
    t.inherits = r[7] == std::optional<std::string>("true");
    t.archived = r[8] == std::optional<std::string>("true");
    t.target.growth = parse_double(r[9].value_or("")).value_or(t.target.growth);
    t.target.tolerance = parse_double(r[10].value_or("")).value_or(t.target.tolerance);
    t.target.metric = r[11].value_or(t.target.metric);
  }
  return s;
}

}  // namespace

Result<std::vector<LeverCell>> stored_cells(Database& db, const std::string& scenario_id) {
  auto r = db.query(kSelectCells, {scenario_id});
  if (!r) return std::move(r).error();
  std::vector<LeverCell> cells;
  for (const auto& row : r->rows) {
    LeverCell c;
    c.scenario_id = row[0].value_or("");
    c.fiscal_year = std::stoi(row[1].value_or("0"));
    c.job_level = std::stoi(row[2].value_or("0"));
    c.event_type = row[3].value_or("");
    c.parameter_name = row[4].value_or("");
    c.value = parse_double(row[5].value_or("")).value_or(0.0);
    c.is_locked = row[6].value_or("") == "true";
    c.updated_at = row[7].value_or("");
    c.updated_by = row[8].value_or("");
    cells.push_back(std::move(c));
  }
  return cells;
}

Result<std::int64_t> count_cells(Database& db) {
  auto r = db.query("SELECT count(*) FROM lever_values");
  if (!r) return std::move(r).error();
  return std::stoll(*r->rows.front().front());
}

// One statement per block of cells: DuckDB checks the primary key once per
// statement, and a row-by-row upsert of a 125-cell scenario takes ~0.2 s.
Status upsert_cells(Database& db, const std::vector<LeverCell>& cells) {
  constexpr std::size_t kBlock = 100;
  constexpr int kColumns = 9;
  for (std::size_t first = 0; first < cells.size(); first += kBlock) {
    const std::size_t n = std::min(kBlock, cells.size() - first);
    std::string sql = "INSERT OR REPLACE INTO lever_values VALUES ";
    std::vector<std::string> params;
    for (std::size_t k = 0; k < n; ++k) {
      const LeverCell& c = cells[first + k];
      const int p = static_cast<int>(k) * kColumns;
      auto arg = [p](int i) { return "$" + std::to_string(p + i); };
      sql += (k ? ", (" : "(") + arg(1) + ", CAST(" + arg(2) + " AS INTEGER), CAST(" + arg(3) +
             " AS INTEGER), " + arg(4) + ", " + arg(5) + ", CAST(" + arg(6) + " AS DOUBLE), CAST(" +
             arg(7) + " AS BOOLEAN), CAST(" + arg(8) + " AS TIMESTAMPTZ), " + arg(9) + ")";
      for (const std::string& v :
           {c.scenario_id, std::to_string(c.fiscal_year), std::to_string(c.job_level), c.event_type,
            c.parameter_name, shortest_text(c.value), std::string(c.is_locked ? "true" : "false"),
            c.updated_at, c.updated_by}) {
        params.push_back(v);
      }
    }
    PLANWISE_RETURN_IF_ERROR(db.run(sql, params));
  }
  return Status::success();
}

Status delete_cells(Database& db, const std::string& scenario_id) {
  return db.run("DELETE FROM lever_values WHERE scenario_id = $1", {scenario_id});
}

Result<std::vector<ScenarioRecord>> list_scenarios(Database& db) {
  auto sql = select_scenarios(db);
  if (!sql) return std::move(sql).error();
  auto r = db.query(*sql + " ORDER BY s.created_at, s.scenario_id");
  if (!r) return std::move(r).error();
  std::vector<ScenarioRecord> out;
  for (const auto& row : r->rows) out.push_back(scenario_from(row));
  return out;
}

Result<std::optional<ScenarioRecord>> find_scenario(Database& db, const std::string& scenario_id) {
  auto sql = select_scenarios(db);
  if (!sql) return std::move(sql).error();
  auto r = db.query(*sql + " WHERE s.scenario_id = $1", {scenario_id});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return std::optional<ScenarioRecord>();
  return std::optional<ScenarioRecord>(scenario_from(r->rows.front()));
}

Result<std::optional<ScenarioLink>> find_scenario_link(Database& db,
                                                       const std::string& scenario_id) {
  auto present = scenario_tables_exist(db);
  if (!present) return std::move(present).error();
  const std::string inherits = *present ? "t.inherits" : "NULL";
  const std::string settings =
      *present ? " LEFT JOIN scenario_settings t USING (scenario_id)" : std::string();
  auto r = db.query("SELECT coalesce(s.base_scenario_id, ''), " + inherits + " FROM scenarios s" +
                        settings + " WHERE s.scenario_id = $1",
                    {scenario_id});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return std::optional<ScenarioLink>();
  // As scenario_from reads it: no settings row inherits nothing.
  const auto& row = r->rows.front();
  return std::optional<ScenarioLink>(
      ScenarioLink{row[0].value_or(""), row[1] == std::optional<std::string>("true")});
}

Status insert_scenario(Database& db, const ScenarioRecord& s) {
  return db.run(
      "INSERT INTO scenarios VALUES ($1, $2, CASE WHEN $3 = '' THEN NULL ELSE $3 END, "
      "CAST($4 AS TIMESTAMPTZ), $5)",
      {s.scenario_id, s.description, s.base_scenario_id, s.created_at, s.created_by});
}

Status rename_scenario(Database& db, const std::string& from, const std::string& to) {
  // lever_values rows are re-keyed by insert-then-delete: DuckDB does not
  // update primary-key columns in place.
  PLANWISE_RETURN_IF_ERROR(
      db.run("INSERT INTO scenarios SELECT $2, description, base_scenario_id, created_at, "
             "created_by FROM scenarios WHERE scenario_id = $1",
             {from, to}));
  PLANWISE_RETURN_IF_ERROR(
      db.run("INSERT INTO lever_values SELECT $2, fiscal_year, job_level, event_type, "
             "parameter_name, parameter_value, is_locked, updated_at, updated_by "
             "FROM lever_values WHERE scenario_id = $1",
             {from, to}));
  PLANWISE_RETURN_IF_ERROR(db.run("DELETE FROM lever_values WHERE scenario_id = $1", {from}));
  PLANWISE_RETURN_IF_ERROR(
      db.run("UPDATE scenarios SET base_scenario_id = $2 WHERE base_scenario_id = $1", {from, to}));
  PLANWISE_RETURN_IF_ERROR(rename_scenario_settings(db, from, to));
  PLANWISE_RETURN_IF_ERROR(rename_scenario_governance(db, from, to));  // issue 11
  return db.run("DELETE FROM scenarios WHERE scenario_id = $1", {from});
}

Status delete_scenario(Database& db, const std::string& scenario_id) {
  PLANWISE_RETURN_IF_ERROR(delete_cells(db, scenario_id));
  PLANWISE_RETURN_IF_ERROR(delete_scenario_settings(db, scenario_id));
  return db.run("DELETE FROM scenarios WHERE scenario_id = $1", {scenario_id});
}

Result<std::int64_t> count_runs_of(Database& db, const std::string& scenario_id) {
  auto r = db.query("SELECT count(*) FROM runs WHERE scenario = $1", {scenario_id});
  if (!r) return std::move(r).error();
  return std::stoll(*r->rows.front().front());
}

Result<std::optional<std::string>> latest_run_of(Database& db, const std::string& scenario_id) {
  auto r = db.query(
      "SELECT run_id FROM runs WHERE scenario = $1 ORDER BY created_at DESC, run_id DESC LIMIT 1",
      {scenario_id});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(*r->rows.front().front());
}

Status replace_catalogue(Database& db, const std::vector<CatalogueEntry>& entries) {
  PLANWISE_RETURN_IF_ERROR(db.execute("DELETE FROM lever_catalogue"));
  std::vector<std::vector<std::string>> rows;
  for (const CatalogueEntry& e : entries) {
    rows.push_back({e.parameter_name, e.event_type, e.unit, shortest_text(e.min_value),
                    shortest_text(e.max_value), e.default_value, e.description});
  }
  return db.execute_many(
      "INSERT INTO lever_catalogue VALUES ($1, $2, $3, CAST($4 AS DOUBLE), CAST($5 AS DOUBLE), $6, "
      "$7)",
      rows);
}

Result<std::vector<CatalogueEntry>> catalogue(Database& db) {
  auto r = db.query(
      "SELECT parameter_name, event_type, unit, min_value, max_value, default_value, description "
      "FROM lever_catalogue ORDER BY parameter_name");
  if (!r) return std::move(r).error();
  std::vector<CatalogueEntry> out;
  for (const auto& row : r->rows) {
    out.push_back({row[0].value_or(""), row[1].value_or(""), row[2].value_or(""),
                   parse_double(row[3].value_or("")).value_or(0.0),
                   parse_double(row[4].value_or("")).value_or(0.0), row[5].value_or(""),
                   row[6].value_or("")});
  }
  return out;
}

}  // namespace planwise::store
