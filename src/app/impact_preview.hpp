// Issue 3 item 7: the impact of a lever change, by simulating it. The
// current and the proposed levers run on the same census with the same seed
// (common random numbers), so every difference comes from the levers.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "app/inputs.hpp"
#include "common/result.hpp"
#include "engine/levers.hpp"

namespace planwise::app {

struct ImpactYear {
  int year = 0;
  std::int64_t headcount_current = 0;
  std::int64_t headcount_proposed = 0;
  std::optional<double> avg_fye_current;
  std::optional<double> avg_fye_proposed;
  std::optional<double> growth_current;
  std::optional<double> growth_proposed;
  double cost_current = 0.0;  // total prorated compensation of the year
  double cost_proposed = 0.0;
};

struct ImpactPreview {
  std::vector<ImpactYear> years;
  double simulate_ms = 0.0;  // both simulations
};

// `inputs` supplies the census, configuration and seeds; the two lever sets
// must cover its years.
Result<ImpactPreview> preview_impact(const LoadedInputs& inputs,
                                     const engine::ResolvedLevers& current,
                                     const engine::ResolvedLevers& proposed);

}  // namespace planwise::app
