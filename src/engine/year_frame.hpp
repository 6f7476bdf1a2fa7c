// The hot state of one simulated year as structure of arrays (spec §7).
// Rows [0, member_count) are the members of S_Y in employee order; rows
// [member_count, size()) are the year's hires in seq order. Each row holds
// at most three event slots (promotion, raise, termination) and a hire's
// two (hire, termination); events are never objects of their own.
#pragma once

#include <cstdint>
#include <vector>

#include "common/date.hpp"
#include "engine/draws.hpp"
#include "engine/model_types.hpp"

namespace planwise::engine {

struct YearFrame {
  int year = 0;
  DayNumber first_day = 0;  // Jan1(Y)
  DayNumber last_day = 0;   // Dec31(Y)
  int days = 365;           // D_Y
  std::size_t member_count = 0;
  // Fixed for the run: added to `state` per stream (issue 12 item 4).
  StreamSalts salts;

  // Next year's carried columns, filled by prepare_carry. Declared before
  // the year's columns, which stay the struct's last members
  // (engine/year_frame_traffic.hpp counts them).
  struct Carried {
    std::vector<EmployeeRef> ref;
    std::vector<std::uint64_t> state;
    std::vector<DayNumber> birth_date;
    std::vector<DayNumber> hire_date;
    std::vector<std::int16_t> birth_year;
    std::vector<std::int16_t> hire_year;
    std::vector<double> start_salary;
    std::vector<std::uint8_t> start_level;
  };
  Carried next;

  // Identity and carried state (survive into the next year for actives).
  std::vector<EmployeeRef> ref;
  std::vector<std::uint64_t> state;  // draw state mix64(run_key ^ id_key), spec §3.2
  std::vector<DayNumber> birth_date;
  std::vector<DayNumber> hire_date;
  std::vector<std::int16_t> birth_year;
  std::vector<std::int16_t> hire_year;
  std::vector<double> start_salary;  // rate on the first employed day of Y
  std::vector<std::uint8_t> start_level;

  // Attributes of the year (§1.5).
  std::vector<std::int16_t> age;
  std::vector<std::int16_t> tenure;
  std::vector<std::uint8_t> age_band;
  std::vector<std::uint8_t> tenure_band;

  // Outcomes (§4.5, §4.8).
  std::vector<double> salary;  // FYE: rate on the last employed day
  std::vector<std::uint8_t> level;
  std::vector<double> prorated;
  std::vector<DayNumber> exit_date;  // kNoDate while employed on 31 Dec
  std::vector<StatusCode> status;

  // Termination decision: members w_i and U(TERM_SELECT); hires 1.0 and
  // U(NH_TERM_SELECT) (§4.2, §4.7).
  std::vector<double> term_weight;
  std::vector<double> term_draw;

  // Promotion slot (§4.3); promo_date == kNoDate when none.
  std::vector<DayNumber> promo_date;
  std::vector<double> promo_probability;
  std::vector<double> promo_draw;
  std::vector<double> promo_previous;
  std::vector<double> promo_amount;
  std::vector<std::uint8_t> promo_band_floor;

  // Raise slot (§4.4); raise_date == kNoDate when none.
  std::vector<DayNumber> raise_date;
  std::vector<double> raise_previous;
  std::vector<double> raise_amount;
  std::vector<std::uint8_t> raise_level;  // level in force on the raise date

  std::size_t size() const { return ref.size(); }
  std::size_t hire_count() const { return size() - member_count; }
  bool is_hire_row(std::size_t row) const { return row >= member_count; }

  // Sets the year and sizes the per-year columns for the members; hires are
  // appended later with resize_for_hires.
  void begin_year(int y);
  void resize_for_hires(std::size_t hires);
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
  void reserve(std::size_t rows);
};

}  // namespace planwise::engine
