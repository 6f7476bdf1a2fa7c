// Spec §6.1–§6.4: the per-row fatal checks (engine/row_checks.hpp).
#include "engine/row_checks.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "common/number_text.hpp"
#include "common/rounding.hpp"
#include "engine/member_lanes.hpp"
#include "engine/parallel_rows.hpp"

namespace planwise::engine {

namespace {

// The row checks, evaluated in one pass over the year's rows.
constexpr int kRowCheckCount = RowCheckTallies::kCount;
constexpr const char* kRowCheckIds[kRowCheckCount] = {"S2", "S3", "S6", "E1", "E2", "E4", "E5",
                                                      "E6", "E7", "C1", "C2", "C3", "C4"};
constexpr const char* kRowCheckText[kRowCheckCount] = {
    "status agrees with termination date",
    "levels within 1..L",
    "age, tenure and bands follow the dates",
    "event dates inside the year and the employment interval",
    "new-hire exit after hire date",
    "promotion rules",
    "raise amount = round2(previous x ((1 + merit) + cola))",
    "each event's previous_compensation is the salary just before it",
    "replaying events reproduces FYE and level",
    "salary never decreases within a year",
    "prorated pay at most FYE x days employed / D",
    "prorated pay at least start salary x days employed / D",
    "hire and promotion salaries within their bands"};

bool in_range(DayNumber d, DayNumber lo, DayNumber hi) {
  return d >= lo && d <= hi;
}

}  // namespace

ValidationItem fatal_item(int year, const char* id, const char* what, std::size_t failures,
                          const std::string& first) {
  ValidationItem v;
  v.year = year;
  v.check_id = id;
  v.status = failures == 0 ? CheckStatus::kPass : CheckStatus::kFail;
  v.value = static_cast<double>(failures);
  v.threshold = 0.0;
  v.message = failures == 0 ? std::string(what)
                            : std::string(what) + " violated " + std::to_string(failures) +
                                  " times; first: " + first;
  return v;
}

template <class Detail>
void RowCheckTallies::fail(Check check, std::size_t row, Detail&& detail) {
  Tally& x = tallies_[check];
  ++x.failures;
  if (row < x.first_row) {
    x.first_row = row;
    x.detail = detail();
  }
}

void RowCheckTallies::merge(const RowCheckTallies& other) {
  for (int c = 0; c < kCount; ++c) {
    Tally& into = tallies_[c];
    const Tally& from = other.tallies_[c];
    into.failures += from.failures;
    if (from.first_row < into.first_row) {
      into.first_row = from.first_row;
      into.detail = from.detail;
    }
  }
}

void RowCheckTallies::append_items(const RowCheckInputs& in, const EmployeeIds& ids,
                                   ValidationItems& out) const {
  for (int c = 0; c < kCount; ++c) {
    std::string first;
    if (tallies_[c].failures > 0) {
      char buffer[kHireIdBufferSize];
      first = std::string(ids.id(in.frame.ref[tallies_[c].first_row], buffer)) + ": " +
              tallies_[c].detail;
    }
    out.push_back(
        fatal_item(in.frame.year, kRowCheckIds[c], kRowCheckText[c], tallies_[c].failures, first));
  }
}

void RowCheckTallies::check(const RowCheckInputs& ctx, std::size_t i) {
  const YearFrame& f = ctx.frame;
  const YearLevers& lv = ctx.levers;
  const int top = ctx.seeds.level_count();
  const bool hire = f.is_hire_row(i);
  const DayNumber exit = f.exit_date[i];
  const bool left = exit != kNoDate;
  const StatusCode expected =
      hire ? (left ? StatusCode::kNewHireTermination : StatusCode::kNewHireActive)
           : (left ? StatusCode::kExperiencedTermination : StatusCode::kContinuousActive);
  if (f.status[i] != expected)
    fail(kS2, i, [] { return std::string("status code does not match exit date"); });
  if (f.level[i] < 1 || f.level[i] > top || f.start_level[i] < 1 || f.start_level[i] > top) {
    fail(kS3, i, [&] { return "level " + std::to_string(f.level[i]); });
    // The other checks read the levers and the hire model by level: a row
    // out of 1..L is reported by S3 alone (issue 15 item 5).
    return;
  }
  // Dates never change after an employee is created, so the birth and hire
  // years are checked against the dates once, on the hire's own year.
  const int age = f.year - f.birth_year[i];
  const int tenure = f.year - f.hire_year[i];
  // year_of(d) == y as a range test: two day numbers of y instead of a
  // calendar conversion of d (the hires' rows spent most of their check in
  // two such conversions).
  const auto in_year = [](DayNumber d, int y) { return d >= jan1(y) && d <= dec31(y); };
  const bool years_match =
      !hire || (in_year(f.birth_date[i], f.birth_year[i]) && f.hire_year[i] == f.year &&
                f.hire_date[i] >= f.first_day && f.hire_date[i] <= f.last_day);
  if (!years_match || age != f.age[i] || tenure != f.tenure[i] ||
      f.age_band[i] != age_band_of(age) || f.tenure_band[i] != tenure_band_of(tenure) ||
      (hire ? tenure != 0 : tenure < 1)) {
    fail(kS6, i, [&] {
      return "age " + std::to_string(f.age[i]) + " tenure " + std::to_string(f.tenure[i]);
    });
  }
  const DayNumber first_day = hire ? f.hire_date[i] : f.first_day;
  const DayNumber last_day = left ? exit : f.last_day;
  if (!in_range(first_day, f.first_day, f.last_day) ||
      (left && !in_range(exit, first_day, f.last_day))) {
    fail(kE1, i, [&] {
      return "hire " + format_date(f.hire_date[i]) + (left ? " exit " + format_date(exit) : "");
    });
  }
  if (hire && left && exit <= f.hire_date[i])
    fail(kE2, i, [&] { return "exit " + format_date(exit); });

  // Replay the timeline from the start values (E6/E7, C1).
  double s = f.start_salary[i];
  int level = f.start_level[i];
  const DayNumber promo = f.promo_date[i];
  const DayNumber raise = f.raise_date[i];
  const bool promo_first = promo != kNoDate && (raise == kNoDate || promo <= raise);
  auto replay_promotion = [&]() __attribute__((always_inline)) {
    if (!in_range(promo, first_day, last_day))
      fail(kE1, i, [&] { return "promotion " + format_date(promo); });
    if (hire || level + 1 > top || f.age[i] >= 65 || f.tenure[i] < 1) {
      fail(kE4, i, [] { return std::string("promotion of an ineligible employee"); });
      return;
    }
    if (f.promo_previous[i] != s)
      fail(kE6, i, [] { return std::string("promotion previous_compensation"); });
    const double raised =
        round2(s * (1.0 + lv.promotion_raise[static_cast<std::size_t>(level - 1)]));
    const double floor = lv.min_compensation[static_cast<std::size_t>(level)];
    const double expect = raised < floor ? floor : raised;
    if (f.promo_amount[i] != expect || (f.promo_band_floor[i] != 0) != (raised < floor)) {
      fail(kE4, i, [&] {
        return "promotion amount " + money_text(f.promo_amount[i]) + " expected " +
               money_text(expect);
      });
    }
    if (f.promo_amount[i] < s) fail(kC1, i, [] { return std::string("promotion lowers pay"); });
    if (f.promo_amount[i] < floor)
      fail(kC4, i, [] { return std::string("promoted salary below the band minimum"); });
    s = f.promo_amount[i];
    ++level;
  };
  auto replay_raise = [&]() __attribute__((always_inline)) {
    if (!in_range(raise, first_day, last_day))
      fail(kE1, i, [&] { return "raise " + format_date(raise); });
    if (f.raise_previous[i] != s || f.raise_level[i] != level) {
      fail(kE6, i, [] { return std::string("raise previous_compensation or level"); });
    }
    const double factor = (1.0 + lv.merit[static_cast<std::size_t>(level - 1)]) + lv.cola;
    const double expect = round2(s * factor);
    if (f.raise_amount[i] != expect) {
      fail(kE5, i, [&] {
        return "raise " + money_text(f.raise_amount[i]) + " expected " + money_text(expect);
      });
    }
    if (f.raise_amount[i] < s) fail(kC1, i, [] { return std::string("raise lowers pay"); });
    s = f.raise_amount[i];
  };
  if (hire && (promo != kNoDate || raise != kNoDate)) {
    fail(kE7, i, [] { return std::string("hire with a promotion or raise"); });
  } else {
    if (promo_first) replay_promotion();
    if (raise != kNoDate) replay_raise();
    if (promo != kNoDate && !promo_first) replay_promotion();
  }
  if (s != f.salary[i] || level != f.level[i])
    fail(kE7, i, [] { return std::string("final salary or level"); });
  if (f.start_salary[i] > f.salary[i])
    fail(kC1, i, [] { return std::string("FYE below start salary"); });

  const double days = static_cast<double>(f.days);
  const double employed = static_cast<double>(last_day - first_day + 1);
  if (f.prorated[i] > f.salary[i] * employed / days + 0.01 ||
      (employed < days && !(f.prorated[i] < f.salary[i]))) {
    fail(kC2, i, [&] { return "prorated " + money_text(f.prorated[i]); });
  }
  const bool no_change = promo == kNoDate && raise == kNoDate;
  if (f.prorated[i] < f.start_salary[i] * employed / days - 0.01 ||
      (employed == days && no_change && f.prorated[i] != f.salary[i])) {
    fail(kC3, i, [&] { return "prorated " + money_text(f.prorated[i]); });
  }
  if (hire) {
    const HireLevelPricing& p = ctx.hire_model.levels[f.start_level[i] - 1u];
    const double scale =
        (p.from_reference ? ctx.cola_drift : 1.0) * lv.hire_adjustment[f.start_level[i] - 1u];
    const double lo = p.from_reference ? p.salaries->front() : p.band_min;
    const double hi = p.from_reference ? p.salaries->back() : p.band_max;
    if (f.start_salary[i] < lo * scale - 0.01 || f.start_salary[i] > hi * scale + 0.01) {
      fail(kC4, i, [&] { return "hire salary " + money_text(f.start_salary[i]); });
    }
  }
}

void check_rows_of_one_kind(const RowCheckInputs& in, std::size_t first, std::size_t last,
                            bool lanes, RowCheckTallies& tallies) {
  const std::size_t in_lanes = lanes ? (last - first) - (last - first) % kMemberLanes : 0;
  if (in_lanes > 0) {
    if (in.frame.is_hire_row(first)) {
      check_hires_in_lanes(in, first, in_lanes, tallies);
    } else {
      check_members_in_lanes(in, first, in_lanes, tallies);
    }
  }
  for (std::size_t i = first + in_lanes; i < last; ++i) tallies.check(in, i);
}

void check_row_range(const RowCheckInputs& in, std::size_t first, std::size_t last,
                     RowCheckTallies& into) {
  const bool lanes = member_lanes_available();
  const std::size_t members_end = std::clamp(in.frame.member_count, first, last);
  constexpr std::size_t kBlock = 2048;
  const auto blocks = static_cast<std::int64_t>((last - first + kBlock - 1) / kBlock);
#pragma omp parallel if (last - first > kParallelRows)
  {
    RowCheckTallies mine;
#pragma omp for schedule(static) nowait
    for (std::int64_t b = 0; b < blocks; ++b) {
      const std::size_t from = first + static_cast<std::size_t>(b) * kBlock;
      const std::size_t to = std::min(last, from + kBlock);
      // A block may hold the last members and the first hires.
      const std::size_t split = std::clamp(members_end, from, to);
      if (from < split) check_rows_of_one_kind(in, from, split, lanes, mine);
      if (split < to) check_rows_of_one_kind(in, split, to, lanes, mine);
    }
#pragma omp critical(planwise_row_checks)
    into.merge(mine);
  }
}

}  // namespace planwise::engine
