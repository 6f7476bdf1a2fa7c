#include "engine/year_frame.hpp"

#include <tuple>
#include <utility>

#include "common/huge_pages.hpp"
#include "engine/member_rows.hpp"

namespace planwise::engine {

namespace {
// New elements are zeroed.
template <class... Columns>
void resize_all(std::size_t n, Columns&... columns) {
  (columns.resize(n, typename Columns::value_type{}), ...);
}
// New elements are left for the caller to write (UninitialisedAllocator).
template <class... Columns>
void resize_all_unset(std::size_t n, Columns&... columns) {
  (columns.resize(n), ...);
}
// Reserves each column and asks for 2 MiB pages before its first touch
// (common/huge_pages.hpp).
template <class... Columns>
void reserve_all(std::size_t n, Columns&... columns) {
  ((columns.reserve(n), advise_huge_pages(columns)), ...);
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
  const std::size_t n = member_count + hires;
  resize_all(n, ref, state, birth_date, hire_date, birth_year, hire_year, start_salary, start_level,
             age, tenure, age_band, tenure_band, salary, level, prorated, exit_date, status,
             term_weight, term_draw, promo_date, promo_probability, promo_draw, promo_previous,
             promo_amount, promo_band_floor, raise_date, raise_previous, raise_amount, raise_level);
}

void YearFrame::add_unset_hire_rows(std::size_t hires) {
  const std::size_t n = member_count + hires;
  resize_all_unset(n, ref, state, birth_date, hire_date, birth_year, hire_year, start_salary,
                   start_level, age, tenure, age_band, tenure_band, salary, level, prorated,
                   exit_date, status, term_weight, term_draw, promo_date, promo_probability,
                   promo_draw, promo_previous, promo_amount, promo_band_floor, raise_date,
                   raise_previous, raise_amount, raise_level);
}

void YearFrame::reserve(std::size_t rows) {
  reserve_all(rows, ref, state, birth_date, hire_date, birth_year, hire_year, start_salary,
              start_level, age, tenure, age_band, tenure_band, salary, level, prorated, exit_date,
              status, term_weight, term_draw, promo_date, promo_probability, promo_draw,
              promo_previous, promo_amount, promo_band_floor, raise_date, raise_previous,
              raise_amount, raise_level);
  reserve_all(rows, next.ref, next.state, next.birth_date, next.hire_date, next.birth_year,
              next.hire_year, next.start_salary, next.start_level);
  reserve_all(rows, next.age, next.tenure, next.age_band, next.tenure_band, next.term_weight,
              next.term_draw, next.exit_date);
}

void YearFrame::clear_rows() {
  member_count = 0;
  resize_all(0, ref, state, birth_date, hire_date, birth_year, hire_year, start_salary, start_level,
             age, tenure, age_band, tenure_band, salary, level, prorated, exit_date, status,
             term_weight, term_draw, promo_date, promo_probability, promo_draw, promo_previous,
             promo_amount, promo_band_floor, raise_date, raise_previous, raise_amount, raise_level);
  resize_all(0, next.ref, next.state, next.birth_date, next.hire_date, next.birth_year,
             next.hire_year, next.start_salary, next.start_level, next.age, next.tenure,
             next.age_band, next.tenure_band, next.term_weight, next.term_draw, next.exit_date);
}

void YearFrame::size_carry(std::size_t rows) {
  resize_all_unset(rows, next.ref, next.state, next.birth_date, next.hire_date, next.birth_year,
                   next.hire_year, next.start_salary, next.start_level);
}

void YearFrame::commit_next_start() {
  swap_each(std::tie(age, tenure, age_band, tenure_band, term_weight, term_draw, exit_date),
            std::tie(next.age, next.tenure, next.age_band, next.tenure_band, next.term_weight,
                     next.term_draw, next.exit_date));
}

void YearFrame::carry_forward() {
  prepare_carry();
  commit_carry();
}

void YearFrame::prepare_carry() {
  carry_active_rows(*this, 0, 0);
}

void YearFrame::commit_carry() {
  swap_each(
      std::tie(ref, state, birth_date, hire_date, birth_year, hire_year, start_salary, start_level),
      std::tie(next.ref, next.state, next.birth_date, next.hire_date, next.birth_year,
               next.hire_year, next.start_salary, next.start_level));
  member_count = ref.size();
}

}  // namespace planwise::engine
