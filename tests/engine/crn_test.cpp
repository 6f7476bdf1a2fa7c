// Spec §6.5: determinism, seeds, common random numbers (D3, D4, D5, H6).
#include <gtest/gtest.h>

#include <set>

#include "support/collected_run.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

using engine::LeverParam;

// Who leaves, who is hired (with dates, levels, ages) and raise dates: the
// parts CRN keeps fixed when pay levers change.
struct Decisions {
  std::set<std::tuple<int, std::string, DayNumber>> exits;
  std::set<std::tuple<int, std::string, DayNumber, int, DayNumber>> hires;
  std::set<std::tuple<int, std::string, DayNumber>> raise_dates;
  std::set<std::tuple<int, std::string, DayNumber>> promotions;
  std::vector<std::int64_t> headcounts;
};

Decisions decisions(const CollectedRun& run) {
  Decisions d;
  for (const EventRow& e : run.events) {
    if (e.event_type == "termination") d.exits.insert({e.year, e.employee_id, e.date});
    if (e.event_type == "raise") d.raise_dates.insert({e.year, e.employee_id, e.date});
    if (e.event_type == "promotion") d.promotions.insert({e.year, e.employee_id, e.date});
  }
  for (const SnapshotRow& r : run.snapshot) {
    if (r.status_code.rfind("new_hire", 0) == 0)
      d.hires.insert({r.year, r.employee_id, r.hire_date, r.start_level, r.birth_date});
  }
  for (const auto& y : run.result.years) {
    d.headcounts.insert(d.headcounts.end(), {y.start_headcount, y.experienced_terminations, y.hires,
                                             y.new_hire_terminations, y.end_headcount});
  }
  return d;
}

void scale_lever(app::LoadedInputs& in, LeverParam param, double factor) {
  for (int y = in.levers.start_year(); y <= in.levers.end_year(); ++y) {
    for (int l = 1; l <= in.levers.level_count(); ++l) in.levers.at(param, y, l).value *= factor;
  }
}

TEST(CommonRandomNumbers, ChangingMeritOrColaChangesNoExitHireRaiseDateOrPromotion) {
  const Decisions base = decisions(collect_run(bundled_request()));
  const CollectedRun changed = collect_run(bundled_request(), [](app::LoadedInputs& in) {
    scale_lever(in, LeverParam::kMeritBase, 1.5);
    scale_lever(in, LeverParam::kColaRate, 0.5);
  });
  const Decisions d = decisions(changed);
  EXPECT_EQ(d.exits, base.exits);
  EXPECT_EQ(d.hires, base.hires);
  EXPECT_EQ(d.raise_dates, base.raise_dates);
  EXPECT_EQ(d.promotions, base.promotions);
  EXPECT_EQ(d.headcounts, base.headcounts);
  // ... while pay did change.
  EXPECT_NE(changed.result.years.back().avg_fye_active,
            collect_run(bundled_request()).result.years.back().avg_fye_active);
}

TEST(CommonRandomNumbers, ChangingHireAdjustmentAndPromotionRaiseKeepsEveryDecision) {
  const Decisions base = decisions(collect_run(bundled_request()));
  const Decisions d = decisions(collect_run(bundled_request(), [](app::LoadedInputs& in) {
    scale_lever(in, LeverParam::kNewHireSalaryAdjustment, 0.9);
    scale_lever(in, LeverParam::kPromotionRaise, 0.5);
  }));
  EXPECT_EQ(d.exits, base.exits);
  EXPECT_EQ(d.hires, base.hires);
  EXPECT_EQ(d.raise_dates, base.raise_dates);
  EXPECT_EQ(d.promotions, base.promotions);
}

TEST(CommonRandomNumbers, RaisingPromotionProbabilityGivesASupersetOfPromotions) {
  const Decisions base = decisions(collect_run(bundled_request()));
  const Decisions more = decisions(collect_run(bundled_request(), [](app::LoadedInputs& in) {
    in.levers.at(LeverParam::kPromotionProbability, 2025, 1).value *= 1.5;
  }));
  std::set<std::string> before, after;
  for (const auto& [year, id, date] : base.promotions) {
    if (year == 2025) before.insert(id);
  }
  for (const auto& [year, id, date] : more.promotions) {
    if (year == 2025) after.insert(id);
  }
  EXPECT_GT(after.size(), before.size());
  for (const std::string& id : before) EXPECT_TRUE(after.count(id)) << id;
  // Exits and hires stay: promotion draws use their own streams.
  EXPECT_EQ(more.exits, base.exits);
  EXPECT_EQ(more.hires, base.hires);
}

TEST(Seeds, AnotherSeedChangesWhoButNotHowMany) {
  app::InputRequest other = bundled_request();
  other.seed = 43;
  const Decisions a = decisions(collect_run(bundled_request()));
  const Decisions b = decisions(collect_run(other));
  EXPECT_NE(a.exits, b.exits);
  EXPECT_NE(a.hires, b.hires);
  EXPECT_NE(a.promotions, b.promotions);
  EXPECT_EQ(a.headcounts, b.headcounts);
}

TEST(Seeds, SameSeedGivesIdenticalRows) {
  const CollectedRun a = collect_run(bundled_request());
  const CollectedRun b = collect_run(bundled_request());
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    ASSERT_EQ(a.events[i].employee_id, b.events[i].employee_id);
    ASSERT_EQ(a.events[i].date, b.events[i].date);
    ASSERT_EQ(a.events[i].amount, b.events[i].amount);
  }
}

}  // namespace
}  // namespace planwise::test
