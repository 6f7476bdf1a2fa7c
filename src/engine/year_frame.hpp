// The hot state of one simulated year as structure of arrays (spec §7).
// Rows [0, member_count) are the members of S_Y in employee order; rows
// [member_count, size()) are the year's hires in seq order. Each row holds
// at most three event slots (promotion, raise, termination) and a hire's
// two (hire, termination); events are never objects of their own.
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/date.hpp"
#include "engine/draws.hpp"
#include "engine/model_types.hpp"

namespace planwise::engine {

// A frame column's allocator: elements a resize adds are left uninitialised
// (default-initialised) instead of zeroed. The steps that add rows write
// every column anyone reads of them, so the zero fill was a second pass over
// the year's hire rows, on one thread (issue 13). resize(n, value) still
// fills.
template <class T>
struct UninitialisedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitialisedAllocator<U>;
  };
  UninitialisedAllocator() = default;
  template <class U>
  UninitialisedAllocator(const UninitialisedAllocator<U>& /*other*/) noexcept {}
  template <class U>
  void construct(U* at) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(at)) U;
  }
  template <class U, class... Args>
  void construct(U* at, Args&&... args) {
    ::new (static_cast<void*>(at)) U(std::forward<Args>(args)...);
  }
};
template <class T>
using Column = std::vector<T, UninitialisedAllocator<T>>;

struct YearFrame {
  int year = 0;
  DayNumber first_day = 0;  // Jan1(Y)
  DayNumber last_day = 0;   // Dec31(Y)
  int days = 365;           // D_Y
  std::size_t member_count = 0;
  // Fixed for the run: added to `state` per stream (issue 12 item 4).
  StreamSalts salts;

  // Next year's carried columns, filled by prepare_carry, or by the member
  // pass and carry_active_rows; and next year's start-of-year columns,
  // filled by start_next_members, or by start_next_rows where the rows are
  // carried. Declared before the year's columns, which stay the struct's
  // last members (engine/year_frame_traffic.hpp counts them).
  struct Carried {
    Column<EmployeeRef> ref;
    Column<std::uint64_t> state;
    Column<DayNumber> birth_date;
    Column<DayNumber> hire_date;
    Column<std::int16_t> birth_year;
    Column<std::int16_t> hire_year;
    Column<double> start_salary;
    Column<std::uint8_t> start_level;
    // Start of the year (§4.1) and the termination draws (§4.2).
    Column<std::int16_t> age;
    Column<std::int16_t> tenure;
    Column<std::uint8_t> age_band;
    Column<std::uint8_t> tenure_band;
    Column<double> term_weight;
    Column<double> term_draw;
    Column<DayNumber> exit_date;
  };
  Carried next;

  // Identity and carried state (survive into the next year for actives).
  Column<EmployeeRef> ref;
  Column<std::uint64_t> state;  // draw state mix64(run_key ^ id_key), spec §3.2
  Column<DayNumber> birth_date;
  Column<DayNumber> hire_date;
  Column<std::int16_t> birth_year;
  Column<std::int16_t> hire_year;
  Column<double> start_salary;  // rate on the first employed day of Y
  Column<std::uint8_t> start_level;

  // Attributes of the year (§1.5).
  Column<std::int16_t> age;
  Column<std::int16_t> tenure;
  Column<std::uint8_t> age_band;
  Column<std::uint8_t> tenure_band;

  // Outcomes (§4.5, §4.8).
  Column<double> salary;  // FYE: rate on the last employed day
  Column<std::uint8_t> level;
  Column<double> prorated;
  Column<DayNumber> exit_date;  // kNoDate while employed on 31 Dec
  Column<StatusCode> status;

  // Termination decision: members w_i and U(TERM_SELECT); hires 1.0 and
  // U(NH_TERM_SELECT) (§4.2, §4.7).
  Column<double> term_weight;
  Column<double> term_draw;

  // Promotion slot (§4.3); promo_date == kNoDate when none.
  Column<DayNumber> promo_date;
  Column<double> promo_probability;
  Column<double> promo_draw;
  Column<double> promo_previous;
  Column<double> promo_amount;
  Column<std::uint8_t> promo_band_floor;

  // Raise slot (§4.4); raise_date == kNoDate when none.
  Column<DayNumber> raise_date;
  Column<double> raise_previous;
  Column<double> raise_amount;
  Column<std::uint8_t> raise_level;  // level in force on the raise date

  std::size_t size() const { return ref.size(); }
  std::size_t hire_count() const { return size() - member_count; }
  bool is_hire_row(std::size_t row) const { return row >= member_count; }

  // Sets the year and sizes the per-year columns for the members; hires are
  // appended later with resize_for_hires.
  void begin_year(int y);
  // Adds `hires` rows, zeroed.
  void resize_for_hires(std::size_t hires);
  // Adds `hires` rows left uninitialised: for append_hires, which writes
  // every column of them (the detail columns in a year that writes them).
  void add_unset_hire_rows(std::size_t hires);
  // Keeps the active rows, in order, as next year's members: salary and
  // level become the start values (§4.1). It is prepare_carry then
  // commit_carry.
  void carry_forward();
  // Issue 13 item 1: copies the active rows' carried columns into the
  // `next` buffers without changing this year's rows, so it can run beside
  // the year's aggregation (both only read the year) and before the sink.
  void prepare_carry();
  // Makes the prepared rows next year's members (a swap of buffers).
  void commit_carry();
  // Sizes next year's carried and start-of-year columns for `rows` members
  // (the year loop writes them in place: the members' in the member pass,
  // then the hires').
  void size_carry(std::size_t rows);
  // Swaps in next year's start-of-year columns (start_next_members or
  // start_next_rows), after commit_carry; begin_year then keeps them.
  void commit_next_start();
  void reserve(std::size_t rows);
  // Empties every column, keeping its capacity (a SimulationWorkspace's
  // frame between runs).
  void clear_rows();
};

}  // namespace planwise::engine
