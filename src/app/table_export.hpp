// Exporting one output table of a stored run (issue 9): as text rows, as
// CSV written piece by piece, or as the bytes of a Parquet file. Personal
// data (SSNs, birth dates) leaves only when the caller passes kFull, which
// needs the employee_data right; see store::PersonalData for what kMasked
// shows instead.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "common/result.hpp"
#include "store/database.hpp"
#include "store/run_tables.hpp"

namespace planwise::app {

using store::PersonalData;

// Tables with a row per employee (yearly_events, workforce_snapshot,
// baseline_workforce, census_duplicates_audit): refused to roles without
// the employee_rows right. Aggregates (year_summary, ...) are not.
bool is_employee_level_table(const std::string& table);

// What every export checks before it writes anything: the table name
// (invalid input naming `table`), the run (not found), and for an
// employee-level table whether its rows were purged (not found: "... were
// purged on YYYY-MM-DD"). The API calls it before it starts a streamed body.
Status check_table_export(const std::string& db_path, const std::string& run_id,
                          const std::string& table);

Result<store::TextResult> stored_table(const std::string& db_path, const std::string& run_id,
                                       const std::string& table, PersonalData personal);

// The bytes of a Parquet file of the table, written in a private temporary
// folder (mkdtemp, mode 0700) that is removed on every path. The run id must
// be a stored run's and use only letters, digits, '_', '-' and '.'.
Result<std::string> stored_table_parquet(const std::string& db_path, const std::string& run_id,
                                         const std::string& table, PersonalData personal);

// Receives one piece of CSV; false when the reader has gone.
using CsvPieceWriter = std::function<bool(const char* data, std::size_t size)>;

// The table as CSV, byte for byte what query_table_csv(stored_table(...))
// gives, fetched a DuckDB chunk at a time and written in pieces of about
// 64 KiB, so the table is never held in memory. The errors of
// check_table_export come before the first byte. When `write` returns false
// it stops and returns a kCancelled error.
Status stream_table_csv(const std::string& db_path, const std::string& run_id,
                        const std::string& table, PersonalData personal,
                        const CsvPieceWriter& write);

}  // namespace planwise::app
