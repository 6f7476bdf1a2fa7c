#include "store/run_tables.hpp"

#include "engine/output_schema.hpp"
#include "store/schema.hpp"

namespace planwise::store {

namespace {

// Masks an SSN column (see PersonalData). A value with exactly nine digits
// is SSN-shaped whatever its separators or prefix: 123-45-6789, 123456789
// and the census's SSN-123456789 keep their last four digits.
constexpr const char* kMaskedSsn =
    "CASE WHEN employee_ssn IS NULL THEN NULL "
    "WHEN length(regexp_replace(employee_ssn, '[^0-9]', '', 'g')) = 9 "
    "THEN '***-**-' || right(regexp_replace(employee_ssn, '[^0-9]', '', 'g'), 4) "
    "ELSE '***-**-****' END AS employee_ssn";
constexpr const char* kBirthYear =
    "CAST(year(employee_birth_date) AS BIGINT) AS employee_birth_year";

const engine::TableDef* table_def(const std::string& table) {
  if (table == engine::kYearlyEventsTable.name) return &engine::kYearlyEventsTable;
  if (table == engine::kSnapshotTable.name) return &engine::kSnapshotTable;
  for (const engine::TableDef* t : plain_tables()) {
    if (table == t->name) return t;
  }
  return nullptr;
}

std::string order_by(const std::string& table) {
  if (table == "yearly_events") return "simulation_year, employee_key, event_sequence";
  if (table == "workforce_snapshot") return "simulation_year, employee_key";
  const bool has_year = table == "compensation_growth" || table == "year_summary";
  return has_year ? "simulation_year, rowid" : "rowid";
}

}  // namespace

bool is_employee_level_table(const std::string& table) {
  const engine::TableDef* def = table_def(table);
  if (def == nullptr) return false;
  for (const engine::ColumnDef& c : def->columns) {
    if (c.name == "employee_id") return true;
  }
  return false;
}

std::string run_table_select(const std::string& table, PersonalData personal,
                             const std::string& created_at) {
  const engine::TableDef* def = table_def(table);
  std::string columns;
  for (const engine::ColumnDef& c : def->columns) {
    if (!columns.empty()) columns += ", ";
    if (personal == PersonalData::kMasked && c.name == "employee_ssn") {
      columns += kMaskedSsn;
    } else if (personal == PersonalData::kMasked && c.name == "employee_birth_date") {
      columns += kBirthYear;
    } else if (!created_at.empty() && c.name == "created_at") {
      columns += sql_literal(created_at) + " AS created_at";
    } else {
      columns += c.name;
    }
  }
  return "SELECT " + columns + " FROM " + table + " WHERE run_id = $1 ORDER BY " + order_by(table);
}

namespace {

// A table added by a later version (pay_budget, hires_by_level) is created
// on the database's next read-write open; read-only commands on a database
// no newer program has written yet say so instead of DuckDB's catalog error.
Error missing_table_error(const Database& db, const std::string& table, Error error) {
  if (error.message.find("Catalog Error") == std::string::npos ||
      error.message.find(table) == std::string::npos)
    return error;
  return Error::make(ErrorKind::kStorage,
                     "database " + db.path() + " has no " + table +
                         " table yet: it was last written by an older planwise. Open it once "
                         "read-write (planwise simulate, planwise serve or any levers change) "
                         "to bring it up to date");
}

}  // namespace

Result<TextResult> run_table(Database& db, const std::string& run_id, const std::string& table,
                             PersonalData personal, const std::string& created_at) {
  if (table_def(table) == nullptr)
    return Error::make(ErrorKind::kNotFound, "no stored table named " + table);
  auto rows = db.query(run_table_select(table, personal, created_at), {run_id});
  if (!rows) return missing_table_error(db, table, std::move(rows).error());
  return rows;
}

Status stream_run_table(Database& db, const std::string& run_id, const std::string& table,
                        PersonalData personal,
                        const std::function<bool(const std::vector<std::string>&)>& on_columns,
                        const std::function<bool(const TextChunk&)>& on_chunk,
                        const std::string& created_at) {
  if (table_def(table) == nullptr)
    return Error::make(ErrorKind::kNotFound, "no stored table named " + table);
  Status streamed = db.query_chunks(run_table_select(table, personal, created_at), {run_id},
                                    on_columns, on_chunk);
  if (!streamed.ok()) return missing_table_error(db, table, streamed.error());
  return streamed;
}

}  // namespace planwise::store
