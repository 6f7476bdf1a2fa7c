#include "tuning/s045_loop.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "tuning/reachability.hpp"

namespace planwise::tuning {

namespace {

using engine::LeverParam;

// Every unlocked cell of each variable of `param`:
// cur -> clamp(cur + step(level), the variable's bounds). The bounds are
// S045's clamps (§4.3) unless the analyst narrowed them; a lever group the
// analyst left out of --levers has no variable and does not move.
void shift(engine::ResolvedLevers& levers, const LeverSpace& space, LeverParam param,
           const std::function<double(int level)>& step) {
  for (const LeverVariable& v : space.variables()) {
    if (v.param != param) continue;
    for (int year = levers.start_year(); year <= levers.end_year(); ++year) {
      for (int level : v.levels) {
        if (space.is_locked(year, level, param)) continue;
        engine::ResolvedLever& cell = levers.at(param, year, level);
        cell.value = std::clamp(cell.value + step(level), v.lower, v.upper);
        cell.source = engine::ParamSource::kScenario;
      }
    }
  }
}

}  // namespace

Result<S045Mode> parse_s045_mode(const std::string& name) {
  if (name == "conservative") return S045Mode::kConservative;
  if (name == "balanced") return S045Mode::kBalanced;
  if (name == "aggressive") return S045Mode::kAggressive;
  return Error::invalid_input("command line", 0, "--mode", "mode", name,
                              "expected conservative, balanced or aggressive");
}

std::string s045_mode_name(S045Mode mode) {
  switch (mode) {
    case S045Mode::kConservative:
      return "conservative";
    case S045Mode::kBalanced:
      return "balanced";
    case S045Mode::kAggressive:
      return "aggressive";
  }
  return "balanced";
}

double s045_base_factor(S045Mode mode) {
  switch (mode) {
    case S045Mode::kConservative:
      return 0.1;
    case S045Mode::kBalanced:
      return 0.3;
    case S045Mode::kAggressive:
      return 0.5;
  }
  return 0.3;
}

double s045_damped_factor(S045Mode mode, int k) {
  return s045_base_factor(mode) * std::pow(0.8, k - 1);
}

std::vector<BoundOverride> s045_bounds(const LeverSpace& space) {
  std::vector<BoundOverride> out;
  for (const LeverVariable& v : space.variables()) {
    if (v.param == LeverParam::kColaRate) out.push_back({v.name, 0.01, 0.08});
    if (v.param == LeverParam::kMeritBase) out.push_back({v.name, 0.01, 0.10});
    if (v.param == LeverParam::kNewHireSalaryAdjustment) out.push_back({v.name, 1.00, 1.40});
  }
  return out;
}

engine::ResolvedLevers s045_adjust(const engine::ResolvedLevers& current, const LeverSpace& space,
                                   double gap, int k, S045Mode mode) {
  const double g =
      gap * s045_damped_factor(mode, k);  // gap in pp × f_k / 100, with gap as a fraction
  engine::ResolvedLevers next = current;
  shift(next, space, LeverParam::kColaRate, [g](int) { return g; });
  shift(next, space, LeverParam::kMeritBase, [g](int level) { return g * (1.2 - 0.1 * level); });
  shift(next, space, LeverParam::kNewHireSalaryAdjustment, [g](int) { return 0.5 * g; });
  return next;
}

TuningOutcome run_s045(Evaluator& evaluator, const S045Options& options) {
  TuningOutcome out;
  out.algorithm = "s045";
  out.variable_names = evaluator.space().names();
  const EvaluationRecord* lower = nullptr;
  const EvaluationRecord* upper = nullptr;
  out.reachability = check_reachability(evaluator, &lower, &upper);
  if (out.reachability.checked && !out.reachability.reachable) {
    out.status = TuningStatus::kUnreachable;
    out.message = out.reachability.verdict;
  }
  const double tolerance = evaluator.objectives().tolerance;
  // The loop starts from the current levers brought within its bounds and
  // guard rails (issue 10 item 7), and each step is brought back within them.
  engine::ResolvedLevers levers = evaluator.space().project_levers(evaluator.space().base());
  const EvaluationRecord* last = nullptr;
  // An unreachable target is measured once, at the current levers, and not chased.
  const int iterations = out.status == TuningStatus::kUnreachable ? 1 : options.max_iterations;
  {
    for (int k = 1; k <= iterations; ++k) {
      const EvaluationRecord* r = evaluator.evaluate_levers(levers, k);
      if (r == nullptr) {
        out.status = stopped_status(evaluator);
        out.message = evaluator.stop_reason();
        break;
      }
      last = r;
      if (k == 1) out.initial = *r;
      out.best_levers = levers;
      if (out.status == TuningStatus::kUnreachable) break;
      if (std::fabs(r->gap) <= tolerance) {
        out.status = TuningStatus::kConverged;
        out.message = "converged in " + std::to_string(k) + " iterations";
        break;
      }
      if (k == options.max_iterations) {  // no adjustment after the last iteration
        out.message = "not converged after " + std::to_string(k) + " iterations";
        break;
      }
      levers = evaluator.space().project_levers(
          s045_adjust(levers, evaluator.space(), r->gap, k, options.mode));
    }
  }
  if (last != nullptr) out.best = *last;  // S045 keeps the levers of its last simulation (§4.2)
  // Unreachable: the closest the levers come is the corner on the target's
  // side, which "accept closest" writes (issue 10 item 7).
  if (out.status == TuningStatus::kUnreachable && lower != nullptr && upper != nullptr) {
    const EvaluationRecord* corner =
        evaluator.objectives().target < out.reachability.low ? lower : upper;
    out.best = *corner;
    out.best_levers = evaluator.space().apply(corner->x);
  }
  return out;
}

}  // namespace planwise::tuning
