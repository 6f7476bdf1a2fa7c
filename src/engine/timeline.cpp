// Spec §4.5: each member's salary timeline, and the fused member pass that
// makes every §4.3–§4.5 decision of a member in one visit.
#include <algorithm>
#include <memory>

#include "engine/draw_batch.hpp"
#include "engine/member_lanes.hpp"
#include "engine/member_rows.hpp"
#include "engine/parallel_rows.hpp"
#include "engine/row_checks.hpp"

namespace planwise::engine {

namespace {

// The member pass's four draws for members [first, first + len), and what
// it keeps of each member while the block's rows are processed.
struct BlockDraws {
  double promo_date[kDrawBlock];
  double promotion[kDrawBlock];
  double raise_month[kDrawBlock];
  double raise_day[kDrawBlock];
  double salary_days[kDrawBlock];  // §4.5 accumulator of each member
  std::uint16_t stay[kDrawBlock];  // the stayers' offsets (carry_stayers)
  void fill(const YearFrame& f, std::size_t first, std::size_t len) {
    const std::uint64_t* state = &f.state[first];
    uniforms(state, len, f.year, kPromoDate, f.salts, promo_date);
    uniforms(state, len, f.year, kPromotion, f.salts, promotion);
    uniforms(state, len, f.year, kRaiseMonth, f.salts, raise_month);
    uniforms(state, len, f.year, kRaiseDay, f.salts, raise_day);
  }
  member_rows::MemberDraws at(std::size_t k) const {
    return {promo_date[k], promotion[k], raise_month[k], raise_day[k]};
  }
};

// §4.3–§4.5 for the members first + [from, len) of one block, each decided
// in one visit.
template <member_rows::RowDetail kDetail>
void decide_block(member_rows::MemberColumns& c, std::size_t first, std::size_t from,
                  std::size_t len, const member_rows::PromotionOdds& odds, int top,
                  const RaiseTiming& timing, const member_rows::YearMonths& months,
                  const YearLevers& levers, BlockDraws& u) {
  for (std::size_t k = from; k < len; ++k) {
    const std::size_t i = first + k;
    const member_rows::MemberDraws d = u.at(k);
    member_rows::decide_promotion<kDetail>(c, i, odds, top, d);
    member_rows::decide_raise(c, i, timing, months, d);
    u.salary_days[k] = member_rows::apply_timeline_events<kDetail>(c, i, levers);
    member_rows::finish_member(c, i);
  }
}

}  // namespace

void MemberEventCounts::merge(const MemberEventCounts& other) {
  promotions += other.promotions;
  band_floor_promotions += other.band_floor_promotions;
  raises += other.raises;
}

void MemberEventCounts::add(const YearFrame& f, std::size_t first, std::size_t end) {
  for (std::size_t i = first; i < end; ++i) {
    const bool promoted = f.promo_date[i] != kNoDate;
    promotions += promoted ? 1 : 0;
    band_floor_promotions += promoted ? f.promo_band_floor[i] : 0;
    raises += f.raise_date[i] != kNoDate ? 1 : 0;
  }
}

void apply_member_timelines(YearFrame& f, const YearLevers& levers) {
  const auto n = static_cast<std::int64_t>(f.member_count);
  const double days = static_cast<double>(f.days);
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t j = 0; j < n; ++j)
    member_rows::apply_timeline(f, static_cast<std::size_t>(j), levers, days);
}

void process_members(YearFrame& f, const YearLevers& levers, const SeedTables& seeds,
                     const RaiseTiming& timing, std::vector<double>& mean_multiplier,
                     const RowCheckInputs* checks, RowCheckTallies* tallies) {
  mean_multiplier = promotion_mean_multipliers(f, seeds);
  run_member_pass(f, levers, seeds, timing, mean_multiplier, checks, tallies);
}

void run_member_pass(YearFrame& f, const YearLevers& levers, const SeedTables& seeds,
                     const RaiseTiming& timing, const std::vector<double>& mean_multiplier,
                     const RowCheckInputs* checks, RowCheckTallies* tallies,
                     const CarryToNext* carry, bool write_detail, MemberEventCounts* counts) {
  const member_rows::RowDetail detail =
      write_detail ? member_rows::RowDetail::kWrite : member_rows::RowDetail::kSkip;
  const int top = seeds.level_count();
  const member_rows::PromotionOdds odds(levers, seeds, mean_multiplier.data(), top);
  const member_rows::YearMonths months(f.year);
  const double days = static_cast<double>(f.days);
  const auto n = static_cast<std::int64_t>(f.member_count);
  const auto block = static_cast<std::int64_t>(kDrawBlock);
  const bool check = checks != nullptr && tallies != nullptr;
  const bool lanes = member_lanes_available();
  member_rows::MemberColumns columns(f);
  const MemberLaneContext lane_context{&odds, top, &timing, &months, &levers};
#pragma omp parallel if (n > kParallelRows)
  {
    RowCheckTallies mine;
    MemberEventCounts my_counts;
    // A block's buffers are too large for a thread's stack.
    const std::unique_ptr<BlockDraws> draws = std::make_unique_for_overwrite<BlockDraws>();
    BlockDraws& u = *draws;
#pragma omp for schedule(static) nowait
    for (std::int64_t b = 0; b < n; b += block) {
      const auto first = static_cast<std::size_t>(b);
      const auto len = static_cast<std::size_t>(std::min(block, n - b));
      u.fill(f, first, len);
      // Eight members at a time where the CPU has the lanes; the rows left
      // over one at a time. Both write the same bits (member_lanes.hpp).
      const std::size_t in_lanes = lanes ? len - len % kMemberLanes : 0;
      if (in_lanes > 0) {
        decide_members_in_lanes(columns, f.prorated.data(), first, in_lanes,
                                {u.promo_date, u.promotion, u.raise_month, u.raise_day},
                                lane_context, detail == member_rows::RowDetail::kWrite, my_counts);
      }
      if (detail == member_rows::RowDetail::kWrite) {
        decide_block<member_rows::RowDetail::kWrite>(columns, first, in_lanes, len, odds, top,
                                                     timing, months, levers, u);
      } else {
        decide_block<member_rows::RowDetail::kSkip>(columns, first, in_lanes, len, odds, top,
                                                    timing, months, levers, u);
      }
      // Divisions are slow one at a time and fast in a vector loop; the
      // results are the same IEEE operations either way.
      for (std::size_t k = in_lanes; k < len; ++k)
        f.prorated[first + k] = member_rows::prorated_pay(u.salary_days[k], days);
      my_counts.add(f, first + in_lanes, first + len);
      if (carry != nullptr) {
        const std::size_t first_out = carry->first_row_of_block[first / kDrawBlock];
        const std::size_t stayers = carry_stayers(f, first, len, first_out, u.stay);
        start_next_rows(f, first_out, first_out + stayers, f.year + 1, *carry->weights);
      }
      if (check) check_rows_of_one_kind(*checks, first, first + len, lanes, mine);
    }
    if (check) {
#pragma omp critical(planwise_member_checks)
      tallies->merge(mine);
    }
    if (counts != nullptr) {
#pragma omp critical(planwise_member_counts)
      counts->merge(my_counts);
    }
  }
}

}  // namespace planwise::engine
