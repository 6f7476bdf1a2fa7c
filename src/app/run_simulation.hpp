// The "run a simulation" use case, written once for the CLI and the server:
// load and validate inputs, simulate, store the run in one transaction,
// export tables, report progress per year, honour cancellation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/cell_edit.hpp"
#include "app/inputs.hpp"
#include "app/run_target.hpp"
#include "common/result.hpp"
#include "engine/simulate.hpp"

namespace planwise::app {

enum class ExportFormat { kCsv, kParquet };

struct SimulateRequest {
  InputRequest inputs;
  std::optional<std::string> db_path;  // nullopt: nothing is stored (--no-db)
  std::optional<std::filesystem::path> export_dir;
  ExportFormat export_format = ExportFormat::kCsv;
  std::string command;                // the command line, recorded with the run
  std::string actor = "analyst";      // for the run's audit entry
  std::optional<std::string> run_id;  // chosen by the caller (a server job); else a new one
  // Lever values for this run only, over the scenario's stored levers (the
  // dashboard's "run with these edits"); not saved. Needs the lever store
  // (db_path, no levers file).
  std::vector<CellEdit> lever_overrides;
  // Issue 10 item 6: a run past the last lever year carries that year's
  // effective values forward only when asked; otherwise it is refused.
  bool extend_levers = false;
  // The growth target recorded with the run; nullopt: run_target_for_scenario.
  std::optional<RunTarget> target;
  // Issue 13 item 3: kFinal re-derives only the last year's rows; allowed
  // only when nothing is stored or exported (a kept run is fully checked).
  // nullopt: the use case's default (kFull for one run, kFinal for seeds).
  std::optional<engine::ChecksLevel> checks;
};

struct YearProgress {
  int year;
  int start_year;
  int end_year;
  const engine::YearSummary& summary;
  double year_ms;
};

struct RunCallbacks {
  std::function<void(const std::string& stage)> on_stage;  // "loading inputs", "writing run", ...
  std::function<void(const YearProgress&)> on_year;
  std::function<bool()> cancelled;  // polled between years

  void stage(const std::string& text) const {
    if (on_stage) on_stage(text);
  }
};

struct SimulateOutcome {
  std::optional<std::string> run_id;  // set when the run was stored
  std::string scenario;
  std::uint64_t seed = 0;
  int start_year = 0;
  int end_year = 0;
  engine::SimulationResult result;
  engine::ValidationItems warnings;  // load-time warnings and WARN checks
  std::vector<std::filesystem::path> exported;
  InputHashes hashes;
  // Issue 10 item 6: what the run recorded beyond its inputs.
  std::vector<CellEdit> lever_overrides;  // a what-if run's cells (empty: stored levers)
  std::vector<int> carried_lever_years;
  RunTarget target;
  double load_ms = 0.0;
  double simulate_ms = 0.0;
  double total_ms = 0.0;
};

Result<SimulateOutcome> run_simulation(const SimulateRequest& request,
                                       const RunCallbacks& callbacks);

// The checks run_simulation makes before simulating that a queued run
// should fail at once (the server answers 400): the target, the override
// cells, and a run past the last lever year without extend_levers.
Status validate_simulate_request(const SimulateRequest& request);

// "run_YYYYMMDDTHHMMSSZ_xxxxxx": sortable by time, unique across processes.
std::string new_run_id();
// The same for an optimization: "opt_YYYYMMDDTHHMMSSZ_xxxxxx".
std::string new_optimization_id();

}  // namespace planwise::app
