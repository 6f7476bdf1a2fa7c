// Spec §4.1 and §1.5: start-of-year attributes. Age and tenure are the
// calendar-year differences, recomputed every year from the birth and hire
// years (fixed at creation from the dates). Each later step writes every
// column it owns, so nothing else needs clearing here.
#include <algorithm>

#include "engine/draw_batch.hpp"
#include "engine/member_rows.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {

void start_year(YearFrame& f, int year) {
  f.begin_year(year);
  const auto n = static_cast<std::int64_t>(f.member_count);
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t j = 0; j < n; ++j) member_rows::start_row(f, static_cast<std::size_t>(j), year);
}

// Blocks of kDrawBlock members: the block's TERM_SELECT draws are computed
// together (vectorised), then each member's row functions run.
void start_year_and_draw_terminations(YearFrame& f, int year, const TerminationWeights& weights) {
  f.begin_year(year);
  const auto n = static_cast<std::int64_t>(f.member_count);
  const auto block = static_cast<std::int64_t>(kDrawBlock);
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t b = 0; b < n; b += block) {
    const auto first = static_cast<std::size_t>(b);
    const std::size_t end = static_cast<std::size_t>(std::min(n, b + block));
    uniforms(&f.state[first], end - first, year, kTermSelect, f.salts, &f.term_draw[first]);
    for (std::size_t i = first; i < end; ++i) {
      member_rows::start_row(f, i, year);
      member_rows::weigh_termination(f, i, weights);
    }
  }
}

}  // namespace planwise::engine
