// Employee id text on demand: census ids from the staged arena, hire ids
// formatted from (year, seq) into a caller's stack buffer (spec §7). Used
// for the byte-wise id tie-break of every selection (§3.6) and by writers.
#pragma once

#include <string_view>

#include "common/string_column.hpp"
#include "engine/draws.hpp"
#include "engine/model_types.hpp"

namespace planwise::engine {

// id_key of the hire ids of one year, without formatting each id. Every id
// is "NH_" YYYY "_" and the sequence number padded to six digits
// (format_hire_id), so the FNV-1a state after the first eight bytes is
// computed once and each hire hashes only its digits: id_key's steps on the
// formatted text, byte for byte.
class HireIdKeys {
 public:
  explicit HireIdKeys(int year) {
    char text[kHireIdBufferSize];
    const std::size_t length = format_hire_id(year, 0, text);  // the digits are "000000"
    for (std::size_t k = 0; k + kPadDigits < length; ++k) prefix_ = fnv1a_step(prefix_, text[k]);
  }
  std::uint64_t operator()(std::uint32_t seq) const { return mix64(after_digits(seq, kPadDigits)); }
  // out[k] = (*this)(first + k) for k < n. Sequence number 10q + d is
  // written as q padded to five digits, then the digit d, so ten
  // consecutive numbers share the state after q's digits: it is computed
  // once per ten hires, and each adds one step (issue 13: the per-hire
  // digits were a fifth of the hires' step).
  void of_range(std::uint32_t first, std::size_t n, std::uint64_t* out) const {
    std::uint32_t seq = first;
    std::size_t k = 0;
    while (k < n) {
      const std::uint64_t h = after_digits(seq / 10, kPadDigits - 1);
      for (std::uint32_t d = seq % 10; d < 10 && k < n; ++d, ++k, ++seq)
        out[k] = mix64(fnv1a_step(h, static_cast<char>('0' + d)));
    }
  }

 private:
  static constexpr int kPadDigits = 6;
  // The FNV-1a state after the prefix and `value` padded to `pad` digits.
  std::uint64_t after_digits(std::uint32_t value, int pad) const {
    char digits[10];
    int count = 0;
    for (std::uint32_t v = value; v > 0 || count == 0; v /= 10)
      digits[count++] = static_cast<char>('0' + v % 10);
    std::uint64_t h = prefix_;
    for (int z = count; z < pad; ++z) h = fnv1a_step(h, '0');
    while (count > 0) h = fnv1a_step(h, digits[--count]);
    return h;
  }
  std::uint64_t prefix_ = kFnvBasis;
};

class EmployeeIds {
 public:
  EmployeeIds(const StringColumn& census_ids, const StringColumn& census_ssns)
      : ids_(&census_ids), ssns_(&census_ssns) {}

  // `buffer` must hold kHireIdBufferSize chars; the view may point into it.
  std::string_view id(EmployeeRef ref, char* buffer) const {
    if (!ref.is_hire()) return (*ids_)[ref.census_index()];
    return {buffer, format_hire_id(ref.hire_year(), ref.hire_seq(), buffer)};
  }
  std::string_view ssn(EmployeeRef ref, char* buffer) const {
    if (!ref.is_hire()) return (*ssns_)[ref.census_index()];
    return {buffer, format_hire_ssn(ref.hire_year(), ref.hire_seq(), buffer)};
  }
  // Byte-wise "a < b" on the id text.
  bool less(EmployeeRef a, EmployeeRef b) const {
    char buffer_a[kHireIdBufferSize];
    char buffer_b[kHireIdBufferSize];
    return id(a, buffer_a) < id(b, buffer_b);
  }

 private:
  const StringColumn* ids_;
  const StringColumn* ssns_;
};

}  // namespace planwise::engine
