// The audit trail's rules (issue 3, tuning.md §6.1): entries are appended
// with a sequence number and the hash of the entry before, so any edited,
// deleted or reordered row breaks the chain and verification names the
// first bad entry.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/audit_table.hpp"

namespace planwise::levers {

inline constexpr const char* kParameterChange = "PARAMETER_CHANGE";
inline constexpr const char* kScenarioCreated = "SCENARIO_CREATED";
inline constexpr const char* kScenarioRenamed = "SCENARIO_RENAMED";
inline constexpr const char* kScenarioDeleted = "SCENARIO_DELETED";
inline constexpr const char* kLockChanged = "LOCK_CHANGED";
// Issue 10 items 1, 3, 4.
inline constexpr const char* kScenarioArchived = "SCENARIO_ARCHIVED";
inline constexpr const char* kScenarioUnarchived = "SCENARIO_UNARCHIVED";
inline constexpr const char* kScenarioTargetSet = "SCENARIO_TARGET_SET";
inline constexpr const char* kBudgetCapsSet = "BUDGET_CAPS_SET";
inline constexpr const char* kSimulationRun = "SIMULATION_RUN";
inline constexpr const char* kOptimizationRun = "OPTIMIZATION_RUN";

// Hash of the first entry's "previous entry".
inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The hash of an entry: SHA-256 of its fields and the previous hash, in a
// fixed text form.
std::string entry_hash(const store::AuditRow& row);

// Appends entries (their seq, prev_hash and entry_hash are filled here).
// Call inside the transaction that makes the change they describe.
Status append_audit(store::Database& db, std::vector<store::AuditRow> entries);

struct AuditVerification {
  bool intact = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_bad_seq;  // as stored in the bad row
  std::int64_t first_bad_position = 0;        // 1-based position in the log
  std::string problem;
};
Result<AuditVerification> verify_audit(store::Database& db);

}  // namespace planwise::levers
