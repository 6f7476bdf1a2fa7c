// Issue 11 item 5 (tuning.md §6.4): the governance reports as DuckDB views,
// so analysts' SQL (`planwise sql`) and the app read the same figures. The
// views are created (CREATE OR REPLACE) by ensure_schema on read-write
// opens; a read-only open of a file that predates them runs the same SELECT
// directly (read_governance_report). The definitions of every column are in
// governance_reports.cpp beside the SQL and in docs/governance.md "Reports".
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

struct GovernanceReportView {
  const char* name;      // v_parameter_audit_trail, ...
  const char* order_by;  // the order the report lists its rows in
  std::string select;    // the view's SELECT
};

// The five views, in the order of tuning.md §6.4.
const std::vector<GovernanceReportView>& governance_report_views();
const GovernanceReportView* find_governance_report_view(const std::string& name);

// Creates or replaces every view and marks them with this program's
// definition version (a view comment), so a later definition replaces them.
Status ensure_governance_report_views(Database& db);
// True when every view exists with this program's definition version.
Result<bool> governance_report_views_current(Database& db);

// The rows of one view, of one scenario (empty: all), in the view's order.
// When the file predates the view (a read-only open) the SELECT runs
// directly; when it predates the governance tables the error says so.
Result<TextResult> read_governance_report(Database& db, const std::string& view,
                                          const std::string& scenario);

// The audit entries that name a change request in their JSON details
// (CHANGE_REQUESTED ... SCENARIO_PUBLISHED, PARAMETER_ROLLBACK), in
// order, for the executive report's evidence: those of one request, or of
// every request of one scenario (the other argument empty).
struct RequestAuditEntry {
  std::int64_t seq = 0;
  std::string occurred_at;  // ISO-8601 UTC
  std::string event_type;
  std::string request_id;
  std::string actor;
  std::string entry_hash;
};
Result<std::vector<RequestAuditEntry>> request_audit_entries(Database& db,
                                                             const std::string& scenario,
                                                             const std::string& request_id);

}  // namespace planwise::store
