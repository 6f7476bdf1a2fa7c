#include "common/hmac_sha256.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace planwise {

std::string hmac_sha256_hex(std::string_view key, std::string_view text) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  // The multi-part API takes a key of any length (longer keys are hashed
  // first, RFC 2104 §2); the one-shot crypto_auth_hmacsha256 takes exactly 32 bytes.
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()),
                                text.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  std::string hex(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  hex.pop_back();  // the terminating NUL
  return hex;
}

}  // namespace planwise
