// Spec §4.2: experienced terminations. The count is exact; who leaves is a
// weighted sample without replacement (Efraimidis–Spirakis, in log form),
// ordered by key descending then employee_id ascending (§3.6).
#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/year_steps.hpp"

namespace planwise::engine {

std::int64_t select_experienced_terminations(YearFrame& f, const SeedTables& seeds,
                                             ExactDecimal termination_rate,
                                             const EmployeeIds& ids, std::vector<KeyedRow>& keys) {
  const std::size_t n = f.member_count;
  const std::int64_t leavers = round_half_away_times(termination_rate, static_cast<std::int64_t>(n));
  keys.resize(n);
  const int year = f.year;
  const double base = seeds.termination_base;
#pragma omp parallel for schedule(static) if (n > 50000)
  for (std::int64_t j = 0; j < static_cast<std::int64_t>(n); ++j) {
    const auto i = static_cast<std::size_t>(j);
    // w = (b_T × mT_age) × mT_ten, in this operand order (§0.2).
    const double w = (base * seeds.termination_age[f.age_band[i]]) *
                     seeds.termination_tenure[f.tenure_band[i]];
    const double u = uniform(f.state[i], year, kTermSelect);
    f.term_weight[i] = w;
    f.term_draw[i] = u;
    f.exit_date[i] = kNoDate;
    const double key = w > 0.0 ? std::log(u) / w : -std::numeric_limits<double>::infinity();
    keys[i] = KeyedRow{key, static_cast<std::uint32_t>(i)};
  }
  if (leavers <= 0) return 0;
  const auto before = [&f, &ids](const KeyedRow& a, const KeyedRow& b) {
    if (a.key != b.key) return a.key > b.key;
    return ids.less(f.ref[a.row], f.ref[b.row]);
  };
  const auto cut = keys.begin() + leavers;
  if (static_cast<std::size_t>(leavers) < n) std::nth_element(keys.begin(), cut, keys.end(), before);
  for (auto it = keys.begin(); it != cut; ++it) {
    const std::size_t i = it->row;
    f.exit_date[i] = uniform_day(uniform(f.state[i], year, kTermDate), year);
  }
  return leavers;
}

}  // namespace planwise::engine
