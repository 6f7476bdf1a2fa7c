#include "store/run_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "common/number_text.hpp"
#include "engine/output_rows.hpp"
#include "engine/parallel_rows.hpp"
#include "store/chunk_appender.hpp"
#include "store/database_impl.hpp"
#include "store/keyed_rows.hpp"
#include "store/row_files.hpp"
#include "store/run_tables.hpp"
#include "store/schema.hpp"

namespace planwise::store {

// One output table as the run's Parquet file (row_files.hpp).
struct TableFile {
  std::unique_ptr<ParquetWriter> file;
  std::unique_ptr<ParquetCellWriter> cells;
  Status finish() {
    PLANWISE_RETURN_IF_ERROR(cells->flush());
    return file->finish();
  }
};

struct RunWriter::Appenders {
  std::unique_ptr<KeyedRowsWriter> keyed;
  // Each output table the run stores: in the database (by_table), or, when
  // the database keeps row files, as the run's file (files).
  std::map<std::string, std::unique_ptr<ChunkAppender>> by_table;
  std::map<std::string, TableFile> files;
  ChunkAppender* of(const engine::TableDef& t) {
    auto it = by_table.find(std::string(t.name));
    return it == by_table.end() ? nullptr : it->second.get();
  }
  ParquetCellWriter* cells_of(const engine::TableDef& t) {
    auto it = files.find(std::string(t.name));
    return it == files.end() ? nullptr : it->second.cells.get();
  }
  // Runs emit(writer) with the table's writer; not at all when the run does
  // not store the table (output.tables).
  template <class Emit>
  void to(const engine::TableDef& t, Emit&& emit) {
    if (auto* a = of(t)) emit(*a);
    if (auto* c = cells_of(t)) emit(*c);
  }
  Status status() const {
    for (const auto& [name, appender] : by_table) PLANWISE_RETURN_IF_ERROR(appender->status());
    for (const auto& [name, table] : files) PLANWISE_RETURN_IF_ERROR(table.file->status());
    return Status::success();
  }
};

namespace {

// Columns named: the issue 10 columns were added by ALTER TABLE, after the
// first 28, so a named list keeps old and new databases alike.
constexpr const char* kInsertRun = R"sql(
INSERT INTO runs (run_id, run_key, created_at, scenario, seed, start_year, end_year, years, status,
  engine_version, config_path, census_path, levers_path, config_sha256, census_sha256, levers_sha256,
  seeds_sha256, effective_levers_sha256, census_rows, baseline_active, baseline_avg_salary,
  warning_count, load_ms, simulate_ms, total_ms, year_ms, command, output_created_at,
  what_if, lever_overrides, carried_lever_years, target_growth, target_tolerance, target_metric)
VALUES ($1, CAST($2 AS BIGINT), CAST($3 AS TIMESTAMPTZ), $4, CAST($5 AS UBIGINT), CAST($6 AS INTEGER),
  CAST($7 AS INTEGER), CAST($8 AS INTEGER), $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
  CAST($19 AS BIGINT), CAST($20 AS BIGINT), CAST($21 AS DOUBLE), CAST($22 AS BIGINT),
  CAST($23 AS DOUBLE), CAST($24 AS DOUBLE), CAST($25 AS DOUBLE), $26, $27, $28,
  CAST($29 AS BOOLEAN), $30, $31, CAST(NULLIF($32, '') AS DOUBLE), CAST(NULLIF($33, '') AS DOUBLE),
  NULLIF($34, '')))sql";
constexpr const char* kNextRunKey = "SELECT nextval('run_keys')";

const std::string kSelectRuns = R"sql(
SELECT run_id, )sql" + iso_timestamp_sql("created_at") +
                                R"sql(, scenario, seed, start_year, end_year,
  status, engine_version, config_path, census_path, levers_path, config_sha256, census_sha256, levers_sha256,
  seeds_sha256, effective_levers_sha256, census_rows, baseline_active, baseline_avg_salary, warning_count,
  load_ms, simulate_ms, total_ms, year_ms, command, what_if, lever_overrides, carried_lever_years,
  target_growth, target_tolerance, target_metric
FROM runs)sql";

std::string fixed(double v) {
  return std::to_string(v);
}

// "" binds as NULL (NULLIF in kInsertRun); shortest_text keeps every digit.
std::string optional_text(const std::optional<double>& v) {
  return v ? shortest_text(*v) : std::string();
}

RunRecord record_from(const std::vector<std::optional<std::string>>& r) {
  auto s = [&r](std::size_t i) { return r[i].value_or(""); };
  RunRecord rec;
  rec.run_id = s(0);
  rec.created_at = s(1);
  rec.scenario = s(2);
  rec.seed = std::stoull(s(3));
  rec.start_year = std::stoi(s(4));
  rec.end_year = std::stoi(s(5));
  rec.status = s(6);
  rec.engine_version = s(7);
  rec.config_path = s(8);
  rec.census_path = s(9);
  rec.levers_path = s(10);
  rec.config_sha256 = s(11);
  rec.census_sha256 = s(12);
  rec.levers_sha256 = s(13);
  rec.seeds_sha256 = s(14);
  rec.effective_levers_sha256 = s(15);
  rec.census_rows = std::stoll(s(16));
  rec.baseline_active = std::stoll(s(17));
  rec.baseline_avg_salary = std::stod(s(18));
  rec.warning_count = std::stoll(s(19));
  rec.load_ms = std::stod(s(20));
  rec.simulate_ms = std::stod(s(21));
  rec.total_ms = std::stod(s(22));
  rec.year_ms = s(23);
  rec.command = s(24);
  rec.what_if = s(25) == "true";
  rec.lever_overrides = s(26);
  rec.carried_lever_years = s(27);
  if (r[28]) rec.target_growth = std::stod(*r[28]);
  if (r[29]) rec.target_tolerance = std::stod(*r[29]);
  rec.target_metric = r[30];
  return rec;
}

bool is_stored_table(const std::string& name) {
  const auto& names = output_table_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool wanted(const std::vector<std::string>& tables, const std::string& name) {
  return always_stored(name) || std::find(tables.begin(), tables.end(), name) != tables.end();
}

}  // namespace

RunWriter::RunWriter(Database& db, std::string run_id)
    : db_(db), run_id_(std::move(run_id)), appenders_(std::make_unique<Appenders>()) {}

Result<std::unique_ptr<RunWriter>> RunWriter::begin(Database& db, std::string run_id,
                                                    const std::vector<std::string>& tables) {
  if (db.read_only()) return Error::make(ErrorKind::kStorage, "the database is open read-only");
  std::unique_ptr<RunWriter> w(new RunWriter(db, std::move(run_id)));
  PLANWISE_RETURN_IF_ERROR(db.begin_transaction());
  w->open_ = true;
  auto key = db.query(kNextRunKey);
  if (!key) return std::move(key).error();
  w->run_key_ = std::stoll(*key->rows.front().front());
  w->row_files_ = db.impl().row_files;
  w->appenders_->keyed = std::make_unique<KeyedRowsWriter>(
      db.impl().connection, w->run_key_, wanted(tables, "workforce_snapshot"),
      wanted(tables, "yearly_events"), w->row_files_);
  PLANWISE_RETURN_IF_ERROR(w->appenders_->keyed->status());
  for (const engine::TableDef* t : plain_tables()) {
    if (!wanted(tables, std::string(t->name))) continue;
    if (!w->row_files_.empty()) {
      const std::string name(t->name);
      auto file = create_run_row_file(w->row_files_, name, w->run_key_);
      if (!file) return std::move(file).error();
      TableFile& table = w->appenders_->files[name];
      table.file = std::move(file).value();
      table.cells = std::make_unique<ParquetCellWriter>(*table.file, w->run_id_);
      continue;
    }
    auto appender = std::make_unique<ChunkAppender>(db.impl().connection, *t, w->run_id_);
    PLANWISE_RETURN_IF_ERROR(appender->status());
    w->appenders_->by_table[std::string(t->name)] = std::move(appender);
  }
  return w;
}

RunWriter::~RunWriter() {
  appenders_.reset();  // appenders must go before the rollback
  if (open_) db_.rollback();
  if (!committed_) remove_run_row_files(row_files_, run_key_);
}

Status RunWriter::write_inputs(const engine::StagedCensus& census,
                               const engine::EngineConfig& config,
                               const engine::ResolvedLevers& levers) {
  output_created_at_ = config.created_at;
  // With row files, the census's two files are written side by side.
  ParquetCellWriter* baseline_cells = appenders_->cells_of(engine::kBaselineTable);
  Status employees;
#pragma omp parallel sections num_threads(2) if (baseline_cells != nullptr && \
                                                 census.baseline_size() > engine::kParallelRows)
  {
#pragma omp section
    employees = appenders_->keyed->write_baseline_employees(census);
#pragma omp section
    if (baseline_cells != nullptr) engine::emit_baseline(*baseline_cells, census, config);
  }
  PLANWISE_RETURN_IF_ERROR(employees);
  if (auto* a = appenders_->of(engine::kBaselineTable)) engine::emit_baseline(*a, census, config);
  appenders_->to(engine::kDuplicatesTable, [&](auto& a) { engine::emit_duplicates(a, census); });
  appenders_->to(engine::kEffectiveParametersTable,
                 [&](auto& a) { engine::emit_effective_parameters(a, levers); });
  return Status::success();
}

Status RunWriter::on_year(const engine::YearOutput& year) {
  PLANWISE_RETURN_IF_ERROR(appenders_->keyed->write_year(year));
  const std::string& created_at = year.config.created_at;
  appenders_->to(engine::kGrowthTable,
                 [&](auto& a) { engine::emit_growth(a, year.growth, created_at); });
  appenders_->to(engine::kYearSummaryTable,
                 [&](auto& a) { engine::emit_year_summary(a, year.summary, created_at); });
  appenders_->to(engine::kPayBudgetTable, [&](auto& a) { engine::emit_pay_budget(a, year); });
  appenders_->to(engine::kHiresByLevelTable,
                 [&](auto& a) { engine::emit_hires_by_level(a, year.summary); });
  return appenders_->status();
}

Status RunWriter::commit(const RunRecord& r, const engine::ValidationItems& validation,
                         const std::function<Status()>& in_transaction) {
  appenders_->to(engine::kValidationReportTable,
                 [&](auto& a) { engine::emit_validation_report(a, validation); });
  // Row files are renamed into place here, just before the commit; the
  // destructor removes them unless the commit succeeds (row_files.hpp).
  // Each file's footer and sync, beside the others' (keyed_rows.cpp).
  Status keyed;
  Status tables;
#pragma omp parallel sections num_threads(2) if (!appenders_->files.empty())
  {
#pragma omp section
    keyed = appenders_->keyed->close();
#pragma omp section
    for (auto& [name, table] : appenders_->files) {
      if (tables.ok()) tables = table.finish();
    }
  }
  PLANWISE_RETURN_IF_ERROR(keyed);
  PLANWISE_RETURN_IF_ERROR(tables);
  for (auto& [name, appender] : appenders_->by_table) PLANWISE_RETURN_IF_ERROR(appender->close());
  auto inserted = db_.query(kInsertRun, {r.run_id,
                                         std::to_string(run_key_),
                                         r.created_at,
                                         r.scenario,
                                         std::to_string(r.seed),
                                         std::to_string(r.start_year),
                                         std::to_string(r.end_year),
                                         std::to_string(r.end_year - r.start_year + 1),
                                         r.status,
                                         r.engine_version,
                                         r.config_path,
                                         r.census_path,
                                         r.levers_path,
                                         r.config_sha256,
                                         r.census_sha256,
                                         r.levers_sha256,
                                         r.seeds_sha256,
                                         r.effective_levers_sha256,
                                         std::to_string(r.census_rows),
                                         std::to_string(r.baseline_active),
                                         fixed(r.baseline_avg_salary),
                                         std::to_string(r.warning_count),
                                         fixed(r.load_ms),
                                         fixed(r.simulate_ms),
                                         fixed(r.total_ms),
                                         r.year_ms,
                                         r.command,
                                         output_created_at_,
                                         r.what_if ? "true" : "false",
                                         r.lever_overrides,
                                         r.carried_lever_years,
                                         optional_text(r.target_growth),
                                         optional_text(r.target_tolerance),
                                         r.target_metric.value_or("")});
  if (!inserted) return std::move(inserted).error();
  if (in_transaction) PLANWISE_RETURN_IF_ERROR(in_transaction());
  open_ = false;
  PLANWISE_RETURN_IF_ERROR(db_.commit());
  committed_ = true;
  return Status::success();
}

Result<std::vector<RunRecord>> list_runs(Database& db) {
  auto result = db.query(std::string(kSelectRuns) + " ORDER BY created_at, run_id");
  if (!result) return std::move(result).error();
  std::vector<RunRecord> runs;
  for (const auto& row : result->rows) runs.push_back(record_from(row));
  return runs;
}

Result<RunRecord> get_run(Database& db, const std::string& run_id) {
  auto result = db.query(std::string(kSelectRuns) + " WHERE run_id = $1", {run_id});
  if (!result) return std::move(result).error();
  if (result->rows.empty()) return Error::make(ErrorKind::kNotFound, "no run with id " + run_id);
  return record_from(result->rows.front());
}

Result<TextResult> run_table(Database& db, const std::string& run_id, const std::string& table) {
  if (!is_stored_table(table))
    return Error::make(ErrorKind::kNotFound, "no stored table named " + table);
  return db.query(run_table_select(table, PersonalData::kFull), {run_id});
}

Status delete_run(Database& db, const std::string& run_id) {
  auto run = db.query("SELECT run_key FROM runs WHERE run_id = $1", {run_id});
  if (!run) return std::move(run).error();
  if (run->rows.empty()) return Error::make(ErrorKind::kNotFound, "no run with id " + run_id);
  const std::string run_key = *run->rows.front().front();
  PLANWISE_RETURN_IF_ERROR(db.begin_transaction());
  Status status;
  for (const std::string& table : keyed_tables()) {
    if (status.ok()) {
      auto r =
          db.query("DELETE FROM " + native_table(db, table) + " WHERE run_key = CAST($1 AS BIGINT)",
                   {run_key});
      if (!r) status = std::move(r).error();
    }
  }
  for (const engine::TableDef* t : plain_tables()) {
    if (status.ok()) {
      auto r = db.query(
          "DELETE FROM " + native_table(db, std::string(t->name)) + " WHERE run_id = $1", {run_id});
      if (!r) status = std::move(r).error();
    }
  }
  if (status.ok()) {
    auto r = db.query("DELETE FROM runs WHERE run_id = $1", {run_id});
    if (!r) status = std::move(r).error();
  }
  if (!status.ok()) {
    db.rollback();
    return status;
  }
  PLANWISE_RETURN_IF_ERROR(db.commit());
  remove_run_row_files(db.impl().row_files, std::stoll(run_key));
  return Status::success();
}

Result<TextResult> run_lever_set(Database& db, const std::string& run_id) {
  return db.query(
      "SELECT fiscal_year, parameter_name, job_level, parameter_value, parameter_source FROM "
      "effective_parameters "
      "WHERE run_id = $1 ORDER BY parameter_name, fiscal_year, job_level",
      {run_id});
}

Result<TextResult> run_issues(Database& db, const std::string& run_id) {
  return db.query(
      "SELECT simulation_year, check_id, status, message FROM validation_report "
      "WHERE run_id = $1 AND status <> 'PASS' ORDER BY rowid",
      {run_id});
}

Result<std::optional<TextResult>> pay_budget_totals(Database& db, const std::string& run_id) {
  auto table = db.has_tables({"pay_budget"});
  if (!table) return std::move(table).error();
  if (!*table) return std::optional<TextResult>();
  auto totals = db.query(
      "SELECT simulation_year, sum(merit_annualised), sum(cola_annualised), "
      "sum(promotion_annualised), sum(new_hire_premium_annualised), sum(total_payroll_prorated), "
      "sum(run_rate_payroll_fye) FROM pay_budget WHERE run_id = $1 GROUP BY simulation_year "
      "ORDER BY simulation_year",
      {run_id});
  if (!totals) return std::move(totals).error();
  if (totals->rows.empty()) return std::optional<TextResult>();
  return std::optional<TextResult>(std::move(totals).value());
}

Status export_run_parquet(Database& db, const std::string& run_id, const std::string& dir,
                          const std::vector<std::string>& tables, PersonalData personal,
                          const std::string& created_at) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return Error::make(ErrorKind::kStorage,
                       "cannot create export folder " + dir + ": " + ec.message());
  const fs::path staging = fs::path(dir) / (".planwise-export-" + std::to_string(::getpid()));
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  Status status;
  std::vector<std::string> written;
  for (const std::string& table : tables) {
    if (!status.ok()) break;
    if (!is_stored_table(table)) {
      status = Error::make(ErrorKind::kNotFound, "no stored table named " + table);
      break;
    }
    // COPY takes no parameters for its query, so the run id is validated as
    // a run of this database and the statement built from that known value.
    auto known = get_run(db, run_id);
    if (!known) {
      status = std::move(known).error();
      break;
    }
    const fs::path file = staging / (table + ".parquet");
    std::string select = run_table_select(table, personal, created_at);
    select.replace(select.find("$1"), 2, sql_literal(known->run_id));
    status =
        db.execute("COPY (" + select + ") TO " + sql_literal(file.string()) + " (FORMAT parquet)");
    written.push_back(table + ".parquet");
  }
  for (const std::string& name : written) {
    if (!status.ok()) break;
    fs::rename(staging / name, fs::path(dir) / name, ec);
    if (ec)
      status = Error::make(ErrorKind::kStorage,
                           "cannot move " + name + " into " + dir + ": " + ec.message());
  }
  fs::remove_all(staging, ec);
  return status;
}

}  // namespace planwise::store
