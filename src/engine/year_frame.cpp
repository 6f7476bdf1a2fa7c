#include "engine/year_frame.hpp"

#include "common/huge_pages.hpp"

namespace planwise::engine {

namespace {
template <class... Columns>
void resize_all(std::size_t n, Columns&... columns) {
  (columns.resize(n), ...);
}
// Reserves each column and asks for 2 MiB pages before its first touch
// (common/huge_pages.hpp).
template <class... Columns>
void reserve_all(std::size_t n, Columns&... columns) {
  ((columns.reserve(n), advise_huge_pages(columns)), ...);
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

void YearFrame::reserve(std::size_t rows) {
  reserve_all(rows, ref, state, birth_date, hire_date, birth_year, hire_year, start_salary,
              start_level, age, tenure, age_band, tenure_band, salary, level, prorated, exit_date,
              status, term_weight, term_draw, promo_date, promo_probability, promo_draw,
              promo_previous, promo_amount, promo_band_floor, raise_date, raise_previous,
              raise_amount, raise_level);
  reserve_all(rows, next.ref, next.state, next.birth_date, next.hire_date, next.birth_year,
              next.hire_year, next.start_salary, next.start_level);
}

void YearFrame::carry_forward() {
  prepare_carry();
  commit_carry();
}

void YearFrame::prepare_carry() {
  std::size_t actives = 0;
  const std::size_t n = size();
  for (std::size_t i = 0; i < n; ++i) actives += is_active(status[i]) ? 1 : 0;
  resize_all(actives, next.ref, next.state, next.birth_date, next.hire_date, next.birth_year,
             next.hire_year, next.start_salary, next.start_level);
  std::size_t out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_active(status[i])) continue;
    next.ref[out] = ref[i];
    next.state[out] = state[i];
    next.birth_date[out] = birth_date[i];
    next.hire_date[out] = hire_date[i];
    next.birth_year[out] = birth_year[i];
    next.hire_year[out] = hire_year[i];
    next.start_salary[out] = salary[i];
    next.start_level[out] = level[i];
    ++out;
  }
}

void YearFrame::commit_carry() {
  ref.swap(next.ref);
  state.swap(next.state);
  birth_date.swap(next.birth_date);
  hire_date.swap(next.hire_date);
  birth_year.swap(next.birth_year);
  hire_year.swap(next.hire_year);
  start_salary.swap(next.start_salary);
  start_level.swap(next.start_level);
  member_count = ref.size();
}

}  // namespace planwise::engine
