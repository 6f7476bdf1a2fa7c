#include "engine/config.hpp"

namespace planwise::engine {

const char* growth_methodology_name(GrowthMethodology m) {
  switch (m) {
    case GrowthMethodology::kCurrent:
      return "current";
    case GrowthMethodology::kContinuous:
      return "continuous";
    case GrowthMethodology::kFullYearEquivalent:
      return "full_year_equivalent";
  }
  return "full_year_equivalent";
}

const char* draw_group_name(DrawGroup group) {
  switch (group) {
    case DrawGroup::kTerminations:
      return "terminations";
    case DrawGroup::kPromotions:
      return "promotions";
    case DrawGroup::kHiring:
      return "hiring";
    case DrawGroup::kNewHireTerminations:
      return "new_hire_terminations";
    case DrawGroup::kRaiseTiming:
      return "raise_timing";
  }
  return "terminations";
}

}  // namespace planwise::engine
