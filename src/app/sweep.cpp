#include "app/sweep.hpp"

#include <chrono>
#include <cmath>

#include "app/scenario_inputs.hpp"
#include "common/elapsed.hpp"
#include "common/number_text.hpp"

namespace planwise::app {

Result<std::vector<tuning::SweepAxis>> parse_sweep_axes(const std::vector<std::string>& texts) {
  std::vector<tuning::SweepAxis> axes;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto axis = tuning::parse_sweep_axis(texts[i], "sweep[" + std::to_string(i) + "]");
    if (!axis) return std::move(axis).error();
    axes.push_back(std::move(axis).value());
  }
  return axes;
}

Result<SweepOutcome> run_lever_sweep(const SweepRequest& request, const RunCallbacks& callbacks) {
  if (request.seeds.empty()) {
    return Error::invalid_input("request", 0, "seeds", "seed_count", "0",
                                "seeds / --seeds: a sweep runs each grid point over 1 or more "
                                "seeds");
  }
  if (request.threads < 0) {
    return Error::invalid_input("request", 0, "threads", "threads_non_negative",
                                std::to_string(request.threads),
                                "threads / --threads must be 0 (every core) or more");
  }
  callbacks.stage("loading inputs");
  auto setup = load_config_and_seeds(request.inputs);
  if (!setup) return std::move(setup).error();
  const std::string scenario =
      request.scenario.empty() ? setup->config.engine.scenario_id : request.scenario;
  InputRequest inputs = request.inputs;
  inputs.seed.reset();
  auto loaded = load_scenario_inputs(inputs, request.db_path, scenario);
  if (!loaded) return std::move(loaded).error();
  const LoadedInputs& in = *loaded;
  auto checked = check_run_levers(in, "the scenario's levers are invalid, so nothing is swept: ");
  if (!checked) return std::move(checked).error();

  SweepOutcome out;
  out.scenario = scenario;
  auto target = requested_or_stored_target(request.target, request.db_path, scenario);
  if (!target) return std::move(target).error();
  out.target = std::move(target).value();
  auto metric = ensemble::parse_headline_metric(out.target.metric, "target.metric");
  if (!metric) return std::move(metric).error();

  tuning::SweepOptions options;
  options.headline = *metric;
  options.target = {out.target.growth, out.target.tolerance};
  options.threads = request.threads;
  options.cancelled = callbacks.cancelled;
  const tuning::LockedCells locked = scenario_locked_cells(in.lever_rows, scenario);
  const ensemble::EnsembleInputs engine_inputs{in.config.engine, in.seeds, in.levers, in.census};
  callbacks.stage("sweeping " + std::to_string(request.axes.size()) + " levers over " +
                  std::to_string(request.seeds.size()) + " seeds");
  const auto started = std::chrono::steady_clock::now();
  auto sweep = tuning::run_sweep(engine_inputs, locked, request.axes, request.seeds, options);
  if (!sweep) return std::move(sweep).error();
  out.sweep = std::move(sweep).value();
  out.simulate_ms = ms_since(started);
  return out;
}

std::string sweep_csv(const SweepOutcome& outcome) {
  const tuning::Sweep& s = outcome.sweep;
  std::string out;
  for (const tuning::SweepAxis& axis : s.axes) out += axis.lever + ",";
  out +=
      "n,headline_mean,headline_p10,headline_p50,headline_p90,p_in_target,total_cost_mean,"
      "total_cost_p10,total_cost_p90,adjusted\n";
  for (const tuning::SweepPoint& p : s.points) {
    for (double x : p.x) out += shortest_text(x) + ",";
    out += std::to_string(p.headline.n) + "," + shortest_text_or_blank(p.headline.mean) + "," +
           shortest_text_or_blank(p.headline.p10) + "," + shortest_text_or_blank(p.headline.p50) +
           "," + shortest_text_or_blank(p.headline.p90) + "," +
           shortest_text_or_blank(p.p_in_target) + "," + shortest_text_or_blank(p.total_cost.mean) +
           "," + shortest_text_or_blank(p.total_cost.p10) + "," +
           shortest_text_or_blank(p.total_cost.p90) + "," + (p.adjusted ? "true" : "false") + "\n";
  }
  return out;
}

}  // namespace planwise::app
