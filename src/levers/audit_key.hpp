// The key of the audit trail's HMAC chain in this process (issue 11 item
// 4, tuning.md §6.1). The key lives outside the database: the app layer
// reads it once from the environment (app/audit_key_source.hpp) and sets it
// here, so every writer of the trail in the process, whichever database it
// opened, writes keyed entries and none can forget to. Verification reads it
// too. Tests set and clear it around themselves.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace planwise::levers {

// RFC 2104 §3: a key shorter than the hash output (32 bytes for SHA-256)
// weakens the MAC; such keys are refused.
inline constexpr std::size_t kMinAuditKeyBytes = 32;

// Sets the key for every later append and verification; a key shorter than
// kMinAuditKeyBytes is refused (InvalidInput) and the setting is unchanged.
Status set_audit_key(std::string key);
// Back to unkeyed: appends write SHA-256 entries again.
void clear_audit_key();
// The key, when one is set.
std::optional<std::string> audit_key();

}  // namespace planwise::levers
