// Spec §4.4: merit and COLA raise dates. Every member active on the drawn
// date gets one raise; the amount is applied in the timeline (§4.5).
#include "engine/member_rows.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {

void schedule_raises(YearFrame& f, const RaiseTiming& timing) {
  const auto n = static_cast<std::int64_t>(f.member_count);
  const member_rows::YearMonths months(f.year);
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t j = 0; j < n; ++j) {
    const auto i = static_cast<std::size_t>(j);
    member_rows::decide_raise(f, i, timing, months, member_rows::MemberDraws::of(f, i));
  }
}

}  // namespace planwise::engine
