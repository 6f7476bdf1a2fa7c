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

// One thread, in row order: it runs beside the year's aggregation, which
// holds the other thread, and the promotion means are sums in row order
// (§0.2) in any case. Rows are `next`'s carried members.
std::vector<double> start_next_members(YearFrame& f, int year, const TerminationWeights& weights,
                                       const SeedTables& seeds) {
  YearFrame::Carried& x = f.next;
  const std::size_t n = x.ref.size();
  x.age.resize(n);
  x.tenure.resize(n);
  x.age_band.resize(n);
  x.tenure_band.resize(n);
  x.term_weight.resize(n);
  x.term_draw.resize(n);
  x.exit_date.resize(n);
  member_rows::PromotionMeanSums means(seeds);
  for (std::size_t first = 0; first < n; first += kDrawBlock) {
    const std::size_t end = std::min(n, first + kDrawBlock);
    uniforms(&x.state[first], end - first, year, kTermSelect, f.salts, &x.term_draw[first]);
    for (std::size_t i = first; i < end; ++i) {
      // member_rows::start_row and weigh_termination, on next year's columns.
      member_rows::start_attributes(x, i, year);
      x.term_weight[i] = weights.of(x.age_band[i], x.tenure_band[i]);
      x.exit_date[i] = kNoDate;
      means.add(x.start_level[i], x.age[i], x.age_band[i], x.tenure_band[i]);
    }
  }
  return means.means();
}

}  // namespace planwise::engine
