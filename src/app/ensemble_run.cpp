#include "app/ensemble_run.hpp"

#include <chrono>
#include <cmath>
#include <memory>

#include "app/ensemble_record.hpp"
#include "app/lever_workspace.hpp"
#include "app/run_levers.hpp"
#include "app/run_manifest.hpp"
#include "common/elapsed.hpp"
#include "common/number_text.hpp"
#include "ensemble/runner.hpp"
#include "ensemble/seed_list.hpp"
#include "store/ensemble_tables.hpp"
#include "store/run_store.hpp"

namespace planwise::app {

namespace {

using Clock = std::chrono::steady_clock;

Error bad(const std::string& field, const std::string& rule, const std::string& value,
          const std::string& message) {
  return Error::invalid_input("request", 0, field, rule, value, message);
}

bool has_seed(const std::vector<std::uint64_t>& seeds, std::uint64_t seed) {
  for (std::uint64_t s : seeds) {
    if (s == seed) return true;
  }
  return false;
}

// The kept seed as a full stored run, through the single-run use case.
Result<std::optional<std::string>> keep_seed_run(const EnsembleRequest& request,
                                                 const RunTarget& target,
                                                 const RunCallbacks& callbacks) {
  SimulateRequest run;
  run.inputs = request.inputs;
  run.inputs.seed = *request.keep_rows_seed;
  run.db_path = request.db_path;
  run.command = request.command;
  run.actor = request.actor;
  run.lever_overrides = request.lever_overrides;
  run.extend_levers = request.extend_levers;
  run.target = target;
  RunCallbacks quiet;
  quiet.cancelled = callbacks.cancelled;
  auto kept = run_simulation(run, quiet);
  if (!kept) return std::move(kept).error();
  return kept->run_id;
}

}  // namespace

std::string new_ensemble_id() {
  return "ens" + new_run_id().substr(3);
}

Status validate_ensemble_request(const EnsembleRequest& request) {
  const std::size_t n = request.seeds.size();
  if (n < 1 || n > static_cast<std::size_t>(ensemble::kMaxSeeds)) {
    return bad("seeds", "seed_count", std::to_string(n),
               "seeds / --seeds: an ensemble runs 1 to " + std::to_string(ensemble::kMaxSeeds) +
                   " seeds, not " + std::to_string(n));
  }
  if (request.keep_rows_seed) {
    const std::string seed = std::to_string(*request.keep_rows_seed);
    if (!has_seed(request.seeds, *request.keep_rows_seed)) {
      return bad("keep_rows_seed", "keep_rows_in_seeds", seed,
                 "keep_rows_seed / --keep-rows " + seed + " is not one of the ensemble's seeds (" +
                     ensemble::seed_list_text(request.seeds) + ")");
    }
    if (!request.db_path) {
      return bad("keep_rows_seed", "keep_rows_needs_store", seed,
                 "keep_rows_seed / --keep-rows stores a full run, which needs the run store "
                 "(drop --no-db)");
    }
  }
  if (request.budget && (!std::isfinite(*request.budget) || *request.budget <= 0.0)) {
    return bad("budget", "budget_positive", shortest_text(*request.budget),
               "budget / --budget must be a positive number of dollars (total cost over the "
               "years)");
  }
  if (request.threads < 0) {
    return bad("threads", "threads_non_negative", std::to_string(request.threads),
               "threads / --threads must be 0 (every core) or more");
  }
  if (request.target) PLANWISE_RETURN_IF_ERROR(check_run_target(*request.target));
  return Status::success();
}

Result<std::vector<std::uint64_t>> resolve_seed_list(const InputRequest& inputs,
                                                     const std::optional<std::string>& seeds,
                                                     const std::optional<std::string>& seed_list,
                                                     std::string_view seeds_field,
                                                     std::string_view list_field) {
  if (seeds && seed_list) {
    return bad(std::string(seeds_field), "one_seed_source", *seeds,
               std::string(seeds_field) + " and " + std::string(list_field) +
                   " both choose the seeds: give one of them");
  }
  if (seed_list) return ensemble::parse_seed_list(*seed_list, list_field);
  if (!seeds) {
    return bad(std::string(seeds_field), "seeds_required", "",
               std::string(seeds_field) + " or " + std::string(list_field) + " is required");
  }
  auto setup = load_config_and_seeds(inputs);
  if (!setup) return std::move(setup).error();
  return ensemble::parse_seed_count_or_range(*seeds, setup->config.engine.random_seed, seeds_field);
}

Result<EnsembleOutcome> run_ensemble(const EnsembleRequest& request,
                                     const RunCallbacks& callbacks) {
  const Clock::time_point start = Clock::now();
  const std::string started_at = utc_now_iso();
  PLANWISE_RETURN_IF_ERROR(validate_ensemble_request(request));
  callbacks.stage("loading inputs");
  InputRequest inputs = request.inputs;
  inputs.seed.reset();  // the seed list rules
  auto run_levers =
      prepare_run_levers(inputs, {request.db_path, request.lever_overrides, request.extend_levers});
  if (!run_levers) return std::move(run_levers).error();
  auto loaded = load_inputs(inputs);
  if (!loaded) return std::move(loaded).error();
  LoadedInputs& in = *loaded;
  in.warnings.insert(in.warnings.end(), run_levers->warnings.begin(), run_levers->warnings.end());
  PLANWISE_RETURN_IF_ERROR(check_and_keep_run_levers(in, "the ensemble is refused: "));
  const engine::EngineConfig& cfg = in.config.engine;

  EnsembleOutcome out;
  out.scenario = cfg.scenario_id;
  out.start_year = cfg.start_year;
  out.end_year = cfg.end_year;
  out.hashes = in.hashes;
  out.warnings = in.warnings;
  std::unique_ptr<LeverWorkspace> workspace;
  if (request.db_path) {
    callbacks.stage("opening run store " + *request.db_path);
    auto opened = LeverWorkspace::open(inputs, *request.db_path);
    if (!opened) return std::move(opened).error();
    workspace = std::move(opened).value();
  }
  if (request.target) {
    out.target = *request.target;
  } else {
    auto target = run_target_for_scenario(workspace ? &workspace->db() : nullptr, cfg.scenario_id);
    if (!target) return std::move(target).error();
    out.target = std::move(target).value();
  }
  auto metric = ensemble::parse_headline_metric(out.target.metric, "target.metric");
  if (!metric) return std::move(metric).error();
  out.load_ms = ms_since(start);

  const ensemble::EnsembleInputs engine_inputs{cfg, in.seeds, in.levers, in.census};
  ensemble::RunnerOptions runner;
  runner.headline = *metric;
  runner.threads = request.threads;
  runner.cancelled = callbacks.cancelled;
  runner.checks = request.checks;
  callbacks.stage("simulating " + std::to_string(request.seeds.size()) +
                  (request.seeds.size() == 1 ? " seed" : " seeds"));
  const Clock::time_point sim_start = Clock::now();
  auto per_seed = ensemble::run_seeds(engine_inputs, request.seeds, runner);
  if (!per_seed) return std::move(per_seed).error();
  out.per_seed = std::move(per_seed).value();
  out.summary = ensemble::summarize(out.per_seed, *metric,
                                    {out.target.growth, out.target.tolerance}, request.budget);
  if (request.attribute) {
    callbacks.stage("attributing variance");
    auto attribution =
        ensemble::attribute_variance(engine_inputs, request.seeds, runner, {}, &out.per_seed);
    if (!attribution) return std::move(attribution).error();
    out.attribution = std::move(attribution).value();
  }
  out.simulate_ms = ms_since(sim_start);

  if (request.keep_rows_seed) {
    callbacks.stage("keeping seed " + std::to_string(*request.keep_rows_seed) + " as a full run");
    auto kept = keep_seed_run(request, out.target, callbacks);
    if (!kept) return std::move(kept).error();
    out.kept_run_id = std::move(kept).value();
  }
  if (workspace) {
    const std::string id = new_ensemble_id();
    callbacks.stage("writing ensemble " + id);
    Status written =
        store::insert_ensemble(workspace->db(), ensemble_record(request, out, id, started_at));
    if (!written.ok()) {
      // The kept seed's run was stored first, in its own transaction; an
      // ensemble that could not be written takes it back, so a failure
      // leaves neither behind.
      if (out.kept_run_id) (void)store::delete_run(workspace->db(), *out.kept_run_id);
      return written.error();
    }
    out.ensemble_id = id;
  }
  out.total_ms = ms_since(start);
  return out;
}

}  // namespace planwise::app
