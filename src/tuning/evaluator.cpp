#include "tuning/evaluator.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "common/elapsed.hpp"
#include "engine/simulate.hpp"

namespace planwise::tuning {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

Result<GrowthMetric> parse_growth_metric(const std::string& name) {
  if (name == "mean" || name == "mean_growth") return GrowthMetric::kMeanGrowth;
  if (name == "final" || name == "final_growth") return GrowthMetric::kFinalGrowth;
  if (name == "compound" || name == "compound_growth") return GrowthMetric::kCompoundGrowth;
  return Error::invalid_input("command line", 0, "--metric", "metric_name", name,
                              "expected mean, final or compound");
}

std::string growth_metric_name(GrowthMetric metric) {
  switch (metric) {
    case GrowthMetric::kMeanGrowth:
      return "mean";
    case GrowthMetric::kFinalGrowth:
      return "final";
    case GrowthMetric::kCompoundGrowth:
      return "compound";
  }
  return "mean";
}

double max_year_cost(const Metrics& m) {
  return m.cost_by_year.empty() ? 0.0
                                : *std::max_element(m.cost_by_year.begin(), m.cost_by_year.end());
}

Evaluator::Evaluator(EngineInputs inputs, const LeverSpace& space, GrowthMetric metric,
                     Objectives objectives, Budget budget, TuningCallbacks callbacks)
    : inputs_(inputs),
      space_(space),
      metric_(metric),
      objectives_(objectives),
      budget_(budget),
      callbacks_(std::move(callbacks)),
      started_(Clock::now()) {}

void Evaluator::set_scales(double cost, double equity) {
  cost_scale_ = cost > 0.0 ? cost : 1.0;
  equity_scale_ = equity > 0.0 ? equity : 1.0;
}

double Evaluator::elapsed_seconds() const {
  return std::chrono::duration<double>(Clock::now() - started_).count();
}

Result<Metrics> Evaluator::run(const engine::ResolvedLevers& levers,
                               std::optional<std::uint64_t> seed) const {
  engine::EngineConfig config = inputs_.config;
  if (seed) config.random_seed = *seed;
  engine::SimulationOptions aggregates_only;
  aggregates_only.build_events = false;
  auto result =
      engine::simulate({config, inputs_.seeds, levers, inputs_.census}, aggregates_only, nullptr);
  if (!result) return std::move(result).error();
  Metrics m;
  double equity_sum = 0.0;
  int equity_years = 0;
  for (const engine::YearSummary& y : result->years) {
    m.growth_by_year.push_back(y.avg_comp_growth.value_or(0.0));
    m.total_cost += y.total_prorated_compensation;
    m.cost_by_year.push_back(y.total_prorated_compensation);
    if (y.pay_equity_cv) {
      equity_sum += *y.pay_equity_cv;
      ++equity_years;
    }
  }
  m.equity = equity_years > 0 ? equity_sum / equity_years : 0.0;
  switch (metric_) {
    case GrowthMetric::kMeanGrowth: {
      double sum = 0.0;
      for (double g : m.growth_by_year) sum += g;
      m.growth =
          m.growth_by_year.empty() ? 0.0 : sum / static_cast<double>(m.growth_by_year.size());
      break;
    }
    case GrowthMetric::kFinalGrowth:
      m.growth = m.growth_by_year.empty() ? 0.0 : m.growth_by_year.back();
      break;
    case GrowthMetric::kCompoundGrowth: {
      const double first = result->baseline.avg_salary;
      const double last =
          result->years.empty() ? first : result->years.back().avg_fye_active.value_or(first);
      m.growth =
          std::pow(last / first,
                   1.0 / static_cast<double>(std::max<std::size_t>(1, result->years.size()))) -
          1.0;
      break;
    }
  }
  return m;
}

std::vector<double> Evaluator::cache_key(const engine::ResolvedLevers& levers) const {
  // Every lever cell, so that two candidates share a key exactly when they
  // simulate the same levers (S045 moves cells outside the space's variables).
  std::vector<double> key;
  for (int p = 0; p < engine::kLeverParamCount; ++p) {
    for (int year = levers.start_year(); year <= levers.end_year(); ++year) {
      for (int level = 1; level <= levers.level_count(); ++level) {
        key.push_back(levers.value(static_cast<engine::LeverParam>(p), year, level));
      }
    }
  }
  return key;
}

EvaluationRecord Evaluator::score(const std::vector<double>& x, const Metrics& m) const {
  EvaluationRecord r;
  r.x = x;
  r.metrics = m;
  r.gap = objectives_.target - m.growth;
  const double growth_term = std::pow(r.gap / std::max(objectives_.tolerance, 1e-12), 2.0);
  r.objective = objectives_.weight_growth * growth_term +
                objectives_.weight_cost * (m.total_cost / cost_scale_) +
                objectives_.weight_equity * (m.equity / equity_scale_);
  r.constraint = objectives_.cost_cap ? max_year_cost(m) - *objectives_.cost_cap : 0.0;
  r.feasible = r.constraint <= 0.0;
  return r;
}

bool Evaluator::exhausted() {
  if (!stop_reason_.empty()) return true;
  if (callbacks_.cancelled && callbacks_.cancelled()) {
    cancelled_ = true;
    stop_reason_ = "cancelled";
  } else if (evaluations() >= budget_.max_evaluations) {
    stop_reason_ = "evaluation budget of " + std::to_string(budget_.max_evaluations) + " spent";
  } else if (elapsed_seconds() >= budget_.max_seconds) {
    stop_reason_ = "wall-clock budget of " + std::to_string(budget_.max_seconds) + " s spent";
  }
  return !stop_reason_.empty();
}

const EvaluationRecord* Evaluator::record(const Candidate& c, const Result<Metrics>& metrics,
                                          int iteration, double ms) {
  if (!metrics) {
    engine_error_ = metrics.error();
    stop_reason_ = "the simulation failed: " + metrics.error().to_string();
    return nullptr;
  }
  EvaluationRecord r = score(c.x, *metrics);
  r.index = evaluations() + 1;
  r.iteration = iteration;
  r.ms = ms;
  history_.push_back(std::move(r));
  cache_[c.key] = history_.size() - 1;
  if (callbacks_.on_evaluation) callbacks_.on_evaluation(history_.back());
  return &history_.back();
}

const EvaluationRecord* Evaluator::evaluate(const std::vector<double>& x, int iteration) {
  std::vector<double> clamped = space_.project(x);
  engine::ResolvedLevers levers = space_.apply(clamped);
  return evaluate_candidate({cache_key(levers), std::move(clamped), std::move(levers)}, iteration);
}

const EvaluationRecord* Evaluator::evaluate_levers(const engine::ResolvedLevers& levers,
                                                   int iteration) {
  return evaluate_candidate({cache_key(levers), space_.measure(levers), levers}, iteration);
}

const EvaluationRecord* Evaluator::evaluate_candidate(const Candidate& c, int iteration) {
  if (auto hit = cache_.find(c.key); hit != cache_.end()) return &history_[hit->second];
  if (exhausted()) return nullptr;
  const Clock::time_point t = Clock::now();
  auto metrics = run(c.levers);
  return record(c, metrics, iteration, ms_since(t));
}

std::vector<const EvaluationRecord*> Evaluator::evaluate_batch(
    const std::vector<std::vector<double>>& xs, int iteration) {
  std::vector<const EvaluationRecord*> out(xs.size(), nullptr);
  std::vector<Candidate> pending;
  std::vector<std::size_t> slot;  // the output index of each pending candidate
  // Duplicates inside the batch are evaluated once: (output index, pending index).
  std::vector<std::pair<std::size_t, std::size_t>> aliases;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const std::vector<double> clamped = space_.project(xs[i]);
    engine::ResolvedLevers levers = space_.apply(clamped);
    std::vector<double> key = cache_key(levers);
    if (auto hit = cache_.find(key); hit != cache_.end()) {
      out[i] = &history_[hit->second];
      continue;
    }
    auto dup = std::find_if(pending.begin(), pending.end(),
                            [&](const Candidate& p) { return p.key == key; });
    if (dup != pending.end()) {
      aliases.emplace_back(i, static_cast<std::size_t>(dup - pending.begin()));
      continue;
    }
    slot.push_back(i);
    pending.push_back({std::move(key), clamped, std::move(levers)});
  }
  if (pending.empty()) return out;
  if (exhausted()) return out;
  const std::size_t room =
      static_cast<std::size_t>(std::max(0, budget_.max_evaluations - evaluations()));
  const std::size_t n = std::min(pending.size(), room);
  std::vector<Metrics> metrics(n);
  std::vector<std::optional<Error>> errors(n);
  std::vector<double> times(n, 0.0);
  // Cancellation is polled before each candidate, so Ctrl-C waits for the
  // simulations already running, not for the whole batch.
  std::vector<char> done(n, 0);
  std::atomic<bool> stop{false};
  std::mutex poll;
  auto should_stop = [&] {
    if (stop.load()) return true;
    if (callbacks_.cancelled) {
      std::lock_guard<std::mutex> lock(poll);
      if (callbacks_.cancelled()) stop.store(true);
    }
    return stop.load();
  };
  auto run_one = [&](std::size_t k) {
    if (k > 0 && should_stop()) return;
    done[k] = 1;
    const Clock::time_point t = Clock::now();
    Result<Metrics> r = run(pending[k].levers);
    if (r) {
      metrics[k] = std::move(r).value();
    } else {
      errors[k] = std::move(r).error();
    }
    times[k] = ms_since(t);
  };
  // Each worker runs whole simulations with one OpenMP thread, so two
  // candidates use the two cores instead of competing for them.
  const unsigned workers = std::max(
      1u, std::min<unsigned>(std::thread::hardware_concurrency(), static_cast<unsigned>(n)));
  auto work = [&](unsigned w) {
    omp_set_num_threads(1);
    for (std::size_t k = w; k < n; k += workers) run_one(k);
  };
  if (n == 1) {  // one candidate keeps every core for its own simulation
    run_one(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < workers; ++w) pool.emplace_back(work, w);
    for (std::thread& t : pool) t.join();
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (!done[k]) {  // skipped after a cancellation; the rest of the batch is dropped
      cancelled_ = true;
      stop_reason_ = "cancelled";
      break;
    }
    out[slot[k]] = errors[k] ? record(pending[k], Result<Metrics>(*errors[k]), iteration, times[k])
                             : record(pending[k], Result<Metrics>(metrics[k]), iteration, times[k]);
    if (out[slot[k]] == nullptr) break;
  }
  for (const auto& [i, k] : aliases) out[i] = out[slot[k]];
  if (n < pending.size() && stop_reason_.empty()) {
    stop_reason_ = "evaluation budget of " + std::to_string(budget_.max_evaluations) + " spent";
  }
  return out;
}

const EvaluationRecord* Evaluator::best() const {
  const EvaluationRecord* best = nullptr;
  for (const EvaluationRecord& r : history_) {
    if (best == nullptr) {
      best = &r;
      continue;
    }
    if (r.feasible != best->feasible) {
      if (r.feasible) best = &r;
      continue;
    }
    const bool better =
        r.feasible ? r.objective < best->objective : r.constraint < best->constraint;
    if (better) best = &r;
  }
  return best;
}

}  // namespace planwise::tuning
