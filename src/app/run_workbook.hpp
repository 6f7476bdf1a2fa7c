// Issue 14 item 2: a stored run as one Excel workbook. Sheets, in order:
//   Year summary, Compensation growth, Pay budget (by year and level),
//   Events by level (events counted by year, type and level),
//   Snapshot by level (head count and pay by year, status and level),
//   Provenance (engine version, seed, input hashes, run id, the run's real
//   created time, scenario, the export time).
// Aggregates only: no SSN, no employee row. A run whose employee rows were
// purged has no Events/Snapshot sheets; Provenance says when they went.
// A row-level table goes to its own workbook only when it fits Excel.
#pragma once

#include <string>

#include "app/table_export.hpp"
#include "app/workbook_sheets.hpp"

namespace planwise::app {

inline constexpr const char* kRunWorkbookSheets[] = {
    "Year summary",    "Hires by level",    "Compensation growth", "Pay budget",
    "Events by level", "Snapshot by level", "Provenance"};

// `exported_at` is ISO-8601 UTC (utc_now_iso() in the transports). An
// unknown run is not found.
Result<io::XlsxWorkbook> run_workbook(const std::string& db_path, const std::string& run_id,
                                      const std::string& exported_at);

// One output table of a run as a workbook (its sheet, then Provenance),
// with personal data as table_export gives it. A table with more rows than
// an Excel sheet holds is an input error naming `table`, which points to
// CSV and Parquet; the rows are counted before any is read.
Result<io::XlsxWorkbook> table_workbook(const std::string& db_path, const std::string& run_id,
                                        const std::string& table, PersonalData personal,
                                        const std::string& exported_at);

}  // namespace planwise::app
