// Issue 12 item 1: an ensemble's simulations over every core (runner.hpp).
#include "ensemble/runner.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace planwise::ensemble {

namespace {

Result<SeedOutcome> simulate_plan(const EnsembleInputs& inputs, const DrawPlan& plan,
                                  HeadlineMetric headline, engine::ChecksLevel checks,
                                  engine::SimulationWorkspace& workspace) {
  engine::EngineConfig config = inputs.config;
  config.random_seed = plan.seed;
  config.group_seeds = plan.group_seeds;
  engine::SimulationOptions aggregates_only;
  aggregates_only.build_events = false;
  // Aggregates of many seeds: by default rows are replayed in the last year
  // only; a seed kept as a stored run is simulated again with every check.
  aggregates_only.checks = checks;
  // A worker's simulations reuse one frame (simulate.hpp).
  aggregates_only.workspace = &workspace;
  const engine::ResolvedLevers& levers = plan.levers != nullptr ? *plan.levers : inputs.levers;
  auto result =
      engine::simulate({config, inputs.seeds, levers, inputs.census}, aggregates_only, nullptr);
  if (!result) return std::move(result).error();
  return seed_outcome(plan.seed, *result, headline);
}

}  // namespace

Result<std::vector<SeedOutcome>> run_plans(const EnsembleInputs& inputs,
                                           std::span<const DrawPlan> plans,
                                           const RunnerOptions& options) {
  const std::size_t n = plans.size();
  std::vector<std::optional<Result<SeedOutcome>>> results(n);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex callbacks;  // one callback at a time, and the done count
  int done = 0;
  auto should_stop = [&] {
    if (stop.load()) return true;
    if (options.cancelled) {
      std::lock_guard<std::mutex> lock(callbacks);
      if (options.cancelled()) stop.store(true);
    }
    return stop.load();
  };
  auto work = [&] {
    engine::SimulationWorkspace workspace;
    for (std::size_t k = next++; k < n; k = next++) {
      if (should_stop()) return;
      results[k] = simulate_plan(inputs, plans[k], options.headline, options.checks, workspace);
      if (!*results[k]) stop.store(true);  // the first failure ends the ensemble
      std::lock_guard<std::mutex> lock(callbacks);
      ++done;
      if (options.on_plan_done && *results[k]) options.on_plan_done(k);
      if (options.on_progress) options.on_progress(done, static_cast<int>(n));
    }
  };
  unsigned workers = options.threads > 0 ? static_cast<unsigned>(options.threads)
                                         : std::max(1u, std::thread::hardware_concurrency());
  workers = std::min<unsigned>(workers, static_cast<unsigned>(std::max<std::size_t>(n, 1)));
  if (n == 1) {
    work();  // one simulation keeps the engine's own parallel loops
  } else {
    // Each worker runs whole simulations on one OpenMP thread, so the cores
    // run seeds side by side instead of competing inside one simulation.
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (unsigned w = 0; w < workers; ++w) {
      pool.emplace_back([&] {
        omp_set_num_threads(1);
        work();
      });
    }
    for (std::thread& t : pool) t.join();
  }
  // A failure wins over the cancellation it caused (later seeds skipped).
  for (std::size_t k = 0; k < n; ++k) {
    if (results[k] && !*results[k]) return std::move(*results[k]).error();
  }
  std::vector<SeedOutcome> out;
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    if (!results[k]) {
      return Error::make(ErrorKind::kCancelled, "the ensemble was cancelled after " +
                                                    std::to_string(done) + " of " +
                                                    std::to_string(n) + " simulations");
    }
    out.push_back(std::move(*results[k]).value());
  }
  return out;
}

Result<std::vector<SeedOutcome>> run_seeds(const EnsembleInputs& inputs,
                                           std::span<const std::uint64_t> seeds,
                                           const RunnerOptions& options) {
  std::vector<DrawPlan> plans(seeds.size());
  for (std::size_t k = 0; k < seeds.size(); ++k) plans[k].seed = seeds[k];
  return run_plans(inputs, plans, options);
}

}  // namespace planwise::ensemble
