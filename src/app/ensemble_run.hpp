// Issue 12 items 1 and 4: the "run an ensemble" use case, written once for
// the CLI and the server: load and check inputs as a run does, simulate the
// seed list over all cores (aggregates only), optionally keep one seed as a
// full stored run and attribute the headline's variance, then store the
// ensemble (tables ensembles, ensemble_seed_metrics, ensemble_bands,
// ensemble_attribution) in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/cell_edit.hpp"
#include "app/inputs.hpp"
#include "app/run_simulation.hpp"
#include "app/run_target.hpp"
#include "common/result.hpp"
#include "ensemble/attribution.hpp"
#include "ensemble/ensemble_summary.hpp"

namespace planwise::app {

struct EnsembleRequest {
  InputRequest inputs;                 // inputs.seed is ignored: `seeds` rule
  std::optional<std::string> db_path;  // nullopt: nothing is stored (--no-db)
  std::vector<std::uint64_t> seeds;    // ensemble::parse_seed_*; 1..kMaxSeeds of them
  // Keep this seed (one of `seeds`) as a full run: stored like `simulate`
  // stores one (run id in the outcome). Needs db_path.
  std::optional<std::uint64_t> keep_rows_seed;
  std::optional<double> budget;           // P(total cost over the years > budget)
  bool attribute = false;                 // variance attribution (6 x the simulations)
  int threads = 0;                        // 0: every core; results do not depend on it
  std::vector<CellEdit> lever_overrides;  // as SimulateRequest
  bool extend_levers = false;
  std::optional<RunTarget> target;  // nullopt: run_target_for_scenario
  std::string command;
  std::string actor = "analyst";
  // Issue 13 item 3: the seeds' checks (the kept seed is always re-run fully).
  engine::ChecksLevel checks = engine::ChecksLevel::kFinal;
};

struct EnsembleOutcome {
  std::optional<std::string> ensemble_id;  // "ens_YYYYMMDDTHHMMSSZ_xxxxxx" when stored
  std::optional<std::string> kept_run_id;
  std::string scenario;
  int start_year = 0;
  int end_year = 0;
  RunTarget target;
  std::vector<ensemble::SeedOutcome> per_seed;  // in seed-list order
  ensemble::EnsembleSummary summary;
  std::optional<ensemble::Attribution> attribution;
  InputHashes hashes;
  engine::ValidationItems warnings;  // load-time warnings (once, not per seed)
  double load_ms = 0.0;
  double simulate_ms = 0.0;
  double total_ms = 0.0;
};

// Progress: on_stage ("loading inputs", "simulating 25 seeds", "attributing
// variance", "writing ensemble") and cancelled (polled between seeds); the
// per-year on_year callback is not used.
Result<EnsembleOutcome> run_ensemble(const EnsembleRequest& request, const RunCallbacks& callbacks);

// The checks run_ensemble makes before loading anything (a queued job
// fails at once): the seed count, keep_rows_seed among the seeds and with a
// store, the budget, threads and target. Errors name the request field and
// the command-line flag ("keep_rows_seed / --keep-rows").
Status validate_ensemble_request(const EnsembleRequest& request);

// The seed list of `--seeds N|A..B` or `--seed-list 1,5,9` (exactly one of
// them set): N seeds count up from the configuration's random_seed (with
// the request's overrides). Errors name `seeds_field` or `list_field`.
Result<std::vector<std::uint64_t>> resolve_seed_list(const InputRequest& inputs,
                                                     const std::optional<std::string>& seeds,
                                                     const std::optional<std::string>& seed_list,
                                                     std::string_view seeds_field,
                                                     std::string_view list_field);

// "ens_YYYYMMDDTHHMMSSZ_xxxxxx".
std::string new_ensemble_id();

}  // namespace planwise::app
