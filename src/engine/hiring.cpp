// Spec §4.6: hiring. Head counts in exact arithmetic (so the year ends on
// the target), levels by largest remainder, and each hire's attributes from
// its own draws keyed by its generated id.
#include <algorithm>
#include <cmath>
#include <memory>

#include "common/rounding.hpp"
#include "engine/draw_batch.hpp"
#include "engine/employee_ids.hpp"
#include "engine/member_rows.hpp"

namespace planwise::engine {

HiringPlan plan_hiring(std::int64_t start_headcount, std::int64_t terminations,
                       ExactDecimal growth_rate, ExactDecimal new_hire_termination_rate,
                       std::span<const std::int64_t> level_weights) {
  constexpr Int128 kScale = ExactDecimal::kScale;
  HiringPlan plan;
  plan.start_headcount = start_headcount;
  plan.terminations = terminations;
  plan.target_end = round_half_away_ratio(
      static_cast<Int128>(start_headcount) * (kScale + growth_rate.units()), kScale);
  plan.need = plan.target_end - start_headcount + terminations;
  plan.hires = plan.need <= 0 ? 0
                              : round_half_away_ratio(static_cast<Int128>(plan.need) * kScale,
                                                      kScale - new_hire_termination_rate.units());
  // Largest remainder: floors of the exact quotas, then one seat each to the
  // largest fractional parts, lower level first on ties.
  Int128 total = 0;
  for (std::int64_t w : level_weights) total += w;
  const std::size_t levels = level_weights.size();
  plan.per_level.assign(levels, 0);
  std::vector<Int128> remainder(levels, 0);
  std::int64_t assigned = 0;
  for (std::size_t l = 0; l < levels; ++l) {
    const Int128 quota = static_cast<Int128>(plan.hires) * level_weights[l];
    plan.per_level[l] = static_cast<std::int64_t>(quota / total);
    remainder[l] = quota % total;
    assigned += plan.per_level[l];
  }
  std::vector<std::size_t> order(levels);
  for (std::size_t l = 0; l < levels; ++l) order[l] = l;
  std::stable_sort(order.begin(), order.end(), [&remainder](std::size_t a, std::size_t b) {
    return remainder[a] > remainder[b];
  });
  for (std::int64_t k = 0; k < plan.hires - assigned; ++k)
    ++plan.per_level[order[static_cast<std::size_t>(k)]];
  return plan;
}

double hire_base_salary(const HireLevelPricing& pricing, double u) {
  if (!pricing.from_reference) {
    return pricing.band_min + u * (pricing.band_max - pricing.band_min);
  }
  // Empirical quantile: pos = u(n−1), x_i + f(x_{i+1} − x_i), x_n = x_{n−1}.
  const std::vector<double>& x = *pricing.salaries;
  const std::size_t n = x.size();
  const double pos = u * static_cast<double>(n - 1);
  // pos >= 0, so truncation is floor (one instruction; std::floor is a libm
  // call on baseline x86-64).
  const auto i = static_cast<std::size_t>(pos);
  const double frac = pos - static_cast<double>(i);
  const double next = i + 1 < n ? x[i + 1] : x[n - 1];
  return x[i] + frac * (next - x[i]);
}

namespace {

// The draws of a block of hires (§3.3 streams 7–10; NH_TERM_SELECT goes
// straight into term_draw), made together (draw_batch.hpp).
struct HireBlockDraws {
  std::uint64_t id_key[kDrawBlock];
  double date[kDrawBlock];
  double salary[kDrawBlock];
  double age[kDrawBlock];
  double birthday[kDrawBlock];
};

// 1 January and the length of each birth year a hire of `year` can have,
// by index into HireModel::ages: no calendar arithmetic per hire.
struct BirthYears {
  std::vector<DayNumber> jan1_of;
  std::vector<int> days_of;
  BirthYears(const std::vector<int>& ages, int year) {
    for (int age : ages) {
      jan1_of.push_back(jan1(year - age));
      days_of.push_back(days_in_year(year - age));
    }
  }
};

// A prefetch GCC keeps. GCC 12 removed every __builtin_prefetch (and
// _mm_prefetch) of this loop at -O1 and above, found by counting prefetch
// instructions in the object code; an asm statement is never removed.
inline void prefetch_for_read(const double* at) {
#if defined(__x86_64__) && defined(__GNUC__)
  asm volatile("prefetcht0 %0" : : "m"(*at));
#else
  __builtin_prefetch(at);
#endif
}

// The reference salary a quantile draw reads first (hire_base_salary), or
// null for a band-priced level.
const double* first_reference_salary(const HireLevelPricing& pricing, double u) {
  if (!pricing.from_reference) return nullptr;
  const std::vector<double>& x = *pricing.salaries;
  return x.data() + static_cast<std::size_t>(u * static_cast<double>(x.size() - 1));
}

}  // namespace

void append_hires(YearFrame& f, const HiringPlan& plan, const HireModel& model,
                  const YearLevers& levers, double cola_drift, bool write_detail) {
  const std::size_t first = f.member_count;
  f.add_unset_hire_rows(static_cast<std::size_t>(plan.hires));
  const int year = f.year;
  // Sequence numbers run level by level in ascending level order.
  std::vector<std::uint8_t> level_of_seq;
  level_of_seq.reserve(static_cast<std::size_t>(plan.hires));
  for (std::size_t l = 0; l < plan.per_level.size(); ++l) {
    level_of_seq.insert(level_of_seq.end(), static_cast<std::size_t>(plan.per_level[l]),
                        static_cast<std::uint8_t>(l + 1));
  }
  const auto hires = static_cast<std::int64_t>(plan.hires);
  const auto block = static_cast<std::int64_t>(kDrawBlock);
  const HireIdKeys hire_id_key(year);
  const BirthYears birth_years(model.ages, year);
#pragma omp parallel if (hires > 20000)
  {
    // A block's draws are too large for a thread's stack.
    const std::unique_ptr<HireBlockDraws> draws = std::make_unique_for_overwrite<HireBlockDraws>();
    HireBlockDraws& u = *draws;
#pragma omp for schedule(static)
    for (std::int64_t b = 0; b < hires; b += block) {
      const std::size_t row0 = first + static_cast<std::size_t>(b);
      const auto len = static_cast<std::size_t>(std::min(block, hires - b));
      // Sequence numbers start at 1; hire h (0-based) is row first + h.
      const auto seq_of = [b](std::size_t k) {
        return static_cast<std::uint32_t>(b) + 1u + static_cast<std::uint32_t>(k);
      };
      const std::uint8_t* level_of = &level_of_seq[static_cast<std::size_t>(b)];
      hire_id_key.of_range(seq_of(0), len, u.id_key);
      std::uint64_t* state = &f.state[row0];
      draw_states(model.run_key, u.id_key, len, state);
      uniforms(state, len, year, kHireDate, f.salts, u.date);
      uniforms(state, len, year, kHireSalary, f.salts, u.salary);
      uniforms(state, len, year, kHireAge, f.salts, u.age);
      uniforms(state, len, year, kHireBirthday, f.salts, u.birthday);
      uniforms(state, len, year, kNhTermSelect, f.salts, &f.term_draw[row0]);
      // A large census's reference list does not stay in cache, so each
      // hire's first reference salary is fetched 32 hires ahead.
      constexpr std::size_t kAhead = 32;
      const auto fetch_ahead = [&](std::size_t k) {
        if (const double* at = first_reference_salary(model.levels[level_of[k] - 1u], u.salary[k]))
          prefetch_for_read(at);
      };
      for (std::size_t k = 0; k < std::min(kAhead, len); ++k) fetch_ahead(k);
      for (std::size_t k = 0; k < len; ++k) {
        if (k + kAhead < len) fetch_ahead(k + kAhead);
        const std::size_t row = row0 + k;
        const int level = level_of[k];
        f.ref[row] = EmployeeRef::hire(year, seq_of(k));

        const DayNumber hired = member_rows::day_of_year(f, u.date[k]);  // uniform_day
        const HireLevelPricing& pricing = model.levels[static_cast<std::size_t>(level - 1)];
        const double drift = pricing.from_reference ? cola_drift : 1.0;
        const double base = hire_base_salary(pricing, u.salary[k]);
        const double pay =
            round2(base * drift * levers.hire_adjustment[static_cast<std::size_t>(level - 1)]);

        const auto age_index = static_cast<std::size_t>(model.age_table.pick(u.age[k]));
        const int age = model.ages[age_index];
        const int birth_year = year - age;
        const int birth_days = birth_years.days_of[age_index];
        int offset = static_cast<int>(u.birthday[k] * birth_days);
        if (offset > birth_days - 1) offset = birth_days - 1;

        f.birth_date[row] = birth_years.jan1_of[age_index] + offset;
        f.hire_date[row] = hired;
        f.birth_year[row] = static_cast<std::int16_t>(birth_year);
        f.hire_year[row] = static_cast<std::int16_t>(year);
        f.start_salary[row] = pay;
        f.start_level[row] = static_cast<std::uint8_t>(level);
        f.age[row] = static_cast<std::int16_t>(age);
        f.tenure[row] = 0;
        f.age_band[row] = age_band_of(age);
        f.tenure_band[row] = tenure_band_of(0);
        f.salary[row] = pay;
        f.level[row] = static_cast<std::uint8_t>(level);
        f.prorated[row] = 0.0;
        f.exit_date[row] = kNoDate;
        f.status[row] = StatusCode::kNewHireActive;
        f.term_weight[row] = 1.0;
        f.promo_date[row] = kNoDate;
        f.raise_date[row] = kNoDate;
        f.promo_band_floor[row] = 0;
      }
      // No promotion or raise: their detail holds zeros, as every row's
      // does. Only the row checks, the event log and a sink read it.
      if (write_detail) {
        for (std::size_t row = row0; row < row0 + len; ++row) {
          f.promo_probability[row] = 0.0;
          f.promo_draw[row] = 0.0;
          f.promo_previous[row] = 0.0;
          f.promo_amount[row] = 0.0;
          f.raise_previous[row] = 0.0;
          f.raise_amount[row] = 0.0;
          f.raise_level[row] = 0;
        }
      }
    }
  }
}

}  // namespace planwise::engine
