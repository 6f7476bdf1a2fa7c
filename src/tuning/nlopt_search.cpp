// The only NLopt translation unit. NLopt's C++ wrapper catches exceptions
// thrown by callbacks at its C boundary; ours never throw and stop a run
// with force_stop() instead.
//
// BOBYQA and COBYLA minimise the weighted objective of the evaluator:
// ((target − growth) / tolerance)² plus the weighted cost and equity terms;
// COBYLA adds the cost cap (on each year's total payroll) as a constraint (BOBYQA takes bounds
// only). SLSQP makes the target a constraint: |growth − target| ≤ tolerance (two inequalities),
// with the cost cap as a third (COBYLA and SLSQP add a robust search's chance constraints), and
// minimises the weighted cost and equity terms; with both weights zero it minimises total cost
// under a cap, else the distance from the current levers, stopping at the first point on target
// (close to the smallest change that hits it). (COBYLA's linear models crawl towards such a band;
// measured, it needed over 200 evaluations where the penalty form needs 50.) Growth is a smooth
// function of the levers under common random numbers except for small steps where a discrete event
// (a promotion, a hire) flips, so SLSQP's finite-difference gradients use a step of 1% of each
// lever's range.
#include "tuning/nlopt_search.hpp"

#include <nlopt.hpp>

#include <cmath>
#include <limits>

#include "common/number_text.hpp"
#include "tuning/reachability.hpp"

namespace planwise::tuning {

namespace {

constexpr double kGradientStep = 1e-2;  // in the [0, 1] scaled variables
// Growth constraints in points of growth, the scale of the objective terms.
constexpr double kConstraintScale = 100.0;

struct Problem {
  Evaluator& evaluator;
  nlopt::opt* opt = nullptr;
  std::vector<double> lo;
  std::vector<double> hi;
  std::vector<double> u0;       // the current levers, scaled
  bool proximity = false;       // minimise the distance from u0
  bool cost_objective = false;  // minimise total cost / cap
  bool stop_on_target = false;
  int iteration = 0;
  bool target_hit = false;

  std::vector<double> unscale(const std::vector<double>& u) const {
    std::vector<double> x(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) x[i] = lo[i] + u[i] * (hi[i] - lo[i]);
    return x;
  }
  std::vector<double> scale(const std::vector<double>& x) const {
    std::vector<double> u(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      u[i] = hi[i] > lo[i] ? (x[i] - lo[i]) / (hi[i] - lo[i]) : 0.0;
    return u;
  }
  // The record at u and, when asked, its forward-difference neighbours
  // (evaluated together, on both cores). `count` is false for the
  // constraints' calls at the point the objective has just evaluated.
  const EvaluationRecord* at(const double* u_in, unsigned n,
                             std::vector<const EvaluationRecord*>* neighbours,
                             std::vector<double>* steps, bool count) {
    const std::vector<double> u(u_in, u_in + n);
    if (count) ++iteration;
    const EvaluationRecord* r = evaluator.evaluate(unscale(u), iteration);
    if (r == nullptr) {
      opt->force_stop();
      return nullptr;
    }
    const Objectives& obj = evaluator.objectives();
    if (stop_on_target && r->feasible && std::fabs(r->gap) <= obj.tolerance) {
      target_hit = true;
      opt->force_stop();
    }
    if (neighbours != nullptr) {
      std::vector<std::vector<double>> xs;
      steps->assign(n, kGradientStep);
      for (unsigned i = 0; i < n; ++i) {
        std::vector<double> v = u;
        if (v[i] + kGradientStep > 1.0)
          (*steps)[i] = -kGradientStep;  // step inwards at the upper bound
        v[i] += (*steps)[i];
        xs.push_back(unscale(v));
      }
      *neighbours = evaluator.evaluate_batch(xs, iteration);
      for (const EvaluationRecord* nb : *neighbours) {
        if (nb == nullptr) {
          opt->force_stop();
          return nullptr;
        }
      }
    }
    return r;
  }
  // The objective minimised under constraints: cost and equity, or proximity.
  double constrained_value(const EvaluationRecord& r, const double* u, unsigned n) const {
    if (cost_objective)
      return r.metrics.total_cost / *evaluator.objectives().cost_cap;  // all years
    if (!proximity) return r.objective - evaluator.objectives().weight_growth * growth_term(r);
    double d = 0.0;
    for (unsigned i = 0; i < n; ++i) d += (u[i] - u0[i]) * (u[i] - u0[i]);
    return d;
  }
  double growth_term(const EvaluationRecord& r) const {
    const double scaled = r.gap / evaluator.objectives().tolerance;
    return scaled * scaled;
  }
};

double penalty_objective(unsigned n, const double* u, double* grad, void* data) {
  Problem& p = *static_cast<Problem*>(data);
  std::vector<const EvaluationRecord*> nb;
  std::vector<double> steps;
  const EvaluationRecord* r = p.at(u, n, grad ? &nb : nullptr, &steps, true);
  if (r == nullptr) return std::numeric_limits<double>::max();
  if (grad) {
    for (unsigned i = 0; i < n; ++i) grad[i] = (nb[i]->objective - r->objective) / steps[i];
  }
  return r->objective;
}

double constrained_objective(unsigned n, const double* u, double* grad, void* data) {
  Problem& p = *static_cast<Problem*>(data);
  std::vector<const EvaluationRecord*> nb;
  std::vector<double> steps;
  const EvaluationRecord* r = p.at(u, n, grad ? &nb : nullptr, &steps, true);
  if (r == nullptr) return std::numeric_limits<double>::max();
  const double value = p.constrained_value(*r, u, n);
  if (grad) {
    for (unsigned i = 0; i < n; ++i) {
      if (p.proximity) {
        grad[i] = 2.0 * (u[i] - p.u0[i]);
      } else {
        grad[i] = (p.constrained_value(*nb[i], u, n) - value) / steps[i];
      }
    }
  }
  return value;
}

// A constraint c(u) <= 0 computed from a record; the point is cached from
// the objective's call, the neighbours from its gradient.
template <typename F>
double constraint(unsigned n, const double* u, double* grad, Problem& p, F c) {
  std::vector<const EvaluationRecord*> nb;
  std::vector<double> steps;
  const EvaluationRecord* r = p.at(u, n, grad ? &nb : nullptr, &steps, false);
  if (r == nullptr) return 0.0;
  const double value = c(*r);
  if (grad) {
    for (unsigned i = 0; i < n; ++i) grad[i] = (c(*nb[i]) - value) / steps[i];
  }
  return value;
}

double growth_above(unsigned n, const double* u, double* grad,
                    void* data) {  // growth − target − tol <= 0
  Problem& p = *static_cast<Problem*>(data);
  const double tol = p.evaluator.objectives().tolerance;
  return constraint(n, u, grad, p,
                    [tol](const EvaluationRecord& r) { return (-r.gap - tol) * kConstraintScale; });
}

double growth_below(unsigned n, const double* u, double* grad,
                    void* data) {  // target − growth − tol <= 0
  Problem& p = *static_cast<Problem*>(data);
  const double tol = p.evaluator.objectives().tolerance;
  return constraint(n, u, grad, p,
                    [tol](const EvaluationRecord& r) { return (r.gap - tol) * kConstraintScale; });
}

// The dearest year's cost / cap − 1 <= 0 (the cap applies to every year).
double cost_cap(unsigned n, const double* u, double* grad, void* data) {
  Problem& p = *static_cast<Problem*>(data);
  const double cap = *p.evaluator.objectives().cost_cap;
  return constraint(n, u, grad, p, [cap](const EvaluationRecord& r) {
    return max_year_cost(r.metrics) / cap - 1.0;
  });
}

// The chance constraints of a robust search (issue 12 item 5): each
// empirical quantile against its limit, <= 0.
double chance(unsigned n, const double* u, double* grad, void* data) {
  Problem& p = *static_cast<Problem*>(data);
  return constraint(n, u, grad, p, [](const EvaluationRecord& r) { return r.chance; });
}

nlopt::algorithm algorithm_of(const std::string& name) {
  if (name == "cobyla") return nlopt::LN_COBYLA;
  if (name == "slsqp") return nlopt::LD_SLSQP;
  return nlopt::LN_BOBYQA;
}

// The best record: within tolerance and under the cap with the lowest
// objective; else the feasible one closest to the target; else the least
// over the cap.
const EvaluationRecord* best_record(const Evaluator& evaluator, const Problem& p,
                                    bool constrained) {
  if (!constrained) return evaluator.best();
  const double tol = evaluator.objectives().tolerance;
  const EvaluationRecord* best = nullptr;
  double best_value = 0.0;
  auto rank = [&](const EvaluationRecord& r) {
    if (r.feasible && std::fabs(r.gap) <= tol) return 0;
    return r.feasible ? 1 : 2;
  };
  for (const EvaluationRecord& r : evaluator.history()) {
    const std::vector<double> u = p.scale(r.x);
    const double value = rank(r) == 0
                             ? p.constrained_value(r, u.data(), static_cast<unsigned>(u.size()))
                         : rank(r) == 1 ? std::fabs(r.gap)
                                        : r.constraint;
    if (best == nullptr || rank(r) < rank(*best) ||
        (rank(r) == rank(*best) && value < best_value)) {
      best = &r;
      best_value = value;
    }
  }
  return best;
}

}  // namespace

TuningOutcome run_nlopt(Evaluator& evaluator, const NloptOptions& options) {
  TuningOutcome out;
  out.algorithm = options.algorithm;
  const LeverSpace& space = evaluator.space();
  out.variable_names = space.names();
  const Objectives& obj = evaluator.objectives();
  if (obj.cost_cap && options.algorithm == "bobyqa") {
    out.status = TuningStatus::kError;
    out.message = "bobyqa takes bounds only; use cobyla or slsqp with a cost cap";
    return out;
  }
  const bool growth_only = obj.weight_cost == 0.0 && obj.weight_equity == 0.0;
  // With cost or equity weights an unreachable target still leaves a
  // trade-off worth searching.
  if (!precheck(evaluator, out, growth_only)) return out;

  const std::size_t n = space.size();
  const bool constrained = options.algorithm == "slsqp" && out.reachability.reachable;
  nlopt::opt opt(algorithm_of(options.algorithm), static_cast<unsigned>(n));
  Problem problem{evaluator, &opt, space.lower(), space.upper(), {}};
  problem.u0 = problem.scale(space.start());
  // Under a cost cap SLSQP looks for the cheapest levers on target, so that
  // an over-cap answer means the cap binds, not that the search looked
  // elsewhere.
  problem.proximity = constrained && growth_only && !obj.cost_cap;
  problem.cost_objective = constrained && growth_only && obj.cost_cap.has_value();
  // With growth the only aim, the first point on target is the answer (for
  // SLSQP's distance objective, its iterates approach the target band from
  // the current levers, so that point is close to the smallest change).
  // Under a cost cap SLSQP keeps going to the cheapest point on target.
  problem.stop_on_target = growth_only && !problem.cost_objective;
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  if (constrained) {
    opt.set_min_objective(constrained_objective, &problem);
    opt.add_inequality_constraint(growth_above, &problem, 1e-9);
    opt.add_inequality_constraint(growth_below, &problem, 1e-9);
  } else {
    opt.set_min_objective(penalty_objective, &problem);
  }
  if (obj.cost_cap) opt.add_inequality_constraint(cost_cap, &problem, 1e-9);
  // BOBYQA takes bounds only: its best point is the best feasible one found.
  if (evaluator.robustness().chance_constrained() && options.algorithm != "bobyqa")
    opt.add_inequality_constraint(chance, &problem, 1e-9);
  opt.set_xtol_rel(1e-6);
  opt.set_initial_step(0.05);
  std::vector<double> u = problem.u0;
  double value = 0.0;
  try {
    switch (opt.optimize(u, value)) {
      case nlopt::XTOL_REACHED:
        out.message = options.algorithm + ": converged (lever steps below 1e-6 of range)";
        break;
      case nlopt::FTOL_REACHED:
        out.message = options.algorithm + ": converged (objective no longer improving)";
        break;
      default:
        out.message = options.algorithm + " finished";
        break;
    }
  } catch (const nlopt::roundoff_limited&) {
    out.message = options.algorithm + " stopped: round-off limited (the best point so far is kept)";
  } catch (const nlopt::forced_stop&) {
    out.message = problem.target_hit ? options.algorithm + ": target reached"
                                     : options.algorithm + " stopped: " + evaluator.stop_reason();
  } catch (const std::exception& e) {
    out.message = options.algorithm + " stopped: " + e.what();
  }
  const EvaluationRecord* best = best_record(evaluator, problem, constrained);
  out.best = *best;
  out.best_levers = space.apply(best->x);
  out.message += " after " + std::to_string(evaluator.evaluations()) + " evaluations";
  if (evaluator.engine_error()) {
    out.status = TuningStatus::kError;
  } else if (std::fabs(best->gap) <= obj.tolerance && best->feasible) {
    out.status = TuningStatus::kConverged;
  } else if (evaluator.cancelled()) {
    out.status = TuningStatus::kInterrupted;
  } else if (!out.reachability.reachable) {
    out.status = TuningStatus::kUnreachable;
    out.message += "; " + out.reachability.verdict;
  } else {
    out.status = TuningStatus::kNotConverged;
    // Points on target were found, but none under the cap: the cap binds.
    const EvaluationRecord* cheapest_on_target = nullptr;
    for (const EvaluationRecord& r : evaluator.history()) {
      if (obj.cost_cap && std::fabs(r.gap) <= obj.tolerance &&
          (cheapest_on_target == nullptr ||
           max_year_cost(r.metrics) < max_year_cost(cheapest_on_target->metrics))) {
        cheapest_on_target = &r;
      }
    }
    if (cheapest_on_target != nullptr) {
      out.status = TuningStatus::kInfeasible;
      out.message = "infeasible: the cheapest levers found on target cost " +
                    dollars_text(max_year_cost(cheapest_on_target->metrics)) +
                    " in their dearest year (evaluation " +
                    std::to_string(cheapest_on_target->index) + "), above the cost cap " +
                    dollars_text(*obj.cost_cap) +
                    "; the best point under the cap misses the target by " +
                    shortest_text(std::round(best->gap * 100000.0) / 1000.0) +
                    " points (binding constraint: the cost cap)";
    }
  }
  return out;
}

}  // namespace planwise::tuning
