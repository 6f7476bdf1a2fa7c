// Spec §4.7: new-hire terminations, and §4.8 year-end status codes.
#include <algorithm>

#include "common/rounding.hpp"
#include "engine/member_rows.hpp"

namespace planwise::engine {

NewHireTerminationCounts select_new_hire_terminations(YearFrame& f,
                                                      ExactDecimal new_hire_termination_rate,
                                                      const EmployeeIds& ids,
                                                      std::vector<KeyedRow>& keys) {
  NewHireTerminationCounts counts;
  counts.requested =
      round_half_away_times(new_hire_termination_rate, static_cast<std::int64_t>(f.hire_count()));
  // Candidates need room for an exit date after the hire date.
  keys.clear();
  for (std::size_t row = f.member_count; row < f.size(); ++row) {
    if (f.hire_date[row] < f.last_day)
      keys.push_back({f.term_draw[row], static_cast<std::uint32_t>(row)});
  }
  counts.selected =
      std::min<std::int64_t>(counts.requested, static_cast<std::int64_t>(keys.size()));
  if (counts.selected <= 0) return counts;
  const auto before = [&f, &ids](const KeyedRow& a, const KeyedRow& b) {
    if (a.key != b.key) return a.key < b.key;
    return ids.less(f.ref[a.row], f.ref[b.row]);
  };
  const auto cut = keys.begin() + counts.selected;
  if (cut != keys.end()) std::nth_element(keys.begin(), cut, keys.end(), before);
  for (auto it = keys.begin(); it != cut; ++it) {
    const std::size_t row = it->row;
    const int span = f.last_day - f.hire_date[row];  // >= 1
    int offset = static_cast<int>(uniform(f.state[row], f.year, kNhTermDate, f.salts) * span);
    if (offset > span - 1) offset = span - 1;
    f.exit_date[row] = f.hire_date[row] + 1 + offset;
  }
  return counts;
}

void finish_year_rows(YearFrame& f) {
  for (std::size_t i = 0; i < f.member_count; ++i) member_rows::finish_member(f, i);
  finish_hire_rows(f);
}

void finish_hire_rows(YearFrame& f) {
  const double days_in_year = static_cast<double>(f.days);
  for (std::size_t row = f.member_count; row < f.size(); ++row) {
    const bool left = f.exit_date[row] != kNoDate;
    const DayNumber last = left ? f.exit_date[row] : f.last_day;
    const double acc = f.salary[row] * static_cast<double>(last - f.hire_date[row] + 1);
    f.prorated[row] = round2(acc / days_in_year);
    f.status[row] = left ? StatusCode::kNewHireTermination : StatusCode::kNewHireActive;
  }
}

}  // namespace planwise::engine
