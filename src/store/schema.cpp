#include "store/schema.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "store/database.hpp"
#include "store/database_impl.hpp"
#include "store/ensemble_tables.hpp"
#include "store/governance_reports.hpp"
#include "store/governance_tables.hpp"
#include "store/optimization_tables.hpp"
#include "store/row_files.hpp"
#include "store/scenario_tables.hpp"
#include "store/user_tables.hpp"

namespace planwise::store {

namespace {

constexpr const char* kCreateRuns = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR PRIMARY KEY,
  run_key BIGINT NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL,
  scenario VARCHAR NOT NULL,
  seed UBIGINT NOT NULL,
  start_year INTEGER NOT NULL,
  end_year INTEGER NOT NULL,
  years INTEGER NOT NULL,
  status VARCHAR NOT NULL,
  engine_version VARCHAR NOT NULL,
  config_path VARCHAR,
  census_path VARCHAR,
  levers_path VARCHAR,
  config_sha256 VARCHAR NOT NULL,
  census_sha256 VARCHAR NOT NULL,
  levers_sha256 VARCHAR NOT NULL,
  seeds_sha256 VARCHAR NOT NULL,
  effective_levers_sha256 VARCHAR NOT NULL,
  census_rows BIGINT NOT NULL,
  baseline_active BIGINT NOT NULL,
  baseline_avg_salary DOUBLE NOT NULL,
  warning_count BIGINT NOT NULL,
  load_ms DOUBLE NOT NULL,
  simulate_ms DOUBLE NOT NULL,
  total_ms DOUBLE NOT NULL,
  year_ms VARCHAR NOT NULL,
  command VARCHAR,
  output_created_at VARCHAR NOT NULL
))sql";

constexpr const char* kCreateVersion =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMPTZ "
    "NOT NULL)";
constexpr const char* kCreateRunKeys = "CREATE SEQUENCE IF NOT EXISTS run_keys START 1";

// Issue 3: the lever store, scenarios, catalogue and the audit trail.
constexpr const char* kCreateLeverValues = R"sql(
CREATE TABLE IF NOT EXISTS lever_values (
  scenario_id VARCHAR NOT NULL,
  fiscal_year INTEGER NOT NULL,
  job_level INTEGER NOT NULL,
  event_type VARCHAR NOT NULL,
  parameter_name VARCHAR NOT NULL,
  parameter_value DOUBLE NOT NULL,
  is_locked BOOLEAN NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  updated_by VARCHAR NOT NULL,
  PRIMARY KEY (scenario_id, fiscal_year, job_level, event_type, parameter_name)
))sql";

constexpr const char* kCreateScenarios = R"sql(
CREATE TABLE IF NOT EXISTS scenarios (
  scenario_id VARCHAR PRIMARY KEY,
  description VARCHAR NOT NULL,
  base_scenario_id VARCHAR,
  created_at TIMESTAMPTZ NOT NULL,
  created_by VARCHAR NOT NULL
))sql";

constexpr const char* kCreateCatalogue = R"sql(
CREATE TABLE IF NOT EXISTS lever_catalogue (
  parameter_name VARCHAR PRIMARY KEY,
  event_type VARCHAR NOT NULL,
  unit VARCHAR NOT NULL,
  min_value DOUBLE NOT NULL,
  max_value DOUBLE NOT NULL,
  default_value VARCHAR NOT NULL,
  description VARCHAR NOT NULL
))sql";

// Append-only by convention and tamper-evident by construction: every entry
// carries the hash of the one before (levers/audit_trail.cpp).
constexpr const char* kCreateAuditLog = R"sql(
CREATE TABLE IF NOT EXISTS audit_log (
  seq BIGINT NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  event_type VARCHAR NOT NULL,
  scenario_id VARCHAR NOT NULL,
  fiscal_year INTEGER,
  job_level INTEGER,
  parameter_name VARCHAR NOT NULL,
  old_value DOUBLE,
  new_value DOUBLE,
  actor VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  details VARCHAR NOT NULL,
  prev_hash VARCHAR NOT NULL,
  entry_hash VARCHAR NOT NULL
))sql";

// The newest entry's sequence number and hash, updated with every append:
// without it, deleting the last entries would leave a shorter but valid chain.
constexpr const char* kCreateAuditHead =
    "CREATE TABLE IF NOT EXISTS audit_head (seq BIGINT NOT NULL, entry_hash VARCHAR NOT NULL)";

#define PLANWISE_AGE_BAND(year, birth)                                                \
  "CASE WHEN " year " - year(" birth ") < 25 THEN '< 25' WHEN " year " - year(" birth \
  ") < 35 THEN '25-34' "                                                              \
  "WHEN " year " - year(" birth ") < 45 THEN '35-44' WHEN " year " - year(" birth     \
  ") < 55 THEN '45-54' "                                                              \
  "WHEN " year " - year(" birth ") < 65 THEN '55-64' ELSE '65+' END"
#define PLANWISE_TENURE_BAND(year, hire)                                          \
  "CASE WHEN " year " - year(" hire ") < 2 THEN '< 2' WHEN " year " - year(" hire \
  ") < 5 THEN '2-4' "                                                             \
  "WHEN " year " - year(" hire ") < 10 THEN '5-9' WHEN " year " - year(" hire     \
  ") < 20 THEN '10-19' "                                                          \
  "ELSE '20+' END"

constexpr const char* kCreateSnapshotView =
    "CREATE OR REPLACE VIEW workforce_snapshot AS SELECT r.run_id, e.employee_id, e.employee_ssn, "
    "CAST(s.simulation_year AS BIGINT) AS simulation_year, e.birth_date AS employee_birth_date, "
    "e.hire_date AS employee_hire_date, "
    "CAST(s.simulation_year - year(e.birth_date) AS BIGINT) AS current_age, "
    "CAST(s.simulation_year - year(e.hire_date) AS BIGINT) AS current_tenure, " PLANWISE_AGE_BAND(
        "s.simulation_year", "e.birth_date") " AS age_band, " PLANWISE_TENURE_BAND("s.simulation_year", "e.hire_date")
    " AS tenure_band, CAST(s.start_level_id AS BIGINT) AS start_level_id, CAST(s.level_id AS BIGINT) AS level_id, "
    "s.start_salary, s.full_year_equivalent_compensation AS current_compensation, s.prorated_annual_compensation, "
    "s.full_year_equivalent_compensation, "
    "CASE WHEN s.status IN (0, 2) THEN 'active' ELSE 'terminated' END AS employment_status, s.termination_date, "
    "CASE s.status WHEN 1 THEN 'experienced_termination' WHEN 3 THEN 'new_hire_termination' END AS "
    "termination_reason, "
    "CASE s.status WHEN 0 THEN 'continuous_active' WHEN 1 THEN 'experienced_termination' WHEN 2 THEN "
    "'new_hire_active' ELSE 'new_hire_termination' END AS detailed_status_code, "
    "r.output_created_at AS created_at, s.employee_key "
    "FROM snapshot_rows s JOIN runs r ON r.run_key = s.run_key "
    "JOIN employees e ON e.run_key = s.run_key AND e.employee_key = s.employee_key";

constexpr const char* kCreateEventsView =
    "CREATE OR REPLACE VIEW yearly_events AS SELECT r.run_id, e.employee_id, e.employee_ssn, "
    "CAST(v.simulation_year AS BIGINT) AS simulation_year, "
    "CASE v.category WHEN 0 THEN 'hire' WHEN 3 THEN 'promotion' WHEN 4 THEN 'raise' ELSE 'termination' END AS "
    "event_type, "
    "CASE v.category WHEN 0 THEN 'hire' WHEN 1 THEN 'experienced_termination' WHEN 2 THEN 'new_hire_termination' "
    "WHEN 3 THEN 'promotion' ELSE 'merit_cola' END AS event_category, "
    "v.effective_date, CAST(v.event_sequence AS BIGINT) AS event_sequence, "
    "CASE v.category WHEN 0 THEN 'New hire - Level ' || v.level_id "
    "WHEN 3 THEN 'Level ' || v.level_id || ' -> ' || v.new_level_id "
    "WHEN 4 THEN printf('Merit: %.2f%% + COLA: %.2f%%', round(m.parameter_value * 100, 2), "
    "round(c.parameter_value * 100, 2)) "
    "WHEN 1 THEN 'experienced_termination' ELSE 'new_hire_termination' END AS event_details, "
    "v.compensation_amount, v.previous_compensation, CAST(v.level_id AS BIGINT) AS level_id, "
    "CAST(v.new_level_id AS BIGINT) AS new_level_id, "
    "CAST(v.simulation_year - year(e.birth_date) AS BIGINT) AS employee_age, "
    "CAST(v.simulation_year - year(e.hire_date) AS BIGINT) AS employee_tenure, " PLANWISE_AGE_BAND(
        "v.simulation_year", "e.birth_date") " AS age_band, " PLANWISE_TENURE_BAND("v.simulation_year", "e.hire_date")
    " AS tenure_band, v.event_probability, v.selection_weight, v.random_draw, "
    "CASE WHEN v.category = 4 THEN m.parameter_value END AS merit_rate, "
    "CASE WHEN v.category = 4 THEN c.parameter_value END AS cola_rate, "
    "CASE WHEN v.category = 3 THEN p.parameter_value END AS promotion_raise_rate, v.band_floor_applied, "
    "r.scenario AS parameter_scenario_id, "
    "CASE v.parameter_source WHEN 1 THEN 'scenario' WHEN 2 THEN 'default' WHEN 3 THEN 'seed_default' END AS "
    "parameter_source, "
    "CASE WHEN e.employee_id = '' THEN 'INVALID_EMPLOYEE_ID' "
    "WHEN v.simulation_year < r.start_year OR v.simulation_year > r.end_year THEN 'INVALID_SIMULATION_YEAR' "
    "WHEN year(v.effective_date) <> v.simulation_year THEN 'INVALID_EFFECTIVE_DATE' "
    "WHEN NOT (v.compensation_amount > 0) THEN 'INVALID_COMPENSATION' ELSE 'VALID' END AS data_quality_flag, "
    "r.output_created_at AS created_at, v.employee_key "
    "FROM event_rows v JOIN runs r ON r.run_key = v.run_key "
    "JOIN employees e ON e.run_key = v.run_key AND e.employee_key = v.employee_key "
    "LEFT JOIN effective_parameters m ON m.run_id = r.run_id AND m.fiscal_year = v.simulation_year "
    "AND m.job_level = v.level_id AND m.parameter_name = 'merit_base' "
    "LEFT JOIN effective_parameters c ON c.run_id = r.run_id AND c.fiscal_year = v.simulation_year "
    "AND c.job_level = v.level_id AND c.parameter_name = 'cola_rate' "
    "LEFT JOIN effective_parameters p ON p.run_id = r.run_id AND p.fiscal_year = v.simulation_year "
    "AND p.job_level = v.level_id AND p.parameter_name = 'promotion_raise'";

#undef PLANWISE_AGE_BAND
#undef PLANWISE_TENURE_BAND

std::string create_plain_table(const engine::TableDef& table) {
  std::string sql =
      "CREATE TABLE IF NOT EXISTS " + std::string(table.name) + " (run_id VARCHAR NOT NULL";
  for (const engine::ColumnDef& c : table.columns)
    sql += ", " + std::string(c.name) + " " + sql_type(c.type);
  return sql + ")";
}

// Issue 10 item 6: what a run was asked for beyond its inputs' hashes. A
// what-if run records its lever overrides (a JSON array of cells); a run
// past the last lever year records the years that carried it; every run
// records the growth target it was judged against. Added in place, so an
// older database gains them (NULL for its earlier runs).
constexpr const char* kRunColumns[] = {
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS what_if BOOLEAN",
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS lever_overrides VARCHAR",
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS carried_lever_years VARCHAR",
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS target_growth DOUBLE",
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS target_tolerance DOUBLE",
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS target_metric VARCHAR"};

Status ensure_run_columns(Database& db) {
  for (const char* sql : kRunColumns) PLANWISE_RETURN_IF_ERROR(db.execute(sql));
  return Status::success();
}

// Issue 11 item 4: how each audit entry's hash was made
// (levers/audit_trail.hpp). Entries already stored get 1, the legacy text
// form they were hashed in; new entries always name their format.
constexpr const char* kAuditFormatColumn =
    "ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS hash_format INTEGER DEFAULT 1";

}  // namespace

const std::vector<const engine::TableDef*>& plain_tables() {
  static const std::vector<const engine::TableDef*> kTables = {&engine::kGrowthTable,
                                                               &engine::kYearSummaryTable,
                                                               &engine::kBaselineTable,
                                                               &engine::kDuplicatesTable,
                                                               &engine::kEffectiveParametersTable,
                                                               &engine::kValidationReportTable,
                                                               &engine::kPayBudgetTable,
                                                               &engine::kHiresByLevelTable};
  return kTables;
}

const std::vector<std::string>& output_table_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names = {"yearly_events", "workforce_snapshot"};
    for (const engine::TableDef* t : plain_tables()) names.emplace_back(t->name);
    return names;
  }();
  return kNames;
}

// pay_budget too: GET /api/runs/{id}/budget reads it (issue 10), and it is
// one row per year and level; so is hires_by_level (issue 14 item 3), which
// holds what year_summary's pipe-joined column held.
bool always_stored(const std::string& table) {
  return table == "effective_parameters" || table == "pay_budget" || table == "hires_by_level";
}

const std::vector<std::string>& keyed_tables() {
  static const std::vector<std::string> kTables = {"event_rows", "snapshot_rows", "employees"};
  return kTables;
}

const char* sql_type(engine::ColumnType type) {
  switch (type) {
    case engine::ColumnType::kText:
      return "VARCHAR";
    case engine::ColumnType::kInt:
      return "BIGINT";
    case engine::ColumnType::kDouble:
      return "DOUBLE";
    case engine::ColumnType::kMoney:
      return "DOUBLE";
    case engine::ColumnType::kDate:
      return "DATE";
    case engine::ColumnType::kBool:
      return "BOOLEAN";
  }
  return "VARCHAR";
}

namespace {

// Which of the versioned tables exist, read without writing anything.
struct SchemaState {
  bool versioned = false;
  bool optimization_tables = false;
  bool user_tables = false;
  bool run_columns = false;  // issue 10's columns of `runs` (ensure_run_columns)
  bool pay_budget = false;   // the newest plain output table (issue 10)
  bool scenario_tables = false;
  bool governance_tables = false;  // issue 11
  bool audit_format = false;       // audit_log.hash_format (issue 11)
  bool ensemble_tables = false;    // issue 12
  bool hires_by_level = false;     // the long table of issue 14 item 3
  bool pipe_hires = false;         // year_summary still has its pipe-joined column
};

// Issue 13 item 4: every read-write open asks this, so it goes through
// Database::has_tables and has_column (DuckDB's table descriptions, about
// 0.05 ms a name) instead of a query of duckdb_tables() and duckdb_columns()
// (about 5 ms on a fresh connection).
Result<SchemaState> schema_state(Database& db) {
  SchemaState s;
  const std::pair<const char*, bool*> tables[] = {{"schema_version", &s.versioned},
                                                  {"optimization_runs", &s.optimization_tables},
                                                  {"users", &s.user_tables},
                                                  {"pay_budget", &s.pay_budget},
                                                  {"scenario_settings", &s.scenario_tables},
                                                  {"change_requests", &s.governance_tables},
                                                  {"ensemble_attribution", &s.ensemble_tables},
                                                  {"hires_by_level", &s.hires_by_level}};
  for (const auto& [name, flag] : tables) {
    auto has = db.has_tables({name});
    if (!has) return std::move(has).error();
    *flag = *has;
  }
  const std::tuple<const char*, const char*, bool*> columns[] = {
      {"runs", "target_metric", &s.run_columns},
      {"audit_log", "hash_format", &s.audit_format},
      {"year_summary", "hires_by_level", &s.pipe_hires}};
  for (const auto& [table, column, flag] : columns) {
    auto has = db.has_column(table, column);
    if (!has) return std::move(has).error();
    *flag = *has;
  }
  return s;
}

// The version a database records (nullopt when none is recorded yet); a
// version newer than this program's is an error.
Result<std::optional<std::string>> stored_version(Database& db) {
  auto version = db.query("SELECT max(version) FROM schema_version");
  if (!version) return std::move(version).error();
  const std::optional<std::string> v = version->rows.front().front();
  if (v && std::stoi(*v) > kSchemaVersion) {
    return Error::make(ErrorKind::kStorage, "database " + db.path() + " has schema version " + *v +
                                                ", newer than this program's " +
                                                std::to_string(kSchemaVersion));
  }
  return v;
}

}  // namespace

Status ensure_schema(Database& db) {
  // An up-to-date database is only read. Otherwise the changes are made in
  // one write transaction, which waits for any other writer of the file in
  // this process (the server's jobs) and checks the version again inside.
  auto state = schema_state(db);
  if (!state) return std::move(state).error();
  if (state->versioned && state->optimization_tables && state->user_tables && state->run_columns &&
      state->pay_budget && state->scenario_tables && state->governance_tables &&
      state->audit_format && state->ensemble_tables && state->hires_by_level &&
      !state->pipe_hires) {
    auto v = stored_version(db);
    if (!v) return std::move(v).error();
    auto optimization_current = optimization_tables_current(db);  // issue 10 columns
    if (!optimization_current) return std::move(optimization_current).error();
    // Issue 11 item 5: the report views, replaced when their definition
    // version changed.
    auto views_current = governance_report_views_current(db);
    if (!views_current) return std::move(views_current).error();
    if (*v && std::stoi(**v) == kSchemaVersion && *optimization_current && *views_current)
      return Status::success();
  }
  PLANWISE_RETURN_IF_ERROR(db.begin_transaction());
  Status status = db.execute(kCreateVersion);
  std::optional<std::string> v;
  if (status.ok()) {
    auto version = stored_version(db);
    if (version) {
      v = *version;
    } else {
      status = std::move(version).error();
    }
  }
  if (status.ok() && !v) {
    std::vector<std::string> statements = {kCreateRuns,      kCreateRunKeys,   kCreateLeverValues,
                                           kCreateScenarios, kCreateCatalogue, kCreateAuditLog,
                                           kCreateAuditHead};
    for (const std::string& t : keyed_tables()) statements.push_back(create_keyed_table_sql(t));
    for (const engine::TableDef* t : plain_tables()) statements.push_back(create_plain_table(*t));
    statements.push_back(kCreateSnapshotView);
    statements.push_back(kCreateEventsView);
    statements.push_back("INSERT INTO schema_version VALUES (" + std::to_string(kSchemaVersion) +
                         ", now())");
    for (const std::string& sql : statements) {
      if (status.ok()) status = db.execute(sql);
    }
  }
  // Tables added after version 1 are created when missing, so an older
  // database gains them on its next read-write open.
  if (status.ok()) status = ensure_optimization_tables(db);
  if (status.ok()) status = ensure_user_tables(db);
  if (status.ok()) status = ensure_run_columns(db);
  if (status.ok()) status = db.execute(kAuditFormatColumn);
  // Plain output tables added later (pay_budget, issue 10): runs stored
  // before have no rows in them, which readers report.
  for (const engine::TableDef* t : plain_tables()) {
    if (status.ok()) status = db.execute(create_plain_table(*t));
  }
  // Issue 14 item 3: year_summary's pipe-joined hires_by_level ("483|278")
  // moves into the long table, level 1 first, and the column goes.
  if (status.ok() && state->pipe_hires) {
    status = db.execute(
        "INSERT INTO hires_by_level SELECT run_id, simulation_year, "
        "CAST(generate_subscripts(parts, 1) AS BIGINT), CAST(unnest(parts) AS BIGINT) FROM "
        "(SELECT run_id, simulation_year, string_split(hires_by_level, '|') AS parts FROM "
        "year_summary y WHERE hires_by_level <> '' AND NOT EXISTS (SELECT 1 FROM hires_by_level h "
        "WHERE h.run_id = y.run_id AND h.simulation_year = y.simulation_year))");
    if (status.ok()) status = db.execute("ALTER TABLE year_summary DROP COLUMN hires_by_level");
    // schema_state asked for it: the connection must not remember it.
    db.impl().known_catalog.erase("year_summary.hires_by_level");
  }
  if (status.ok()) status = ensure_scenario_tables(db);
  if (status.ok()) status = ensure_governance_tables(db);
  if (status.ok()) status = ensure_governance_report_views(db);
  if (status.ok()) status = ensure_ensemble_tables(db);
  // An older file now has everything of this version (schema.hpp).
  if (status.ok() && v && std::stoi(*v) < kSchemaVersion) {
    status = db.execute("INSERT INTO schema_version VALUES (" + std::to_string(kSchemaVersion) +
                        ", now())");
  }
  if (!status.ok()) {
    db.rollback();
    return status;
  }
  return db.commit();
}

}  // namespace planwise::store
