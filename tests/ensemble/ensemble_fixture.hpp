// Shared inputs of the ensemble tests: the bundled census, configuration and
// levers (the repository's data/), and runners over them.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "ensemble/runner.hpp"
#include "tuning/tuning_fixture.hpp"

namespace planwise::ensemble::testing {

// The bundled inputs, loaded once (shared with the tuning tests).
using tuning::testing::bundled;

inline EnsembleInputs inputs_with(const engine::ResolvedLevers& levers) {
  const app::LoadedInputs& in = bundled();
  return {in.config.engine, in.seeds, levers, in.census};
}

inline EnsembleInputs bundled_inputs() {
  return inputs_with(bundled().levers);
}

// `count` consecutive seeds from `first`.
inline std::vector<std::uint64_t> seed_range(std::uint64_t first, std::size_t count) {
  std::vector<std::uint64_t> seeds(count);
  std::iota(seeds.begin(), seeds.end(), first);
  return seeds;
}

inline RunnerOptions on_threads(int threads) {
  RunnerOptions options;
  options.threads = threads;
  return options;
}

// The outcomes of `seeds` on `inputs`; fails the calling test on error.
inline std::vector<SeedOutcome> outcomes_of(const EnsembleInputs& inputs,
                                            const std::vector<std::uint64_t>& seeds,
                                            int threads = 2) {
  auto out = run_seeds(inputs, seeds, on_threads(threads));
  EXPECT_TRUE(out.ok()) << out.error().to_string_all();
  return out.ok() ? std::move(out).value() : std::vector<SeedOutcome>{};
}

}  // namespace planwise::ensemble::testing
