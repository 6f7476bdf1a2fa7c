// Issue 10 item 7: guard rails an analyst can trust, on by default and each
// adjustable. The searches keep to them (bounds and a projection in the
// lever space), and a result is checked against them afterwards: a
// violation is reported and keeps the result from being graded Excellent.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/levers.hpp"
#include "engine/seed_tables.hpp"
#include "tuning/lever_space.hpp"

namespace planwise::tuning {

inline constexpr double kDefaultMeritFloor = 0.01;  // issue 10 item 7: "merit at least 1 %"
// The COLA floor defaults to the configured inflation floor; the run
// configuration has none (compensation.cola_rate is an unused key, and COLA
// comes only from the levers), so the default is 0.
inline constexpr double kDefaultColaFloor = 0.0;

struct GuardRails {
  double merit_floor = kDefaultMeritFloor;  // every merit_base cell at least this
  double cola_floor = kDefaultColaFloor;    // every year's cola_rate at least this
  bool merit_ordering = true;               // merit of level L >= merit of level L + 1, each year
  bool promotion_ranges = true;             // promotion_probability within its policy range
};

// A promotion probability's policy range, by level.
struct PolicyRange {
  double lower = 0.0;
  double upper = 0.0;
};
// Half to double the level's reference promotion probability in the seed
// table config_job_levels (the bundled 12/8/5/2/1 %), within the lever
// catalogue's hard range [0, 0.20]. Index 0 is level 1.
std::vector<PolicyRange> promotion_policy_ranges(const engine::SeedTables& seeds);

// The rail names of the API and the CLI flags that turn them.
inline constexpr const char* kMeritFloorRule = "merit_floor";
inline constexpr const char* kColaFloorRule = "cola_floor";
inline constexpr const char* kMeritOrderingRule = "merit_ordering";
inline constexpr const char* kPromotionRangesRule = "promotion_ranges";

struct GuardRailViolation {
  std::string rule;  // one of the four rule names above
  int year = 0;
  std::optional<int> level;  // none for COLA (one value per year)
  double value = 0.0;        // the cell's value (merit_ordering: level's merit)
  double limit = 0.0;        // the floor, the range bound crossed, or level + 1's merit
};

// Narrows the space to the rails: the floors raise the lower bounds of COLA
// and merit, the policy ranges bound each promotion probability, and merit
// ordering keeps the merit variables descending (bounded by any locked
// merit cell of a neighbouring level). An empty range is an input error
// naming the rail's flag.
Status apply_guard_rails(LeverSpace& space, const GuardRails& rails,
                         const std::vector<PolicyRange>& promotion);

// What in `levers` breaks a rail, over the run's years. Locked cells are
// confirmed values outside any search, so only unlocked cells are checked
// (a merit pair when either cell is unlocked).
std::vector<GuardRailViolation> guard_rail_violations(const engine::ResolvedLevers& levers,
                                                      const LeverSpace& space,
                                                      const GuardRails& rails,
                                                      const std::vector<PolicyRange>& promotion);

}  // namespace planwise::tuning
