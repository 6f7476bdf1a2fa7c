// Shared inputs of the tuning tests: the bundled census, configuration and
// levers, loaded once, and helpers that build a lever space and evaluator.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "app/inputs.hpp"
#include "support/collected_run.hpp"
#include "support/test_paths.hpp"
#include "tuning/evaluator.hpp"
#include "tuning/lever_space.hpp"
#include "tuning/s045_loop.hpp"

namespace planwise::tuning::testing {

using engine::LeverParam;

inline const app::LoadedInputs& bundled() {
  static const app::LoadedInputs inputs = [] {
    auto loaded = app::load_inputs(test::bundled_request());
    EXPECT_TRUE(loaded.ok()) << loaded.error().to_string_all();
    return std::move(loaded).value();
  }();
  return inputs;
}

inline EngineInputs engine_inputs() {
  const app::LoadedInputs& in = bundled();
  return {in.config.engine, in.seeds, in.census};
}

// The bundled levers' locks: every 2025 cell (comp_levers.csv locks them).
inline LockedCells bundled_locks() {
  LockedCells out;
  for (const engine::LeverRow& r : bundled().lever_rows) {
    if (r.is_locked.value_or(false)) out.insert({r.fiscal_year, r.job_level, r.param});
  }
  return out;
}

inline std::vector<LeverGroup> s045_groups() {
  return {LeverGroup::kCola, LeverGroup::kMerit, LeverGroup::kNewHire};
}
inline std::vector<LeverGroup> all_groups() {
  return {LeverGroup::kCola, LeverGroup::kMerit, LeverGroup::kNewHire,
          LeverGroup::kPromotionProbability, LeverGroup::kPromotionRaise};
}

inline LeverSpace make_space(const std::vector<LeverGroup>& groups, const LockedCells& locks,
                             bool s045_clamps = false) {
  auto plain = LeverSpace::build(bundled().levers, locks, groups, {});
  EXPECT_TRUE(plain.ok());
  auto space = LeverSpace::build(bundled().levers, locks, groups,
                                 s045_clamps ? s045_bounds(*plain) : std::vector<BoundOverride>{});
  EXPECT_TRUE(space.ok());
  return std::move(space).value();
}

// The headline of the bundled levers, measured once.
inline double bundled_headline() {
  static const double g = [] {
    const LeverSpace space = make_space(s045_groups(), bundled_locks());
    Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, Objectives{}, Budget{}, {});
    auto m = e.run(bundled().levers);
    EXPECT_TRUE(m.ok());
    return m->growth;
  }();
  return g;
}

inline Objectives target(double value, double tolerance) {
  Objectives o;
  o.target = value;
  o.tolerance = tolerance;
  return o;
}

inline Budget evals(int n) {
  Budget b;
  b.max_evaluations = n;
  return b;
}

}  // namespace planwise::tuning::testing
