// Small hand-made year frames and seeds for the unit tests of the year steps.
#pragma once

#include <string>
#include <vector>

#include "common/string_column.hpp"
#include "engine/draws.hpp"
#include "engine/seed_tables.hpp"
#include "engine/year_frame.hpp"
#include "engine/year_levers.hpp"
#include "engine/year_steps.hpp"

namespace planwise::engine::testing {

// The bundled seed values (spec §1.7).
inline SeedTables bundled_seeds() {
  SeedTables s;
  const double mins[] = {56000, 81000, 121000, 161000, 275000};
  const double maxs[] = {80000, 120000, 160000, 300000, 500000};
  const double merits[] = {0.035, 0.04, 0.045, 0.05, 0.055};
  const double promos[] = {0.12, 0.08, 0.05, 0.02, 0.01};
  for (int l = 0; l < 5; ++l)
    s.levels.push_back(
        {l + 1, "L" + std::to_string(l + 1), mins[l], maxs[l], merits[l], promos[l]});
  s.termination_base = 0.42;
  s.termination_age = {0.7, 1.3, 1.0, 1.6, 1.0, 1.2};
  s.termination_tenure = {1.8, 0.6, 0.5, 0.4, 0.3};
  s.promotion_age = {1.6, 1.4, 1.1, 0.7, 0.3, 0.1};
  s.promotion_tenure = {0.5, 1.5, 1.8, 0.8, 0.2};
  s.timing_profile = "general_corporate";
  s.raise_month_weights = {0.28, 0.03, 0.07, 0.18, 0.04, 0.05, 0.23, 0.03, 0.04, 0.08, 0.02, 0.02};
  s.cola_by_year = {{2025, 0.025}};
  s.promotion_raise_fallback = 0.12;
  return s;
}

inline YearLevers flat_levers(int year, double merit, double cola, double promo_probability,
                              double promo_raise) {
  YearLevers y;
  y.year = year;
  y.cola = cola;
  const double mins[] = {56000, 81000, 121000, 161000, 275000};
  for (int l = 0; l < 5; ++l) {
    y.merit.push_back(merit);
    y.promotion_probability.push_back(promo_probability);
    y.promotion_raise.push_back(promo_raise);
    y.hire_adjustment.push_back(1.0);
    y.min_compensation.push_back(mins[l]);
    y.promotion_source.push_back(ParamSource::kScenario);
    y.raise_source.push_back(ParamSource::kScenario);
    y.hire_source.push_back(ParamSource::kScenario);
  }
  return y;
}

// A workforce of census members with ids EMP_000001..., as `ids` and frame.
struct TestWorkforce {
  StringColumn ids;
  StringColumn ssns;
  YearFrame frame;

  void add(int birth_year, int hire_year, double salary, int level, std::uint64_t seed = 42) {
    const std::size_t i = ids.size();
    std::string id = std::to_string(i + 1);
    id = "EMP_" + std::string(6 - id.size(), '0') + id;
    ids.push_back(id);
    ssns.push_back("SSN-" + id);
    frame.ref.push_back(EmployeeRef::census(static_cast<std::uint32_t>(i)));
    frame.state.push_back(draw_state(run_key(seed), id_key(id)));
    frame.birth_date.push_back(day_number(birth_year, 6, 15));
    frame.hire_date.push_back(day_number(hire_year, 3, 1));
    frame.birth_year.push_back(static_cast<std::int16_t>(birth_year));
    frame.hire_year.push_back(static_cast<std::int16_t>(hire_year));
    frame.start_salary.push_back(salary);
    frame.start_level.push_back(static_cast<std::uint8_t>(level));
    frame.member_count = frame.ref.size();
  }
  EmployeeIds employee_ids() const { return EmployeeIds(ids, ssns); }
};

// A 12 % experienced termination rate, as the bundled configuration's.
inline const ExactDecimal kQ = ExactDecimal::from_units(120'000'000);

// n members over five levels, ages 1960-1999 and hire years 2000-2023.
inline TestWorkforce mixed_workforce(int n) {
  TestWorkforce w;
  for (int i = 0; i < n; ++i) {
    const int level = 1 + i % 5;
    const double salary = 50000.0 + 100.0 * (i % 500) + 30000.0 * (level - 1);
    w.add(1960 + i % 40, 2000 + i % 24, salary, level);
  }
  return w;
}

// Hires priced uniformly in a $20,000 band per level (56,000 + 30,000 per
// level above 1), aged 25 or 35 with equal odds, keyed by seed 42.
inline HireModel band_hire_model() {
  HireModel model;
  for (int l = 0; l < 5; ++l) {
    HireLevelPricing p;
    p.band_min = 56000 + 30000.0 * l;
    p.band_max = p.band_min + 20000;
    model.levels.push_back(p);
  }
  model.ages = {25, 35};
  const std::vector<double> age_weights = {1, 1};
  model.age_table = CategoricalTable(age_weights);
  model.run_key = run_key(42);
  return model;
}

}  // namespace planwise::engine::testing
