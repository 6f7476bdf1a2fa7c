// Issue 13 item 1: next year's rows are made where the year loop already
// holds them (the member pass, the hires' carry, next year's start beside
// the aggregation), and the hire rows are written without a zero fill. Each
// must give exactly what the separate reference steps give.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <tuple>

#include "engine/draw_batch.hpp"
#include "engine/frame_fixture.hpp"
#include "engine/metrics.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {
namespace {

using testing::band_hire_model;
using testing::bundled_seeds;
using testing::flat_levers;
using testing::kQ;
using testing::mixed_workforce;
using testing::TestWorkforce;

const ExactDecimal kGrowth = ExactDecimal::from_units(30'000'000);        // 0.03
const ExactDecimal kNewHireRate = ExactDecimal::from_units(250'000'000);  // 0.25
const std::vector<std::int64_t> kMix = {40, 30, 20, 8, 2};

// Every per-row column of the frame (the 29 of engine/year_frame_traffic.hpp).
auto frame_columns() {
  return std::make_tuple(
      &YearFrame::ref, &YearFrame::state, &YearFrame::birth_date, &YearFrame::hire_date,
      &YearFrame::birth_year, &YearFrame::hire_year, &YearFrame::start_salary,
      &YearFrame::start_level, &YearFrame::age, &YearFrame::tenure, &YearFrame::age_band,
      &YearFrame::tenure_band, &YearFrame::salary, &YearFrame::level, &YearFrame::prorated,
      &YearFrame::exit_date, &YearFrame::status, &YearFrame::term_weight, &YearFrame::term_draw,
      &YearFrame::promo_date, &YearFrame::promo_probability, &YearFrame::promo_draw,
      &YearFrame::promo_previous, &YearFrame::promo_amount, &YearFrame::promo_band_floor,
      &YearFrame::raise_date, &YearFrame::raise_previous, &YearFrame::raise_amount,
      &YearFrame::raise_level);
}

template <class Column>
bool same_bytes(const Column& a, const Column& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(typename Column::value_type)) == 0;
}

// How many of the given columns hold different bytes in `a` and `b`.
template <class Owner, class Columns>
int columns_that_differ(const Owner& a, const Owner& b, Columns columns) {
  return std::apply(
      [&](auto... column) { return ((same_bytes(a.*column, b.*column) ? 0 : 1) + ... + 0); },
      columns);
}

// The members of `from` as the carried rows of `into` (frame.next).
void hand_over_members(const YearFrame& from, YearFrame& into) {
  into.next.ref = from.ref;
  into.next.state = from.state;
  into.next.birth_date = from.birth_date;
  into.next.hire_date = from.hire_date;
  into.next.birth_year = from.birth_year;
  into.next.hire_year = from.hire_year;
  into.next.start_salary = from.start_salary;
  into.next.start_level = from.start_level;
}

TEST(CarriedRows, NextYearsStartEqualsTheStartPassAndThePromotionMeans) {
  const SeedTables seeds = bundled_seeds();
  const TerminationWeights weights(seeds);
  TestWorkforce reference = mixed_workforce(3000);
  start_year_and_draw_terminations(reference.frame, 2026, weights);
  const std::vector<double> means = promotion_mean_multipliers(reference.frame, seeds);

  TestWorkforce w = mixed_workforce(3000);
  YearFrame& f = w.frame;
  hand_over_members(f, f);
  const std::vector<double> next_means = start_next_members(f, 2026, weights, seeds);
  f.commit_carry();
  f.commit_next_start();
  f.begin_year(2026);

  ASSERT_EQ(next_means.size(), means.size());
  for (std::size_t l = 0; l < means.size(); ++l) EXPECT_EQ(next_means[l], means[l]) << l;
  EXPECT_EQ(
      columns_that_differ(f, reference.frame,
                          std::make_tuple(&YearFrame::age, &YearFrame::tenure, &YearFrame::age_band,
                                          &YearFrame::tenure_band, &YearFrame::term_weight,
                                          &YearFrame::term_draw, &YearFrame::exit_date)),
      0);
}

// One year of members and hires up to the carry, on a fresh workforce.
struct CarriedYear {
  TestWorkforce w = mixed_workforce(4000);
  SeedTables seeds = bundled_seeds();
  YearLevers levers = flat_levers(2025, 0.035, 0.02, 0.08, 0.12);
  RaiseTiming timing;
  std::vector<KeyedRow> keys;
  std::vector<double> means;
  std::vector<double> next_means;
  MemberEventCounts member_events;  // counted by the fused member pass

  // `fused`: the member pass copies and starts the stayers, then
  // carry_active_rows and start_next_rows the hires; otherwise the
  // reference, prepare_carry and start_next_members after the year.
  explicit CarriedYear(bool fused) {
    const TerminationWeights weights(seeds);
    YearFrame& f = w.frame;
    timing.months = CategoricalTable(seeds.raise_month_weights);
    start_year(f, 2025);
    const std::int64_t leavers =
        select_experienced_terminations(f, seeds, kQ, w.employee_ids(), keys);
    means = promotion_mean_multipliers(f, seeds);
    std::vector<std::uint32_t> carry_at;
    if (fused) {
      carry_at = member_carry_offsets(f);
      f.size_carry(carry_at.back());
    }
    const CarryToNext carry{carry_at.data(), &weights};
    run_member_pass(f, levers, seeds, timing, means, nullptr, nullptr, fused ? &carry : nullptr,
                    true, fused ? &member_events : nullptr);
    const HiringPlan plan = plan_hiring(static_cast<std::int64_t>(f.member_count), leavers, kGrowth,
                                        kNewHireRate, kMix);
    append_hires(f, plan, band_hire_model(), levers, 1.0);
    select_new_hire_terminations(f, kNewHireRate, w.employee_ids(), keys);
    finish_hire_rows(f);
    if (fused) {
      carry_active_rows(f, f.member_count, carry_at.back());
      start_next_rows(f, carry_at.back(), f.next.ref.size(), 2026, weights);
      next_means = next_promotion_means(f, seeds);
    } else {
      f.prepare_carry();
      next_means = start_next_members(f, 2026, weights, seeds);
    }
  }
};

TEST(CarriedRows, MemberPassAndHireCarryCopyAndStartWhatPrepareCarryAndTheStartPassGive) {
  const CarriedYear reference(false), fused(true);
  const YearFrame::Carried& a = reference.w.frame.next;
  const YearFrame::Carried& b = fused.w.frame.next;
  ASSERT_GT(a.ref.size(), 3000u);
  EXPECT_LT(a.ref.size(), reference.w.frame.size());  // some left, some were hired
  using C = YearFrame::Carried;
  EXPECT_EQ(columns_that_differ(
                a, b,
                std::make_tuple(&C::ref, &C::state, &C::birth_date, &C::hire_date, &C::birth_year,
                                &C::hire_year, &C::start_salary, &C::start_level, &C::age,
                                &C::tenure, &C::age_band, &C::tenure_band, &C::term_weight,
                                &C::term_draw, &C::exit_date)),
            0);
  EXPECT_EQ(reference.next_means, fused.next_means);
}

// The same sums, count for count and bit for bit.
void expect_same_totals(const PopulationTotals& a, const PopulationTotals& b, const char* what) {
  EXPECT_EQ(a.count, b.count) << what;
  EXPECT_EQ(a.continuous_count, b.continuous_count) << what;
  EXPECT_EQ(a.fye, b.fye) << what;
  EXPECT_EQ(a.fye_squares, b.fye_squares) << what;
  EXPECT_EQ(a.prorated, b.prorated) << what;
  EXPECT_EQ(a.start, b.start) << what;
}

void expect_same_aggregates(const YearAggregates& a, const YearAggregates& b) {
  expect_same_totals(a.active, b.active, "active");
  expect_same_totals(a.continuous, b.continuous, "continuous");
  expect_same_totals(a.new_hire, b.new_hire, "new_hire");
  ASSERT_EQ(a.by_level.size(), b.by_level.size());
  for (std::size_t l = 0; l < a.by_level.size(); ++l)
    expect_same_totals(a.by_level[l], b.by_level[l], "level");
  EXPECT_EQ(a.total_prorated, b.total_prorated);
  EXPECT_EQ(a.experienced_terminations, b.experienced_terminations);
  EXPECT_EQ(a.new_hire_terminations, b.new_hire_terminations);
  EXPECT_EQ(a.promotions, b.promotions);
  EXPECT_EQ(a.raises, b.raises);
  EXPECT_EQ(a.band_floor_promotions, b.band_floor_promotions);
}

// aggregate_year sums the members' rows once for C_Y and A_Y; every sum must
// still be the row-by-row one, bit for bit.
TEST(CarriedRows, YearAggregatesEqualTheRowByRowSums) {
  CarriedYear year(true);
  const YearFrame& f = year.w.frame;
  const YearAggregates fast = aggregate_year(f, year.seeds.level_count());
  ASSERT_GT(fast.new_hire.count, 0);
  ASSERT_GT(fast.experienced_terminations, 0);
  ASSERT_GT(fast.new_hire_terminations, 0);
  ASSERT_GT(fast.promotions, 0);
  ASSERT_GT(fast.band_floor_promotions, 0);
  const YearAggregates reference = aggregate_rows_in_order(f, year.seeds.level_count());
  expect_same_aggregates(fast, reference);
  // The members' events as the member pass counted them, on every thread.
  expect_same_aggregates(aggregate_year(f, year.seeds.level_count(), &year.member_events),
                         reference);
}

// A frame whose statuses are not members' then hires' (which the year's
// checks report) takes the row-by-row sums.
TEST(CarriedRows, YearAggregatesOfStatusesOutOfOrderAreTheRowByRowSums) {
  struct Case {
    bool in_members;  // a member's row, or else a hire's
    StatusCode status;
  };
  for (const Case c :
       {Case{true, StatusCode::kNewHireActive}, Case{true, StatusCode::kNewHireTermination},
        Case{false, StatusCode::kContinuousActive},
        Case{false, StatusCode::kExperiencedTermination}}) {
    CarriedYear year(true);
    YearFrame& f = year.w.frame;
    f.status[c.in_members ? f.member_count / 2 : f.member_count + 1] = c.status;
    SCOPED_TRACE(c.in_members ? "member row" : "hire row");
    expect_same_aggregates(aggregate_year(f, year.seeds.level_count()),
                           aggregate_rows_in_order(f, year.seeds.level_count()));
  }
}

TEST(CarriedRows, MemberCarryOffsetsCountTheStayersOfEachBlock) {
  TestWorkforce w = mixed_workforce(1000);
  YearFrame& f = w.frame;
  start_year(f, 2025);
  for (std::size_t i = 0; i < f.member_count; ++i)
    f.exit_date[i] = i % 7 == 0 || i >= 900 ? day_number(2025, 5, 1) : kNoDate;
  const std::vector<std::uint32_t> at = member_carry_offsets(f);
  ASSERT_EQ(at.size(), (1000 + kDrawBlock - 1) / kDrawBlock + 1);
  std::uint32_t stayers = 0;
  for (std::size_t i = 0; i < f.member_count; ++i) {
    if (i % kDrawBlock == 0) EXPECT_EQ(at[i / kDrawBlock], stayers) << i;
    stayers += f.exit_date[i] == kNoDate ? 1 : 0;
  }
  EXPECT_EQ(at.back(), stayers);
}

// The frame's columns leave rows a resize adds unset: append_hires must
// write every column of every hire row. Rows first filled with a pattern
// and dropped must read exactly as on a frame that never held them.
// Two years of the same 500 members, started, and the plan of their hires.
struct TwoYearsToHire {
  YearLevers levers = flat_levers(2025, 0.035, 0.02, 0.08, 0.12);
  HiringPlan plan = plan_hiring(500, 60, kGrowth, kNewHireRate, kMix);
  TestWorkforce first = mixed_workforce(500), second = mixed_workforce(500);
  TwoYearsToHire() {
    start_year(first.frame, 2025);
    start_year(second.frame, 2025);
  }
  void hire(TestWorkforce& w, bool detail = true) const {
    append_hires(w.frame, plan, band_hire_model(), levers, 1.0, detail);
  }
};

TEST(CarriedRows, AppendHiresWritesEveryColumnOfItsRows) {
  TwoYearsToHire years;
  TestWorkforce& clean = years.first;
  TestWorkforce& dirty = years.second;
  dirty.frame.resize_for_hires(static_cast<std::size_t>(years.plan.hires));
  std::apply(
      [&](auto... column) {
        auto poison = [](auto& values) {
          std::memset(static_cast<void*>(values.data() + 500), 0xA5,
                      (values.size() - 500) * sizeof(values[0]));
        };
        (poison(dirty.frame.*column), ...);
      },
      frame_columns());
  dirty.frame.resize_for_hires(0);
  years.hire(clean);
  years.hire(dirty);
  EXPECT_EQ(std::tuple_size_v<decltype(frame_columns())>, 29u);
  EXPECT_EQ(columns_that_differ(clean.frame, dirty.frame, frame_columns()), 0);
}

// Without row detail (a year nobody row-checks or logs), append_hires
// leaves the seven detail columns unset and writes the rest as before.
TEST(CarriedRows, AppendHiresWithoutDetailWritesEveryOtherColumn) {
  TwoYearsToHire years;
  TestWorkforce& with = years.first;
  TestWorkforce& without = years.second;
  years.hire(with);
  years.hire(without, false);
  const auto detail = std::make_tuple(&YearFrame::promo_probability, &YearFrame::promo_draw,
                                      &YearFrame::promo_previous, &YearFrame::promo_amount,
                                      &YearFrame::raise_previous, &YearFrame::raise_amount,
                                      &YearFrame::raise_level);
  EXPECT_EQ(columns_that_differ(with.frame, without.frame, frame_columns()),
            columns_that_differ(with.frame, without.frame, detail));
  const YearFrame& f = without.frame;
  for (std::size_t row = f.member_count; row < f.size(); ++row) {
    ASSERT_EQ(f.promo_date[row], kNoDate);
    ASSERT_EQ(f.promo_band_floor[row], 0);
  }
}

// The leavers among hires are the NT smallest (draw, id) pairs (§3.6). Many
// equal draws put ties inside the bucket the cut falls in and across it.
// Both sizes: a year of a few hires runs on one thread, one of about 100,000
// (more than kParallelRows) counts and gathers on every thread.
TEST(CarriedRows, NewHireLeaversAreTheSmallestDrawsWithTiesByIdAsAFullSortGives) {
  for (const std::int64_t headcount : {50, 600'000}) {
    TestWorkforce w = mixed_workforce(50);
    YearFrame& f = w.frame;
    start_year(f, 2025);
    const HiringPlan plan = plan_hiring(headcount, headcount / 10, kGrowth, kNewHireRate, kMix);
    append_hires(f, plan, band_hire_model(), flat_levers(2025, 0.03, 0.02, 0.1, 0.12), 1.0);
    const double draws[] = {0.20001, 0.2, 0.7, 0.2, 0.20001, 0.1};
    for (std::size_t row = f.member_count; row < f.size(); ++row) {
      // Ties, and in the large year mostly distinct draws as well.
      f.term_draw[row] = row % 3 == 0 ? draws[(row * 7) % 6] : f.term_draw[row];
    }
    f.hire_date[f.member_count + 1] = f.last_day;  // no room to leave: not a candidate

    std::vector<KeyedRow> expected;
    for (std::size_t row = f.member_count; row < f.size(); ++row) {
      if (f.hire_date[row] < f.last_day)
        expected.push_back({f.term_draw[row], static_cast<std::uint32_t>(row)});
    }
    const EmployeeIds ids = w.employee_ids();
    std::sort(expected.begin(), expected.end(), [&](const KeyedRow& a, const KeyedRow& b) {
      if (a.key != b.key) return a.key < b.key;
      return ids.less(f.ref[a.row], f.ref[b.row]);
    });
    std::vector<KeyedRow> keys;
    const NewHireTerminationCounts nt = select_new_hire_terminations(f, kNewHireRate, ids, keys);
    ASSERT_GT(nt.selected, 0);
    if (headcount > 50) ASSERT_GT(f.hire_count(), static_cast<std::size_t>(kParallelRows));
    std::vector<bool> leaves(f.size(), false);
    for (std::int64_t k = 0; k < nt.selected; ++k)
      leaves[expected[static_cast<std::size_t>(k)].row] = true;
    std::size_t wrong = 0;
    for (std::size_t row = f.member_count; row < f.size(); ++row)
      wrong += (f.exit_date[row] != kNoDate) != leaves[row] ? 1 : 0;
    EXPECT_EQ(wrong, 0u) << headcount;
  }
}

TEST(CarriedRows, HireIdKeysAreTheIdKeysOfTheFormattedIds) {
  for (int year = 2025; year <= 2026; ++year) {
    const HireIdKeys keys(year);
    for (std::uint32_t seq :
         {1u, 9u, 10u, 99'999u, 999'999u, 1'000'000u, 1'234'567u, 4'294'967'295u}) {
      char text[kHireIdBufferSize];
      const std::size_t length = format_hire_id(year, seq, text);
      EXPECT_EQ(keys(seq), id_key({text, length})) << year << " " << seq;
    }
    // Ranges that start and end inside a run of ten, cross 10^6 (seven
    // digits) and reach the largest sequence number.
    for (std::uint32_t first : {1u, 7u, 99'990u, 999'995u, 4'294'967'290u}) {
      std::uint64_t range[6];
      keys.of_range(first, 6, range);
      for (std::uint32_t k = 0; k < 6; ++k) {
        char text[kHireIdBufferSize];
        const std::size_t length = format_hire_id(year, first + k, text);
        EXPECT_EQ(range[k], id_key({text, length})) << year << " " << first + k;
      }
    }
    std::vector<std::uint64_t> many(2'345);
    keys.of_range(123, many.size(), many.data());
    for (std::uint32_t k = 0; k < many.size(); ++k) EXPECT_EQ(many[k], keys(123 + k)) << k;
  }
}

}  // namespace
}  // namespace planwise::engine
