#include "tuning/reachability.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "common/number_text.hpp"

namespace planwise::tuning {

namespace {

std::string percent(double v) {
  return shortest_text(std::round(v * 100000.0) / 1000.0) + "%";
}

}  // namespace

std::vector<std::string> absent_groups(const LeverSpace& space) {
  std::set<std::string> present;
  for (const LeverVariable& v : space.variables()) present.insert(lever_group_name(v.group));
  std::vector<std::string> out;
  for (const char* g : {"promotion_probability", "promotion_raise", "merit", "cola", "new_hire"}) {
    if (!present.count(g)) out.emplace_back(g);
  }
  return out;
}

Reachability reachability_verdict(double low, double high, double target, double tol,
                                  const std::vector<const LeverVariable*>& moving,
                                  const std::vector<std::string>& others) {
  Reachability r;
  r.checked = true;
  r.low = low;
  r.high = high;
  const bool below = target < r.low - tol;
  const bool above = target > r.high + tol;
  r.reachable = !below && !above;
  if (r.reachable) {
    r.verdict = "reachable: the levers reach " + percent(r.low) + " to " + percent(r.high) +
                " at their bounds";
    r.closest = std::clamp(target, r.low, r.high);
    return r;
  }
  r.closest = below ? r.low : r.high;
  for (const LeverVariable* v : moving) {
    r.binding.push_back(v->name + " at its " + (below ? "lower" : "upper") + " bound " +
                        shortest_text(below ? v->lower : v->upper));
  }
  r.suggestions = others;
  r.verdict = "unreachable: the target " + percent(target) + " is " + (below ? "below" : "above") +
              " what these levers can reach within their bounds and locks (" + percent(r.low) +
              " to " + percent(r.high) + "); the closest reachable value is " + percent(r.closest) +
              ", with " +
              (below ? "every lever at its lower bound" : "every lever at its upper bound");
  if (!r.suggestions.empty()) {
    std::string list;
    for (const std::string& s : r.suggestions) list += (list.empty() ? "" : ", ") + s;
    r.verdict += ". Levers outside this set that could reach it: " + list +
                 " (the multi-lever algorithms bobyqa, cobyla, slsqp and nsga2 can move them)";
  }
  return r;
}

void verify_suggestions(const Evaluator& evaluator, Reachability& r) {
  if (r.reachable || r.suggestions.empty()) return;
  const LeverSpace& space = evaluator.space();
  const double target = evaluator.objectives().target;
  const bool below = target < r.low;
  // Every lever the space moves and every suggested one, at its hard bound
  // on the target's side (locks held): can the wider set get there?
  std::vector<LeverGroup> groups;
  auto add = [&](LeverGroup g) {
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  };
  for (const LeverVariable& v : space.variables()) add(v.group);
  for (const std::string& s : r.suggestions) {
    if (auto g = parse_lever_group(s)) add(*g);
  }
  auto wide = LeverSpace::build(space.base(), space.locked(), groups, {});
  if (!wide || !space.limit(*wide).ok()) return;  // within the same guard rails
  auto m = evaluator.run(wide->apply(below ? wide->lower() : wide->upper()));
  if (!m) return;
  const std::string list = [&] {
    std::string out;
    for (const std::string& s : r.suggestions) out += (out.empty() ? "" : ", ") + s;
    return out;
  }();
  const std::size_t cut = r.verdict.find(". Levers outside this set");
  if (cut != std::string::npos) r.verdict.resize(cut);
  const bool reaches = below ? m->growth <= target + evaluator.objectives().tolerance
                             : m->growth >= target - evaluator.objectives().tolerance;
  if (reaches) {
    r.verdict += ". Moving " + list + " as well can reach it: with them at their " +
                 (below ? "lower" : "upper") + " bounds too, growth is " + percent(m->growth) +
                 " (the multi-lever algorithms bobyqa, cobyla, slsqp and nsga2 can move them)";
  } else {
    r.verdict += ". Even with " + list + " at their " + (below ? "lower" : "upper") +
                 " bounds too, growth is " + percent(m->growth) +
                 ": no lever setting reaches this target" +
                 (space.limited() ? " within the guard rails" : "");
    r.suggestions.clear();
  }
}

Reachability check_reachability(Evaluator& evaluator, const EvaluationRecord** lower_corner,
                                const EvaluationRecord** upper_corner) {
  const LeverSpace& space = evaluator.space();
  // The two corners run side by side, one per core.
  const auto corners = evaluator.evaluate_batch({space.lower(), space.upper()}, 0);
  const EvaluationRecord* lo = corners[0];
  const EvaluationRecord* hi = corners[1];
  if (lower_corner) *lower_corner = lo;
  if (upper_corner) *upper_corner = hi;
  if (lo == nullptr || hi == nullptr) return {};
  std::vector<const LeverVariable*> moving;
  for (const LeverVariable& v : space.variables()) moving.push_back(&v);
  Reachability r =
      reachability_verdict(lo->metrics.growth, hi->metrics.growth, evaluator.objectives().target,
                           evaluator.objectives().tolerance, moving, absent_groups(space));
  verify_suggestions(evaluator, r);
  return r;
}

bool precheck(Evaluator& evaluator, TuningOutcome& out, bool stop_if_unreachable) {
  const LeverSpace& space = evaluator.space();
  const EvaluationRecord* lower = nullptr;
  const EvaluationRecord* upper = nullptr;
  // The corners and the current levers in one parallel batch; the checks
  // below then read them from the cache.
  evaluator.evaluate_batch({space.lower(), space.upper(), space.start()}, 0);
  out.reachability = check_reachability(evaluator, &lower, &upper);
  const EvaluationRecord* start = evaluator.evaluate(space.start(), 0);
  if (lower == nullptr || upper == nullptr || start == nullptr) {
    out.status = stopped_status(evaluator);
    out.message = evaluator.stop_reason();
    return false;
  }
  out.initial = *start;
  const Objectives& obj = evaluator.objectives();
  if (obj.cost_cap && max_year_cost(lower->metrics) > *obj.cost_cap) {
    out.status = TuningStatus::kInfeasible;
    out.message = "infeasible: the cost cap " + dollars_text(*obj.cost_cap) +
                  " a year is below the dearest year's total payroll at the cheapest levers, " +
                  dollars_text(max_year_cost(lower->metrics)) +
                  ", with every lever at its lower bound (binding constraint: the cost cap)";
    out.best = *lower;
  } else if (!out.reachability.reachable && stop_if_unreachable) {
    out.status = TuningStatus::kUnreachable;
    out.message = out.reachability.verdict;
    out.best = *(obj.target < out.reachability.low ? lower : upper);
  } else {
    return true;
  }
  out.best_levers = space.apply(out.best->x);
  return false;
}

}  // namespace planwise::tuning
