// The steps of one simulated year (spec §4.0), each a function over the
// YearFrame. simulate.cpp calls them in order; tests call them one by one.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "common/exact_decimal.hpp"
#include "engine/config.hpp"
#include "engine/draws.hpp"
#include "engine/employee_ids.hpp"
#include "engine/model_types.hpp"
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
// Returns T_Y. It is draw_terminations then choose_experienced_leavers.
std::int64_t select_experienced_terminations(YearFrame& frame, const SeedTables& seeds,
                                             ExactDecimal termination_rate, const EmployeeIds& ids,
                                             std::vector<KeyedRow>& keys);

// §4.2: w = (b_T × mT_age) × mT_ten, in this operand order (§0.2), for each
// (age band, tenure band) pair; fixed for the run.
struct TerminationWeights {
  explicit TerminationWeights(const SeedTables& seeds);
  double of(std::uint8_t age_band, std::uint8_t tenure_band) const {
    return by_pair[age_band * static_cast<std::size_t>(kTenureBandCount) + tenure_band];
  }
  std::array<double, kAgeBandCount * kTenureBandCount> by_pair{};
};

// The per-member half of §4.2: term_weight, term_draw = U(TERM_SELECT) and
// a cleared exit_date for every member.
void draw_terminations(YearFrame& frame, const TerminationWeights& weights);

// The selection half of §4.2, on the weights and draws already in the frame:
// the T_Y largest keys leave and get their exit dates. Returns T_Y.
std::int64_t choose_experienced_leavers(YearFrame& frame, const TerminationWeights& weights,
                                        ExactDecimal termination_rate, const EmployeeIds& ids,
                                        std::vector<KeyedRow>& keys);

// Issue 13 item 1: start_year and draw_terminations in one pass over the
// members, so each carried column is read once before the selection.
void start_year_and_draw_terminations(YearFrame& frame, int year,
                                      const TerminationWeights& weights);

// Issue 13 item 1: next year's start of year, on the rows carried into
// frame.next: start_next_rows (start_year_and_draw_terminations for `year`)
// then next_promotion_means (promotion_mean_multipliers), whose result it
// returns. Before
// the first year the loop runs it on the baseline, beside the baseline's
// aggregates; commit_carry then commit_next_start make the rows next year's
// members.
std::vector<double> start_next_members(YearFrame& frame, int year,
                                       const TerminationWeights& weights, const SeedTables& seeds);
// The same in two parts, for rows made in different places: the start of
// year of frame.next's rows [first, end), which the member pass runs on each
// block of members it carries; and the promotion means of all of
// frame.next's rows, a sum in row order.
void start_next_rows(YearFrame& frame, std::size_t first, std::size_t end, int year,
                     const TerminationWeights& weights);
std::vector<double> next_promotion_means(const YearFrame& frame, const SeedTables& seeds);

// Issue 13 item 1: next year's members are written where they are made. The
// member pass copies each member active on 31 Dec (no exit date) into
// frame.next; carry_active_rows then adds the active hires. prepare_carry
// is carry_active_rows over the whole year.
// The first row in frame.next of each kDrawBlock block of members, and the
// count of active members as the last entry.
std::vector<std::uint32_t> member_carry_offsets(const YearFrame& frame);
// Where the member pass puts next year's members and how it starts them:
// the first row of each block's stayers (member_carry_offsets) and the
// hazard weights of next year's start (§4.2).
struct CarryToNext {
  const std::uint32_t* first_row_of_block;
  const TerminationWeights* weights;
};
// Copies the active rows from `first_row` on, in row order, into frame.next
// from row `first_out` on, and sizes frame.next to end with them.
void carry_active_rows(YearFrame& frame, std::size_t first_row, std::size_t first_out);
// carry_row for the rows of [first, first + len) (len <= 65,536) without an
// exit date, in order, into next year's rows from `out`; returns how many.
// Column by column, with `stay` (len entries) for the rows' offsets.
std::size_t carry_stayers(YearFrame& frame, std::size_t first, std::size_t len, std::size_t out,
                          std::uint16_t* stay);

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
// schedule_raises, then apply_member_timelines, made member by member, with
// the members' §4.8 status codes. With `checks` and `tallies` it also runs
// the §6 row checks on each member's finished row (issue 13 item 1).
struct RowCheckInputs;
class RowCheckTallies;
void process_members(YearFrame& frame, const YearLevers& levers, const SeedTables& seeds,
                     const RaiseTiming& timing, std::vector<double>& mean_multiplier,
                     const RowCheckInputs* checks = nullptr, RowCheckTallies* tallies = nullptr);
// §4.3: mbar[l], the mean multiplier of eligible members of level l, summed
// sequentially in row order (§0.2); 1.0 when a level has none.
std::vector<double> promotion_mean_multipliers(const YearFrame& frame, const SeedTables& seeds);
// process_members on mean multipliers computed by the caller (the year loop
// computes them beside the termination selection).
// With `carry` it also copies the active members into frame.next, and
// starts them for next year (start_next_rows) while their rows are in cache.
// With `detail` false it leaves the rows' detail columns
// (member_rows::RowDetail) as they were: for a year that is not row-checked
// and whose rows nobody else reads.
// With `counts` it also counts the members' events for aggregate_year.
struct MemberEventCounts {
  std::int64_t promotions = 0;
  std::int64_t band_floor_promotions = 0;
  std::int64_t raises = 0;
  // Rows [first, end), once each row's promotion and raise are decided.
  void add(const YearFrame& frame, std::size_t first, std::size_t end);
  // Another thread's counts (whole counts: the same in any order).
  void merge(const MemberEventCounts& other);
};
void run_member_pass(YearFrame& frame, const YearLevers& levers, const SeedTables& seeds,
                     const RaiseTiming& timing, const std::vector<double>& mean_multiplier,
                     const RowCheckInputs* checks, RowCheckTallies* tallies,
                     const CarryToNext* carry = nullptr, bool detail = true,
                     MemberEventCounts* counts = nullptr);

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
// draws. `cola_drift` is M_Y. With `detail` false it leaves the rows' detail
// columns (member_rows::RowDetail) unset, as run_member_pass does.
void append_hires(YearFrame& frame, const HiringPlan& plan, const HireModel& model,
                  const YearLevers& levers, double cola_drift, bool detail = true);

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
// The same for the hire rows alone, after process_members set the members'.
void finish_hire_rows(YearFrame& frame);

}  // namespace planwise::engine
