// Handlers of the export commands (issue 14 item 2); flags in export_flags.cpp.
#pragma once

#include <string>

#include "app/compare.hpp"
#include "app/run_export.hpp"
#include "cli/report_commands.hpp"

namespace planwise::cli {

struct RunExportOptions {
  std::string db = "planwise.duckdb";
  std::string run_id;
  std::string format;  // csv | parquet | xlsx (checked by the app, naming --format)
  std::string out;
  std::string table;                     // empty: xlsx the run workbook; csv/parquet year_summary
  std::string personal_data = "masked";  // masked | full
};
int run_runs_export(const RunExportOptions& o);

// `what` is "optimization" or "ensemble"; `format` only xlsx.
int run_record_export(const std::string& what, const std::string& db, const std::string& id,
                      const std::string& format, const std::string& out);

// compare --format csv|xlsx --out PATH.
int run_compare_export(const app::CompareRequest& request, const std::string& format,
                       const std::string& out);

// report NAME --format xlsx --out PATH.
int run_report_xlsx(const ReportOptions& o, const std::string& name);

}  // namespace planwise::cli
