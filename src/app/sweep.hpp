// Issue 12 item 3: the "sweep one or two levers" use case for the CLI and
// the server: the scenario's levers and locks from the store (or the bundled
// levers), then tuning::run_sweep. Nothing is stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "app/run_simulation.hpp"
#include "app/run_target.hpp"
#include "common/result.hpp"
#include "tuning/sweep.hpp"

namespace planwise::app {

struct SweepRequest {
  InputRequest inputs;
  std::optional<std::string> db_path;  // levers and locks; nullopt: bundled, no locks
  std::string scenario;                // empty: the configuration's
  std::vector<tuning::SweepAxis> axes;
  std::vector<std::uint64_t> seeds;
  std::optional<RunTarget> target;
  int threads = 0;
};

struct SweepOutcome {
  std::string scenario;
  RunTarget target;
  tuning::Sweep sweep;
  double simulate_ms = 0.0;
};

// The axes of `sweep LEVER=FROM:TO:STEP ...` in order (tuning::parse_sweep_axis;
// errors name "sweep[1]", ...).
Result<std::vector<tuning::SweepAxis>> parse_sweep_axes(const std::vector<std::string>& texts);

// Progress: on_stage, and cancelled between grid points.
Result<SweepOutcome> run_lever_sweep(const SweepRequest& request, const RunCallbacks& callbacks);

// One row per grid point: the axes' values, headline mean/p10/p50/p90,
// P(in target), total cost mean/p10/p90, adjusted.
std::string sweep_csv(const SweepOutcome& outcome);

}  // namespace planwise::app
