// Spec §6.1–§6.4: fatal checks, evaluated on the year's rows after the year
// is computed. Each re-derives its property from the stored columns, so a
// bug in a step shows up here rather than in an analyst's report.
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/number_text.hpp"
#include "common/rounding.hpp"
#include "engine/year_checks.hpp"

namespace planwise::engine {

namespace {

// The row checks, evaluated in one pass over the year's rows.
enum RowCheck { kS2, kS3, kS6, kE1, kE2, kE4, kE5, kE6, kE7, kC1, kC2, kC3, kC4, kRowCheckCount };
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

// Failures of one check: how many, and the first (lowest) row with its
// detail. Threads keep their own tallies; merging is order-independent, so
// the report does not depend on the thread count.
struct Tally {
  std::size_t failures = 0;
  std::size_t first_row = SIZE_MAX;
  std::string detail;
};
using Tallies = std::array<Tally, kRowCheckCount>;

template <class Detail>
void fail(Tallies& t, RowCheck check, std::size_t row, Detail&& detail) {
  Tally& x = t[check];
  ++x.failures;
  if (row < x.first_row) {
    x.first_row = row;
    x.detail = detail();
  }
}

void merge(Tallies& into, const Tallies& from) {
  for (int c = 0; c < kRowCheckCount; ++c) {
    into[c].failures += from[c].failures;
    if (from[c].first_row < into[c].first_row) {
      into[c].first_row = from[c].first_row;
      into[c].detail = from[c].detail;
    }
  }
}

ValidationItem item_of(const YearCheckContext& ctx, const char* id, const char* what,
                       std::size_t failures, const std::string& first) {
  ValidationItem v;
  v.year = ctx.frame.year;
  v.check_id = id;
  v.status = failures == 0 ? CheckStatus::kPass : CheckStatus::kFail;
  v.value = static_cast<double>(failures);
  v.threshold = 0.0;
  v.message = failures == 0 ? std::string(what)
                            : std::string(what) + " violated " + std::to_string(failures) +
                                  " times; first: " + first;
  return v;
}

bool in_range(DayNumber d, DayNumber lo, DayNumber hi) {
  return d >= lo && d <= hi;
}

void check_row(const YearCheckContext& ctx, std::size_t i, Tallies& t) {
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
    fail(t, kS2, i, [] { return std::string("status code does not match exit date"); });
  if (f.level[i] < 1 || f.level[i] > top || f.start_level[i] < 1 || f.start_level[i] > top) {
    fail(t, kS3, i, [&] { return "level " + std::to_string(f.level[i]); });
  }
  // Dates never change after an employee is created, so the birth and hire
  // years are checked against the dates once, on the hire's own year.
  const int age = f.year - f.birth_year[i];
  const int tenure = f.year - f.hire_year[i];
  const bool years_match = !hire || (f.birth_year[i] == year_of(f.birth_date[i]) &&
                                     f.hire_year[i] == f.year && year_of(f.hire_date[i]) == f.year);
  if (!years_match || age != f.age[i] || tenure != f.tenure[i] ||
      f.age_band[i] != age_band_of(age) || f.tenure_band[i] != tenure_band_of(tenure) ||
      (hire ? tenure != 0 : tenure < 1)) {
    fail(t, kS6, i, [&] {
      return "age " + std::to_string(f.age[i]) + " tenure " + std::to_string(f.tenure[i]);
    });
  }
  const DayNumber first_day = hire ? f.hire_date[i] : f.first_day;
  const DayNumber last_day = left ? exit : f.last_day;
  if (!in_range(first_day, f.first_day, f.last_day) ||
      (left && !in_range(exit, first_day, f.last_day))) {
    fail(t, kE1, i, [&] {
      return "hire " + format_date(f.hire_date[i]) + (left ? " exit " + format_date(exit) : "");
    });
  }
  if (hire && left && exit <= f.hire_date[i])
    fail(t, kE2, i, [&] { return "exit " + format_date(exit); });

  // Replay the timeline from the start values (E6/E7, C1).
  double s = f.start_salary[i];
  int level = f.start_level[i];
  const DayNumber promo = f.promo_date[i];
  const DayNumber raise = f.raise_date[i];
  const bool promo_first = promo != kNoDate && (raise == kNoDate || promo <= raise);
  auto replay_promotion = [&] {
    if (!in_range(promo, first_day, last_day))
      fail(t, kE1, i, [&] { return "promotion " + format_date(promo); });
    if (hire || level + 1 > top || f.age[i] >= 65 || f.tenure[i] < 1) {
      fail(t, kE4, i, [] { return std::string("promotion of an ineligible employee"); });
      return;
    }
    if (f.promo_previous[i] != s)
      fail(t, kE6, i, [] { return std::string("promotion previous_compensation"); });
    const double raised =
        round2(s * (1.0 + lv.promotion_raise[static_cast<std::size_t>(level - 1)]));
    const double floor = lv.min_compensation[static_cast<std::size_t>(level)];
    const double expect = raised < floor ? floor : raised;
    if (f.promo_amount[i] != expect || (f.promo_band_floor[i] != 0) != (raised < floor)) {
      fail(t, kE4, i, [&] {
        return "promotion amount " + money_text(f.promo_amount[i]) + " expected " +
               money_text(expect);
      });
    }
    if (f.promo_amount[i] < s) fail(t, kC1, i, [] { return std::string("promotion lowers pay"); });
    if (f.promo_amount[i] < floor)
      fail(t, kC4, i, [] { return std::string("promoted salary below the band minimum"); });
    s = f.promo_amount[i];
    ++level;
  };
  auto replay_raise = [&] {
    if (!in_range(raise, first_day, last_day))
      fail(t, kE1, i, [&] { return "raise " + format_date(raise); });
    if (f.raise_previous[i] != s || f.raise_level[i] != level) {
      fail(t, kE6, i, [] { return std::string("raise previous_compensation or level"); });
    }
    const double factor = (1.0 + lv.merit[static_cast<std::size_t>(level - 1)]) + lv.cola;
    const double expect = round2(s * factor);
    if (f.raise_amount[i] != expect) {
      fail(t, kE5, i, [&] {
        return "raise " + money_text(f.raise_amount[i]) + " expected " + money_text(expect);
      });
    }
    if (f.raise_amount[i] < s) fail(t, kC1, i, [] { return std::string("raise lowers pay"); });
    s = f.raise_amount[i];
  };
  if (hire && (promo != kNoDate || raise != kNoDate)) {
    fail(t, kE7, i, [] { return std::string("hire with a promotion or raise"); });
  } else {
    if (promo_first) replay_promotion();
    if (raise != kNoDate) replay_raise();
    if (promo != kNoDate && !promo_first) replay_promotion();
  }
  if (s != f.salary[i] || level != f.level[i])
    fail(t, kE7, i, [] { return std::string("final salary or level"); });
  if (f.start_salary[i] > f.salary[i])
    fail(t, kC1, i, [] { return std::string("FYE below start salary"); });

  const double days = static_cast<double>(f.days);
  const double employed = static_cast<double>(last_day - first_day + 1);
  if (f.prorated[i] > f.salary[i] * employed / days + 0.01 ||
      (employed < days && !(f.prorated[i] < f.salary[i]))) {
    fail(t, kC2, i, [&] { return "prorated " + money_text(f.prorated[i]); });
  }
  const bool no_change = promo == kNoDate && raise == kNoDate;
  if (f.prorated[i] < f.start_salary[i] * employed / days - 0.01 ||
      (employed == days && no_change && f.prorated[i] != f.salary[i])) {
    fail(t, kC3, i, [&] { return "prorated " + money_text(f.prorated[i]); });
  }
  if (hire) {
    const HireLevelPricing& p = ctx.hire_model.levels[f.start_level[i] - 1u];
    const double scale =
        (p.from_reference ? ctx.cola_drift : 1.0) * lv.hire_adjustment[f.start_level[i] - 1u];
    const double lo = p.from_reference ? p.salaries->front() : p.band_min;
    const double hi = p.from_reference ? p.salaries->back() : p.band_max;
    if (f.start_salary[i] < lo * scale - 0.01 || f.start_salary[i] > hi * scale + 0.01) {
      fail(t, kC4, i, [&] { return "hire salary " + money_text(f.start_salary[i]); });
    }
  }
}

void check_rows(const YearCheckContext& ctx, ValidationItems& out) {
  const YearFrame& f = ctx.frame;
  Tallies all;
  const auto n = static_cast<std::int64_t>(f.size());
#pragma omp parallel if (n > 50000)
  {
    Tallies mine;
#pragma omp for schedule(static) nowait
    for (std::int64_t j = 0; j < n; ++j) check_row(ctx, static_cast<std::size_t>(j), mine);
#pragma omp critical(planwise_fatal_checks)
    merge(all, mine);
  }
  for (int c = 0; c < kRowCheckCount; ++c) {
    std::string first;
    if (all[c].failures > 0) {
      char buffer[kHireIdBufferSize];
      first = std::string(ctx.ids.id(f.ref[all[c].first_row], buffer)) + ": " + all[c].detail;
    }
    out.push_back(item_of(ctx, kRowCheckIds[c], kRowCheckText[c], all[c].failures, first));
  }
}

// Count checks: one failure message each.
class CheckTally {
 public:
  CheckTally(const YearCheckContext& ctx, const char* id, const char* what)
      : ctx_(ctx), id_(id), what_(what) {}
  void fail(const std::string& detail) {
    if (failures_++ == 0) first_ = detail;
  }
  ValidationItem item() const { return item_of(ctx_, id_, what_, failures_, first_); }

 private:
  const YearCheckContext& ctx_;
  const char* id_;
  const char* what_;
  std::size_t failures_ = 0;
  std::string first_;
};

void check_counts(const YearCheckContext& ctx, ValidationItems& out) {
  const YearFrame& f = ctx.frame;
  const HiringPlan& plan = ctx.plan;
  const YearAggregates& a = ctx.aggregates;
  const std::int64_t n = static_cast<std::int64_t>(f.member_count);
  const std::int64_t h = static_cast<std::int64_t>(f.hire_count());
  const std::int64_t nt = ctx.new_hire_terminations.selected;

  CheckTally s4(ctx, "S4", "snapshot rows = N + H");
  if (static_cast<std::int64_t>(f.size()) != n + plan.hires || h != plan.hires) {
    s4.fail("rows " + std::to_string(f.size()));
  }
  CheckTally h1(ctx, "H1", "T = round(q x N) experienced terminations");
  const std::int64_t t = round_half_away_times(ctx.config.total_termination_rate, n);
  if (plan.terminations != t || a.experienced_terminations != t) {
    h1.fail("T " + std::to_string(a.experienced_terminations) + ", expected " + std::to_string(t));
  }
  CheckTally h2(ctx, "H2", "hires by level sum to H");
  std::int64_t sum = 0;
  std::vector<std::int64_t> rows_by_level(plan.per_level.size(), 0);
  for (std::int64_t v : plan.per_level) sum += v;
  for (std::size_t i = f.member_count; i < f.size(); ++i) ++rows_by_level[f.start_level[i] - 1u];
  if (sum != plan.hires || rows_by_level != plan.per_level) h2.fail("sum " + std::to_string(sum));
  CheckTally h3(ctx, "H3", "NT = round(r x H) new-hire terminations");
  const std::int64_t requested = round_half_away_times(ctx.config.new_hire_termination_rate, h);
  const bool shortfall = nt < requested;
  if (ctx.new_hire_terminations.requested != requested || a.new_hire_terminations != nt ||
      (nt != requested && !shortfall)) {
    h3.fail("NT " + std::to_string(a.new_hire_terminations) + ", expected " +
            std::to_string(requested));
  }
  CheckTally h4(ctx, "H4", "end = N - T + H - NT");
  if (a.active.count != n - t + h - nt) h4.fail("end " + std::to_string(a.active.count));
  CheckTally h5(ctx, "H5", "ending head count on target");
  if (plan.need >= 0 && !shortfall && std::llabs(a.active.count - plan.target_end) > 1) {
    h5.fail("end " + std::to_string(a.active.count) + " target " + std::to_string(plan.target_end));
  }
  if (plan.need < 0 && a.active.count != n - t) h5.fail("end above target not N - T");
  CheckTally e9(ctx, "E9", "status counts match event counts");
  if (a.continuous.count + a.experienced_terminations != n ||
      a.new_hire.count + a.new_hire_terminations != h) {
    e9.fail("status counts do not add up to members and hires");
  }
  for (const CheckTally* c : {&s4, &h1, &h2, &h3, &h4, &h5, &e9}) out.push_back(c->item());
}

}  // namespace

void run_fatal_checks(const YearCheckContext& ctx, ValidationItems& out) {
  check_counts(ctx, out);
  check_rows(ctx, out);
}

void run_count_checks(const YearCheckContext& ctx, ValidationItems& out) {
  check_counts(ctx, out);
}

bool has_failure(const ValidationItems& items) {
  for (const ValidationItem& item : items) {
    if (item.status == CheckStatus::kFail) return true;
  }
  return false;
}

}  // namespace planwise::engine
