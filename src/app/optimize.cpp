#include "app/optimize.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/lever_workspace.hpp"
#include "app/optimization_record.hpp"
#include "app/optimize_robust.hpp"
#include "app/scenario_inputs.hpp"
#include "common/elapsed.hpp"
#include "common/number_text.hpp"
#include "levers/lever_resolution.hpp"
#include "levers/lever_validation.hpp"
#include "tuning/algorithms.hpp"
#include "tuning/lever_space.hpp"
#include "tuning/nlopt_search.hpp"
#include "tuning/nsga2.hpp"
#include "tuning/root_find.hpp"
#include "tuning/s045_loop.hpp"
#include "tuning/sensitivity.hpp"

namespace planwise::app {

namespace {

using tuning::LeverGroup;

bool one_dimensional(const std::string& a) {
  return a == "s045" || a == "secant" || a == "brent";
}

// "growth=1,cost=0.5,equity=0": any subset, each a non-negative number.
Status parse_weights(const std::string& text, tuning::Objectives& objectives) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find(',', pos), text.size());
    const std::string part = text.substr(pos, end - pos);
    const std::size_t eq = part.find('=');
    const auto w = eq == std::string::npos ? std::nullopt : parse_double(part.substr(eq + 1));
    const std::string name = part.substr(0, eq);
    double* slot = name == "growth"   ? &objectives.weight_growth
                   : name == "cost"   ? &objectives.weight_cost
                   : name == "equity" ? &objectives.weight_equity
                                      : nullptr;
    if (slot == nullptr || !w || *w < 0.0 || !std::isfinite(*w)) {
      return optimize_flag_error(
          "--weights", part, "expected growth=W, cost=W and equity=W with non-negative weights");
    }
    *slot = *w;
    pos = end + 1;
  }
  if (objectives.weight_growth + objectives.weight_cost + objectives.weight_equity <= 0.0) {
    return optimize_flag_error("--weights", text, "at least one weight must be positive");
  }
  return Status::success();
}

// "merit_L1=0.02:0.05".
Result<std::vector<tuning::BoundOverride>> parse_bounds(const std::vector<std::string>& texts) {
  std::vector<tuning::BoundOverride> out;
  for (const std::string& t : texts) {
    const std::size_t eq = t.find('='), colon = t.find(':', eq == std::string::npos ? 0 : eq);
    const auto lo = eq == std::string::npos || colon == std::string::npos
                        ? std::nullopt
                        : parse_double(t.substr(eq + 1, colon - eq - 1));
    const auto hi = colon == std::string::npos ? std::nullopt : parse_double(t.substr(colon + 1));
    if (!lo || !hi)
      return optimize_flag_error("--bounds", t,
                                 "expected VARIABLE=LOW:HIGH, e.g. merit_L1=0.02:0.05");
    out.push_back({t.substr(0, eq), *lo, *hi});
  }
  return out;
}

Status check_request(const OptimizeRequest& r) {
  if (!tuning::is_algorithm(r.algorithm)) {
    return optimize_flag_error("--algorithm", r.algorithm,
                               "expected s045, secant, brent, bobyqa, cobyla, slsqp or nsga2");
  }
  if (!std::isfinite(r.target) || r.target <= -0.5 || r.target >= 0.5) {
    return optimize_flag_error("--target", shortest_text(r.target),
                               "a growth rate as a fraction, e.g. 0.02 for 2%");
  }
  if (!(r.tolerance > 0.0) || r.tolerance >= 0.1) {
    return optimize_flag_error("--tolerance", shortest_text(r.tolerance),
                               "a positive fraction below 0.1, e.g. 0.001 for 0.1 point");
  }
  if (r.max_iterations < 1 || r.max_iterations > 20) {
    return optimize_flag_error("--max-iterations", std::to_string(r.max_iterations),
                               "1 to 20 (tuning.md §4.1)");
  }
  if (r.budget_evaluations &&
      (*r.budget_evaluations < 1 || *r.budget_evaluations > kMaxBudgetEvaluations)) {
    return optimize_flag_error("--budget-evals", std::to_string(*r.budget_evaluations),
                               "1 to " + std::to_string(kMaxBudgetEvaluations) + " evaluations");
  }
  if (r.budget_seconds && !(*r.budget_seconds > 0.0 && *r.budget_seconds <= kMaxBudgetSeconds)) {
    return optimize_flag_error("--budget-seconds", shortest_text(*r.budget_seconds),
                               "a positive number of seconds, at most " +
                                   shortest_text(kMaxBudgetSeconds) + " (one hour)");
  }
  if (r.cost_cap && !(*r.cost_cap > 0.0 && std::isfinite(*r.cost_cap))) {
    return optimize_flag_error(
        "--cost-cap", shortest_text(*r.cost_cap),
        "a positive amount of dollars: the most total payroll (prorated) a year may "
        "cost");
  }
  // Floors within the lever's hard range (lever catalogue).
  if (r.merit_floor && !(*r.merit_floor >= 0.0 && *r.merit_floor <= 0.10)) {
    return optimize_flag_error(
        "--merit-floor", shortest_text(*r.merit_floor),
        "a fraction from 0 to 0.10 (0.01 = merit at least 1%; 0 turns it off)");
  }
  if (r.cola_floor && !(*r.cola_floor >= 0.0 && *r.cola_floor <= 0.08)) {
    return optimize_flag_error(
        "--cola-floor", shortest_text(*r.cola_floor),
        "a fraction from 0 to 0.08 (0.02 = COLA at least 2%; 0 turns it off)");
  }
  if (r.population < 4 || r.population > 1000) {
    return optimize_flag_error("--population", std::to_string(r.population), "4 to 1000");
  }
  if (r.spread_seeds < 0 || r.spread_seeds > 1000) {
    return optimize_flag_error("--spread-seeds", std::to_string(r.spread_seeds), "0 to 1000");
  }
  PLANWISE_RETURN_IF_ERROR(check_robust_request(r));
  if (!r.weights.empty() && (one_dimensional(r.algorithm) || r.algorithm == "nsga2")) {
    return optimize_flag_error(
        "--weights", r.weights,
        "weights apply to bobyqa, cobyla and slsqp; " + r.algorithm +
            (r.algorithm == "nsga2" ? " returns the whole gap-versus-cost front instead"
                                    : " aims at the growth target alone"));
  }
  if (r.cost_cap && (r.algorithm == "s045" || r.algorithm == "secant" || r.algorithm == "brent" ||
                     r.algorithm == "bobyqa")) {
    return optimize_flag_error("--cost-cap", shortest_text(*r.cost_cap),
                               "a cost cap is a constraint: use cobyla, slsqp or nsga2 (" +
                                   r.algorithm + " takes bounds only)");
  }
  return Status::success();
}

Result<std::vector<LeverGroup>> lever_groups(const OptimizeRequest& r) {
  std::vector<std::string> names = r.levers;
  if (names.empty()) {
    names = one_dimensional(r.algorithm)
                ? std::vector<std::string>{"cola", "merit", "new_hire"}
                : std::vector<std::string>{"cola", "merit", "new_hire", "promotion_probability",
                                           "promotion_raise"};
  }
  std::vector<LeverGroup> groups;
  for (const std::string& n : names) {
    auto g = tuning::parse_lever_group(n);
    if (!g) return std::move(g).error();
    if (std::find(groups.begin(), groups.end(), *g) == groups.end()) groups.push_back(*g);
  }
  if (r.algorithm == "s045") {
    for (LeverGroup g : groups) {
      if (g != LeverGroup::kCola && g != LeverGroup::kMerit && g != LeverGroup::kNewHire) {
        return optimize_flag_error(
            "--levers", tuning::lever_group_name(g),
            "the S045 loop moves cola, merit and new_hire only (tuning.md §4.3)");
      }
    }
  }
  return groups;
}

// Everything the request's text fields say, checked: the one parse that both
// validate_optimize_request and optimize run.
struct ParsedRequest {
  tuning::Objectives objectives;
  std::vector<tuning::BoundOverride> overrides;
  tuning::S045Mode mode;
  tuning::GrowthMetric metric;
  std::vector<LeverGroup> groups;
  tuning::GuardRails rails;
};

Result<ParsedRequest> parse_request(const OptimizeRequest& request) {
  PLANWISE_RETURN_IF_ERROR(check_request(request));
  ParsedRequest out;
  out.objectives.target = request.target;
  out.objectives.tolerance = request.tolerance;
  out.objectives.cost_cap = request.cost_cap;
  PLANWISE_RETURN_IF_ERROR(parse_weights(request.weights, out.objectives));
  auto overrides = parse_bounds(request.bounds);
  if (!overrides) return std::move(overrides).error();
  out.overrides = std::move(overrides).value();
  auto mode = tuning::parse_s045_mode(request.mode);
  if (!mode) return std::move(mode).error();
  out.mode = *mode;
  auto metric = tuning::parse_growth_metric(request.metric);
  if (!metric) return std::move(metric).error();
  out.metric = *metric;
  auto groups = lever_groups(request);
  if (!groups) return std::move(groups).error();
  out.groups = std::move(groups).value();
  out.rails.merit_floor = request.merit_floor.value_or(tuning::kDefaultMeritFloor);
  out.rails.cola_floor = request.cola_floor.value_or(tuning::kDefaultColaFloor);
  out.rails.merit_ordering = request.merit_ordering;
  out.rails.promotion_ranges = request.promotion_ranges;
  return out;
}

}  // namespace

Error optimize_flag_error(const std::string& flag, const std::string& value,
                          const std::string& expected) {
  return Error::invalid_input("command line", 0, flag, "optimize_option", value, expected);
}

Status validate_optimize_request(const OptimizeRequest& request) {
  auto parsed = parse_request(request);
  if (!parsed) return std::move(parsed).error();
  return Status::success();
}

Result<Headline> headline(const InputRequest& base, const std::optional<std::string>& db_path,
                          const std::string& scenario, const std::string& metric_name) {
  const auto started = std::chrono::steady_clock::now();
  auto metric = tuning::parse_growth_metric(metric_name);
  if (!metric) return std::move(metric).error();
  auto loaded = load_scenario_inputs(base, db_path, scenario);
  if (!loaded) return std::move(loaded).error();
  auto space = tuning::LeverSpace::build(loaded->levers, {}, {tuning::LeverGroup::kCola}, {});
  if (!space) return std::move(space).error();
  const tuning::EngineInputs engine_inputs{loaded->config.engine, loaded->seeds, loaded->census};
  tuning::Evaluator evaluator(engine_inputs, *space, *metric, {}, {}, {});
  auto m = evaluator.run(loaded->levers);
  if (!m) return std::move(m).error();
  Headline h;
  h.scenario = scenario;
  h.metric = tuning::growth_metric_name(*metric);
  h.growth = m->growth;
  h.growth_by_year = m->growth_by_year;
  h.total_cost = m->total_cost;
  auto budget = simulate_budget(*loaded, loaded->levers);
  if (!budget) return std::move(budget).error();
  h.budget = std::move(budget).value();
  if (!h.budget.empty()) {
    h.final_headcount = h.budget.back().total.end_headcount;
    h.run_rate_payroll_fye = h.budget.back().total.run_rate_payroll_fye;
  }
  h.elapsed_ms = ms_since(started);
  return h;
}

Result<OptimizeOutcome> optimize(const OptimizeRequest& request,
                                 const OptimizeCallbacks& callbacks) {
  const auto started = std::chrono::steady_clock::now();
  auto parsed = parse_request(request);
  if (!parsed) return std::move(parsed).error();
  const tuning::Objectives& objectives = parsed->objectives;
  const tuning::GrowthMetric metric = parsed->metric;
  const std::vector<LeverGroup>& groups = parsed->groups;

  callbacks.stage("loading inputs");
  auto loaded = load_scenario_inputs(request.inputs, request.db_path, request.scenario);
  if (!loaded) return std::move(loaded).error();
  const LoadedInputs& in = *loaded;
  auto checked =
      check_run_levers(in, "the scenario's levers are invalid, so nothing can be tuned: ");
  if (!checked) return std::move(checked).error();

  // The space: the S045 loop's clamps are its bounds (§4.3); a user's
  // --bounds narrow any variable.
  const tuning::LockedCells locked = scenario_locked_cells(in.lever_rows, request.scenario);
  auto plain = tuning::LeverSpace::build(in.levers, locked, groups, {});
  if (!plain) return std::move(plain).error();
  std::vector<tuning::BoundOverride> bounds;
  if (request.algorithm == "s045") bounds = tuning::s045_bounds(*plain);
  for (const tuning::BoundOverride& o : parsed->overrides) {
    auto same = std::find_if(bounds.begin(), bounds.end(),
                             [&](const auto& b) { return b.variable == o.variable; });
    if (same != bounds.end()) {
      *same = o;
    } else {
      bounds.push_back(o);
    }
  }
  auto space = tuning::LeverSpace::build(in.levers, locked, groups, bounds);
  if (!space) return std::move(space).error();
  // Guard rails narrow the space further (issue 10 item 7).
  const std::vector<tuning::PolicyRange> promotion = tuning::promotion_policy_ranges(in.seeds);
  PLANWISE_RETURN_IF_ERROR(tuning::apply_guard_rails(*space, parsed->rails, promotion));

  tuning::Budget budget;
  const bool nsga2 = request.algorithm == "nsga2";
  budget.max_evaluations =
      request.budget_evaluations.value_or(request.algorithm == "s045" ? request.max_iterations + 2
                                          : nsga2                     ? 1000
                                                                      : 200);
  budget.max_seconds = request.budget_seconds.value_or(600.0);
  std::vector<std::string> names;
  for (const tuning::LeverVariable& v : space->variables()) names.push_back(v.name);
  tuning::TuningCallbacks tc;
  tc.cancelled = callbacks.cancelled;
  if (callbacks.on_evaluation) {
    tc.on_evaluation = [&](const tuning::EvaluationRecord& r) {
      callbacks.on_evaluation({r, budget.max_evaluations, names});
    };
  }
  const tuning::EngineInputs engine_inputs{in.config.engine, in.seeds, in.census};
  tuning::Evaluator evaluator(engine_inputs, *space, metric, objectives, budget, tc);
  auto robustness = robustness_of(request, in.config.engine.random_seed);
  if (!robustness) return std::move(robustness).error();
  evaluator.set_robustness(*robustness);
  if (objectives.weight_cost > 0.0 || objectives.weight_equity > 0.0) {
    // Cost and equity enter the objective relative to the current levers.
    auto base = evaluator.run(space->base());
    if (!base) return std::move(base).error();
    evaluator.set_scales(base->total_cost, base->equity);
  }

  callbacks.stage("optimizing with " + request.algorithm);
  const auto search_started = std::chrono::steady_clock::now();
  tuning::TuningOutcome outcome;
  if (request.algorithm == "s045") {
    outcome = tuning::run_s045(evaluator, {parsed->mode, request.max_iterations});
  } else if (request.algorithm == "secant" || request.algorithm == "brent") {
    tuning::RootFindOptions o;
    o.method =
        request.algorithm == "secant" ? tuning::RootMethod::kSecant : tuning::RootMethod::kBrent;
    o.mix = request.mix;
    o.max_iterations = request.max_iterations;
    outcome = tuning::run_root_find(evaluator, o);
  } else if (nsga2) {
    tuning::Nsga2Options o;
    o.population = request.population;
    outcome = tuning::run_nsga2(evaluator, o);
  } else {
    outcome = tuning::run_nlopt(evaluator, {request.algorithm});
  }
  const double search_ms = ms_since(search_started);
  if (evaluator.engine_error()) return *evaluator.engine_error();
  if (!outcome.best && outcome.status == tuning::TuningStatus::kError) {
    return Error::make(ErrorKind::kInvalidInput, outcome.message);
  }
  if (outcome.best) {
    outcome.guard_rail_violations =
        tuning::guard_rail_violations(outcome.best_levers, *space, parsed->rails, promotion);
    // The search's runs checked the rows of their last year only.
    callbacks.stage("checking the chosen levers with every check of every year");
    PLANWISE_RETURN_IF_ERROR(evaluator.verify(outcome.best_levers));
  }

  apply_chance_status(outcome, evaluator);

  // The analysis at the best point, unless the run was cancelled.
  std::vector<tuning::LeverSensitivity> sensitivity;
  std::optional<tuning::SeedSpread> spread;
  const bool analyse = outcome.best && outcome.status != tuning::TuningStatus::kInterrupted;
  if (analyse && request.sensitivity) {
    callbacks.stage("sensitivity analysis");
    auto s = tuning::lever_sensitivities(engine_inputs, *space, metric, outcome.best->x);
    if (!s) return std::move(s).error();
    sensitivity = std::move(s).value();
  }
  if (analyse && request.spread_seeds > 0) {
    callbacks.stage("seed-to-seed spread over " + std::to_string(request.spread_seeds) + " seeds");
    auto s = tuning::seed_spread(engine_inputs, *space, metric, outcome.best_levers,
                                 in.config.engine.random_seed, request.spread_seeds);
    if (!s) return std::move(s).error();
    spread = std::move(s).value();
  }

  OptimizeOutcome out;
  if (analyse && is_robust(*robustness)) {
    callbacks.stage("the best levers over " +
                    std::to_string(std::max<std::size_t>(1, robustness->seeds.size())) + " seeds");
    auto r = robust_summary(in, outcome.best_levers, *robustness, metric, objectives);
    if (!r) return std::move(r).error();
    outcome.message += "; " + robust_sentence(*r);
    out.robust = std::move(r).value();
  }
  RecordContext context{request, in, *space, evaluator, budget, parsed->rails};
  out.record = build_record(context, outcome, sensitivity, spread);
  out.outcome = std::move(outcome);
  const double elapsed = ms_since(started);
  out.record.run.elapsed_ms = elapsed;
  out.record.run.search_ms = search_ms;
  if (request.db_path) {
    callbacks.stage(request.dry_run ? "recording the proposal" : "recording the run");
    PLANWISE_RETURN_IF_ERROR(store_outcome(context, out));
  } else {
    PLANWISE_RETURN_IF_ERROR(propose_changes(context, out));
  }
  out.summary = summarize_record(out.record);
  return out;
}

}  // namespace planwise::app
