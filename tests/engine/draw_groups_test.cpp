// Issue 12 item 4: draw groups re-seed one random process at a time. A
// group on the run seed changes nothing; a group on another seed changes
// that process's decisions and no other's.
#include "engine/draw_groups.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "support/collected_run.hpp"

namespace planwise::test {
namespace {

using engine::DrawGroup;

constexpr std::uint64_t kRunSeed = 42;

struct GroupDecisions {
  std::set<std::tuple<int, std::string, DayNumber>> exits;  // experienced leavers
  std::set<std::tuple<int, std::string, DayNumber>> new_hire_exits;
  std::set<std::tuple<int, std::string, DayNumber, int, DayNumber, double>> hires;
  std::set<std::tuple<int, std::string, DayNumber>> raise_dates;
  std::set<std::tuple<int, std::string, DayNumber>> promotions;
};

GroupDecisions group_decisions(const CollectedRun& run) {
  GroupDecisions d;
  for (const EventRow& e : run.events) {
    if (e.event_type == "raise") d.raise_dates.insert({e.year, e.employee_id, e.date});
    if (e.event_type == "promotion") d.promotions.insert({e.year, e.employee_id, e.date});
  }
  for (const SnapshotRow& r : run.snapshot) {
    if (r.status_code == "experienced_termination")
      d.exits.insert({r.year, r.employee_id, r.termination_date});
    if (r.status_code == "new_hire_termination")
      d.new_hire_exits.insert({r.year, r.employee_id, r.termination_date});
    if (r.status_code.rfind("new_hire", 0) == 0) {
      d.hires.insert(
          {r.year, r.employee_id, r.hire_date, r.start_level, r.birth_date, r.start_salary});
    }
  }
  return d;
}

template <class Set>
Set of_year(const Set& all, int year) {
  Set out;
  for (const auto& t : all)
    if (std::get<0>(t) == year) out.insert(t);
  return out;
}

CollectedRun run_groups_with(const std::vector<std::pair<DrawGroup, std::uint64_t>>& group_seeds) {
  return collect_run(bundled_request(), [&](app::LoadedInputs& in) {
    in.config.engine.random_seed = kRunSeed;
    for (const auto& [group, seed] : group_seeds)
      in.config.engine.group_seeds[static_cast<std::size_t>(group)] = seed;
  });
}

const GroupDecisions& plain() {
  static const GroupDecisions d = group_decisions(run_groups_with({}));
  return d;
}

TEST(DrawGroups, EveryStreamBelongsToTheGroupTheConfigurationNames) {
  using engine::Stream;
  const std::pair<Stream, DrawGroup> expected[] = {
      {engine::kTermSelect, DrawGroup::kTerminations},
      {engine::kTermDate, DrawGroup::kTerminations},
      {engine::kPromotion, DrawGroup::kPromotions},
      {engine::kPromoDate, DrawGroup::kPromotions},
      {engine::kHireDate, DrawGroup::kHiring},
      {engine::kHireSalary, DrawGroup::kHiring},
      {engine::kHireAge, DrawGroup::kHiring},
      {engine::kHireBirthday, DrawGroup::kHiring},
      {engine::kNhTermSelect, DrawGroup::kNewHireTerminations},
      {engine::kNhTermDate, DrawGroup::kNewHireTerminations},
      {engine::kRaiseMonth, DrawGroup::kRaiseTiming},
      {engine::kRaiseDay, DrawGroup::kRaiseTiming}};
  for (const auto& [stream, group] : expected) EXPECT_EQ(engine::draw_group_of(stream), group);
  const std::pair<DrawGroup, std::string> names[] = {
      {DrawGroup::kTerminations, "terminations"},
      {DrawGroup::kPromotions, "promotions"},
      {DrawGroup::kHiring, "hiring"},
      {DrawGroup::kNewHireTerminations, "new_hire_terminations"},
      {DrawGroup::kRaiseTiming, "raise_timing"}};
  for (const auto& [group, name] : names) EXPECT_EQ(engine::draw_group_name(group), name);
}

TEST(DrawGroups, SaltsAreZeroUnlessAGroupHasASeedOtherThanTheRunSeed) {
  engine::EngineConfig cfg;
  cfg.random_seed = kRunSeed;
  EXPECT_EQ(engine::stream_salts(cfg).by_stream, engine::StreamSalts{}.by_stream);
  for (auto& s : cfg.group_seeds) s = kRunSeed;
  EXPECT_EQ(engine::stream_salts(cfg).by_stream, engine::StreamSalts{}.by_stream);

  cfg.group_seeds[static_cast<std::size_t>(DrawGroup::kPromotions)] = 7;
  const engine::StreamSalts salts = engine::stream_salts(cfg);
  EXPECT_NE(salts[engine::kPromotion], 0u);
  EXPECT_EQ(salts[engine::kPromoDate], salts[engine::kPromotion]);
  for (engine::Stream s :
       {engine::kTermSelect, engine::kTermDate, engine::kRaiseMonth, engine::kRaiseDay,
        engine::kHireDate, engine::kHireSalary, engine::kHireAge, engine::kHireBirthday,
        engine::kNhTermSelect, engine::kNhTermDate})
    EXPECT_EQ(salts[s], 0u) << s;
  // The salt depends on the group's seed, not on the run seed.
  cfg.group_seeds[static_cast<std::size_t>(DrawGroup::kPromotions)] = 8;
  EXPECT_NE(engine::stream_salts(cfg)[engine::kPromotion], salts[engine::kPromotion]);
  cfg.group_seeds[static_cast<std::size_t>(DrawGroup::kPromotions)] = 7;
  cfg.random_seed = 43;
  EXPECT_EQ(engine::stream_salts(cfg)[engine::kPromotion], salts[engine::kPromotion]);
}

TEST(DrawGroups, EveryGroupOnTheRunSeedGivesThePlainRunBitForBit) {
  const CollectedRun a = run_groups_with({});
  const CollectedRun b = run_groups_with({{DrawGroup::kTerminations, kRunSeed},
                                          {DrawGroup::kPromotions, kRunSeed},
                                          {DrawGroup::kHiring, kRunSeed},
                                          {DrawGroup::kNewHireTerminations, kRunSeed},
                                          {DrawGroup::kRaiseTiming, kRunSeed}});
  ASSERT_EQ(a.snapshot.size(), b.snapshot.size());
  for (std::size_t i = 0; i < a.snapshot.size(); ++i) {
    ASSERT_EQ(a.snapshot[i].employee_id, b.snapshot[i].employee_id) << i;
    ASSERT_EQ(a.snapshot[i].fye, b.snapshot[i].fye) << i;
    ASSERT_EQ(a.snapshot[i].prorated, b.snapshot[i].prorated) << i;
    ASSERT_EQ(a.snapshot[i].termination_date, b.snapshot[i].termination_date) << i;
  }
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    ASSERT_EQ(a.events[i].employee_id, b.events[i].employee_id) << i;
    ASSERT_EQ(a.events[i].date, b.events[i].date) << i;
    ASSERT_EQ(a.events[i].amount, b.events[i].amount) << i;
    ASSERT_EQ(a.events[i].draw, b.events[i].draw) << i;
  }
  ASSERT_EQ(a.result.years.size(), b.result.years.size());
  for (std::size_t y = 0; y < a.result.years.size(); ++y)
    EXPECT_EQ(a.result.years[y].avg_fye_active, b.result.years[y].avg_fye_active);
}

TEST(DrawGroups, PromotionSeedChangesPromotionsButNoExitHireOrRaiseDate) {
  const GroupDecisions d = group_decisions(run_groups_with({{DrawGroup::kPromotions, 7}}));
  EXPECT_NE(d.promotions, plain().promotions);
  // Promotions change pay, never who leaves, who is hired or when raises fall.
  EXPECT_EQ(d.exits, plain().exits);
  EXPECT_EQ(d.new_hire_exits, plain().new_hire_exits);
  EXPECT_EQ(d.raise_dates, plain().raise_dates);
  std::set<std::tuple<int, std::string, DayNumber, int, DayNumber>> hires_a, hires_b;
  for (const auto& h : d.hires)
    hires_a.insert(
        {std::get<0>(h), std::get<1>(h), std::get<2>(h), std::get<3>(h), std::get<4>(h)});
  for (const auto& h : plain().hires)
    hires_b.insert(
        {std::get<0>(h), std::get<1>(h), std::get<2>(h), std::get<3>(h), std::get<4>(h)});
  EXPECT_EQ(hires_a, hires_b);
}

TEST(DrawGroups, TerminationSeedChangesWhoLeavesButNotTheHires) {
  const GroupDecisions d = group_decisions(run_groups_with({{DrawGroup::kTerminations, 7}}));
  EXPECT_NE(of_year(d.exits, 2025), of_year(plain().exits, 2025));
  EXPECT_EQ(d.exits.size(), plain().exits.size());  // the counts are exact (§4.2)
  // Hires are keyed by their own ids and draws: the same people on the same
  // dates, whoever left.
  EXPECT_EQ(of_year(d.hires, 2025), of_year(plain().hires, 2025));
  EXPECT_EQ(of_year(d.new_hire_exits, 2025), of_year(plain().new_hire_exits, 2025));
}

TEST(DrawGroups, HiringSeedChangesHiresButNotYearOneExits) {
  const GroupDecisions d = group_decisions(run_groups_with({{DrawGroup::kHiring, 7}}));
  EXPECT_NE(of_year(d.hires, 2025), of_year(plain().hires, 2025));
  EXPECT_EQ(of_year(d.exits, 2025), of_year(plain().exits, 2025));
  EXPECT_EQ(of_year(d.promotions, 2025), of_year(plain().promotions, 2025));
}

TEST(DrawGroups, NewHireTerminationSeedChangesOnlyNewHireExitsInYearOne) {
  const GroupDecisions d = group_decisions(run_groups_with({{DrawGroup::kNewHireTerminations, 7}}));
  EXPECT_NE(of_year(d.new_hire_exits, 2025), of_year(plain().new_hire_exits, 2025));
  EXPECT_EQ(of_year(d.exits, 2025), of_year(plain().exits, 2025));
  EXPECT_EQ(of_year(d.promotions, 2025), of_year(plain().promotions, 2025));
  EXPECT_EQ(of_year(d.raise_dates, 2025), of_year(plain().raise_dates, 2025));
}

TEST(DrawGroups, RaiseTimingSeedChangesRaiseDatesButNotExitsOrPromotions) {
  const GroupDecisions d = group_decisions(run_groups_with({{DrawGroup::kRaiseTiming, 7}}));
  EXPECT_NE(d.raise_dates, plain().raise_dates);
  EXPECT_EQ(d.exits, plain().exits);
  EXPECT_EQ(d.promotions, plain().promotions);
}

}  // namespace
}  // namespace planwise::test
