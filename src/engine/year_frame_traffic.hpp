// Issue 13 item 6: the bytes of hot state one simulated year moves per row,
// for the benchmark's roofline. A table, kept beside the frame, of the passes
// of a year (simulate.cpp's order) and the YearFrame columns each one streams
// in and out; a column's width is sizeof its element type, so a narrower or
// wider column changes the figure by itself. Whoever adds, fuses or removes a
// pass or a column updates this table (tests/engine/year_frame_traffic_test.cpp
// fails when a frame column is missing from it). docs/performance.md derives it.
//
// Rules of the count (docs/performance.md "Bytes per employee-year"):
// - a pass that loops over rows counts each column it reads once and each it
//   writes once, per row it loops over, whatever it does with it in cache;
// - a column read or written on some rows of a loop counts in full: memory
//   moves whole cache lines, and the events of a year touch most lines;
// - work on a few rows (the leavers' exit dates, nth_element over candidate
//   keys, a sample of 16,384 keys) and run-level setup are left out;
// - write-allocate traffic is not counted, as STREAM does not count it.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "engine/event_log.hpp"
#include "engine/year_frame.hpp"

namespace planwise::engine::traffic {

// The YearFrame columns, in declaration order.
enum class Col : std::uint8_t {
  kRef,
  kState,
  kBirthDate,
  kHireDate,
  kBirthYear,
  kHireYear,
  kStartSalary,
  kStartLevel,
  kAge,
  kTenure,
  kAgeBand,
  kTenureBand,
  kSalary,
  kLevel,
  kProrated,
  kExitDate,
  kStatus,
  kTermWeight,
  kTermDraw,
  kPromoDate,
  kPromoProbability,
  kPromoDraw,
  kPromoPrevious,
  kPromoAmount,
  kPromoBandFloor,
  kRaiseDate,
  kRaisePrevious,
  kRaiseAmount,
  kRaiseLevel,
};
inline constexpr std::size_t kColumnCount = 29;

// sizeof the element type of a column: bytes_of<&YearFrame::salary>() == 8.
template <class T>
struct ColumnType;
template <class Owner, class Column>
struct ColumnType<Column Owner::*> {
  using type = Column;
};
template <auto Column>
constexpr std::size_t bytes_of() {
  return sizeof(typename ColumnType<decltype(Column)>::type::value_type);
}

struct ColumnInfo {
  Col col;
  std::string_view name;
  std::size_t bytes;  // per row
};
// Bytes per row of each column, from the frame's own element types.
inline constexpr std::array<ColumnInfo, kColumnCount> kColumns = {{
    {Col::kRef, "ref", bytes_of<&YearFrame::ref>()},
    {Col::kState, "state", bytes_of<&YearFrame::state>()},
    {Col::kBirthDate, "birth_date", bytes_of<&YearFrame::birth_date>()},
    {Col::kHireDate, "hire_date", bytes_of<&YearFrame::hire_date>()},
    {Col::kBirthYear, "birth_year", bytes_of<&YearFrame::birth_year>()},
    {Col::kHireYear, "hire_year", bytes_of<&YearFrame::hire_year>()},
    {Col::kStartSalary, "start_salary", bytes_of<&YearFrame::start_salary>()},
    {Col::kStartLevel, "start_level", bytes_of<&YearFrame::start_level>()},
    {Col::kAge, "age", bytes_of<&YearFrame::age>()},
    {Col::kTenure, "tenure", bytes_of<&YearFrame::tenure>()},
    {Col::kAgeBand, "age_band", bytes_of<&YearFrame::age_band>()},
    {Col::kTenureBand, "tenure_band", bytes_of<&YearFrame::tenure_band>()},
    {Col::kSalary, "salary", bytes_of<&YearFrame::salary>()},
    {Col::kLevel, "level", bytes_of<&YearFrame::level>()},
    {Col::kProrated, "prorated", bytes_of<&YearFrame::prorated>()},
    {Col::kExitDate, "exit_date", bytes_of<&YearFrame::exit_date>()},
    {Col::kStatus, "status", bytes_of<&YearFrame::status>()},
    {Col::kTermWeight, "term_weight", bytes_of<&YearFrame::term_weight>()},
    {Col::kTermDraw, "term_draw", bytes_of<&YearFrame::term_draw>()},
    {Col::kPromoDate, "promo_date", bytes_of<&YearFrame::promo_date>()},
    {Col::kPromoProbability, "promo_probability", bytes_of<&YearFrame::promo_probability>()},
    {Col::kPromoDraw, "promo_draw", bytes_of<&YearFrame::promo_draw>()},
    {Col::kPromoPrevious, "promo_previous", bytes_of<&YearFrame::promo_previous>()},
    {Col::kPromoAmount, "promo_amount", bytes_of<&YearFrame::promo_amount>()},
    {Col::kPromoBandFloor, "promo_band_floor", bytes_of<&YearFrame::promo_band_floor>()},
    {Col::kRaiseDate, "raise_date", bytes_of<&YearFrame::raise_date>()},
    {Col::kRaisePrevious, "raise_previous", bytes_of<&YearFrame::raise_previous>()},
    {Col::kRaiseAmount, "raise_amount", bytes_of<&YearFrame::raise_amount>()},
    {Col::kRaiseLevel, "raise_level", bytes_of<&YearFrame::raise_level>()},
}};

// Bytes each event of the event log writes: the sum of its columns' widths.
inline constexpr std::size_t kEventBytes = [] {
  std::size_t sum = 0;
  for (std::size_t b :
       {bytes_of<&EventLog::row>(), bytes_of<&EventLog::category>(), bytes_of<&EventLog::date>(),
        bytes_of<&EventLog::sequence>(), bytes_of<&EventLog::amount>(),
        bytes_of<&EventLog::previous>(), bytes_of<&EventLog::level>(),
        bytes_of<&EventLog::new_level>(), bytes_of<&EventLog::probability>(),
        bytes_of<&EventLog::weight>(), bytes_of<&EventLog::draw>(),
        bytes_of<&EventLog::merit_rate>(), bytes_of<&EventLog::cola_rate>(),
        bytes_of<&EventLog::promotion_raise_rate>(), bytes_of<&EventLog::band_floor>(),
        bytes_of<&EventLog::source>()})
    sum += b;
  return sum;
}();
inline constexpr std::size_t kEventLogColumnCount = 16;

enum class Rows : std::uint8_t { kMembers, kHires, kAll };
// When a pass runs: every year, only with the per-year row checks (checks
// full, and the last year of checks final), only when the event log is built.
enum class When : std::uint8_t { kAlways, kRowChecks, kEventLog };

struct Pass {
  std::string_view name;  // the function, as in simulate.cpp
  Rows rows;
  When when;
  std::vector<Col> reads;
  std::vector<Col> writes;
  int draws = 0;  // counter-hash draws per row (spec §3), for the compute bound
};

inline std::vector<Col> every_column() {
  std::vector<Col> all;
  for (const ColumnInfo& c : kColumns) all.push_back(c.col);
  return all;
}

// The detail columns (member_rows::RowDetail): written in a row-checked
// year, and in any year of a run with the event log or a sink.
inline const std::vector<Col> kRowDetail = {
    Col::kPromoProbability, Col::kPromoDraw,  Col::kPromoPrevious, Col::kPromoAmount,
    Col::kRaisePrevious,    Col::kRaiseLevel, Col::kRaiseAmount};

inline std::vector<Col> every_column_but(const std::vector<Col>& left_out) {
  std::vector<Col> some;
  for (const ColumnInfo& c : kColumns) {
    if (std::find(left_out.begin(), left_out.end(), c.col) == left_out.end()) some.push_back(c.col);
  }
  return some;
}

// The passes of one year, in simulate.cpp's order (issue 13 item 1: the
// member pass sets the members' status, copies the stayers into next year's
// rows, starts them for next year and checks their rows while they are in
// cache; the hires' carry and start and next year's promotion means run
// beside this year's aggregation).
inline std::vector<Pass> year_passes() {
  return {
      {"choose_experienced_leavers: candidate keys",
       Rows::kMembers,
       When::kAlways,
       {Col::kAgeBand, Col::kTenureBand, Col::kTermDraw},
       {}},
      {"member_carry_offsets", Rows::kMembers, When::kAlways, {Col::kExitDate}, {}},
      // Promotion date and decision, raise month and day: four draws. The
      // stayers' carried columns are written to next year's buffers, with
      // their next start of year and TERM_SELECT draw (the fifth) while
      // their rows are in cache; the events it made are read back and
      // counted.
      {"run_member_pass",
       Rows::kMembers,
       When::kAlways,
       {Col::kState, Col::kStartLevel, Col::kAge, Col::kAgeBand, Col::kTenureBand, Col::kExitDate,
        Col::kStartSalary, Col::kRef, Col::kBirthDate, Col::kHireDate, Col::kBirthYear,
        Col::kHireYear, Col::kPromoDate, Col::kPromoBandFloor, Col::kRaiseDate},
       {Col::kPromoDate, Col::kRaiseDate,   Col::kPromoBandFloor, Col::kProrated,
        Col::kSalary,    Col::kLevel,       Col::kStatus,         Col::kRef,
        Col::kState,     Col::kBirthDate,   Col::kHireDate,       Col::kBirthYear,
        Col::kHireYear,  Col::kStartSalary, Col::kStartLevel,     Col::kAge,
        Col::kTenure,    Col::kAgeBand,     Col::kTenureBand,     Col::kTermWeight,
        Col::kTermDraw,  Col::kExitDate},
       5},
      // The rows' detail (member_rows::RowDetail): written in a row-checked
      // year, and in any year of a run with the event log or a sink.
      {"run_member_pass: row detail", Rows::kMembers, When::kRowChecks, {}, kRowDetail},
      // The members' row checks in the same pass read the row the pass just
      // read or wrote from cache; only the column it did not touch comes
      // from memory.
      {"run_member_pass: row checks", Rows::kMembers, When::kRowChecks, {Col::kTenure}, {}},
      // Every column of the hire rows, with no zero fill before (the frame's
      // columns leave added rows unset), the detail only where it is read.
      // Hire date, salary, age, birthday and NH_TERM_SELECT: five draws.
      {"append_hires", Rows::kHires, When::kAlways, {}, every_column_but(kRowDetail), 5},
      {"append_hires: row detail", Rows::kHires, When::kRowChecks, {}, kRowDetail},
      {"select_new_hire_terminations",
       Rows::kHires,
       When::kAlways,
       {Col::kHireDate, Col::kTermDraw},
       {}},
      {"finish_hire_rows",
       Rows::kHires,
       When::kAlways,
       {Col::kExitDate, Col::kSalary, Col::kHireDate},
       {Col::kProrated, Col::kStatus}},
      // The active hires' carried columns, after the carried members.
      {"carry_active_rows: hires",
       Rows::kHires,
       When::kAlways,
       {Col::kStatus, Col::kRef, Col::kState, Col::kBirthDate, Col::kHireDate, Col::kBirthYear,
        Col::kHireYear, Col::kSalary, Col::kLevel},
       {Col::kRef, Col::kState, Col::kBirthDate, Col::kHireDate, Col::kBirthYear, Col::kHireYear,
        Col::kStartSalary, Col::kStartLevel}},
      // The members' events come counted from the member pass
      // (MemberEventCounts); the hires' are counted here.
      {"aggregate_year",
       Rows::kAll,
       When::kAlways,
       {Col::kProrated, Col::kStatus, Col::kSalary, Col::kStartSalary, Col::kLevel},
       {}},
      {"aggregate_year: hires' events",
       Rows::kHires,
       When::kAlways,
       {Col::kPromoDate, Col::kPromoBandFloor, Col::kRaiseDate},
       {}},
      // Beside the aggregation, on the other thread: the active hires'
      // start of year as next year's members, with their TERM_SELECT draw,
      // then the promotion means' sums in row order over all of next
      // year's members (counted as this year's).
      {"start_next_rows: hires",
       Rows::kHires,
       When::kAlways,
       {Col::kBirthYear, Col::kHireYear, Col::kState},
       {Col::kAge, Col::kTenure, Col::kAgeBand, Col::kTenureBand, Col::kTermWeight, Col::kTermDraw,
        Col::kExitDate},
       1},
      {"next_promotion_means",
       Rows::kMembers,
       When::kAlways,
       {Col::kStartLevel, Col::kAge, Col::kAgeBand, Col::kTenureBand},
       {}},
      {"run_fatal_checks: check_counts", Rows::kHires, When::kAlways, {Col::kStartLevel}, {}},
      {"run_fatal_checks: hire rows",
       Rows::kHires,
       When::kRowChecks,
       {Col::kExitDate,      Col::kStatus,        Col::kLevel,       Col::kStartLevel,
        Col::kBirthYear,     Col::kHireYear,      Col::kAge,         Col::kTenure,
        Col::kAgeBand,       Col::kTenureBand,    Col::kStartSalary, Col::kPromoDate,
        Col::kRaiseDate,     Col::kPromoPrevious, Col::kPromoAmount, Col::kPromoBandFloor,
        Col::kRaisePrevious, Col::kRaiseLevel,    Col::kRaiseAmount, Col::kSalary,
        Col::kProrated,      Col::kHireDate,      Col::kBirthDate},
       {}},
      {"run_warning_checks: members",
       Rows::kMembers,
       When::kRowChecks,
       {Col::kPromoProbability, Col::kStartLevel, Col::kPromoDate, Col::kExitDate, Col::kTermWeight,
        Col::kRaiseDate},
       {}},
      // P1 hire months; P6 redraws HIRE_SALARY (reference-priced levels).
      {"run_warning_checks: hires",
       Rows::kHires,
       When::kRowChecks,
       {Col::kHireDate, Col::kStartLevel, Col::kState},
       {},
       1},
      {"build_event_log: count",
       Rows::kAll,
       When::kEventLog,
       {Col::kPromoDate, Col::kRaiseDate, Col::kExitDate},
       {}},
      {"build_event_log: fill",
       Rows::kAll,
       When::kEventLog,
       {Col::kStartLevel, Col::kPromoDate, Col::kRaiseDate, Col::kPromoAmount, Col::kPromoPrevious,
        Col::kPromoProbability, Col::kPromoDraw, Col::kPromoBandFloor, Col::kRaiseLevel,
        Col::kRaiseAmount, Col::kRaisePrevious, Col::kExitDate, Col::kSalary, Col::kLevel,
        Col::kTermWeight, Col::kTermDraw},
       {}},
      {"build_event_log: fill hires",
       Rows::kHires,
       When::kEventLog,
       {Col::kHireDate, Col::kStartSalary},
       {}},
  };
}

// What a run's years look like, for weighting the passes.
struct RunShape {
  double hire_share = 0.0;      // hire rows / all rows (employee-years)
  double events_per_row = 0.0;  // events / employee-years (0 without the event log)
  bool row_checks = true;       // checks full
  bool event_log = false;
  std::size_t event_log_scratch_bytes = 4;  // first_of_row, written and read per row
};

struct Traffic {
  double bytes = 0.0;  // per employee-year
  double draws = 0.0;  // per employee-year
};

// Σ over the passes that run of (row share × Σ bytes of the columns read
// and written), plus the event log's writes: per employee-year. `columns`
// gives each column's width, indexed by Col.
inline Traffic per_employee_year(std::span<const Pass> passes, const RunShape& shape,
                                 std::span<const ColumnInfo> columns = kColumns) {
  Traffic t;
  for (const Pass& p : passes) {
    if (p.when == When::kRowChecks && !shape.row_checks) continue;
    if (p.when == When::kEventLog && !shape.event_log) continue;
    const double share = p.rows == Rows::kAll     ? 1.0
                         : p.rows == Rows::kHires ? shape.hire_share
                                                  : 1.0 - shape.hire_share;
    std::size_t row_bytes = 0;
    for (Col c : p.reads) row_bytes += columns[static_cast<std::size_t>(c)].bytes;
    for (Col c : p.writes) row_bytes += columns[static_cast<std::size_t>(c)].bytes;
    t.bytes += share * static_cast<double>(row_bytes);
    t.draws += share * p.draws;
  }
  if (shape.event_log) {
    t.bytes += shape.events_per_row * static_cast<double>(kEventBytes) +
               2.0 * static_cast<double>(shape.event_log_scratch_bytes);
  }
  return t;
}

}  // namespace planwise::engine::traffic
