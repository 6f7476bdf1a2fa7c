// Issue 13 item 2: the member pass's decisions in AVX-512 lanes write the
// same bits as the row functions, column by column, for every kind of
// member: leavers before and after each event, a promotion on the raise's
// day, the top level, 65-year-olds, band-floor promotions, both raise
// timings and a month profile with a zero weight.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "common/rounding.hpp"
#include "engine/frame_fixture.hpp"
#include "engine/member_lanes.hpp"
#include "engine/row_checks.hpp"

namespace planwise::engine {
namespace {

using testing::bundled_seeds;
using testing::flat_levers;

constexpr int kLaneYear = 2028;  // a leap year: 366 days

// `rows` members with random start values, exit dates and draws; the
// detail columns hold a marker, so that a row either path leaves alone
// compares equal.
struct LaneCase {
  YearFrame frame;
  std::vector<double> promo_date, promotion, raise_month, raise_day;

  LaneCase(std::size_t rows, std::uint64_t seed, const CategoricalTable& months) {
    YearFrame& f = frame;
    f.year = kLaneYear;
    f.first_day = jan1(kLaneYear);
    f.last_day = dec31(kLaneYear);
    f.days = days_in_year(kLaneYear);
    f.resize_for_hires(rows);
    f.member_count = rows;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    for (std::size_t i = 0; i < rows; ++i) {
      f.ref[i] = EmployeeRef::census(static_cast<std::uint32_t>(i));
      f.start_level[i] = static_cast<std::uint8_t>(1 + pick(5));  // the top level too
      const int age = 20 + pick(50);                              // 64, 65 and 66 among them
      const int tenure = 1 + pick(30);
      f.age[i] = static_cast<std::int16_t>(age);
      f.age_band[i] = age_band_of(age);
      f.tenure[i] = static_cast<std::int16_t>(tenure);
      f.tenure_band[i] = tenure_band_of(tenure);
      f.birth_year[i] = static_cast<std::int16_t>(kLaneYear - age);
      f.hire_year[i] = static_cast<std::int16_t>(kLaneYear - tenure);
      // Salaries near each level's band minimum, so that promotions both
      // clear the next band's floor and fall under it.
      f.start_salary[i] = round2(40000.0 + 300000.0 * unit(rng));
      const int exit_kind = pick(10);
      f.exit_date[i] = exit_kind < 7    ? kNoDate
                       : exit_kind == 7 ? f.first_day + pick(3)
                       : exit_kind == 8 ? f.last_day - pick(3)
                                        : f.first_day + pick(f.days);
      f.promo_probability[i] = -1.0;
      f.promo_draw[i] = -2.0;
      f.promo_previous[i] = -3.0;
      f.promo_amount[i] = -4.0;
      f.promo_band_floor[i] = 7;
      f.raise_previous[i] = -5.0;
      f.raise_amount[i] = -6.0;
      f.raise_level[i] = 9;
      f.status[i] = static_cast<StatusCode>(3);
    }
    for (std::size_t i = 0; i < rows; ++i) {
      promo_date.push_back(unit(rng));
      promotion.push_back(unit(rng));
      raise_month.push_back(unit(rng));
      raise_day.push_back(unit(rng));
    }
    // Draws on the edges: each month threshold itself, one below it, 0.5,
    // the smallest and largest uniforms, and a promotion on the raise's day.
    std::vector<double> edges = {0x1.0p-53, 1.0 - 0x1.0p-53, 0.5, std::nextafter(0.5, 0.0)};
    for (int j = 0; j + 1 < months.size(); ++j) {
      edges.push_back(months.threshold(j));
      edges.push_back(std::nextafter(months.threshold(j), 0.0));
    }
    for (std::size_t e = 0; e < edges.size() && 4 * e + 3 < rows; ++e) {
      promo_date[4 * e] = edges[e];
      raise_month[4 * e + 1] = edges[e];
      raise_day[4 * e + 2] = edges[e];
      promotion[4 * e + 3] = edges[e];
    }
    for (std::size_t i = rows / 2; i < rows / 2 + 64 && i < rows; ++i) {
      raise_month[i] = 0.0;                                         // January
      raise_day[i] = (static_cast<double>(i % 31) + 0.5) / 31.0;    // its (i % 31 + 1)-th day
      promo_date[i] = (static_cast<double>(i % 31) + 0.5) / 366.0;  // the same day
      promotion[i] = 0.0;
    }
  }
};

// The row functions, as the member pass runs them one row at a time.
void decide_by_rows(YearFrame& f, const LaneCase& c, const MemberLaneContext& ctx, bool detail,
                    MemberEventCounts& counts) {
  member_rows::MemberColumns columns(f);
  for (std::size_t i = 0; i < f.member_count; ++i) {
    const member_rows::MemberDraws d{c.promo_date[i], c.promotion[i], c.raise_month[i],
                                     c.raise_day[i]};
    double salary_days;
    if (detail) {
      member_rows::decide_promotion<member_rows::RowDetail::kWrite>(columns, i, *ctx.odds, ctx.top,
                                                                    d);
      member_rows::decide_raise(columns, i, *ctx.timing, *ctx.months, d);
      salary_days = member_rows::apply_timeline_events<member_rows::RowDetail::kWrite>(columns, i,
                                                                                       *ctx.levers);
    } else {
      member_rows::decide_promotion<member_rows::RowDetail::kSkip>(columns, i, *ctx.odds, ctx.top,
                                                                   d);
      member_rows::decide_raise(columns, i, *ctx.timing, *ctx.months, d);
      salary_days = member_rows::apply_timeline_events<member_rows::RowDetail::kSkip>(columns, i,
                                                                                      *ctx.levers);
    }
    member_rows::finish_member(columns, i);
    f.prorated[i] = member_rows::prorated_pay(salary_days, static_cast<double>(f.days));
  }
  counts.add(f, 0, f.member_count);
}

// Rows whose bits differ in `column`, as "row: lanes vs rows".
template <class T, class A>
std::string lane_differences(const std::vector<T, A>& lanes, const std::vector<T, A>& rows,
                             const char* name) {
  std::string out;
  int shown = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (std::memcmp(&lanes[i], &rows[i], sizeof(T)) == 0) continue;
    if (shown++ < 5) {
      out += std::string(name) + " row " + std::to_string(i) + ": " +
             std::to_string(static_cast<double>(lanes[i])) + " vs " +
             std::to_string(static_cast<double>(rows[i])) + "\n";
    }
  }
  return out;
}

void expect_same_decisions(const std::array<double, 12>& month_weights, RaiseTimingMethod method,
                           bool detail, std::uint64_t seed) {
  SCOPED_TRACE(::testing::Message() << "seed " << seed << " detail " << detail);
  const SeedTables seeds = bundled_seeds();
  YearLevers levers = flat_levers(kLaneYear, 0.04, 0.021, 0.6, 0.15);
  levers.merit = {0.031, 0.037, 0.043, 0.049, 0.052};
  levers.promotion_probability = {0.9, 0.7, 0.5, 0.3, 0.0};
  // Floors high enough that some promoted salaries are lifted to them.
  levers.min_compensation = {56000, 150000, 200000, 260000, 330000};
  const std::vector<double> means = {0.8, 0.9, 1.0, 1.1, 1.2};
  const int top = seeds.level_count();
  const member_rows::PromotionOdds odds(levers, seeds, means.data(), top);
  RaiseTiming timing;
  timing.method = method;
  timing.months = CategoricalTable(month_weights);
  const member_rows::YearMonths months(kLaneYear);
  const MemberLaneContext ctx{&odds, top, &timing, &months, &levers};

  const LaneCase input(4'096, seed, timing.months);
  YearFrame by_rows = input.frame;
  YearFrame by_lanes = input.frame;
  MemberEventCounts row_counts;
  decide_by_rows(by_rows, input, ctx, detail, row_counts);
  MemberEventCounts lane_counts;
  member_rows::MemberColumns columns(by_lanes);
  decide_members_in_lanes(columns, by_lanes.prorated.data(), 0, by_lanes.member_count,
                          {input.promo_date.data(), input.promotion.data(),
                           input.raise_month.data(), input.raise_day.data()},
                          ctx, detail, lane_counts);

  std::string wrong;
  wrong += lane_differences(by_lanes.promo_date, by_rows.promo_date, "promo_date");
  wrong += lane_differences(by_lanes.raise_date, by_rows.raise_date, "raise_date");
  wrong += lane_differences(by_lanes.salary, by_rows.salary, "salary");
  wrong += lane_differences(by_lanes.level, by_rows.level, "level");
  wrong += lane_differences(by_lanes.status, by_rows.status, "status");
  wrong += lane_differences(by_lanes.prorated, by_rows.prorated, "prorated");
  wrong +=
      lane_differences(by_lanes.promo_band_floor, by_rows.promo_band_floor, "promo_band_floor");
  wrong +=
      lane_differences(by_lanes.promo_probability, by_rows.promo_probability, "promo_probability");
  wrong += lane_differences(by_lanes.promo_draw, by_rows.promo_draw, "promo_draw");
  wrong += lane_differences(by_lanes.promo_previous, by_rows.promo_previous, "promo_previous");
  wrong += lane_differences(by_lanes.promo_amount, by_rows.promo_amount, "promo_amount");
  wrong += lane_differences(by_lanes.raise_previous, by_rows.raise_previous, "raise_previous");
  wrong += lane_differences(by_lanes.raise_amount, by_rows.raise_amount, "raise_amount");
  wrong += lane_differences(by_lanes.raise_level, by_rows.raise_level, "raise_level");
  EXPECT_EQ(wrong, "");
  EXPECT_EQ(lane_counts.promotions, row_counts.promotions);
  EXPECT_EQ(lane_counts.band_floor_promotions, row_counts.band_floor_promotions);
  EXPECT_EQ(lane_counts.raises, row_counts.raises);

  // The case reaches what it is meant to: promotions before, on and after
  // the raise's day, band floors, and leavers before each event.
  std::size_t before = 0, same_day = 0, after = 0, floored = 0, gone = 0;
  for (std::size_t i = 0; i < by_rows.member_count; ++i) {
    const DayNumber p = by_rows.promo_date[i], r = by_rows.raise_date[i];
    if (p != kNoDate && r != kNoDate) {
      before += p < r ? 1 : 0;
      same_day += p == r ? 1 : 0;
      after += p > r ? 1 : 0;
    }
    floored += p != kNoDate && by_rows.promo_band_floor[i] == 1 ? 1 : 0;
    gone += by_rows.exit_date[i] != kNoDate && r == kNoDate ? 1 : 0;
  }
  EXPECT_GT(before, 20u);
  // Legacy raises fall on 1 January or 1 July only.
  EXPECT_GT(same_day, method == RaiseTimingMethod::kLegacy ? 0u : 20u);
  EXPECT_GT(after, 20u);
  EXPECT_GT(floored, 20u);
  EXPECT_GT(gone, 20u);
}

// The row checks' report of members [0, rows): RowCheckTallies::check on
// every row, or the lanes.
ValidationItems row_check_report(const RowCheckInputs& in, bool lanes) {
  RowCheckTallies tallies;
  if (lanes) {
    check_members_in_lanes(in, 0, in.frame.member_count, tallies);
  } else {
    for (std::size_t i = 0; i < in.frame.member_count; ++i) tallies.check(in, i);
  }
  StringColumn ids;
  StringColumn ssns;
  for (std::size_t i = 0; i < in.frame.member_count; ++i) {
    ids.push_back("E" + std::to_string(i));
    ssns.push_back("S" + std::to_string(i));
  }
  ValidationItems items;
  tallies.append_items(in, EmployeeIds(ids, ssns), items);
  return items;
}

std::string report_text(const ValidationItems& items) {
  std::string text;
  for (const ValidationItem& item : items) {
    text += item.check_id + " " + std::to_string(static_cast<int>(item.status)) + " " +
            std::to_string(item.value.value_or(-1.0)) + " " + item.message + "\n";
  }
  return text;
}

constexpr std::array<double, 12> kLaneProfile = {0.28, 0.03, 0.07, 0.18, 0.04, 0.05,
                                                 0.23, 0.03, 0.04, 0.08, 0.02, 0.02};

TEST(MemberLanes, WriteTheRowFunctionsBitsWithAndWithoutDetail) {
  if (!member_lanes_available()) GTEST_SKIP() << "this CPU has no AVX-512";
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    expect_same_decisions(kLaneProfile, RaiseTimingMethod::kRealistic, true, seed);
    expect_same_decisions(kLaneProfile, RaiseTimingMethod::kRealistic, false, seed);
  }
}

TEST(MemberLanes, WriteTheRowFunctionsBitsForLegacyTimingAndAZeroWeightMonth) {
  if (!member_lanes_available()) GTEST_SKIP() << "this CPU has no AVX-512";
  expect_same_decisions(kLaneProfile, RaiseTimingMethod::kLegacy, true, 4);
  // February has no weight: two equal thresholds, which a pick must count
  // both of.
  std::array<double, 12> no_february = kLaneProfile;
  no_february[0] += no_february[1];
  no_february[1] = 0.0;
  expect_same_decisions(no_february, RaiseTimingMethod::kRealistic, true, 5);
}

}  // namespace
}  // namespace planwise::engine

namespace planwise::engine {
namespace {

// Sets one row's field so that one row check fails (or, for NaN pay, several).
using Corruption = void (*)(YearFrame&, std::size_t);
using Corruptions = std::vector<std::pair<const char*, Corruption>>;

// On a frame whose rows [first, first + rows) pass every check: the lanes'
// report and every row's agree, clean, with each corruption applied to rows
// of 40 groups of eight (at every lane position), and with all of them.
// report_of(frame, lanes) gives a report as text.
template <class Report>
void expect_lane_reports_agree(const YearFrame& base, std::size_t first, std::size_t rows,
                               const Corruptions& corruptions, const Report& report_of) {
  const std::string clean = report_of(base, false);
  EXPECT_EQ(clean.find(" 2 "), std::string::npos) << clean;  // no check fails
  EXPECT_EQ(report_of(base, true), clean);
  YearFrame all = base;
  std::size_t c = 0;
  for (const auto& [name, corrupt] : corruptions) {
    YearFrame f = base;
    for (std::size_t g = 0; g < 40; ++g) {
      const std::size_t row = first + (8 * (g * 13 + c)) % (rows - 8) + (g + c) % 8;
      corrupt(f, row);
      corrupt(all, row);
    }
    const std::string by_rows = report_of(f, false);
    EXPECT_NE(by_rows, clean) << name << " fails no check";
    EXPECT_EQ(report_of(f, true), by_rows) << name;
    ++c;
  }
  EXPECT_EQ(report_of(all, true), report_of(all, false));
}

TEST(MemberLanes, RowChecksInLanesReportWhatEveryRowCheckedReports) {
  if (!member_lanes_available()) GTEST_SKIP() << "this CPU has no AVX-512";
  const SeedTables seeds = bundled_seeds();
  YearLevers levers = flat_levers(kLaneYear, 0.04, 0.021, 0.6, 0.15);
  levers.min_compensation = {56000, 150000, 200000, 260000, 330000};
  const std::vector<double> means = {0.8, 0.9, 1.0, 1.1, 1.2};
  const member_rows::PromotionOdds odds(levers, seeds, means.data(), seeds.level_count());
  RaiseTiming timing;
  timing.months = CategoricalTable(kLaneProfile);
  const member_rows::YearMonths months(kLaneYear);
  const MemberLaneContext ctx{&odds, seeds.level_count(), &timing, &months, &levers};
  const LaneCase input(4'096, 11, timing.months);
  YearFrame decided = input.frame;
  MemberEventCounts counts;
  decide_by_rows(decided, input, ctx, true, counts);
  const HireModel no_hires;

  // Each corruption hits rows of every lane position in several groups;
  // each is checked alone, then all together.
  const Corruptions corruptions = {
      {"S2", [](YearFrame& f, std::size_t i) { f.status[i] = StatusCode::kNewHireActive; }},
      {"S3 level", [](YearFrame& f, std::size_t i) { f.level[i] = 0; }},
      {"S3 start", [](YearFrame& f, std::size_t i) { f.start_level[i] = 6; }},
      {"S6 age", [](YearFrame& f, std::size_t i) { ++f.age[i]; }},
      {"S6 band", [](YearFrame& f, std::size_t i) { f.tenure_band[i] ^= 1; }},
      {"S6 tenure 0",
       [](YearFrame& f, std::size_t i) {
         f.tenure[i] = 0;
         f.hire_year[i] = static_cast<std::int16_t>(f.year);
         f.tenure_band[i] = 0;
       }},
      {"E1 exit", [](YearFrame& f, std::size_t i) { f.exit_date[i] = f.last_day + 3; }},
      {"E1 raise", [](YearFrame& f, std::size_t i) { f.raise_date[i] = f.first_day - 1; }},
      {"E4 top",
       [](YearFrame& f, std::size_t i) {
         f.promo_date[i] = f.first_day + 10;
         f.start_level[i] = 5;
       }},
      {"E4 amount", [](YearFrame& f, std::size_t i) { f.promo_amount[i] += 0.01; }},
      {"E4 floor", [](YearFrame& f, std::size_t i) { f.promo_band_floor[i] ^= 1; }},
      {"E5", [](YearFrame& f, std::size_t i) { f.raise_amount[i] += 0.01; }},
      // A raise a cent too high, carried into FYE pay: E5 alone fails.
      {"E5 alone",
       [](YearFrame& f, std::size_t i) {
         if (f.promo_date[i] != kNoDate || f.raise_date[i] == kNoDate) return;
         f.raise_amount[i] += 0.01;
         f.salary[i] = f.raise_amount[i];
       }},
      {"E6", [](YearFrame& f, std::size_t i) { f.raise_previous[i] -= 0.01; }},
      {"E6 level", [](YearFrame& f, std::size_t i) { ++f.raise_level[i]; }},
      {"E7", [](YearFrame& f, std::size_t i) { f.salary[i] += 0.01; }},
      {"C1", [](YearFrame& f, std::size_t i) { f.start_salary[i] = f.salary[i] + 1.0; }},
      {"C2", [](YearFrame& f, std::size_t i) { f.prorated[i] += 1000.0; }},
      {"C3", [](YearFrame& f, std::size_t i) { f.prorated[i] -= 1000.0; }},
      {"NaN", [](YearFrame& f, std::size_t i) {
         f.prorated[i] = std::numeric_limits<double>::quiet_NaN();
       }}};
  const auto report_of = [&](const YearFrame& f, bool lanes) {
    const RowCheckInputs in{f, seeds, levers, no_hires, 1.0};
    return report_text(row_check_report(in, lanes));
  };
  expect_lane_reports_agree(decided, 0, decided.member_count, corruptions, report_of);
}

}  // namespace
}  // namespace planwise::engine

namespace planwise::engine {
namespace {

// The report of rows [first, last): RowCheckTallies::check on every row, or
// check_row_range, which checks members and hires eight at a time in lanes.
std::string range_report(const RowCheckInputs& in, std::size_t first, std::size_t last,
                         bool lanes) {
  RowCheckTallies tallies;
  if (lanes) {
    check_row_range(in, first, last, tallies);
  } else {
    for (std::size_t i = first; i < last; ++i) tallies.check(in, i);
  }
  const testing::TestWorkforce ids = testing::mixed_workforce(1);
  ValidationItems items;
  tallies.append_items(in, ids.employee_ids(), items);
  return report_text(items);
}

TEST(MemberLanes, HireRowChecksInLanesReportWhatEveryRowCheckedReports) {
  if (!member_lanes_available()) GTEST_SKIP() << "this CPU has no AVX-512";
  const SeedTables seeds = bundled_seeds();
  const YearLevers levers = flat_levers(2025, 0.035, 0.02, 0.08, 0.12);
  const HireModel model = testing::band_hire_model();
  testing::TestWorkforce w = testing::mixed_workforce(3);
  start_year(w.frame, 2025);
  HiringPlan plan;
  plan.hires = 4'003;  // not a multiple of eight
  plan.per_level = {1'600, 1'200, 800, 320, 83};
  append_hires(w.frame, plan, model, levers, 1.0, true);
  YearFrame& hired = w.frame;
  // Every fifth hire leaves within 40 days of joining, by 31 December.
  for (std::size_t row = hired.member_count; row < hired.size(); row += 5)
    hired.exit_date[row] = std::min(hired.last_day, hired.hire_date[row] + int(row % 40) + 1);
  finish_hire_rows(hired);

  const Corruptions corruptions = {
      {"S2", [](YearFrame& f, std::size_t i) { f.status[i] = StatusCode::kContinuousActive; }},
      {"S3", [](YearFrame& f, std::size_t i) { f.start_level[i] = 0; }},
      {"S6 birth", [](YearFrame& f, std::size_t i) { f.birth_date[i] -= 400; }},
      {"S6 tenure", [](YearFrame& f, std::size_t i) { ++f.tenure[i]; }},
      {"E1", [](YearFrame& f, std::size_t i) { f.exit_date[i] = f.last_day + 1; }},
      {"E2", [](YearFrame& f, std::size_t i) { f.exit_date[i] = f.hire_date[i]; }},
      {"E7 event", [](YearFrame& f, std::size_t i) { f.raise_date[i] = f.last_day; }},
      {"E7 pay", [](YearFrame& f, std::size_t i) { f.salary[i] += 0.01; }},
      {"C2", [](YearFrame& f, std::size_t i) { f.prorated[i] += 1000.0; }},
      {"C3", [](YearFrame& f, std::size_t i) { f.prorated[i] = 0.5 * f.prorated[i]; }},
      {"C4", [](YearFrame& f, std::size_t i) {
         f.start_salary[i] = 1'000'000.0;
         f.salary[i] = 1'000'000.0;
       }}};
  const HireModel& m = model;
  const auto report_of = [&](const YearFrame& f, bool lanes) {
    const RowCheckInputs in{f, seeds, levers, m, 1.0};
    return range_report(in, f.member_count, f.size(), lanes);  // the hires
  };
  expect_lane_reports_agree(hired, hired.member_count, hired.hire_count(), corruptions, report_of);
}

}  // namespace
}  // namespace planwise::engine
