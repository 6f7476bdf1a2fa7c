#include "app/optimize_robust.hpp"

#include <cmath>
#include <limits>

#include "app/optimization_report.hpp"
#include "common/number_text.hpp"
#include "ensemble/ensemble_summary.hpp"
#include "ensemble/runner.hpp"
#include "ensemble/seed_list.hpp"

namespace planwise::app {

namespace {

std::string percent_of(double fraction) {
  return std::to_string(static_cast<int>(std::lround(fraction * 100.0))) + "%";
}

// Why a record breaks the chance constraints: each quantile against its limit.
std::string broken_constraints(const tuning::Metrics& m, const tuning::Robustness& robustness) {
  const std::string share = percent_of(1.0 - robustness.probability);
  std::string why;
  if (robustness.cap) {
    const double q = tuning::chance_quantile(m.seed_growth, robustness.probability);
    if (q > *robustness.cap) {
      why += "growth exceeds the cap " + rate_text(*robustness.cap) + " in more than " + share +
             " of the seeds (quantile " + rate_text(q) + ")";
    }
  }
  if (robustness.budget) {
    const double q = tuning::chance_quantile(m.seed_cost, robustness.probability);
    if (q > *robustness.budget) {
      why += std::string(why.empty() ? "" : "; ") + "total cost exceeds the budget " +
             dollars_text(*robustness.budget) + " in more than " + share +
             " of the seeds (quantile " + dollars_text(q) + ")";
    }
  }
  return why;
}

}  // namespace

Status check_robust_request(const OptimizeRequest& r) {
  if (r.seeds < 1 || r.seeds > ensemble::kMaxSeeds) {
    return optimize_flag_error("--seeds", std::to_string(r.seeds),
                               "1 to " + std::to_string(ensemble::kMaxSeeds) +
                                   " seeds for each candidate (1: the configured seed alone)");
  }
  auto objective = tuning::parse_robust_statistic(r.objective);
  if (!objective) return std::move(objective).error();
  if (r.cap && !(std::isfinite(*r.cap) && *r.cap > -0.5 && *r.cap < 0.5)) {
    return optimize_flag_error("--cap", shortest_text(*r.cap),
                               "a growth rate as a fraction, e.g. 0.045 for 4.5%");
  }
  if (r.budget && !(std::isfinite(*r.budget) && *r.budget > 0.0)) {
    return optimize_flag_error(
        "--budget", shortest_text(*r.budget),
        "a positive amount of dollars: the most total payroll (prorated) over the "
        "years");
  }
  if (r.probability) {
    if (!r.cap && !r.budget) {
      return optimize_flag_error("--probability", shortest_text(*r.probability),
                                 "a probability needs a chance constraint: --cap or --budget");
    }
    if (!(*r.probability > 0.0 && *r.probability <= 1.0)) {
      return optimize_flag_error("--probability", shortest_text(*r.probability),
                                 "a probability in (0, 1], e.g. 0.9 for 90% of the seeds");
    }
  }
  return Status::success();
}

Result<tuning::Robustness> robustness_of(const OptimizeRequest& r, std::uint64_t configured_seed) {
  PLANWISE_RETURN_IF_ERROR(check_robust_request(r));
  tuning::Robustness out;
  out.statistic = *tuning::parse_robust_statistic(r.objective);
  if (!r.seed_list.empty()) {
    out.seeds = r.seed_list;
  } else if (r.seeds > 1 || r.cap || r.budget) {
    for (int k = 0; k < r.seeds; ++k) out.seeds.push_back(configured_seed + k);
  }
  out.cap = r.cap;
  out.budget = r.budget;
  out.probability = r.probability.value_or(1.0);
  return out;
}

bool is_robust(const tuning::Robustness& robustness) {
  return robustness.seeds.size() > 1 || robustness.chance_constrained();
}

void apply_chance_status(tuning::TuningOutcome& outcome, const tuning::Evaluator& evaluator) {
  using tuning::TuningStatus;
  const tuning::Robustness& robustness = evaluator.robustness();
  if (!robustness.chance_constrained() || !outcome.best) return;
  if (outcome.status != TuningStatus::kConverged && outcome.status != TuningStatus::kNotConverged)
    return;
  const double tolerance = evaluator.objectives().tolerance;
  if (outcome.best->chance > 0.0) {
    outcome.status = TuningStatus::kInfeasible;
    outcome.message = "infeasible: the best levers found break the chance constraint: " +
                      broken_constraints(outcome.best->metrics, robustness) +
                      " (binding constraint: the chance constraint; " + outcome.message + ")";
    return;
  }
  if (std::fabs(outcome.best->gap) <= tolerance) return;
  const tuning::EvaluationRecord* on_target = nullptr;
  for (const tuning::EvaluationRecord& r : evaluator.history()) {
    if (std::fabs(r.gap) <= tolerance && r.chance > 0.0 &&
        (on_target == nullptr || r.chance < on_target->chance))
      on_target = &r;
  }
  if (on_target == nullptr) return;
  outcome.status = TuningStatus::kInfeasible;
  outcome.message = "infeasible: the levers found on target break the chance constraint (" +
                    broken_constraints(on_target->metrics, robustness) + ", evaluation " +
                    std::to_string(on_target->index) +
                    "); the best levers that meet it miss the target by " +
                    points_text(outcome.best->gap).substr(1) +
                    " (binding constraint: the chance constraint; " + outcome.message + ")";
}

Result<RobustSummary> robust_summary(const LoadedInputs& in, const engine::ResolvedLevers& best,
                                     const tuning::Robustness& robustness,
                                     tuning::GrowthMetric metric,
                                     const tuning::Objectives& objectives) {
  const std::vector<std::uint64_t> seeds =
      robustness.seeds.empty() ? std::vector<std::uint64_t>{in.config.engine.random_seed}
                               : robustness.seeds;
  const ensemble::HeadlineMetric headline =
      metric == tuning::GrowthMetric::kFinalGrowth      ? ensemble::HeadlineMetric::kFinal
      : metric == tuning::GrowthMetric::kCompoundGrowth ? ensemble::HeadlineMetric::kCompound
                                                        : ensemble::HeadlineMetric::kMean;
  ensemble::RunnerOptions options;
  options.headline = headline;
  auto outcomes =
      ensemble::run_seeds({in.config.engine, in.seeds, best, in.census}, seeds, options);
  if (!outcomes) return std::move(outcomes).error();
  const ensemble::EnsembleSummary s = ensemble::summarize(
      *outcomes, headline, {objectives.target, objectives.tolerance}, robustness.budget);
  RobustSummary out;
  out.seeds = seeds;
  out.objective = tuning::robust_statistic_name(robustness.statistic);
  out.headline = s.headline.band;
  out.p_in_target = s.headline.p_in_target;
  out.cap = robustness.cap;
  out.budget = robustness.budget;
  if (robustness.chance_constrained()) out.probability = robustness.probability;
  if (robustness.cap) {
    std::vector<double> growth;
    for (const ensemble::SeedOutcome& o : *outcomes) growth.push_back(o.headline);
    out.p_cap_met = ensemble::fraction_within(growth, -std::numeric_limits<double>::infinity(),
                                              *robustness.cap);
  }
  if (robustness.budget && s.headline.p_over_budget) {
    out.p_budget_met = 1.0 - *s.headline.p_over_budget;
  }
  out.thin_sample_warning = s.thin_sample_warning;
  return out;
}

std::string robust_sentence(const RobustSummary& s) {
  std::string out = "over " + std::to_string(s.seeds.size()) + " seeds (" + s.objective +
                    "): growth mean " + rate_text(s.headline.mean) + " [P10 " +
                    rate_text(s.headline.p10) + ", P90 " + rate_text(s.headline.p90) +
                    "], in target in " + percent_of(s.p_in_target) + " of the seeds";
  if (s.cap && s.p_cap_met) {
    out += ", growth at or below the cap " + rate_text(*s.cap) + " in " + percent_of(*s.p_cap_met) +
           " (asked " + percent_of(s.probability.value_or(1.0)) + ")";
  }
  if (s.budget && s.p_budget_met) {
    out += ", total cost within the budget " + dollars_text(*s.budget) + " in " +
           percent_of(*s.p_budget_met) + " (asked " + percent_of(s.probability.value_or(1.0)) + ")";
  }
  return out;
}

}  // namespace planwise::app
