// Spec §4.2: experienced terminations. The count is exact; who leaves is a
// weighted sample without replacement (Efraimidis–Spirakis, in log form),
// ordered by key ln(u)/w descending then employee_id ascending (§3.6).
//
// Computing ln(u) for every member costs more than the rest of the step, so
// the selection first bounds the cut from a deterministic sample of keys,
// computes exact keys only for members that can reach it, and falls back to
// every key when the bound proves too tight. Either way the leavers are the
// T largest keys of the full order, so the result is identical.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "engine/bucket_counts.hpp"
#include "engine/member_rows.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {

namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();
constexpr int kBandPairs = kAgeBandCount * kTenureBandCount;
constexpr std::size_t kSlices = 16;  // of the members, for the candidate scan

double key_of(double u, double w) {
  return w > 0.0 ? std::log(u) / w : kMinusInfinity;
}

struct KeyOrder {
  const YearFrame& f;
  const EmployeeIds& ids;
  bool operator()(const KeyedRow& a, const KeyedRow& b) const {
    if (a.key != b.key) return a.key > b.key;
    return ids.less(f.ref[a.row], f.ref[b.row]);
  }
};

// A key bound below the T-th largest key, from every `stride`-th member,
// with room to spare: 8 % more candidates than needed plus 64. For a
// million members the sample holds about 16,000 keys; at q = 12 % the cut
// then sits over five standard deviations of the sample count above the
// true T-th key, and a bound that proves too tight only costs the
// fallback to every key, never a different answer.
double lower_key_bound(const YearFrame& f, std::int64_t leavers, std::vector<double>& sample) {
  const std::size_t n = f.member_count;
  const std::size_t stride = std::max<std::size_t>(1, n / 16384);
  // A logarithm each: on every thread, each key in its own slot.
  sample.assign((n + stride - 1) / stride, 0.0);
  const auto keys = static_cast<std::int64_t>(sample.size());
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t k = 0; k < keys; ++k) {
    const std::size_t i = static_cast<std::size_t>(k) * stride;
    sample[static_cast<std::size_t>(k)] = key_of(f.term_draw[i], f.term_weight[i]);
  }
  const double share = static_cast<double>(leavers) / static_cast<double>(n);
  const auto rank =
      static_cast<std::size_t>(std::ceil(static_cast<double>(sample.size()) * share * 1.08)) + 64;
  if (rank >= sample.size()) return kMinusInfinity;
  std::nth_element(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(rank), sample.end(),
                   std::greater<double>());
  return sample[rank];
}

// Puts the `count` first keys in `before` order (largest key first, ties by
// id) at the front of `keys`: the same set std::nth_element puts there. The
// keys are counted into buckets of equal key width, the buckets ahead of the
// one the cut falls in go to the front whole, and only that bucket's keys
// are ordered. A key's bucket never falls as the key rises, because the
// subtraction and the scaling round monotonically.
void select_first(std::vector<KeyedRow>& keys, std::size_t count, const KeyOrder& before) {
  if (count >= keys.size()) return;
  constexpr int kBuckets = 4096;
  // The range does not depend on the order the keys are visited in, so each
  // thread takes a share and they are combined; so do the counts per bucket.
  const auto size = static_cast<std::int64_t>(keys.size());
  const bool parallel = size > kParallelRows;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
#pragma omp parallel for schedule(static) if (parallel) reduction(min : lo) reduction(max : hi)
  for (std::int64_t j = 0; j < size; ++j) {
    const double key = keys[static_cast<std::size_t>(j)].key;
    if (key == kMinusInfinity) continue;  // a zero weight: last of all
    lo = std::min(lo, key);
    hi = std::max(hi, key);
  }
  const double scale = hi > lo ? (kBuckets - 1) / (hi - lo) : 0.0;
  const auto bucket = [&](double key) {
    if (!(key >= lo)) return kBuckets;  // -inf, or no finite key at all
    return std::min(kBuckets - 1, static_cast<int>((hi - key) * scale));
  };
  // Bucket kBuckets holds the keys of -inf (and every key when none is finite).
  const std::vector<std::size_t> per_bucket = bucket_counts(
      0, keys.size(), kBuckets + 1,
      [&keys, &bucket](std::size_t j) { return static_cast<std::size_t>(bucket(keys[j].key)); });
  int cut = 0;
  std::size_t ahead = 0;  // keys in the buckets before `cut`
  while (ahead + per_bucket[static_cast<std::size_t>(cut)] < count)
    ahead += per_bucket[static_cast<std::size_t>(cut++)];
  const auto first_of_cut = std::partition(keys.begin(), keys.end(),
                                           [&](const KeyedRow& k) { return bucket(k.key) < cut; });
  const auto end_of_cut = std::partition(first_of_cut, keys.end(),
                                         [&](const KeyedRow& k) { return bucket(k.key) == cut; });
  std::nth_element(first_of_cut, first_of_cut + static_cast<std::ptrdiff_t>(count - ahead),
                   end_of_cut, before);
}

}  // namespace

TerminationWeights::TerminationWeights(const SeedTables& seeds) {
  for (int a = 0; a < kAgeBandCount; ++a) {
    for (int t = 0; t < kTenureBandCount; ++t) {
      by_pair[static_cast<std::size_t>(a * kTenureBandCount + t)] =
          (seeds.termination_base * seeds.termination_age[static_cast<std::size_t>(a)]) *
          seeds.termination_tenure[static_cast<std::size_t>(t)];
    }
  }
}

// One draw at a time: the reference the batched start pass
// (start_year_and_draw_terminations) is tested against.
void draw_terminations(YearFrame& f, const TerminationWeights& weights) {
  const auto n = static_cast<std::int64_t>(f.member_count);
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t j = 0; j < n; ++j) {
    const auto i = static_cast<std::size_t>(j);
    f.term_draw[i] = uniform(f.state[i], f.year, kTermSelect, f.salts);
    member_rows::weigh_termination(f, i, weights);
  }
}

std::int64_t choose_experienced_leavers(YearFrame& f, const TerminationWeights& weights,
                                        ExactDecimal termination_rate, const EmployeeIds& ids,
                                        std::vector<KeyedRow>& keys) {
  const std::size_t n = f.member_count;
  const std::int64_t leavers =
      round_half_away_times(termination_rate, static_cast<std::int64_t>(n));
  const int year = f.year;
  const std::array<double, kBandPairs>& weight = weights.by_pair;
  if (leavers <= 0) return 0;
  std::vector<double> sample;
  const double bound = lower_key_bound(f, leavers, sample);
  // key >= bound  <=>  u >= exp(bound × w); the 1e-12 margin keeps every
  // member whose computed key could reach the bound despite rounding.
  std::array<double, kBandPairs> min_draw{};
  for (std::size_t c = 0; c < min_draw.size(); ++c) {
    min_draw[c] = bound == kMinusInfinity ? 0.0
                  : weight[c] > 0.0       ? std::exp(bound * weight[c]) * (1.0 - 1e-12)
                                          : 2.0;  // weight 0: key -inf, never above a finite bound
  }
  // The candidates of fixed slices of the members, on every thread, joined
  // in slice order: the same list whatever the thread count.
  std::array<std::vector<KeyedRow>, kSlices> found;
  const std::size_t slice = (n + kSlices - 1) / kSlices;
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::size_t s = 0; s < kSlices; ++s) {
    const std::size_t end = std::min(n, (s + 1) * slice);
    for (std::size_t i = s * slice; i < end; ++i) {
      const std::size_t c =
          f.age_band[i] * static_cast<std::size_t>(kTenureBandCount) + f.tenure_band[i];
      if (f.term_draw[i] >= min_draw[c]) {
        found[s].push_back(
            KeyedRow{key_of(f.term_draw[i], f.term_weight[i]), static_cast<std::uint32_t>(i)});
      }
    }
  }
  keys.clear();
  for (const std::vector<KeyedRow>& part : found) keys.insert(keys.end(), part.begin(), part.end());
  const KeyOrder before{f, ids};
  const auto cut =
      keys.begin() + std::min<std::int64_t>(leavers, static_cast<std::int64_t>(keys.size()));
  select_first(keys, static_cast<std::size_t>(cut - keys.begin()), before);
  // Exact only if every member left out ranks below the T-th key, i.e. the
  // T-th key is at or above the bound.
  const bool enough = static_cast<std::int64_t>(keys.size()) >= leavers;
  const bool exact =
      bound == kMinusInfinity ||
      (enough && std::min_element(keys.begin(), cut, [](const KeyedRow& a, const KeyedRow& b) {
                   return a.key < b.key;
                 })->key >= bound);
  if (!exact) {
    keys.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      keys[i] = KeyedRow{key_of(f.term_draw[i], f.term_weight[i]), static_cast<std::uint32_t>(i)};
    select_first(keys, static_cast<std::size_t>(leavers), before);
  }
  // Each leaver's own draw: rows are distinct, so threads share the list.
#pragma omp parallel for schedule(static) if (n > kParallelRows)
  for (std::int64_t k = 0; k < leavers; ++k) {
    const std::size_t i = keys[static_cast<std::size_t>(k)].row;
    f.exit_date[i] = uniform_day(uniform(f.state[i], year, kTermDate, f.salts), year);
  }
  return leavers;
}

std::int64_t select_experienced_terminations(YearFrame& f, const SeedTables& seeds,
                                             ExactDecimal termination_rate, const EmployeeIds& ids,
                                             std::vector<KeyedRow>& keys) {
  const TerminationWeights weights(seeds);
  draw_terminations(f, weights);
  return choose_experienced_leavers(f, weights, termination_rate, ids, keys);
}

}  // namespace planwise::engine
