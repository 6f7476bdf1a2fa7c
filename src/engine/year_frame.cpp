#include "engine/year_frame.hpp"

namespace planwise::engine {

namespace {
template <class... Columns>
void resize_all(std::size_t n, Columns&... columns) {
  (columns.resize(n), ...);
}
template <class... Columns>
void reserve_all(std::size_t n, Columns&... columns) {
  (columns.reserve(n), ...);
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
}

void YearFrame::carry_forward() {
  std::size_t out = 0;
  const std::size_t n = size();
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_active(status[i])) continue;
    ref[out] = ref[i];
    state[out] = state[i];
    birth_date[out] = birth_date[i];
    hire_date[out] = hire_date[i];
    birth_year[out] = birth_year[i];
    hire_year[out] = hire_year[i];
    start_salary[out] = salary[i];
    start_level[out] = level[i];
    ++out;
  }
  // Only the carried columns matter until begin_year resizes the rest.
  resize_all(out, ref, state, birth_date, hire_date, birth_year, hire_year, start_salary,
             start_level);
  member_count = out;
}

}  // namespace planwise::engine
