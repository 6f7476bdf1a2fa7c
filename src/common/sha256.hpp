// SHA-256 (FIPS 180-4), for input provenance (spec §5.5 run_manifest) and the
// audit trail's hash chain. Plain standard C++; no library needed.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace planwise {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  // The digest as 64 lowercase hex digits. The object is spent afterwards.
  std::string hex_digest();

 private:
  void compress(const std::uint8_t* block, std::size_t blocks);
  void compress_portable(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

std::string sha256_hex(std::string_view text);

}  // namespace planwise
