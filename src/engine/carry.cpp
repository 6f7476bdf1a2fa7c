// Issue 13 item 1: next year's members are written where they are made: the
// members' rows by the member pass while they are in cache, the hires' after
// the new-hire terminations. A separate copy of every active row afterwards
// (YearFrame::prepare_carry) read the whole year again on one thread.
#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PLANWISE_STREAM_STORES 1
#endif

#include "engine/draw_batch.hpp"
#include "engine/member_rows.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {

namespace {

// to[k] = from[at[k]] for k < n: one column of a block's stayers. Eight- and
// four-byte values are stored around the caches (non-temporal): next
// year's rows are not read again this year, and a plain store would first
// read each of their lines from memory (issue 13: a few ms a run at
// 1,000,000 members). carry_stayers fences the stores.
template <class T>
void gather_column(T* __restrict to, const T* __restrict from, const std::uint16_t* __restrict at,
                   std::size_t n) {
#ifdef PLANWISE_STREAM_STORES
  if constexpr (sizeof(T) == 8) {
    for (std::size_t k = 0; k < n; ++k) {
      long long bits;
      std::memcpy(&bits, &from[at[k]], sizeof bits);
      _mm_stream_si64(reinterpret_cast<long long*>(&to[k]), bits);
    }
    return;
  } else if constexpr (sizeof(T) == 4) {
    for (std::size_t k = 0; k < n; ++k) {
      int bits;
      std::memcpy(&bits, &from[at[k]], sizeof bits);
      _mm_stream_si32(reinterpret_cast<int*>(&to[k]), bits);
    }
    return;
  }
#endif
  for (std::size_t k = 0; k < n; ++k) to[k] = from[at[k]];
}

}  // namespace

std::size_t carry_stayers(YearFrame& f, std::size_t first, std::size_t len, std::size_t out,
                          std::uint16_t* stay) {
  std::size_t n = 0;
  const DayNumber* exit = f.exit_date.data() + first;
  for (std::size_t k = 0; k < len; ++k) {
    stay[n] = static_cast<std::uint16_t>(k);
    n += exit[k] == kNoDate ? 1 : 0;
  }
  YearFrame::Carried& x = f.next;
  gather_column(x.ref.data() + out, f.ref.data() + first, stay, n);
  gather_column(x.state.data() + out, f.state.data() + first, stay, n);
  gather_column(x.birth_date.data() + out, f.birth_date.data() + first, stay, n);
  gather_column(x.hire_date.data() + out, f.hire_date.data() + first, stay, n);
  gather_column(x.birth_year.data() + out, f.birth_year.data() + first, stay, n);
  gather_column(x.hire_year.data() + out, f.hire_year.data() + first, stay, n);
  gather_column(x.start_salary.data() + out, f.salary.data() + first, stay, n);
  gather_column(x.start_level.data() + out, f.level.data() + first, stay, n);
#ifdef PLANWISE_STREAM_STORES
  _mm_sfence();  // the streamed stores are seen before anything after them
#endif
  return n;
}

std::vector<std::uint32_t> member_carry_offsets(const YearFrame& f) {
  const std::size_t n = f.member_count;
  const std::size_t blocks = (n + kDrawBlock - 1) / kDrawBlock;
  std::vector<std::uint32_t> at(blocks + 1, 0);
  const auto count = static_cast<std::int64_t>(blocks);
  // A member stays when no exit date was drawn (§4.2); at[b + 1] counts
  // block b's stayers, summed into first rows below.
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t b = 0; b < count; ++b) {
    const std::size_t first = static_cast<std::size_t>(b) * kDrawBlock;
    const std::size_t end = std::min(n, first + kDrawBlock);
    std::uint32_t stay = 0;
    for (std::size_t i = first; i < end; ++i) stay += f.exit_date[i] == kNoDate ? 1u : 0u;
    at[static_cast<std::size_t>(b) + 1] = stay;
  }
  for (std::size_t b = 1; b <= blocks; ++b) at[b] += at[b - 1];
  return at;
}

void carry_active_rows(YearFrame& f, std::size_t first_row, std::size_t first_out) {
  std::size_t actives = 0;
  for (std::size_t row = first_row; row < f.size(); ++row)
    actives += is_active(f.status[row]) ? 1 : 0;
  f.size_carry(first_out + actives);
  std::size_t out = first_out;
  for (std::size_t row = first_row; row < f.size(); ++row) {
    if (is_active(f.status[row])) member_rows::carry_row(f, row, out++);
  }
}

}  // namespace planwise::engine
