#include "store/database.hpp"

#include <signal.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "store/database_impl.hpp"
#include "store/row_files.hpp"
#include "store/schema.hpp"

namespace planwise::store {

SharedInstance::~SharedInstance() {
  if (db != nullptr) duckdb_close(&db);
}

Database::Impl::~Impl() {
  if (writing.owns_lock() && connection != nullptr) {
    duckdb_result result{};
    (void)duckdb_query(connection, "ROLLBACK", &result);
    duckdb_destroy_result(&result);
  }
  if (connection != nullptr) duckdb_disconnect(&connection);
}

namespace {

std::atomic<std::int64_t> g_write_wait_ms{-1};

std::int64_t write_wait_from_environment() {
  const char* text = std::getenv("PLANWISE_WRITE_WAIT_MS");
  if (text == nullptr || *text == '\0') return 5000;
  char* end = nullptr;
  const long long ms = std::strtoll(text, &end, 10);
  return end != nullptr && *end == '\0' && ms >= 0 ? ms : 5000;
}

std::string seconds_text(std::chrono::milliseconds wait) {
  const auto ms = wait.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

// DuckDB's texts for a write-write conflict between two transactions
// (DuckDB 1.4: transaction_context, catalog_set, row version manager).
bool is_write_conflict(const std::string& detail) {
  static const char* const kMarks[] = {"write-write conflict", "Conflict on tuple deletion",
                                       "Conflict on update", "Transaction conflict"};
  for (const char* mark : kMarks) {
    if (detail.find(mark) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::chrono::milliseconds write_wait() {
  std::int64_t ms = g_write_wait_ms.load();
  if (ms < 0) {
    ms = write_wait_from_environment();
    g_write_wait_ms.store(ms);
  }
  return std::chrono::milliseconds(ms);
}

void set_write_wait(std::chrono::milliseconds wait) {
  g_write_wait_ms.store(wait.count());
}

Status Database::begin_transaction() {
  if (impl_->writing.owns_lock())
    return Error::make(ErrorKind::kInternal, "a transaction is already open");
  const std::chrono::milliseconds wait = write_wait();
  std::unique_lock<TurnLock> turn(impl_->instance->writer, std::defer_lock);
  if (!turn.try_lock_for(wait)) {
    Error e = Error::make(ErrorKind::kConflict,
                          "database " + path_ + " is busy with another write (waited " +
                              seconds_text(wait) + "); nothing was written: retry in a moment");
    e.rule = kWriteBusyRule;
    return e;
  }
  impl_->writing = std::move(turn);
  Status status = execute("BEGIN TRANSACTION");
  if (!status.ok()) impl_->writing.unlock();
  return status;
}

Status Database::commit() {
  ResultHandle result;
  const bool committed = duckdb_query(impl_->connection, "COMMIT", result.get()) == DuckDBSuccess;
  const char* detail = committed ? nullptr : duckdb_result_error(result.get());
  const std::string reason = detail ? detail : "unknown error";
  if (!committed) (void)execute("ROLLBACK");
  settle_row_views(*this, committed);
  if (impl_->writing.owns_lock()) impl_->writing.unlock();
  if (committed) return Status::success();
  // A commit fails on a full disk or an I/O error, mostly in DuckDB's log
  // (.wal) beside the file: name the database the analyst knows and say
  // that the change is not in it (issue 15 item 2).
  return storage_error("cannot write database " + path_ + " (nothing of this change was saved)",
                       reason.c_str());
}

void Database::rollback() {
  (void)execute("ROLLBACK");
  settle_row_views(*this, false);
  if (impl_->writing.owns_lock()) impl_->writing.unlock();
}

bool Database::in_transaction() const {
  return impl_->writing.owns_lock();
}

std::string sql_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  return out + "'";
}

Error storage_error(const std::string& what, const char* detail) {
  return statement_error(ErrorKind::kStorage, what, detail);
}

Error statement_error(ErrorKind fallback, const std::string& what, const char* detail) {
  // DuckDB appends a native stack trace to its FATAL errors: addresses, not
  // something an analyst can act on.
  std::string text = detail ? detail : "";
  if (const auto trace = text.find("\n\nStack Trace:"); trace != std::string::npos)
    text.erase(trace);
  if (is_write_conflict(text)) {
    Error e =
        Error::make(ErrorKind::kConflict, "another write changed the same data first (" + text +
                                              "); nothing was written: retry in a moment");
    e.rule = kWriteBusyRule;
    return e;
  }
  return Error::make(fallback, what + (detail ? ": " + text : std::string()));
}

Database::Database(std::string path, OpenMode mode, std::unique_ptr<Impl> impl)
    : path_(std::move(path)), mode_(mode), impl_(std::move(impl)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::open(const std::string& path, OpenMode mode,
                                                 int threads) {
  if (mode == OpenMode::kScratch && path != ":memory:")
    return Error::make(ErrorKind::kInternal, "a scratch database is in memory, not " + path);
  auto impl = std::make_unique<Impl>();
  auto instance = open_instance(path, mode, threads);
  if (!instance) return std::move(instance).error();
  impl->instance = std::move(instance).value();
  if (duckdb_connect(impl->instance->db, &impl->connection) != DuckDBSuccess) {
    return storage_error("cannot connect to database " + path, nullptr);
  }
  std::unique_ptr<Database> db(new Database(path, mode, std::move(impl)));
  if (mode == OpenMode::kReadWrite) PLANWISE_RETURN_IF_ERROR(ensure_schema(*db));
  PLANWISE_RETURN_IF_ERROR(attach_row_files(*db));
  if (mode == OpenMode::kQueryOnly)  // the lock (last) refuses every later SET, PRAGMA, RESET
    PLANWISE_RETURN_IF_ERROR(db->execute(
        "SET GLOBAL enable_external_access = false; SET GLOBAL lock_configuration = true"));
  return db;
}

Status Database::execute(const std::string& sql) {
  PLANWISE_RETURN_IF_ERROR(create_row_views_for(*this, sql));
  ResultHandle result;
  if (duckdb_query(impl_->connection, sql.c_str(), result.get()) != DuckDBSuccess) {
    return storage_error("query failed", duckdb_result_error(result.get()));
  }
  return Status::success();
}

Status Database::execute_many(const std::string& sql,
                              const std::vector<std::vector<std::string>>& param_lists) {
  if (param_lists.empty()) return Status::success();
  PLANWISE_RETURN_IF_ERROR(create_row_views_for(*this, sql));
  PreparedHandle prepared;
  if (duckdb_prepare(impl_->connection, sql.c_str(), prepared.out()) != DuckDBSuccess) {
    return Error::make(ErrorKind::kInvalidInput,
                       std::string("SQL error: ") + duckdb_prepare_error(prepared.get()));
  }
  for (const std::vector<std::string>& params : param_lists) {
    duckdb_clear_bindings(prepared.get());
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (duckdb_bind_varchar(prepared.get(), i + 1, params[i].c_str()) != DuckDBSuccess) {
        return Error::make(ErrorKind::kInvalidInput,
                           "cannot bind parameter " + std::to_string(i + 1));
      }
    }
    ResultHandle result;
    if (duckdb_execute_prepared(prepared.get(), result.get()) != DuckDBSuccess) {
      return storage_error("statement failed", duckdb_result_error(result.get()));
    }
  }
  return Status::success();
}

namespace {

bool is_nested(duckdb_type t) {
  return t == DUCKDB_TYPE_LIST || t == DUCKDB_TYPE_STRUCT || t == DUCKDB_TYPE_MAP ||
         t == DUCKDB_TYPE_ARRAY || t == DUCKDB_TYPE_UNION;
}

// The statement wrapped so that columns become VARCHAR, by position so
// duplicate names still work: every column (`all`), or only nested ones
// (lists, structs), for which duckdb_value_varchar gives no text
// ([0.02, 0.03], {'x': 1}). Nullopt when nothing needs a cast.
std::optional<std::string> with_columns_as_text(const std::string& sql,
                                                duckdb_prepared_statement prepared, bool all) {
  const idx_t columns = duckdb_prepared_statement_column_count(prepared);
  bool any = false;
  for (idx_t c = 0; c < columns && !any; ++c) {
    any = all || is_nested(duckdb_prepared_statement_column_type(prepared, c));
  }
  if (!any) return std::nullopt;
  std::string select;
  for (idx_t c = 0; c < columns; ++c) {
    const bool cast = all || is_nested(duckdb_prepared_statement_column_type(prepared, c));
    // The name is a copy the caller frees (the header says const).
    const char* name = duckdb_prepared_statement_column_name(prepared, c);
    std::string quoted = "\"";
    for (const char* ch = name; ch != nullptr && *ch != '\0'; ++ch) {
      quoted += *ch == '"' ? std::string("\"\"") : std::string(1, *ch);
    }
    quoted += "\"";
    duckdb_free(const_cast<char*>(name));
    const std::string ref = "#" + std::to_string(c + 1);
    select += (c ? ", " : "") + (cast ? "CAST(" + ref + " AS VARCHAR)" : ref) + " AS " + quoted;
  }
  std::string inner = sql;
  while (!inner.empty() &&
         (inner.back() == ';' || std::isspace(static_cast<unsigned char>(inner.back())))) {
    inner.pop_back();
  }
  return "SELECT " + select + " FROM (" + inner + ") AS planwise_query";
}

// A query-only database runs queries alone: the sandbox settings refuse
// files, extensions and settings, and this refuses what they leave (LOAD of
// a built-in extension, temporary tables, CHECKPOINT, CALL).
Status check_query_only(duckdb_prepared_statement prepared) {
  const duckdb_statement_type type = duckdb_prepared_statement_type(prepared);
  if (type == DUCKDB_STATEMENT_TYPE_SELECT || type == DUCKDB_STATEMENT_TYPE_EXPLAIN)
    return Status::success();
  static const std::pair<duckdb_statement_type, const char*> kNames[] = {
      {DUCKDB_STATEMENT_TYPE_INSERT, "INSERT"}, {DUCKDB_STATEMENT_TYPE_UPDATE, "UPDATE"},
      {DUCKDB_STATEMENT_TYPE_DELETE, "DELETE"}, {DUCKDB_STATEMENT_TYPE_CREATE, "CREATE"},
      {DUCKDB_STATEMENT_TYPE_ALTER, "ALTER"},   {DUCKDB_STATEMENT_TYPE_COPY, "COPY"},
      {DUCKDB_STATEMENT_TYPE_DROP, "DROP"},     {DUCKDB_STATEMENT_TYPE_EXPORT, "EXPORT"},
      {DUCKDB_STATEMENT_TYPE_CALL, "CALL"},     {DUCKDB_STATEMENT_TYPE_SET, "SET"},
      {DUCKDB_STATEMENT_TYPE_LOAD, "LOAD"},     {DUCKDB_STATEMENT_TYPE_ATTACH, "ATTACH"},
      {DUCKDB_STATEMENT_TYPE_DETACH, "DETACH"}};
  std::string name = "this statement";
  for (const auto& [t, n] : kNames) {
    if (t == type) name = n;
  }
  return Error::make(ErrorKind::kInvalidInput,
                     "SQL error: the database is open read-only for queries (SELECT, WITH, "
                     "DESCRIBE, SHOW, EXPLAIN); " +
                         name + " is refused");
}

Status bind_text(duckdb_prepared_statement statement, const std::vector<std::string>& params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (duckdb_bind_varchar(statement, i + 1, params[i].c_str()) != DuckDBSuccess) {
      return Error::make(ErrorKind::kInvalidInput,
                         "cannot bind parameter " + std::to_string(i + 1));
    }
  }
  return Status::success();
}

// Reads a chunk whose columns are all VARCHAR into `out`.
void read_text_chunk(duckdb_data_chunk chunk, TextChunk& out) {
  out.rows = duckdb_data_chunk_get_size(chunk);
  out.cells.assign(out.rows * out.columns, std::nullopt);
  for (std::size_t c = 0; c < out.columns; ++c) {
    duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, c);
    auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
    std::uint64_t* validity = duckdb_vector_get_validity(vector);
    for (std::size_t r = 0; r < out.rows; ++r) {
      if (validity != nullptr && !duckdb_validity_row_is_valid(validity, r)) continue;
      out.cells[r * out.columns + c] =
          std::string_view(duckdb_string_t_data(&strings[r]), duckdb_string_t_length(strings[r]));
    }
  }
}

}  // namespace

Result<TextResult> Database::query(const std::string& sql, const std::vector<std::string>& params) {
  PLANWISE_RETURN_IF_ERROR(create_row_views_for(*this, sql));
  PreparedHandle prepared;
  if (duckdb_prepare(impl_->connection, sql.c_str(), prepared.out()) != DuckDBSuccess) {
    return Error::make(ErrorKind::kInvalidInput,
                       std::string("SQL error: ") + duckdb_prepare_error(prepared.get()));
  }
  if (mode_ == OpenMode::kQueryOnly) PLANWISE_RETURN_IF_ERROR(check_query_only(prepared.get()));
  duckdb_prepared_statement statement = prepared.get();
  PreparedHandle as_text;
  if (auto wrapped = with_columns_as_text(sql, prepared.get(), false)) {
    if (duckdb_prepare(impl_->connection, wrapped->c_str(), as_text.out()) == DuckDBSuccess) {
      statement = as_text.get();
    }
  }
  PLANWISE_RETURN_IF_ERROR(bind_text(statement, params));
  ResultHandle result;
  if (duckdb_execute_prepared(statement, result.get()) != DuckDBSuccess) {
    return statement_error(ErrorKind::kInvalidInput, "SQL error",
                           duckdb_result_error(result.get()));
  }
  TextResult out;
  const idx_t columns = duckdb_column_count(result.get());
  for (idx_t c = 0; c < columns; ++c) {
    out.columns.emplace_back(duckdb_column_name(result.get(), c));
    duckdb_logical_type type = duckdb_column_logical_type(result.get(), c);
    char* name = duckdb_logical_type_get_alias(type);
    if (name == nullptr) {
      // No alias: derive the name from a cast of the type id.
      static const std::pair<duckdb_type, const char*> kNames[] = {
          {DUCKDB_TYPE_BOOLEAN, "BOOLEAN"},     {DUCKDB_TYPE_TINYINT, "TINYINT"},
          {DUCKDB_TYPE_SMALLINT, "SMALLINT"},   {DUCKDB_TYPE_INTEGER, "INTEGER"},
          {DUCKDB_TYPE_BIGINT, "BIGINT"},       {DUCKDB_TYPE_HUGEINT, "HUGEINT"},
          {DUCKDB_TYPE_UTINYINT, "UTINYINT"},   {DUCKDB_TYPE_USMALLINT, "USMALLINT"},
          {DUCKDB_TYPE_UINTEGER, "UINTEGER"},   {DUCKDB_TYPE_UBIGINT, "UBIGINT"},
          {DUCKDB_TYPE_FLOAT, "FLOAT"},         {DUCKDB_TYPE_DOUBLE, "DOUBLE"},
          {DUCKDB_TYPE_DECIMAL, "DECIMAL"},     {DUCKDB_TYPE_DATE, "DATE"},
          {DUCKDB_TYPE_TIMESTAMP, "TIMESTAMP"}, {DUCKDB_TYPE_VARCHAR, "VARCHAR"}};
      const duckdb_type id = duckdb_get_type_id(type);
      std::string type_name = "OTHER";
      for (const auto& [t, n] : kNames) {
        if (t == id) type_name = n;
      }
      out.types.push_back(type_name);
    } else {
      out.types.emplace_back(name);
      duckdb_free(name);
    }
    duckdb_destroy_logical_type(&type);
  }
  const idx_t rows = duckdb_row_count(result.get());
  out.rows.reserve(rows);
  for (idx_t r = 0; r < rows; ++r) {
    std::vector<std::optional<std::string>> row;
    row.reserve(columns);
    for (idx_t c = 0; c < columns; ++c) {
      if (duckdb_value_is_null(result.get(), c, r)) {
        row.emplace_back(std::nullopt);
        continue;
      }
      char* text = duckdb_value_varchar(result.get(), c, r);
      row.emplace_back(text ? std::string(text) : std::string());
      duckdb_free(text);
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

Status Database::query_chunks(
    const std::string& sql, const std::vector<std::string>& params,
    const std::function<bool(const std::vector<std::string>&)>& on_columns,
    const std::function<bool(const TextChunk&)>& on_chunk) {
  PLANWISE_RETURN_IF_ERROR(create_row_views_for(*this, sql));
  PreparedHandle prepared;
  if (duckdb_prepare(impl_->connection, sql.c_str(), prepared.out()) != DuckDBSuccess) {
    return Error::make(ErrorKind::kInvalidInput,
                       std::string("SQL error: ") + duckdb_prepare_error(prepared.get()));
  }
  PreparedHandle as_text;
  const std::string wrapped = with_columns_as_text(sql, prepared.get(), true).value_or(sql);
  if (duckdb_prepare(impl_->connection, wrapped.c_str(), as_text.out()) != DuckDBSuccess) {
    return Error::make(ErrorKind::kInvalidInput,
                       std::string("SQL error: ") + duckdb_prepare_error(as_text.get()));
  }
  PLANWISE_RETURN_IF_ERROR(bind_text(as_text.get(), params));
  PendingHandle pending;
  if (duckdb_pending_prepared_streaming(as_text.get(), pending.out()) != DuckDBSuccess) {
    return Error::make(ErrorKind::kInvalidInput,
                       std::string("SQL error: ") + duckdb_pending_error(pending.get()));
  }
  ResultHandle result;
  if (duckdb_execute_pending(pending.get(), result.get()) != DuckDBSuccess) {
    return statement_error(ErrorKind::kInvalidInput, "SQL error",
                           duckdb_result_error(result.get()));
  }
  TextChunk chunk;
  chunk.columns = duckdb_column_count(result.get());
  std::vector<std::string> names;
  for (idx_t c = 0; c < chunk.columns; ++c) names.emplace_back(duckdb_column_name(result.get(), c));
  if (!on_columns(names)) return Status::success();
  while (true) {
    ChunkHandle fetched(duckdb_fetch_chunk(*result.get()));
    if (fetched.get() == nullptr) {
      const char* error = duckdb_result_error(result.get());
      if (error != nullptr) return storage_error("query failed", error);
      return Status::success();
    }
    if (duckdb_data_chunk_get_size(fetched.get()) == 0) return Status::success();
    read_text_chunk(fetched.get(), chunk);
    if (!on_chunk(chunk)) return Status::success();
  }
}

}  // namespace planwise::store
