// The steps of one simulated year (spec §4.0), each a function over the
// YearFrame. simulate.cpp calls them in order; tests call them one by one.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/exact_decimal.hpp"
#include "engine/config.hpp"
#include "engine/draws.hpp"
#include "engine/employee_ids.hpp"
#include "engine/seed_tables.hpp"
#include "engine/year_frame.hpp"
#include "engine/year_levers.hpp"

namespace planwise::engine {

// A selection key and its frame row, for nth_element selections (§3.6).
struct KeyedRow {
  double key;
  std::uint32_t row;
};

// §4.1 / §1.5: age, tenure and bands of every member; salary and level start
// from the 1 Jan values; all event slots are cleared.
void start_year(YearFrame& frame, int year);

// §4.2: exactly T_Y = round_half_away(q × N_Y) members leave, chosen by
// Efraimidis–Spirakis keys ln(u)/w; sets exit_date, term_weight, term_draw.
// Returns T_Y.
std::int64_t select_experienced_terminations(YearFrame& frame, const SeedTables& seeds,
                                             ExactDecimal termination_rate, const EmployeeIds& ids,
                                             std::vector<KeyedRow>& keys);

// §4.3: promotion dates, probabilities and decisions. `mean_multiplier`
// receives mbar per level (index 0 = level 1).
void schedule_promotions(YearFrame& frame, const YearLevers& levers, const SeedTables& seeds,
                         std::vector<double>& mean_multiplier);

// §4.4: raise dates. `months` holds the profile's raw weights (realistic).
struct RaiseTiming {
  RaiseTimingMethod method = RaiseTimingMethod::kRealistic;
  CategoricalTable months;
};
void schedule_raises(YearFrame& frame, const RaiseTiming& timing);

// §4.5: applies each member's promotion and raise in date order; sets the
// event amounts, FYE salary, final level and prorated pay.
void apply_member_timelines(YearFrame& frame, const YearLevers& levers);

// §4.3–§4.5 in one pass: the same decisions as schedule_promotions, then
// schedule_raises, then apply_member_timelines, made member by member.
void process_members(YearFrame& frame, const YearLevers& levers, const SeedTables& seeds,
                     const RaiseTiming& timing, std::vector<double>& mean_multiplier);

// §4.6: head counts of hiring, in exact arithmetic.
struct HiringPlan {
  std::int64_t start_headcount = 0;  // N_Y
  std::int64_t terminations = 0;     // T_Y
  std::int64_t target_end = 0;       // target_end_Y
  std::int64_t need = 0;             // X
  std::int64_t hires = 0;            // H_Y
  std::vector<std::int64_t> per_level;
};
// `level_weights` are integer weights over a common denominator (index 0 =
// level 1); their sum must be positive.
HiringPlan plan_hiring(std::int64_t start_headcount, std::int64_t terminations,
                       ExactDecimal growth_rate, ExactDecimal new_hire_termination_rate,
                       std::span<const std::int64_t> level_weights);

// How hires of each level are priced and aged (§4.6), fixed for the run.
struct HireLevelPricing {
  bool from_reference = false;                    // recent_hires quantile, else band_uniform
  const std::vector<double>* salaries = nullptr;  // sorted reference salaries
  double band_min = 0.0;
  double band_max = 0.0;
};
struct HireModel {
  std::vector<HireLevelPricing> levels;  // index 0 = level 1
  std::vector<int> ages;
  CategoricalTable age_table;
  std::uint64_t run_key = 0;
};
// Base pay before drift and adjustment: base_l(u) of §4.6.
double hire_base_salary(const HireLevelPricing& pricing, double u);
// Appends plan.hires rows with ids, dates, pay, ages and their NH_TERM_SELECT
// draws. `cola_drift` is M_Y.
void append_hires(YearFrame& frame, const HiringPlan& plan, const HireModel& model,
                  const YearLevers& levers, double cola_drift);

// §4.7: new-hire leavers and exit dates.
struct NewHireTerminationCounts {
  std::int64_t requested = 0;  // round_half_away(r × H_Y)
  std::int64_t selected = 0;   // NT_Y
};
NewHireTerminationCounts select_new_hire_terminations(YearFrame& frame,
                                                      ExactDecimal new_hire_termination_rate,
                                                      const EmployeeIds& ids,
                                                      std::vector<KeyedRow>& keys);

// §4.7 / §4.8: prorated pay of hires and the status code of every row.
void finish_year_rows(YearFrame& frame);

}  // namespace planwise::engine
