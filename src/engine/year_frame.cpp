#include "engine/year_frame.hpp"

#include <tuple>
#include <type_traits>
#include <utility>

#include "common/huge_pages.hpp"
#include "engine/member_rows.hpp"
#include "engine/year_frame_traffic.hpp"

namespace planwise::engine {

namespace {
// The column lists, each written once. The carried and the start-of-year
// columns have the same names in the frame and in `next`.
template <class Frame>
auto carried_columns(Frame& c) {
  return std::tie(c.ref, c.state, c.birth_date, c.hire_date, c.birth_year, c.hire_year,
                  c.start_salary, c.start_level);
}
template <class Frame>
auto start_columns(Frame& c) {
  return std::tie(c.age, c.tenure, c.age_band, c.tenure_band, c.term_weight, c.term_draw,
                  c.exit_date);
}
// Every row column of the year, in declaration order.
auto row_columns(YearFrame& f) {
  return std::tuple_cat(
      carried_columns(f),
      std::tie(f.age, f.tenure, f.age_band, f.tenure_band, f.salary, f.level, f.prorated,
               f.exit_date, f.status, f.term_weight, f.term_draw, f.promo_date, f.promo_probability,
               f.promo_draw, f.promo_previous, f.promo_amount, f.promo_band_floor, f.raise_date,
               f.raise_previous, f.raise_amount, f.raise_level));
}
// A column added to the frame fails YearFrameTraffic.EveryFrameColumnIsInTheTable until the
// table counts it, and then this until the list above has it.
static_assert(std::tuple_size_v<decltype(row_columns(std::declval<YearFrame&>()))> ==
                  traffic::kColumnCount,
              "row_columns lists every row column of YearFrame");

// New elements are zeroed.
template <class Columns>
void resize_all(std::size_t n, Columns columns) {
  std::apply(
      [n](auto&... c) { (c.resize(n, typename std::decay_t<decltype(c)>::value_type{}), ...); },
      columns);
}
// New elements are left for the caller to write (UninitialisedAllocator).
template <class Columns>
void resize_all_unset(std::size_t n, Columns columns) {
  std::apply([n](auto&... c) { (c.resize(n), ...); }, columns);
}
// Reserves each column and asks for 2 MiB pages before its first touch
// (common/huge_pages.hpp).
template <class Columns>
void reserve_all(std::size_t n, Columns columns) {
  std::apply([n](auto&... c) { ((c.reserve(n), advise_huge_pages(c)), ...); }, columns);
}
// Swaps each column of `these` with the column at the same place in `those`.
template <class... Columns>
void swap_each(std::tuple<Columns&...> these, std::tuple<Columns&...> those) {
  [&]<std::size_t... k>(std::index_sequence<k...>) {
    (std::get<k>(these).swap(std::get<k>(those)), ...);
  }
  (std::index_sequence_for<Columns...>{});
}
}  // namespace

void YearFrame::begin_year(int y) {
  year = y;
  first_day = jan1(y);
  last_day = dec31(y);
  days = days_in_year(y);
  member_count = ref.size();
  resize_for_hires(0);
}

void YearFrame::resize_for_hires(std::size_t hires) {
  resize_all(member_count + hires, row_columns(*this));
}

void YearFrame::add_unset_hire_rows(std::size_t hires) {
  resize_all_unset(member_count + hires, row_columns(*this));
}

void YearFrame::reserve(std::size_t rows) {
  reserve_all(rows, row_columns(*this));
  reserve_all(rows, carried_columns(next));
  reserve_all(rows, start_columns(next));
}

void YearFrame::clear_rows() {
  member_count = 0;
  resize_all(0, row_columns(*this));
  resize_all(0, carried_columns(next));
  resize_all(0, start_columns(next));
}

void YearFrame::size_carry(std::size_t rows) {
  resize_all_unset(rows, carried_columns(next));
  resize_all_unset(rows, start_columns(next));
}

void YearFrame::commit_next_start() {
  swap_each(start_columns(*this), start_columns(next));
}

void YearFrame::carry_forward() {
  prepare_carry();
  commit_carry();
}

void YearFrame::prepare_carry() {
  carry_active_rows(*this, 0, 0);
}

void YearFrame::commit_carry() {
  swap_each(carried_columns(*this), carried_columns(next));
  member_count = ref.size();
}

}  // namespace planwise::engine
