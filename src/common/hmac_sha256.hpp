// HMAC-SHA256 (RFC 2104, FIPS 198-1), for the audit trail's keyed hash
// chain (issue 11 item 4). libsodium computes it; sodium.h stays inside
// hmac_sha256.cpp.
#pragma once

#include <string>
#include <string_view>

namespace planwise {

// HMAC-SHA256 of `text` under `key` (any length) as 64 lowercase hex
// digits. Throws std::runtime_error if libsodium cannot be initialised
// (never expected).
std::string hmac_sha256_hex(std::string_view key, std::string_view text);

}  // namespace planwise
