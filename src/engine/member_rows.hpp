// Internal to engine/: the per-member decisions of one year as inline row
// functions (spec §4.3–§4.5). The step functions run each over all members
// (for tests and clarity); process_members runs all three in one fused pass,
// so each member's columns are read from memory once per year (spec §7).
#pragma once

#include <algorithm>
#include <limits>

#include "common/rounding.hpp"
#include "engine/year_steps.hpp"

namespace planwise::engine::member_rows {

// First day and length of each month of a year, computed once per year.
struct YearMonths {
  DayNumber first[12];
  int days[12];
  explicit YearMonths(int year) {
    for (int m = 0; m < 12; ++m) {
      first[m] = day_number(year, m + 1, 1);
      days[m] = days_in_month(year, m + 1);
    }
  }
};

// §4.1 / §1.5: age, tenure and bands in `year` of one born and hired in the
// given years, into the columns of row i (this year's or next year's).
template <class Columns>
inline void start_attributes(Columns& c, std::size_t i, int year) {
  const int age = year - c.birth_year[i];
  const int tenure = year - c.hire_year[i];
  c.age[i] = static_cast<std::int16_t>(age);
  c.tenure[i] = static_cast<std::int16_t>(tenure);
  c.age_band[i] = age_band_of(age);
  c.tenure_band[i] = tenure_band_of(tenure);
}

// §4.1 / §1.5: age, tenure and bands of member i in `year`.
inline void start_row(YearFrame& f, std::size_t i, int year) {
  start_attributes(f, i, year);
}

// §4.3: the sums behind mbar[l], the mean multiplier m = mP_age × mP_ten of
// the eligible members of level l (below the top level, under 65), added in
// row order (§0.2); 1.0 when a level has none. promotion_mean_multipliers
// and next_promotion_means add with this one function, so they agree bit
// for bit.
class PromotionMeanSums {
 public:
  explicit PromotionMeanSums(const SeedTables& seeds)
      : seeds_(&seeds),
        top_(seeds.level_count()),
        sums_(static_cast<std::size_t>(top_), 0.0),
        counts_(static_cast<std::size_t>(top_), 0) {}
  void add(int start_level, int age, std::uint8_t age_band, std::uint8_t tenure_band) {
    if (start_level >= top_ || age >= 65) return;
    sums_[static_cast<std::size_t>(start_level - 1)] +=
        seeds_->promotion_age[age_band] * seeds_->promotion_tenure[tenure_band];
    ++counts_[static_cast<std::size_t>(start_level - 1)];
  }
  std::vector<double> means() const {
    std::vector<double> mean(sums_.size(), 1.0);
    for (std::size_t l = 0; l < sums_.size(); ++l) {
      if (counts_[l] > 0) mean[l] = sums_[l] / static_cast<double>(counts_[l]);
    }
    return mean;
  }

 private:
  const SeedTables* seeds_;
  int top_;
  std::vector<double> sums_;
  std::vector<std::int64_t> counts_;
};

// §4.2: member i's hazard weight; nobody has left yet. The draw is made for
// a block of members at once (draw_batch.hpp).
inline void weigh_termination(YearFrame& f, std::size_t i, const TerminationWeights& weights) {
  f.term_weight[i] = weights.of(f.age_band[i], f.tenure_band[i]);
  f.exit_date[i] = kNoDate;
}

// The draws of one member that the member pass uses (§3.3 streams 3–6),
// made for a block of members at once (draw_batch.hpp) or one at a time.
struct MemberDraws {
  double promo_date;  // U(PROMO_DATE)
  double promotion;   // U(PROMOTION)
  double raise_month;
  double raise_day;
  static MemberDraws of(const YearFrame& f, std::size_t i) {
    const std::uint64_t s = f.state[i];
    return {uniform(s, f.year, kPromoDate, f.salts), uniform(s, f.year, kPromotion, f.salts),
            uniform(s, f.year, kRaiseMonth, f.salts), uniform(s, f.year, kRaiseDay, f.salts)};
  }
};

// §4.3: p = clamp(prob_l × (m / mbar_l), 0, 1) with m = mP_age × mP_ten,
// for every level below the top and every band pair. Computed once per year
// with the same operations in the same order, so the member pass looks up
// the value each member would have computed (no division per member).
class PromotionOdds {
 public:
  PromotionOdds(const YearLevers& levers, const SeedTables& seeds, const double* mean_multiplier,
                int top)
      : p_(static_cast<std::size_t>(top) * kPairs, 0.0) {
    for (int level = 1; level < top; ++level) {
      const auto l = static_cast<std::size_t>(level - 1);
      for (std::size_t a = 0; a < kAgeBandCount; ++a) {
        for (std::size_t t = 0; t < kTenureBandCount; ++t) {
          const double m = seeds.promotion_age[a] * seeds.promotion_tenure[t];
          const double p = levers.promotion_probability[l] * (m / mean_multiplier[l]);
          p_[l * kPairs + a * kTenureBandCount + t] = std::min(1.0, std::max(0.0, p));
        }
      }
    }
  }
  // The table of() reads: level l's band pair (a, t) at
  // (l - 1) × kPairs + a × kTenureBandCount + t; the top level's are 0.
  static constexpr std::size_t kPairs = kAgeBandCount * kTenureBandCount;
  const double* table() const { return p_.data(); }
  double of(int level, std::uint8_t age_band, std::uint8_t tenure_band) const {
    return p_[static_cast<std::size_t>(level - 1) * kPairs + age_band * kTenureBandCount +
              tenure_band];
  }

 private:
  std::vector<double> p_;
};

// The columns the member pass's row functions read and write, as plain
// pointers held in locals. Through the frame's vectors, every one-byte
// store (a level, band or flag) may alias any vector's data pointer, so the
// compiler reloads each column's address after it (issue 13). The row
// functions take either type.
struct MemberColumns {
  int year;
  DayNumber first_day;
  DayNumber last_day;
  int days;
  const double* start_salary;
  const std::uint8_t* start_level;
  const std::int16_t* age;
  const std::uint8_t* age_band;
  const std::uint8_t* tenure_band;
  const DayNumber* exit_date;
  DayNumber* promo_date;
  double* promo_probability;
  double* promo_draw;
  double* promo_previous;
  double* promo_amount;
  std::uint8_t* promo_band_floor;
  DayNumber* raise_date;
  double* raise_previous;
  double* raise_amount;
  std::uint8_t* raise_level;
  double* salary;
  std::uint8_t* level;
  StatusCode* status;
  explicit MemberColumns(YearFrame& f)
      : year(f.year),
        first_day(f.first_day),
        last_day(f.last_day),
        days(f.days),
        start_salary(f.start_salary.data()),
        start_level(f.start_level.data()),
        age(f.age.data()),
        age_band(f.age_band.data()),
        tenure_band(f.tenure_band.data()),
        exit_date(f.exit_date.data()),
        promo_date(f.promo_date.data()),
        promo_probability(f.promo_probability.data()),
        promo_draw(f.promo_draw.data()),
        promo_previous(f.promo_previous.data()),
        promo_amount(f.promo_amount.data()),
        promo_band_floor(f.promo_band_floor.data()),
        raise_date(f.raise_date.data()),
        raise_previous(f.raise_previous.data()),
        raise_amount(f.raise_amount.data()),
        raise_level(f.raise_level.data()),
        salary(f.salary.data()),
        level(f.level.data()),
        status(f.status.data()) {}
};

// uniform_day(u, Y) of §0.3 with Jan1(Y) and D_Y taken from the frame.
template <class Rows>
inline DayNumber day_of_year(const Rows& f, double u) {
  int offset = static_cast<int>(u * f.days);
  if (offset > f.days - 1) offset = f.days - 1;
  return f.first_day + offset;
}

// Issue 13: whether a pass writes the row's detail columns, the inputs and
// intermediate values of its events (promotion odds and draw, previous and
// new amounts, the raise's level), which only the row checks, the event log
// and a sink read. Without them a year keeps its dates, outcomes and the
// band-floor flag its aggregation counts.
enum class RowDetail : bool { kSkip = false, kWrite = true };

// §4.3: the promotion decision of member i.
template <RowDetail kDetail = RowDetail::kWrite, class Rows>
inline void decide_promotion(Rows& f, std::size_t i, const PromotionOdds& odds, int top,
                             const MemberDraws& u) {
  constexpr bool detail = kDetail == RowDetail::kWrite;
  f.promo_date[i] = kNoDate;
  if constexpr (detail)
    f.promo_probability[i] = std::numeric_limits<double>::quiet_NaN();  // not considered
  const int level = f.start_level[i];
  if (level >= top || f.age[i] >= 65) return;  // top level or 65+: not eligible
  const DayNumber date = day_of_year(f, u.promo_date);
  if (f.exit_date[i] != kNoDate && date > f.exit_date[i]) return;  // gone by then
  const double p = odds.of(level, f.age_band[i], f.tenure_band[i]);
  if constexpr (detail) {
    f.promo_probability[i] = p;
    f.promo_draw[i] = u.promotion;
  }
  if (u.promotion < p) f.promo_date[i] = date;
}

// §4.4: the raise date of member i, or none when they have left by then.
template <class Rows>
inline void decide_raise(Rows& f, std::size_t i, const RaiseTiming& timing,
                         const YearMonths& months, const MemberDraws& u) {
  const double u_month = u.raise_month;
  DayNumber date;
  if (timing.method == RaiseTimingMethod::kLegacy) {
    date = u_month < 0.5 ? months.first[0] : months.first[6];  // 1 Jan or 1 Jul
  } else {
    // The categorical rule divides by the weight sum, which is the rescaling
    // to 1.0 that §4.4 asks for when the profile does not sum to 1.
    const int m = timing.months.pick(u_month);
    const int n = months.days[m];
    int offset = static_cast<int>(u.raise_day * n);
    if (offset > n - 1) offset = n - 1;
    date = months.first[m] + offset;
  }
  const bool gone = f.exit_date[i] != kNoDate && date > f.exit_date[i];
  f.raise_date[i] = gone ? kNoDate : date;
}

// §4.5: member i's events in date order (a promotion before a raise on the
// same day) on a running salary; prorated pay sums salary × days per period
// and divides by D_Y once.
//
// apply_timeline_events returns the salary-days sum and leaves prorated pay
// to the caller: the member pass divides and rounds a block at a time.
template <RowDetail kDetail = RowDetail::kWrite, class Rows>
inline double apply_timeline_events(Rows& f, std::size_t i, const YearLevers& levers) {
  constexpr bool detail = kDetail == RowDetail::kWrite;
  double s = f.start_salary[i];
  int level = f.start_level[i];
  DayNumber current = f.first_day;
  double acc = 0.0;
  const DayNumber promo = f.promo_date[i];
  const DayNumber raise = f.raise_date[i];
  const bool promo_first = promo != kNoDate && (raise == kNoDate || promo <= raise);

  auto apply_promotion = [&] {
    acc = acc + s * static_cast<double>(promo - current);
    if constexpr (detail) f.promo_previous[i] = s;
    double next = round2(s * (1.0 + levers.promotion_raise[static_cast<std::size_t>(level - 1)]));
    // Band-floor rule: no promoted salary below the new level's minimum.
    // Promotions never start at the top level (§4.3), so level + 1 exists.
    const double floor = levers.min_compensation[static_cast<std::size_t>(level)];
    const bool floored = next < floor;
    if (floored) next = floor;
    f.promo_band_floor[i] = floored ? 1 : 0;
    s = next;
    ++level;
    if constexpr (detail) f.promo_amount[i] = s;
    current = promo;
  };
  auto apply_raise = [&] {
    acc = acc + s * static_cast<double>(raise - current);
    if constexpr (detail) {
      f.raise_previous[i] = s;
      f.raise_level[i] = static_cast<std::uint8_t>(level);
    }
    const double factor = (1.0 + levers.merit[static_cast<std::size_t>(level - 1)]) + levers.cola;
    s = round2(s * factor);
    if constexpr (detail) f.raise_amount[i] = s;
    current = raise;
  };

  if (promo_first) apply_promotion();
  if (raise != kNoDate) apply_raise();
  if (promo != kNoDate && !promo_first) apply_promotion();

  const DayNumber last = f.exit_date[i] != kNoDate ? f.exit_date[i] : f.last_day;
  acc = acc + s * static_cast<double>(last - current + 1);
  f.salary[i] = s;
  f.level[i] = static_cast<std::uint8_t>(level);
  return acc;
}

// §4.5 prorated pay: round2(salary-days / D_Y).
inline double prorated_pay(double salary_days, double days_in_year) {
  return round2(salary_days / days_in_year);
}

inline void apply_timeline(YearFrame& f, std::size_t i, const YearLevers& levers,
                           double days_in_year) {
  f.prorated[i] = prorated_pay(apply_timeline_events(f, i, levers), days_in_year);
}

// Row i, active on 31 Dec, as row `out` of next year's members: its carried
// columns, with FYE salary and level as the start values (§4.1).
inline void carry_row(YearFrame& f, std::size_t i, std::size_t out) {
  f.next.ref[out] = f.ref[i];
  f.next.state[out] = f.state[i];
  f.next.birth_date[out] = f.birth_date[i];
  f.next.hire_date[out] = f.hire_date[i];
  f.next.birth_year[out] = f.birth_year[i];
  f.next.hire_year[out] = f.hire_year[i];
  f.next.start_salary[out] = f.salary[i];
  f.next.start_level[out] = f.level[i];
}

// §4.8: a member's status code; final once the member pass is done (the
// new-hire steps touch only hire rows).
template <class Rows>
inline void finish_member(Rows& f, std::size_t i) {
  f.status[i] = f.exit_date[i] == kNoDate ? StatusCode::kContinuousActive
                                          : StatusCode::kExperiencedTermination;
}

}  // namespace planwise::engine::member_rows
