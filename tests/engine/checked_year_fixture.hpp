// A year built with the engine's own steps on a 3,000-member workforce,
// with everything its §6 checks read (engine/year_checks.hpp), for tests
// that corrupt it and run the checks (issue 15 item 5).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <optional>

#include "common/rounding.hpp"
#include "engine/frame_fixture.hpp"
#include "engine/metrics.hpp"
#include "engine/year_checks.hpp"

namespace planwise::engine::testing {

// Level 1's reference hires (recent_hires pricing); the other levels are
// priced from their bands (band_uniform).
inline const std::vector<double> kReferenceSalaries = {60000, 61500, 63000, 66000, 70000, 72000};

struct YearOptions {
  RaiseTimingMethod timing = RaiseTimingMethod::kRealistic;
  std::int64_t growth_units = 30'000'000;  // g = 0.03
};

// One simulated year and everything its checks read.
struct CheckedYear {
  TestWorkforce w;
  SeedTables seeds = bundled_seeds();
  EngineConfig config;
  HireModel model = testing::band_hire_model();
  YearLevers levers = flat_levers(2025, 0.035, 0.025, 0.08, 0.12);
  HiringPlan plan;
  NewHireTerminationCounts new_hire_terminations;
  YearAggregates aggregates;
  double cola_drift = 1.025;  // M_2025 with 2.5 % COLA
  std::array<double, 12> month_shares{};
  std::optional<double> tuning_metric;

  YearFrame& frame() { return w.frame; }
};

inline CheckedYear build_year(const YearOptions& options) {
  CheckedYear y;
  y.w = mixed_workforce(3000);
  y.config.start_year = y.config.end_year = 2025;
  y.config.raise_timing = options.timing;
  y.config.target_growth_rate = ExactDecimal::from_units(options.growth_units);
  y.model.levels[0].from_reference = true;
  y.model.levels[0].salaries = &kReferenceSalaries;
  RaiseTiming timing;
  timing.method = options.timing;
  timing.months = CategoricalTable(y.seeds.raise_month_weights);
  double sum = 0.0;
  for (double v : y.seeds.raise_month_weights) sum += v;
  for (std::size_t m = 0; m < 12; ++m) y.month_shares[m] = y.seeds.raise_month_weights[m] / sum;

  YearFrame& f = y.frame();
  const EmployeeIds ids = y.w.employee_ids();
  std::vector<KeyedRow> keys;
  start_year(f, 2025);
  const std::int64_t t =
      select_experienced_terminations(f, y.seeds, y.config.total_termination_rate, ids, keys);
  std::vector<double> mean_multiplier;
  process_members(f, y.levers, y.seeds, timing, mean_multiplier);
  const std::vector<std::int64_t> weights = {1, 1, 1, 1, 1};
  y.plan = plan_hiring(static_cast<std::int64_t>(f.member_count), t, y.config.target_growth_rate,
                       y.config.new_hire_termination_rate, weights);
  append_hires(f, y.plan, y.model, y.levers, y.cola_drift);
  y.new_hire_terminations =
      select_new_hire_terminations(f, y.config.new_hire_termination_rate, ids, keys);
  finish_hire_rows(f);
  y.aggregates = aggregate_year(f, y.seeds.level_count());
  y.tuning_metric = y.config.growth_target;
  return y;
}

inline const CheckedYear& valid_year() {
  static const CheckedYear year = build_year({});
  return year;
}
inline const CheckedYear& valid_legacy_year() {
  static const CheckedYear year = build_year({RaiseTimingMethod::kLegacy, 30'000'000});
  return year;
}
inline const CheckedYear& valid_shrinking_year() {
  static const CheckedYear year = build_year({RaiseTimingMethod::kRealistic, -200'000'000});
  return year;
}

enum class Checks { kFatalAndWarnings, kWarningsOnly };

inline ValidationItems run_checks(const CheckedYear& y, Checks which) {
  const EmployeeIds ids = y.w.employee_ids();
  const YearCheckContext ctx{y.w.frame,    ids,          y.seeds,        y.levers,
                             y.config,     y.model,      y.plan,         y.new_hire_terminations,
                             y.aggregates, y.cola_drift, y.month_shares, y.tuning_metric};
  ValidationItems out;
  if (which == Checks::kFatalAndWarnings) run_fatal_checks(ctx, out);
  run_warning_checks(ctx, out);
  return out;
}

// Rows to corrupt. Each returns the first row that fits, so a case always
// corrupts the same row.
inline std::size_t member_where(const YearFrame& f, const std::function<bool(std::size_t)>& fits) {
  for (std::size_t i = 0; i < f.member_count; ++i) {
    if (fits(i)) return i;
  }
  ADD_FAILURE() << "no member fits";
  return 0;
}
inline std::size_t hire_where(const YearFrame& f, const std::function<bool(std::size_t)>& fits) {
  for (std::size_t i = f.member_count; i < f.size(); ++i) {
    if (fits(i)) return i;
  }
  ADD_FAILURE() << "no hire fits";
  return f.member_count;
}
inline bool stays(const YearFrame& f, std::size_t i) {
  return f.exit_date[i] == kNoDate;
}
inline bool raise_only(const YearFrame& f, std::size_t i) {
  return stays(f, i) && f.raise_date[i] != kNoDate && f.promo_date[i] == kNoDate;
}
// A promotion that is the row's last salary event.
inline bool promotion_last(const YearFrame& f, std::size_t i) {
  return f.promo_date[i] != kNoDate &&
         (f.raise_date[i] == kNoDate || f.raise_date[i] < f.promo_date[i]);
}
// A hire's prorated pay from its salary and days employed (§4.7).
inline void reprorate_hire(YearFrame& f, std::size_t i) {
  const DayNumber last = f.exit_date[i] == kNoDate ? f.last_day : f.exit_date[i];
  f.prorated[i] = round2(f.salary[i] * static_cast<double>(last - f.hire_date[i] + 1) /
                         static_cast<double>(f.days));
}

}  // namespace planwise::engine::testing
