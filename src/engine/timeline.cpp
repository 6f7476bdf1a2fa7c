// Spec §4.5: each member's salary timeline, and the fused member pass that
// makes every §4.3–§4.5 decision of a member in one visit.
#include "engine/member_rows.hpp"

namespace planwise::engine {

void apply_member_timelines(YearFrame& f, const YearLevers& levers) {
  const auto n = static_cast<std::int64_t>(f.member_count);
  const double days = static_cast<double>(f.days);
#pragma omp parallel for schedule(static) if (n > 50000)
  for (std::int64_t j = 0; j < n; ++j)
    member_rows::apply_timeline(f, static_cast<std::size_t>(j), levers, days);
}

void process_members(YearFrame& f, const YearLevers& levers, const SeedTables& seeds,
                     const RaiseTiming& timing, std::vector<double>& mean_multiplier) {
  mean_multiplier = member_rows::promotion_mean_multipliers(f, seeds);
  const int top = seeds.level_count();
  const member_rows::YearMonths months(f.year);
  const double days = static_cast<double>(f.days);
  const auto n = static_cast<std::int64_t>(f.member_count);
#pragma omp parallel for schedule(static) if (n > 50000)
  for (std::int64_t j = 0; j < n; ++j) {
    const auto i = static_cast<std::size_t>(j);
    member_rows::decide_promotion(f, i, levers, seeds, mean_multiplier.data(), top);
    member_rows::decide_raise(f, i, timing, months);
    member_rows::apply_timeline(f, i, levers, days);
  }
}

}  // namespace planwise::engine
