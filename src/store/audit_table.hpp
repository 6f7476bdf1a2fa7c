// The append-only audit_log table (issue 3, tuning.md §6.1). Entries are
// written with their sequence number and hashes already computed
// (levers/audit_trail.cpp owns the chain rules); this file only reads and
// appends rows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

struct AuditRow {
  std::int64_t seq = 0;
  std::string occurred_at;  // ISO-8601 UTC
  std::string event_type;   // PARAMETER_CHANGE, SCENARIO_CREATED, ...
  std::string scenario_id;
  std::optional<int> fiscal_year;
  std::optional<int> job_level;
  std::string parameter_name;
  std::optional<double> old_value;
  std::optional<double> new_value;
  std::string actor;
  std::string reason;
  std::string details;  // free text or JSON
  std::string prev_hash;
  std::string entry_hash;
  // How entry_hash was made (levers/audit_trail.hpp kHashFormat*): 1 for
  // entries written before the column existed, 0 when a row records none.
  int hash_format = 0;
};

struct AuditFilter {
  std::string scenario_id;  // empty: every scenario
  std::string since;        // ISO-8601; empty: from the start
  std::string parameter_name;
  std::optional<int> fiscal_year;
  std::optional<int> job_level;
};

// Every entry, in stored order (by seq), for verification.
Result<std::vector<AuditRow>> all_audit_rows(Database& db);
Result<std::vector<AuditRow>> audit_rows(Database& db, const AuditFilter& filter);
Result<std::optional<AuditRow>> last_audit_row(Database& db);
// Appends rows and moves the head to the last of them.
Status append_audit_rows(Database& db, const std::vector<AuditRow>& rows);
struct AuditHead {
  std::int64_t seq = 0;
  std::string entry_hash;
};
Result<std::optional<AuditHead>> audit_head(Database& db);
// Entries naming a scenario, other than its creation.
Result<std::int64_t> count_audit_rows_about(Database& db, const std::string& scenario_id);

}  // namespace planwise::store
