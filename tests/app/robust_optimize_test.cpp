// Issue 12 item 5 through the optimize use case: the robust options are
// checked with errors naming their flag, one seed changes nothing, the
// result carries the best levers' band over the seeds, and a search that
// must break its chance constraint to hit the target says so.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "app/optimize.hpp"
#include "ensemble/ensemble_summary.hpp"
#include "ensemble/runner.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

// Brent on COLA alone, no database, no analysis: a few evaluations.
OptimizeRequest quick(double target) {
  OptimizeRequest r;
  r.inputs.data_dir = test::data_dir();
  r.db_path.reset();
  r.algorithm = "brent";
  r.mix = "cola";
  r.levers = {"cola"};
  r.target = target;
  r.tolerance = 0.0002;
  r.sensitivity = false;
  r.spread_seeds = 0;
  r.dry_run = true;
  return r;
}

double bundled_headline() {
  static const double g = [] {
    auto h = headline(quick(0.02).inputs, std::nullopt, "default");
    EXPECT_TRUE(h.ok());
    return h->growth;
  }();
  return g;
}

TEST(RobustOptimize, OptionErrorsNameTheirFlag) {
  struct Case {
    const char* flag;
    void (*set)(OptimizeRequest&);
  };
  const Case cases[] = {
      {"--seeds", [](OptimizeRequest& r) { r.seeds = 0; }},
      {"--objective", [](OptimizeRequest& r) { r.objective = "p95"; }},
      {"--probability", [](OptimizeRequest& r) { r.probability = 0.9; }},  // no cap or budget
      {"--probability",
       [](OptimizeRequest& r) {
         r.cap = 0.045;
         r.probability = 0.0;
       }},
      {"--probability",
       [](OptimizeRequest& r) {
         r.budget = 1e9;
         r.probability = 1.5;
       }},
      {"--cap", [](OptimizeRequest& r) { r.cap = 4.5; }},
      {"--budget", [](OptimizeRequest& r) { r.budget = -1.0; }},
  };
  for (const Case& c : cases) {
    OptimizeRequest r = quick(0.02);
    c.set(r);
    const Status s = validate_optimize_request(r);
    ASSERT_FALSE(s.ok()) << c.flag;
    EXPECT_EQ(s.error().kind, ErrorKind::kInvalidInput) << c.flag;
    EXPECT_EQ(s.error().column, c.flag) << s.error().to_string();
  }
  OptimizeRequest fine = quick(0.02);
  fine.seeds = 5;
  fine.objective = "p90";
  fine.cap = 0.045;
  fine.probability = 1.0;
  EXPECT_TRUE(validate_optimize_request(fine).ok());
}

TEST(RobustOptimize, OneSeedGivesExactlyThePreviousResult) {
  const OptimizeRequest before = quick(bundled_headline() - 0.004);
  OptimizeRequest one = before;
  one.seeds = 1;
  one.objective = "p90";  // of one seed: that seed
  auto a = optimize(before, {});
  auto b = optimize(one, {});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->record.run.status, b->record.run.status);
  EXPECT_EQ(a->record.run.message, b->record.run.message);
  ASSERT_EQ(a->record.evaluations.size(), b->record.evaluations.size());
  for (std::size_t i = 0; i < a->record.evaluations.size(); ++i) {
    EXPECT_EQ(a->record.evaluations[i].growth, b->record.evaluations[i].growth);
    EXPECT_EQ(a->record.evaluations[i].levers, b->record.evaluations[i].levers);
  }
  EXPECT_FALSE(a->robust.has_value());
  EXPECT_FALSE(b->robust.has_value());
}

TEST(RobustOptimize, TheResultCarriesTheBestLeversBandOverItsSeeds) {
  OptimizeRequest r = quick(bundled_headline() - 0.004);
  r.seeds = 6;
  r.tolerance = 0.001;
  r.cap = bundled_headline();
  r.probability = 0.8;
  auto out = optimize(r, {});
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  ASSERT_EQ(out->record.run.status, "converged") << out->record.run.message;
  ASSERT_TRUE(out->robust.has_value());
  const RobustSummary& s = *out->robust;
  EXPECT_EQ(s.seeds, (std::vector<std::uint64_t>{42, 43, 44, 45, 46, 47}));
  EXPECT_EQ(s.objective, "mean");
  EXPECT_EQ(s.headline.n, 6);
  EXPECT_TRUE(s.thin_sample_warning.has_value());
  // The band is the seeds' own: the tuned mean is on target.
  EXPECT_NEAR(s.headline.mean, r.target, r.tolerance);
  EXPECT_NEAR(s.headline.mean, out->outcome.best->metrics.growth, 1e-15);
  ASSERT_TRUE(s.p_cap_met.has_value());
  EXPECT_EQ(*s.p_cap_met, 1.0);  // 0.4 point below the cap
  EXPECT_EQ(s.probability, 0.8);
  EXPECT_FALSE(s.p_budget_met.has_value());
  // P(in target) counts the seeds whose headline lies in the target band.
  int in_band = 0;
  for (double g : out->outcome.best->metrics.seed_growth)
    in_band += std::fabs(g - r.target) <= r.tolerance ? 1 : 0;
  EXPECT_EQ(s.p_in_target, in_band / 6.0);
  // The stored message keeps the band (the record has no columns for it).
  EXPECT_NE(out->record.run.message.find("over 6 seeds (mean)"), std::string::npos)
      << out->record.run.message;
}

TEST(RobustOptimize, ARootFinderThatMustBreakTheCapReportsInfeasible) {
  // The target is 0.3 point above the cap: on target, growth exceeds the
  // cap in every seed.
  OptimizeRequest r = quick(bundled_headline() + 0.003);
  r.seeds = 4;
  r.cap = bundled_headline();
  r.probability = 0.75;
  auto out = optimize(r, {});
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  EXPECT_EQ(out->record.run.status, "infeasible");
  EXPECT_NE(out->record.run.message.find("chance constraint"), std::string::npos)
      << out->record.run.message;
  ASSERT_TRUE(out->robust.has_value());
  EXPECT_LT(out->robust->p_cap_met.value_or(1.0), 0.75);
}

}  // namespace
}  // namespace planwise::app
