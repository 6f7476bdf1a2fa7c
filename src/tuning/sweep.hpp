// Issue 12 item 3: a grid of one or two levers, each point run over a seed
// ensemble. A swept lever sets every unlocked cell it covers, as an
// optimizer variable does (LeverSpace): locked cells hold, merit stays
// descending by level when the space keeps it so, and the grid may not leave
// the lever's hard range.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "engine/levers.hpp"
#include "ensemble/ensemble_summary.hpp"
#include "ensemble/runner.hpp"
#include "tuning/lever_space.hpp"

namespace planwise::tuning {

// "merit_base=0.02:0.05:0.0025": a lever and its grid from:to:step, both
// ends included (to within step/1e6). The lever is a lever parameter
// (merit_base, cola_rate, new_hire_salary_adjustment, promotion_probability,
// promotion_raise: every level) or an optimizer variable name (merit_L2,
// promotion_probability_L1, cola, merit, new_hire). Errors name `field`
// ("sweep[1]") and the part at fault.
struct SweepAxis {
  std::string lever;           // as written
  std::vector<double> values;  // from, from + step, ... to
};
inline constexpr int kMaxSweepPoints = 2'000;  // grid points (product of the axes)
Result<SweepAxis> parse_sweep_axis(std::string_view text, std::string_view field);

struct SweepPoint {
  std::vector<double> x;  // one value per axis
  ensemble::Band headline;
  ensemble::Band total_cost;  // over the years
  double p_in_target = 0.0;
  // The grid value moved by the space's rules (bounds, merit order, locks)
  // differs from the one asked for: the levers actually run.
  bool adjusted = false;
};

struct Sweep {
  std::vector<SweepAxis> axes;  // 1 or 2
  std::vector<std::uint64_t> seeds;
  ensemble::TargetBand target;
  std::vector<SweepPoint> points;         // axis 0 outermost, axis 1 innermost
  std::vector<std::string> locked_cells;  // "merit_base 2026 L2" held by a lock
  std::optional<std::string> thin_sample_warning;
  int simulations = 0;
  // Issue 13 item 3: a sweep shows every grid point, so every seed of every
  // point is checked in full (every year's rows, not the last year's only).
  engine::ChecksLevel checks = engine::ChecksLevel::kFull;
};

struct SweepOptions {
  ensemble::HeadlineMetric headline = ensemble::HeadlineMetric::kMean;
  ensemble::TargetBand target;
  int threads = 0;
  std::function<void(int done, int total)> on_progress;  // per grid point
  std::function<bool()> cancelled;
};

// `base` with `locked` cells is what the grid moves; an axis naming no
// unlocked cell, more than 2 axes, or more than kMaxSweepPoints points is an
// input error naming "sweep".
Result<Sweep> run_sweep(const ensemble::EnsembleInputs& inputs, const LockedCells& locked,
                        const std::vector<SweepAxis>& axes, const std::vector<std::uint64_t>& seeds,
                        const SweepOptions& options);

}  // namespace planwise::tuning
