// A run's row-level tables as Parquet files (store/row_files.hpp).
#include "store/row_files.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <system_error>

#include "store/database_impl.hpp"
#include "store/governance_reports.hpp"
#include "store/run_tables.hpp"
#include "store/schema.hpp"

namespace planwise::store {

namespace {

constexpr const char* kEmptyFile = "empty.parquet";

// A purged run's employee-level file, renamed inside the purge's transaction
// so that no view reads it (the glob takes *.parquet), and removed after its
// commit (run_purge.hpp).
constexpr std::string_view kPurgedSuffix = ".purged";

bool is_hidden(const std::string& name) {
  return name.size() > kPurgedSuffix.size() &&
         name.compare(name.size() - kPurgedSuffix.size(), kPurgedSuffix.size(), kPurgedSuffix) == 0;
}

// run_<key>.parquet (or a hidden one) -> key; -1 for any other name.
std::int64_t run_key_of(std::string name) {
  if (is_hidden(name)) name.resize(name.size() - kPurgedSuffix.size());
  constexpr std::string_view kPrefix = "run_";
  constexpr std::string_view kSuffix = ".parquet";
  if (name.size() <= kPrefix.size() + kSuffix.size() || name.rfind(kPrefix, 0) != 0 ||
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
    return -1;
  std::int64_t key = 0;
  for (std::size_t i = kPrefix.size(); i < name.size() - kSuffix.size(); ++i) {
    if (name[i] < '0' || name[i] > '9' || key > (INT64_MAX - 9) / 10) return -1;
    key = key * 10 + (name[i] - '0');
  }
  return key;
}

bool is_keyed_table(const std::string& table) {
  const auto& keyed = keyed_tables();
  return std::find(keyed.begin(), keyed.end(), table) != keyed.end();
}

// What a purge deletes (run_purge.cpp): the keyed tables and the output
// tables with an employee_id.
bool is_employee_level(const std::string& table) {
  return is_keyed_table(table) || is_employee_level_table(table);
}

// A writer's unfinished file (parquet_writer.hpp).
bool is_temporary(const std::string& name) {
  return name.find(".tmp-") != std::string::npos;
}

// The entries of a folder; none when it cannot be read.
std::vector<std::filesystem::path> files_in(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    files.push_back(it->path());
  return files;
}

Status make_empty_file(const std::filesystem::path& folder, const std::string& table) {
  auto writer = ParquetWriter::create(folder / kEmptyFile, row_file_schema(table));
  if (!writer) return std::move(writer).error();
  return (*writer)->finish();
}

}  // namespace

const std::vector<std::string>& row_file_tables() {
  static const std::vector<std::string> kTables = [] {
    std::vector<std::string> tables = keyed_tables();
    for (const engine::TableDef* t : plain_tables()) tables.emplace_back(t->name);
    return tables;
  }();
  return kTables;
}

// The keyed tables' columns, as the database's tables and the files have
// them. employee_key is EmployeeRef's bits: census rows in id order, then
// hires by (year, seq), so ordering by it is the spec's employee order
// (§5.0). Snapshot status: 0 continuous_active, 1 experienced_termination,
// 2 new_hire_active, 3 new_hire_termination (engine StatusCode). Event
// category: 0 hire, 1 experienced_termination, 2 new_hire_termination,
// 3 promotion, 4 merit_cola (engine EventCategory); parameter_source: 1
// scenario, 2 default, 3 seed_default (engine ParamSource).
std::vector<ParquetColumn> row_file_schema(const std::string& table) {
  using K = ParquetKind;
  if (table == "employees") {
    return {{"run_key", K::kBigint, false},      {"employee_key", K::kUbigint, false},
            {"employee_id", K::kVarchar, false}, {"employee_ssn", K::kVarchar, false},
            {"birth_date", K::kDate, false},     {"hire_date", K::kDate, false}};
  }
  if (table == "snapshot_rows") {
    return {{"run_key", K::kBigint, false},
            {"employee_key", K::kUbigint, false},
            {"simulation_year", K::kSmallint, false},
            {"start_level_id", K::kUtinyint, false},
            {"level_id", K::kUtinyint, false},
            {"start_salary", K::kDouble, false},
            {"prorated_annual_compensation", K::kDouble, false},
            {"full_year_equivalent_compensation", K::kDouble, false},
            {"status", K::kUtinyint, false},
            {"termination_date", K::kDate, true}};
  }
  if (table == "event_rows") {
    return {{"run_key", K::kBigint, false},
            {"employee_key", K::kUbigint, false},
            {"simulation_year", K::kSmallint, false},
            {"category", K::kUtinyint, false},
            {"effective_date", K::kDate, false},
            {"event_sequence", K::kUtinyint, false},
            {"compensation_amount", K::kDouble, false},
            {"previous_compensation", K::kDouble, true},
            {"level_id", K::kUtinyint, false},
            {"new_level_id", K::kUtinyint, false},
            {"event_probability", K::kDouble, true},
            {"selection_weight", K::kDouble, true},
            {"random_draw", K::kDouble, true},
            {"band_floor_applied", K::kBoolean, true},
            {"parameter_source", K::kUtinyint, true}};
  }
  for (const engine::TableDef* t : plain_tables()) {
    if (table == t->name) return ParquetCellWriter::schema_of(*t);
  }
  return {};
}

namespace {

// Each kind's DuckDB type, as the appender and the DDL name it: one list,
// in ParquetKind's order.
struct KindType {
  ParquetKind kind;
  duckdb_type type;
  const char* sql;
};
constexpr KindType kKindTypes[] = {
    {ParquetKind::kBigint, DUCKDB_TYPE_BIGINT, "BIGINT"},
    {ParquetKind::kUbigint, DUCKDB_TYPE_UBIGINT, "UBIGINT"},
    {ParquetKind::kSmallint, DUCKDB_TYPE_SMALLINT, "SMALLINT"},
    {ParquetKind::kUtinyint, DUCKDB_TYPE_UTINYINT, "UTINYINT"},
    {ParquetKind::kDouble, DUCKDB_TYPE_DOUBLE, "DOUBLE"},
    {ParquetKind::kDate, DUCKDB_TYPE_DATE, "DATE"},
    {ParquetKind::kBoolean, DUCKDB_TYPE_BOOLEAN, "BOOLEAN"},
    {ParquetKind::kVarchar, DUCKDB_TYPE_VARCHAR, "VARCHAR"},
};

constexpr bool in_kind_order() {
  for (std::size_t i = 0; i < std::size(kKindTypes); ++i) {
    if (static_cast<std::size_t>(kKindTypes[i].kind) != i) return false;
  }
  return std::size(kKindTypes) == static_cast<std::size_t>(ParquetKind::kVarchar) + 1;
}
static_assert(in_kind_order(), "kKindTypes lists every ParquetKind, in order");

const KindType& kind_type(ParquetKind kind) {
  return kKindTypes[static_cast<std::size_t>(kind)];
}

}  // namespace

duckdb_type duckdb_type_of(ParquetKind kind) {
  return kind_type(kind).type;
}

std::string create_keyed_table_sql(const std::string& table) {
  std::string sql = "CREATE TABLE IF NOT EXISTS " + table + " (";
  const char* separator = "\n  ";
  for (const ParquetColumn& c : row_file_schema(table)) {
    sql += separator + c.name + " " + kind_type(c.kind).sql + (c.nullable ? "" : " NOT NULL");
    separator = ",\n  ";
  }
  return sql + "\n)";
}

std::filesystem::path row_files_dir(const std::string& db_path, OpenMode mode) {
  if (db_path == ":memory:" || mode == OpenMode::kScratch) return {};
  // Resolved as the instance cache resolves it (database.cpp), so a store
  // reached through a symbolic link has one folder.
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::weakly_canonical(db_path, ec);
  if (ec) absolute = std::filesystem::absolute(db_path, ec);
  if (ec) absolute = db_path;
  absolute += ".rows";
  return absolute.lexically_normal();
}

std::filesystem::path run_row_file(const std::filesystem::path& dir, const std::string& table,
                                   std::int64_t run_key) {
  return dir / table / ("run_" + std::to_string(run_key) + ".parquet");
}

Status attach_row_files(Database& db) {
  Database::Impl& impl = db.impl();
  const std::filesystem::path dir = row_files_dir(db.path(), db.mode());
  // The views read the folder through a glob: a path with glob characters
  // would match other folders, so such a store keeps its runs in its tables.
  if (dir.empty() || dir.string().find_first_of("*?[]{}") != std::string::npos)
    return Status::success();
  std::error_code ec;
  if (db.mode() == OpenMode::kReadWrite) {
    // When the folders cannot be made (a full disk, a read-only folder),
    // this open stores runs in the database's tables, as before the files;
    // the open itself, and every write that fits, still succeed.
    for (const std::string& table : row_file_tables()) {
      const std::filesystem::path folder = dir / table;
      if (std::filesystem::exists(folder / kEmptyFile, ec)) continue;
      std::filesystem::create_directories(folder, ec);
      if (ec || !make_empty_file(folder, table).ok()) break;
    }
  }
  // A view for each table whose folder is in place; runs are written as
  // files only when every folder is.
  std::vector<std::string> present;
  for (const std::string& table : row_file_tables()) {
    if (std::filesystem::exists(dir / table / kEmptyFile, ec)) present.push_back(table);
  }
  if (present.empty()) return Status::success();
  auto catalog = db.query("SELECT current_database()");
  if (!catalog) return std::move(catalog).error();
  impl.catalog = catalog->rows.front().front().value_or("");
  if (db.mode() == OpenMode::kQueryOnly) {
    PLANWISE_RETURN_IF_ERROR(
        db.execute("SET GLOBAL allowed_directories = [" + sql_literal(dir.string() + "/") + "]"));
  }
  // Only files of committed runs: a run killed between its files' rename and
  // its commit leaves files no run names until the next read-write open
  // removes them, and no reader sees them meanwhile. The output tables are
  // read in the order they were written (ORDER BY rowid, run_tables.cpp):
  // within a run, its file's row numbers.
  const std::string runs = native_table(db, "runs");
  std::vector<std::string> views;
  for (const std::string& table : present) {
    // A table the database lacks (a store damaged by hand) gets no view:
    // reading it fails as it would have, and no run is written as files.
    if (look_up_catalog_entry(impl.connection, table, nullptr) != CatalogEntry::kTable) continue;
    const std::string glob = sql_literal((dir / table / "*.parquet").string());
    const std::string native = native_table(db, table);
    const std::string sql =
        is_keyed_table(table)
            ? "SELECT * FROM " + native + " UNION ALL BY NAME SELECT * FROM read_parquet(" + glob +
                  ", hive_partitioning = false) WHERE run_key IN (SELECT run_key FROM " + runs + ")"
            : "SELECT *, rowid FROM " + native +
                  " UNION ALL BY NAME SELECT * EXCLUDE (file_row_number), file_row_number AS "
                  "rowid FROM read_parquet(" +
                  glob +
                  ", file_row_number = true, hive_partitioning = false) WHERE run_id IN (SELECT "
                  "run_id FROM " +
                  runs + ")";
    views.push_back("CREATE OR REPLACE TEMP VIEW " + table + " AS " + sql);
  }
  const bool complete = views.size() == row_file_tables().size();
  impl.pending_views = std::move(views);
  // A query-only open makes its views now, before its sandbox is locked;
  // any other connection when a statement first names a run table (about
  // 7 ms for the eleven: a command that only writes a run never pays it).
  if (db.mode() == OpenMode::kQueryOnly) PLANWISE_RETURN_IF_ERROR(create_pending_row_views(db));
  if (!complete) return Status::success();
  impl.row_files = dir;
  return Status::success();
}

namespace {

// The names whose statements read the run tables: the tables, and the
// database's views over them (schema.cpp, governance_reports.cpp).
const std::vector<std::string>& names_over_run_tables() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names = row_file_tables();
    names.insert(names.end(), {"workforce_snapshot", "yearly_events"});
    for (const GovernanceReportView& v : governance_report_views()) names.emplace_back(v.name);
    return names;
  }();
  return kNames;
}

}  // namespace

Status create_pending_row_views(Database& db) {
  Database::Impl& impl = db.impl();
  std::vector<std::string> views = std::move(impl.pending_views);
  impl.pending_views.clear();
  std::vector<std::string> made;
  std::vector<std::string> left;
  Status status;
  for (std::string& sql : views) {
    // A view that cannot be made (an I/O error on its folder) stays pending
    // and fails the statement that needed it, which would otherwise read
    // the database's table alone, without the runs stored as files.
    if (status.ok()) status = db.execute(sql);
    (status.ok() ? made : left).push_back(std::move(sql));
  }
  impl.pending_views = std::move(left);
  // A rollback of the write transaction they were made in takes them away.
  if (db.in_transaction()) {
    impl.views_in_transaction.insert(impl.views_in_transaction.end(), made.begin(), made.end());
  }
  if (!status.ok()) {
    return Error::make(ErrorKind::kStorage, "cannot make the views over the run files of " +
                                                db.path() + ": " + status.error().message);
  }
  return Status::success();
}

void settle_row_views(Database& db, bool committed) {
  Database::Impl& impl = db.impl();
  if (!committed) {
    impl.pending_views.insert(impl.pending_views.end(), impl.views_in_transaction.begin(),
                              impl.views_in_transaction.end());
  }
  impl.views_in_transaction.clear();
}

Status create_row_views_for(Database& db, const std::string& sql) {
  if (db.impl().pending_views.empty()) return Status::success();
  std::string lower = sql;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const std::string& name : names_over_run_tables()) {
    if (lower.find(name) != std::string::npos) return create_pending_row_views(db);
  }
  return Status::success();
}

std::string native_table(Database& db, const std::string& table) {
  const std::string& catalog = db.impl().catalog;
  return catalog.empty() ? table : sql_identifier(catalog) + ".main." + table;
}

void clean_orphan_row_files(duckdb_database instance, const std::string& path) {
  const std::filesystem::path dir = row_files_dir(path, OpenMode::kReadWrite);
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return;
  duckdb_connection connection = nullptr;
  if (duckdb_connect(instance, &connection) != DuckDBSuccess) return;
  // Every run's key, and whether it was purged: a purged run keeps its row
  // in runs and its aggregates, not its employee-level rows (run_purge.hpp).
  // A database never purged has no run_purges, which the catalogue is asked
  // about first (a query that fails on a missing table costs about 7 ms,
  // catalog_lookup.cpp). When it can say neither, the files are left alone:
  // a purged run's set-aside files must not be put back for want of it.
  std::map<std::int64_t, bool> purged;
  bool known = false;
  const CatalogEntry purges = look_up_catalog_entry(connection, "run_purges", nullptr);
  const char* sql = purges == CatalogEntry::kTable
                        ? "SELECT run_key, run_id IN (SELECT run_id FROM run_purges) FROM runs"
                        : "SELECT run_key, false FROM runs";
  ResultHandle result;
  if ((purges == CatalogEntry::kTable || purges == CatalogEntry::kAbsent) &&
      duckdb_query(connection, sql, result.get()) == DuckDBSuccess) {
    known = true;
    const idx_t rows = duckdb_row_count(result.get());
    for (idx_t r = 0; r < rows; ++r)
      purged[duckdb_value_int64(result.get(), 0, r)] = duckdb_value_boolean(result.get(), 1, r);
  }
  duckdb_disconnect(&connection);
  // Without the runs table nothing can be told apart: leave the files.
  if (!known) return;
  for (const std::string& table : row_file_tables()) {
    for (const std::filesystem::path& file : files_in(dir / table)) {
      const std::string name = file.filename().string();
      const std::int64_t key = run_key_of(name);
      const auto run = purged.find(key);
      if (key >= 0 && is_hidden(name) && run != purged.end() && !run->second) {
        // A purge that did not commit: the run keeps its rows.
        std::filesystem::path shown = file;
        shown.replace_extension();
        std::filesystem::rename(file, shown, ec);
        continue;
      }
      const bool orphan = key >= 0 ? run == purged.end() || is_hidden(name) ||
                                         (run->second && is_employee_level(table))
                                   : is_temporary(name);
      if (orphan) std::filesystem::remove(file, ec);
    }
  }
}

Status hide_purged_row_files(const std::filesystem::path& dir, std::int64_t run_key) {
  if (dir.empty()) return Status::success();
  for (const std::string& table : row_file_tables()) {
    if (!is_employee_level(table)) continue;
    const std::filesystem::path file = run_row_file(dir, table, run_key);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) continue;
    std::filesystem::rename(file, file.string() + std::string(kPurgedSuffix), ec);
    if (ec) {
      return Error::make(ErrorKind::kStorage,
                         "cannot set aside " + file.string() + " for the purge: " + ec.message());
    }
  }
  return Status::success();
}

void finish_purged_row_files(const std::filesystem::path& dir, std::int64_t run_key,
                             bool committed) {
  if (dir.empty()) return;
  for (const std::string& table : row_file_tables()) {
    if (!is_employee_level(table)) continue;
    const std::filesystem::path file = run_row_file(dir, table, run_key);
    const std::filesystem::path hidden = file.string() + std::string(kPurgedSuffix);
    std::error_code ignored;
    if (committed)
      std::filesystem::remove(hidden, ignored);
    else if (std::filesystem::exists(hidden, ignored))
      std::filesystem::rename(hidden, file, ignored);
  }
}

void remove_run_row_files(const std::filesystem::path& dir, std::int64_t run_key) {
  if (dir.empty()) return;
  std::error_code ignored;
  for (const std::string& table : row_file_tables())
    std::filesystem::remove(run_row_file(dir, table, run_key), ignored);
}

Result<std::unique_ptr<ParquetWriter>> create_run_row_file(const std::filesystem::path& dir,
                                                           const std::string& table,
                                                           std::int64_t run_key) {
  return ParquetWriter::create(run_row_file(dir, table, run_key), row_file_schema(table));
}

Status copy_row_files(const std::string& from_db, const std::string& to_db) {
  const std::filesystem::path from = row_files_dir(from_db, OpenMode::kReadOnly);
  const std::filesystem::path to = row_files_dir(to_db, OpenMode::kReadOnly);
  std::error_code ec;
  if (from.empty() || to.empty() || !std::filesystem::is_directory(from, ec))
    return Status::success();
  for (const std::string& table : row_file_tables()) {
    if (!std::filesystem::is_directory(from / table, ec)) continue;
    std::filesystem::create_directories(to / table, ec);
    if (ec) {
      return Error::make(ErrorKind::kStorage,
                         "cannot make folder " + (to / table).string() + ": " + ec.message());
    }
    for (const std::filesystem::path& file : files_in(from / table)) {
      const std::string name = file.filename().string();
      if (is_temporary(name)) continue;
      std::filesystem::create_hard_link(file, to / table / name, ec);
      if (ec) std::filesystem::copy_file(file, to / table / name, ec);
      if (ec) {
        return Error::make(ErrorKind::kStorage, "cannot copy " + file.string() + " to " +
                                                    (to / table).string() + ": " + ec.message());
      }
    }
  }
  return Status::success();
}

Status copy_run_rows_into(Database& db, const std::string& alias) {
  const std::filesystem::path dir = db.impl().row_files;
  if (dir.empty()) return Status::success();  // its runs are in its tables
  const std::string target = sql_identifier(alias) + ".main.";
  for (const std::string& table : row_file_tables()) {
    // The committed runs' files: not empty.parquet, a writer's temporary or
    // a purge's set-aside file, and only runs the copy's runs table names.
    const auto files = files_in(dir / table);
    const bool any = std::any_of(files.begin(), files.end(), [](const std::filesystem::path& f) {
      return run_key_of(f.filename().string()) >= 0 && f.extension() == ".parquet";
    });
    if (!any) continue;
    const std::string key = is_keyed_table(table) ? "run_key" : "run_id";
    PLANWISE_RETURN_IF_ERROR(db.execute("INSERT INTO " + target + table +
                                        " BY NAME SELECT * FROM read_parquet(" +
                                        sql_literal((dir / table / "run_*.parquet").string()) +
                                        ", hive_partitioning = false) WHERE " + key +
                                        " IN (SELECT " + key + " FROM " + target + "runs)"));
  }
  return Status::success();
}

}  // namespace planwise::store
