#include "tuning/evaluator.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

#include "common/elapsed.hpp"
#include "engine/simulate.hpp"
#include "ensemble/runner.hpp"
#include "ensemble/statistics.hpp"

namespace planwise::tuning {

namespace {

using Clock = std::chrono::steady_clock;

ensemble::HeadlineMetric headline_of(GrowthMetric metric) {
  switch (metric) {
    case GrowthMetric::kMeanGrowth:
      return ensemble::HeadlineMetric::kMean;
    case GrowthMetric::kFinalGrowth:
      return ensemble::HeadlineMetric::kFinal;
    case GrowthMetric::kCompoundGrowth:
      return ensemble::HeadlineMetric::kCompound;
  }
  return ensemble::HeadlineMetric::kMean;
}

// Robust metrics from each seed's outcome: the statistic of the headline,
// the means of the rest.
Metrics robust_metrics(const std::vector<ensemble::SeedOutcome>& outcomes, RobustStatistic stat) {
  // avg_comp_growth, the growth run() reads, is the FYE methodology's.
  const ensemble::YearMetric growth = ensemble::YearMetric::kGrowthFye;
  Metrics m;
  const double k = static_cast<double>(outcomes.size());
  const std::size_t years = outcomes.front().years.size();
  m.growth_by_year.assign(years, 0.0);
  m.cost_by_year.assign(years, 0.0);
  for (const ensemble::SeedOutcome& o : outcomes) {
    m.seed_growth.push_back(o.headline);
    m.seed_cost.push_back(o.total_cost);
    m.total_cost += o.total_cost / k;
    m.equity += o.equity / k;
    for (std::size_t y = 0; y < years && y < o.years.size(); ++y) {
      const double g = o.years[y].value(growth);
      m.growth_by_year[y] += (std::isnan(g) ? 0.0 : g) / k;
      m.cost_by_year[y] += o.years[y].value(ensemble::YearMetric::kTotalCost) / k;
    }
  }
  const ensemble::Band band = ensemble::band_of(m.seed_growth);
  m.growth = stat == RobustStatistic::kMean  ? band.mean
             : stat == RobustStatistic::kP50 ? band.p50
                                             : band.p90;
  return m;
}

}  // namespace

Result<RobustStatistic> parse_robust_statistic(const std::string& name) {
  if (name == "mean") return RobustStatistic::kMean;
  if (name == "p50" || name == "median") return RobustStatistic::kP50;
  if (name == "p90") return RobustStatistic::kP90;
  return Error::invalid_input("command line", 0, "--objective", "robust_objective", name,
                              "expected mean, p50 or p90 (of the headline over the seeds)");
}

std::string robust_statistic_name(RobustStatistic statistic) {
  switch (statistic) {
    case RobustStatistic::kMean:
      return "mean";
    case RobustStatistic::kP50:
      return "p50";
    case RobustStatistic::kP90:
      return "p90";
  }
  return "mean";
}

double chance_quantile(std::vector<double> values, double probability) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  // ceil(p n), with slack so that 0.9 x 20 is 18, not 19.
  const auto k = static_cast<std::size_t>(std::ceil(probability * n - 1e-9));
  return values[std::clamp<std::size_t>(k, 1, values.size()) - 1];
}

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
  aggregates_only.checks = engine::ChecksLevel::kFinal;
  const WorkspacePool::Lease workspace = workspaces_->borrow();
  aggregates_only.workspace = workspace.get();
  auto result =
      engine::simulate({config, inputs_.seeds, levers, inputs_.census}, aggregates_only, nullptr);
  if (!result) return std::move(result).error();
  // The headline, total cost and equity as an ensemble's seed reads them
  // (ensemble::seed_outcome), so one seed and K seeds tune the same number.
  const ensemble::SeedOutcome outcome =
      ensemble::seed_outcome(config.random_seed, *result, headline_of(metric_));
  Metrics m;
  for (const engine::YearSummary& y : result->years) {
    m.growth_by_year.push_back(y.avg_comp_growth.value_or(0.0));
    m.cost_by_year.push_back(y.total_prorated_compensation);
  }
  m.growth = outcome.headline;
  m.total_cost = outcome.total_cost;
  m.equity = outcome.equity;
  return m;
}

Status Evaluator::verify(const engine::ResolvedLevers& levers, int threads) const {
  const std::vector<std::uint64_t> seeds =
      robust_.seeds.empty() ? std::vector<std::uint64_t>{inputs_.config.random_seed}
                            : robust_.seeds;
  ensemble::RunnerOptions options;
  options.threads = threads;
  options.checks = engine::ChecksLevel::kFull;
  auto outcomes =
      ensemble::run_seeds({inputs_.config, inputs_.seeds, levers, inputs_.census}, seeds, options);
  if (!outcomes) return std::move(outcomes).error();
  return Status::success();
}

Result<Metrics> Evaluator::measure(const engine::ResolvedLevers& levers, int threads) const {
  if (robust_.seeds.size() <= 1) {
    const std::optional<std::uint64_t> seed =
        robust_.seeds.empty() ? std::nullopt : std::optional<std::uint64_t>(robust_.seeds[0]);
    auto m = run(levers, seed);
    if (m && robust_.chance_constrained()) {
      m->seed_growth = {m->growth};
      m->seed_cost = {m->total_cost};
    }
    return m;
  }
  ensemble::RunnerOptions options;
  options.headline = headline_of(metric_);
  options.threads = threads;
  auto outcomes = ensemble::run_seeds({inputs_.config, inputs_.seeds, levers, inputs_.census},
                                      robust_.seeds, options);
  if (!outcomes) return std::move(outcomes).error();
  return robust_metrics(*outcomes, robust_.statistic);
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
  if (robust_.chance_constrained()) {
    double chance = -std::numeric_limits<double>::infinity();
    if (robust_.cap) {
      chance = std::max(
          chance, (chance_quantile(m.seed_growth, robust_.probability) - *robust_.cap) * 100.0);
    }
    if (robust_.budget) {
      chance = std::max(chance,
                        chance_quantile(m.seed_cost, robust_.probability) / *robust_.budget - 1.0);
    }
    r.chance = chance;
    r.constraint = objectives_.cost_cap
                       ? std::max(max_year_cost(m) / *objectives_.cost_cap - 1.0, chance)
                       : chance;
  }
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
  auto metrics = measure(c.levers);
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
    Result<Metrics> r = measure(pending[k].levers, n == 1 ? 0 : 1);
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
