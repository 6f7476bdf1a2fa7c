// The audit trail's rules (issue 3, tuning.md §6.1): entries are appended
// with a sequence number and the hash of the entry before, so any edited,
// deleted or reordered row breaks the chain and verification names the
// first bad entry. Issue 11 item 4: each entry records how its hash was
// made (its format), and with a key kept outside the database
// (levers/audit_key.hpp) the hash is an HMAC that someone who can edit the
// file but lacks the key cannot recompute.
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

// How an entry's hash is made (audit_log.hash_format). Formats only go up
// along the chain; a lower one after a higher one is a downgrade.
// 1: SHA-256 of the fields joined by 0x1f, which free text may contain, so
//    text moved across a field boundary can keep the hash (entries written
//    before issue 11; still verified).
// 2: SHA-256 of the length-prefixed text form (canonical_text).
// 3: HMAC-SHA256 of the length-prefixed text form under the audit key.
inline constexpr int kHashFormatLegacy = 1;
inline constexpr int kHashFormatSha256 = 2;
inline constexpr int kHashFormatHmac = 3;

// The text an entry's hash covers, in the form its hash_format names. In
// the length-prefixed form (2 and 3) every field is `<byte length>:<bytes>`
// and an absent optional is `-`, in the fixed order: format, seq,
// occurred_at, event_type, scenario_id, fiscal_year, job_level,
// parameter_name, old_value, new_value, actor, reason, details, prev_hash.
std::string canonical_text(const store::AuditRow& row);

// SHA-256 of the entry's text form: its hash in formats 1 and 2.
std::string entry_hash(const store::AuditRow& row);
// HMAC-SHA256 of the entry's text form under `key`: its hash in format 3.
std::string entry_hmac(const store::AuditRow& row, const std::string& key);

// Appends entries (their seq, prev_hash, hash_format and entry_hash are
// filled here): format 3 when an audit key is set, else format 2. Refused
// when the trail's last entry is keyed and no key, or another key, is set.
// Call inside the transaction that makes the change they describe.
Status append_audit(store::Database& db, std::vector<store::AuditRow> entries);

// Modes of verification (AuditVerification::mode).
inline constexpr const char* kModeSha256 = "SHA-256 chain";
inline constexpr const char* kModeHmac = "HMAC-SHA256 chain";

struct AuditVerifyOptions {
  // With a key: accept unkeyed entries (formats 1 and 2) at the start of the
  // trail, written before the key was introduced; they are checked as a
  // SHA-256 chain and counted in unkeyed_prefix.
  bool allow_unkeyed_prefix = false;
};

struct AuditVerification {
  bool intact = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_bad_seq;  // as stored in the bad row
  std::int64_t first_bad_position = 0;        // 1-based position in the log
  std::string problem;
  // kModeHmac when an audit key was set, else kModeSha256.
  std::string mode = kModeSha256;
  bool keyed = false;
  // Entries checked, by hash format (up to the first bad one).
  std::int64_t legacy_entries = 0;  // format 1
  std::int64_t sha256_entries = 0;  // format 2
  std::int64_t hmac_entries = 0;    // format 3
  // With a key: the leading unkeyed entries accepted (allow_unkeyed_prefix).
  std::int64_t unkeyed_prefix = 0;
  // Without a key: HMAC entries whose links were checked but whose contents
  // could not be.
  std::int64_t contents_unchecked = 0;
};
// Verifies with the process's audit key when one is set (audit_key.hpp).
Result<AuditVerification> verify_audit(store::Database& db, const AuditVerifyOptions& options = {});

}  // namespace planwise::levers
