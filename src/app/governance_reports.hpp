// Issue 11 item 5 (tuning.md §6.4): the governance reports. Each is a DuckDB
// view (store/governance_reports.cpp) read here into one table shape that
// the CLI prints or writes as CSV or HTML and the API sends as JSON, CSV or
// HTML. The executive report document is app/executive_report.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace planwise::app {

enum class ReportName { kAuditTrail, kApprovals, kChangeHistory, kExecutiveSummary, kCompliance };

// audit-trail, approvals, change-history, executive-summary, compliance.
std::string report_slug(ReportName name);
// "Parameter audit trail", ...
std::string report_title(ReportName name);
const std::vector<ReportName>& all_reports();
// An unknown name is an input error naming `field` and listing the names
// (executive-report is handled by the caller: it is a document, not a table).
Result<ReportName> parse_report_name(const std::string& text, const std::string& field);

struct ReportFilter {
  std::string scenario;  // empty: every scenario
};

struct ReportTable {
  ReportName name = ReportName::kAuditTrail;
  std::string title;
  std::string view;  // the DuckDB view it reads, for analysts' SQL
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // null = nullopt
  double elapsed_ms = 0.0;
};

// Reads the report from the database at `db_path` (read-only).
Result<ReportTable> governance_report(const std::string& db_path, ReportName name,
                                      const ReportFilter& filter = {});

// RFC 4180 CSV, header first; nulls are empty fields.
std::string report_csv(const ReportTable& table);
// A whole, self-contained HTML page holding the table (print-friendly).
std::string report_html(const ReportTable& table);

}  // namespace planwise::app
