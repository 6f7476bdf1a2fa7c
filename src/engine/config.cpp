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

}  // namespace planwise::engine
