// The structs the CLI prints, as JSON and back (issue 14 item 4): a CLI
// command on a database held by `planwise serve` asks the server's API,
// turns the answer back into the struct the local command gets from app/,
// and prints it with the same function, so both paths print the same text.
// Every value the printers read round-trips exactly (doubles as shortest
// round-trip text, enums as their index).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "api/run_json.hpp"
#include "app/lever_commands.hpp"
#include "app/run_history.hpp"
#include "app/sql_query.hpp"
#include "common/result.hpp"

namespace planwise::api {

// A stored run with its marks, as `runs list` prints it.
using RunListRow = std::pair<store::RunRecord, RunMarks>;

// {columns, types, rows: [[text or null]]}: a query result without any
// conversion, for the CLI's table, CSV and JSON printers.
std::string query_table_lossless_json(const app::QueryTable& table);
Result<app::QueryTable> query_table_from_json(const std::string& text);

// {runs: [{run_id, created_at, scenario, seed, start_year, end_year, status,
// warning_count, total_ms, marks}]}: the fields `runs list` prints.
std::string run_list_json(const std::vector<RunListRow>& rows);
Result<std::vector<RunListRow>> run_list_from_json(const std::string& text);

// A stored run's record (every column), its year summary, effective lever
// set and warnings, and its purge, as `runs show` prints them.
std::string run_details_json(const app::RunDetails& details);
Result<app::RunDetails> run_details_from_json(const std::string& text);

// The effective levers with their sources, the stored cells and the issues.
std::string lever_view_json(const app::LeverView& view);
Result<app::LeverView> lever_view_from_json(const std::string& text);

// A lever write's plan (changes, skipped locked cells, lock changes,
// issues), whether it was written, and its time; not the impact preview.
std::string lever_outcome_json(const app::LeverWriteOutcome& outcome);
Result<app::LeverWriteOutcome> lever_outcome_from_json(const std::string& text);

// GET /api/audit's {entries: [...]} (api/audit_json) back as the rows
// `audit log` prints.
Result<std::vector<store::AuditRow>> audit_rows_from_json(const std::string& text);

// POST /api/snapshots's {path, bytes}.
Result<std::pair<std::string, std::uintmax_t>> snapshot_from_json(const std::string& text);

// Request bodies the CLI sends, built here so src/cli needs no JSON library.
std::string sql_request_json(const std::string& query, const std::string& format);
std::string levers_set_request_json(const std::string& scenario,
                                    const std::vector<std::string>& assignments,
                                    const app::SelectorText& where, const std::string& reason,
                                    bool confirm);
std::string levers_lock_request_json(const std::string& scenario, const std::string& parameter,
                                     const app::SelectorText& where, bool lock,
                                     const std::string& reason);

// An API error body {error, field, detail} as the CLI's Error: 400 an input
// error naming the field, 401/403 a conflict, 404 not found, else storage.
Error api_error_of(int status, const std::string& body, const std::string& server);

}  // namespace planwise::api
