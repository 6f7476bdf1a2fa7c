// Issue 13 item 1: next year's members are written where they are made: the
// members' rows by the member pass while they are in cache, the hires' after
// the new-hire terminations. A separate copy of every active row afterwards
// (YearFrame::prepare_carry) read the whole year again on one thread.
#include <algorithm>

#include "engine/draw_batch.hpp"
#include "engine/member_rows.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {

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
