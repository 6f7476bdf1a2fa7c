// Issue 12 item 1: simulating one lever set on many seeds over all cores,
// aggregates only. Each seed's simulation is independent and its outcome is
// stored at its index in the seed list, so results are identical for any
// thread count.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "engine/simulate.hpp"
#include "ensemble/seed_outcome.hpp"

namespace planwise::ensemble {

struct EnsembleInputs {
  const engine::EngineConfig& config;  // its random_seed is replaced per run
  const engine::SeedTables& seeds;
  const engine::ResolvedLevers& levers;
  const engine::StagedCensus& census;
};

// One simulation of an ensemble: its seed and, for variance attribution,
// the seed of each draw group that differs from it (nullopt: the run seed).
struct DrawPlan {
  std::uint64_t seed = 0;
  std::array<std::optional<std::uint64_t>, engine::kDrawGroupCount> group_seeds{};
  // Levers of this simulation alone (a sweep's grid point); null: the
  // inputs' levers. Must outlive run_plans.
  const engine::ResolvedLevers* levers = nullptr;
};

struct RunnerOptions {
  HeadlineMetric headline = HeadlineMetric::kMean;
  int threads = 0;  // 0: every core (std::thread::hardware_concurrency)
  // Called after each finished simulation with (done, total), from one
  // thread at a time (not necessarily the caller's).
  std::function<void(int done, int total)> on_progress;
  // Called after each finished simulation with its plan index, under the
  // same one-at-a-time rule (a sweep counts its finished grid points).
  std::function<void(std::size_t plan)> on_plan_done;
  // Polled before each simulation; when true the run stops with kCancelled.
  std::function<bool()> cancelled;
  // Issue 13 item 3: many seeds' aggregates re-derive the rows of the last
  // year only (kFinal); kFull checks every year of every seed.
  engine::ChecksLevel checks = engine::ChecksLevel::kFinal;
};

// The first failing simulation's error (by seed-list index) is returned;
// otherwise one outcome per plan, in plan order.
Result<std::vector<SeedOutcome>> run_plans(const EnsembleInputs& inputs,
                                           std::span<const DrawPlan> plans,
                                           const RunnerOptions& options);
// Plans of the seeds alone (every draw group on the run seed).
Result<std::vector<SeedOutcome>> run_seeds(const EnsembleInputs& inputs,
                                           std::span<const std::uint64_t> seeds,
                                           const RunnerOptions& options);

}  // namespace planwise::ensemble
