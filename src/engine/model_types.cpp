#include "engine/model_types.hpp"

#include <cstring>

namespace planwise::engine {

namespace {
std::size_t format_with_prefix(const char* prefix, char separator, int year, std::uint32_t seq,
                               char* out) {
  std::size_t len = std::strlen(prefix);
  std::memcpy(out, prefix, len);
  for (int div = 1000; div > 0; div /= 10) out[len++] = static_cast<char>('0' + (year / div) % 10);
  out[len++] = separator;
  char digits[12];
  int count = 0;
  for (std::uint32_t v = seq; v > 0 || count == 0; v /= 10)
    digits[count++] = static_cast<char>('0' + v % 10);
  for (int pad = count; pad < 6; ++pad) out[len++] = '0';
  while (count > 0) out[len++] = digits[--count];
  return len;
}
}  // namespace

std::size_t format_hire_id(int year, std::uint32_t seq, char* out) {
  return format_with_prefix("NH_", '_', year, seq, out);
}
std::size_t format_hire_ssn(int year, std::uint32_t seq, char* out) {
  return format_with_prefix("SSN-NH-", '-', year, seq, out);
}

}  // namespace planwise::engine
