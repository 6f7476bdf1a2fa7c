// Exporting one output table of a stored run (issue 9): as text rows, as
// CSV written piece by piece, or as the bytes of a Parquet file. Personal
// data (SSNs, birth dates) leaves only when the caller passes kFull, which
// needs the employee_data right; see store::PersonalData for what kMasked
// shows instead.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "common/result.hpp"
#include "store/database.hpp"
#include "store/run_tables.hpp"

namespace planwise::app {

using store::PersonalData;

// The created_at column of an export (issue 14 item 3). Stored rows and
// `simulate --export` files hold the logical engine timestamp, so the
// deterministic outputs stay byte-identical; an export of a stored run shows
// the run record's real time (store::RunRecord::created_at) instead.
// kLogical gives the stored value (the golden pins hash it).
enum class CreatedAt { kRunRecord, kLogical };

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
                                       const std::string& table, PersonalData personal,
                                       CreatedAt created_at = CreatedAt::kRunRecord);

// The bytes of a Parquet file of the table, written in a private temporary
// folder (mkdtemp, mode 0700) that is removed on every path. The run id must
// be a stored run's and use only letters, digits, '_', '-' and '.'.
Result<std::string> stored_table_parquet(const std::string& db_path, const std::string& run_id,
                                         const std::string& table, PersonalData personal,
                                         CreatedAt created_at = CreatedAt::kRunRecord);

// Receives one piece of CSV; false when the reader has gone.
using CsvPieceWriter = std::function<bool(const char* data, std::size_t size)>;

// The table as CSV, byte for byte what query_table_csv(stored_table(...))
// gives, fetched a DuckDB chunk at a time and written in pieces of about
// 64 KiB, so the table is never held in memory. The errors of
// check_table_export come before the first byte. When `write` returns false
// it stops and returns a kCancelled error.
Status stream_table_csv(const std::string& db_path, const std::string& run_id,
                        const std::string& table, PersonalData personal,
                        const CsvPieceWriter& write, CreatedAt created_at = CreatedAt::kRunRecord);

// The export as a file at `file` (format "csv": the bytes of
// stream_table_csv; "parquet": those of stored_table_parquet), written
// through a temporary beside it (app/temp_beside.hpp: mode 0600, nothing
// left on an error) and renamed once complete, so the file's size is
// known before a byte is sent (issue 14 item 3: Content-Length, no
// compression on the fly). The checks of check_table_export come first.
Status write_table_file(const std::string& db_path, const std::string& run_id,
                        const std::string& table, const std::string& format, PersonalData personal,
                        const std::filesystem::path& file);

}  // namespace planwise::app
