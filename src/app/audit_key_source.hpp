// Where the audit trail's HMAC key comes from (issue 11 item 4): the
// environment, never the database. PLANWISE_AUDIT_KEY_FILE names a file
// whose contents are the key (trailing line breaks removed), readable by
// its owner only; PLANWISE_AUDIT_KEY holds the key itself. A key given but
// unusable is an error, never a fall back to an unkeyed trail.
#pragma once

#include <optional>
#include <string>

#include "common/result.hpp"

namespace planwise::app {

inline constexpr const char* kAuditKeyFileVariable = "PLANWISE_AUDIT_KEY_FILE";
inline constexpr const char* kAuditKeyVariable = "PLANWISE_AUDIT_KEY";

// The two variables' values (nullopt or empty: not set).
struct AuditKeySource {
  std::optional<std::string> key_file;
  std::optional<std::string> key;
};

// The key the source gives, nullopt when it gives none. Errors (InvalidInput,
// naming the file and a rule): both variables set (audit_key_ambiguous), a
// key file that cannot be read (audit_key_file_unreadable) or that group or
// others may read (audit_key_file_permissions), a key shorter than 32 bytes
// (audit_key_too_short).
Result<std::optional<std::string>> read_audit_key(const AuditKeySource& source);

// Reads the two environment variables and sets the process's audit key
// (levers/audit_key.hpp) when they give one. Called once at start-up by
// each transport, before any database is opened. Returns whether a key is set.
Result<bool> use_audit_key_from_environment();

}  // namespace planwise::app
