// Spec §4.1 and §1.5: start-of-year attributes. Age and tenure are the
// calendar-year differences, recomputed every year from the birth and hire
// years (fixed at creation from the dates). Each later step writes every
// column it owns, so nothing else needs clearing here.
#include <algorithm>

#include "engine/draw_batch.hpp"
#include "engine/member_lanes.hpp"
#include "engine/member_rows.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {

void start_year(YearFrame& f, int year) {
  f.begin_year(year);
  const auto n = static_cast<std::int64_t>(f.member_count);
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t j = 0; j < n; ++j) member_rows::start_row(f, static_cast<std::size_t>(j), year);
}

namespace {

// §4.1 and §4.2 for rows [first, end) of `c`, this year's columns or next
// year's: the block's TERM_SELECT draws together (vectorised), then each
// row's age, tenure, bands, hazard weight and cleared exit date
// (member_rows::start_row and weigh_termination).
template <class Columns>
void start_block(Columns& c, std::size_t first, std::size_t end, int year, const StreamSalts& salts,
                 const TerminationWeights& weights) {
  uniforms(&c.state[first], end - first, year, kTermSelect, salts, &c.term_draw[first]);
  // Eight rows at a time where the CPU has the lanes (member_lanes.hpp).
  const std::size_t in_lanes =
      member_lanes_available() ? (end - first) - (end - first) % kMemberLanes : 0;
  if (in_lanes > 0) {
    start_rows_in_lanes(
        {&c.birth_year[first], &c.hire_year[first], &c.age[first], &c.tenure[first],
         &c.age_band[first], &c.tenure_band[first], &c.term_weight[first], &c.exit_date[first]},
        in_lanes, year, weights.by_pair.data());
    first += in_lanes;
  }
  for (std::size_t i = first; i < end; ++i) {
    member_rows::start_attributes(c, i, year);
    c.term_weight[i] = weights.of(c.age_band[i], c.tenure_band[i]);
    c.exit_date[i] = kNoDate;
  }
}

}  // namespace

// Blocks of kDrawBlock members, on every thread.
void start_year_and_draw_terminations(YearFrame& f, int year, const TerminationWeights& weights) {
  f.begin_year(year);
  const auto n = static_cast<std::int64_t>(f.member_count);
  const auto block = static_cast<std::int64_t>(kDrawBlock);
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t b = 0; b < n; b += block) {
    const auto first = static_cast<std::size_t>(b);
    const std::size_t end = static_cast<std::size_t>(std::min(n, b + block));
    start_block(f, first, end, year, f.salts, weights);
  }
}

void start_next_rows(YearFrame& f, std::size_t first, std::size_t end, int year,
                     const TerminationWeights& weights) {
  start_block(f.next, first, end, year, f.salts, weights);
}

// One thread, in row order: the promotion means are sums in row order
// (§0.2). The year loop runs it beside the year's aggregation.
std::vector<double> next_promotion_means(const YearFrame& f, const SeedTables& seeds) {
  const YearFrame::Carried& x = f.next;
  member_rows::PromotionMeanSums means(seeds);
  for (std::size_t i = 0; i < x.ref.size(); ++i)
    means.add(x.start_level[i], x.age[i], x.age_band[i], x.tenure_band[i]);
  return means.means();
}

// Rows are `next`'s carried members.
std::vector<double> start_next_members(YearFrame& f, int year, const TerminationWeights& weights,
                                       const SeedTables& seeds) {
  const std::size_t n = f.next.ref.size();
  f.size_carry(n);  // the start-of-year columns, for the rows carried
  start_next_rows(f, 0, n, year, weights);
  return next_promotion_means(f, seeds);
}

}  // namespace planwise::engine
