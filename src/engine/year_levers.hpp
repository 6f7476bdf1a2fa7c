// The resolved levers of one year laid out by level for the year loop, with
// the parameter_source each event kind reports (spec §2.2, §5.1).
#pragma once

#include <vector>

#include "engine/levers.hpp"
#include "engine/seed_tables.hpp"

namespace planwise::engine {

struct YearLevers {
  int year = 0;
  double cola = 0.0;
  // Index 0 = level 1.
  std::vector<double> merit;
  std::vector<double> promotion_probability;
  std::vector<double> promotion_raise;
  std::vector<double> hire_adjustment;
  std::vector<double> min_compensation;
  // Least specific tier among the levers each event uses (§5.1).
  std::vector<ParamSource> promotion_source;  // by from-level
  std::vector<ParamSource> raise_source;      // by level in force
  std::vector<ParamSource> hire_source;       // by hire level

  // `hire_uses_cola` says, per level, whether hire pay is moved forward by
  // COLA (recent-hires pricing), so that COLA counts among its levers.
  static YearLevers for_year(const ResolvedLevers& levers, const SeedTables& seeds, int year,
                             const std::vector<bool>& hire_uses_cola);
};

}  // namespace planwise::engine
