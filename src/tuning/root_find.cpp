#include "tuning/root_find.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/number_text.hpp"
#include "tuning/reachability.hpp"

namespace planwise::tuning {

namespace {

using engine::LeverParam;

struct Point {
  double t;
  double f;  // growth − target
  const EvaluationRecord* record;
};

double weight_for(const LeverVariable& v, double cola, double merit, double new_hire, double promo,
                  double raise) {
  switch (v.param) {
    case LeverParam::kColaRate:
      return cola;
    case LeverParam::kMeritBase:
      return merit * (1.2 - 0.1 * v.levels.front());
    case LeverParam::kNewHireSalaryAdjustment:
      return new_hire;
    case LeverParam::kPromotionProbability:
      return promo;
    case LeverParam::kPromotionRaise:
      return raise;
  }
  return 0.0;
}

}  // namespace

Result<std::vector<double>> lever_mix_direction(const LeverSpace& space, const std::string& mix) {
  double cola = 0, merit = 0, new_hire = 0, promo = 0, raise = 0;
  if (mix == "cola") {
    cola = 1;
  } else if (mix == "merit") {
    merit = 1;
  } else if (mix == "new_hire") {
    new_hire = 1;
  } else if (mix == "s045") {
    cola = 1;
    merit = 1;
    new_hire = 0.5;
  } else {
    std::size_t pos = 0;
    while (pos < mix.size()) {
      const std::size_t end = std::min(mix.find(',', pos), mix.size());
      const std::string part = mix.substr(pos, end - pos);
      const std::size_t eq = part.find('=');
      const auto w = eq == std::string::npos ? std::nullopt : parse_double(part.substr(eq + 1));
      const std::string name = part.substr(0, eq);
      double* slot = name == "cola"                    ? &cola
                     : name == "merit"                 ? &merit
                     : name == "new_hire"              ? &new_hire
                     : name == "promotion_probability" ? &promo
                     : name == "promotion_raise"       ? &raise
                                                       : nullptr;
      if (slot == nullptr || !w) {
        return Error::invalid_input("command line", 0, "--mix", "lever_mix", part,
                                    "expected cola, merit, new_hire or s045, or NAME=WEIGHT pairs");
      }
      *slot = *w;
      pos = end + 1;
    }
  }
  std::vector<double> d;
  bool any = false;
  for (const LeverVariable& v : space.variables()) {
    d.push_back(weight_for(v, cola, merit, new_hire, promo, raise));
    any = any || d.back() != 0.0;
  }
  if (!any) {
    return Error::invalid_input(
        "command line", 0, "--mix", "lever_mix", mix,
        "the mix moves none of the tuned levers (check --levers and locks)");
  }
  return d;
}

TuningOutcome run_root_find(Evaluator& evaluator, const RootFindOptions& options) {
  TuningOutcome out;
  out.algorithm = options.method == RootMethod::kSecant ? "secant" : "brent";
  const LeverSpace& space = evaluator.space();
  out.variable_names = space.names();
  auto direction = lever_mix_direction(space, options.mix);
  if (!direction) {
    out.status = TuningStatus::kError;
    out.message = direction.error().to_string();
    return out;
  }
  const std::vector<double>& d = *direction;
  const std::vector<double> start = space.start(), lo = space.lower(), hi = space.upper();
  // t where every moving variable sits at its lower / upper bound.
  double t_lo = std::numeric_limits<double>::max(), t_hi = std::numeric_limits<double>::lowest();
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d[i] == 0.0) continue;
    const double a = (lo[i] - start[i]) / d[i], b = (hi[i] - start[i]) / d[i];
    t_lo = std::min(t_lo, std::min(a, b));
    t_hi = std::max(t_hi, std::max(a, b));
  }
  auto x_at = [&](double t) {
    std::vector<double> x = start;
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = start[i] + t * d[i];
    return space.project(x);
  };
  const double target = evaluator.objectives().target;
  const double tol = evaluator.objectives().tolerance;
  auto evaluate = [&](double t, int iteration) -> std::optional<Point> {
    const EvaluationRecord* r = evaluator.evaluate(x_at(t), iteration);
    if (r == nullptr) return std::nullopt;
    return Point{t, r->metrics.growth - target, r};
  };

  // Reachability along the mix: its two ends, and the current levers.
  Reachability& reach = out.reachability;
  // In parallel; read back from the cache.
  evaluator.evaluate_batch({x_at(t_lo), x_at(t_hi), x_at(0.0)}, 0);
  std::optional<Point> a = evaluate(t_lo, 0), b = evaluate(t_hi, 0), s = evaluate(0.0, 0);
  if (!a || !b || !s) {
    out.status = stopped_status(evaluator);
    out.message = evaluator.stop_reason();
    return out;
  }
  {
    std::vector<const LeverVariable*> moving;
    std::vector<std::string> others = absent_groups(space);
    for (std::size_t i = 0; i < d.size(); ++i) {
      const LeverVariable& v = space.variables()[i];
      if (d[i] != 0.0) {
        moving.push_back(&v);
      } else {
        const std::string group = lever_group_name(v.group);
        if (std::find(others.begin(), others.end(), group) == others.end()) others.push_back(group);
      }
    }
    reach = reachability_verdict(a->record->metrics.growth, b->record->metrics.growth, target, tol,
                                 moving, others);
    verify_suggestions(evaluator, reach);
    if (reach.reachable) reach.verdict += " along the mix " + options.mix;
  }
  out.initial = *s->record;
  out.best = *s->record;
  auto keep_best = [&](const Point& p) {
    if (std::fabs(p.f) < std::fabs(out.best->metrics.growth - target)) out.best = *p.record;
  };
  keep_best(*a);
  keep_best(*b);
  if (!reach.reachable) {
    out.status = TuningStatus::kUnreachable;
    out.message = reach.verdict;
    out.best_levers = space.apply(out.best->x);
    return out;
  }
  // The bracket: growth increases with t, so the current levers and the
  // end on the target's side enclose the root.
  Point neg = s->f > 0 ? *a : *s, pos = s->f > 0 ? *s : *b;
  // Interpolation uses local points only. Far from the start the levers
  // reach their bounds one after another, so growth bends along the mix and
  // a line through the mix's ends lands far from the root. The first step
  // is that line's estimate, but no further than half way to where the
  // first lever reaches a bound: up to there growth is close to linear in t
  // (common random numbers), so the start and this point give an accurate
  // secant.
  const double toward = s->f > 0 ? -1.0 : 1.0;
  const double t_end = toward < 0 ? t_lo : t_hi;
  double t_first_bound = t_end;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d[i] == 0.0) continue;
    const double ti = ((d[i] * toward > 0 ? hi[i] : lo[i]) - start[i]) / d[i];
    if (std::fabs(ti) > 1e-12 && std::fabs(ti) < std::fabs(t_first_bound)) t_first_bound = ti;
  }
  const Point& near_end = toward < 0 ? *a : *b;
  const double t_line = -s->f * (near_end.t - s->t) / (near_end.f - s->f);
  const double probe = std::max(0.5 * std::fabs(t_first_bound), 0.02 * std::fabs(t_end));
  const double first_step = toward * std::min(std::fabs(t_line), probe);
  std::vector<Point> recent = {*s};
  if (std::fabs(s->f) <= tol) out.status = TuningStatus::kConverged;
  int iteration = 0;
  while (out.status != TuningStatus::kConverged && iteration < options.max_iterations) {
    ++iteration;
    double t;
    if (recent.size() == 1) {
      t = first_step;
    } else {
      const Point& q2 = recent[recent.size() - 1];
      const Point& q1 = recent[recent.size() - 2];
      const bool three = recent.size() >= 3;
      const Point& q0 = three ? recent[recent.size() - 3] : q1;
      const bool distinct = three && q0.f != q1.f && q0.f != q2.f && q1.f != q2.f;
      if (options.method == RootMethod::kBrent && distinct) {
        // Inverse quadratic interpolation through the last three points.
        t = q0.t * q1.f * q2.f / ((q0.f - q1.f) * (q0.f - q2.f)) +
            q1.t * q0.f * q2.f / ((q1.f - q0.f) * (q1.f - q2.f)) +
            q2.t * q0.f * q1.f / ((q2.f - q0.f) * (q2.f - q1.f));
      } else if (q2.f != q1.f) {
        t = q2.t - q2.f * (q2.t - q1.t) / (q2.f - q1.f);  // secant through the last two points
      } else {
        t = 0.5 * (neg.t + pos.t);
      }
    }
    // A step outside the bracket bisects it instead.
    if (!(t > std::min(neg.t, pos.t) && t < std::max(neg.t, pos.t))) t = 0.5 * (neg.t + pos.t);
    std::optional<Point> p = evaluate(t, iteration);
    if (!p) {
      out.status = stopped_status(evaluator);
      out.message = evaluator.stop_reason();
      break;
    }
    keep_best(*p);
    if (std::fabs(p->f) <= tol) {
      out.status = TuningStatus::kConverged;
      break;
    }
    (p->f < 0 ? neg : pos) = *p;
    recent.push_back(*p);
  }
  if (out.status == TuningStatus::kConverged) {
    out.message = "converged in " + std::to_string(evaluator.evaluations()) + " evaluations";
  } else if (out.message.empty()) {
    out.message = "not converged after " + std::to_string(iteration) + " iterations";
  }
  out.best_levers = space.apply(out.best->x);
  return out;
}

}  // namespace planwise::tuning
