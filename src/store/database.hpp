// One open DuckDB database (file or in-memory) and its connection, behind a
// small interface so that duckdb.h stays inside store/ (style guide §1).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace planwise::store {

enum class OpenMode {
  kReadWrite,
  kReadOnly,
  // Read-only, for analysts' SQL (`planwise sql`): the instance also refuses
  // every file, network and extension access beyond this database file
  // (ATTACH, COPY TO, read_csv, INSTALL, LOAD) and any configuration change
  // (SET, PRAGMA). It is this open's own, never shared in the process.
  kQueryOnly,
  // ":memory:" only, writable and empty: DuckDB as a file reader and
  // converter (Parquet census input, CSV to Parquet), without the store's
  // tables and views, whose creation costs far more than reading a small
  // file (found by the census Parquet fuzz target, issue 15 item 3).
  kScratch,
};

// A query result with every value as text (null = nullopt), for analysts'
// read-only SQL and for small lookups.
struct TextResult {
  std::vector<std::string> columns;
  std::vector<std::string> types;  // DuckDB type names, e.g. BIGINT, VARCHAR
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// One chunk of a streamed query (Database::query_chunks), every value as
// text. The views point into DuckDB's chunk and are valid only during the
// callback that receives it.
struct TextChunk {
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::vector<std::optional<std::string_view>> cells;  // row-major; nullopt is null
  const std::optional<std::string_view>& at(std::size_t row, std::size_t column) const {
    return cells[row * columns + column];
  }
};

// A SQL string literal ('it''s'), for the few statements that take no
// parameters (COPY, table functions over file names). Values are otherwise
// always bound, never spliced into SQL text.
std::string sql_literal(const std::string& text);

// A SQL identifier in double quotes ("my ""db"""), for the catalogue names
// a statement cannot bind.
inline std::string sql_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

// SQL that renders a TIMESTAMPTZ column as ISO 8601 UTC text
// ("2026-12-04T18:00:00Z") whatever the session's time zone: how every
// table shows its times (runs, levers, audit, users, requests, reports).
inline std::string iso_timestamp_sql(std::string_view column) {
  return "strftime(" + std::string(column) + " AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')";
}

// DuckDB worker threads of an instance whose open asks for none (threads
// 0). 0, the default, leaves DuckDB's own choice: one per core. The test
// binary sets 1: ctest already runs two suites at once on the two cores,
// and for the tests' small queries a second DuckDB thread only adds
// hand-offs between threads (a fifth of the store suites' CPU time).
void set_default_threads(int threads);
int default_threads();

// The run row files of the store at `from_db` (docs/performance.md "Stored
// runs"), put beside a copy of its database file at `to_db`: hard links
// where the file system allows (a run's files never change once written),
// else copies. Nothing to do for a store without them.
Status copy_row_files(const std::string& from_db, const std::string& to_db);
class Database;
// The rows of `db`'s run row files, inserted into the tables of the database
// attached to it as `alias` (a copy of it): a copy that any DuckDB client
// reads as the store shows it, with no folder beside it (app's snapshots).
Status copy_run_rows_into(Database& db, const std::string& alias);

class Database {
 public:
  // `path` ":memory:" opens an in-memory database. Read-write opens create
  // the file and the schema when missing. `threads` caps DuckDB's own worker
  // threads (0: DuckDB's default, one per core); it applies when this open
  // starts the file's instance in this process, and a later open of the same
  // file shares that instance as it is (a server's, for one).
  static Result<std::unique_ptr<Database>> open(const std::string& path, OpenMode mode,
                                                int threads = 0);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const { return path_; }
  bool read_only() const { return mode_ != OpenMode::kReadWrite; }
  OpenMode mode() const { return mode_; }

  // Runs SQL text without parameters (schema, COPY). Transactions go
  // through the three calls below.
  Status execute(const std::string& sql);

  // A write transaction. Writers of one file in this process take turns:
  // begin waits for another connection's open write transaction to end, so
  // the audit chain's sequence and the lever cells are never written by two
  // transactions at once (the server runs jobs beside request handlers).
  // Begin, commit and rollback are called from the same thread.
  Status begin_transaction();
  Status commit();
  void rollback();
  bool in_transaction() const;
  // Runs one statement with string parameters bound in order ($1, $2, ...).
  Result<TextResult> query(const std::string& sql, const std::vector<std::string>& params = {});
  // query() for a statement whose rows are not needed (INSERT, UPDATE, DELETE).
  Status run(const std::string& sql, const std::vector<std::string>& params = {}) {
    auto r = query(sql, params);
    if (!r) return std::move(r).error();
    return Status::success();
  }
  // Runs one statement as query() does, but hands the rows over a DuckDB
  // chunk (2048 rows) at a time instead of holding them all: `on_columns`
  // gets the column names once, then `on_chunk` each chunk. Values are the
  // same text as query() gives (every column is cast to VARCHAR). A callback
  // returning false stops the query (still a success). Errors of preparing,
  // binding and starting the statement come before any callback.
  Status query_chunks(const std::string& sql, const std::vector<std::string>& params,
                      const std::function<bool(const std::vector<std::string>&)>& on_columns,
                      const std::function<bool(const TextChunk&)>& on_chunk);
  // Whether every one of `names` is a table or view of this database, and
  // whether `table` has `column`. Readers check for the tables and columns
  // added after version 1, which a file opened read-only may lack. The store
  // never drops a table, a view or a column asked about here, so what is
  // found committed is remembered for this handle's life: DuckDB's catalogue
  // is asked once, not on every call (a query of information_schema costs
  // about 3.5 ms, which a lever edit paid several times over).
  Result<bool> has_tables(const std::vector<std::string>& names);
  Result<bool> has_column(const std::string& table, const std::string& column);
  // Prepares one statement once and runs it for every parameter list.
  Status execute_many(const std::string& sql,
                      const std::vector<std::vector<std::string>>& param_lists);

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  Database(std::string path, OpenMode mode, std::unique_ptr<Impl> impl);
  std::string path_;
  OpenMode mode_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace planwise::store
