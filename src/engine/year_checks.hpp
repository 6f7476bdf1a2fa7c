// Spec §6: the checks the engine evaluates after every year. Fatal (F)
// checks yield PASS or FAIL items and stop the run on FAIL; warning (W)
// checks yield PASS or WARN. Test-only (T) properties live in tests/.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "engine/config.hpp"
#include "engine/employee_ids.hpp"
#include "engine/metrics.hpp"
#include "engine/row_checks.hpp"
#include "engine/seed_tables.hpp"
#include "engine/validation_item.hpp"
#include "engine/year_frame.hpp"
#include "engine/year_levers.hpp"
#include "engine/year_steps.hpp"

namespace planwise::engine {

struct YearCheckContext {
  const YearFrame& frame;
  const EmployeeIds& ids;
  const SeedTables& seeds;
  const YearLevers& levers;
  const EngineConfig& config;
  const HireModel& hire_model;
  const HiringPlan& plan;
  NewHireTerminationCounts new_hire_terminations;
  const YearAggregates& aggregates;
  double cola_drift = 1.0;                // M_Y
  std::array<double, 12> month_shares{};  // normalised raise-timing profile
  std::optional<double> tuning_metric;    // for C6
};

// Appends one item per check to `out`: the head-count checks, then the
// per-row replay. run_count_checks is the first part alone (ChecksLevel::kFinal
// before the last year).
void run_fatal_checks(const YearCheckContext& ctx, ValidationItems& out);
// The same items when the members' rows were checked by the member pass
// (`member_rows`): only the hires' rows are checked here.
void run_fatal_checks(const YearCheckContext& ctx, const RowCheckTallies& member_rows,
                      ValidationItems& out);
// The same items from rows already checked: `all_rows` holds every row's
// tallies, the members' and the hires' (check_row_range).
void run_fatal_checks_of_checked_rows(const YearCheckContext& ctx, const RowCheckTallies& all_rows,
                                      ValidationItems& out);
void run_count_checks(const YearCheckContext& ctx, ValidationItems& out);

// The row-order sums and counts behind the §6.6 warning checks, gathered
// from the year's rows alone, so the year loop can gather them beside the
// aggregation; run_warning_checks reports the items from them.
struct WarningTallies {
  std::array<std::int64_t, 12> hire_months{};   // P1
  std::vector<double> expected, variance, got;  // P2, per level (index 0 = level 1)
  double leave_sum = 0.0;                       // P3: hazard weights of leavers,
  double stay_sum = 0.0;                        // and of stayers
  std::int64_t leave_n = 0;
  std::array<std::int64_t, 12> raise_months{};                       // P4
  std::int64_t raises = 0, january_first = 0, off_legacy_dates = 0;  // P5
  double hire_position_sum = 0.0;                                    // P6
  // Takes P2 and P6 from gather_promotion_tallies' result.
  void take_promotions(WarningTallies&& from);
};
WarningTallies gather_warning_tallies(const YearFrame& frame, const SeedTables& seeds,
                                      const YearLevers& levers, const HireModel& hire_model);
// Its two halves, which read different columns and keep different sums,
// each in row order, so that two threads can gather them at once: P1 and
// P3–P5, and P2 and P6.
WarningTallies gather_exit_and_raise_tallies(const YearFrame& frame);
WarningTallies gather_promotion_tallies(const YearFrame& frame, const SeedTables& seeds,
                                        const YearLevers& levers, const HireModel& hire_model);
void run_warning_checks(const YearCheckContext& ctx, const WarningTallies& tallies,
                        ValidationItems& out);
void run_warning_checks(const YearCheckContext& ctx, ValidationItems& out);

bool has_failure(const ValidationItems& items);

}  // namespace planwise::engine
