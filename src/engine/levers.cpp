#include "engine/levers.hpp"

#include <cassert>

namespace planwise::engine {

const LeverParamInfo& lever_info(LeverParam param) {
  return kLeverCatalogue[static_cast<std::size_t>(param)];
}

const LeverParamInfo* find_lever(std::string_view name) {
  for (const LeverParamInfo& info : kLeverCatalogue) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

ResolvedLevers::ResolvedLevers(std::string scenario_id, int start_year, int end_year,
                               int level_count)
    : scenario_id_(std::move(scenario_id)),
      start_year_(start_year),
      end_year_(end_year),
      level_count_(level_count) {
  assert(end_year >= start_year && level_count > 0 && "ResolvedLevers needs years and levels");
  values_.resize(static_cast<std::size_t>(kLeverParamCount) *
                 static_cast<std::size_t>(end_year - start_year + 1) *
                 static_cast<std::size_t>(level_count));
}

}  // namespace planwise::engine
