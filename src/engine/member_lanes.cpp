// Issue 13 item 2: the member pass's decisions in AVX-512 lanes
// (engine/member_lanes.hpp). Each step below names the row function whose
// operations it repeats lane by lane; a mask stands where the row function
// branches, and a masked store where it writes a column only on one branch.
#include "engine/member_lanes.hpp"

#include <cstdint>
#include <cstdlib>
#include <limits>

#include "engine/lanes_avx512.hpp"

namespace planwise::engine {

#ifdef PLANWISE_MEMBER_LANES

namespace {

using lanes::as_doubles;
using lanes::load_bytes;
using lanes::load_days;
using lanes::load_shorts;
using lanes::round2_lanes;
using lanes::store_bytes;
using lanes::store_days;

// One member's running state through apply_timeline_events, eight at a time.
struct Timeline {
  __m512d salary;
  __m512d salary_days;
  __m256i level;
  __m256i current;
  __mmask8 floored;  // band-floor promotions so far
};

// What apply_promotion reads besides the running state, for a group of
// eight rows.
struct PromotionInLanes {
  __m256i date;
  __m512d raise;     // promotion_raise[level - 1]
  __m512d band_min;  // min_compensation[level]
};

// apply_promotion in the lanes of `m`.
template <bool kDetail>
PLANWISE_LANES_TARGET inline void promote(Timeline& t, __mmask8 m, const PromotionInLanes& p,
                                          member_rows::MemberColumns& c, std::size_t i) {
  t.salary_days =
      _mm512_mask_add_pd(t.salary_days, m, t.salary_days,
                         _mm512_mul_pd(t.salary, as_doubles(_mm256_sub_epi32(p.date, t.current))));
  if constexpr (kDetail) _mm512_mask_storeu_pd(c.promo_previous + i, m, t.salary);
  __m512d next = round2_lanes(_mm512_mul_pd(t.salary, _mm512_add_pd(_mm512_set1_pd(1.0), p.raise)));
  const __mmask8 floored = _mm512_cmp_pd_mask(next, p.band_min, _CMP_LT_OQ);
  next = _mm512_mask_mov_pd(next, floored, p.band_min);
  store_bytes(c.promo_band_floor + i, m, _mm256_maskz_mov_epi32(floored, _mm256_set1_epi32(1)));
  t.floored = static_cast<__mmask8>(t.floored | (floored & m));
  t.salary = _mm512_mask_mov_pd(t.salary, m, next);
  t.level = _mm256_mask_add_epi32(t.level, m, t.level, _mm256_set1_epi32(1));
  if constexpr (kDetail) _mm512_mask_storeu_pd(c.promo_amount + i, m, t.salary);
  t.current = _mm256_mask_mov_epi32(t.current, m, p.date);
}

template <bool kDetail>
PLANWISE_LANES_TARGET void decide_lanes(member_rows::MemberColumns& c, double* prorated,
                                        std::size_t first, std::size_t n, const MemberLaneDraws& u,
                                        const MemberLaneContext& context,
                                        MemberEventCounts& counts) {
  const YearLevers& levers = *context.levers;
  const member_rows::YearMonths& months = *context.months;
  const CategoricalTable& month_table = context.timing->months;
  const bool legacy = context.timing->method == RaiseTimingMethod::kLegacy;
  const int thresholds = month_table.size() - 1;
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i no_date = _mm256_set1_epi32(kNoDate);
  const __m256i no_exit = _mm256_set1_epi32(std::numeric_limits<DayNumber>::max());
  const __m256i top = _mm256_set1_epi32(context.top);
  const __m256i first_day = _mm256_set1_epi32(c.first_day);
  const __m256i last_day = _mm256_set1_epi32(c.last_day);
  const __m256i last_offset = _mm256_set1_epi32(c.days - 1);
  const __m512d days = _mm512_set1_pd(static_cast<double>(c.days));
  const __m512d zero = _mm512_setzero_pd();
  const __m512d not_considered = _mm512_set1_pd(std::numeric_limits<double>::quiet_NaN());
  alignas(64) std::int32_t month_first[16] = {};
  alignas(64) std::int32_t month_days[16] = {};
  for (int m = 0; m < 12; ++m) {
    month_first[m] = months.first[m];
    month_days[m] = months.days[m];
  }
  const __m512i month_first_lanes = _mm512_load_si512(month_first);
  const __m512i month_days_lanes = _mm512_load_si512(month_days);
  std::int64_t promotions = 0;
  std::int64_t band_floor_promotions = 0;
  std::int64_t raises = 0;

  for (std::size_t k = 0; k < n; k += kMemberLanes) {
    const std::size_t i = first + k;
    const __m256i level = load_bytes(c.start_level + i);
    const __m256i exit = load_days(c.exit_date + i);
    // A member without an exit date stays past every day of the year.
    const __mmask8 stays = _mm256_cmpeq_epi32_mask(exit, no_date);
    const __m256i until = _mm256_mask_mov_epi32(exit, stays, no_exit);

    // decide_promotion: eligible below the top level and under 65, and
    // still employed on the drawn day; levels outside 1..L never are.
    const __m512d u_date = _mm512_loadu_pd(u.promo_date + k);
    const __m256i promo_day = _mm256_add_epi32(
        first_day, _mm256_min_epi32(_mm512_cvttpd_epi32(_mm512_mul_pd(u_date, days)), last_offset));
    const __mmask8 considered = static_cast<__mmask8>(
        _mm256_cmplt_epi32_mask(level, top) & _mm256_cmpge_epi32_mask(level, one) &
        _mm256_cmplt_epi32_mask(load_shorts(c.age + i), _mm256_set1_epi32(65)) &
        _mm256_cmple_epi32_mask(promo_day, until));
    const __m256i band_pair = _mm256_add_epi32(
        _mm256_mullo_epi32(load_bytes(c.age_band + i), _mm256_set1_epi32(kTenureBandCount)),
        load_bytes(c.tenure_band + i));
    const __m256i odds_at =
        _mm256_add_epi32(_mm256_mullo_epi32(_mm256_sub_epi32(level, one),
                                            _mm256_set1_epi32(member_rows::PromotionOdds::kPairs)),
                         band_pair);
    const __m512d odds =
        _mm512_mask_i32gather_pd(zero, considered, odds_at, context.odds->table(), 8);
    const __m512d u_promotion = _mm512_loadu_pd(u.promotion + k);
    const __mmask8 promoted =
        static_cast<__mmask8>(considered & _mm512_cmp_pd_mask(u_promotion, odds, _CMP_LT_OQ));
    store_days(c.promo_date + i, _mm256_mask_mov_epi32(no_date, promoted, promo_day));
    if constexpr (kDetail) {
      _mm512_storeu_pd(c.promo_probability + i,
                       _mm512_mask_mov_pd(not_considered, considered, odds));
      _mm512_mask_storeu_pd(c.promo_draw + i, considered, u_promotion);
    }

    // decide_raise: the month is the count of thresholds at or below the
    // draw (CategoricalTable::count_at_or_below, which pick equals).
    const __m512d u_month = _mm512_loadu_pd(u.raise_month + k);
    __m256i raise_day;
    if (legacy) {
      const __mmask8 january = _mm512_cmp_pd_mask(u_month, _mm512_set1_pd(0.5), _CMP_LT_OQ);
      raise_day = _mm256_mask_mov_epi32(_mm256_set1_epi32(months.first[6]), january,
                                        _mm256_set1_epi32(months.first[0]));
    } else {
      __m256i month = _mm256_setzero_si256();
      for (int j = 0; j < thresholds; ++j) {
        const __mmask8 past =
            _mm512_cmp_pd_mask(u_month, _mm512_set1_pd(month_table.threshold(j)), _CMP_GE_OQ);
        month = _mm256_mask_add_epi32(month, past, month, one);
      }
      const __m512i month_index = _mm512_castsi256_si512(month);
      const __m256i month_start =
          _mm512_castsi512_si256(_mm512_permutexvar_epi32(month_index, month_first_lanes));
      const __m256i month_length =
          _mm512_castsi512_si256(_mm512_permutexvar_epi32(month_index, month_days_lanes));
      const __m512d u_day = _mm512_loadu_pd(u.raise_day + k);
      const __m256i offset =
          _mm256_min_epi32(_mm512_cvttpd_epi32(_mm512_mul_pd(u_day, as_doubles(month_length))),
                           _mm256_sub_epi32(month_length, one));
      raise_day = _mm256_add_epi32(month_start, offset);
    }
    const __mmask8 raised = _mm256_cmple_epi32_mask(raise_day, until);
    store_days(c.raise_date + i, _mm256_mask_mov_epi32(no_date, raised, raise_day));

    // apply_timeline_events: a promotion first when it is not after the
    // raise, then the raise, then a promotion after it.
    const __mmask8 promotion_first =
        static_cast<__mmask8>(promoted & (static_cast<__mmask8>(~raised) |
                                          _mm256_cmple_epi32_mask(promo_day, raise_day)));
    // Most groups of eight have no promotion: their tables are not read.
    const PromotionInLanes promotion =
        promoted == 0 ? PromotionInLanes{promo_day, zero, zero}
                      : PromotionInLanes{
                            promo_day,
                            _mm512_mask_i32gather_pd(zero, promoted, _mm256_sub_epi32(level, one),
                                                     levers.promotion_raise.data(), 8),
                            _mm512_mask_i32gather_pd(zero, promoted, level,
                                                     levers.min_compensation.data(), 8)};
    Timeline t{_mm512_loadu_pd(c.start_salary + i), zero, level, first_day, 0};
    if (promotion_first != 0) promote<kDetail>(t, promotion_first, promotion, c, i);
    {
      t.salary_days = _mm512_mask_add_pd(
          t.salary_days, raised, t.salary_days,
          _mm512_mul_pd(t.salary, as_doubles(_mm256_sub_epi32(raise_day, t.current))));
      if constexpr (kDetail) {
        _mm512_mask_storeu_pd(c.raise_previous + i, raised, t.salary);
        store_bytes(c.raise_level + i, raised, t.level);
      }
      const __m512d merit = _mm512_mask_i32gather_pd(zero, raised, _mm256_sub_epi32(t.level, one),
                                                     levers.merit.data(), 8);
      const __m512d factor =
          _mm512_add_pd(_mm512_add_pd(_mm512_set1_pd(1.0), merit), _mm512_set1_pd(levers.cola));
      t.salary =
          _mm512_mask_mov_pd(t.salary, raised, round2_lanes(_mm512_mul_pd(t.salary, factor)));
      if constexpr (kDetail) _mm512_mask_storeu_pd(c.raise_amount + i, raised, t.salary);
      t.current = _mm256_mask_mov_epi32(t.current, raised, raise_day);
    }
    const __mmask8 promotion_after = static_cast<__mmask8>(promoted & ~promotion_first);
    if (promotion_after != 0) promote<kDetail>(t, promotion_after, promotion, c, i);
    const __m256i last = _mm256_mask_mov_epi32(exit, stays, last_day);
    t.salary_days = _mm512_add_pd(
        t.salary_days, _mm512_mul_pd(t.salary, as_doubles(_mm256_add_epi32(
                                                   _mm256_sub_epi32(last, t.current), one))));
    _mm512_storeu_pd(c.salary + i, t.salary);
    store_bytes(c.level + i, 0xFF, t.level);

    // finish_member and prorated_pay.
    static_assert(static_cast<int>(StatusCode::kContinuousActive) == 0 &&
                  static_cast<int>(StatusCode::kExperiencedTermination) == 1);
    store_bytes(c.status + i, 0xFF, _mm256_maskz_mov_epi32(static_cast<__mmask8>(~stays), one));
    _mm512_storeu_pd(prorated + i, round2_lanes(_mm512_div_pd(t.salary_days, days)));

    promotions += __builtin_popcount(promoted);
    band_floor_promotions += __builtin_popcount(t.floored & promoted);
    raises += __builtin_popcount(raised);
  }
  counts.promotions += promotions;
  counts.band_floor_promotions += band_floor_promotions;
  counts.raises += raises;
}

PLANWISE_LANES_TARGET void start_lanes(const StartColumns& c, std::size_t n, int year,
                                       const double* weight_by_pair) {
  static_assert(kAgeBandCount * kTenureBandCount <= 32);
  alignas(64) double table[32] = {};
  for (int p = 0; p < kAgeBandCount * kTenureBandCount; ++p) table[p] = weight_by_pair[p];
  const __m512d low_a = _mm512_load_pd(table), low_b = _mm512_load_pd(table + 8);
  const __m512d high_a = _mm512_load_pd(table + 16), high_b = _mm512_load_pd(table + 24);
  const __m256i this_year = _mm256_set1_epi32(year);
  for (std::size_t i = 0; i < n; i += kMemberLanes) {
    const __m256i age = _mm256_sub_epi32(this_year, load_shorts(c.birth_year + i));
    const __m256i tenure = _mm256_sub_epi32(this_year, load_shorts(c.hire_year + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(c.age + i), _mm256_cvtepi32_epi16(age));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(c.tenure + i), _mm256_cvtepi32_epi16(tenure));
    const __m256i age_band = lanes::band_lanes(age, lanes::kAgeStarts);
    const __m256i tenure_band = lanes::band_lanes(tenure, lanes::kTenureStarts);
    store_bytes(c.age_band + i, 0xFF, age_band);
    store_bytes(c.tenure_band + i, 0xFF, tenure_band);
    // TerminationWeights::of: the pair's weight, picked from the 30 in
    // registers by two permutations (pairs 0-15 and 16-31).
    const __m512i pair = _mm512_cvtepi32_epi64(_mm256_add_epi32(
        _mm256_mullo_epi32(age_band, _mm256_set1_epi32(kTenureBandCount)), tenure_band));
    const __mmask8 high = _mm512_cmpge_epi64_mask(pair, _mm512_set1_epi64(16));
    _mm512_storeu_pd(c.term_weight + i,
                     _mm512_mask_mov_pd(_mm512_permutex2var_pd(low_a, pair, low_b), high,
                                        _mm512_permutex2var_pd(high_a, pair, high_b)));
    store_days(c.exit_date + i, _mm256_set1_epi32(kNoDate));
  }
}

}  // namespace

void start_rows_in_lanes(const StartColumns& c, std::size_t n, int year,
                         const double* weight_by_pair) {
  start_lanes(c, n, year, weight_by_pair);
}

bool member_lanes_available() {
  // The CPU does not change: asked once. libgcc (or compiler-rt) fills in
  // what __builtin_cpu_supports reads before main, so no
  // __builtin_cpu_init, which would rewrite it under other threads' reads.
  static const bool available =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
  return available;
}

void decide_members_in_lanes(member_rows::MemberColumns& c, double* prorated, std::size_t first,
                             std::size_t n, const MemberLaneDraws& u,
                             const MemberLaneContext& context, bool detail,
                             MemberEventCounts& counts) {
  if (detail) {
    decide_lanes<true>(c, prorated, first, n, u, context, counts);
  } else {
    decide_lanes<false>(c, prorated, first, n, u, context, counts);
  }
}

#else

void start_rows_in_lanes(const StartColumns& /*c*/, std::size_t /*n*/, int /*year*/,
                         const double* /*weight_by_pair*/) {
  std::abort();  // callers check member_lanes_available()
}

bool member_lanes_available() {
  return false;
}

void decide_members_in_lanes(member_rows::MemberColumns& /*c*/, double* /*prorated*/,
                             std::size_t /*first*/, std::size_t /*n*/, const MemberLaneDraws& /*u*/,
                             const MemberLaneContext& /*context*/, bool /*detail*/,
                             MemberEventCounts& /*counts*/) {
  std::abort();  // callers check member_lanes_available()
}

#endif

}  // namespace planwise::engine
