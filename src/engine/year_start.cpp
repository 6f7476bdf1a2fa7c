// Spec §4.1 and §1.5: start-of-year attributes. Age and tenure are the
// calendar-year differences, recomputed every year from the birth and hire
// years (fixed at creation from the dates). Each later step writes every
// column it owns, so nothing else needs clearing here.
#include "engine/year_steps.hpp"

namespace planwise::engine {

void start_year(YearFrame& f, int year) {
  f.begin_year(year);
  const auto n = static_cast<std::int64_t>(f.member_count);
#pragma omp parallel for schedule(static) if (n > 50000)
  for (std::int64_t j = 0; j < n; ++j) {
    const auto i = static_cast<std::size_t>(j);
    const int age = year - f.birth_year[i];
    const int tenure = year - f.hire_year[i];
    f.age[i] = static_cast<std::int16_t>(age);
    f.tenure[i] = static_cast<std::int16_t>(tenure);
    f.age_band[i] = age_band_of(age);
    f.tenure_band[i] = tenure_band_of(tenure);
  }
}

}  // namespace planwise::engine
