// Issue 15 item 5: every fatal and warning check the engine runs after a
// year (spec §6; engine/year_checks.hpp) is made to fire. A valid year is
// built with the engine's own steps on a 3,000-member workforce; each case
// copies it, corrupts exactly what one check guards, runs the checks and
// asserts which checks do not pass, by id. Where one corruption must break
// a second rule too, the case names both and says why.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <set>
#include <string>

#include "engine/checked_year_fixture.hpp"

namespace planwise::engine {
namespace {

using testing::CheckedYear;
using testing::Checks;
using testing::hire_where;
using testing::kReferenceSalaries;
using testing::member_where;
using testing::promotion_last;
using testing::raise_only;
using testing::reprorate_hire;
using testing::run_checks;
using testing::stays;
using testing::valid_legacy_year;
using testing::valid_shrinking_year;
using testing::valid_year;

std::set<std::string> not_passed(const ValidationItems& items) {
  std::set<std::string> out;
  for (const ValidationItem& item : items) {
    if (item.status != CheckStatus::kPass) out.insert(item.check_id);
  }
  return out;
}

std::string listed(const std::set<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return "{" + out + "}";
}

struct Corruption {
  const char* name;
  const CheckedYear& (*base)();
  Checks checks;
  // Exactly the checks that must not pass; the first is the one the case
  // is about.
  std::vector<std::string> fire;
  // Corrupts the year; returns the corrupted row when there is one, whose
  // id the failing row check must name.
  std::function<std::optional<std::size_t>(CheckedYear&)> corrupt;
};

using Edit = std::function<void(CheckedYear&)>;
using RowPick = bool (*)(const YearFrame&, std::size_t);
using RowEdit = std::function<void(CheckedYear&, YearFrame&, std::size_t)>;

// A corruption of the year's counts or plan, checked by every check.
Corruption counts_case(const char* name, std::vector<std::string> fire, Edit edit,
                       const CheckedYear& (*base)() = valid_year) {
  return {name, base, Checks::kFatalAndWarnings, std::move(fire),
          [edit](CheckedYear& y) -> std::optional<std::size_t> {
            edit(y);
            return std::nullopt;
          }};
}
// A corruption of the first member (or hire) row that `pick` accepts.
Corruption row_case(const char* name, std::vector<std::string> fire, bool hire, RowPick pick,
                    RowEdit edit) {
  return {name, valid_year, Checks::kFatalAndWarnings, std::move(fire),
          [=](CheckedYear& y) -> std::optional<std::size_t> {
            YearFrame& f = y.frame();
            auto fits = [&](std::size_t r) { return pick(f, r); };
            const std::size_t i = hire ? hire_where(f, fits) : member_where(f, fits);
            edit(y, f, i);
            return i;
          }};
}
Corruption member_case(const char* name, std::vector<std::string> fire, RowPick pick,
                       RowEdit edit) {
  return row_case(name, std::move(fire), false, pick, std::move(edit));
}
Corruption hire_case(const char* name, std::vector<std::string> fire, RowPick pick, RowEdit edit) {
  return row_case(name, std::move(fire), true, pick, std::move(edit));
}
// A corruption only the warning checks see: it moves dates and pay that
// the fatal checks would also reject.
Corruption warning_case(const char* name, const char* id, Edit edit,
                        const CheckedYear& (*base)() = valid_year) {
  return {name,
          base,
          Checks::kWarningsOnly,
          {id},
          [edit](CheckedYear& y) -> std::optional<std::size_t> {
            edit(y);
            return std::nullopt;
          }};
}

bool leaves(const YearFrame& f, std::size_t i) {
  return !stays(f, i);
}
bool promoted(const YearFrame& f, std::size_t i) {
  return f.promo_date[i] != kNoDate;
}

std::vector<Corruption> corruptions() {
  return {
      // Head-count checks (fatal_checks.cpp).
      counts_case("S4: one hire more planned than there are hire rows",
                  {"S4", "H2"},  // the plan's per-level counts no longer sum to its hires
                  [](CheckedYear& y) { ++y.plan.hires; }),
      counts_case("H1: T_Y is not round(q x N_Y)", {"H1"},
                  [](CheckedYear& y) { ++y.plan.terminations; }),
      counts_case("H2: a hire moved from level 1 to level 2 in the plan", {"H2"},
                  [](CheckedYear& y) {
                    --y.plan.per_level[0];
                    ++y.plan.per_level[1];
                  }),
      counts_case("H3: requested new-hire leavers are not round(r x H_Y)", {"H3"},
                  [](CheckedYear& y) { --y.new_hire_terminations.requested; }),
      counts_case("H4: one more active at year end than N - T + H - NT", {"H4"},
                  [](CheckedYear& y) { ++y.aggregates.active.count; }),
      counts_case("H5: the target two heads above the year's end", {"H5"},
                  [](CheckedYear& y) { y.plan.target_end += 2; }),
      counts_case(
          "H5: a shrinking year ends above N - T",
          // H4: with no hires, end = N - T is H4's equation too.
          {"H5", "H4", "hiring_target_below_attainable"},
          [](CheckedYear& y) { ++y.aggregates.active.count; }, valid_shrinking_year),
      counts_case("E9: continuous_active count one short of the members who stayed", {"E9"},
                  [](CheckedYear& y) { --y.aggregates.continuous.count; }),
      // Row checks (row_checks.cpp).
      member_case("S2: a member who stays coded experienced_termination", {"S2"}, stays,
                  [](CheckedYear&, YearFrame& f, std::size_t i) {
                    f.status[i] = StatusCode::kExperiencedTermination;
                  }),
      member_case(
          "S3: a member at level 6 of 5", {"S3"}, raise_only,
          [](CheckedYear&, YearFrame& f, std::size_t i) { f.start_level[i] = f.level[i] = 6; }),
      hire_case(
          "S3: a hire at level 0",
          {"S3", "H2"},  // the hire rows no longer match the plan's level counts
          stays,
          [](CheckedYear&, YearFrame& f, std::size_t i) { f.start_level[i] = f.level[i] = 0; }),
      member_case("S6: a member's age band does not follow the age", {"S6"}, raise_only,
                  [](CheckedYear&, YearFrame& f, std::size_t i) {
                    f.age_band[i] = static_cast<std::uint8_t>((f.age_band[i] + 1) % kAgeBandCount);
                  }),
      member_case(
          "E1: a member's raise dated 31 Dec of the year before", {"E1"}, raise_only,
          [](CheckedYear&, YearFrame& f, std::size_t i) { f.raise_date[i] = f.first_day - 1; }),
      hire_case(
          "E1: a hire dated 31 Dec of the year before",
          // S6: the hire year is the row's; C3: more days employed than paid for.
          {"E1", "S6", "C3"}, stays,
          [](CheckedYear&, YearFrame& f, std::size_t i) { f.hire_date[i] = f.first_day - 1; }),
      hire_case("S6: a hire's birth date a year after its birth year", {"S6"}, stays,
                [](CheckedYear&, YearFrame& f, std::size_t i) { f.birth_date[i] += 366; }),
      hire_case("E2: a new-hire leaver exits on the hire date", {"E2"}, leaves,
                [](CheckedYear&, YearFrame& f, std::size_t i) {
                  f.exit_date[i] = f.hire_date[i];
                  reprorate_hire(f, i);
                }),
      member_case("E4: a promotion one cent above its rule", {"E4"}, promotion_last,
                  [](CheckedYear&, YearFrame& f, std::size_t i) {
                    f.promo_amount[i] += 0.01;
                    f.salary[i] = f.promo_amount[i];
                  }),
      member_case("E4: band_floor_applied flipped", {"E4"}, promoted,
                  [](CheckedYear&, YearFrame& f, std::size_t i) { f.promo_band_floor[i] ^= 1u; }),
      member_case(
          "E4: a member promoted from the top level", {"E4"},
          [](const YearFrame& f, std::size_t r) {
            return raise_only(f, r) && f.start_level[r] == 5 && f.raise_date[r] > f.first_day;
          },
          [](CheckedYear&, YearFrame& f, std::size_t i) {
            f.promo_date[i] = f.first_day;
            f.promo_previous[i] = f.promo_amount[i] = f.start_salary[i];
          }),
      member_case("E5: a raise one cent above round2(previous x ((1 + merit) + cola))", {"E5"},
                  raise_only,
                  [](CheckedYear&, YearFrame& f, std::size_t i) {
                    f.raise_amount[i] += 0.01;
                    f.salary[i] = f.raise_amount[i];
                  }),
      member_case("E6: a raise's previous_compensation is not the salary before it", {"E6"},
                  raise_only,
                  [](CheckedYear&, YearFrame& f, std::size_t i) { f.raise_previous[i] += 1.0; }),
      member_case("E7: FYE one cent off the replayed events", {"E7"}, raise_only,
                  [](CheckedYear&, YearFrame& f, std::size_t i) { f.salary[i] += 0.01; }),
      hire_case("E7: a hire with a raise", {"E7"}, stays,
                [](CheckedYear&, YearFrame& f, std::size_t i) {
                  f.raise_date[i] = f.last_day;
                  f.raise_previous[i] = f.raise_amount[i] = f.salary[i];
                }),
      member_case(
          "C1: a raise that cuts pay by a cent",
          {"C1", "E5"},  // no non-negative merit and COLA lower pay, so the raise rule breaks too
                         // A raise before April: the prorated pay rounds to the new rate, a
                         // cent below the start salary, which C2 and C3 both allow.
          [](const YearFrame& f, std::size_t r) {
            return raise_only(f, r) && f.raise_date[r] < day_number(2025, 3, 31);
          },
          [](CheckedYear&, YearFrame& f, std::size_t i) {
            f.raise_amount[i] = f.raise_previous[i] - 0.01;
            f.salary[i] = f.raise_amount[i];
            const double before = static_cast<double>(f.raise_date[i] - f.first_day);
            const double after = static_cast<double>(f.last_day - f.raise_date[i] + 1);
            f.prorated[i] = round2((f.start_salary[i] * before + f.salary[i] * after) /
                                   static_cast<double>(f.days));
          }),
      member_case(
          "C2: prorated pay above FYE for a full year", {"C2"}, raise_only,
          [](CheckedYear&, YearFrame& f, std::size_t i) { f.prorated[i] = f.salary[i] + 1.0; }),
      member_case("C3: prorated pay below the start salary for a full year", {"C3"}, raise_only,
                  [](CheckedYear&, YearFrame& f, std::size_t i) {
                    f.prorated[i] = f.start_salary[i] - 1.0;
                  }),
      hire_case(
          "C4: a band-priced hire a dollar above its level's band", {"C4"},
          [](const YearFrame& f, std::size_t r) { return stays(f, r) && f.start_level[r] == 3; },
          [](CheckedYear& y, YearFrame& f, std::size_t i) {
            f.start_salary[i] = f.salary[i] = y.model.levels[2].band_max + 1.0;
            reprorate_hire(f, i);
          }),
      hire_case(
          "C4: a reference-priced hire a dollar above x_max x M_Y", {"C4"},
          [](const YearFrame& f, std::size_t r) { return stays(f, r) && f.start_level[r] == 1; },
          [](CheckedYear& y, YearFrame& f, std::size_t i) {
            f.start_salary[i] = f.salary[i] =
                round2(kReferenceSalaries.back() * y.cola_drift) + 1.0;
            reprorate_hire(f, i);
          }),
      // Warning checks (warning_checks.cpp).
      warning_case("P1: every hire dated in January", "P1",
                   [](CheckedYear& y) {
                     YearFrame& f = y.frame();
                     for (std::size_t i = f.member_count; i < f.size(); ++i)
                       f.hire_date[i] = f.first_day + static_cast<DayNumber>(i % 31);
                   }),
      warning_case("P2: no level-1 member promoted", "P2",
                   [](CheckedYear& y) {
                     YearFrame& f = y.frame();
                     for (std::size_t i = 0; i < f.member_count; ++i) {
                       if (f.start_level[i] == 1) f.promo_date[i] = kNoDate;
                     }
                   }),
      warning_case("P3: leavers weigh less than stayers", "P3",
                   [](CheckedYear& y) {
                     YearFrame& f = y.frame();
                     for (std::size_t i = 0; i < f.member_count; ++i) {
                       if (leaves(f, i)) f.term_weight[i] = 0.001;
                     }
                   }),
      warning_case("P4: every raise on 1 January", "P4",
                   [](CheckedYear& y) {
                     YearFrame& f = y.frame();
                     for (std::size_t i = 0; i < f.member_count; ++i) {
                       if (f.raise_date[i] != kNoDate) f.raise_date[i] = f.first_day;
                     }
                   }),
      warning_case(
          "P5: a legacy raise on 1 March", "P5",
          [](CheckedYear& y) {
            YearFrame& f = y.frame();
            f.raise_date[member_where(f, [&](std::size_t r) { return raise_only(f, r); })] =
                day_number(2025, 3, 1);
          },
          valid_legacy_year),
      warning_case("P6: every band-priced hire at the bottom of the band", "P6",
                   [](CheckedYear& y) {
                     YearFrame& f = y.frame();
                     for (std::size_t i = f.member_count; i < f.size(); ++i) {
                       const HireLevelPricing& p = y.model.levels[f.start_level[i] - 1u];
                       if (!p.from_reference) f.start_salary[i] = p.band_min;
                     }
                   }),
      warning_case("C6: the tuning metric two tolerances above target", "C6",
                   [](CheckedYear& y) {
                     y.tuning_metric = y.config.growth_target + 2 * y.config.growth_tolerance;
                   }),
      warning_case("hiring_target_below_attainable: X < 0", "hiring_target_below_attainable",
                   [](CheckedYear& y) { y.plan.need = -1; }),
      warning_case("new_hire_termination_shortfall: one leaver fewer than requested",
                   "new_hire_termination_shortfall",
                   [](CheckedYear& y) { --y.new_hire_terminations.selected; }),
  };
}

TEST(YearChecksFire, TheValidYearsPassEveryCheck) {
  for (const CheckedYear* y : {&valid_year(), &valid_legacy_year()}) {
    const ValidationItems items = run_checks(*y, Checks::kFatalAndWarnings);
    EXPECT_EQ(not_passed(items), std::set<std::string>{}) << y->config.target_growth_rate.units();
    for (const ValidationItem& item : items)
      EXPECT_EQ(item.status, CheckStatus::kPass) << item.check_id << ": " << item.message;
  }
  // The shrinking year hires nobody and says so; every check passes.
  EXPECT_EQ(not_passed(run_checks(valid_shrinking_year(), Checks::kFatalAndWarnings)),
            std::set<std::string>{"hiring_target_below_attainable"});
  EXPECT_EQ(valid_shrinking_year().plan.hires, 0);
}

TEST(YearChecksFire, EachCorruptionFiresItsCheckByName) {
  for (const Corruption& c : corruptions()) {
    SCOPED_TRACE(c.name);
    CheckedYear y = c.base();
    const std::optional<std::size_t> row = c.corrupt(y);
    const ValidationItems items = run_checks(y, c.checks);
    const std::set<std::string> expected(c.fire.begin(), c.fire.end());
    EXPECT_EQ(not_passed(items), expected)
        << "got " << listed(not_passed(items)) << ", expected " << listed(expected);
    const std::string& id = c.fire.front();
    const bool is_warning = c.checks == Checks::kWarningsOnly;
    bool found = false;
    for (const ValidationItem& item : items) {
      if (item.check_id != id) continue;
      found = true;
      EXPECT_EQ(item.status, is_warning ? CheckStatus::kWarn : CheckStatus::kFail) << item.message;
      EXPECT_EQ(item.year, 2025);
      if (row) {
        char buffer[kHireIdBufferSize];
        const std::string employee(y.w.employee_ids().id(y.frame().ref[*row], buffer));
        EXPECT_NE(item.message.find(employee), std::string::npos)
            << item.message << " does not name " << employee;
        ASSERT_TRUE(item.value.has_value());
        EXPECT_GE(*item.value, 1.0) << "the failure count";
      }
    }
    EXPECT_TRUE(found) << id << " gave no item";
  }
}

// Every check id the engine reports after a year has a case above.
TEST(YearChecksFire, EveryCheckTheEngineRunsHasACase) {
  std::set<std::string> ids;
  for (const CheckedYear* y : {&valid_year(), &valid_legacy_year(), &valid_shrinking_year()}) {
    for (const ValidationItem& item : run_checks(*y, Checks::kFatalAndWarnings))
      ids.insert(item.check_id);
  }
  ids.insert("new_hire_termination_shortfall");  // only given when it fires
  EXPECT_EQ(ids.size(), 29u) << listed(ids);     // 20 fatal, 9 warnings
  std::set<std::string> covered;
  for (const Corruption& c : corruptions()) covered.insert(c.fire.front());
  for (const std::string& id : ids) EXPECT_EQ(covered.count(id), 1u) << id << " has no case";
}

// A level out of 1..L reached the year's aggregation before S3 could report
// it, and was written past the end of the level totals (issue 15 item 5).
TEST(YearChecksFire, AggregationSkipsALevelOutOfRangeForS3ToReport) {
  CheckedYear y = valid_year();
  YearFrame& f = y.frame();
  const std::size_t i = member_where(f, [&](std::size_t r) { return raise_only(f, r); });
  f.level[i] = 6;
  const YearAggregates a = aggregate_year(f, y.seeds.level_count());
  ASSERT_EQ(a.by_level.size(), 5u);
  std::int64_t by_level = 0;
  for (const PopulationTotals& l : a.by_level) by_level += l.count;
  EXPECT_EQ(a.active.count, y.aggregates.active.count);
  EXPECT_EQ(by_level, a.active.count - 1);
}

}  // namespace
}  // namespace planwise::engine
