// A read-only copy of the run store while `planwise serve` holds it (issue 14
// item 4): DuckDB's COPY FROM DATABASE, run in the process that holds the
// file, copies every table, view and sequence in one transaction into a new
// file that a notebook, a BI tool or `planwise sql` then opens on its own.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.hpp"

namespace planwise::app {

// Where the copy keeps the runs' row files (store/row_files.hpp).
enum class SnapshotRows {
  // Linked beside it, in `out`.rows (store::copy_row_files): quick, and read
  // as the store is by planwise, which makes the views over them (the SQL
  // route's private copy).
  kFilesBeside,
  // Inserted into its own tables (store::copy_run_rows_into): any DuckDB
  // client, a notebook's duckdb.connect included, sees every run's rows in
  // the tables, with no folder to carry (`planwise snapshot`,
  // POST /api/snapshots).
  kInTables,
};

// Writes the copy to `out` through a temporary file beside it and a rename:
// `out` is either the whole copy or absent. `out` must not exist.
Status write_database_snapshot(const std::string& db_path, const std::filesystem::path& out,
                               SnapshotRows rows = SnapshotRows::kFilesBeside);

// A snapshot in <db folder>/<db name>.snapshots/ (mode 0700), named by the
// UTC time (20261203T221315Z.duckdb, -2, -3 ... within one second): the
// path `planwise snapshot` and POST /api/snapshots choose, never a path
// from a request. Returns the absolute path written.
Result<std::filesystem::path> write_dated_snapshot(const std::string& db_path);

}  // namespace planwise::app
