// Issue 14 item 2: `planwise runs export RUN --format csv|parquet|xlsx --out
// PATH [--table T]`: one table as CSV or Parquet (app/table_export), or the
// run's workbook (app/run_workbook; with a table, that table's workbook when
// it fits Excel). Every format is written to a temporary file beside PATH
// and renamed into place: on any error nothing is left at PATH.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "app/table_export.hpp"

namespace planwise::app {

enum class RunExportFormat { kCsv, kParquet, kXlsx };

// csv, parquet or xlsx; anything else is an input error naming `field`
// (--format on the command line, format in the API).
Result<RunExportFormat> parse_export_format(const std::string& text, const std::string& field);

struct RunExportRequest {
  std::string db_path;
  std::string run_id;
  RunExportFormat format = RunExportFormat::kXlsx;
  // csv and parquet: the table (default year_summary); xlsx: none for the
  // run workbook, or one table.
  std::optional<std::string> table;
  PersonalData personal = PersonalData::kMasked;
  std::filesystem::path out;
  std::string exported_at;  // ISO-8601 UTC, on the workbook's Provenance sheet
};

Status export_run_file(const RunExportRequest& request);

// `bytes` written to a temporary file beside `out`, renamed into place.
Status write_file_atomically(const std::filesystem::path& out, const std::string& bytes);

}  // namespace planwise::app
