// Issue 13 item 2: the member pass's decisions (spec §4.3–§4.5), the row
// checks (§6) and next year's start (§4.1, §4.2) for eight rows at once, in
// the 512-bit lanes of a CPU with AVX-512. Each lane
// makes the same IEEE operations in the same order as the row functions of
// member_rows.hpp, so the rows come out bit for bit the same: products,
// sums and divisions are correctly rounded in any lane width, truncation and
// the comparisons are exact, and the build never fuses a product into a sum
// (-ffp-contract=off). tests/engine/member_lanes_test.cpp compares every
// column the two write.
#pragma once

#include <cstddef>

#include "engine/member_rows.hpp"

namespace planwise::engine {

struct RowCheckInputs;
class RowCheckTallies;

inline constexpr std::size_t kMemberLanes = 8;

// What the decisions read besides the rows and their draws.
struct MemberLaneContext {
  const member_rows::PromotionOdds* odds;
  int top;  // L, the top level
  const RaiseTiming* timing;
  const member_rows::YearMonths* months;
  const YearLevers* levers;
};

// The four draws of each row (§3.3 streams 3–6), from the block's first row.
struct MemberLaneDraws {
  const double* promo_date;
  const double* promotion;
  const double* raise_month;
  const double* raise_day;
};

// Whether this CPU runs decide_members_in_lanes (AVX-512 F, DQ, VL and BW).
bool member_lanes_available();

// Rows [first, first + n) of `c`, n a multiple of kMemberLanes, with their
// draws from index 0 of `u`: what decide_promotion, decide_raise,
// apply_timeline_events and finish_member write (the detail columns when
// `detail`), prorated pay into `prorated`, and the rows' events added to
// `counts`. Only where member_lanes_available().
void decide_members_in_lanes(member_rows::MemberColumns& c, double* prorated, std::size_t first,
                             std::size_t n, const MemberLaneDraws& u,
                             const MemberLaneContext& context, bool detail,
                             MemberEventCounts& counts);

// The §6 row checks of members [first, first + n), n a multiple of
// kMemberLanes: each row that any check might fail goes to
// tallies.check, which counts it; every other row passes all of them
// (member_check_lanes.cpp). Only where member_lanes_available().
void check_members_in_lanes(const RowCheckInputs& in, std::size_t first, std::size_t n,
                            RowCheckTallies& tallies);

// The same for hire rows [first, first + n), all hires.
void check_hires_in_lanes(const RowCheckInputs& in, std::size_t first, std::size_t n,
                          RowCheckTallies& tallies);

// The columns start_block writes from the birth and hire years, for rows
// from 0 (pointers to a block's first row).
struct StartColumns {
  const std::int16_t* birth_year;
  const std::int16_t* hire_year;
  std::int16_t* age;
  std::int16_t* tenure;
  std::uint8_t* age_band;
  std::uint8_t* tenure_band;
  double* term_weight;
  DayNumber* exit_date;
};

// §4.1 and §4.2's start of n rows (a multiple of kMemberLanes) in `year`:
// age, tenure, bands, the hazard weight of the band pair (weight_by_pair,
// TerminationWeights::by_pair) and no exit date, as start_attributes and
// weigh_termination write them.
void start_rows_in_lanes(const StartColumns& c, std::size_t n, int year,
                         const double* weight_by_pair);

}  // namespace planwise::engine
