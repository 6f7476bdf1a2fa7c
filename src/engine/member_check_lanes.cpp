// Issue 13: the §6 row checks of members, eight rows at a time in AVX-512
// lanes (engine/member_lanes.hpp). The lanes only sort rows: each check of
// RowCheckTallies::check that concerns a member is evaluated lane by lane
// with the same operations, and a row for which any of them might fail is
// handed to RowCheckTallies::check, which counts and describes it. A row
// that passes here passes every check there, so the tallies are the ones a
// check of every row gives.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "engine/lanes_avx512.hpp"
#include "engine/member_lanes.hpp"
#include "engine/row_checks.hpp"

namespace planwise::engine {

#ifdef PLANWISE_MEMBER_LANES

namespace {

using lanes::as_doubles;
using lanes::band_lanes;
using lanes::kAgeStarts;
using lanes::kTenureStarts;
using lanes::load_bytes;
using lanes::load_days;
using lanes::load_shorts;
using lanes::round2_lanes;

PLANWISE_LANES_TARGET inline __mmask8 outside(__m256i day, __m256i first, __m256i last) {
  return static_cast<__mmask8>(_mm256_cmplt_epi32_mask(day, first) |
                               _mm256_cmpgt_epi32_mask(day, last));
}

PLANWISE_LANES_TARGET inline __mmask8 differ(__m512d a, __m512d b) {
  return _mm512_cmp_pd_mask(a, b, _CMP_NEQ_UQ);  // a != b, true when either is NaN
}

PLANWISE_LANES_TARGET inline __mmask8 below(__m512d a, __m512d b) {
  return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ);  // a < b
}

// The year's values both row checks compare with, in every lane.
struct YearLanes {
  __m256i one, no_date, top, year, first_day, year_end;
  __m512d days, cent, zero;
};

PLANWISE_LANES_TARGET inline YearLanes year_lanes(const YearFrame& f, int levels) {
  return {_mm256_set1_epi32(1),
          _mm256_set1_epi32(kNoDate),
          _mm256_set1_epi32(levels),
          _mm256_set1_epi32(f.year),
          _mm256_set1_epi32(f.first_day),
          _mm256_set1_epi32(f.last_day),
          _mm512_set1_pd(static_cast<double>(f.days)),
          _mm512_set1_pd(0.01),
          _mm512_setzero_pd()};
}

// S3's test: the level and the start level both in 1..L.
PLANWISE_LANES_TARGET inline __mmask8 levels_in_range(__m256i level, __m256i start_level,
                                                      const YearLanes& y) {
  return static_cast<__mmask8>(
      _mm256_cmpge_epi32_mask(level, y.one) & _mm256_cmple_epi32_mask(level, y.top) &
      _mm256_cmpge_epi32_mask(start_level, y.one) & _mm256_cmple_epi32_mask(start_level, y.top));
}

// C2 and C3 for rows employed from `from` to `last_day`: prorated pay at
// most the FYE salary's share plus a cent, below the FYE salary for part of
// the year, at least the start salary's share less a cent, and the FYE
// salary itself for a whole year without events (`no_change`).
PLANWISE_LANES_TARGET inline __mmask8 prorated_out_of_bounds(const YearFrame& f, std::size_t i,
                                                             __m512d salary, __m512d start_salary,
                                                             __m256i from, __m256i last_day,
                                                             __mmask8 no_change,
                                                             const YearLanes& y) {
  const __m512d prorated = _mm512_loadu_pd(f.prorated.data() + i);
  const __m512d employed = as_doubles(_mm256_add_epi32(_mm256_sub_epi32(last_day, from), y.one));
  const __m512d most =
      _mm512_add_pd(_mm512_div_pd(_mm512_mul_pd(salary, employed), y.days), y.cent);
  const __m512d least =
      _mm512_sub_pd(_mm512_div_pd(_mm512_mul_pd(start_salary, employed), y.days), y.cent);
  return static_cast<__mmask8>(
      _mm512_cmp_pd_mask(prorated, most, _CMP_GT_OQ) |
      (below(employed, y.days) & ~below(prorated, salary)) | below(prorated, least) |
      (_mm512_cmp_pd_mask(employed, y.days, _CMP_EQ_OQ) & no_change & differ(prorated, salary)));
}

// S2 and S3 of eight rows: the status against the exit date (`stays`
// without one, `leaves` with one), and both levels in 1..L.
struct StatusAndLevels {
  __m256i exit;
  __mmask8 left;
  __m256i level;
  __m256i start_level;
  __mmask8 levels_valid;
  __mmask8 bad;
};

PLANWISE_LANES_TARGET inline StatusAndLevels status_and_levels(const YearFrame& f, std::size_t i,
                                                               StatusCode stays, StatusCode leaves,
                                                               const YearLanes& y) {
  StatusAndLevels r;
  r.exit = load_days(f.exit_date.data() + i);
  r.left = _mm256_cmpneq_epi32_mask(r.exit, y.no_date);
  const __m256i status = load_bytes(reinterpret_cast<const std::uint8_t*>(f.status.data() + i));
  const __m256i expected = _mm256_mask_mov_epi32(_mm256_set1_epi32(static_cast<int>(stays)), r.left,
                                                 _mm256_set1_epi32(static_cast<int>(leaves)));
  r.level = load_bytes(f.level.data() + i);
  r.start_level = load_bytes(f.start_level.data() + i);
  r.levels_valid = levels_in_range(r.level, r.start_level, y);
  r.bad = static_cast<__mmask8>(_mm256_cmpneq_epi32_mask(status, expected) | ~r.levels_valid);
  return r;
}

// S6's part both kinds of row share: age and tenure against the birth and
// hire years, and the bands of those. `tenure_now` receives the tenure the
// hire year gives.
PLANWISE_LANES_TARGET inline __mmask8 ages_or_bands_differ(const YearFrame& f, std::size_t i,
                                                           const YearLanes& y,
                                                           __m256i& tenure_now) {
  const __m256i age_now = _mm256_sub_epi32(y.year, load_shorts(f.birth_year.data() + i));
  tenure_now = _mm256_sub_epi32(y.year, load_shorts(f.hire_year.data() + i));
  return static_cast<__mmask8>(
      _mm256_cmpneq_epi32_mask(age_now, load_shorts(f.age.data() + i)) |
      _mm256_cmpneq_epi32_mask(tenure_now, load_shorts(f.tenure.data() + i)) |
      _mm256_cmpneq_epi32_mask(load_bytes(f.age_band.data() + i), band_lanes(age_now, kAgeStarts)) |
      _mm256_cmpneq_epi32_mask(load_bytes(f.tenure_band.data() + i),
                               band_lanes(tenure_now, kTenureStarts)));
}

// The replay's state (RowCheckTallies::check: s and level).
struct Replay {
  __m512d salary;
  __m256i level;
};

// replay_promotion in the lanes of `m`: the rows it would fail.
PLANWISE_LANES_TARGET inline __mmask8 replay_promotion(Replay& r, __mmask8 m, std::size_t i,
                                                       const YearFrame& f, const YearLevers& lv,
                                                       __m256i date, __m256i first_day,
                                                       __m256i last_day, __mmask8 ineligible) {
  if (m == 0) return 0;  // most groups of eight: no promotion to replay
  const __m256i one = _mm256_set1_epi32(1);
  __mmask8 bad = static_cast<__mmask8>(outside(date, first_day, last_day) | ineligible);
  // Tables are read only where the level allows (ineligible rows are bad).
  const __mmask8 read = static_cast<__mmask8>(m & ~ineligible);
  const __m512d zero = _mm512_setzero_pd();
  const __m512d raise = _mm512_mask_i32gather_pd(zero, read, _mm256_sub_epi32(r.level, one),
                                                 lv.promotion_raise.data(), 8);
  const __m512d floor =
      _mm512_mask_i32gather_pd(zero, read, r.level, lv.min_compensation.data(), 8);
  const __m512d previous = _mm512_maskz_loadu_pd(m, f.promo_previous.data() + i);
  const __m512d amount = _mm512_maskz_loadu_pd(m, f.promo_amount.data() + i);
  const __m256i band_floor = _mm256_cvtepu8_epi32(
      _mm_maskz_loadu_epi8(m, reinterpret_cast<const void*>(f.promo_band_floor.data() + i)));
  const __m512d raised =
      round2_lanes(_mm512_mul_pd(r.salary, _mm512_add_pd(_mm512_set1_pd(1.0), raise)));
  const __mmask8 lifted = below(raised, floor);
  const __m512d expect = _mm512_mask_mov_pd(raised, lifted, floor);
  const __mmask8 flagged = _mm256_cmpneq_epi32_mask(band_floor, _mm256_setzero_si256());
  bad |= differ(previous, r.salary) | differ(amount, expect) | (flagged ^ lifted) |
         below(amount, r.salary) | below(amount, floor);
  r.salary = _mm512_mask_mov_pd(r.salary, m, amount);
  r.level = _mm256_mask_add_epi32(r.level, m, r.level, one);
  return static_cast<__mmask8>(bad & m);
}

// Members first + [0, n): the rows any check might fail.
PLANWISE_LANES_TARGET void check_lanes(const RowCheckInputs& in, std::size_t first, std::size_t n,
                                       RowCheckTallies& tallies) {
  const YearFrame& f = in.frame;
  const YearLevers& lv = in.levers;
  const YearLanes y = year_lanes(f, in.seeds.level_count());
  const __m256i one = y.one, no_date = y.no_date, top = y.top;
  const __m256i first_day = y.first_day, year_end = y.year_end;
  const __m512d zero = y.zero;

  for (std::size_t k = 0; k < n; k += kMemberLanes) {
    const std::size_t i = first + k;
    // S2 and S3.
    const StatusAndLevels row = status_and_levels(f, i, StatusCode::kContinuousActive,
                                                  StatusCode::kExperiencedTermination, y);
    const __m256i exit = row.exit, level = row.level, start_level = row.start_level;
    const __mmask8 left = row.left, levels_valid = row.levels_valid;
    __mmask8 bad = row.bad;
    // S6: a member's age, tenure and bands follow its years; tenure >= 1
    // (the tenure column's, which differs from the years' only on rows
    // already sent to the row check).
    __m256i tenure_now;
    bad |= ages_or_bands_differ(f, i, y, tenure_now);
    const __m256i age = load_shorts(f.age.data() + i);
    const __m256i tenure = load_shorts(f.tenure.data() + i);
    bad |= _mm256_cmplt_epi32_mask(tenure, one);
    // E1 of the exit: inside the year.
    const __m256i last_day = _mm256_mask_mov_epi32(year_end, left, exit);
    bad |= static_cast<__mmask8>(left & outside(exit, first_day, year_end));

    // The replay (E1 of the events, E4–E7, C1).
    const __m256i promo = load_days(f.promo_date.data() + i);
    const __m256i raise = load_days(f.raise_date.data() + i);
    const __mmask8 promoted = _mm256_cmpneq_epi32_mask(promo, no_date);
    const __mmask8 raised = _mm256_cmpneq_epi32_mask(raise, no_date);
    const __mmask8 promotion_first = static_cast<__mmask8>(
        promoted & (static_cast<__mmask8>(~raised) | _mm256_cmple_epi32_mask(promo, raise)));
    // E4's eligibility; rows with levels outside 1..L read no table.
    const __mmask8 ineligible = static_cast<__mmask8>(
        _mm256_cmpgt_epi32_mask(_mm256_add_epi32(start_level, one), top) |
        _mm256_cmpge_epi32_mask(age, _mm256_set1_epi32(65)) | _mm256_cmplt_epi32_mask(tenure, one) |
        static_cast<__mmask8>(~levels_valid));
    const __m512d start_salary = _mm512_loadu_pd(f.start_salary.data() + i);
    Replay r{start_salary, start_level};
    bad |= replay_promotion(r, static_cast<__mmask8>(promotion_first & levels_valid), i, f, lv,
                            promo, first_day, last_day, ineligible);
    bad |= static_cast<__mmask8>(promotion_first & ~levels_valid);
    {
      const __mmask8 m = static_cast<__mmask8>(raised & levels_valid);
      const __m512d previous = _mm512_maskz_loadu_pd(m, f.raise_previous.data() + i);
      const __m512d amount = _mm512_maskz_loadu_pd(m, f.raise_amount.data() + i);
      const __m256i raise_level = _mm256_cvtepu8_epi32(
          _mm_maskz_loadu_epi8(m, reinterpret_cast<const void*>(f.raise_level.data() + i)));
      // After a promotion the replay's level may pass L: no merit to read.
      const __mmask8 read = static_cast<__mmask8>(m & _mm256_cmple_epi32_mask(r.level, top));
      const __m512d merit =
          _mm512_mask_i32gather_pd(zero, read, _mm256_sub_epi32(r.level, one), lv.merit.data(), 8);
      const __m512d factor =
          _mm512_add_pd(_mm512_add_pd(_mm512_set1_pd(1.0), merit), _mm512_set1_pd(lv.cola));
      const __m512d expect = round2_lanes(_mm512_mul_pd(r.salary, factor));
      const __mmask8 wrong = static_cast<__mmask8>(
          outside(raise, first_day, last_day) | differ(previous, r.salary) |
          _mm256_cmpneq_epi32_mask(raise_level, r.level) | differ(amount, expect) |
          below(amount, r.salary) | static_cast<__mmask8>(~read));
      bad |= static_cast<__mmask8>((wrong & m) | (raised & ~levels_valid));
      r.salary = _mm512_mask_mov_pd(r.salary, m, amount);
    }
    bad |= replay_promotion(r, static_cast<__mmask8>(promoted & ~promotion_first & levels_valid), i,
                            f, lv, promo, first_day, last_day, ineligible);
    const __m512d salary = _mm512_loadu_pd(f.salary.data() + i);
    bad |= differ(r.salary, salary) | _mm256_cmpneq_epi32_mask(r.level, level) |
           below(salary, start_salary);

    // C2 and C3.
    bad |= prorated_out_of_bounds(f, i, salary, start_salary, first_day, last_day,
                                  static_cast<__mmask8>(~(promoted | raised)), y);

    for (unsigned lanes_left = bad; lanes_left != 0; lanes_left &= lanes_left - 1)
      tallies.check(in, i + static_cast<std::size_t>(__builtin_ctz(lanes_left)));
  }
}

// Hires first + [0, n): the rows any check of RowCheckTallies::check might
// fail (a hire has no events, starts on its hire date and is priced
// within its level's range, C4).
PLANWISE_LANES_TARGET void check_hire_lanes(const RowCheckInputs& in, std::size_t first,
                                            std::size_t n, RowCheckTallies& tallies) {
  const YearFrame& f = in.frame;
  const int levels = in.seeds.level_count();
  // C4's bounds per level, with check's operations: lo × scale − 0.01 and
  // hi × scale + 0.01.
  std::vector<double> lowest(static_cast<std::size_t>(levels) + 1, 0.0);
  std::vector<double> highest = lowest;
  for (int l = 1; l <= levels && static_cast<std::size_t>(l) <= in.hire_model.levels.size(); ++l) {
    const HireLevelPricing& p = in.hire_model.levels[static_cast<std::size_t>(l) - 1];
    const double scale = (p.from_reference ? in.cola_drift : 1.0) *
                         in.levers.hire_adjustment[static_cast<std::size_t>(l) - 1];
    const double lo = p.from_reference ? p.salaries->front() : p.band_min;
    const double hi = p.from_reference ? p.salaries->back() : p.band_max;
    lowest[static_cast<std::size_t>(l)] = lo * scale - 0.01;
    highest[static_cast<std::size_t>(l)] = hi * scale + 0.01;
  }
  const bool priced = in.hire_model.levels.size() >= static_cast<std::size_t>(levels);
  // 1 January of the birth years a hire can have (ages 0 to 127); a birth
  // year outside them goes to the row check.
  constexpr int kBirthYears = 129;
  alignas(64) std::array<std::int32_t, kBirthYears + 1> jan1_of{};
  const int oldest = f.year - (kBirthYears - 1);
  for (int k = 0; k <= kBirthYears; ++k) jan1_of[static_cast<std::size_t>(k)] = jan1(oldest + k);
  const YearLanes y = year_lanes(f, levels);
  const __m256i one = y.one, no_date = y.no_date, year = y.year;
  const __m256i first_day = y.first_day, year_end = y.year_end;
  const __m512d zero = y.zero;

  for (std::size_t k = 0; k < n; k += kMemberLanes) {
    const std::size_t i = first + k;
    // S2 and S3.
    const StatusAndLevels row =
        status_and_levels(f, i, StatusCode::kNewHireActive, StatusCode::kNewHireTermination, y);
    const __m256i exit = row.exit, level = row.level, start_level = row.start_level;
    const __mmask8 left = row.left, levels_valid = row.levels_valid;
    __mmask8 bad = row.bad;
    // S6: the dates' years, age, tenure 0 and bands.
    const __m256i birth_year = load_shorts(f.birth_year.data() + i);
    const __m256i hire_year = load_shorts(f.hire_year.data() + i);
    const __m256i birth_date = load_days(f.birth_date.data() + i);
    const __m256i hire_date = load_days(f.hire_date.data() + i);
    const __m256i born_at = _mm256_sub_epi32(birth_year, _mm256_set1_epi32(oldest));
    const __mmask8 birth_known =
        static_cast<__mmask8>(_mm256_cmpge_epi32_mask(born_at, _mm256_setzero_si256()) &
                              _mm256_cmplt_epi32_mask(born_at, _mm256_set1_epi32(kBirthYears)));
    const __m256i born_jan1 =
        _mm256_mmask_i32gather_epi32(no_date, birth_known, born_at, jan1_of.data(), 4);
    const __m256i next_jan1 = _mm256_mmask_i32gather_epi32(
        no_date, birth_known, _mm256_add_epi32(born_at, one), jan1_of.data(), 4);
    __m256i tenure_now;
    bad |= ages_or_bands_differ(f, i, y, tenure_now);
    bad |= static_cast<__mmask8>(~birth_known) | _mm256_cmplt_epi32_mask(birth_date, born_jan1) |
           _mm256_cmpge_epi32_mask(birth_date, next_jan1) |
           _mm256_cmpneq_epi32_mask(hire_year, year) | outside(hire_date, first_day, year_end) |
           _mm256_cmpneq_epi32_mask(tenure_now, _mm256_setzero_si256());
    // E1 and E2: the exit after the hire date, inside the year.
    const __m256i last_day = _mm256_mask_mov_epi32(year_end, left, exit);
    bad |= static_cast<__mmask8>(
        left & (outside(exit, hire_date, year_end) | _mm256_cmple_epi32_mask(exit, hire_date)));
    // E7: no events; FYE pay and level are the start values. C1.
    bad |= _mm256_cmpneq_epi32_mask(load_days(f.promo_date.data() + i), no_date) |
           _mm256_cmpneq_epi32_mask(load_days(f.raise_date.data() + i), no_date);
    const __m512d start_salary = _mm512_loadu_pd(f.start_salary.data() + i);
    const __m512d salary = _mm512_loadu_pd(f.salary.data() + i);
    bad |= differ(start_salary, salary) | _mm256_cmpneq_epi32_mask(start_level, level) |
           below(salary, start_salary);
    // C2 and C3 from the hire date; a hire has no events (E7 above).
    bad |= prorated_out_of_bounds(f, i, salary, start_salary, hire_date, last_day, 0xFF, y);
    // C4.
    if (priced) {
      const __m512d lo =
          _mm512_mask_i32gather_pd(zero, levels_valid, start_level, lowest.data(), 8);
      const __m512d hi =
          _mm512_mask_i32gather_pd(zero, levels_valid, start_level, highest.data(), 8);
      bad |= below(start_salary, lo) | _mm512_cmp_pd_mask(start_salary, hi, _CMP_GT_OQ);
    } else {
      bad = 0xFF;
    }

    for (unsigned lanes_left = bad; lanes_left != 0; lanes_left &= lanes_left - 1)
      tallies.check(in, i + static_cast<std::size_t>(__builtin_ctz(lanes_left)));
  }
}

}  // namespace

void check_hires_in_lanes(const RowCheckInputs& in, std::size_t first, std::size_t n,
                          RowCheckTallies& tallies) {
  check_hire_lanes(in, first, n, tallies);
}

void check_members_in_lanes(const RowCheckInputs& in, std::size_t first, std::size_t n,
                            RowCheckTallies& tallies) {
  check_lanes(in, first, n, tallies);
}

#else

void check_hires_in_lanes(const RowCheckInputs& /*in*/, std::size_t /*first*/, std::size_t /*n*/,
                          RowCheckTallies& /*tallies*/) {
  std::abort();  // callers check member_lanes_available()
}

void check_members_in_lanes(const RowCheckInputs& /*in*/, std::size_t /*first*/, std::size_t /*n*/,
                            RowCheckTallies& /*tallies*/) {
  std::abort();  // callers check member_lanes_available()
}

#endif

}  // namespace planwise::engine
