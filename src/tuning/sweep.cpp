#include "tuning/sweep.hpp"

#include <algorithm>
#include <cmath>

#include "common/number_text.hpp"
#include "levers/lever_catalogue.hpp"

namespace planwise::tuning {

namespace {

using engine::LeverParam;

// What an axis moves: one parameter, at one level or at every level.
struct AxisTarget {
  LeverParam param;
  LeverGroup group;
  int level = 0;  // 0: every level
};

struct NamedLever {
  std::string_view name;
  LeverParam param;
  LeverGroup group;
};
constexpr NamedLever kNames[] = {
    {"merit_base", LeverParam::kMeritBase, LeverGroup::kMerit},
    {"merit", LeverParam::kMeritBase, LeverGroup::kMerit},
    {"cola_rate", LeverParam::kColaRate, LeverGroup::kCola},
    {"cola", LeverParam::kColaRate, LeverGroup::kCola},
    {"new_hire_salary_adjustment", LeverParam::kNewHireSalaryAdjustment, LeverGroup::kNewHire},
    {"new_hire", LeverParam::kNewHireSalaryAdjustment, LeverGroup::kNewHire},
    {"promotion_probability", LeverParam::kPromotionProbability, LeverGroup::kPromotionProbability},
    {"promotion_raise", LeverParam::kPromotionRaise, LeverGroup::kPromotionRaise},
};

const char* kLeverHelp =
    "expected merit_base, cola_rate, new_hire_salary_adjustment, promotion_probability, "
    "promotion_raise, or a level's variable such as merit_L2 or promotion_probability_L1";

// "merit_L2" -> merit at level 2; "cola" -> COLA at every level.
std::optional<AxisTarget> axis_target(std::string_view lever) {
  for (const NamedLever& n : kNames) {
    if (lever == n.name) return AxisTarget{n.param, n.group, 0};
  }
  const std::size_t at = lever.rfind("_L");
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view base = lever.substr(0, at), digits = lever.substr(at + 2);
  if (digits.empty() || digits.size() > 2 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const int level = std::stoi(std::string(digits));
  if (level < 1) return std::nullopt;
  if (base == "merit" || base == "merit_base")
    return AxisTarget{LeverParam::kMeritBase, LeverGroup::kMerit, level};
  if (base == "promotion_probability")
    return AxisTarget{LeverParam::kPromotionProbability, LeverGroup::kPromotionProbability, level};
  return std::nullopt;
}

Error axis_error(std::string_view field, std::string_view value, const std::string& why) {
  return Error::invalid_input("command line", 0, std::string(field), "sweep_axis",
                              std::string(value), why);
}

Error sweep_error(const std::string& value, const std::string& why) {
  return Error::invalid_input("command line", 0, "sweep", "sweep", value, why);
}

bool covers(const AxisTarget& t, const LeverVariable& v) {
  if (v.param != t.param) return false;
  return t.level == 0 || std::find(v.levels.begin(), v.levels.end(), t.level) != v.levels.end();
}

// The swept variables: a lever space of the axes' groups in which every cell
// no axis covers is held like a locked one, so that projecting a grid point
// moves only swept cells (a held merit level caps or floors its neighbours).
struct SweptSpace {
  LeverSpace space;
  std::vector<std::size_t> axis_of;  // for each variable, the axis setting it
};

Result<SweptSpace> swept_space(const engine::ResolvedLevers& base, const LockedCells& locked,
                               const std::vector<SweepAxis>& axes,
                               const std::vector<AxisTarget>& targets) {
  std::vector<LeverGroup> groups;
  for (const AxisTarget& t : targets) {
    if (std::find(groups.begin(), groups.end(), t.group) == groups.end()) groups.push_back(t.group);
  }
  // Which levels of each parameter some axis sets.
  LockedCells held = locked;
  for (const AxisTarget& t : targets) {
    if (t.level == 0) continue;
    for (int level = 1; level <= base.level_count(); ++level) {
      const bool swept = std::any_of(targets.begin(), targets.end(), [&](const AxisTarget& o) {
        return o.param == t.param && (o.level == 0 || o.level == level);
      });
      if (swept) continue;
      for (int year = base.start_year(); year <= base.end_year(); ++year)
        held.insert({year, level, t.param});
    }
  }
  auto space = LeverSpace::build(base, held, groups, {});
  if (!space) {
    return sweep_error(axes.front().lever,
                       "every cell the sweep would move is locked; nothing can be swept");
  }
  // Merit stays descending by level, as the optimizer's merit-ordering rail keeps it.
  if (std::find(groups.begin(), groups.end(), LeverGroup::kMerit) != groups.end())
    space->keep_merit_descending();
  SweptSpace out{std::move(space).value(), {}};
  for (const LeverVariable& v : out.space.variables()) {
    std::size_t axis = targets.size();
    for (std::size_t a = 0; a < targets.size(); ++a) {
      if (!covers(targets[a], v)) continue;
      if (axis != targets.size()) {
        return sweep_error(axes[a].lever,
                           "the axes " + axes[axis].lever + " and " + axes[a].lever +
                               " set the same lever cells; sweep each cell on one axis only");
      }
      axis = a;
    }
    out.axis_of.push_back(axis);
  }
  for (std::size_t a = 0; a < targets.size(); ++a) {
    if (std::find(out.axis_of.begin(), out.axis_of.end(), a) == out.axis_of.end()) {
      return sweep_error(axes[a].lever,
                         "the axis " + axes[a].lever +
                             " sets no unlocked lever cell (every cell locked, or no such level)");
    }
  }
  return out;
}

// The user's locks on cells an axis covers, as "merit_base 2026 L2".
std::vector<std::string> locked_cells_text(const engine::ResolvedLevers& base,
                                           const LockedCells& locked,
                                           const std::vector<AxisTarget>& targets) {
  std::vector<std::string> out;
  for (const auto& [year, level, param] : locked) {
    if (year < base.start_year() || year > base.end_year()) continue;
    // Copies: clang 14 cannot capture structured bindings (C++20 P1091).
    const auto cell_param = param;
    const auto cell_level = level;
    const bool covered = std::any_of(targets.begin(), targets.end(), [&](const AxisTarget& t) {
      return t.param == cell_param && (t.level == 0 || t.level == cell_level);
    });
    if (covered) {
      out.push_back(std::string(levers::spec_of(param).name) + " " + std::to_string(year) + " L" +
                    std::to_string(level));
    }
  }
  return out;
}

bool same_levers(const engine::ResolvedLevers& a, const engine::ResolvedLevers& b) {
  for (int p = 0; p < engine::kLeverParamCount; ++p) {
    const auto param = static_cast<LeverParam>(p);
    for (int year = a.start_year(); year <= a.end_year(); ++year) {
      for (int level = 1; level <= a.level_count(); ++level) {
        if (a.value(param, year, level) != b.value(param, year, level)) return false;
      }
    }
  }
  return true;
}

}  // namespace

Result<SweepAxis> parse_sweep_axis(std::string_view text, std::string_view field) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return axis_error(field, text, "expected LEVER=FROM:TO:STEP, e.g. merit_base=0.02:0.05:0.0025");
  }
  SweepAxis axis;
  axis.lever = std::string(text.substr(0, eq));
  const auto target = axis_target(axis.lever);
  if (!target)
    return axis_error(field, axis.lever, "unknown lever '" + axis.lever + "': " + kLeverHelp);
  const std::string_view grid = text.substr(eq + 1);
  std::vector<std::string_view> parts;
  for (std::size_t pos = 0;;) {
    const std::size_t colon = grid.find(':', pos);
    parts.push_back(grid.substr(pos, colon == std::string_view::npos ? colon : colon - pos));
    if (colon == std::string_view::npos) break;
    pos = colon + 1;
  }
  if (parts.size() != 3) {
    return axis_error(field, grid,
                      "the grid of " + axis.lever + " must be FROM:TO:STEP (three numbers)");
  }
  const char* what[] = {"FROM", "TO", "STEP"};
  double v[3];
  for (int i = 0; i < 3; ++i) {
    const auto d = parse_double(parts[static_cast<std::size_t>(i)]);
    if (!d || !std::isfinite(*d)) {
      return axis_error(field, parts[static_cast<std::size_t>(i)],
                        std::string(what[i]) + " of " + axis.lever + " is not a number");
    }
    v[i] = *d;
  }
  const double from = v[0], to = v[1], step = v[2];
  if (!(step > 0.0))
    return axis_error(field, parts[2], "STEP of " + axis.lever + " must be positive");
  if (to < from) {
    return axis_error(field, grid,
                      "TO of " + axis.lever + " (" + shortest_text(to) + ") is below FROM (" +
                          shortest_text(from) + ")");
  }
  const levers::LeverSpec& spec = levers::spec_of(target->param);
  if (from < spec.hard_min || to > spec.hard_max) {
    return axis_error(field, grid,
                      "the grid of " + axis.lever + " leaves the lever's hard range [" +
                          shortest_text(spec.hard_min) + ", " + shortest_text(spec.hard_max) + "]");
  }
  const double count = std::floor((to - from) / step + 1e-6) + 1.0;
  if (count > kMaxSweepPoints) {
    return axis_error(field, grid,
                      "the grid of " + axis.lever + " has more than " +
                          std::to_string(kMaxSweepPoints) + " points; use a larger STEP");
  }
  for (int i = 0; i < static_cast<int>(count); ++i) {
    // Rounded to 1e-12 so that 0.02 + 3 * 0.0025 prints as 0.0275.
    const double x = std::round((from + i * step) * 1e12) / 1e12;
    axis.values.push_back(std::min(x, to));
  }
  return axis;
}

Result<Sweep> run_sweep(const ensemble::EnsembleInputs& inputs, const LockedCells& locked,
                        const std::vector<SweepAxis>& axes, const std::vector<std::uint64_t>& seeds,
                        const SweepOptions& options) {
  if (axes.empty() || axes.size() > 2) {
    return sweep_error(std::to_string(axes.size()) + " axes", "a sweep has one or two axes");
  }
  if (seeds.empty()) {
    return Error::invalid_input("command line", 0, "seeds", "seeds", "",
                                "a sweep needs at least one seed");
  }
  std::vector<AxisTarget> targets;
  std::size_t points = 1;
  for (const SweepAxis& a : axes) {
    const auto t = axis_target(a.lever);
    if (!t || a.values.empty())
      return sweep_error(a.lever, std::string("unknown lever or empty grid: ") + kLeverHelp);
    targets.push_back(*t);
    points *= a.values.size();
  }
  if (points > static_cast<std::size_t>(kMaxSweepPoints)) {
    return sweep_error(std::to_string(points) + " points",
                       "a sweep has at most " + std::to_string(kMaxSweepPoints) + " grid points");
  }
  auto swept = swept_space(inputs.levers, locked, axes, targets);
  if (!swept) return std::move(swept).error();
  const LeverSpace& space = swept->space;

  Sweep out;
  out.axes = axes;
  out.seeds = seeds;
  out.target = options.target;
  out.locked_cells = locked_cells_text(inputs.levers, locked, targets);
  out.thin_sample_warning = ensemble::thin_sample_warning(static_cast<int>(seeds.size()));

  // The levers of every grid point, axis 0 outermost.
  std::vector<engine::ResolvedLevers> point_levers;
  point_levers.reserve(points);
  const std::size_t inner = axes.size() == 2 ? axes[1].values.size() : 1;
  for (std::size_t p = 0; p < points; ++p) {
    SweepPoint point;
    point.x.push_back(axes[0].values[p / inner]);
    if (axes.size() == 2) point.x.push_back(axes[1].values[p % inner]);
    std::vector<double> x;
    for (std::size_t axis : swept->axis_of) x.push_back(point.x[axis]);
    const engine::ResolvedLevers asked = space.apply(x);
    point_levers.push_back(space.project_levers(asked));
    point.adjusted = !same_levers(asked, point_levers.back());
    out.points.push_back(std::move(point));
  }

  // Every (point, seed) simulation in one flat batch of the ensemble runner
  // (each worker runs whole simulations on one OpenMP thread); outcomes land
  // at their index, so the result does not depend on the thread count.
  const std::size_t n_seeds = seeds.size(), total = points * n_seeds;
  std::vector<ensemble::DrawPlan> plans(total);
  for (std::size_t k = 0; k < total; ++k) {
    plans[k].seed = seeds[k % n_seeds];
    plans[k].levers = &point_levers[k / n_seeds];
  }
  std::vector<int> seeds_done(points, 0);
  int points_done = 0;
  ensemble::RunnerOptions runner;
  runner.headline = options.headline;
  runner.threads = options.threads;
  runner.cancelled = options.cancelled;
  runner.checks = out.checks;  // every point is shown (Sweep::checks)
  runner.on_plan_done = [&](std::size_t k) {
    if (++seeds_done[k / n_seeds] == static_cast<int>(n_seeds) && options.on_progress) {
      options.on_progress(++points_done, static_cast<int>(points));
    }
  };
  auto ran = ensemble::run_plans(inputs, plans, runner);
  if (!ran) {
    if (ran.error().kind == ErrorKind::kCancelled) {
      return Error::make(ErrorKind::kCancelled, "the sweep was cancelled");
    }
    return std::move(ran).error();
  }
  const std::vector<ensemble::SeedOutcome>& outcomes = *ran;

  for (std::size_t p = 0; p < points; ++p) {
    const std::vector<ensemble::SeedOutcome> of_point(
        outcomes.begin() + static_cast<std::ptrdiff_t>(p * n_seeds),
        outcomes.begin() + static_cast<std::ptrdiff_t>((p + 1) * n_seeds));
    const ensemble::EnsembleSummary s =
        ensemble::summarize(of_point, options.headline, options.target, std::nullopt);
    out.points[p].headline = s.headline.band;
    out.points[p].total_cost = s.headline.total_cost;
    out.points[p].p_in_target = s.headline.p_in_target;
  }
  out.simulations = static_cast<int>(total);
  return out;
}

}  // namespace planwise::tuning
