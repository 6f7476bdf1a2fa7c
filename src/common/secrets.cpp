#include "common/secrets.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include "common/sha256.hpp"

namespace planwise {

namespace {

void ensure_sodium() {
  // sodium_init is safe to call from several threads and more than once.
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

std::string random_token() {
  ensure_sodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();  // the terminating NUL
  sodium_memzero(bytes.data(), bytes.size());
  return hex;
}

std::string token_digest(std::string_view token) {
  return sha256_hex(token);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  ensure_sodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace planwise
