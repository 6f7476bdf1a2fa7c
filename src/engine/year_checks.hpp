// Spec §6: the checks the engine evaluates after every year. Fatal (F)
// checks yield PASS or FAIL items and stop the run on FAIL; warning (W)
// checks yield PASS or WARN. Test-only (T) properties live in tests/.
#pragma once

#include <array>
#include <optional>

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
void run_count_checks(const YearCheckContext& ctx, ValidationItems& out);
void run_warning_checks(const YearCheckContext& ctx, ValidationItems& out);

bool has_failure(const ValidationItems& items);

}  // namespace planwise::engine
