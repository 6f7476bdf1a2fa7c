// Spec §4.7: new-hire terminations, and §4.8 year-end status codes.
#include <algorithm>
#include <numeric>

#include "common/rounding.hpp"
#include "engine/bucket_counts.hpp"
#include "engine/member_rows.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {

namespace {

// Draws are in (0, 1); key × 4096 is exact, so the bucket never decreases as
// the key grows and every key of a lower bucket ranks before every key of a
// higher one.
constexpr int kKeyBuckets = 4096;
int key_bucket(double key) {
  if (!(key > 0.0)) return 0;
  if (key >= 1.0) return kKeyBuckets - 1;
  return static_cast<int>(key * kKeyBuckets);
}

// §4.7: the exit date of a chosen hire, uniform over the days after hiring.
void set_new_hire_exit(YearFrame& f, std::size_t row) {
  const int span = f.last_day - f.hire_date[row];  // >= 1
  int offset = static_cast<int>(uniform(f.state[row], f.year, kNhTermDate, f.salts) * span);
  if (offset > span - 1) offset = span - 1;
  f.exit_date[row] = f.hire_date[row] + 1 + offset;
}

}  // namespace

// The leavers are the NT_Y smallest (draw, employee_id) pairs (§3.6). A count
// of candidates per key bucket finds the bucket the cut falls in: the buckets
// below it leave whole, and only that bucket's few rows are ordered, with
// the id tie-break. The same set as ordering every candidate.
NewHireTerminationCounts select_new_hire_terminations(YearFrame& f,
                                                      ExactDecimal new_hire_termination_rate,
                                                      const EmployeeIds& ids,
                                                      std::vector<KeyedRow>& keys) {
  NewHireTerminationCounts counts;
  counts.requested =
      round_half_away_times(new_hire_termination_rate, static_cast<std::int64_t>(f.hire_count()));
  // Candidates need room for an exit date after the hire date.
  const auto candidate = [&f](std::size_t row) { return f.hire_date[row] < f.last_day; };
  const auto first = static_cast<std::int64_t>(f.member_count);
  const auto end = static_cast<std::int64_t>(f.size());
  const bool parallel = end - first > kParallelRows;
  const std::vector<std::size_t> per_bucket =
      bucket_counts(f.member_count, f.size(), kKeyBuckets, [&f, &candidate](std::size_t row) {
        return candidate(row) ? static_cast<std::size_t>(key_bucket(f.term_draw[row]))
                              : std::size_t{kKeyBuckets};
      });
  const auto candidates = static_cast<std::int64_t>(
      std::accumulate(per_bucket.begin(), per_bucket.end(), std::size_t{0}));
  counts.selected = std::min<std::int64_t>(counts.requested, candidates);
  if (counts.selected <= 0) return counts;
  int cut_bucket = 0;
  std::int64_t below = 0;  // candidates in buckets before cut_bucket
  while (below + static_cast<std::int64_t>(per_bucket[static_cast<std::size_t>(cut_bucket)]) <
         counts.selected)
    below += static_cast<std::int64_t>(per_bucket[static_cast<std::size_t>(cut_bucket++)]);
  // The buckets below the cut leave, each row with its own draws, on every
  // thread. The cut's bucket is gathered and ordered below; the leavers it
  // gives are a set (the smallest by key, then id, a total order), so the
  // order in which threads gather its rows does not matter.
  keys.clear();
#pragma omp parallel if (parallel)
  {
    std::vector<KeyedRow> mine;
#pragma omp for schedule(static) nowait
    for (std::int64_t j = first; j < end; ++j) {
      const auto row = static_cast<std::size_t>(j);
      if (!candidate(row)) continue;
      const int bucket = key_bucket(f.term_draw[row]);
      if (bucket < cut_bucket) {
        set_new_hire_exit(f, row);
      } else if (bucket == cut_bucket) {
        mine.push_back({f.term_draw[row], static_cast<std::uint32_t>(row)});
      }
    }
#pragma omp critical(planwise_new_hire_cut)
    keys.insert(keys.end(), mine.begin(), mine.end());
  }
  const auto before = [&f, &ids](const KeyedRow& a, const KeyedRow& b) {
    if (a.key != b.key) return a.key < b.key;
    return ids.less(f.ref[a.row], f.ref[b.row]);
  };
  const auto cut = keys.begin() + (counts.selected - below);
  if (cut != keys.end()) std::nth_element(keys.begin(), cut, keys.end(), before);
  for (auto it = keys.begin(); it != cut; ++it) set_new_hire_exit(f, it->row);
  return counts;
}

void finish_year_rows(YearFrame& f) {
  for (std::size_t i = 0; i < f.member_count; ++i) member_rows::finish_member(f, i);
  finish_hire_rows(f);
}

void finish_hire_rows(YearFrame& f) {
  const double days_in_year = static_cast<double>(f.days);
  const auto first = static_cast<std::int64_t>(f.member_count);
  const auto end = static_cast<std::int64_t>(f.size());
#pragma omp parallel for schedule(static) if (end - first > kParallelRows)
  for (std::int64_t j = first; j < end; ++j) {
    const auto row = static_cast<std::size_t>(j);
    const bool left = f.exit_date[row] != kNoDate;
    const DayNumber last = left ? f.exit_date[row] : f.last_day;
    const double acc = f.salary[row] * static_cast<double>(last - f.hire_date[row] + 1);
    f.prorated[row] = round2(acc / days_in_year);
    f.status[row] = left ? StatusCode::kNewHireTermination : StatusCode::kNewHireActive;
  }
}

}  // namespace planwise::engine
