#include "tuning/sensitivity.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <thread>

namespace planwise::tuning {

Result<std::vector<LeverSensitivity>> lever_sensitivities(EngineInputs inputs,
                                                          const LeverSpace& space,
                                                          GrowthMetric metric,
                                                          const std::vector<double>& x,
                                                          double relative_step) {
  const std::size_t n = space.size();
  Budget budget;
  budget.max_evaluations = static_cast<int>(2 * n + 1);
  budget.max_seconds = 1e9;
  Evaluator evaluator(inputs, space, metric, Objectives{}, budget, {});
  std::vector<std::vector<double>> points;
  std::vector<double> lo_at(n), hi_at(n);
  for (std::size_t i = 0; i < n; ++i) {
    const LeverVariable& v = space.variables()[i];
    const double h = relative_step * (v.upper - v.lower);
    // Keep both points inside the range by shifting the pair, not shrinking it.
    const double centre = std::clamp(x[i], v.lower + h, v.upper - h);
    lo_at[i] = centre - h;
    hi_at[i] = centre + h;
    std::vector<double> down = x, up = x;
    down[i] = lo_at[i];
    up[i] = hi_at[i];
    points.push_back(down);
    points.push_back(up);
  }
  points.push_back(x);
  const auto records = evaluator.evaluate_batch(points, 0);
  for (const EvaluationRecord* r : records) {
    if (r == nullptr) {
      if (evaluator.engine_error()) return *evaluator.engine_error();
      return Error::make(ErrorKind::kInternal,
                         "sensitivity analysis stopped: " + evaluator.stop_reason());
    }
  }
  const EvaluationRecord& centre = *records.back();
  std::vector<LeverSensitivity> out;
  for (std::size_t i = 0; i < n; ++i) {
    const EvaluationRecord& down = *records[2 * i];
    const EvaluationRecord& up = *records[2 * i + 1];
    LeverSensitivity s;
    s.variable = space.variables()[i].name;
    s.value = x[i];
    s.step = 0.5 * (hi_at[i] - lo_at[i]);
    const double dx = hi_at[i] - lo_at[i];
    if (dx > 0.0) {
      s.growth_slope = (up.metrics.growth - down.metrics.growth) / dx;
      s.cost_slope = (up.metrics.total_cost - down.metrics.total_cost) / dx;
    }
    if (centre.metrics.growth != 0.0)
      s.growth_elasticity = s.growth_slope * x[i] / centre.metrics.growth;
    if (centre.metrics.total_cost != 0.0)
      s.cost_elasticity = s.cost_slope * x[i] / centre.metrics.total_cost;
    out.push_back(s);
  }
  return out;
}

Result<SeedSpread> seed_spread(EngineInputs inputs, const LeverSpace& space, GrowthMetric metric,
                               const engine::ResolvedLevers& levers, std::uint64_t base_seed,
                               int n) {
  SeedSpread out;
  if (n <= 0) return out;
  Evaluator evaluator(inputs, space, metric, Objectives{}, Budget{}, {});
  for (int i = 0; i < n; ++i) out.seeds.push_back(base_seed + static_cast<std::uint64_t>(i));
  out.growth.assign(out.seeds.size(), 0.0);
  std::vector<std::optional<Error>> errors(out.seeds.size());
  const unsigned workers =
      std::max(1u, std::min(std::thread::hardware_concurrency(), static_cast<unsigned>(n)));
  auto work = [&](unsigned w) {
    if (workers > 1) omp_set_num_threads(1);  // one simulation per core
    for (std::size_t k = w; k < out.seeds.size(); k += workers) {
      auto m = evaluator.run(levers, out.seeds[k]);
      if (m) {
        out.growth[k] = m->growth;
      } else {
        errors[k] = std::move(m).error();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w) pool.emplace_back(work, w);
  for (std::thread& t : pool) t.join();
  for (auto& e : errors) {
    if (e) return *e;
  }
  const Spread s = spread_of(out.growth);
  out.mean = s.mean;
  out.stddev = s.stddev;
  out.min = s.min;
  out.max = s.max;
  return out;
}

Spread spread_of(const std::vector<double>& values) {
  Spread s;
  const double n = static_cast<double>(values.size());
  double sum = 0.0;
  for (double v : values) sum += v;
  s.mean = sum / n;
  double ss = 0.0;
  for (double v : values) ss += (v - s.mean) * (v - s.mean);
  s.stddev = values.size() > 1 ? std::sqrt(ss / (n - 1.0)) : 0.0;
  s.min = *std::min_element(values.begin(), values.end());
  s.max = *std::max_element(values.begin(), values.end());
  return s;
}

}  // namespace planwise::tuning
