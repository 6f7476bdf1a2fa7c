#include "store/schema.hpp"

#include "store/database.hpp"

namespace planwise::store {

namespace {

constexpr const char* kCreateRuns = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR PRIMARY KEY,
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
  command VARCHAR
))sql";

constexpr const char* kCreateVersion =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL)";

std::string create_output_table(const engine::TableDef& table) {
  std::string sql = "CREATE TABLE IF NOT EXISTS " + std::string(table.name) + " (run_id VARCHAR NOT NULL";
  for (const engine::ColumnDef& c : table.columns) {
    sql += ", " + std::string(c.name) + " " + sql_type(c.type);
  }
  return sql + ")";
}

}  // namespace

const std::vector<const engine::TableDef*>& stored_tables() {
  static const std::vector<const engine::TableDef*> kTables = {
      &engine::kYearlyEventsTable,       &engine::kSnapshotTable,     &engine::kGrowthTable,
      &engine::kYearSummaryTable,        &engine::kBaselineTable,     &engine::kDuplicatesTable,
      &engine::kEffectiveParametersTable, &engine::kValidationReportTable};
  return kTables;
}

const char* sql_type(engine::ColumnType type) {
  switch (type) {
    case engine::ColumnType::kText: return "VARCHAR";
    case engine::ColumnType::kInt: return "BIGINT";
    case engine::ColumnType::kDouble: return "DOUBLE";
    case engine::ColumnType::kMoney: return "DOUBLE";
    case engine::ColumnType::kDate: return "DATE";
    case engine::ColumnType::kBool: return "BOOLEAN";
  }
  return "VARCHAR";
}

Status ensure_schema(Database& db) {
  PLANWISE_RETURN_IF_ERROR(db.execute(kCreateVersion));
  auto version = db.query("SELECT max(version) FROM schema_version");
  if (!version) return std::move(version).error();
  const auto& v = version->rows.front().front();
  if (v && std::stoi(*v) > kSchemaVersion) {
    return Error::make(ErrorKind::kStorage, "database " + db.path() + " has schema version " + *v +
                                                ", newer than this program's " + std::to_string(kSchemaVersion));
  }
  if (v) return Status::success();  // current: nothing to migrate yet
  PLANWISE_RETURN_IF_ERROR(db.execute("BEGIN TRANSACTION"));
  Status status = db.execute(kCreateRuns);
  for (const engine::TableDef* t : stored_tables()) {
    if (status.ok()) status = db.execute(create_output_table(*t));
  }
  if (status.ok()) {
    status = db.execute("INSERT INTO schema_version VALUES (" + std::to_string(kSchemaVersion) + ", now())");
  }
  if (!status.ok()) {
    (void)db.execute("ROLLBACK");
    return status;
  }
  return db.execute("COMMIT");
}

}  // namespace planwise::store
