// JSON shape of an audit trail verification (issue 11 item 4): the body of
// `planwise audit verify --json` and of GET /api/audit/verify.
#pragma once

#include <string>

#include "app/lever_commands.hpp"

namespace planwise::api {

// {"intact", "entries", "first_bad_seq", "first_bad_position", "problem",
//  "mode", "keyed", "formats": {"legacy", "sha256", "hmac_sha256"},
//  "unkeyed_prefix", "contents_unchecked"}.
std::string audit_verification_json(const levers::AuditVerification& v, int indent = 2);

}  // namespace planwise::api
