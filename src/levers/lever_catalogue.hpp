// The lever catalogue (issue 3; tuning.md §1.2, §1.3, §3.1): for each
// parameter its unit, hard range (errors), soft thresholds on the mean over
// levels (warnings), default and meaning. One table, not scattered constants.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "engine/levers.hpp"

namespace planwise::levers {

struct LeverSpec {
  engine::LeverParam param;
  std::string_view name;
  std::string_view event_type;
  std::string_view unit;
  double hard_min;
  double hard_max;
  std::optional<double> warn_mean_below;  // mean over levels, strict
  std::optional<double> warn_mean_above;
  bool one_value_per_year;  // COLA: the same value at every level (§2.2 of simulation.md)
  std::string_view default_text;
  std::string_view description;
  std::string_view example;
};

const std::array<LeverSpec, engine::kLeverParamCount>& lever_specs();
const LeverSpec& spec_of(engine::LeverParam param);
const LeverSpec* find_spec(std::string_view name);

}  // namespace planwise::levers
