#include "tuning/nsga2.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "common/number_text.hpp"
#include "tuning/reachability.hpp"

namespace planwise::tuning {

namespace {

constexpr double kCrossoverProbability = 0.9;
constexpr double kCrossoverEta = 15.0;  // SBX distribution index
constexpr double kMutationEta = 20.0;   // polynomial mutation index

struct Individual {
  std::vector<double> x;
  const EvaluationRecord* record = nullptr;
  int rank = 0;
  double crowding = 0.0;
};

double f1(const EvaluationRecord& r) {
  return std::fabs(r.gap);
}
double f2(const EvaluationRecord& r) {
  return r.metrics.total_cost;
}

// Constrained domination: feasible beats infeasible, less violation beats
// more, and among feasible points the usual Pareto domination.
bool dominates(const EvaluationRecord& a, const EvaluationRecord& b) {
  if (a.feasible != b.feasible) return a.feasible;
  if (!a.feasible) return a.constraint < b.constraint;
  return f1(a) <= f1(b) && f2(a) <= f2(b) && (f1(a) < f1(b) || f2(a) < f2(b));
}

// Fast non-dominated sort, then crowding distance within each front.
void rank_and_crowd(std::vector<Individual>& pop) {
  const std::size_t n = pop.size();
  std::vector<std::vector<std::size_t>> dominated(n);
  std::vector<int> count(n, 0);
  std::vector<std::vector<std::size_t>> fronts(1);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      if (dominates(*pop[i].record, *pop[j].record))
        dominated[i].push_back(j);
      else if (dominates(*pop[j].record, *pop[i].record))
        ++count[i];
    }
    if (count[i] == 0) {
      pop[i].rank = 0;
      fronts[0].push_back(i);
    }
  }
  for (std::size_t f = 0; !fronts[f].empty(); ++f) {
    std::vector<std::size_t> next;
    for (std::size_t i : fronts[f]) {
      for (std::size_t j : dominated[i]) {
        if (--count[j] == 0) {
          pop[j].rank = static_cast<int>(f + 1);
          next.push_back(j);
        }
      }
    }
    fronts.push_back(next);
  }
  for (const std::vector<std::size_t>& front : fronts) {
    for (std::size_t i : front) pop[i].crowding = 0.0;
    if (front.size() < 3) {
      for (std::size_t i : front) pop[i].crowding = std::numeric_limits<double>::infinity();
      continue;
    }
    for (auto objective : {&f1, &f2}) {
      std::vector<std::size_t> order = front;
      std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return (*objective)(*pop[a].record) < (*objective)(*pop[b].record);
      });
      const double span =
          (*objective)(*pop[order.back()].record) - (*objective)(*pop[order.front()].record);
      pop[order.front()].crowding = pop[order.back()].crowding =
          std::numeric_limits<double>::infinity();
      if (span <= 0.0) continue;
      for (std::size_t k = 1; k + 1 < order.size(); ++k) {
        pop[order[k]].crowding +=
            ((*objective)(*pop[order[k + 1]].record) - (*objective)(*pop[order[k - 1]].record)) /
            span;
      }
    }
  }
}

bool crowded_better(const Individual& a, const Individual& b) {
  return a.rank < b.rank || (a.rank == b.rank && a.crowding > b.crowding);
}

}  // namespace

std::vector<ParetoPoint> pareto_front(const std::deque<EvaluationRecord>& records) {
  std::vector<ParetoPoint> front;
  for (const EvaluationRecord& r : records) {
    if (!r.feasible) continue;
    bool dominated = false;
    for (const EvaluationRecord& s : records) {
      if (&s != &r && s.feasible && dominates(s, r)) {
        dominated = true;
        break;
      }
    }
    // Identical objective values: keep the first evaluated.
    const bool duplicate = std::any_of(front.begin(), front.end(), [&](const ParetoPoint& p) {
      return p.gap == r.gap && p.total_cost == r.metrics.total_cost;
    });
    if (!dominated && !duplicate) front.push_back({r.index, r.x, r.gap, r.metrics.total_cost});
  }
  std::sort(front.begin(), front.end(),
            [](const ParetoPoint& a, const ParetoPoint& b) { return a.total_cost < b.total_cost; });
  return front;
}

TuningOutcome run_nsga2(Evaluator& evaluator, const Nsga2Options& options) {
  TuningOutcome out;
  out.algorithm = "nsga2";
  const LeverSpace& space = evaluator.space();
  out.variable_names = space.names();
  if (!precheck(evaluator, out, true)) return out;
  const std::size_t n = space.size();
  const std::vector<double> lo = space.lower(), hi = space.upper();
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const std::size_t size = static_cast<std::size_t>(std::max(4, options.population / 2 * 2));

  // Generation 1: the current levers, a quarter of the population spread
  // along the box's diagonal (growth and cost both rise along it, so it
  // crosses every reachable growth), and random points in the box.
  std::vector<std::vector<double>> xs = {space.start()};
  const std::size_t diagonal = std::max<std::size_t>(2, size / 4);
  for (std::size_t k = 0; k < diagonal && xs.size() < size; ++k) {
    const double f = static_cast<double>(k) / static_cast<double>(diagonal - 1);
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = lo[i] + f * (hi[i] - lo[i]);
    xs.push_back(x);
  }
  while (xs.size() < size) {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = lo[i] + unit(rng) * (hi[i] - lo[i]);
    xs.push_back(x);
  }
  std::vector<Individual> pop;
  int generation = 1;
  {
    const auto records = evaluator.evaluate_batch(xs, generation);
    for (std::size_t k = 0; k < xs.size(); ++k) {
      if (records[k] != nullptr) pop.push_back({records[k]->x, records[k]});
    }
  }
  while (!evaluator.exhausted() && pop.size() >= 2) {
    ++generation;
    rank_and_crowd(pop);
    auto tournament = [&]() -> const Individual& {
      const Individual& a = pop[rng() % pop.size()];
      const Individual& b = pop[rng() % pop.size()];
      return crowded_better(a, b) ? a : b;
    };
    std::vector<std::vector<double>> children;
    while (children.size() < size) {
      std::vector<double> c1 = tournament().x, c2 = tournament().x;
      if (unit(rng) < kCrossoverProbability) {  // simulated binary crossover
        for (std::size_t i = 0; i < n; ++i) {
          if (unit(rng) > 0.5 || std::fabs(c1[i] - c2[i]) < 1e-14) continue;
          const double u = unit(rng);
          const double beta = u <= 0.5
                                  ? std::pow(2.0 * u, 1.0 / (kCrossoverEta + 1.0))
                                  : std::pow(1.0 / (2.0 * (1.0 - u)), 1.0 / (kCrossoverEta + 1.0));
          const double a = c1[i], b = c2[i];
          c1[i] = 0.5 * ((1.0 + beta) * a + (1.0 - beta) * b);
          c2[i] = 0.5 * ((1.0 - beta) * a + (1.0 + beta) * b);
        }
      }
      for (std::vector<double>* c : {&c1, &c2}) {  // polynomial mutation
        for (std::size_t i = 0; i < n; ++i) {
          if (unit(rng) >= 1.0 / static_cast<double>(n)) continue;
          const double u = unit(rng);
          const double delta = u < 0.5
                                   ? std::pow(2.0 * u, 1.0 / (kMutationEta + 1.0)) - 1.0
                                   : 1.0 - std::pow(2.0 * (1.0 - u), 1.0 / (kMutationEta + 1.0));
          (*c)[i] = std::clamp((*c)[i] + delta * (hi[i] - lo[i]), lo[i], hi[i]);
        }
        children.push_back(*c);
      }
    }
    const auto records = evaluator.evaluate_batch(children, generation);
    for (std::size_t k = 0; k < children.size(); ++k) {
      if (records[k] != nullptr) pop.push_back({records[k]->x, records[k]});
    }
    rank_and_crowd(pop);
    std::sort(pop.begin(), pop.end(), crowded_better);
    if (pop.size() > size) pop.resize(size);
  }
  out.pareto = pareto_front(evaluator.history());
  const EvaluationRecord* best = nullptr;  // the front's point closest to the target
  for (const ParetoPoint& p : out.pareto) {
    const EvaluationRecord& r = evaluator.history()[static_cast<std::size_t>(p.evaluation - 1)];
    if (best == nullptr || std::fabs(r.gap) < std::fabs(best->gap)) best = &r;
  }
  if (best == nullptr) best = evaluator.best();
  out.best = *best;
  out.best_levers = space.apply(best->x);
  const double tol = evaluator.objectives().tolerance;
  if (evaluator.engine_error()) {
    out.status = TuningStatus::kError;
  } else if (std::fabs(best->gap) <= tol && best->feasible) {
    out.status = TuningStatus::kConverged;
  } else if (evaluator.cancelled()) {
    out.status = TuningStatus::kInterrupted;
  } else {
    out.status = TuningStatus::kNotConverged;
  }
  out.message = "nsga2: " + std::to_string(generation) + " generations, " +
                std::to_string(evaluator.evaluations()) + " evaluations, " +
                std::to_string(out.pareto.size()) + " points on the Pareto front";
  return out;
}

}  // namespace planwise::tuning
