// Spec §1.7: the seed tables the engine reads, already validated.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "engine/model_types.hpp"

namespace planwise::engine {

struct JobLevel {
  int level_id = 0;
  std::string name;
  double min_compensation = 0.0;
  double max_compensation = 0.0;
  double avg_annual_merit_increase = 0.0;  // seed_default of merit_base (§2.2)
  double promotion_probability = 0.0;      // seed_default of promotion_probability
};

// config_timing_validation_rules: checks that only warn (§1.7).
struct TimingRules {
  double sum_target = 1.0;
  double sum_tolerance = 0.001;
  double min_month_target = 0.01;
  double min_month_tolerance = 0.005;
  double max_month_target = 0.35;
  double max_month_tolerance = 0.05;
};

struct SeedTables {
  std::vector<JobLevel> levels;  // index 0 = level 1
  double termination_base = 0.0;
  std::array<double, kAgeBandCount> termination_age{};
  std::array<double, kTenureBandCount> termination_tenure{};
  std::array<double, kAgeBandCount> promotion_age{};
  std::array<double, kTenureBandCount> promotion_tenure{};
  // Raw weights of the chosen raise-timing profile, January first.
  std::string timing_profile;
  std::array<double, 12> raise_month_weights{};
  TimingRules timing_rules;
  std::map<int, double> cola_by_year;
  double promotion_raise_fallback = 0.0;

  int level_count() const { return static_cast<int>(levels.size()); }
  const JobLevel& level(int level_id) const {
    return levels[static_cast<std::size_t>(level_id - 1)];
  }
};

}  // namespace planwise::engine
