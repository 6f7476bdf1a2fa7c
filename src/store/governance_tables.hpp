// Issue 11 (governance, tuning.md §6): change requests with their cells and
// simulated impact per year, and each scenario's governance settings and
// publication. Plain reads and writes; the rules live in governance/ and
// the use cases in app/governance_*.cpp. Added after schema version 1: a
// read-only open of an older file reads "no requests" and every default.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

// Timestamps are ISO-8601 UTC text; an empty string is "not yet".
struct ChangeRequestRow {
  std::string request_id;  // CR-1, CR-2, ...
  std::string scenario_id;
  std::string kind;   // change | optimization | rollback
  std::string state;  // draft | pending | approved | rejected | published | rolled_back
  std::string requester;
  std::string justification;
  std::string created_at;
  std::string submitted_at;
  std::string decided_at;
  std::string decided_by;  // the approver, or governance::kAutoApprover
  std::string decision_reason;
  bool auto_approved = false;
  std::string published_at;
  std::string published_by;
  std::string rolled_back_at;
  std::string rolled_back_by_request;  // the rollback request that undid this one
  std::string rollback_of;             // kind rollback: the request it undoes
  std::string optimization_run_id;     // kind optimization
  // The impact, simulated against the published plan whose digest this is.
  std::string base_digest;
  std::uint64_t seed = 0;
  std::string simulated_at;
  double cost_impact = 0.0;  // proposed - published total payroll (prorated), all years
  std::int64_t employees_affected = 0;
  std::optional<double> growth_change;    // mean avg-pay growth, proposed - published
  std::optional<double> budget_variance;  // proposed planned - cap, over every cap; null: no caps
  int risk_score = 0;
  std::string risk_level;    // LOW | MEDIUM | HIGH
  std::string impact_class;  // LOW | MEDIUM | HIGH (cost alone)
  std::string risk_factors;  // JSON array of {factor, detail, points}
};

struct RequestCellRow {
  int year = 0;
  int level = 0;
  std::string parameter;
  double old_value = 0.0;  // the published value the impact was simulated against
  double new_value = 0.0;
};

struct RequestYearRow {
  int year = 0;
  double cost_published = 0.0;  // total payroll (prorated)
  double cost_proposed = 0.0;
  std::int64_t headcount_published = 0;  // end of year
  std::int64_t headcount_proposed = 0;
  std::optional<double> avg_pay_published;  // average FYE pay of actives on 31 Dec
  std::optional<double> avg_pay_proposed;
  std::optional<double> growth_published;  // average-pay growth
  std::optional<double> growth_proposed;
  std::optional<double> budget_variance;  // null: no cap in this year
};

struct ChangeRequest {
  ChangeRequestRow row;
  std::vector<RequestCellRow> cells;
  std::vector<RequestYearRow> years;
};

// A scenario's governance settings and publication (defaults when no row).
struct ScenarioGovernanceRow {
  std::string scenario_id;
  double approval_threshold = 1'000'000.0;
  bool auto_approve = false;
  bool auto_publish = false;
  std::string published_at;  // empty: a draft scenario, never published
  std::string published_by;
  std::string published_request;  // the request published last
  std::int64_t publications = 0;
};

struct RequestFilter {
  std::string scenario_id;  // empty: every scenario
  std::string state;        // empty: every state
  std::string requester;    // empty: anyone
};

Status ensure_governance_tables(Database& db);
Result<bool> governance_tables_exist(Database& db);

// The next free id, CR-<n> (a sequence: ids are never reused).
Result<std::string> next_request_id(Database& db);
// Inserts a request with its cells and years.
Status insert_request(Database& db, const ChangeRequest& request);
// Rewrites the request row (state, decision, publication fields).
Status update_request_row(Database& db, const ChangeRequestRow& row);
// Replaces the cells and years and the row's impact (a rebase).
Status replace_request(Database& db, const ChangeRequest& request);
Result<std::optional<ChangeRequest>> read_request(Database& db, const std::string& request_id);
// Newest first, without cells and years.
Result<std::vector<ChangeRequestRow>> list_requests(Database& db, const RequestFilter& filter);
Result<std::vector<RequestCellRow>> request_cells(Database& db, const std::string& request_id);

Result<ScenarioGovernanceRow> scenario_governance(Database& db, const std::string& scenario_id);
Status write_scenario_governance(Database& db, const ScenarioGovernanceRow& row);
// Re-keys a scenario's requests and settings (a rename).
Status rename_scenario_governance(Database& db, const std::string& from, const std::string& to);
// Requests naming the scenario (a scenario with requests is not deleted).
Result<std::int64_t> count_requests_about(Database& db, const std::string& scenario_id);

}  // namespace planwise::store
