#include "tuning/guard_rails.hpp"

#include <algorithm>

#include "common/number_text.hpp"
#include "levers/lever_catalogue.hpp"

namespace planwise::tuning {

namespace {

using engine::LeverParam;

// Rates compared after rounding noise: a value written back from a DOUBLE
// column may differ from its bound in the last bits.
constexpr double kSlack = 1e-9;

std::string percent(double v) {
  return shortest_text(v * 100.0) + "%";
}

}  // namespace

std::vector<PolicyRange> promotion_policy_ranges(const engine::SeedTables& seeds) {
  const levers::LeverSpec& spec = levers::spec_of(LeverParam::kPromotionProbability);
  std::vector<PolicyRange> out;
  for (const engine::JobLevel& l : seeds.levels) {
    out.push_back({std::clamp(0.5 * l.promotion_probability, spec.hard_min, spec.hard_max),
                   std::clamp(2.0 * l.promotion_probability, spec.hard_min, spec.hard_max)});
  }
  return out;
}

Status apply_guard_rails(LeverSpace& space, const GuardRails& rails,
                         const std::vector<PolicyRange>& promotion) {
  space.set_limits(
      [rails, promotion](LeverSpace& other) { return apply_guard_rails(other, rails, promotion); });
  const std::vector<LeverVariable> variables = space.variables();
  for (const LeverVariable& v : variables) {
    if (v.param == LeverParam::kColaRate) {
      PLANWISE_RETURN_IF_ERROR(space.narrow(
          v.name, rails.cola_floor, v.upper, "--cola-floor",
          "the COLA floor " + percent(rails.cola_floor) + " is above the COLA's upper bound"));
    }
    if (v.param == LeverParam::kMeritBase) {
      PLANWISE_RETURN_IF_ERROR(space.narrow(
          v.name, rails.merit_floor, v.upper, "--merit-floor",
          "the merit floor " + percent(rails.merit_floor) + " is above the merit's upper bound"));
    }
    if (v.param == LeverParam::kPromotionProbability && rails.promotion_ranges) {
      const int level = v.levels.front();
      if (level >= 1 && static_cast<std::size_t>(level) <= promotion.size()) {
        const PolicyRange& r = promotion[static_cast<std::size_t>(level - 1)];
        PLANWISE_RETURN_IF_ERROR(
            space.narrow(v.name, r.lower, r.upper, "--no-promotion-ranges",
                         "the bounds leave nothing of the level's promotion policy range " +
                             percent(r.lower) + " to " + percent(r.upper)));
      }
    }
  }
  if (!rails.merit_ordering) return Status::success();
  // A locked merit cell holds its level in that year: an unlocked level
  // above it (a lower level number) may not go below it, one below it not above.
  const engine::ResolvedLevers& base = space.base();
  bool any_merit = false;
  for (const LeverVariable& v : space.variables()) {
    if (v.param != LeverParam::kMeritBase) continue;
    any_merit = true;
    const int level = v.levels.front();
    double lo = v.lower, hi = v.upper;
    for (int year = base.start_year(); year <= base.end_year(); ++year) {
      if (space.is_locked(year, level, v.param)) continue;
      for (int other = 1; other <= base.level_count(); ++other) {
        if (other == level || !space.is_locked(year, other, v.param)) continue;
        const double held = base.value(v.param, year, other);
        if (other < level) hi = std::min(hi, held);
        if (other > level) lo = std::max(lo, held);
      }
    }
    PLANWISE_RETURN_IF_ERROR(
        space.narrow(v.name, lo, hi, "--no-merit-ordering",
                     "locked merit cells of neighbouring levels leave no room for merit ordering"));
  }
  if (any_merit) space.keep_merit_descending();
  return Status::success();
}

std::vector<GuardRailViolation> guard_rail_violations(const engine::ResolvedLevers& levers,
                                                      const LeverSpace& space,
                                                      const GuardRails& rails,
                                                      const std::vector<PolicyRange>& promotion) {
  std::vector<GuardRailViolation> out;
  const int levels = levers.level_count();
  for (int year = levers.start_year(); year <= levers.end_year(); ++year) {
    const double cola = levers.value(LeverParam::kColaRate, year, 1);
    if (!space.is_locked(year, 1, LeverParam::kColaRate) && cola < rails.cola_floor - kSlack)
      out.push_back({kColaFloorRule, year, std::nullopt, cola, rails.cola_floor});
    for (int level = 1; level <= levels; ++level) {
      const bool open = !space.is_locked(year, level, LeverParam::kMeritBase);
      const double merit = levers.value(LeverParam::kMeritBase, year, level);
      if (open && merit < rails.merit_floor - kSlack)
        out.push_back({kMeritFloorRule, year, level, merit, rails.merit_floor});
      if (rails.merit_ordering && level < levels) {
        const double next = levers.value(LeverParam::kMeritBase, year, level + 1);
        const bool pair_open = open || !space.is_locked(year, level + 1, LeverParam::kMeritBase);
        if (pair_open && merit < next - kSlack)
          out.push_back({kMeritOrderingRule, year, level, merit, next});
      }
      // The top level is never promoted, so its probability moves nothing.
      if (rails.promotion_ranges && level < levels &&
          static_cast<std::size_t>(level) <= promotion.size() &&
          !space.is_locked(year, level, LeverParam::kPromotionProbability)) {
        const PolicyRange& r = promotion[static_cast<std::size_t>(level - 1)];
        const double p = levers.value(LeverParam::kPromotionProbability, year, level);
        if (p < r.lower - kSlack) out.push_back({kPromotionRangesRule, year, level, p, r.lower});
        if (p > r.upper + kSlack) out.push_back({kPromotionRangesRule, year, level, p, r.upper});
      }
    }
  }
  return out;
}

}  // namespace planwise::tuning
