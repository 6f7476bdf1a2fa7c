// Secrets for access control (issue 9): API tokens and session ids made from
// the operating system's randomness, their stored form (a SHA-256 digest,
// never the token), and a comparison whose time does not depend on where
// two secrets first differ. libsodium supplies the randomness and the
// constant-time compare; sodium.h stays inside secrets.cpp.
#pragma once

#include <string>
#include <string_view>

namespace planwise {

// 256 random bits from the OS as 64 lowercase hex digits. Throws
// std::runtime_error if the OS has no randomness to give (never expected).
std::string random_token();

// The form a token is stored in: the SHA-256 of its text, 64 hex digits. A
// 256-bit random token needs no slow password hash: guessing a preimage is
// as hard as guessing the token.
std::string token_digest(std::string_view token);

// True when a and b are equal; for equal lengths the time taken does not
// depend on their contents.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace planwise
