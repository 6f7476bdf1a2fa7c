// Internal to store/: a run's row-level tables as Parquet files beside the
// database (issue 13 item 4; docs/performance.md "Stored runs").
//
// A file database P keeps, for each of employees, snapshot_rows, event_rows
// and the output tables (baseline_workforce, year_summary, ...; schema.hpp
// plain_tables), a folder P.rows/<table>/ with one file per run,
// run_<run_key>.parquet, and empty.parquet (no rows: the folder's columns,
// so the folder is never empty to read). Every connection sees each of these
// tables through a temporary view of the same name that unions the table in
// the database (runs stored before the files, and in-memory databases) with
// the folder's files; so the SQL views and every query read one table as
// before. Writes and deletes name the table in the database itself
// (native_table).
//
// A run's files are renamed into place just before its commit. A run that
// fails removes them; one killed in between leaves files no run row names,
// which the next read-write open of the database removes before anything
// else can write (clean_orphan_row_files).
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"
#include "store/parquet_writer.hpp"

namespace planwise::store {

// The tables kept as files, in the order of their folders.
const std::vector<std::string>& row_file_tables();
// Their columns, named and typed as schema.cpp creates the tables (the
// output tables' file has no rowid: the views number its rows).
std::vector<ParquetColumn> row_file_schema(const std::string& table);
// The DuckDB type of a column's kind, as the appender of a keyed table
// takes it when the run is stored in the database's tables (keyed_rows.cpp).
duckdb_type duckdb_type_of(ParquetKind kind);
// CREATE TABLE IF NOT EXISTS for a keyed table (employees, snapshot_rows,
// event_rows) from row_file_schema: one list of their columns (schema.cpp).
std::string create_keyed_table_sql(const std::string& table);

// P.rows for a file database; empty for an in-memory or scratch one.
std::filesystem::path row_files_dir(const std::string& db_path, OpenMode mode);
std::filesystem::path run_row_file(const std::filesystem::path& dir, const std::string& table,
                                   std::int64_t run_key);

// After Database::open's schema: a read-write open makes the folders and
// their empty files when missing; then, when they exist, the connection
// gets the temporary views. A query-only open is let read the folder, and
// only it, before its sandbox is locked (database.cpp), and makes its views
// at once; any other connection makes them before its first statement that
// names a run table or a view over one (create_row_views_for, which every
// Database statement call runs first).
Status attach_row_files(Database& db);
Status create_row_views_for(Database& db, const std::string& sql);
Status create_pending_row_views(Database& db);
// After a write transaction: views made inside one that did not commit are
// gone with it, and pending again.
void settle_row_views(Database& db, bool committed);

// "catalog".main.table: the table in the database, not the view over it.
std::string native_table(Database& db, const std::string& table);

// A new read-write instance, before any connection writes: removes run
// files no run names and temporaries of writers that died.
void clean_orphan_row_files(duckdb_database db, const std::string& path);

// A purge, inside its transaction: the run's employee-level files are set
// aside (renamed out of the views' glob); after the transaction they are
// removed if it committed, else put back. A process killed in between
// leaves them to the next read-write open, which does the same by whether
// the run is purged.
Status hide_purged_row_files(const std::filesystem::path& dir, std::int64_t run_key);
void finish_purged_row_files(const std::filesystem::path& dir, std::int64_t run_key,
                             bool committed);

// Removes a run's files (a rolled-back or deleted run). Missing files are
// not an error.
void remove_run_row_files(const std::filesystem::path& dir, std::int64_t run_key);

// The writer of a run's file of `table`, with the table's columns.
Result<std::unique_ptr<ParquetWriter>> create_run_row_file(const std::filesystem::path& dir,
                                                           const std::string& table,
                                                           std::int64_t run_key);

}  // namespace planwise::store
